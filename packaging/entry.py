"""The standalone bundle's entry point (PyInstaller runs this file as ``__main__``).

``multiprocessing.freeze_support()`` must come first: lrmonitor trains in a worker process
started with the *spawn* method, and in a frozen app ``sys.executable`` is this bundle's own
executable, so the worker (and multiprocessing's resource tracker, which frees the shared
memory) start as this same program with ``--multiprocessing-fork`` (or ``-c ...``) arguments.
PyInstaller's multiprocessing hook makes ``freeze_support()`` run them and exit, on Linux and
macOS too, before lrmonitor's own command line would refuse the unknown arguments. Everything
else is ``lrmonitor.cli.main``, exactly as the ``lrmonitor`` command of a pip install. On Windows the
windowed ``lrmonitor-gui.exe`` runs this file too, with no console (see the spec).
"""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    # Windows' windowed lrmonitor-gui.exe has no console: Python's sys.stdout and sys.stderr are None
    # there, and a write to them (a warning, a message of the command line) would raise. Discard it.
    for stream in ("stdout", "stderr"):
        if getattr(sys, stream) is None:
            setattr(sys, stream, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (for the whole run)
    multiprocessing.freeze_support()
    from lrmonitor.cli import main

    sys.exit(main())
