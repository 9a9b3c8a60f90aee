"""``lrmonitor install-desktop``: the launcher, icon, metainfo and session file type, for the current user.

A pip install puts a ``lrmonitor`` command in a virtual environment, which the desktop knows
nothing of: no menu entry, no icon, and a double-clicked ``.lrmon`` file opens nothing. This
copies the desktop files (:mod:`lrmonitor.desktop`) into the user's data folder
(``$XDG_DATA_HOME``, by default ``~/.local/share``), the place freedesktop.org desktops (GNOME,
KDE, Xfce, …) read for one user, with no root rights needed:

=====================================================  =========================================
``applications/<APP_ID>.desktop``                      the menu entry; ``Exec`` is the absolute
                                                       command this was run with, so it works
                                                       from a virtual environment not on PATH
``metainfo/<APP_ID>.metainfo.xml``                     what software centres show
``mime/packages/<APP_ID>.xml``                         the ``.lrmon`` file type
``icons/hicolor/<size>/apps/<APP_ID>.{png,svg}``       the icon at every size
=====================================================  =========================================

then asks the desktop's own tools to refresh their caches (``update-mime-database``, so the file
type is known; ``update-desktop-database``, so a double-click opens lrmonitor; the GTK icon
cache if one is there). A missing tool is not an error: the change is then picked up at the next
login, and the report says so.

What was written is listed in ``<data>/lrmonitor/desktop-files.txt``; ``--uninstall`` removes
exactly those files (nothing another program put there) and refreshes the caches again.
Folders that were made stay (other programs share them). The files are written atomically and
together: if one cannot be written, none is put in place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..core.files.atomic import together, write_bytes_atomic, write_text_atomic
from . import APP_ID, DATA, ICON_SIZES, icon_png, icon_svg

MANIFEST = Path("lrmonitor") / "desktop-files.txt"  # relative to the data folder
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")  # Desktop Entry spec: an argument with one of these is quoted


@dataclass
class Report:
    """What an install or uninstall did: files written or removed, and notes for the user."""

    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def user_data_home() -> Path:
    """``$XDG_DATA_HOME`` if it is an absolute path (the spec ignores a relative one), else ``~/.local/share``."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """The command that starts this lrmonitor: the bundle's executable, the ``lrmonitor`` script
    this runs from, or ``python -m lrmonitor`` with this interpreter."""
    if getattr(sys, "frozen", False):
        return [os.path.abspath(sys.executable)]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name.startswith("lrmonitor") and script.is_file() and script.suffix != ".py":
        return [str(script.resolve())]
    return [os.path.abspath(sys.executable), "-m", "lrmonitor"]


def exec_value(command: list[str]) -> str:
    """The .desktop ``Exec`` value running ``command`` with ``open %f``, quoted and escaped as the
    Desktop Entry spec asks (an argument with a space in double quotes; then the string escapes)."""
    quoted = []
    for arg in command:
        _one_line(arg)
        if any(ch in _RESERVED for ch in arg):
            arg = '"' + "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg) + '"'
        quoted.append(arg.replace("%", "%%"))
    return _escaped(" ".join(quoted)) + " open %f"


def desktop_entry(command: list[str]) -> str:
    """The packaged .desktop file with ``Exec`` set to ``command``, and ``TryExec`` to its program
    (the menu entry hides itself if that is gone, e.g. its virtual environment was deleted)."""
    lines = []
    for line in (DATA / f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            lines.append("Exec=" + exec_value(command))
            lines.append("TryExec=" + _escaped(_one_line(command[0])))
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _one_line(arg: str) -> str:
    if "\n" in arg or "\r" in arg:
        raise ValueError(f"the command {arg!r} has a line break: a .desktop file cannot run it")
    return arg


def _escaped(value: str) -> str:
    """A .desktop string value: a backslash is written as two."""
    return value.replace("\\", "\\\\")


def planned(command: list[str]) -> dict[Path, bytes]:
    """Every file to write, relative to the data folder, with its bytes."""
    files = {
        Path("applications") / f"{APP_ID}.desktop": desktop_entry(command).encode(),
        Path("metainfo") / f"{APP_ID}.metainfo.xml": (DATA / f"{APP_ID}.metainfo.xml").read_bytes(),
        Path("mime") / "packages" / f"{APP_ID}.xml": (DATA / f"{APP_ID}.xml").read_bytes(),
    }
    for path in [icon_svg(), *(icon_png(size) for size in ICON_SIZES)]:
        files[path.relative_to(DATA)] = path.read_bytes()
    return files


def install(data_home: Path | None = None, command: list[str] | None = None) -> Report:
    """Install the desktop files under ``data_home`` (default :func:`user_data_home`) running ``command``."""
    data_home = data_home or user_data_home()
    report = Report()
    with together():  # all the files and the manifest, or (a write failed) none of them
        for relative, content in planned(command or launch_command()).items():
            target = data_home / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(target, content)
            report.files.append(target)
        listed = sorted({*_listed(data_home), *(str(p.relative_to(data_home)) for p in report.files)})
        (data_home / MANIFEST).parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(data_home / MANIFEST, "".join(f"{name}\n" for name in listed))
    _refresh(data_home, report)
    return report


def uninstall(data_home: Path | None = None) -> Report:
    """Remove what :func:`install` wrote under ``data_home`` (listed in its manifest) and refresh the caches."""
    data_home = data_home or user_data_home()
    report = Report()
    listed = _listed(data_home)
    if not listed and not (data_home / MANIFEST).exists():
        report.notes.append(f"nothing to remove: lrmonitor's desktop files are not installed under {data_home}")
        return report
    for name in listed:
        target = data_home / name
        if target.is_file() or target.is_symlink():
            target.unlink()
            report.files.append(target)
    (data_home / MANIFEST).unlink(missing_ok=True)
    _refresh(data_home, report)
    return report


def _listed(data_home: Path) -> list[str]:
    """The manifest's paths that are inside ``data_home`` (a hand-edited '../x' line is ignored, never removed)."""
    try:
        lines = (data_home / MANIFEST).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    safe = []
    for line in lines:
        name = Path(line.strip())
        if line.strip() and not name.is_absolute() and ".." not in name.parts:
            safe.append(str(name))
    return safe


def _refresh(data_home: Path, report: Report) -> None:
    """Ask the desktop's tools to re-read what changed; a missing or failing tool is a note, not an error."""
    hicolor = data_home / "icons" / "hicolor"
    if hicolor.is_dir():
        os.utime(hicolor)  # icon themes without a cache notice new icons by the folder's time
    steps = [
        ("update-mime-database", [str(data_home / "mime")], "the .lrmon file type"),
        ("update-desktop-database", [str(data_home / "applications")], "opening .lrmon files by double-click"),
    ]
    if (hicolor / "icon-theme.cache").exists():  # a stale cache hides new icons
        steps.append(("gtk-update-icon-cache", ["--force", "--ignore-theme-index", "--quiet", str(hicolor)],
                      "the icon"))
    for tool, args, what in steps:
        found = shutil.which(tool)
        if found is None:
            report.notes.append(f"{tool} not found: {what} takes effect at the next login")
            continue
        done = subprocess.run([found, *args], capture_output=True, text=True)
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
            report.notes.append(f"{tool} failed ({reason}): {what} takes effect at the next login")
