"""Attached trainings as runs of the workspace: read, drawn, recorded, saved and loaded like any run,
never trained by the engine, and refused (with the reason) what needs a replay."""

import math

import pytest

from lrmonitor.core.engine import make_engine
from lrmonitor.core.engine.interface import TrainerView
from lrmonitor.core.files.lrmon import load_any
from lrmonitor.core.files.lrmon_writing import save_tree
from lrmonitor.core.link.record import Acknowledged, AttachedRun, TrainingInfo
from lrmonitor.core.link.view import AttachedView
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import DecayNow
from lrmonitor.core.run.state import RunState
from lrmonitor.core.workspace.attaching import AttachingEngine
from lrmonitor.core.workspace.frames import FrameMaker
from lrmonitor.core.workspace.workspace import Workspace

LINEAR = RunConfig(problem="linear", epochs=20)


@pytest.fixture
def workspace():
    engine = AttachingEngine(make_engine("thread"))
    yield Workspace(engine)
    engine.shutdown()


def training(steps=40, spe=8):
    info = TrainingInfo.from_hello({"run": "abc", "mode": "override", "lr": 0.1, "pid": 1, "script": "train.py",
                                    "world_size": 1, "steps_per_epoch": spe, "framework": "torch"})
    run = AttachedRun(info)
    rows = []
    for i in range(steps):
        end = (i + 1) % spe == 0
        rows.append((i + 1, i // spe, 0.1 if i < 20 else 0.05, 1.0 / (i + 1), 0.5 / (i + 1) if end else None, None,
                     1.0 / (i + 1) if end else None))
    run.add_rows(rows)
    return run


def test_an_attached_view_is_a_trainer_view_of_what_the_training_reported():
    view = AttachedView(training())
    assert isinstance(view, TrainerView)
    assert view.step == 40 and view.history.epochs == 5 and view.steps_per_epoch == 8
    assert view.current_lr() == 0.05 and view.training_step == 40
    assert view.status is RunState.RUNNING and not view.done
    view.paused = True
    assert view.status is RunState.PAUSED
    view.connected = False
    assert view.status is RunState.FINISHED and view.done
    assert view.summary()["steps"] == 40 and view.summary()["status"] == "finished"
    assert view.config.epochs is None and view.config.lr == 0.1  # a valid placeholder, never trained from


def test_the_engine_holds_attached_runs_beside_its_own_and_never_trains_them(workspace):
    engine = workspace.engine
    built_in = workspace.add_run(LINEAR)
    view = AttachedView(training())
    attached = workspace.add_attached(engine.add_attached(view), "attached: train.py")
    assert workspace.current == attached and engine.trainer is view and engine.state is RunState.RUNNING
    assert not engine.is_running and not engine.lost and not engine.preparing  # the transport is the link's
    frame, _ = FrameMaker(workspace).make()
    assert frame.run is view and frame.series.steps == 40 and frame.state is RunState.RUNNING
    workspace.describe(attached)
    assert workspace.tree[attached].name == "attached: train.py"  # not named from a configuration
    for refused in (lambda: workspace.fork(attached, 10, DecayNow(0.5)),
                    lambda: workspace.continue_run(attached, 10),
                    lambda: engine.start(), lambda: engine.step_epoch(), lambda: engine.post(DecayNow(0.5))):
        with pytest.raises(ValueError, match="cannot be|attached training"):
            refused()
    engine.pause()  # nothing: an attached training is paused through its link
    workspace.select(built_in)
    assert engine.trainer is not view and engine.state is RunState.IDLE
    workspace.select(attached)
    assert engine.trainer is view
    names = workspace.delete(attached)
    assert names == ["attached: train.py"] and attached not in workspace.tree and workspace.current == built_in
    workspace.undo()
    back = engine.trainer
    assert isinstance(back, AttachedView) and back.attached is view.attached and back.done


def test_a_saved_attached_run_opens_as_recorded(workspace, tmp_path):
    engine = workspace.engine
    workspace.add_run(LINEAR)
    view = AttachedView(training())
    view.history.events.append(Acknowledged(20, DecayNow(0.5), 0.05))
    view.connected = False
    workspace.add_attached(engine.add_attached(view), "attached: train.py")
    save_tree(tmp_path / "runs.lrmon", workspace.saved_tree())
    loaded = load_any(tmp_path / "runs.lrmon").runs
    assert len(loaded) == 2 and loaded[-1].name == "attached: train.py"
    record = loaded[-1].record
    assert record.origin["script"] == "train.py" and record.origin["steps_per_epoch"] == 8
    workspace.open_tree(loaded)
    again = engine.trainer
    assert isinstance(again, AttachedView) and again.done and again.steps_per_epoch == 8
    assert list(again.history.loss.view()) == list(view.history.loss.view())
    assert list(again.history.val_loss.view()) == list(view.history.val_loss.view())
    assert [(s.step, s.event) for s in again.history.events] == [(20, DecayNow(0.5))]
    assert again.info.script == "train.py" and not math.isnan(again.current_lr())
