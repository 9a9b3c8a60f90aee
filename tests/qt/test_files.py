"""Session files through the window: save, open, continue, recent files, drop, closing."""


import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from lrmonitor.cli import main
from lrmonitor.core.files.lrmon import load_any
from lrmonitor.core.run.events import DecayNow
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer


def test_save_open_continue_equals_an_uninterrupted_run(qtbot, make_window, tmp_path, run_until):
    first = make_window()
    first.setup.problem.setCurrentText("linear")
    first.run_panel.speed.setCurrentText("300 epochs/s")
    first.run_panel.pause_on_plateau.setChecked(False)
    run_until(first, 700)
    first.decay.decay_now()
    run_until(first, 1500)
    first.files.path = tmp_path / "run.lrmon"
    assert first.files.save()
    run = first.controller.run
    events, config, steps = list(run.history.events), run.config, run.step
    first.close()

    second = make_window()
    second.run_panel.pause_on_plateau.setChecked(False)
    c = second.controller
    assert second.files.open(tmp_path / "run.lrmon")
    assert c.run.step == steps and c.run.history.events == events
    c.toggle()
    qtbot.waitUntil(lambda: c.run.done, timeout=20000)

    whole = Trainer(config, events)
    whole.run()
    np.testing.assert_array_equal(c.run.history.loss.view(), whole.history.loss.view())
    np.testing.assert_array_equal(c.run.history.lr.view(), whole.history.lr.view())


def test_bad_session_file_gives_a_message_not_a_crash(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *args: shown.append(args[2]))
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert not window.files.open(bad)
    assert shown and "not valid JSON" in shown[0]


