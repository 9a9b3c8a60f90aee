"""Runs kept, forked and compared in the window: the lesson as a comparison."""

import numpy as np
from PySide6 import QtCore

from lrmonitor.core.run.compare import COLUMNS
from lrmonitor.core.run.events import DecayNow, Stamped
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer


def items(window):
    """(name, checked, bold) of every run in the runs panel, parents before their forks."""
    out = []

    def walk(item):
        out.append((item.text(0), item.checkState(0) == QtCore.Qt.CheckState.Checked, item.font(0).bold()))
        for k in range(item.childCount()):
            walk(item.child(k))

    for k in range(window.runs.list.topLevelItemCount()):
        walk(window.runs.list.topLevelItem(k))
    return out


def train_to(qtbot, window, step):
    """Train the current run exactly to ``step``."""
    c = window.controller
    c.engine.start(step - c.run.step)
    qtbot.waitUntil(lambda: c.engine.poll() or (not c.engine.is_running and c.run.step == step), timeout=10000)
    c.tick()


def test_reset_keeps_the_run_and_draws_both(qtbot, window, run_until):
    c = window.controller
    run_until(window, 300)
    window.reset()
    assert [(name, shown, bold) for name, shown, bold in items(window)] == [
        ("fixed α=0.05", True, False), ("fixed α=0.05", True, True)]
    assert len(window.plots.overlay._curves) == 1  # the old run, drawn beside the new one
    assert c.run.step == 0 and len(c.engine.runs) == 2


def test_fork_here_then_compare_the_two_futures(qtbot, window, run_until, tmp_path, read_rows):
    c = window.controller
    train_to(qtbot, window, 320)  # 10 epochs
    window.decay.schedule.setCurrentText("step")
    qtbot.keyClick(window, QtCore.Qt.Key.Key_F, QtCore.Qt.KeyboardModifier.ControlModifier)  # Fork here
    parent, fork = list(c.workspace.tree)
    assert c.workspace.current == fork.id and fork.parent == parent.id and fork.fork_step == 320
    assert items(window)[1][0] == "step ×0.1/20 from epoch 10"
    run_until(window, 10**9)  # the fork to its end
    c.select(parent.id)
    run_until(window, 10**9)  # and the fixed-rate parent
    c.tick()
    rows = window.compare.rows_now()
    assert [r.run for r in rows] == [parent.name, fork.name]
    assert rows[1].parent == parent.name and rows[1].fork_epoch == 10
    assert rows[1].band_std_change_pct is not None and rows[1].band_std_change_pct < 0  # the decay narrowed the band
    assert "narrowed the band" in window.compare.verdicts.text()
    assert window.exporter.export("compare", tmp_path / "compare.csv")
    table = read_rows(tmp_path / "compare.csv")
    assert list(table[0])[: len(COLUMNS)] == list(COLUMNS) and table[1]["fork_epoch"] == "10"


def test_a_right_click_fork_at_an_earlier_step_equals_at_from_scratch(qtbot, window, run_until):
    c = window.controller
    window.run_panel.speed.setCurrentText("as fast as possible")
    run_until(window, 10**9)
    config, spe = c.run.config, c.run.steps_per_epoch
    window.decay.decay_factor.setValue(0.5)
    window.plots.fork_requested.emit(30.0, "decay")  # "Fork here with Decay now ×F" at epoch 30
    assert c.run.step == 30 * spe and c.run.history.events[-1] == Stamped(30 * spe, DecayNow(0.5))
    run_until(window, 10**9)
    same = Trainer(config, [Stamped(30 * spe, DecayNow(0.5))])
    same.run()
    np.testing.assert_array_equal(c.run.history.loss.view(), same.history.loss.view())


def test_hide_delete_and_undo_from_the_runs_panel(qtbot, window, run_until):
    c = window.controller
    train_to(qtbot, window, 200)
    c.fork_here(DecayNow(0.1))
    parent = next(iter(c.workspace.tree))
    top = window.runs.list.topLevelItem(0)
    top.setCheckState(0, QtCore.Qt.CheckState.Unchecked)  # hide the parent
    qtbot.waitUntil(lambda: parent.id not in c.workspace.visible)
    assert parent.id not in c.workspace.visible and len(window.plots.overlay._curves) == 0
    window.delete_run(parent.id)
    assert len(c.workspace.tree) == 1 and items(window)[0][0] == "fixed α=0.05"  # a new run from the setup
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert [name for name, _, _ in items(window)][:2] == ["fixed α=0.05", "decay ×0.1 at step 200"]
    assert c.workspace.view(parent.id).step == 200


def test_a_finished_run_trains_50_more_epochs(qtbot, window, run_until):
    c = window.controller
    window.run_panel.speed.setCurrentText("as fast as possible")
    run_until(window, 10**9)
    c.tick()
    assert c.state == RunState.FINISHED and window.runs.more_button.isEnabled()
    qtbot.mouseClick(window.runs.more_button, QtCore.Qt.MouseButton.LeftButton)
    assert c.run.config.epochs == 150 and c.state == RunState.PAUSED
    assert window.setup.epochs.value() == 150
    run_until(window, 10**9)
    assert c.run.step == 150 * 32
    longer = Trainer(c.run.config)
    longer.run()
    np.testing.assert_array_equal(c.run.history.loss.view(), longer.history.loss.view())


def test_fork_with_a_typed_action_asks_again_after_a_typo(qtbot, window, run_until, monkeypatch):
    from PySide6 import QtWidgets

    c = window.controller
    window.run_panel.speed.setCurrentText("as fast as possible")
    run_until(window, 10**9)
    answers = iter([("decay=2", True), ("lr=0.01", True)])
    asked = []
    monkeypatch.setattr(QtWidgets.QInputDialog, "getText",
                        lambda parent, title, label, text: (asked.append(label), next(answers))[1])
    window.plots.fork_requested.emit(20.0, "ask")
    assert "out of range" in asked[1]  # the typo's reason, then the question again
    assert c.run.history.events[-1].event.action() == "lr=0.01" and c.run.step == 20 * 32


def test_renaming_a_run_in_the_panel_names_it_everywhere(qtbot, window, run_until):
    c = window.controller
    train_to(qtbot, window, 64)
    item = window.runs.list.topLevelItem(0)
    item.setText(0, "my baseline")  # what a double-click edit does
    run_id = c.workspace.current
    qtbot.waitUntil(lambda: c.workspace.tree[run_id].name == "my baseline")
    c.decay_now(0.5)  # a student's name is kept when events come
    assert c.workspace.tree[run_id].name == "my baseline" and items(window)[0][0] == "my baseline"


def test_a_run_without_a_finished_epoch_shows_dashes_not_nan(qtbot, window):
    """Before the first epoch ends there is nothing to measure: the table says so with a dash, not 'nan'."""
    c = window.controller
    c.tick()
    qtbot.waitUntil(lambda: window.compare.table.rowCount() == 1)
    cells = [window.compare.table.item(0, k).text() for k in range(window.compare.table.columnCount())]
    assert cells[0] == window.runs.list.topLevelItem(0).text(0)
    assert cells[3:] == ["–"] * (len(cells) - 3), cells
    train_to(qtbot, window, c.run.steps_per_epoch)  # one epoch: numbers appear
    qtbot.waitUntil(lambda: c.tick() or window.compare.table.item(0, 3).text() not in ("–", "nan"), timeout=10000)
    assert float(window.compare.table.item(0, 5).text().split()[0]) > 0
