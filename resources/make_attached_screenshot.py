"""Make the README screenshot of an attached run: a small PyTorch training steered from the window.

Run under a virtual screen so the window is a real X11 window:

    xvfb-run -a -s "-screen 0 1600x1000x24" python resources/make_attached_screenshot.py docs/img/attached-run.png

It starts the window, listens (File → Attach a training…), starts a small PyTorch training in
its own process with ``LRMONITOR_ATTACH`` set to the dialog's line (``tests/qt/attach_training.py``:
an MLP on a noisy regression, SGD with momentum, ``Monitor(optimizer)``), waits until the plateau
detector fires on the validation loss the training reports (the window pauses the training there),
presses Decay now ×0.1 (D) and Space to let the training go on, stops it from the window and grabs the window.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6 import QtCore, QtGui

from lrmonitor.core.link.view import AttachedView
from lrmonitor.core.run.state import RunState
from lrmonitor.qt.app import make_app
from lrmonitor.qt.window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "tests" / "qt" / "attach_training.py"


def main(out: str, width: int = 1500, height: int = 950) -> None:
    app = make_app()
    scratch = Path(tempfile.mkdtemp())
    settings = QtCore.QSettings(str(scratch / "s.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings, scratch / "autosave")
    window.setGeometry(0, 0, width, height)
    window.show()

    def pump(condition, timeout=120.0):
        end = time.monotonic() + timeout
        while not condition() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)

    c = window.controller
    pump(lambda: c.run is not None)
    window.attach_action.trigger()
    env = {**os.environ, "LRMONITOR_ATTACH": c.attached.listener.env_value,
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    training = subprocess.Popen([sys.executable, str(TRAINING), str(scratch / "used.json"), "--pace", "0.001",
                                 "--lr", "0.1", "--steps-per-epoch", "16"], env=env)
    try:
        pump(lambda: isinstance(c.run, AttachedView))
        built_in = next(iter(c.workspace.tree)).id
        c.delete(built_in)  # the window's idle default run: only the attached one is shown
        # "pause when the loss stops improving" (on by default) pauses the training at its plateau
        pump(lambda: c.state is RunState.PAUSED or c.run.history.epochs >= 60)
        window.decay.decay_factor.setValue(0.1)
        window.decay.decay_now()  # D: applied before the training's next optimizer step
        window.toggle_action.trigger()  # Space: the training goes on
        pump(lambda: len(c.run.history.events) == 1)
        decayed_at = c.run.history.epochs
        pump(lambda: c.run.history.epochs >= decayed_at + 40)
        for _ in range(30):
            app.processEvents()
            time.sleep(0.01)
        c.tick()
        app.processEvents()
        screen = QtGui.QGuiApplication.primaryScreen()
        frame = window.frameGeometry()
        shot = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        if shot.isNull() or QtGui.QGuiApplication.platformName() == "offscreen":
            shot = window.grab()
        shot.save(out)
        c.attached.stop_training()
        pump(lambda: c.run.done)
    finally:
        training.wait(timeout=30) if training.poll() is None else None
        if training.poll() is None:
            training.kill()
            training.wait()
    window.ask_save = lambda: "discard"
    window.close()
    print(f"saved {out} ({shot.width()}x{shot.height()}, platform {QtGui.QGuiApplication.platformName()})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/img/attached-run.png")
