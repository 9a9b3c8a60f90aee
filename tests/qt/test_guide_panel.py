"""The guide: it finds the plateau of the default run, words it, and applies the suggestion."""

from PySide6 import QtCore

from lrmonitor.core.display.guide import DecayTaken, GuideState, Inspect, Plateau
from lrmonitor.core.run.state import RunState
from lrmonitor.qt.panels.guide import GuidePanel


def test_the_run_pauses_at_the_plateau_and_the_guide_applies_the_suggestion(qtbot, make_window):
    w = make_window()  # the default mlp run, whose loss stalls after about 25 epochs
    c = w.controller
    assert w.run_panel.pause_on_plateau.isChecked()  # on by default
    w.run_panel.speed.setCurrentText("30 epochs/s")  # faster than the default 3, as slow as a test may take
    c.toggle()
    qtbot.waitUntil(lambda: c.last_frame.guide.plateau is not None or c.run.done, timeout=20000)
    plateau = c.last_frame.guide.plateau
    assert plateau is not None
    qtbot.waitUntil(lambda: c.state == RunState.PAUSED)  # paused by itself, where the loss stalled
    assert c.run.step < (plateau.detected_epoch + 4) * c.run.steps_per_epoch
    assert "stopped improving" in w.statusBar().currentMessage()
    c.tick()
    text = w.guide.steps[1].text()
    assert "stopped improving" in text and f"epoch {plateau.best_epoch}" in text
    assert w.plots.plateau_region.isVisible()
    assert w.plots.plateau_region.getRegion() == (plateau.best_epoch + 1.0, plateau.detected_epoch + 1.0)
    assert w.guide.suggest_button.isEnabled()
    qtbot.mouseClick(w.guide.suggest_button, QtCore.Qt.MouseButton.LeftButton)
    assert c.run.history.events[-1].event.spec.startswith("step:factor=0.1,every=20")
    c.tick()
    assert "Decay applied" in w.guide.steps[2].text() and "before" not in w.guide.steps[2].text()


def test_guide_notices_an_early_decay(qtbot, window):
    c = window.controller
    c.step_epoch()
    qtbot.waitUntil(lambda: not c.engine.is_running)
    window.decay.decay_now()
    c.tick()
    assert "before the loss stopped improving" in window.guide.steps[2].text()


def test_hidden_guide_stays_hidden(qtbot, make_window):
    w = make_window()
    w.guide_action.setChecked(False)
    assert w.guide.isHidden()
    w.close()
    assert make_window().guide.isHidden()


def state(**changes):
    base = dict(started=True, inspect=Inspect.WAITING, plateau=None, decay=None, bad_epochs=3, patience=10,
                threshold=1e-4)
    return GuideState(**{**base, **changes})


def test_a_bare_panel_words_each_state(qtbot):
    panel = GuidePanel()
    qtbot.addWidget(panel)
    panel.show_state(state(), ended=False)
    assert "waiting for the loss to stop improving" in panel.steps[1].text()
    assert "3 epochs without improvement" in panel.detector_label.text()  # plural forms: lrmonitor_en.qm
    assert not panel.suggest_button.isEnabled()
    plateau = Plateau(best_epoch=12, detected_epoch=23, best_value=0.123456)
    panel.show_state(state(inspect=Inspect.PLATEAU, plateau=plateau), ended=False)
    assert "best 0.1235, at the end of epoch 12" in panel.steps[1].text()
    assert "suggested now" in panel.steps[2].text() and panel.suggest_button.isEnabled()
    panel.show_state(state(inspect=Inspect.PLATEAU, plateau=plateau), ended=True)
    assert not panel.suggest_button.isEnabled()  # a finished run cannot take it
    panel.show_state(state(inspect=Inspect.DIVERGED), ended=True)
    assert "diverged" in panel.steps[1].text()
    panel.show_state(state(decay=DecayTaken(4.0, "decay ×0.1", early=True)), ended=False)
    assert "Decay applied at epoch 4.0 (decay ×0.1)" in panel.steps[2].text() and "before" in panel.steps[2].text()


def test_the_panel_says_the_rate_is_too_high_and_when_a_step_decay_first_acts(qtbot):
    panel = GuidePanel()
    qtbot.addWidget(panel)
    panel.show_state(state(inspect=Inspect.TOO_HIGH, start_loss=1.0, last_loss=3.5), ended=False)
    assert "the rate is too high" in panel.steps[1].text() and "Time to decay" not in panel.steps[1].text()
    assert not panel.suggest_button.isEnabled()
    step = DecayTaken(20.0, "step ×0.1/20", early=False, stalled=11, first_change=40.0)
    plateau = Plateau(best_epoch=9, detected_epoch=20, best_value=0.5)
    panel.show_state(state(inspect=Inspect.PLATEAU, plateau=plateau, decay=step, epoch=25.0), ended=False)
    assert "Nothing changes on the plot until epoch 40" in panel.steps[2].text()
    panel.show_state(state(inspect=Inspect.PLATEAU, plateau=plateau, decay=step, epoch=41.0), ended=False)
    assert "Nothing changes" not in panel.steps[2].text()
    stalled = DecayTaken(13.0, "decay ×0.1", early=False, stalled=9)
    panel.show_state(state(inspect=Inspect.WAITING, decay=stalled, epoch=14.0), ended=False)
    assert "early" not in panel.steps[2].text() and "not improved for 9 epochs" in panel.steps[2].text()


def test_apply_suggested_decay_is_used_once(qtbot, window):
    """It stayed enabled after use while the run trained (the frame right after the click came before
    the event took effect), and a second click re-anchored the schedule at the lowered rate."""
    c = window.controller
    window.run_panel.speed.setCurrentText("100 epochs/s")
    # until stopped: still training when the test clicks (at 100 epochs/s a 100-epoch run ended
    # within a second, and on a loaded machine before the test saw the button enabled)
    window.setup.forever.setChecked(True)
    c.toggle()
    qtbot.waitUntil(lambda: window.guide.suggest_button.isEnabled() or c.run.done, timeout=20000)
    button = window.guide.suggest_button
    assert button.isEnabled() and c.engine.is_running
    button.click()
    button.click()
    assert not button.isEnabled()
    qtbot.waitUntil(lambda: c.run.history.events and c.run.step > c.run.history.events[0].step + 100
                    or c.run.done, timeout=20000)
    c.tick()
    assert [s.event.kind for s in c.run.history.events] == ["schedule"]
    assert not button.isEnabled()
    c.pause()
    c.apply_suggested()  # e.g. from a stale click
    c.tick()
    assert [s.event.kind for s in c.run.history.events] == ["schedule"]
