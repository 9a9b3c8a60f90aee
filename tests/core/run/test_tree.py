import dataclasses

import numpy as np
import pytest

from lrmonitor.core.run.checkpoint import Checkpoints
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import DecayNow, SetRate, Stamped, parse_action
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import (
    RunRecord,
    RunTree,
    check_name,
    continue_run,
    default_name,
    describe_action,
    fork,
    fork_range,
    schedule_label,
)
from lrmonitor.core.training.problems import SpiralMLP

MLP = RunConfig(problem="mlp", epochs=12, train_size=150, val_size=60, batch_size=16)  # 10 steps per epoch
SPE = 10
LINEAR = RunConfig(problem="linear", optimizer="sgd", lr=0.05, epochs=12, train_size=100, val_size=50, batch_size=10)


def trained(config=MLP, events=(), **kwargs):
    trainer = Trainer(config, events, **kwargs)
    trainer.run()
    return trainer


def columns(trainer, steps=None):
    """Every history column, the step ones cut at ``steps`` and the epoch ones at the epochs done by then."""
    h = trainer.history
    epochs = None if steps is None else steps // h.steps_per_epoch
    return {
        "loss": h.loss.view(steps).tobytes(), "lr": h.lr.view(steps).tobytes(),
        "epoch_lr": h.epoch_lr.view(epochs).tobytes(), "train_loss": h.train_loss.view(epochs).tobytes(),
        "val_loss": h.val_loss.view(epochs).tobytes(),
    }


def identical(a, b):
    assert columns(a) == columns(b)
    assert a.history.events == b.history.events
    assert a.status is b.status and a.history.diverged_at == b.history.diverged_at
    assert all(x.tobytes() == y.tobytes() for x, y in zip(a.params, b.params))


def small_store():
    return Checkpoints(SPE, min_steps=20)  # every 2 epochs: forks start from a checkpoint in these short runs


@pytest.mark.parametrize("step", [0, 40, 47, 60, 119])
def test_the_fork_is_the_parent_up_to_the_fork_step(step):
    parent = trained(checkpoints=small_store())
    child = fork(parent, step, "decay=0.1")
    assert child.step == step and child.status is (RunState.IDLE if step == 0 else RunState.PAUSED)
    assert columns(child, step) == columns(parent, step)
    child.run()
    assert columns(child, step) == columns(parent, step)
    assert child.history.lr.view()[step:].tobytes() != parent.history.lr.view()[step:].tobytes()


@pytest.mark.parametrize("action", ["step:factor=0.1,every=2", "decay=0.5", "lr=0.01", "optimizer=adam",
                                    "plateau:patience=1", "exponential:gamma=0.8,per=step"])
@pytest.mark.parametrize("epoch", [0, 5, 6])
def test_a_fork_at_an_epoch_equals_a_fresh_run_with_the_action_there(action, epoch):
    before = [Stamped(0, parse_action("exponential:gamma=0.95")), Stamped(3 * SPE, DecayNow(0.8))]
    parent = trained(MLP, [*before, Stamped(9 * SPE, DecayNow(0.5))], checkpoints=small_store())  # 9: its future
    child = fork(parent, epoch * SPE, action)
    child.run()
    kept = [s for s in before if s.step <= epoch * SPE]
    identical(child, trained(MLP, [*kept, Stamped(epoch * SPE, parse_action(action))]))


def test_a_fork_inside_an_epoch_equals_a_fresh_run_with_the_event_at_that_step():
    parent = trained(checkpoints=small_store())
    child = fork(parent, 53, SetRate(0.02))
    child.run()
    identical(child, trained(MLP, [Stamped(53, SetRate(0.02))]))


def test_the_parents_events_at_the_fork_step_come_first():
    parent = trained(MLP, [Stamped(40, DecayNow(0.5))], checkpoints=small_store())
    child = fork(parent, 40, "lr=0.03")
    child.run()
    assert [s.event for s in child.history.events] == [DecayNow(0.5), SetRate(0.03)]
    identical(child, trained(MLP, [Stamped(40, DecayNow(0.5)), Stamped(40, SetRate(0.03))]))


