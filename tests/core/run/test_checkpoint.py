import dataclasses

import numpy as np
import pytest

from lrmonitor.core.run.checkpoint import Checkpoints
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import DecayNow, Stamped, parse_action
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer

LINEAR = RunConfig(problem="linear", optimizer="sgd", lr=0.05, epochs=12, train_size=100, val_size=50, batch_size=10)
MLP = RunConfig(problem="mlp", epochs=10, train_size=150, val_size=60, batch_size=16)  # 10 steps per epoch


def same_history(a: Trainer, b: Trainer) -> None:
    """Bit for bit: every step and epoch column, the event log and the end state."""
    ha, hb = a.history, b.history
    for name in ("loss", "lr", "epoch_lr", "train_loss", "val_loss"):
        np.testing.assert_array_equal(getattr(ha, name).view(), getattr(hb, name).view(), err_msg=name)
        assert getattr(ha, name).view().tobytes() == getattr(hb, name).view().tobytes(), name
    assert ha.events == hb.events
    assert ha.diverged_at == hb.diverged_at
    assert a.status is b.status


def same_params(a: Trainer, b: Trainer) -> None:
    assert all(x.tobytes() == y.tobytes() for x, y in zip(a.params, b.params))


CASES = [
    (MLP, "momentum", []),
    (MLP, "nesterov", [Stamped(25, parse_action("exponential:gamma=0.7,per=step"))]),
    (MLP, "adam:amsgrad=true", [Stamped(0, parse_action("cosine:period=4,min=0.001"))]),
    (MLP, "rmsprop:momentum=0.5,centered=true", [Stamped(30, parse_action("decay=0.5"))]),
    (MLP, "adagrad:lr_decay=0.01", [Stamped(10, parse_action("lr=0.1"))]),
    (LINEAR, "sgd", [Stamped(0, parse_action("plateau:patience=1,threshold=0.05"))]),
    (LINEAR, "momentum", [Stamped(33, parse_action("step:factor=0.5,every=2,per=step")),
                          Stamped(40, parse_action("optimizer=adam"))]),
]


@pytest.mark.parametrize("config, optimizer, events", CASES)
@pytest.mark.parametrize("at", [30, 37, 0])  # an epoch boundary, inside an epoch, the start
def test_a_trainer_from_a_checkpoint_goes_on_bit_for_bit(config, optimizer, events, at):
    config = dataclasses.replace(config, optimizer=optimizer, lr=None)
    original = Trainer(config, events)
    original.run(at)
    checkpoint = original.checkpoint()
    resumed = Trainer.from_checkpoint(config, None, checkpoint, history=original.history)
    again = Trainer.from_checkpoint(config, None, checkpoint, history=original.history)  # a checkpoint is reusable
    assert resumed.step == at
    for trainer in (original, resumed, again):
        trainer.run()
    reference = Trainer(config, events)
    reference.run()
    for trainer in (original, resumed, again):
        same_history(trainer, reference)
        same_params(trainer, reference)


def test_plateau_state_is_carried_over():
    events = [Stamped(0, parse_action("plateau:patience=1,threshold=0.05"))]
    original = Trainer(dataclasses.replace(LINEAR, epochs=40), events)
    original.run(300)
    checkpoint = original.checkpoint()
    assert checkpoint.schedule.startswith("plateau:")
    assert checkpoint.schedule_state["current"] is not None  # it has dropped the rate already
    resumed = Trainer.from_checkpoint(original.config, None, checkpoint, history=original.history)
    assert resumed.rate.schedule.current == original.rate.schedule.current
    assert vars(resumed.rate.schedule.detector) == vars(original.rate.schedule.detector)
    original.run()
    resumed.run()
    same_history(resumed, original)


def test_checkpoint_holds_copies_and_is_read_only():
    trainer = Trainer(MLP)
    trainer.run(25)
    checkpoint = trainer.checkpoint()
    before = [p.copy() for p in checkpoint.params]
    state_before = [b.copy() for b in checkpoint.optimizer_state]
    trainer.run()  # the trainer's arrays change in place
    assert all(np.array_equal(a, b) for a, b in zip(checkpoint.params, before))
    assert all(np.array_equal(a, b) for a, b in zip(checkpoint.optimizer_state, state_before))
    with pytest.raises(ValueError):
        checkpoint.params[0][0] = 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        checkpoint.step = 3
    assert checkpoint.order is not None and checkpoint.order.flags.writeable is False  # mid-epoch: kept
    assert checkpoint.nbytes > sum(p.nbytes for p in checkpoint.params)
    assert checkpoint.status is RunState.PAUSED and checkpoint.epochs == 2


def test_the_shuffle_generator_and_order_are_restored():
    trainer = Trainer(MLP)
    trainer.run(25)
    checkpoint = trainer.checkpoint()
    assert checkpoint.rng_state == trainer._shuffle_rng.bit_generator.state
    assert checkpoint.generator().permutation(10).tolist() == trainer._shuffle_rng.permutation(10).tolist()
    at_boundary = Trainer(MLP)
    at_boundary.run(20)
    assert at_boundary.checkpoint().order is None  # the next step draws a new order anyway


def test_posted_and_planned_events_are_pending_in_the_checkpoint():
    trainer = Trainer(MLP, [Stamped(60, DecayNow(0.5))])
    trainer.run(25)
    trainer.post(parse_action("lr=0.05"))  # not applied until the next step boundary
    checkpoint = trainer.checkpoint()
    assert checkpoint.pending == (Stamped(60, DecayNow(0.5)), Stamped(25, parse_action("lr=0.05")))
    assert checkpoint.applied == 0
    resumed = Trainer.from_checkpoint(MLP, None, checkpoint, history=trainer.history)
    trainer.run()
    resumed.run()
    same_history(resumed, trainer)


