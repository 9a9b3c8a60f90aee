"""The lesson's pictures on the command line: ``sweep``, ``lrfind`` and ``path`` (issue 9).

Kept in one place so registering them touches the shared parser and dispatcher by two lines each.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_lesson_parsers(commands, add_run_setup, size_type) -> None:
    """Add the three subcommands; ``add_run_setup``/``size_type`` are the parser's shared helpers."""
    from .path import add_path_parser
    from .range_test import add_lrfind_parser
    from .sweep import add_sweep_parser

    add_sweep_parser(commands, add_run_setup, size_type)
    add_lrfind_parser(commands, add_run_setup, size_type)
    add_path_parser(commands, add_run_setup, size_type)


def lesson_command(name: str | None) -> Callable[[argparse.Namespace], int] | None:
    """The function running subcommand ``name``, or None if it is not one of these."""
    if name == "sweep":
        from .sweep import cmd_sweep

        return cmd_sweep
    if name == "lrfind":
        from .range_test import cmd_lrfind

        return cmd_lrfind
    if name == "path":
        from .path import cmd_path

        return cmd_path
    return None
