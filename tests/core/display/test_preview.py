"""The rates ahead: the running schedule's real future (the trainer's own rate controller, followed
through the event log) and the decay panel's preview (its schedule re-anchored now)."""

import numpy as np
import pytest

from lrmonitor.core.display.preview import (
    OPEN_HORIZON_EPOCHS,
    POINTS,
    RunningSchedule,
    clip_rates,
    rate_floor,
    rate_preview,
)
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import ApplySchedule, DecayNow, SetRate, Stamped
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.training.schedules import parse_schedule


def rate_at(x, rate, epoch):
    """The rate a drawn line gives at ``epoch`` (the last point at or before it)."""
    return rate[np.searchsorted(x, epoch, side="right") - 1]


def test_a_step_schedule_previewed_from_mid_run_drops_at_its_exact_boundaries():
    schedule = parse_schedule("step:factor=0.5,every=3")
    x, rate = rate_preview(schedule, alpha0=0.2, start_step=70, steps_per_epoch=32, total_steps=3200)
    assert x[0] == pytest.approx(70 / 32) and x[-1] == pytest.approx(100.0)
    assert rate[0] == 0.2 and len(x) < 2 * POINTS
    for step in range(70, 3200, 7):
        t = (step - 70) // 32
        assert rate_at(x, rate, step / 32) == pytest.approx(0.2 * 0.5 ** (t // 3), rel=1e-12), step


def test_per_step_schedules_are_smooth():
    schedule = parse_schedule("exponential:gamma=0.9,per=step")
    x, rate = rate_preview(schedule, 1.0, 0, 10, 1000)
    np.testing.assert_allclose(rate, 0.9 ** x, rtol=1e-12)
    assert np.all(np.diff(rate) < 0) and len(x) <= POINTS + 1


def test_a_run_without_an_end_is_previewed_for_a_fixed_horizon():
    x, _ = rate_preview(parse_schedule("constant"), 0.1, 64, 32, None)
    assert x[-1] == pytest.approx(64 / 32 + OPEN_HORIZON_EPOCHS)


def test_at_the_very_end_a_preview_still_covers_an_epoch():
    x, rate = rate_preview(parse_schedule("constant"), 0.1, 3200, 32, 3200)
    assert x[-1] == pytest.approx(101.0) and np.all(rate == 0.1)


def test_one_cycle_is_previewed_per_step_over_its_own_length_in_steps():
    schedule = parse_schedule("onecycle:max=0.5,epochs=4,pct=0.25")
    x, rate = rate_preview(schedule, alpha0=0.01, start_step=20, steps_per_epoch=10, total_steps=100)
    assert rate[0] == pytest.approx(0.5 / 25) and rate.max() == pytest.approx(0.5)
    assert x[np.argmax(rate)] == pytest.approx(2.0 + 0.9)  # the peak at step pct·total − 1 = 9 of the cycle
    assert np.all(rate[x >= 2.0 + 3.9] == rate[-1]) and rate[-1] == pytest.approx(0.5 / 25 / 1e4)


def test_milestones_are_previewed_where_they_fall():
    x, rate = rate_preview(parse_schedule("multistep:milestones=2/5,factor=0.5"), 1.0, 10, 10, 100)
    drops = x[1:][np.diff(rate) < 0]  # a staircase: each boundary holds the old rate, then the new one
    assert drops.tolist() == pytest.approx([3.0, 6.0]) and sorted(set(rate.tolist())) == [0.25, 0.5, 1.0]


def test_the_running_step_decay_drops_where_the_run_will_drop_not_where_a_new_one_would():
    """Issue 11, item 16: step decay applied at epoch 34.5; at 59.75 the next drop is at 74.5."""
    spe = 32
    events = [Stamped(int(34.5 * spe), ApplySchedule("step:factor=0.5,every=20"))]
    trainer = Trainer(RunConfig(problem="linear", epochs=100, lr=0.05), events)
    trainer.run(int(59.75 * spe))
    assert trainer.steps_per_epoch == spe
    follower = RunningSchedule(0.05, spe)
    follower.follow(trainer.history.events, trainer.history.val_loss.view(), trainer.step)
    x, rate = follower.future(trainer.step, trainer.total_steps)
    assert rate[0] == pytest.approx(trainer.current_lr())
    drops = x[1:][np.diff(rate) < 0]
    assert drops[0] == pytest.approx(74.5) and drops[1] == pytest.approx(94.5)
    panel = rate_preview(parse_schedule("step:factor=0.5,every=20"), trainer.current_lr(), trainer.step, spe, 100 * spe)
    assert panel[0][1:][np.diff(panel[1]) < 0][0] == pytest.approx(79.75)  # what applying it again would do


@pytest.mark.parametrize("action", [
    "step:factor=0.5,every=7", "exponential:gamma=0.9", "exponential:gamma=0.97,per=step", "inverse:k=0.3",
    "cosine:period=30,min=0.001", "cosine:period=25,per=step", "plateau:patience=2,factor=0.5", "constant",
    "warmup:epochs=5,start=0.1", "multistep:milestones=3/9,factor=0.5", "poly:epochs=30,power=2",
    "sgdr:period=5,mult=2,min=0.001", "onecycle:max=0.1,epochs=20", "cosine:period=10,min=0.001,after=periodic",
])
def test_the_future_of_every_kind_is_what_the_trainer_then_uses(action):
    """Follow the log at epoch 40 of 80, then train on: the drawn future is the recorded rate."""
    events = [Stamped(50, ApplySchedule("exponential:gamma=0.95")), Stamped(200, ApplySchedule(action)),
              Stamped(330, DecayNow(0.5)), Stamped(480, SetRate(0.04)), Stamped(600, ApplySchedule(action)),
              Stamped(777, DecayNow(0.3))]
    config = RunConfig(problem="linear", epochs=80, lr=0.05)
    trainer = Trainer(config, events)
    spe = trainer.steps_per_epoch
    trainer.run(40 * spe + 3)
    follower = RunningSchedule(config.lr, spe)
    recorded, val = trainer.history.lr.view(), trainer.history.val_loss.view()
    followed = []
    for step in range(0, trainer.step, 37):  # frame by frame, as the window follows a run
        rate = follower.follow([e for e in trainer.history.events if e.step <= step], val[: step // spe], step)
        followed.append(rate.peek(step))
    assert followed == pytest.approx(recorded[::37].tolist(), rel=1e-12)
    follower.follow(trainer.history.events, val, trainer.step)
    if action.startswith("plateau"):
        return  # its future depends on losses not seen yet: drawn flat at the current rate
    x, rate = follower.future(trainer.step, trainer.total_steps)
    after = Trainer(config, [e for e in events if e.step <= trainer.step])  # nothing more happens
    after.run()
    lr = after.history.lr.view()
    if "per=step" in action:  # a smooth curve: its points are exact
        steps = np.round(x * spe).astype(int)
        inside = steps < after.step
        np.testing.assert_allclose(rate[inside], lr[steps[inside]], rtol=1e-9)
        return
    for step in range(trainer.step, after.step, 5):  # a staircase: exact everywhere
        assert rate_at(x, rate, step / spe) == pytest.approx(lr[step], rel=1e-9), step


def test_lines_ahead_stop_at_a_floor_instead_of_stretching_the_axis():
    """A preview over 10^6 epochs reached 1e-256 and stretched the rate axis with it (item 22)."""
    x, rate = rate_preview(parse_schedule("exponential:gamma=0.5"), 0.1, 0, 10, 10**7)
    assert rate.min() < 1e-250 or rate.min() == 0
    floor = rate_floor([0.1, 0.05])
    assert floor == pytest.approx(5e-5)
    cx, crate = clip_rates(x, rate, floor)
    assert crate.min() == floor and np.all(np.isfinite(crate)) and cx[-1] < 20
    assert clip_rates(x[:3], np.array([0.1, np.nan, 0.1]), floor)[1].tolist() == [0.1, floor]


def test_a_forks_future_follows_its_whole_log_from_the_parent_on():
    """A fork holds its parent's events before the fork step: its running schedule is the parent's,
    then its own action (here a decay now, which keeps the parent's step decay in phase)."""
    from lrmonitor.core.run.tree import fork

    config = RunConfig(problem="linear", epochs=60, lr=0.05)
    parent = Trainer(config, [Stamped(10 * 32 + 5, ApplySchedule("step:factor=0.5,every=7"))])
    parent.run()
    child = fork(parent, 25 * 32, "decay=0.3")
    follower = RunningSchedule(config.lr, 32)
    follower.follow(child.history.events, child.history.val_loss.view(), child.step)
    x, rate = follower.future(child.step, child.total_steps)
    assert rate[0] == pytest.approx(child.current_lr())
    child.run()
    lr = child.history.lr.view()
    for step in range(25 * 32, child.step, 9):
        assert rate_at(x, rate, step / 32) == pytest.approx(lr[step], rel=1e-12), step
