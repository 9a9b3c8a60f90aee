"""Render the icon's PNG sizes from its SVG: ``python packaging/linux/render_icons.py``.

Run it after changing ``lrmonitor/desktop/data/icons/hicolor/scalable/apps/<APP_ID>.svg``, and
commit the PNGs. They are committed rather than rendered at install time so that neither
``lrmonitor install-desktop`` nor the window needs an SVG renderer (a desktop without Qt's SVG
plugin still shows the icon), and every install shows the same pixels. Rendered with librsvg's
``rsvg-convert`` (``apt-get install librsvg2-bin``), the renderer the Linux desktops use for
their own icons.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's lrmonitor, installed or not
from lrmonitor.desktop import ICON_SIZES, icon_png, icon_svg


def main() -> int:
    tool = shutil.which("rsvg-convert")
    if tool is None:
        print("render_icons: rsvg-convert not found: install librsvg2-bin (Debian/Ubuntu) or librsvg2-tools "
              "(Fedora)", file=sys.stderr)
        return 1
    for size in ICON_SIZES:
        out = icon_png(size)
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([tool, "--width", str(size), "--height", str(size), "--output", str(out), str(icon_svg())],
                       check=True)
        print(f"render_icons: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