def test_a_fork_starts_from_the_nearest_checkpoint(monkeypatch):
    parent = trained(checkpoints=small_store())
    calls = []
    original = SpiralMLP.loss_grad
    monkeypatch.setattr(SpiralMLP, "loss_grad", lambda self, *a: calls.append(1) or original(self, *a))
    child = fork(parent, 77, "decay=0.5")
    assert len(calls) == 77 - 60  # replayed from the checkpoint at step 60, not from 0
    assert [c.step for c in child.checkpoints] == [20, 40, 60]  # the parent's, shared


def test_forks_of_forks_and_of_records_without_checkpoints():
    parent = trained(MLP, [Stamped(0, parse_action("cosine:period=10"))])
    child = fork(parent, 30, "decay=0.5")
    child.run()
    grandchild = fork(child, 75, "lr=0.01")
    grandchild.run()
    fresh = trained(MLP, [Stamped(0, parse_action("cosine:period=10")), Stamped(30, DecayNow(0.5)),
                          Stamped(75, SetRate(0.01))])
    identical(grandchild, fresh)
    record = dataclasses.replace(RunRecord.of(child), checkpoints=None)
    again = fork(record, 75, "lr=0.01")
    again.run()
    identical(again, fresh)


def test_forks_of_a_diverged_or_finished_parent():
    config = dataclasses.replace(LINEAR, lr=1.5, epochs=30)
    parent = trained(config, checkpoints=Checkpoints(SPE, min_steps=1))
    assert parent.status is RunState.DIVERGED
    diverged_at = parent.history.diverged_at
    assert fork_range(parent) == (0, diverged_at - 1)
    last = fork(parent, diverged_at - 1, "decay=0.01")
    assert columns(last, diverged_at - 1) == columns(parent, diverged_at - 1)
    child = fork(parent, 20, "decay=0.01")
    child.run()
    assert child.status is RunState.FINISHED  # the lower rate saves it
    identical(child, trained(config, [Stamped(20, DecayNow(0.01))]))
    with pytest.raises(ValueError, match=rf"fork step {diverged_at} is outside the recorded run: "
                                         rf"allowed is 0 <= step <= {diverged_at - 1}"):
        fork(parent, diverged_at, "decay=0.5")

    finished = trained()
    assert fork_range(finished) == (0, 119)
    early = fork(finished, 5, "decay=0.5")
    early.run()
    identical(early, trained(MLP, [Stamped(5, DecayNow(0.5))]))
    for bad in (120, -1, 1000):
        message = rf"fork step {bad} is outside the recorded run: allowed is 0 <= step <= 119"
        with pytest.raises(ValueError, match=message):
            fork(finished, bad, "decay=0.5")


def test_a_paused_parent_can_be_forked_at_its_current_step():
    parent = Trainer(MLP)
    parent.run(35)
    assert fork_range(parent) == (0, 35)
    child = fork(parent, 35, "decay=0.5")
    child.run()
    identical(child, trained(MLP, [Stamped(35, DecayNow(0.5))]))


@pytest.mark.parametrize("events", [[], [Stamped(0, parse_action("plateau:patience=1,threshold=0.01")),
                                         Stamped(55, DecayNow(0.5))]])
def test_continuing_a_finished_run_equals_one_longer_run(events):
    first = trained(MLP, events)
    assert first.status is RunState.FINISHED
    more = continue_run(first, 8)
    assert more.config.epochs == 20 and more.status is RunState.PAUSED
    assert columns(more) == columns(first)  # a copy of what was there
    more.run()
    longer = dataclasses.replace(MLP, epochs=20)
    identical(more, trained(longer, events))
    replayed = trained(more.config, more.history.events)  # config + event log: a replay reproduces it
    identical(replayed, more)
    assert first.config.epochs == 12 and first.step == 120  # the original run is left as it was


