"""Command line: ``lrmonitor run``, ``replay`` and ``compare`` run the core headless.

``lrmonitor`` with no arguments opens the window; ``lrmonitor FILE.lrmon`` (or ``open FILE``)
opens it with that session. Exit codes: 0 done, 2 bad input,
3 diverged (outputs are still written up to the diverging step). Bad input gets one line
on stderr naming the value and what is allowed; no traceback, no half-written file.
"""

from __future__ import annotations

import os

# One BLAS thread, set before numpy loads: lrmonitor's matrices are tiny, and a second BLAS
# thread that spins for a core something else is using made training 2.4x slower (measured:
# 15.7k -> 6.5k steps/s on the mlp with the other core busy; 15.4k with one thread).
# Written out, not looped: ruff (E402) accepts os.environ calls before imports, not a loop.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import sys
from collections.abc import Sequence

from .arguments import EXIT_BAD_INPUT, PROG, BadInputError, build_parser, open_shortcut, shorten_values
from .commands import cmd_replay, cmd_run
from .compare import cmd_compare
from .lessons import lesson_command

__all__ = ["BadInputError", "build_parser", "main"]


def cmd_gui(session_file: str | None, smoke_png: str | None = None) -> int:
    from ..qt.app import run_app  # Qt is imported only when the window is wanted

    return run_app(session_file, smoke_png=smoke_png)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(open_shortcut(argv, parser.command_names))
        if args.command == "run":
            return cmd_run(args)
        if args.command == "replay":
            return cmd_replay(args)
        if args.command == "compare":
            return cmd_compare(args)
        if lesson_command(args.command) is not None:
            return lesson_command(args.command)(args)
        if args.command == "install-desktop":
            from .desktop import cmd_install_desktop

            return cmd_install_desktop(args)
        if args.command == "watch":
            from .watch import cmd_watch

            return cmd_watch(args)
        if args.command == "open":
            return cmd_gui(args.session_file, args.smoke_png)
        return cmd_gui(None)
    except BadInputError as err:
        print(f"{PROG}: error: {shorten_values(str(err))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except OSError as err:  # e.g. the disk filled up while writing an output: every output is left as it was
        name = f"'{shorten_values(str(err.filename))}'" if err.filename else "an output"
        print(f"{PROG}: error: {name} could not be written: {err.strerror or err}; no output was written",
              file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
