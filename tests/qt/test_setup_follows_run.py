"""The setup form shows what the current run uses now, not only what it started with."""

import pytest

from lrmonitor.core.run.events import DecayNow, SetOptimizer, SetRate


def test_after_open_the_setup_shows_the_optimizer_and_rate_in_use(qtbot, make_window, run_until, tmp_path):
    """A run switched to adam and to α0 = 0.03 showed its first optimizer and α0 after Open: a
    Reset from those fields made another run than the one on screen. A decay is not a new α0."""
    w = make_window()
    w.setup.problem.setCurrentText("linear")
    w.run_panel.speed.setCurrentText("300 epochs/s")
    w.run_panel.pause_on_plateau.setChecked(False)
    c = w.controller
    run_until(w, 100)
    c.post(SetOptimizer("adam"))
    c.post(SetRate(0.03))
    c.post(DecayNow(0.1))
    rate_now = 0.03
    w.files.path = tmp_path / "switched.lrmon"
    assert w.files.save()
    w.close()

    other = make_window()
    assert other.setup.optimizer.currentText() != "adam"
    assert other.files.open(tmp_path / "switched.lrmon")
    assert other.setup.optimizer.currentText() == "adam"
    assert other.setup.lr.value() == pytest.approx(rate_now)
    config = other.setup.config()
    assert config.optimizer.startswith("adam") and config.lr == pytest.approx(rate_now)
    assert config.problem == "linear"


def test_selecting_a_run_shows_its_optimizer_now(qtbot, window, run_until):
    c = window.controller
    run_until(window, 100)
    first = c.workspace.current
    c.post(SetOptimizer("rmsprop"))
    window.reset()
    assert window.setup.optimizer.currentText() != "rmsprop"  # the new run: the fields' optimizer
    c.select(first)
    assert window.setup.optimizer.currentText() == "rmsprop"