def test_continue_refuses_what_cannot_go_on():
    with pytest.raises(ValueError, match="'until stopped' run has no end"):
        continue_run(Trainer(dataclasses.replace(MLP, epochs=None)), 5)
    with pytest.raises(ValueError, match="a diverged run cannot go on"):
        continue_run(trained(dataclasses.replace(LINEAR, lr=1.5, epochs=30)), 5)
    for bad in (0, -3, 999_989, 2.5):
        with pytest.raises(ValueError, match=rf"{bad!r} more epochs is out of range: allowed is 1 <= epochs <= 999988"):
            continue_run(trained(), bad)


def test_default_names_say_what_a_run_is():
    config = RunConfig().validated()  # mlp, momentum, alpha0 = 0.3, 32 steps per epoch
    spe = config.steps_per_epoch
    assert default_name(config) == "fixed α=0.3"
    assert default_name(config, (), Stamped(33 * spe, parse_action("step:factor=0.1,every=20"))) == \
        "step ×0.1/20 from epoch 33"
    assert default_name(config, (), Stamped(40 * spe, DecayNow(0.5))) == "decay ×0.5 at epoch 40"
    assert default_name(config, (), Stamped(12 * spe, SetRate(0.01))) == "lr=0.01 from epoch 12"
    assert default_name(config, (), Stamped(5 * spe, parse_action("optimizer=adam"))) == "adam from epoch 5"
    assert default_name(config, [Stamped(25 * spe, parse_action("step"))]) == "α=0.3, step ×0.1/20 from epoch 25"
    many = [Stamped(step, DecayNow(0.9999)) for step in range(1, 3001)]  # a long session: a valid name
    assert default_name(config, many) == "α=0.3, decay ×0.9999 at step 1 and 2,999 more events"
    assert check_name(default_name(config, many[:4])) and check_name(default_name(config, many[:3]))
    assert describe_action(DecayNow(0.5), 100, spe) == "decay ×0.5 at step 100"
    assert schedule_label("exponential:gamma=0.9,per=step") == "exponential γ=0.9 per step"
    assert schedule_label("cosine:period=30,min=0.001") == "cosine T=30→0.001"
    assert schedule_label("plateau") == "plateau ×0.1, patience 10"
    assert schedule_label("inverse") == "inverse k=0.1" and schedule_label("constant") == "constant"
    warmup_then_cosine = [Stamped(0, parse_action("warmup:epochs=5")),
                          Stamped(5 * spe, parse_action("cosine:period=45"))]
    assert default_name(config, warmup_then_cosine) == \
        "α=0.3, warmup ×0.1→1 in 5 from epoch 0, cosine T=45 from epoch 5"
    assert schedule_label("onecycle:max=0.5") == "onecycle max=0.5 T=100"  # per step: its usual clock
    assert schedule_label("sgdr:period=10,mult=2,min=0.001") == "sgdr T=10×2→0.001"


def test_run_tree_add_fork_children_rename_and_colours():
    tree = RunTree()
    root = tree.add(trained(checkpoints=small_store()))
    assert (root.id, root.name, root.parent, root.colour) == (1, "fixed α=0.3", None, 0)
    a = tree.fork(root.id, 40, "decay=0.5")
    a.run.run()
    b = tree.fork(root.id, 60, "step:factor=0.5,every=2", name="my decay")
    c = tree.fork(a.id, 80, "lr=0.001")
    assert (a.name, a.parent, a.fork_step, a.action, a.colour) == ("decay ×0.5 at epoch 4", 1, 40, DecayNow(0.5), 1)
    assert b.name == "my decay" and c.name == "lr=0.001 from epoch 8" and c.colour == 3
    assert b.run.step == 60 and c.run.history.events[-1] == Stamped(80, SetRate(0.001))
    assert [n.id for n in tree.children(root.id)] == [a.id, b.id] and tree.children(c.id) == []
    assert tree.parent_of(c.id) is a and tree.roots() == [root] and len(tree) == 4 and c.id in tree
    tree.rename(b.id, "  half every 2  ")
    assert tree[b.id].name == "half every 2"
    for bad in ("", "   ", "x" * 81):
        with pytest.raises(ValueError, match="is not valid: allowed is 1 to 80 characters"):
            tree.rename(b.id, bad)
    with pytest.raises(KeyError, match="run id 99 is not in the tree: allowed are 1, 2, 3, 4"):
        tree.fork(99, 10, "decay=0.5")
    with pytest.raises(ValueError, match="fork step 500 is outside the recorded run"):
        tree.fork(root.id, 500, "decay=0.5")
    with pytest.raises(ValueError, match="needs its fork step and action"):
        tree.add(a.run, parent=root.id)


