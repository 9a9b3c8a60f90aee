"""Make the README screenshot from the real app: a default run, decayed where the guide says.

Run under a virtual screen so the window is a real X11 window:

    xvfb-run -a -s "-screen 0 1600x1000x24" python resources/make_screenshot.py resources/screenshot.png

It starts the window, trains with the constant rate until the plateau detector fires,
applies the suggested decay with the guide's button, lets the run finish and grabs the screen.
"""

import sys
import tempfile
import time
from pathlib import Path

from PySide6 import QtCore, QtGui

from lrmonitor.qt.app import make_app
from lrmonitor.qt.window import MainWindow


def main(out: str, width: int = 1500, height: int = 900) -> None:
    app = make_app()
    scratch = Path(tempfile.mkdtemp())
    settings = QtCore.QSettings(str(scratch / "s.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings, scratch / "autosave")
    window.setGeometry(0, 0, width, height)
    window.show()

    def pump(condition, timeout=60.0):
        end = time.monotonic() + timeout
        while not condition() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)

    c = window.controller
    window.run_panel.speed.setCurrentText("as fast as possible")
    c.toggle()
    pump(lambda: c.last_frame is not None and c.last_frame.guide.plateau is not None)
    c.pause()
    c.tick()
    window.guide.suggest_button.click()
    c.toggle()
    pump(lambda: c.run.done)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    c.tick()
    hover = window.plots.loss_plot.getViewBox().mapViewToScene(QtCore.QPointF(80.0, 0.1))
    window.plots.hover(hover)
    app.processEvents()
    screen = QtGui.QGuiApplication.primaryScreen()
    frame = window.frameGeometry()
    shot = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    if shot.isNull() or QtGui.QGuiApplication.platformName() == "offscreen":
        shot = window.grab()
    shot.save(out)
    window.ask_save = lambda: "discard"
    window.close()
    print(f"saved {out} ({shot.width()}x{shot.height()}, platform {QtGui.QGuiApplication.platformName()})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshot.png")
