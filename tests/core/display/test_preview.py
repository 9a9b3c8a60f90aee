"""The rate preview: the schedule's own formula, from the step it would be applied at."""

import numpy as np
import pytest

from lrmonitor.core.display.preview import OPEN_HORIZON_EPOCHS, POINTS, rate_preview
from lrmonitor.core.training.schedules import parse_schedule


def test_a_step_schedule_previewed_from_mid_run_follows_its_formula():
    schedule = parse_schedule("step:factor=0.5,every=3")
    x, rate = rate_preview(schedule, alpha0=0.2, start_step=70, steps_per_epoch=32, total_steps=3200)
    stride = 3130 // 400 / 32  # at most ~400 points, one every `stride` epochs
    assert x[0] == pytest.approx(70 / 32) and 100.0 - stride < x[-1] <= 100.0
    assert rate[0] == 0.2 and len(x) < 2 * POINTS
    t = np.floor((x * 32 - 70) / 32 + 1e-9)
    np.testing.assert_allclose(rate, 0.2 * 0.5 ** np.floor(t / 3), rtol=1e-12)


def test_per_step_schedules_are_smooth():
    schedule = parse_schedule("exponential:gamma=0.9,per=step")
    x, rate = rate_preview(schedule, 1.0, 0, 10, 1000)
    np.testing.assert_allclose(rate, 0.9 ** x, rtol=1e-12)
    assert np.all(np.diff(rate) < 0)


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
    np.testing.assert_array_equal(rate, np.where(x >= 6.0, 0.25, np.where(x >= 3.0, 0.5, 1.0)))
