"""The application as a whole: entry points, settings, signals."""

import os
import select
import signal
import subprocess
import sys

from lrmonitor.cli import main
from lrmonitor.core.run.config import RunConfig


def test_settings_persist(qtbot, make_window):
    w = make_window()
    w.view.smoothing.setValue(85)
    w.view.log_loss.setChecked(True)
    w.run_panel.speed.setCurrentText("10 epochs/s")
    w.run_panel.pause_on_plateau.setChecked(False)
    w.close()
    again = make_window()
    assert again.view.smoothing.value() == 85 and again.view.log_loss.isChecked()
    assert again.run_panel.speed.currentText() == "10 epochs/s"
    assert not again.run_panel.pause_on_plateau.isChecked()
    qtbot.waitUntil(lambda: again.controller.series is not None and again.controller.series.smoothing == 0.85)


def test_damaged_settings_fall_back_to_defaults(qtbot, make_window, tmp_path):
    (tmp_path / "settings.ini").write_text(
        "[view]\nsmoothing=lots\nlog_loss=maybe\n[run]\npace=99\npause_on_plateau=perhaps\nconfig={broken\n")
    w = make_window()
    assert w.view.smoothing.value() == 60 and not w.view.log_loss.isChecked()
    assert w.run_panel.speed.currentText() == "3 epochs/s" and w.run_panel.pause_on_plateau.isChecked()
    assert w.controller.run.config.problem == "mlp"


# Quits once the window shows the opened run at its recorded step (polled, so a slow machine
# only takes longer); exits 9 if that has not happened within a generous minute.
OPENED_APP = (
    "import sys, time; from PySide6 import QtCore; from lrmonitor.cli import main;"
    "from lrmonitor.qt.app import make_app; app = make_app(); end = time.monotonic() + 60\n"
    "def check():\n"
    "    shown = [w for w in app.topLevelWidgets() if hasattr(w, 'controller') and w.isVisible()]\n"
    "    run = shown[0].controller.run if shown else None\n"
    "    if run is not None and run.step == {steps}:\n"
    "        app.quit()\n"
    "    elif time.monotonic() > end:\n"
    "        print('the window did not show the opened run within 60 s', file=sys.stderr)\n"
    "        app.exit(9)\n"
    "timer = QtCore.QTimer(); timer.timeout.connect(check); timer.start(20)\n"
    "sys.exit(main(['open', {session!r}]))\n"
)


def test_main_entry_opens_a_session_in_a_subprocess(tmp_path):
    session = tmp_path / "run.json"
    assert main(["run", "--problem", "linear", "--epochs", "3", "--quiet", "--session", str(session)]) == 0
    code = OPENED_APP.format(steps=3 * RunConfig(problem="linear").steps_per_epoch, session=str(session))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    settings = next(tmp_path.rglob("lrmonitor.conf"))  # closing on quit saved the settings
    assert "run.json" in settings.read_text()


SIGNALLED_APP = (
    "import sys; from PySide6 import QtCore; from lrmonitor.qt import app as a;"
    "import lrmonitor.qt.window as w;"
    "orig = w.MainWindow.__init__\n"
    "def init(self, *args, **kw):\n"
    "    orig(self, *args, **kw)\n"
    "    self.setup.problem.setCurrentText('linear')\n"
    "    c = self.controller\n"
    "    QtCore.QTimer.singleShot(300, c.toggle)\n"
    "    def report():\n"
    "        if c.run is None or c.run.step == 0:\n"
    "            QtCore.QTimer.singleShot(50, report)\n"
    "            return\n"
    "        print(getattr(getattr(c.engine, 'process', None), 'pid', 0), flush=True)\n"
    "    QtCore.QTimer.singleShot(300, report)\n"
    "w.MainWindow.__init__ = init\n"
    "sys.exit(a.run_app())\n"
)


def test_sigterm_quits_cleanly_and_keeps_the_run(tmp_path, process_alive):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-c", SIGNALLED_APP], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)  # a line once it trains (no fixed wait)
        assert ready and proc.poll() is None, proc.stderr.read() if proc.poll() is not None else "no line"
        worker = int(proc.stdout.readline())
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "leaked shared_memory" not in err and "Traceback" not in err
    assert worker == 0 or not process_alive(worker)
    assert list(tmp_path.rglob("autosave-*.lrmon"))  # the unsaved run waits to be restored


def test_a_signal_quits_between_frames_never_inside_one(qtbot, window, monkeypatch):
    """The handler may interrupt a frame that reads the run's shared memory: it must only post
    the quit, never unmap the memory under the reader (which crashed the process)."""
    from PySide6 import QtWidgets

    from lrmonitor.qt.app import QuitOnSignals

    app = QtWidgets.QApplication.instance()
    quits, before = [], signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(app, "quit", lambda: quits.append(True))
    hook = QuitOnSignals(app, window)
    try:
        signal.raise_signal(signal.SIGTERM)  # the handler runs here, as if in the middle of a frame
        assert not window._shut and not quits
        qtbot.waitUntil(lambda: window._shut and bool(quits), timeout=10_000)
    finally:
        hook.uninstall()
    assert signal.getsignal(signal.SIGTERM) is before
