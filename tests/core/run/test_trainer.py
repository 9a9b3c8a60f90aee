import math
import threading
import time

import numpy as np
import pytest

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import ApplySchedule, DecayNow, SetOptimizer, SetRate, Stamped, parse_action
from lrmonitor.core.run.history import GrowableArray
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer, replay
from lrmonitor.core.training.schedules import PlateauDetector, parse_schedule

IDLE, RUNNING, PAUSED = RunState.IDLE, RunState.RUNNING, RunState.PAUSED
FINISHED, DIVERGED = RunState.FINISHED, RunState.DIVERGED

CFG = RunConfig(problem="linear", optimizer="sgd", lr=0.05, epochs=6, train_size=100, val_size=50, batch_size=10)
SPE = 10


def lrs(trainer):
    return trainer.history.lr.view()


def test_every_step_is_recorded_with_its_epoch_and_epoch_losses():
    t = Trainer(CFG)
    assert t.run() == FINISHED
    steps, lr, _ = t.history.step_arrays()
    assert len(steps) == 6 * SPE and steps[0] == 1 and steps[-1] == 60
    np.testing.assert_array_equal(t.history.step_epochs(steps)[[0, 9, 10, 59]], [0, 0, 1, 5])
    epochs, _, train, val = t.history.epoch_arrays()
    assert list(epochs) == [0, 1, 2, 3, 4, 5]
    assert np.all(np.isfinite(train)) and np.all(np.isfinite(val))
    assert train[-1] < train[0]  # it learns
    assert np.all(lr == 0.05)


def test_last_batch_of_an_epoch_may_be_smaller():
    cfg = RunConfig(problem="linear", train_size=105, val_size=10, batch_size=10, epochs=1)
    assert cfg.steps_per_epoch == 11
    assert Trainer(cfg).run() == FINISHED


@pytest.mark.parametrize("spec", [
    "inverse:k=0.5", "exponential:gamma=0.9", "step:factor=0.5,every=2", "cosine:period=3,min=0.001",
    "exponential:per=step", "step:factor=0.5,every=2,per=step",
    "warmup:epochs=3,start=0.2", "multistep:milestones=1/3,factor=0.5", "poly:epochs=4,power=2,per=step",
    "sgdr:period=2,mult=2,min=0.001,per=step", "cosine:period=2,min=0.01,after=periodic",
])
def test_applied_schedule_is_anchored_at_the_current_rate(spec):
    at = 23  # mid-epoch on purpose
    t = Trainer(CFG, [Stamped(at, ApplySchedule(spec))])
    t.run()
    schedule = parse_schedule(spec)
    got = lrs(t)
    assert np.all(got[:at] == 0.05)
    for n in range(at, len(got)):
        elapsed = (n - at) / SPE
        tt = elapsed if schedule.per_step else math.floor(elapsed)
        assert got[n] == pytest.approx(schedule.rate(0.05, tt), rel=1e-12), n


def test_one_cycle_counts_the_steps_of_its_epochs_from_where_it_is_applied():
    at = 23
    t = Trainer(CFG, [Stamped(at, ApplySchedule("onecycle:max=0.3,epochs=3,pct=0.5"))])
    t.run()
    schedule = parse_schedule("onecycle:max=0.3,epochs=3,pct=0.5")
    got = lrs(t)
    assert np.all(got[:at] == 0.05)
    for n in range(at, len(got)):
        assert got[n] == pytest.approx(schedule.rate_at(0.05, n - at, SPE), rel=1e-12), n
    assert got[at] == pytest.approx(0.3 / 25) and max(got) == pytest.approx(0.3)
    assert got[-1] == got[at + 3 * SPE - 1] == pytest.approx(0.3 / 25 / 1e4)  # held after the cycle


def test_decay_now_scales_the_running_schedule_keeping_its_phase():
    events = [Stamped(0, ApplySchedule("step:factor=0.5,every=2")), Stamped(25, DecayNow(0.1))]
    t = Trainer(CFG, events)
    t.run()
    got = lrs(t)
    assert got[24] == pytest.approx(0.025)       # epoch 2: one drop
    assert got[25] == pytest.approx(0.0025)      # decay x0.1 right away
    assert got[40] == pytest.approx(0.00125)     # the schedule's next drop still comes at epoch 4


