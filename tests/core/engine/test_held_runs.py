"""What both engines build on (engine/runs.py): a loaded run without a trainer, the plateau watch, records."""

import dataclasses

import numpy as np
import pytest

from lrmonitor.core.engine.runs import (
    Dormant,
    HeldRun,
    Options,
    PlateauWatch,
    check_record,
    divergence_text,
    next_rate,
    plain_history,
)
from lrmonitor.core.run.checkpoint import Checkpoints
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import ApplySchedule, DecayNow, SetOptimizer, SetRate, Stamped
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import RunRecord
from lrmonitor.core.training.schedules import PlateauDetector

MLP = RunConfig(problem="mlp", epochs=30, train_size=150, val_size=60, batch_size=16)  # 10 steps per epoch
SPE = 10
LOGS = {
    "none": (),
    "step": (Stamped(3 * SPE, ApplySchedule("step:factor=0.5,every=2")), Stamped(12 * SPE + 4, DecayNow(0.5))),
    "per-step": (Stamped(5, ApplySchedule("exponential:gamma=0.9,per=step")), Stamped(20 * SPE, SetRate(0.05))),
    "plateau": (Stamped(0, ApplySchedule("plateau:patience=1,threshold=0.01")), Stamped(9 * SPE, SetOptimizer("adam"))),
}


def trained(config=MLP, events=(), steps=None, checkpoints=True):
    trainer = Trainer(config, events, checkpoints=checkpoints)
    trainer.run(steps)
    return trainer


def small_store():
    return Checkpoints(SPE, min_steps=20)  # every 2 epochs


def dormant_of(trainer, checkpoints=True):
    record = RunRecord.of(trainer)
    if not checkpoints:
        record = dataclasses.replace(record, checkpoints=None)
    history = plain_history(record.history)
    return Dormant(record, history)


@pytest.mark.parametrize("log", list(LOGS))
@pytest.mark.parametrize("steps", [None, 0, 40, 124, 120, 205, 90])
@pytest.mark.parametrize("checkpoints", [True, False])
def test_a_dormant_run_reads_as_its_trainer_and_wakes_into_it(log, steps, checkpoints):
    trainer = trained(MLP, LOGS[log], steps, checkpoints=small_store())
    dormant = dormant_of(trainer, checkpoints)
    assert dormant.current_lr() == trainer.current_lr()
    assert (dormant.status, dormant.step, dormant.done, dormant.divergence) == (
        trainer.status, trainer.step, trainer.done, trainer.divergence)
    assert dormant.summary() == trainer.summary()
    if trainer.done:
        return
    history = dormant.history
    woken = dormant.wake()
    assert woken.history is history and woken.step == trainer.step and woken.current_lr() == trainer.current_lr()
    woken.run()
    trainer.run()
    for name in ("loss", "lr", "epoch_lr", "train_loss", "val_loss"):
        assert getattr(history, name).view().tobytes() == getattr(trainer.history, name).view().tobytes()
    assert history.events == trainer.history.events and woken.summary() == trainer.summary()


def test_a_diverged_record_says_why_as_the_trainer_did_and_does_not_wake():
    trainer = trained(RunConfig(problem="linear", optimizer="sgd", lr=5.0, epochs=50))
    assert trainer.status is RunState.DIVERGED
    dormant = dormant_of(trainer)
    assert dormant.divergence == trainer.divergence == divergence_text(trainer.history)
    assert dormant.status is RunState.DIVERGED and dormant.current_lr() == trainer.current_lr()
    with pytest.raises(ValueError, match="a diverged run cannot go on"):
        dormant.wake()


def test_a_record_saved_while_running_is_paused_and_one_without_history_events_gets_them():
    trainer = trained(MLP, LOGS["step"], 150)
    record = dataclasses.replace(RunRecord.of(trainer), status=RunState.RUNNING)
    assert Dormant(record, plain_history(record.history)).status is RunState.PAUSED
    bare = plain_history(trainer.history)
    bare.events = []  # e.g. read back from arrays only
    log, applied = check_record(dataclasses.replace(record, history=bare))
    assert applied == trainer.history.events and log == record.events


