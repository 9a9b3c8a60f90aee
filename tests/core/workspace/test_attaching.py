"""Attached trainings as runs of the workspace: read, drawn, recorded, saved and loaded like any run,
never trained by the engine, and refused (with the reason) what needs a replay."""

import io
import json
import math
import zipfile

import numpy as np
import pytest

from lrmonitor.core.engine import make_engine
from lrmonitor.core.engine.interface import TrainerView
from lrmonitor.core.files.lrmon import load_any
from lrmonitor.core.files.lrmon_writing import save_tree
from lrmonitor.core.link.record import Ack, Acknowledged, AttachedRun, TrainingInfo
from lrmonitor.core.link.view import AttachedView
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import DecayNow, Stamped
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
    assert again.history.events == [Acknowledged(20, DecayNow(0.5), 0.05)]  # with the rate the training used
    assert again.history.events[0].label() == "decay ×0.5 → lr 0.05"
    assert again.info.script == "train.py" and not math.isnan(again.current_lr())
    assert list(again.attached.steps.view()) == list(view.attached.steps.view())
    assert again.attached.val_rows == view.attached.val_rows


def sparse_training():
    """A training that logged every step up to 12, then every fifth (rows at steps 1..12, 17, 22, ...)."""
    run = training(steps=12, spe=4)
    run.add_rows([(s, (s - 1) // 4, 0.01, 1.0 / s, 0.5 / s if s % 20 == 0 else None, 2.0, None)
                  for s in range(17, 63, 5)])
    run.add_ack(Ack(1, "decay=0.1", True, 12, 0.01), DecayNow(0.1))
    return run


def save_and_open(workspace, run, path):
    view = AttachedView(run)
    view.connected = False
    workspace.add_attached(workspace.engine.add_attached(view), "attached: train.py")
    save_tree(path, workspace.saved_tree())
    workspace.open_tree(load_any(path).runs)
    return view, workspace.engine.trainer


def test_a_saved_attached_run_keeps_the_optimizer_step_of_every_row_and_event(workspace, tmp_path):
    view, again = save_and_open(workspace, sparse_training(), tmp_path / "runs.lrmon")
    steps = [int(s) for s in view.attached.steps.view()]
    assert steps[10:14] == [11, 12, 17, 22]
    assert [int(s) for s in again.attached.steps.view()] == steps and again.training_step == 62
    assert again.history.events == view.history.events == [Acknowledged(12, DecayNow(0.1), 0.01)]
    assert again.history.events[0].label() == "decay ×0.1 → lr 0.01"
    for column in ("epochs", "grad_norm"):
        assert np.array_equal(getattr(again.attached, column).view(), getattr(view.attached, column).view(),
                              equal_nan=True)
    assert again.attached.val_rows == view.attached.val_rows
    table, before = again.attached.step_table(), view.attached.step_table()
    assert all(np.array_equal(table[k], before[k], equal_nan=True) for k in table)
    save_tree(tmp_path / "again.lrmon", workspace.saved_tree())  # saved again from the opened run: the same
    workspace.open_tree(load_any(tmp_path / "again.lrmon").runs)
    third = workspace.engine.trainer
    assert [int(s) for s in third.attached.steps.view()] == steps and third.history.events == view.history.events


def without_kept_columns(path):
    """The file as lrmonitor wrote it before it kept an attached run's own columns and its events' rates."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    manifest = json.loads(members["manifest.json"])
    for entry in manifest["runs"]:
        entry.pop("attached_arrays", None)
        for event in entry["events"]:
            event.pop("lr", None)
    members["manifest.json"] = json.dumps(manifest).encode()
    members = {k: v for k, v in members.items() if "/attached/" not in k}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_file_saved_before_opens_as_it_did(workspace, tmp_path):
    path = tmp_path / "old.lrmon"
    view, _ = save_and_open(workspace, sparse_training(), path)
    without_kept_columns(path)
    workspace.open_tree(load_any(path).runs)
    again = workspace.engine.trainer
    assert list(again.history.loss.view()) == list(view.history.loss.view())
    assert [int(s) for s in again.attached.steps.view()] == list(range(1, view.step + 1))  # not kept then
    assert again.history.events == [Stamped(12, DecayNow(0.1))]
    assert again.history.events[0].label() == "decay ×0.1"


@pytest.mark.parametrize(("change", "fragment"), [
    (lambda e, m: e["events"][0].update(lr="fast"), "event rate 'fast' is not valid"),
    (lambda e, m: e["events"][0].update(lr=-1), "event rate -1 is not valid"),
    (lambda e, m: e.update(attached_arrays=[]), "attached arrays are not an object"),
    (lambda e, m: m["runs"][0].update(attached_arrays=e["attached_arrays"]), "but is not an attached training's run"),
    (lambda e, m: e["attached_arrays"].pop("val_rows"), "val_rows array"),
])
def test_damaged_attached_columns_are_refused(workspace, tmp_path, change, fragment):
    path = tmp_path / "runs.lrmon"
    workspace.add_run(LINEAR)
    save_and_open(workspace, sparse_training(), path)
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    manifest = json.loads(members["manifest.json"])
    change(manifest["runs"][-1], manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ValueError, match=fragment):
        load_any(path)


@pytest.mark.parametrize("delta", [-100, 10**12, 2**62])
def test_attached_steps_out_of_range_are_refused(workspace, tmp_path, delta):
    """The steps are kept as deltas (the first step, then differences): a sum below 0 or above 10^12 is refused,
    and huge deltas that wrap around cannot bring it back into the range."""
    path = tmp_path / "runs.lrmon"
    save_and_open(workspace, sparse_training(), path)
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    name = next(k for k in members if k.endswith("attached/step_deltas.npy"))
    deltas = np.load(io.BytesIO(members[name]))
    assert list(np.cumsum(deltas)[10:14]) == [11, 12, 17, 22]
    deltas[3] = delta
    if delta == 2**62:
        deltas[3:7] = 2**62  # 4 × 2^62 wraps around to the step it was: still refused
    buffer = io.BytesIO()
    np.save(buffer, deltas)
    members[name] = buffer.getvalue()
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    with pytest.raises(ValueError, match="attached steps are not all whole numbers from 0 to"):
        load_any(path)
