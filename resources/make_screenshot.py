"""Make the README screenshot from the real app: a fixed-rate run and its decayed fork, compared.

Run under a virtual screen so the window is a real X11 window:

    xvfb-run -a -s "-screen 0 1600x1000x24" python resources/make_screenshot.py resources/screenshot.png

``--lang ko`` shows the window in Korean (it needs a CJK font, e.g. fonts-noto-cjk); English is the default.
``--theme dark`` or ``--theme light`` shows the window in that theme; the default follows the desktop, as the app does.
``--tab rates``, ``--tab range`` or ``--tab surface`` shows that tab instead of Training, filled: the
Rates tab with its default rates trained to the end (their verdicts final), the Range test run to
its end. ``--size 1100x720`` checks a laptop's window.

It starts the window with the default run, trains until the run pauses itself where the
plateau detector fires, presses "Fork here and compare" in the guide, trains the decayed fork
and then the fixed-rate parent to the end, and grabs the window.
"""

import argparse
import tempfile
import time
from pathlib import Path

from PySide6 import QtCore, QtGui

from lrmonitor.core.run.state import RunState
from lrmonitor.qt import language
from lrmonitor.qt.app import make_app
from lrmonitor.qt.window import MainWindow

TABS = ("training", "rates", "range", "surface")


def main(out: str, width: int = 1500, height: int = 950, lang: str = "en", theme: str = "system",
         tab: str = "training") -> None:
    app = make_app()
    language.install(app, lang)
    scratch = Path(tempfile.mkdtemp())
    settings = QtCore.QSettings(str(scratch / "s.ini"), QtCore.QSettings.Format.IniFormat)
    settings.setValue("view/theme", theme)
    window = MainWindow(settings, scratch / "autosave")
    window.setGeometry(0, 0, width, height)
    window.show()

    def pump(condition, timeout=60.0):
        end = time.monotonic() + timeout
        while not condition() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)

    c = window.controller
    window.run_panel.speed.setCurrentIndex(window.run_panel.speed.count() - 1)  # as fast as possible
    c.toggle()
    pump(lambda: c.state == RunState.PAUSED and c.last_frame.guide.plateau is not None)  # paused at the plateau
    window.guide.fork_button.click()  # the suggested decay in a fork; the fixed rate goes on beside it
    c.toggle()
    pump(lambda: c.run.done)
    parent = next(iter(c.workspace.tree))
    c.select(parent.id)
    c.toggle()
    pump(lambda: c.run.done)
    c.select(list(c.workspace.tree)[-1].id)  # the fork current: its raw band shown, the parent overlaid
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    c.tick()
    hover = window.plots.loss_plot.getViewBox().mapViewToScene(QtCore.QPointF(80.0, 0.1))
    window.plots.hover(hover)
    tabs = window.tabs
    if tab == "rates":
        tabs.setCurrentWidget(tabs.rates_view)
        tabs.rates_view.train_button.click()
        pump(lambda: tabs.live_rates.ended, timeout=300.0)
    elif tab == "range":
        tabs.setCurrentWidget(tabs.range_page)
        tabs.range_page.run_button.click()
        pump(lambda: not tabs.range_page.running)
    elif tab == "surface":
        tabs.setCurrentWidget(tabs.surface_view)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
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
    parser = argparse.ArgumentParser(description="Make the README screenshot from the real app.")
    parser.add_argument("out", nargs="?", default="resources/screenshot.png")
    parser.add_argument("--lang", choices=sorted(language.NATIVE_NAMES), default="en", help="the window's language")
    parser.add_argument("--theme", choices=("system", "light", "dark"), default="system", help="the window's theme")
    parser.add_argument("--size", default="1500x950", help="window size WIDTHxHEIGHT")
    parser.add_argument("--tab", choices=TABS, default="training", help="the tab shown (filled: rates trained, "
                        "the range test run)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    main(args.out, width, height, args.lang, args.theme, args.tab)
