"""The window, driven through its widgets on the offscreen platform."""

import csv
import threading
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest

pytest.importorskip("PySide6")
from PySide6 import QtCore, QtGui, QtWidgets  # noqa: E402

from lrmonitor.core.training.schedules import parse_schedule  # noqa: E402
from lrmonitor.core.run.trainer import Trainer  # noqa: E402
from lrmonitor.qt.window import MainWindow  # noqa: E402


def read_rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(autouse=True)
def answers(monkeypatch):
    """What the 'save the run?' question answers (tests that care change it)."""
    given = {"answer": "discard", "asked": 0}

    def ask(window):
        given["asked"] += 1
        return given["answer"]

    monkeypatch.setattr(MainWindow, "_ask_save", ask)
    return given


@pytest.fixture
def make_window(qtbot, tmp_path):
    made = []

    def make():
        settings = QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)
        window = MainWindow(settings, tmp_path / "autosave")
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
    assert not [t for t in threading.enumerate() if t.name == "lrmonitor-trainer"]
    for window in made:
        process = getattr(window.engine, "process", None)
        assert process is None or not process.is_alive()


@pytest.fixture
def window(make_window):
    w = make_window()
    w.problem.setCurrentText("linear")  # fast: 32 steps per epoch, 100 epochs
    w.speed.setCurrentText("10,000 steps/s")  # so that a test can act mid-run
    return w


def run_until(qtbot, window, step):
    window.toggle_run()
    qtbot.waitUntil(lambda: window.trainer.step >= step or window.trainer.done, timeout=10000)
    window.engine.pause()


def test_start_pause_resume(qtbot, window):
    assert window.engine.state == "idle" and window.start_button.text() == "Start"
    qtbot.mouseClick(window.start_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.trainer.step > 100)
    window.tick()
    assert window.start_button.text() == "Pause"
    qtbot.mouseClick(window.start_button, QtCore.Qt.MouseButton.LeftButton)
    paused_at = window.trainer.step
    qtbot.wait(50)
    assert window.trainer.step == paused_at and window.engine.state == "paused"
    assert window.start_button.text() == "Resume"
    assert not window.problem.isEnabled()  # setup fields lock once the run has started


def test_space_toggles_but_not_while_typing(qtbot, window):
    window.activateWindow()
    window.plots.setFocus()
    qtbot.keyClick(window.plots, QtCore.Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.engine.is_running)
    qtbot.keyClick(window.plots, QtCore.Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.engine.is_running)


def test_step_epoch_runs_exactly_one_epoch(qtbot, window):
    window.step_epoch()
    qtbot.waitUntil(lambda: not window.engine.is_running)
    assert window.trainer.step == window.trainer.steps_per_epoch


@pytest.mark.parametrize("name, values", [
    ("inverse", {"k": 0.5}),
    ("exponential", {"gamma": 0.9}),
    ("step", {"factor": 0.5, "every": 3}),
    ("cosine", {"period": 10.0, "min": 0.001}),
    ("exponential", {"gamma": 0.8, "per": "step"}),
])
def test_apply_schedule_mid_run_follows_the_formula(qtbot, window, name, values):
    window.schedule.setCurrentText(name)
    for key, value in values.items():
        field = window.schedule_form.field(key)
        field.setCurrentText(value) if isinstance(value, str) else field.setValue(value)
    window.toggle_run()
    qtbot.waitUntil(lambda: window.trainer.step > 300)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_D, QtCore.Qt.KeyboardModifier.ControlModifier)  # Apply decay
    qtbot.waitUntil(lambda: window.trainer.done, timeout=20000)
    stamped = window.trainer.history.events[-1]
    assert stamped.event.kind == "schedule" and stamped.step >= 300
    schedule = parse_schedule(stamped.event.spec)
    assert schedule.name == name and all(schedule.values[k] == v for k, v in values.items())
    lr = window.trainer.history.lr.view()
    alpha0, at, spe = lr[stamped.step - 1], stamped.step, window.trainer.steps_per_epoch
    for n in range(at, len(lr), 7):
        t = (n - at) / spe if schedule.per_step else (n - at) // spe
        assert lr[n] == pytest.approx(schedule.rate(alpha0, t), rel=1e-12)