def test_a_new_schedule_reanchors_and_clears_manual_factors():
    events = [Stamped(10, DecayNow(0.5)), Stamped(20, ApplySchedule("exponential:gamma=0.5"))]
    t = Trainer(CFG, events)
    t.run()
    got = lrs(t)
    assert got[19] == pytest.approx(0.025)
    assert got[20] == pytest.approx(0.025) and got[30] == pytest.approx(0.0125)


def test_set_rate_replaces_the_schedule_with_a_constant():
    events = [Stamped(0, ApplySchedule("exponential:gamma=0.5")), Stamped(30, SetRate(0.2))]
    t = Trainer(CFG, events)
    t.run()
    assert np.all(lrs(t)[30:] == 0.2)


def test_set_optimizer_switches_at_the_boundary():
    t = Trainer(CFG, [Stamped(30, SetOptimizer("adam"))])
    t.run()
    assert t.optimizer.name == "adam"
    assert [(e.step, e.event.kind) for e in t.history.events] == [(30, "optimizer")]


def test_plateau_schedule_drops_after_patience_on_validation_loss():
    cfg = RunConfig(problem="linear", optimizer="sgd", lr=0.05, epochs=40, train_size=100, val_size=50, batch_size=10)
    t = Trainer(cfg, [Stamped(0, ApplySchedule("plateau:patience=2,threshold=0.01"))])
    t.run()
    _, epoch_lr, _, val = t.history.epoch_arrays()
    detector, expected, rate = PlateauDetector(patience=2, threshold=0.01), [], 0.05
    for v in val:
        expected.append(rate)  # the rate used during this epoch
        if detector.update(v):
            rate *= 0.1
    np.testing.assert_allclose(epoch_lr, expected, rtol=1e-12)
    assert epoch_lr[-1] < 0.05  # it did drop once progress stalled


def test_events_posted_from_another_thread_apply_at_a_step_boundary_and_replay_exactly():
    cfg = RunConfig(problem="mlp", epochs=None, train_size=200, val_size=50)
    t = Trainer(cfg)
    seen = threading.Event()
    statuses = []

    def wait_for(step):
        while t.step < step:
            time.sleep(0.0005)

    def control():
        wait_for(50)
        statuses.append(t.status)
        t.post(DecayNow(0.1))
        wait_for(120)
        t.post(parse_action("exponential:per=step"))
        wait_for(200)
        seen.set()
        t.request_stop()

    worker = threading.Thread(target=control)
    worker.start()
    assert t.status is IDLE
    assert t.run() is PAUSED  # "until stopped": it goes on until asked to stop, and can go on
    worker.join()
    assert seen.is_set() and statuses == [RUNNING]  # running only while inside run()
    assert t.summary()["status"] == "paused"
    stamps = [e.step for e in t.history.events]
    assert len(stamps) == 2 and 50 <= stamps[0] < stamps[1]
    got = lrs(t)
    alpha0 = cfg.validated().lr  # the suggested rate for mlp with momentum
    assert got[stamps[0] - 1] == pytest.approx(alpha0) and got[stamps[0]] == pytest.approx(0.1 * alpha0)

    again = replay(cfg, t.history.events, t.step)
    assert again.history.events == t.history.events
    np.testing.assert_array_equal(lrs(again), got)
    np.testing.assert_array_equal(again.history.loss.view(), t.history.loss.view())
    for a, b in zip(again.params, t.params, strict=True):
        np.testing.assert_array_equal(a, b)


def test_run_in_pieces_equals_run_at_once():
    whole = Trainer(CFG, [Stamped(17, DecayNow(0.5))])
    whole.run()
    pieces = Trainer(CFG, [Stamped(17, DecayNow(0.5))])
    while pieces.run(7) is PAUSED:  # can go on
        pass
    assert pieces.status is FINISHED
    np.testing.assert_array_equal(whole.history.loss.view(), pieces.history.loss.view())
    np.testing.assert_array_equal(whole.history.val_loss.view(), pieces.history.val_loss.view())