def test_drop_a_session_file_opens_it(qtbot, window, tmp_path):
    session = tmp_path / "run.json"
    assert main(["run", "--problem", "linear", "--epochs", "4", "--quiet", "--session", str(session)]) == 0
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(session))])
    drop = QtGui.QDropEvent(QtCore.QPointF(10, 10), QtCore.Qt.DropAction.CopyAction, mime,
                            QtCore.Qt.MouseButton.NoButton, QtCore.Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert window.controller.run.step == 4 * 32
    assert str(session) in window.files.recent()
    assert [a.text() for a in window.recent_menu.actions()] == [str(session)]
    assert window.windowTitle() == "lrmonitor — run.json"


def test_closing_an_unsaved_run_asks_and_cancel_keeps_it(qtbot, window, answers, tmp_path, run_until):
    run_until(window, 100)
    answers["answer"] = "cancel"
    window.close()
    assert answers["asked"] == 1 and window.isVisible() and window.controller.state == RunState.PAUSED
    steps = window.controller.run.step
    answers["answer"] = "save"
    window.files.path = tmp_path / "kept.lrmon"
    window.close()
    assert not window.isVisible()
    (kept,) = load_any(tmp_path / "kept.lrmon").runs
    assert kept.record.history.steps == steps


def test_a_saved_run_closes_without_asking(qtbot, window, answers, tmp_path, run_until):
    run_until(window, 100)
    window.files.path = tmp_path / "run.lrmon"
    assert window.files.save()
    window.close()
    assert answers["asked"] == 0 and not window.isVisible()


def test_reset_after_opening_keeps_the_data_sizes(qtbot, window, tmp_path):
    session = tmp_path / "run.json"
    assert main(["run", "--problem", "linear", "--epochs", "3", "--train-size", "640", "--val-size", "100",
                 "--quiet", "--session", str(session)]) == 0
    assert window.files.open(session)
    window.reset()
    config = window.controller.run.config
    assert (config.train_size, config.val_size) == (640, 100)
    assert window.windowTitle() == "lrmonitor"


def test_an_opened_unfinished_run_is_paused_not_idle(qtbot, window, tmp_path, run_until):
    run_until(window, 300)
    window.files.path = tmp_path / "mid.json"  # any name: the window writes version 2, as mid.lrmon
    assert window.files.save()
    window.reset()
    assert not (tmp_path / "mid.json").exists()
    assert window.files.open(tmp_path / "mid.lrmon")
    window.controller.tick()
    assert window.controller.state == RunState.PAUSED and window.run_panel.start_button.text() == "Resume"
    assert window.windowTitle() == "lrmonitor — mid.lrmon"


@pytest.mark.parametrize("answer, opened", [("discard", True), ("cancel", False)])
def test_opening_over_an_unsaved_run_asks_first(qtbot, window, answers, tmp_path, run_until, answer, opened):
    session = tmp_path / "other.json"
    assert main(["run", "--problem", "linear", "--epochs", "2", "--quiet", "--session", str(session)]) == 0
    run_until(window, 300)
    steps = window.controller.run.step
    answers["answer"] = answer
    assert window.files.open(session) is opened
    assert answers["asked"] == 1
    assert window.controller.run.step == (2 * 32 if opened else steps)
    answers["answer"] = "discard"  # so that the test's window can close


def test_opening_a_run_with_another_optimizer_adds_no_events(qtbot, window, tmp_path):
    session = tmp_path / "adam.json"
    assert main(["run", "--problem", "linear", "--optimizer", "adam", "--lr", "0.003", "--epochs", "3",
                 "--at", "1:decay=0.5", "--quiet", "--session", str(session)]) == 0
    assert window.files.open(session)
    run = window.controller.run
    assert [e.event.action() for e in run.history.events] == ["decay=0.5"]  # only what the file holds
    assert window.setup.optimizer.currentText() == "adam" and window.setup.lr.value() == 0.003


def test_a_setup_complaint_goes_away_when_a_run_is_opened(qtbot, window, tmp_path):
    window.setup.optimizer.setCurrentText("sgd")
    window.setup.optimizer_form.field("nesterov").setChecked(True)  # nesterov needs momentum > 0
    assert window.setup.message.isVisible() and "nesterov" in window.setup.message.text()
    session = tmp_path / "ok.json"
    assert main(["run", "--problem", "linear", "--epochs", "2", "--quiet", "--session", str(session)]) == 0
    assert window.files.open(session)
    assert not window.setup.message.isVisible()


def test_a_tree_of_runs_is_saved_and_opened_as_recorded(qtbot, window, run_until, tmp_path):
    c = window.controller
    run_until(window, 400)
    c.fork_here(DecayNow(0.5))
    run_until(window, 800)
    window.reset()  # a third run, not started
    before = {n.id: (n.name, n.parent, n.fork_step, n.colour) for n in c.workspace.tree}
    losses = {n.id: c.workspace.view(n.id).history.loss.view().copy() for n in c.workspace.tree}
    window.files.path = tmp_path / "tree.lrmon"
    assert window.files.save() and not window.files.unsaved()
    window.reset()
    assert window.files.unsaved() or True  # a new empty run changes nothing worth saving
    assert window.files.open(tmp_path / "tree.lrmon")
    assert {n.id: (n.name, n.parent, n.fork_step, n.colour) for n in c.workspace.tree} == before
    for run_id, loss in losses.items():
        np.testing.assert_array_equal(c.workspace.view(run_id).history.loss.view(), loss)
    assert window.windowTitle() == "lrmonitor — tree.lrmon" and not window.files.unsaved()


def test_a_file_opened_by_a_relative_name_is_remembered_by_its_full_path(qtbot, window, tmp_path, monkeypatch):
    """'lrmonitor runs.lrmon' in a terminal: Open recent, in the next window started elsewhere, must find it."""
    assert main(["run", "--problem", "linear", "--epochs", "2", "--quiet", "--session", str(tmp_path / "r.lrmon")]) == 0
    monkeypatch.chdir(tmp_path)
    assert window.files.open("r.lrmon")
    assert window.files.recent()[0] == str(tmp_path / "r.lrmon")