def test_a_different_future_is_a_fork_of_the_same_past():
    events = [Stamped(0, parse_action("exponential:gamma=0.9"))]
    parent = Trainer(MLP, events)
    parent.run(40)
    future = [*events, Stamped(40, DecayNow(0.1))]
    child = Trainer.from_checkpoint(MLP, future, parent.checkpoint(), history=parent.history)
    child.run()
    fresh = Trainer(MLP, future)
    fresh.run()
    same_history(child, fresh)


def test_checkpoints_do_not_change_the_numbers():
    every_epoch = Checkpoints(MLP.steps_per_epoch, min_steps=1)
    with_store, without = Trainer(MLP, checkpoints=every_epoch), Trainer(MLP, checkpoints=False)
    with_store.run()
    without.run()
    same_history(with_store, without)
    assert without.checkpoints is None and len(with_store.checkpoints) == 10
    assert isinstance(Trainer(MLP).checkpoints, Checkpoints)  # kept by default


def test_the_store_is_filled_at_epoch_ends_on_its_grid():
    store = Checkpoints(MLP.steps_per_epoch, min_steps=20)
    trainer = Trainer(MLP, checkpoints=store)
    trainer.run()
    assert trainer.checkpoints is store and store.spacing == 2
    assert [c.step for c in store] == [20, 40, 60, 80, 100]
    assert all(c.order is None for c in store)
    assert [c.status for c in store][-2:] == [RunState.PAUSED, RunState.FINISHED]
    assert store.at_or_before(59).step == 40 and store.at_or_before(60).step == 60 and store.at_or_before(19) is None
    assert [c.step for c in store.until(61)] == [20, 40, 60] and len(store) == 5  # until() leaves it as it was


def test_the_store_doubles_its_spacing_and_stays_within_the_replay_bound():
    spe = 10
    store = Checkpoints(spe, limit=4, min_steps=1, max_replay=80)
    base = Trainer(MLP).checkpoint()
    for epochs in range(1, 1001):
        if store.due(epochs):
            store.add(dataclasses.replace(base, step=epochs * spe))
        steps = [c.step for c in store]
        assert all(s % (store.spacing * spe) == 0 for s in steps)
        assert store.spacing * spe <= 80
        gaps = np.diff([0, *steps, epochs * spe - epochs * spe % (store.spacing * spe)])
        assert gaps.max() <= 80  # a fork anywhere replays at most max_replay steps
    assert store.spacing == 8 and len(store) == 125  # past the replay bound, the count grows with the run
    assert store.nbytes == 125 * base.nbytes


def test_the_store_stays_within_its_byte_budget():
    base = Trainer(MLP).checkpoint()
    store = Checkpoints(10, limit=4, min_steps=1, max_replay=80, max_bytes=10 * base.nbytes)
    for epochs in range(1, 5001):
        if store.due(epochs):
            store.add(dataclasses.replace(base, step=epochs * 10))
        assert store.nbytes <= 10 * base.nbytes
    assert len(store) <= 10 and store.spacing > 8


def test_default_store_on_a_million_mlp_steps():
    """The default store on the default mlp (32 steps per epoch): checkpoints at most 64 epochs
    (2048 steps) apart over 10^6 steps, about 490 of them."""
    config = RunConfig().validated()
    base = Trainer(dataclasses.replace(config, epochs=1)).checkpoint()
    store = Checkpoints(config.steps_per_epoch)
    epochs = 10**6 // config.steps_per_epoch
    for done in range(1, epochs + 1):
        if store.due(done):
            store.add(dataclasses.replace(base, step=done * config.steps_per_epoch))
    steps = [c.step for c in store]
    assert store.spacing * config.steps_per_epoch == 2048
    assert np.diff([0, *steps, 10**6]).max() <= 2048
    assert len(store) == epochs // 64 and store.nbytes < 16 << 20


def test_checkpoint_store_settings_are_checked():
    with pytest.raises(ValueError, match="limit=1 .*>= 2"):
        Checkpoints(10, limit=1)


def test_restore_refuses_what_does_not_fit():
    parent = Trainer(MLP, [Stamped(10, DecayNow(0.5))])
    parent.run(30)
    checkpoint = parent.checkpoint()
    with pytest.raises(ValueError, match=r"seed=1 differs from the checkpoint's run \(0\)"):
        Trainer.from_checkpoint(dataclasses.replace(MLP, seed=1), None, checkpoint, history=parent.history)
    with pytest.raises(ValueError, match="checkpoint step 30 is beyond a run of 2 epochs: allowed is step <= 20"):
        Trainer.from_checkpoint(dataclasses.replace(MLP, epochs=2), None, checkpoint, history=parent.history)
    with pytest.raises(ValueError, match="does not start with the 1 events"):
        Trainer.from_checkpoint(MLP, [Stamped(10, DecayNow(0.1))], checkpoint, history=parent.history)
    with pytest.raises(ValueError, match="event at step 20 comes before the checkpoint at step 30"):
        Trainer.from_checkpoint(MLP, [Stamped(10, DecayNow(0.5)), Stamped(20, DecayNow(0.5))], checkpoint,
                                history=parent.history)
    with pytest.raises(ValueError, match="the history has 0 steps: allowed is a history of at least 30"):
        Trainer.from_checkpoint(MLP, None, checkpoint, history=Trainer(MLP).history)


def test_a_diverged_trainer_has_no_checkpoint():
    trainer = Trainer(dataclasses.replace(LINEAR, lr=50.0, epochs=50))
    assert trainer.run() is RunState.DIVERGED
    with pytest.raises(ValueError, match="a diverged run has no checkpoint at step"):
        trainer.checkpoint()
