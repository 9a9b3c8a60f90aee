"""The training side's rate logic: commands mean what they mean for built-in runs, in both modes."""

from __future__ import annotations

import math

import pytest

from lrmonitor.core.link.protocol import Command, parse_command_action
from lrmonitor.core.link.steering import Steering
from lrmonitor.core.run.events import ApplySchedule
from lrmonitor.core.run.rate import RateController


def command(cid: int, text: str) -> Command:
    return Command(cid, parse_command_action(text))


def test_until_a_command_the_script_decides():
    steering = Steering()
    assert not steering.active
    assert steering.rates(5, [0.3, 0.03]) == [0.3, 0.03]


def test_override_decay_takes_the_scripts_rate_and_keeps_group_ratios():
    steering = Steering("override")
    outcome = steering.apply(command(1, "decay=0.5"), 7, [0.2, 0.02])
    assert outcome.ok and outcome.step == 7 and outcome.lr == pytest.approx(0.1, rel=1e-15)
    # the script's scheduler moved its rates: override ignores them
    assert steering.rates(8, [0.9, 0.09]) == pytest.approx([0.1, 0.01], rel=1e-15)


def test_override_schedule_equals_the_core_controller_of_a_built_in_run():
    steering = Steering("override", steps_per_epoch=10)
    steering.apply(command(1, "step:factor=0.1,every=2"), 30, [0.5])
    reference = RateController(0.5, 10)
    reference.apply(ApplySchedule("step:factor=0.1,every=2"), 30)
    for step in range(30, 100):
        assert steering.rates(step, [0.7]) == [reference.rate(step)]
    assert steering.rates(49, [1])[0] == 0.5 and steering.rates(50, [1])[0] == pytest.approx(0.05, rel=1e-15)


def test_scale_multiplies_the_scripts_own_rate():
    steering = Steering("scale")
    outcome = steering.apply(command(1, "decay=0.1"), 3, [0.4])
    assert outcome.ok and outcome.lr == pytest.approx(0.04, rel=1e-15)
    assert steering.rates(4, [0.2, 0.02]) == pytest.approx([0.02, 0.002], rel=1e-15)
    refused = steering.apply(command(2, "lr=0.01"), 4, [0.2])
    assert not refused.ok and "override" in refused.error


def test_a_schedule_without_an_epoch_length_is_refused_until_it_is_learnt():
    steering = Steering()
    refused = steering.apply(command(1, "cosine:period=5"), 0, [0.1])
    assert not refused.ok and "steps_per_epoch" in refused.error
    for step, epoch in [(1, 0), (2, 0), (3, 0), (4, 1)]:
        steering.learn_epoch(step, epoch)
    assert steering.steps_per_epoch == 3
    assert steering.apply(command(2, "cosine:period=5"), 4, [0.1]).ok


def test_plateau_listens_to_the_logged_validation_loss():
    steering = Steering(steps_per_epoch=1)
    steering.apply(command(1, "plateau:patience=1,factor=0.5"), 0, [1.0])
    for val in (1.0, 1.0, 1.0):
        steering.observe(val)
    assert steering.rates(3, [1.0]) == [0.5]


def test_pause_resume_stop():
    steering = Steering()
    assert steering.apply(command(1, "pause"), 0, [0.1]).ok and steering.paused
    steering.apply(command(2, "resume"), 0, [0.1])
    assert not steering.paused
    steering.apply(command(3, "pause"), 0, [0.1])
    steering.apply(command(4, "stop"), 0, [0.1])
    assert steering.stop_requested and not steering.paused


def test_a_rate_out_of_range_is_refused_and_changes_nothing():
    steering = Steering("scale")
    out = steering.apply(command(1, "decay=0.5"), 0, [float("nan")])
    assert not out.ok and not steering.active
    assert math.isnan(steering.rates(0, [float("nan")])[0])
    with pytest.raises(ValueError, match="mode"):
        Steering("boost")
    with pytest.raises(ValueError, match="steps_per_epoch"):
        Steering(steps_per_epoch=0)