def test_divergence_stops_cleanly_and_records_the_step():
    cfg = RunConfig(problem="linear", optimizer="sgd", lr=5.0, epochs=50, train_size=100, val_size=50, batch_size=10)
    with np.errstate(all="raise"):  # the trainer must not leak floating-point warnings
        t = Trainer(cfg)
        assert t.run() == DIVERGED
    h = t.history
    assert h.diverged_at == h.steps < 500
    assert not math.isfinite(h.loss.view()[-1])
    assert np.all(np.isfinite(h.loss.view()[:-1]))
    assert f"diverged at step {h.diverged_at}" in t.divergence and "smaller learning rate" in t.divergence
    assert t.run() == DIVERGED and h.steps == h.diverged_at  # it stays stopped
    assert t.summary()["final_train_loss"] is None or math.isfinite(t.summary()["final_train_loss"])


def test_same_seed_same_numbers_other_seed_other_numbers():
    a, b = Trainer(CFG), Trainer(CFG)
    a.run(), b.run()
    np.testing.assert_array_equal(a.history.loss.view(), b.history.loss.view())
    c = Trainer(RunConfig(**{**CFG.__dict__, "seed": 1}))
    c.run()
    assert not np.array_equal(a.history.loss.view(), c.history.loss.view())


def test_growable_array_keeps_every_value():
    g = GrowableArray(2)
    for i in range(1000):
        g.append(i)
    np.testing.assert_array_equal(g.view(), np.arange(1000.0))
    assert len(g.view(10)) == 10


@pytest.mark.parametrize("field, value, fragment", [
    ("lr", 0.0, "learning rate 0.0 is out of range: allowed is a finite lr > 0"),
    ("lr", -1.0, "allowed is a finite lr > 0"),
    ("batch_size", 0, "batch size 0 is out of range: allowed is 1 <= batch size <= 1000"),
    ("batch_size", 1001, "batch size 1001 is out of range"),
    ("epochs", 0, "epochs 0 is out of range"),
    ("noise", -0.5, "noise -0.5 is out of range"),
    ("problem", "cnn", "unknown problem 'cnn'"),
    ("optimizer", "sgd:momentum=2x", "momentum='2x' in optimizer 'sgd' is not valid"),
])
def test_config_rejects_bad_values(field, value, fragment):
    with pytest.raises(ValueError) as err:
        RunConfig(**{field: value}).validated()
    assert fragment in str(err.value)


@pytest.mark.parametrize("text, fragment", [
    ("decay=0", "decay factor 0.0 is out of range: allowed is 0 < factor <= 1"),
    ("decay=1.5", "allowed is 0 < factor <= 1"),
    ("decay=x", "decay='x' is not a number"),
    ("lr=0", "allowed is a finite lr > 0"),
    ("cyclic:steps=3", "action 'cyclic:steps=3' is not known"),
])
def test_bad_actions(text, fragment):
    with pytest.raises(ValueError) as err:
        parse_action(text)
    assert fragment in str(err.value)


def test_events_round_trip_through_json_and_text():
    for event in (ApplySchedule("step:every=5"), DecayNow(0.3), SetRate(0.01), SetOptimizer("adam")):
        stamped = Stamped(42, event)
        assert Stamped.from_json(stamped.to_json()) == stamped
        assert parse_action(event.action()) == event


def test_status_is_idle_until_a_step_is_made_and_paused_after():
    t = Trainer(CFG, [Stamped(0, DecayNow(0.5))])
    assert t.status is IDLE and t.summary()["status"] == "idle" and not t.done
    assert t.run(0) is IDLE and len(t.history.events) == 1  # events due now applied, no step made
    assert t.run(3) is PAUSED and t.step == 3
    assert t.run() is FINISHED and t.done
    assert t.summary()["status"] == "finished"


def test_an_error_inside_run_leaves_the_status_at_rest(monkeypatch):
    t = Trainer(CFG)
    t.run(5)

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(t.optimizer, "step", broken)
    with pytest.raises(RuntimeError):
        t.run()
    assert t.status is PAUSED  # not left "running"
