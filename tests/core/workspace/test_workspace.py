"""The workspace of runs, on both engines: runs kept, forks beside their parents, delete and undo."""

import numpy as np
import pytest

from lrmonitor.core.engine import make_engine
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import ApplySchedule, DecayNow, Stamped
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import RunRecord
from lrmonitor.core.workspace.frames import FrameMaker
from lrmonitor.core.workspace.workspace import Workspace

LINEAR = RunConfig(problem="linear", epochs=20)


@pytest.fixture(params=["thread", "process"])
def workspace(request):
    engine = make_engine(request.param)
    yield Workspace(engine)
    engine.shutdown()


def train(ws, steps=None):
    """Train the current run (to its end, or ``steps`` more) and wait for it to stop."""
    ws.engine.start(steps)
    for _ in range(2000):
        ws.engine.poll()
        if not ws.engine.is_running:
            return
        import time

        time.sleep(0.005)
    raise AssertionError("the run did not stop")


def test_a_reset_keeps_the_old_run_beside_the_new_one(workspace):
    first = workspace.add_run(LINEAR)
    train(workspace, 100)
    second = workspace.add_run(LINEAR)
    assert workspace.current == second and [n.id for n in workspace.tree] == [first, second]
    assert workspace.view(first).step == 100 and workspace.view(second).step == 0
    assert {info.id: info.visible for info in workspace.infos()} == {first: True, second: True}
    assert workspace.tree[first].colour != workspace.tree[second].colour


def test_a_fork_is_its_parent_up_to_the_step_and_the_same_as_at_from_scratch(workspace):
    parent = workspace.add_run(LINEAR)
    train(workspace)
    spe = LINEAR.steps_per_epoch
    fork = workspace.fork(parent, 8 * spe, DecayNow(0.1))
    node = workspace.tree[fork]
    assert workspace.current == fork and node.parent == parent and node.fork_step == 8 * spe
    assert node.name == "decay ×0.1 at epoch 8"
    view = workspace.view(fork)
    np.testing.assert_array_equal(view.history.loss.view(), workspace.view(parent).history.loss.view()[: 8 * spe])
    train(workspace)
    same = Trainer(LINEAR, [Stamped(8 * spe, DecayNow(0.1))])
    same.run()
    np.testing.assert_array_equal(workspace.view(fork).history.loss.view(), same.history.loss.view())
    assert {info.id for info in workspace.infos() if info.visible} == {parent, fork}


def test_delete_takes_the_forks_too_and_undo_brings_everything_back(workspace):
    parent = workspace.add_run(LINEAR)
    train(workspace)
    fork = workspace.fork(parent, 64, ApplySchedule("exponential:gamma=0.9"))
    train(workspace)
    before = {i: workspace.view(i).history.loss.view().copy() for i in (parent, fork)}
    names = workspace.delete(parent)
    assert len(workspace.tree) == 0 and workspace.current is None and len(names) == 2
    assert workspace.engine.runs == {}  # the engine freed them
    assert workspace.undo() == names
    assert [n.id for n in workspace.tree] == [parent, fork] and workspace.current == parent
    for run_id, loss in before.items():
        np.testing.assert_array_equal(workspace.view(run_id).history.loss.view(), loss)  # loaded, not replayed
    assert workspace.view(fork).status == RunState.FINISHED


def test_replacing_an_unstarted_run_keeps_one_run_and_its_colour(workspace):
    workspace.add_run(LINEAR)
    run_id = workspace.replace_current(RunConfig(problem="linear", epochs=20, seed=3))
    assert len(workspace.tree) == 1 and workspace.tree[run_id].colour == 0
    assert workspace.view(run_id).config.seed == 3 and len(workspace.engine.runs) == 1


def test_names_follow_the_events_until_the_student_renames(workspace):
    run_id = workspace.add_run(LINEAR)
    assert workspace.tree[run_id].name == "fixed α=0.05"
    train(workspace, 64)
    workspace.engine.post(DecayNow(0.5))
    workspace.describe(run_id)
    assert workspace.tree[run_id].name == "α=0.05, decay ×0.5 at epoch 2"
    workspace.rename(run_id, "my run")
    workspace.describe(run_id)
    assert workspace.tree[run_id].name == "my run"


def test_frames_say_what_changed(workspace):
    workspace.add_run(LINEAR)
    maker = FrameMaker(workspace)
    frame, news = maker.make()
    assert frame.first and frame.runs_changed and frame.data_changed and news is None
    frame, _ = maker.make()
    assert not (frame.first or frame.runs_changed or frame.data_changed or frame.events_changed)
    train(workspace, 64)
    frame, _ = maker.make()
    assert frame.data_changed and frame.steps == 64 and not frame.first
    other = workspace.add_run(LINEAR)
    frame, _ = maker.make()
    assert frame.first and frame.current.id == other and len(frame.runs) == 2


def test_a_recorded_run_joins_as_a_first_run_with_its_name_kept(workspace):
    first = workspace.add_run(LINEAR)
    other = Trainer(RunConfig(problem="linear", epochs=3, lr=0.01))
    other.run()
    added = workspace.add_record(RunRecord.of(other), "α0=0.01 (low)")
    assert workspace.current == added and added in workspace.visible and first in workspace.tree
    FrameMaker(workspace).make()  # a frame describes runs by their events: a chosen name stays
    assert workspace.tree[added].name == "α0=0.01 (low)" and workspace.tree[added].parent is None
    np.testing.assert_array_equal(workspace.view(added).history.loss.view(), other.history.loss.view())
