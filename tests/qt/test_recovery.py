"""Nothing lost: autosave, crash recovery, quitting with an unsaved run."""

import os
import subprocess
import sys

from PySide6 import QtCore

from lrmonitor.core.files.lrmon import load_any

CRASHING_APP = """
import os, signal, sys, time
from pathlib import Path
from PySide6 import QtCore
from lrmonitor.qt.app import make_app
from lrmonitor.qt.window import MainWindow
app = make_app()
folder = Path(sys.argv[1])
w = MainWindow(QtCore.QSettings(str(folder / "crash.ini"), QtCore.QSettings.Format.IniFormat), folder / "autosave")
w.show()
c = w.controller
w.setup.problem.setCurrentText("linear")
w.run_panel.speed.setCurrentText("300 epochs/s")
c.toggle()
end = time.monotonic() + 20
while c.run.step < 400 and time.monotonic() < end:
    app.processEvents()
w.decay.decay_now()
while not c.run.history.events and time.monotonic() < end:
    app.processEvents()  # the event takes effect in the worker; the next frame autosaves it
c.tick()
print(getattr(getattr(c.engine, "process", None), "pid", 0), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # a crash: no closeEvent, no clean-up
"""


def test_autosave_is_offered_after_a_crash(qtbot, make_window, tmp_path, process_alive):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    crashed = subprocess.run([sys.executable, "-c", CRASHING_APP, str(tmp_path)], capture_output=True, text=True,
                             env=env, timeout=60)
    assert crashed.returncode == -9, crashed.stderr
    worker_pid = int(crashed.stdout.strip())
    (autosave,) = (tmp_path / "autosave").glob("autosave-*.lrmon")
    (saved,) = load_any(autosave).runs
    steps, events = saved.record.history.steps, list(saved.record.events)
    assert steps >= 400 and [e.event.kind for e in events] == ["decay"]

    second = make_window()
    bar = second.restore_bar
    assert bar.isVisible() and f"{steps:,} steps" in bar.label.text()
    qtbot.mouseClick(bar.restore_button, QtCore.Qt.MouseButton.LeftButton)
    run = second.controller.run
    assert run.step == steps and list(run.history.events) == events
    assert not bar.isVisible()
    second.close()
    assert not list((tmp_path / "autosave").glob("autosave-*.*"))  # a clean exit leaves nothing to restore
    if worker_pid:  # the orphaned worker notices its window is gone and exits
        qtbot.waitUntil(lambda: not process_alive(worker_pid), timeout=5000)


def test_quitting_the_application_keeps_an_unsaved_run_for_next_time(qtbot, make_window, run_until):
    first = make_window()
    first.setup.problem.setCurrentText("linear")
    first.run_panel.pause_on_plateau.setChecked(False)
    run_until(first, 300)
    steps = first.controller.run.step
    first.quit_quietly()  # what app.aboutToQuit calls: no question asked
    second = make_window()
    assert second.restore_bar.isVisible() and f"{steps:,} steps" in second.restore_bar.label.text()


def test_discarding_the_offer_deletes_the_autosave(qtbot, make_window, tmp_path, run_until):
    first = make_window()
    first.setup.problem.setCurrentText("linear")
    first.run_panel.pause_on_plateau.setChecked(False)
    run_until(first, 300)
    first.quit_quietly()
    second = make_window()
    qtbot.mouseClick(second.restore_bar.discard_button, QtCore.Qt.MouseButton.LeftButton)
    assert not second.restore_bar.isVisible()
    left = {p.name for p in (tmp_path / "autosave").glob("autosave-*.lrmon")}
    assert left <= {second.recovery.autosave.path.name}  # only the second window's own, if any


def test_a_second_window_does_not_take_the_first_ones_autosave(qtbot, make_window, run_until):
    first = make_window()
    first.setup.problem.setCurrentText("linear")
    first.run_panel.pause_on_plateau.setChecked(False)
    run_until(first, 300)
    first.decay.decay_now()
    assert first.recovery.autosave.path.exists()
    second = make_window()
    assert not second.restore_bar.isVisible()
    second.close()
    assert first.recovery.autosave.path.exists()