def test_run_tree_delete_and_undo():
    tree = RunTree()
    root = tree.add(trained(LINEAR))
    a = tree.fork(root.id, 20, "decay=0.5")
    a.run.run()
    b = tree.fork(root.id, 30, "decay=0.1")
    c = tree.fork(a.id, 50, "lr=0.01")
    removed = tree.delete(a.id)
    assert [n.id for n in removed.nodes] == [a.id, c.id] and [n.id for n in tree] == [root.id, b.id]
    d = tree.fork(root.id, 40, "decay=0.2")
    assert d.id == 5 and d.colour == a.colour  # ids are never reused; the free colour is
    tree.restore(removed)
    assert [n.id for n in tree] == [1, 2, 3, 4, 5]
    assert tree[a.id] is a and tree[c.id].run is c.run and tree[c.id].parent == a.id
    with pytest.raises(ValueError, match="run id 2 is already in the tree"):
        tree.restore(removed)
    orphan = tree.delete(c.id)
    tree.delete(a.id)
    with pytest.raises(ValueError, match="run 4's parent 2 is gone"):
        tree.restore(orphan)
    everything = tree.delete(root.id)
    assert len(tree) == 0 and len(everything.nodes) == 3
    tree.restore(everything)
    assert [n.id for n in tree] == [1, 3, 5]


def test_a_tree_of_records():
    record = RunRecord.of(trained(LINEAR))
    tree = RunTree()
    root = tree.add(record)
    child = tree.fork(root.id, 50, "decay=0.5")
    child.run.run()
    assert np.array_equal(child.run.history.loss.view(50), record.history.loss.view(50))


def test_insert_keeps_a_nodes_id_and_later_runs_come_after_it():
    from lrmonitor.core.run.tree import RunNode, RunTree

    tree = RunTree()
    tree.insert(RunNode(5, "base", None, None, None, 2))
    tree.insert(RunNode(7, "fork", 5, 32, DecayNow(0.5), 0))
    assert [n.id for n in tree] == [5, 7] and tree.children(5)[0].name == "fork"
    assert tree.add(None, name="next").id == 8
    with pytest.raises(ValueError, match="already in the tree"):
        tree.insert(RunNode(5, "again", None, None, None, 1))
    with pytest.raises(KeyError, match="run id 99"):
        tree.insert(RunNode(9, "orphan", 99, 1, DecayNow(0.5), 1))


def test_a_fork_shows_its_parents_recorded_numbers_before_the_fork_step():
    """As on another computer, where a replay since the checkpoint differs in the last bits."""
    from lrmonitor.core.run.tree import RunRecord

    parent = Trainer(RunConfig(problem="linear", epochs=40))
    parent.run()
    recorded = RunRecord.of(parent)
    recorded.history.loss.view()[1000:1100] += 1e-12  # "recorded elsewhere"
    child = fork(recorded, 1100, DecayNow(0.5))
    np.testing.assert_array_equal(child.history.loss.view()[:1100], recorded.history.loss.view()[:1100])
    np.testing.assert_array_equal(child.history.val_loss.view(), recorded.history.val_loss.view()[: 1100 // 32])
