"""``python -m lrmonitor`` is the same as the ``lrmonitor`` command."""

import sys

from .cli import main

sys.exit(main())