def test_autosave_follows_pause_and_the_end_of_a_run(qtbot, window, run_until):
    c = window.controller
    run_until(window, 300)
    c.tick()
    (saved,) = load_any(window.recovery.autosave.path).runs
    assert saved.record.history.steps == c.run.step
    window.run_panel.speed.setCurrentText("as fast as possible")
    c.toggle()
    qtbot.waitUntil(lambda: c.run.done, timeout=20000)
    c.tick()
    (saved,) = load_any(window.recovery.autosave.path).runs
    assert saved.record.status == "finished" and saved.record.history.steps == c.run.step


def test_a_pending_restore_survives_a_new_run(qtbot, make_window, run_until):
    first = make_window()
    first.setup.problem.setCurrentText("linear")
    first.run_panel.pause_on_plateau.setChecked(False)
    run_until(first, 300)
    steps = first.controller.run.step
    first.quit_quietly()
    second = make_window()
    second.setup.problem.setCurrentText("linear")
    second.run_panel.pause_on_plateau.setChecked(False)
    run_until(second, 100)  # train before answering the offer
    second.controller.tick()
    qtbot.mouseClick(second.restore_bar.restore_button, QtCore.Qt.MouseButton.LeftButton)
    assert second.controller.run.step == steps and not second.restore_bar.isVisible()


def test_quitting_keeps_every_run_and_the_restore_brings_back_the_tree(qtbot, make_window, run_until):
    from lrmonitor.core.run.events import DecayNow

    first = make_window()
    first.setup.problem.setCurrentText("linear")
    first.run_panel.pause_on_plateau.setChecked(False)
    run_until(first, 300)
    first.controller.fork_here(DecayNow(0.5))
    run_until(first, 600)
    runs = [(n.name, n.parent, n.fork_step) for n in first.controller.workspace.tree]
    steps = first.controller.run.step  # run_until pauses at or just after the step asked for
    first.quit_quietly()
    second = make_window()
    assert "2 runs of linear" in second.restore_bar.label.text()
    qtbot.mouseClick(second.restore_bar.restore_button, QtCore.Qt.MouseButton.LeftButton)
    assert [(n.name, n.parent, n.fork_step) for n in second.controller.workspace.tree] == runs
    lst = second.runs.list
    assert second.controller.run.step == steps, [lst.topLevelItem(k).text(0) for k in range(lst.topLevelItemCount())]
    assert lst.topLevelItemCount() == 1 and lst.topLevelItem(0).childCount() == 1


def test_the_autosave_folder_is_named_once(qapp, monkeypatch, tmp_path):
    """Qt's AppDataLocation is <data>/<organization>/<application>: with both 'lrmonitor' the
    autosaves landed in ~/.local/share/lrmonitor/lrmonitor/. One 'lrmonitor' folder is enough."""
    from lrmonitor.qt.recovery import default_folder

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    names = qapp.organizationName(), qapp.applicationName()
    qapp.setOrganizationName("lrmonitor")
    qapp.setApplicationName("lrmonitor")
    try:
        folder = default_folder()
    finally:
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])
    assert folder == tmp_path / "lrmonitor" / "autosave"


def test_a_failing_autosave_is_a_lasting_warning_until_it_works_again(qtbot, make_window, tmp_path, run_until):
    """Disk full, a read-only folder: the runs are not protected; a 5-second status message was
    easy to miss (issue 11, item 9). The warning stays until an autosave works again."""
    w = make_window()
    run_until(w, 50)
    recovery, warning = w.recovery, w.autosave_warning
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the autosave folder should be")
    good = recovery.autosave.folder, recovery.autosave.path
    recovery.autosave.folder, recovery.autosave.path = blocked, blocked / "autosave-x.lrmon"
    recovery.save_now()
    assert warning.isVisible() and warning.text().startswith("⚠ Autosave failed:")
    assert str(blocked) in warning.toolTip() and "Save As" in warning.toolTip()
    for _ in range(3):
        w.controller.tick()  # frames come and go: the warning stays
    recovery.save_now()
    assert warning.isVisible()
    recovery.autosave.folder, recovery.autosave.path = good
    recovery.save_now()
    assert not warning.isVisible() and recovery.failing is None
    assert load_any(good[1]).runs  # and the autosave is written
