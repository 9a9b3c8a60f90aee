"""``python -m lrmonitor`` is the same as the ``lrmonitor`` command."""

import sys

from .cli import main

if __name__ == "__main__":  # the worker process re-imports this module: it must not start the app again
    sys.exit(main())
