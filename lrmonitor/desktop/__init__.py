"""lrmonitor on the desktop: its application id, icon, launcher, AppStream metainfo and session file type.

The files are package data (``data/``) because two things need them at run time, in a pip
install and in the standalone bundle alike: the window's icon, and ``lrmonitor install-desktop``,
which puts them where a Linux desktop looks for the current user (:mod:`.install`). Packagers
(Flatpak, distributions) take the same files from ``packaging/linux/``, which links here.

Qt-free, like the core: installing a launcher must not need a screen.
"""

from __future__ import annotations

from pathlib import Path

# Reverse DNS, as the desktop (Wayland's app_id, the .desktop file's name), AppStream and Flatpak
# want it. It names the project's GitHub home (io.github.<owner>.<name>); every file in data/ is
# named after it, so changing it means renaming them too (tests/test_desktop_files.py checks).
APP_ID = "io.github.lrmonitor.lrmonitor"
MIME_TYPE = "application/x-lrmonitor-session"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # the hicolor sizes the PNGs are rendered at

DATA = Path(__file__).resolve().parent / "data"


def icon_svg() -> Path:
    """The scalable icon."""
    return DATA / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


def icon_png(size: int) -> Path:
    """The icon rendered at ``size``×``size`` pixels (one of :data:`ICON_SIZES`)."""
    return DATA / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
