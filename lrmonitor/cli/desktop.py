"""``lrmonitor install-desktop [--uninstall]``: the menu entry, icon and session file type for this user.

The command line's side of :mod:`lrmonitor.desktop.install`: options, one line per file, and
errors as one sentence (exit code 2) like every other command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .arguments import PROG, BadInputError


def add_desktop_parser(commands) -> None:
    desktop = commands.add_parser(
        "install-desktop",
        help="add lrmonitor to this user's desktop menu and open .lrmon files with it (Linux)",
        description="Install lrmonitor's menu entry, icon, AppStream metainfo and the .lrmon session file type "
        "for the current user (freedesktop.org desktops: GNOME, KDE, Xfce, ...), so that lrmonitor appears "
        "in the menu and a double-clicked .lrmon file opens in it. The menu entry runs this same lrmonitor "
        "(its absolute path). No root rights needed; --uninstall removes exactly the files installed.",
    )
    desktop.add_argument("--uninstall", action="store_true", help="remove the files a previous install-desktop wrote")
    desktop.add_argument("--data-dir", metavar="DIR", type=Path,
                         help="the data folder to install into (default: $XDG_DATA_HOME, or ~/.local/share)")


def cmd_install_desktop(args: argparse.Namespace) -> int:
    from ..desktop.install import install, uninstall  # only this command needs it

    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        raise BadInputError(f"install-desktop is for Linux and other freedesktop.org desktops, not {sys.platform}: "
                            "the Windows installer and the macOS app add lrmonitor to the menu themselves")
    data_dir = args.data_dir.absolute() if args.data_dir else None
    if data_dir is not None and data_dir.exists() and not data_dir.is_dir():
        raise BadInputError(f"--data-dir '{args.data_dir}' is a file: give a folder")
    try:
        report = uninstall(data_dir) if args.uninstall else install(data_dir)
    except ValueError as err:
        raise BadInputError(str(err)) from None
    if report.files:
        verb = "removed" if args.uninstall else "installed"
        print(f"{PROG}: {verb} {len(report.files)} desktop files:")
        for path in report.files:
            print(f"  {path}")
        if not args.uninstall:
            entry = next(p for p in report.files if p.suffix == ".desktop")
            exec_line = next(line for line in entry.read_text(encoding="utf-8").splitlines()
                             if line.startswith("Exec="))
            print(f"{PROG}: the menu entry runs: {exec_line.removeprefix('Exec=')}")
    for note in report.notes:
        print(f"{PROG}: note: {note}", file=sys.stderr)
    return 0
