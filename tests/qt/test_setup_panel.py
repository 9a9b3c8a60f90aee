"""The setup panel: fields built from the core's descriptions, edits before and during a run."""

import pytest
from PySide6 import QtCore

from lrmonitor.core.run.config import RunConfig
from lrmonitor.qt.panels.setup import SetupPanel


@pytest.mark.parametrize("field, text, expected", [
    ("lr", "-5", 0.3),  # refused: the default rate stays
    ("noise", "11", 0.4),
])
def test_out_of_range_values_cannot_be_entered(qtbot, make_window, field, text, expected):
    w = make_window()
    box = getattr(w.setup, field)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, text)
    box.interpretText()
    qtbot.keyClick(box, QtCore.Qt.Key.Key_Enter)
    assert box.value() == pytest.approx(expected)
    assert box.minimum() <= box.value() <= box.maximum()


@pytest.mark.parametrize("text", ["1.5", "0"])
def test_the_decay_factor_refuses_values_outside_its_range(qtbot, make_window, text):
    box = make_window().decay.decay_factor
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, text)
    box.interpretText()
    qtbot.keyClick(box, QtCore.Qt.Key.Key_Enter)
    assert box.value() == pytest.approx(0.1)


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
        box = (w.setup.optimizer_form if form == "optimizer" else w.decay.schedule_form).field(name)
    else:
        box = getattr(w.setup, where)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, text)
    box.interpretText()
    qtbot.keyClick(box, QtCore.Qt.Key.Key_Enter)
    assert box.value() != float(text)  # refused
    low, high = box.minimum(), box.maximum()  # None: no bound on that side
    assert (low is None or low <= box.value()) and (high is None or box.value() <= high)
    assert "Allowed" in box.toolTip()  # the tooltip says the range


def test_the_window_accepts_every_setup_the_core_accepts(qtbot, window, tmp_path):
    from lrmonitor.cli import main

    session = tmp_path / "big-seed.json"
    assert main(["run", "--problem", "linear", "--epochs", "2", "--seed", "3000000000", "--lr", "150",
                 "--quiet", "--session", str(session)]) in (0, 3)  # a rate of 150 may well diverge
    assert window.files.open(session)
    assert window.setup.seed.value() == 3_000_000_000 and window.setup.lr.value() == 150.0
    assert window.setup.config() == window.controller.run.config  # the fields say exactly that run
    window.setup.seed.setValue(2**63 - 1)
    assert window.setup.config().seed == 2**63 - 1
    for field, name in ((window.setup.seed, "seed"), (window.setup.epochs, "epochs"), (window.setup.noise, "noise")):
        assert "Allowed" in field.toolTip() and name in field.toolTip()


def test_editing_an_optimizer_field_before_start_keeps_focus(qtbot, window):
    window.activateWindow()
    field = window.setup.optimizer_form.field("momentum")
    field.setFocus()
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Up)
    field_after = window.setup.optimizer_form.field("momentum")
    assert field_after is field and field.hasFocus()
    assert window.controller.run.config.optimizer.startswith("momentum:momentum=0.91")


def test_a_decay_planned_before_start_survives_setup_edits(qtbot, window):
    window.decay.decay_now()
    window.setup.seed.setValue(7)
    run = window.controller.run
    assert [e.event.action() for e in run.history.events] == ["decay=0.1"]
    assert run.config.seed == 7


def test_setup_edits_after_the_first_step_wait_for_reset(qtbot, window, run_until):
    run_until(window, 100)
    assert not window.setup.seed.isEnabled()
    window.controller.setup_changed("setup", window.setup.config())
    assert "after Reset" in window.statusBar().currentMessage()


def test_a_bare_panel_shows_a_configuration_without_emitting_and_emits_edits(qtbot):
    panel = SetupPanel()
    qtbot.addWidget(panel)
    heard = []
    panel.changed.connect(lambda what, config: heard.append((what, config)))
    config = RunConfig(problem="logistic", optimizer="adam", lr=0.003, batch_size=16, epochs=None, seed=5,
                       train_size=640, val_size=100).validated()
    panel.show_config(config)
    assert heard == []
    assert panel.config() == config  # the fields say exactly that configuration, sizes included
    panel.seed.setValue(9)
    assert [what for what, _ in heard] == ["setup"] and heard[-1][1].seed == 9
    panel.lr.setValue(0.01)
    assert heard[-1][0] == "lr" and heard[-1][1].lr == 0.01
    panel.optimizer.setCurrentText("sgd")
    assert heard[-1][0] == "optimizer" and heard[-1][1].optimizer.startswith("sgd:")


def test_every_optimizers_fields_fit_the_side_panel(qtbot, make_window):
    w = make_window()
    w.resize(1400, 900)
    scroll = w.splitter.widget(0)
    for name in ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"):
        w.setup.optimizer.setCurrentText(name)
        qtbot.waitUntil(lambda: w.setup.optimizer_form.field(next(iter(w.setup.optimizer_form.values()))).isVisible())
        assert scroll.horizontalScrollBar().maximum() == 0, name  # nothing cut off at the right


def test_changing_the_problem_takes_its_default_noise(qtbot):
    """mlp -> logistic kept mlp's 0.4; logistic's own default (1.0) is what its tooltip promises."""
    panel = SetupPanel()
    qtbot.addWidget(panel)
    panel.show_config(RunConfig(problem="mlp").validated())
    assert panel.noise.value() == pytest.approx(0.4)
    panel.problem.setCurrentText("logistic")
    assert panel.noise.value() == pytest.approx(1.0)
    assert panel.config().noise == pytest.approx(1.0)
    panel.problem.setCurrentText("linear")
    assert panel.noise.value() == pytest.approx(0.5)


def test_the_noise_tooltip_says_what_it_means_and_its_default(qtbot):
    panel = SetupPanel()
    qtbot.addWidget(panel)
    panel.problem.setCurrentText("logistic")
    tip = panel.noise.toolTip()
    assert "standard deviation of each class blob" in tip and "Default for logistic: 1" in tip
    panel.show_config(RunConfig(problem="mlp").validated())
    tip = panel.noise.toolTip()
    assert "angular jitter" in tip and "Default for mlp: 0.4" in tip and "0 <= noise <= 10" in tip