def test_actions_after_the_end_are_refused_with_a_message(qtbot, window):
    window.speed.setCurrentText("as fast as possible")
    window.toggle_run()
    qtbot.waitUntil(lambda: window.trainer.done)
    window.decay_now()
    assert window.trainer.history.events == []
    assert "ended" in window.statusBar().currentMessage()


def test_decay_now_key_drops_the_rate_at_once(qtbot, window):
    run_until(qtbot, window, 200)
    before = window.trainer.current_lr()
    window.decay_factor.setValue(0.25)
    window.plots.setFocus()
    qtbot.keyClick(window.plots, QtCore.Qt.Key.Key_D)
    assert window.trainer.current_lr() == pytest.approx(before * 0.25)  # applied while paused: at once
    assert window.trainer.history.events[-1].event.action() == "decay=0.25"
    assert len(window.plots._markers) == 2  # a labelled line across both plots, drawn this frame


def test_changing_lr_mid_run_is_an_event(qtbot, window):
    run_until(qtbot, window, 100)
    window.lr.setValue(0.01)
    assert window.trainer.history.events[-1].event.action() == "lr=0.01"
    assert window.trainer.current_lr() == 0.01
    window.optimizer.setCurrentText("adam")
    assert window.trainer.history.events[-1].event.kind == "optimizer"


def test_divergence_pauses_with_a_banner_and_keeps_the_curve(qtbot, window, tmp_path):
    window.optimizer.setCurrentText("sgd")
    window.lr.setValue(20.0)
    window.toggle_run()
    qtbot.waitUntil(lambda: window.engine.state == "diverged")
    window.tick()
    assert window.banner.isVisible()
    step = window.trainer.history.diverged_at
    assert f"diverged at step {step}" in window.banner.text() and "lower α0" in window.banner.text()
    assert not window.start_button.isEnabled()
    assert window.export("steps", tmp_path / "d.csv")
    assert len(read_rows(tmp_path / "d.csv")) == step


def test_exports(qtbot, window, tmp_path):
    run_until(qtbot, window, 500)
    window.decay_now()
    run_until(qtbot, window, 900)
    window.tick()
    assert window.export("png", tmp_path / "p.png", 900, 500)
    image = QtGui.QImage(str(tmp_path / "p.png"))
    assert (image.width(), image.height()) == (900, 500)
    assert window.export("svg", tmp_path / "p.svg", 800, 600)
    root = ET.parse(tmp_path / "p.svg").getroot()
    paths = [p.get("d", "") for p in root.iter("{http://www.w3.org/2000/svg}path")]
    polylines = [p.get("points", "") for p in root.iter("{http://www.w3.org/2000/svg}polyline")]
    assert max(len(d.split()) for d in paths + polylines) > 100  # the loss curve is in the drawing
    h = window.trainer.history
    assert window.export("steps", tmp_path / "s.csv")
    rows = read_rows(tmp_path / "s.csv")
    assert [float(r["loss"]) for r in rows] == h.loss.view().tolist()
    assert [float(r["lr"]) for r in rows] == h.lr.view().tolist()
    assert [float(r["smoothed"]) for r in rows] == window.plots.smoother.values.view().tolist()
    assert window.export("epochs", tmp_path / "e.csv")
    assert [float(r["val_loss"]) for r in read_rows(tmp_path / "e.csv")] == h.val_loss.view().tolist()
    assert window.export("events", tmp_path / "ev.csv")
    events = read_rows(tmp_path / "ev.csv")
    assert [e["kind"] for e in events] == ["decay"] and events[0]["action"] == "decay=0.1"


def test_copy_plot_puts_an_image_on_the_clipboard(qtbot, window):
    run_until(qtbot, window, 100)
    window.copy_plot()
    assert not QtWidgets.QApplication.clipboard().image().isNull()


def test_save_open_continue_equals_an_uninterrupted_run(qtbot, make_window, tmp_path):
    first = make_window()
    first.problem.setCurrentText("linear")
    first.speed.setCurrentText("10,000 steps/s")
    run_until(qtbot, first, 700)
    first.decay_now()
    run_until(qtbot, first, 1500)
    first.session_path = tmp_path / "run.json"
    assert first.save()
    events, config, steps = list(first.trainer.history.events), first.trainer.config, first.trainer.step
    first.close()

    second = make_window()
    assert second.open_session(tmp_path / "run.json")
    assert second.trainer.step == steps and second.trainer.history.events == events
    second.toggle_run()
    qtbot.waitUntil(lambda: second.trainer.done, timeout=20000)

    whole = Trainer(config, events)
    whole.run()
    np.testing.assert_array_equal(second.trainer.history.loss.view(), whole.history.loss.view())
    np.testing.assert_array_equal(second.trainer.history.lr.view(), whole.history.lr.view())


