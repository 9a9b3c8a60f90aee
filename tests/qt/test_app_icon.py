"""The window's icon and desktop identity (the taskbar, the About box and Wayland use them)."""

import os
import subprocess
import sys

from PySide6 import QtCore

from lrmonitor.desktop import APP_ID, ICON_SIZES
from lrmonitor.qt.app import app_icon


def test_the_icon_has_every_rendered_size_and_draws(qapp):
    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= set(ICON_SIZES)
    image = icon.pixmap(QtCore.QSize(48, 48)).toImage()
    assert (image.width(), image.height()) == (48, 48)
    centre = image.pixelColor(24, 24)
    corner = image.pixelColor(0, 0)
    assert corner.alpha() == 0 and centre.alpha() == 255  # a rounded tile, not a blank or missing picture


def test_the_application_names_its_launcher_and_icon():
    """In a fresh interpreter: make_app sets the process-wide application (a second one aborts)."""
    code = ("import sys; from lrmonitor.qt.app import make_app; app = make_app();"
            "print(app.desktopFileName(), app.windowIcon().isNull(), app.applicationName())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.split() == [APP_ID, "False", "lrmonitor"], out.stderr
