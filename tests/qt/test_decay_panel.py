"""The decay panel offers every schedule of the core with its defaults, ranges, formula and preview."""

import pytest
from PySide6 import QtCore

from lrmonitor.core.training.schedules import SCHEDULES, parse_schedule
from lrmonitor.qt.panels.decay import DecayPanel


@pytest.fixture
def panel(qtbot):
    p = DecayPanel()
    qtbot.addWidget(p)
    p.show()
    return p


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_every_schedule_is_offered_with_its_defaults_formula_and_tooltips(qtbot, panel, name):
    index = panel.schedule.findText(name)
    assert index >= 0
    assert panel.schedule.itemData(index, QtCore.Qt.ItemDataRole.ToolTipRole) == SCHEDULES[name].summary
    panel.schedule.setCurrentText("constant" if name != "constant" else "step")
    with qtbot.waitSignal(panel.schedule_changed) as signal:
        panel.schedule.setCurrentIndex(index)
    default = parse_schedule(name)
    assert parse_schedule(panel.spec()).spec() == default.spec()
    assert signal.args[0].spec() == default.spec()  # what the preview draws
    assert panel.formula.text().startswith(default.formula_text())
    for p in SCHEDULES[name].PARAMS:
        tip = panel.schedule_form.field(p.name).toolTip()
        assert p.help in tip and f"Allowed: {p.range_text()}." in tip


def test_milestones_are_typed_as_text_and_checked_by_the_core(qtbot, panel):
    panel.schedule.setCurrentText("multistep")
    field = panel.schedule_form.field("milestones")
    assert field.text() == "30/60/90"
    field.selectAll()
    qtbot.keyClicks(field, "10/25")
    with qtbot.waitSignal(panel.schedule_changed) as signal:
        qtbot.keyClick(field, QtCore.Qt.Key.Key_Return)
    assert signal.args[0].values["milestones"] == (10, 25)
    assert panel.spec() == "multistep:milestones=10/25,factor=0.1,per=epoch"
    field.selectAll()
    qtbot.keyClicks(field, "25/10x")  # letters are not even typed
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Return)
    assert field.text() == "25/10"
    assert panel.formula.text().startswith("milestones=25/10 in schedule 'multistep' is out of range: allowed is 1 <=")
    assert panel.chosen() is None


def test_the_clock_is_explained_only_where_the_formula_uses_t(panel):
    panel.schedule.setCurrentText("warmup")
    assert "(t = epochs since applied)" in panel.formula.text()
    panel.schedule.setCurrentText("onecycle")
    assert "t = epochs" not in panel.formula.text() and "of 100 epochs" in panel.formula.text()
    panel.schedule.setCurrentText("sgdr")
    assert "t_cur = epochs since the last restart" in panel.formula.text()


def test_warmup_then_cosine_in_the_window_reads_as_two_events(qtbot, window, run_until):
    """The torch pattern SequentialLR([LinearLR, CosineAnnealingLR]) is two applications."""
    c, decay = window.controller, window.decay
    decay.schedule.setCurrentText("warmup")  # defaults: 5 epochs from 0.1·α0
    decay.apply()  # before the first step: it starts with the run
    spe = c.run.steps_per_epoch
    run_until(window, 5 * spe + 3)
    decay.schedule.setCurrentText("cosine")
    decay.schedule_form.field("period").setValue(45.0)
    decay.apply()  # paused: applied at once, anchored at the warmed-up rate
    qtbot.waitUntil(lambda: len(c.run.history.events) == 2)
    first, second = c.run.history.events
    assert first.step == 0 and [first.event.label(), second.event.label()] == ["warmup ×0.1→1 in 5", "cosine T=45"]
    assert window.plots.markers.count == 4
    lr = c.run.history.lr.view()
    alpha0 = lr[0] / 0.1
    assert lr[5 * spe] == pytest.approx(alpha0, rel=1e-12)  # the warmup has ended at α0...
    assert lr[second.step - 1] == pytest.approx(alpha0, rel=1e-12)  # ...which the cosine starts from