def test_bad_session_file_gives_a_message_not_a_crash(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *args: shown.append(args[2]))
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert not window.open_session(bad)
    assert shown and "not valid JSON" in shown[0]


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
w.problem.setCurrentText("linear")
w.speed.setCurrentText("10,000 steps/s")
w.toggle_run()
end = time.monotonic() + 20
while w.trainer.step < 400 and time.monotonic() < end:
    app.processEvents()
w.decay_now()
while not w.trainer.history.events and time.monotonic() < end:
    app.processEvents()  # the event takes effect in the worker; the next frame autosaves it
w.tick()
print(getattr(getattr(w.engine, "process", None), "pid", 0), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # a crash: no closeEvent, no clean-up
"""


def test_autosave_is_offered_after_a_crash(qtbot, make_window, tmp_path):
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    crashed = subprocess.run([sys.executable, "-c", CRASHING_APP, str(tmp_path)], capture_output=True, text=True, env=env, timeout=60)
    assert crashed.returncode == -9, crashed.stderr
    worker_pid = int(crashed.stdout.strip())
    (autosave,) = (tmp_path / "autosave").glob("autosave-*.json")
    saved = json.loads(autosave.read_text())
    steps, events = saved["summary"]["steps"], saved["events"]
    assert steps >= 400 and [e["kind"] for e in events] == ["decay"]

    second = make_window()
    assert second.restore_bar.isVisible() and f"{steps:,} steps" in second.restore_label.text()
    qtbot.mouseClick(second.restore_button, QtCore.Qt.MouseButton.LeftButton)
    assert second.trainer.step == steps and [e.to_json() for e in second.trainer.history.events] == events
    second.close()
    assert not list((tmp_path / "autosave").glob("autosave-*.json"))  # a clean exit leaves nothing to restore
    if worker_pid:  # the orphaned worker notices its window is gone and exits
        qtbot.waitUntil(lambda: not _alive(worker_pid), timeout=5000)


def _alive(pid):
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as handle:  # a zombie waiting for its (killed) parent is gone too
        return handle.read().split()[2] != "Z"


def test_close_during_a_run_stops_the_thread_promptly(qtbot, make_window):
    w = make_window()
    w.forever.setChecked(True)
    w.toggle_run()
    qtbot.waitUntil(lambda: w.trainer.step > 100)
    started = time.monotonic()
    w.close()
    assert time.monotonic() - started < 1.0
    assert not w.engine.is_running
    process = getattr(w.engine, "process", None)
    assert process is None or not process.is_alive()


@pytest.mark.parametrize("field, text, expected", [
    ("lr", "-5", 0.2),
    ("lr", "1000", 0.2),
    ("noise", "11", 0.4),
    ("decay_factor", "1.5", 0.1),
    ("decay_factor", "0", 0.1),
])
def test_out_of_range_values_cannot_be_entered(qtbot, make_window, field, text, expected):
    w = make_window()
    box = getattr(w, field)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, text)
    box.interpretText()
    qtbot.keyClick(box, QtCore.Qt.Key.Key_Enter)
    assert box.value() == pytest.approx(expected)
    assert box.minimum() <= box.value() <= box.maximum()


def test_settings_persist(qtbot, make_window):
    w = make_window()
    w.smoothing.setValue(85)
    w.log_loss.setChecked(True)
    w.close()
    again = make_window()
    assert again.smoothing.value() == 85 and again.log_loss.isChecked()


def test_main_entry_opens_a_session_in_a_subprocess(tmp_path):
    import os
    import subprocess
    import sys

    session = tmp_path / "run.json"
    from lrmonitor.cli import main

    assert main(["run", "--problem", "linear", "--epochs", "3", "--quiet", "--session", str(session)]) == 0
    code = (
        "import sys; from PySide6 import QtCore; from lrmonitor.cli import main;"
        "from lrmonitor.qt.app import make_app; app = make_app();"
        "QtCore.QTimer.singleShot(1500, app.quit);"
        f"sys.exit(main(['open', {str(session)!r}]))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    settings = next(tmp_path.rglob("lrmonitor.conf"))  # closing on quit saved the settings
    assert "run.json" in settings.read_text()


def test_space_and_d_type_into_fields_instead_of_acting(qtbot, window):
    window.activateWindow()
    window.lr.setFocus()
    qtbot.keyClick(window.lr.lineEdit(), QtCore.Qt.Key.Key_Space)
    qtbot.keyClick(window.lr.lineEdit(), QtCore.Qt.Key.Key_D)
    qtbot.wait(30)
    assert not window.engine.is_running and window.trainer.step == 0
    assert window.trainer.history.events == []


def test_guide_detects_the_plateau_and_applies_the_suggestion(qtbot, make_window):
    w = make_window()  # the default mlp run, whose loss stalls after about 25 epochs
    w.toggle_run()
    qtbot.waitUntil(lambda: w._plateau is not None or w.trainer.done, timeout=20000)
    w.engine.pause()
    w.tick()
    assert w._plateau is not None
    best, at = w._plateau
    assert "stopped improving" in w.guide_steps[1].text() and f"epoch {best}" in w.guide_steps[1].text()
    assert w.plots.plateau_region.isVisible()
    assert w.plots.plateau_region.getRegion() == (best + 1.0, at + 1.0)
    assert w.suggest_button.isEnabled()
    qtbot.mouseClick(w.suggest_button, QtCore.Qt.MouseButton.LeftButton)
    assert w.trainer.history.events[-1].event.spec.startswith("step:factor=0.1,every=20")
    w.tick()
    assert "Decay applied" in w.guide_steps[2].text() and "before" not in w.guide_steps[2].text()


def test_guide_notices_an_early_decay(qtbot, window):
    window.step_epoch()
    qtbot.waitUntil(lambda: not window.engine.is_running)
    window.decay_now()
    window.tick()
    assert "before the loss stopped improving" in window.guide_steps[2].text()


def test_hidden_guide_stays_hidden(qtbot, make_window):
    w = make_window()
    w.guide_action.setChecked(False)
    assert w.guide_box.isHidden()
    w.close()
    assert make_window().guide_box.isHidden()


def test_autoscale_ignores_a_diverging_tail(qtbot, window):
    window.optimizer.setCurrentText("sgd")
    window.lr.setValue(0.2)  # just above the stable limit (~0.17): slow blow-up, then non-finite
    window.speed.setCurrentText("as fast as possible")
    window.toggle_run()
    qtbot.waitUntil(lambda: window.trainer.done, timeout=20000)
    window.tick()
    assert window.trainer.status == "diverged"
    low, high = window.plots.loss_plot.getViewBox().viewRange()[1]
    assert high < 1e6  # the exploding tail (up to ~1e300) does not squash the healthy curve


def test_hover_readout_names_step_loss_and_rate(qtbot, window):
    window.step_epoch()
    qtbot.waitUntil(lambda: not window.engine.is_running)
    window.tick()
    vb = window.plots.loss_plot.getViewBox()
    scene_pos = vb.mapViewToScene(QtCore.QPointF(0.5, 1.0))
    window._hover(scene_pos)
    text = window.readout.text()
    assert "step 16" in text and "lr 0.05" in text and "loss" in text and "smoothed" in text


def test_drop_a_session_file_opens_it(qtbot, window, tmp_path):
    from lrmonitor.cli import main

    session = tmp_path / "run.json"
    assert main(["run", "--problem", "linear", "--epochs", "4", "--quiet", "--session", str(session)]) == 0
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(session))])
    drop = QtGui.QDropEvent(QtCore.QPointF(10, 10), QtCore.Qt.DropAction.CopyAction, mime,
                            QtCore.Qt.MouseButton.NoButton, QtCore.Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert window.trainer.step == 4 * 32
    assert str(session) in window._recent()
    assert [a.text() for a in window.recent_menu.actions()] == [str(session)]


def test_until_stopped_runs_past_the_epoch_count(qtbot, window):
    window.forever.setChecked(True)
    assert window.trainer.total_steps is None
    window.speed.setCurrentText("as fast as possible")
    window.toggle_run()
    qtbot.waitUntil(lambda: window.trainer.step > 101 * 32, timeout=20000)
    window.engine.pause()
    assert window.engine.state == "paused"


def test_headless_png_and_svg_from_the_command_line(tmp_path):
    import os
    import subprocess
    import sys

    png, svg = tmp_path / "plot.png", tmp_path / "plot.svg"
    env = {**os.environ, "QT_QPA_PLATFORM": ""}  # the command must choose offscreen by itself
    env.pop("DISPLAY", None)
    out = subprocess.run(
        [sys.executable, "-m", "lrmonitor", "run", "--problem", "linear", "--epochs", "20", "--at", "10:decay=0.1",
         "--png", str(png), "--svg", str(svg), "--size", "900x600", "--quiet"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    image = QtGui.QImage(str(png))
    assert (image.width(), image.height()) == (900, 600)
    root = ET.parse(svg).getroot()
    assert root.get("viewBox") == "0 0 900 600"
    lines = [p.get("d", "") for p in root.iter("{http://www.w3.org/2000/svg}path")]
    lines += [p.get("points", "") for p in root.iter("{http://www.w3.org/2000/svg}polyline")]
    assert max(len(d.split()) for d in lines) > 100


@pytest.mark.parametrize("size", ["900", "10x10", "axb", "90000x600"])
def test_bad_snapshot_size_is_refused(size, capsys):
    from lrmonitor.cli import main

    assert main(["run", "--epochs", "1", "--png", "x.png", "--size", size]) == 2
    err = capsys.readouterr().err
    assert "size" in err and err.count("\n") == 1


def test_closing_an_unsaved_run_asks_and_cancel_keeps_it(qtbot, window, answers, tmp_path):
    run_until(qtbot, window, 100)
    answers["answer"] = "cancel"
    window.close()
    assert answers["asked"] == 1 and window.isVisible() and window.engine.state == "paused"
    answers["answer"] = "save"
    window.session_path = tmp_path / "kept.json"
    window.close()
    assert not window.isVisible()
    assert json_steps(tmp_path / "kept.json") == window_steps_at_close(window)


def json_steps(path):
    import json

    return json.loads(path.read_text())["summary"]["steps"]


def window_steps_at_close(window):
    return window.trainer.step if window.trainer is not None else json_steps(window.session_path)


def test_a_saved_run_closes_without_asking(qtbot, window, answers, tmp_path):
    run_until(qtbot, window, 100)
    window.session_path = tmp_path / "run.json"
    assert window.save()
    window.close()
    assert answers["asked"] == 0 and not window.isVisible()


def test_quitting_the_application_keeps_an_unsaved_run_for_next_time(qtbot, make_window, tmp_path):
    first = make_window()
    first.problem.setCurrentText("linear")
    run_until(qtbot, first, 300)
    steps = first.trainer.step
    first.quit_quietly()  # what app.aboutToQuit calls: no question asked
    second = make_window()
    assert second.restore_bar.isVisible() and f"{steps:,} steps" in second.restore_label.text()


def test_a_second_window_does_not_take_the_first_ones_autosave(qtbot, make_window):
    first = make_window()
    first.problem.setCurrentText("linear")
    run_until(qtbot, first, 300)
    first.decay_now()
    assert first.autosave.path.exists()
    second = make_window()
    assert not second.restore_bar.isVisible()
    second.close()
    assert first.autosave.path.exists()


def test_autosave_follows_pause_and_the_end_of_a_run(qtbot, window):
    import json

    run_until(qtbot, window, 300)
    window.tick()
    saved = json.loads(window.autosave.path.read_text())["summary"]
    assert saved["steps"] == window.trainer.step
    window.speed.setCurrentText("as fast as possible")
    window.toggle_run()
    qtbot.waitUntil(lambda: window.trainer.done, timeout=20000)
    window.tick()
    saved = json.loads(window.autosave.path.read_text())["summary"]
    assert saved["status"] == "finished" and saved["steps"] == window.trainer.step


def test_a_pending_restore_survives_a_new_run(qtbot, make_window, tmp_path):
    first = make_window()
    first.problem.setCurrentText("linear")
    run_until(qtbot, first, 300)
    steps = first.trainer.step
    first.quit_quietly()
    second = make_window()
    second.problem.setCurrentText("linear")
    run_until(qtbot, second, 100)  # train before answering the offer
    second.tick()
    qtbot.mouseClick(second.restore_button, QtCore.Qt.MouseButton.LeftButton)
    assert second.trainer.step == steps and not second.restore_bar.isVisible()


def test_reset_after_opening_keeps_the_data_sizes(qtbot, window, tmp_path):
    from lrmonitor.cli import main

    session = tmp_path / "run.json"
    assert main(["run", "--problem", "linear", "--epochs", "3", "--train-size", "640", "--val-size", "100", "--quiet", "--session", str(session)]) == 0
    assert window.open_session(session)
    window.reset()
    assert (window.trainer.config.train_size, window.trainer.config.val_size) == (640, 100)
    assert window.windowTitle() == "lrmonitor"


def test_an_opened_unfinished_run_is_paused_not_idle(qtbot, window, tmp_path):
    run_until(qtbot, window, 300)
    window.session_path = tmp_path / "mid.json"
    assert window.save()
    window.reset()
    assert window.open_session(tmp_path / "mid.json")
    window.tick()
    assert window.engine.state == "paused" and window.start_button.text() == "Resume"
    assert window.windowTitle() == "lrmonitor — mid.json"


def test_editing_an_optimizer_field_before_start_keeps_focus(qtbot, window):
    window.activateWindow()
    field = window.optimizer_form.field("momentum")
    field.setFocus()
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Up)
    field_after = window.optimizer_form.field("momentum")
    assert field_after is field and field.hasFocus()
    assert window.trainer.config.optimizer.startswith("momentum:momentum=0.91")


def test_a_decay_planned_before_start_survives_setup_edits(qtbot, window):
    window.decay_now()
    window.seed.setValue(7)
    assert [e.event.action() for e in window.trainer.history.events] == ["decay=0.1"]
    assert window.trainer.config.seed == 7


def test_steps_per_second_is_blank_when_not_running(qtbot, window):
    run_until(qtbot, window, 300)
    window.tick()
    assert window.status_labels["speed"].text() == "– steps/s"


def test_the_preview_starts_at_the_current_rate(qtbot, window):
    run_until(qtbot, window, 100)
    window.decay_factor.setValue(0.5)
    window.decay_now()
    window.tick()
    preview = window.plots.preview_curve.yData
    assert preview[0] == pytest.approx(window.trainer.current_lr())
    x = window.plots.preview_curve.xData
    low, high = window.plots.loss_plot.getViewBox().viewRange()[0]
    assert high >= x[-1]  # the x range makes room for the whole preview


@pytest.mark.parametrize("where, text", [
    ("batch", "0"),
    ("batch", "5000"),
    ("epochs", "0"),
    ("seed", "-3"),
    ("optimizer:momentum", "-1"),
    ("schedule:factor", "2"),
    ("schedule:every", "0"),
])
def test_every_field_refuses_values_outside_its_range(qtbot, make_window, where, text):
    w = make_window()
    if ":" in where:
        form, name = where.split(":")
        box = (w.optimizer_form if form == "optimizer" else w.schedule_form).field(name)
    else:
        box = getattr(w, where)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, text)
    box.interpretText()
    qtbot.keyClick(box, QtCore.Qt.Key.Key_Enter)
    assert box.value() != float(text)  # refused
    assert box.minimum() <= box.value() <= box.maximum()
    assert "Allowed" in box.toolTip() or "(" in box.toolTip()  # the tooltip says the range


def test_sigterm_quits_cleanly_and_keeps_the_run(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    code = (
        "import sys; from PySide6 import QtCore; from lrmonitor.qt import app as a;"
        "import lrmonitor.qt.window as w;"
        "orig = w.MainWindow.__init__\n"
        "def init(self, *args, **kw):\n"
        "    orig(self, *args, **kw)\n"
        "    self.problem.setCurrentText('linear')\n"
        "    QtCore.QTimer.singleShot(300, self.toggle_run)\n"
        "    QtCore.QTimer.singleShot(900, lambda: print(getattr(getattr(self.engine, 'process', None), 'pid', 0), flush=True))\n"
        "w.MainWindow.__init__ = init\n"
        "sys.exit(a.run_app())\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        out, err = proc.communicate(timeout=3)  # it runs until told to stop
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "leaked shared_memory" not in err and "Traceback" not in err
    worker = int(out.strip().splitlines()[-1])
    assert worker == 0 or not _alive(worker)
    assert list(tmp_path.rglob("autosave-*.json"))  # the unsaved run waits to be restored
