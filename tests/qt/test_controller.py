"""The run controller, driven through the window's buttons, keys and menus."""

import time

import pytest
from PySide6 import QtCore

from lrmonitor.core.run.state import RunState
from lrmonitor.core.training.schedules import parse_schedule


def test_start_pause_resume(qtbot, window):
    c, buttons = window.controller, window.run_panel
    window.setup.forever.setChecked(True)  # it cannot end (0.3 s at this pace) before the test sees it run
    assert c.state == RunState.IDLE and buttons.start_button.text() == "Start"
    qtbot.mouseClick(buttons.start_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: c.run.step > 100)
    c.tick()
    assert buttons.start_button.text() == "Pause"
    qtbot.mouseClick(buttons.start_button, QtCore.Qt.MouseButton.LeftButton)
    paused_at = c.run.step
    qtbot.wait(50)
    assert c.run.step == paused_at and c.state == RunState.PAUSED
    assert buttons.start_button.text() == "Resume"
    assert not window.setup.problem.isEnabled()  # setup fields lock once the run has started


def test_space_toggles_but_not_while_typing(qtbot, window):
    window.activateWindow()
    window.plots.setFocus()
    qtbot.keyClick(window.plots, QtCore.Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.controller.engine.is_running)
    qtbot.keyClick(window.plots, QtCore.Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.controller.engine.is_running)


def test_space_and_d_type_into_fields_instead_of_acting(qtbot, window):
    window.activateWindow()
    lr = window.setup.lr
    lr.setFocus()
    qtbot.keyClick(lr.lineEdit(), QtCore.Qt.Key.Key_Space)
    qtbot.keyClick(lr.lineEdit(), QtCore.Qt.Key.Key_D)
    qtbot.wait(30)
    assert not window.controller.engine.is_running and window.controller.run.step == 0
    assert window.controller.run.history.events == []


def test_step_epoch_runs_exactly_one_epoch(qtbot, window):
    c = window.controller
    c.step_epoch()
    qtbot.waitUntil(lambda: not c.engine.is_running)
    assert c.run.step == c.run.steps_per_epoch


@pytest.mark.parametrize("name, values", [
    ("inverse", {"k": 0.5}),
    ("exponential", {"gamma": 0.9}),
    ("step", {"factor": 0.5, "every": 3}),
    ("cosine", {"period": 10.0, "min": 0.001}),
    ("exponential", {"gamma": 0.8, "per": "step"}),
])
def test_apply_schedule_mid_run_follows_the_formula(qtbot, window, name, values):
    decay, c = window.decay, window.controller
    decay.schedule.setCurrentText(name)
    for key, value in values.items():
        field = decay.schedule_form.field(key)
        field.setCurrentText(value) if isinstance(value, str) else field.setValue(value)
    # slow while the test waits to apply it mid-run (the whole run takes 10 s: at 300 epochs/s, 0.3 s,
    # and a loaded machine let the run end before the key was pressed), then fast to the end
    window.run_panel.speed.setCurrentText("10 epochs/s")
    c.toggle()
    qtbot.waitUntil(lambda: c.run.step > 300)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_D, QtCore.Qt.KeyboardModifier.ControlModifier)  # Apply decay
    window.run_panel.speed.setCurrentText("300 epochs/s")
    qtbot.waitUntil(lambda: c.run.done, timeout=20000)
    stamped = c.run.history.events[-1]
    assert stamped.event.kind == "schedule" and stamped.step >= 300
    schedule = parse_schedule(stamped.event.spec)
    assert schedule.name == name and all(schedule.values[k] == v for k, v in values.items())
    lr = c.run.history.lr.view()
    alpha0, at, spe = lr[stamped.step - 1], stamped.step, c.run.steps_per_epoch
    for n in range(at, len(lr), 7):
        t = (n - at) / spe if schedule.per_step else (n - at) // spe
        assert lr[n] == pytest.approx(schedule.rate(alpha0, t), rel=1e-12)


def test_actions_after_the_end_are_refused_with_a_message(qtbot, window):
    c = window.controller
    window.run_panel.speed.setCurrentText("as fast as possible")
    c.toggle()
    qtbot.waitUntil(lambda: c.run.done)
    window.decay.decay_now()
    assert c.run.history.events == []
    assert "ended" in window.statusBar().currentMessage()


def test_decay_now_key_drops_the_rate_at_once(qtbot, window, run_until):
    c = window.controller
    run_until(window, 200)
    before = c.run.current_lr()
    window.decay.decay_factor.setValue(0.25)
    window.plots.setFocus()
    qtbot.keyClick(window.plots, QtCore.Qt.Key.Key_D)
    assert c.run.current_lr() == pytest.approx(before * 0.25)  # applied while paused: at once
    assert c.run.history.events[-1].event.action() == "decay=0.25"
    assert window.plots.markers.count == 2  # a labelled line across both plots, drawn this frame


def test_changing_lr_or_optimizer_mid_run_is_an_event(qtbot, window, run_until):
    c = window.controller
    run_until(window, 100)
    window.setup.lr.setValue(0.01)
    assert c.run.history.events[-1].event.action() == "lr=0.01"
    assert c.run.current_lr() == 0.01
    window.setup.optimizer.setCurrentText("adam")
    assert c.run.history.events[-1].event.kind == "optimizer"


def test_divergence_pauses_with_a_banner_and_keeps_the_curve(qtbot, window, tmp_path, read_rows):
    c = window.controller
    window.setup.optimizer.setCurrentText("sgd")
    window.setup.lr.setValue(20.0)
    c.toggle()
    qtbot.waitUntil(lambda: c.state == RunState.DIVERGED)
    c.tick()
    assert window.banner.isVisible()
    step = c.run.history.diverged_at
    assert f"diverged at step {step}" in window.banner.text() and "lower α0" in window.banner.text()
    assert not window.run_panel.start_button.isEnabled()
    assert window.exporter.export("steps", tmp_path / "d.csv")
    assert len(read_rows(tmp_path / "d.csv")) == step