@pytest.mark.parametrize("broken, message", [
    (lambda h: h.loss.append(1.0), "differ in length"),
    (lambda h: h.val_loss.extend(np.ones(5)), "differ in length"),
    (lambda h: h.events.append(Stamped(3, DecayNow(0.5))), "not the start of its event log"),
])
def test_records_that_do_not_hold_together_are_refused(broken, message):
    record = RunRecord.of(trained(MLP, LOGS["step"], 150))
    history = plain_history(record.history)
    broken(history)
    with pytest.raises(ValueError, match=message):
        check_record(dataclasses.replace(record, history=history))


def test_too_many_steps_or_the_wrong_steps_per_epoch_are_refused():
    record = RunRecord.of(trained(MLP, steps=150))
    with pytest.raises(ValueError, match="at most the 100 of its configuration"):
        check_record(dataclasses.replace(record, config=dataclasses.replace(MLP, epochs=10)))
    with pytest.raises(ValueError, match="steps per epoch"):
        check_record(dataclasses.replace(record, config=dataclasses.replace(MLP, batch_size=32)))


def test_a_plain_history_is_an_exact_copy_in_its_own_arrays():
    trainer = trained(MLP, LOGS["step"], 125)
    copy = plain_history(trainer.history)
    assert copy.steps == 125 and copy.epochs == 12 and copy.events == trainer.history.events
    assert copy.events is not trainer.history.events
    assert copy.loss.view().tobytes() == trainer.history.loss.view().tobytes()
    assert not np.shares_memory(copy.loss.view(), trainer.history.loss.view())


def test_the_plateau_watch_fires_once_where_the_detector_first_does():
    values = [1.0, 0.5, 0.4] + [0.4] * 30
    detector = PlateauDetector(10, 1e-4)
    expected = next(i for i, v in enumerate(values) if detector.update(v))
    watch = PlateauWatch()
    assert not watch.feed(np.array(values[:5]))
    assert watch.feed(np.array(values[: expected + 1])) and watch.fired_at == expected
    assert not watch.feed(np.array(values))  # later firings do not count
    assert watch.fired_at == expected and watch.fed == len(values)


def test_the_epoch_hook_stops_the_trainer_at_that_epoch_boundary():
    trainer = Trainer(MLP)
    trainer.epoch_hook = lambda t: t.history.epochs == 4
    assert trainer.run() is RunState.PAUSED and trainer.step == 4 * SPE
    trainer.epoch_hook = None
    trainer.run()
    reference = trained(MLP)
    assert trainer.history.loss.view().tobytes() == reference.history.loss.view().tobytes()


def test_a_held_run_pauses_at_the_plateau_only_while_training_and_only_the_first_time():
    options = Options(pause_on_plateau=True)
    run = HeldRun(1, Trainer(RunConfig(epochs=60)), options)
    run.trainer.run()  # not training (the engine says when it is): nothing stops
    assert run.trainer.status is RunState.FINISHED and run.watch.fired_at is not None

    class Training(HeldRun):
        training = True

    run = Training(2, Trainer(RunConfig(epochs=60)), options)
    run.trainer.run()
    fired = run.watch.fired_at
    assert run.plateau_stop and run.trainer.step == (fired + 1) * run.trainer.steps_per_epoch
    run.trainer.run()
    assert run.trainer.status is RunState.FINISHED and run.watch.fired_at == fired


def test_more_epochs_goes_on_in_the_same_history():
    run = HeldRun(1, trained(MLP, LOGS["plateau"]), Options())
    history = run.history
    run.more_epochs(5)
    assert run.history is history and run.trainer.config.epochs == 35 and run.trainer.status is RunState.PAUSED
    run.trainer.run()
    reference = trained(dataclasses.replace(MLP, epochs=35), LOGS["plateau"])
    assert history.val_loss.view().tobytes() == reference.history.val_loss.view().tobytes()


def test_next_rate_of_a_record_without_checkpoints_at_the_very_start():
    trainer = trained(MLP, (Stamped(0, SetRate(0.03)),), 0)
    assert next_rate(MLP, tuple(trainer.history.events), trainer.history, None) == trainer.current_lr() == 0.03