def test_until_stopped_runs_past_the_epoch_count(qtbot, window):
    c = window.controller
    window.setup.forever.setChecked(True)
    assert c.run.total_steps is None
    window.run_panel.speed.setCurrentText("as fast as possible")
    c.toggle()
    qtbot.waitUntil(lambda: c.run.step > 101 * 32, timeout=20000)
    c.pause()
    assert c.state == RunState.PAUSED


def test_steps_per_second_is_shown_while_running_and_blank_when_not(qtbot, window, run_until):
    c = window.controller
    window.setup.forever.setChecked(True)  # runs until paused: the meter has time to measure
    c.toggle()
    qtbot.waitUntil(lambda: window.status.labels["speed"].text() != "– steps/s", timeout=5000)
    assert window.status.labels["speed"].text().endswith("steps/s")
    c.pause()
    c.tick()
    assert window.status.labels["speed"].text() == "– steps/s"
    assert window.status.labels["state"].text() == "paused"


def test_the_preview_starts_at_the_current_rate(qtbot, window, run_until):
    c = window.controller
    run_until(window, 100)
    window.decay.decay_factor.setValue(0.5)
    window.decay.decay_now()
    c.tick()
    preview = window.plots.preview_curve.yData
    assert preview[0] == pytest.approx(c.run.current_lr())
    x = window.plots.preview_curve.xData
    low, high = window.plots.loss_plot.getViewBox().viewRange()[0]
    assert high >= x[-1]  # the x range makes room for the whole preview


def test_close_during_a_run_stops_the_worker_promptly(qtbot, make_window):
    w = make_window()
    c = w.controller
    w.setup.forever.setChecked(True)
    c.toggle()
    qtbot.waitUntil(lambda: c.run.step > 100)
    started = time.monotonic()
    w.close()
    assert time.monotonic() - started < 1.0
    assert not c.engine.is_running
    process = getattr(c.engine, "process", None)
    assert process is None or not process.is_alive()


def test_every_frame_reaches_every_subscriber_with_the_same_moment(qtbot, window, run_until):
    frames = []
    window.controller.frame.connect(frames.append)
    run_until(window, 300)
    window.controller.tick()
    last = frames[-1]
    assert last.steps == window.controller.run.step and last.state == RunState.PAUSED
    assert window.status.labels["step"].text() == f"step {last.steps:,}"
    assert window.plots.drawn_steps == last.steps
    assert len(last.series.smoothed) == last.steps


class EngineThatCannotStart:
    """An engine whose runs never start (a worker that cannot be spawned, say)."""

    kind = "broken"
    trainer = None
    state = RunState.IDLE
    is_running = False
    error = None
    preparing = False
    speed = None

    def new_run(self, *args, **kwargs):
        raise RuntimeError("the training worker did not answer")

    def poll(self):
        pass

    def clear_error(self):
        pass

    def shutdown(self):
        self.stopped = True


def test_a_run_that_cannot_start_says_so_and_the_window_still_closes(qtbot, tmp_path, monkeypatch):
    from PySide6 import QtWidgets

    from lrmonitor.qt.window import MainWindow

    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *args: shown.append(args[1:]))
    engine = EngineThatCannotStart()
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    w = MainWindow(settings, tmp_path / "autosave", engine=engine)
    qtbot.addWidget(w)
    w.show()
    assert shown == [("Cannot start the run", "the training worker did not answer")]  # the first run
    w.reset()
    assert len(shown) == 2
    for act in (w.controller.toggle, w.controller.step_epoch, w.decay.decay_now, w.decay.apply):
        act()  # nothing to act on: no exception
    w.setup.seed.setValue(3)  # a setup edit tries again
    assert len(shown) == 3
    w.close()
    assert engine.stopped and not w.isVisible()


def test_the_pace_is_in_epochs_per_second(qtbot, window):
    c = window.controller
    window.run_panel.speed.setCurrentText("10 epochs/s")
    assert c.engine.speed == 10 * 32  # linear: 32 steps per epoch
    window.setup.problem.setCurrentText("logistic")  # another run: its own steps per epoch
    assert c.engine.speed == 10 * c.run.steps_per_epoch
    window.run_panel.speed.setCurrentText("as fast as possible")
    assert c.engine.speed is None


def test_without_pause_on_plateau_the_run_goes_through(qtbot, make_window):
    w = make_window()
    c = w.controller
    w.run_panel.pause_on_plateau.setChecked(False)
    w.run_panel.speed.setCurrentText("as fast as possible")
    c.toggle()
    qtbot.waitUntil(lambda: c.run.done, timeout=30000)
    assert c.state == RunState.FINISHED and c.run.step == 100 * c.run.steps_per_epoch


def test_a_frame_never_waits_for_a_run_the_worker_is_still_preparing(qtbot, window, monkeypatch):
    """The first paint must not wait for the worker to start: while the engine prepares the
    run, a frame draws nothing new and asks nothing that would wait for it."""
    c = window.controller
    frames = []
    c.frame.connect(frames.append)
    engine_type = type(c.engine)
    monkeypatch.setattr(engine_type, "preparing", property(lambda self: True))
    monkeypatch.setattr(engine_type, "trainer", property(lambda self: pytest.fail("the frame waited for the run")))
    c.tick()
    assert frames == []
    monkeypatch.undo()
    c.tick()
    assert len(frames) == 1 and frames[0].run is not None
