"""The steps/s meter: over the last two seconds of running, nothing while stopped."""

import pytest

from lrmonitor.core.display.speed import SpeedMeter


def test_no_figure_until_a_quarter_second_of_running():
    meter = SpeedMeter()
    assert meter.update(True, 0, 10.0) is None
    assert meter.update(True, 100, 10.1) is None
    assert meter.update(True, 500, 10.5) == pytest.approx(1000.0)


def test_the_window_forgets_samples_older_than_two_seconds():
    meter = SpeedMeter()
    t, steps = 0.0, 0
    for _ in range(100):  # 1000 steps/s for 5 s ...
        t, steps = t + 0.05, steps + 50
        meter.update(True, steps, t)
    for _ in range(60):  # ... then 100 steps/s for 3 s
        t, steps = t + 0.05, steps + 5
        rate = meter.update(True, steps, t)
    assert rate == pytest.approx(100.0, rel=0.05)


def test_stopping_clears_the_figure():
    meter = SpeedMeter()
    meter.update(True, 0, 0.0)
    assert meter.update(True, 1000, 1.0) == pytest.approx(1000.0)
    assert meter.update(False, 1000, 1.1) is None
    assert meter.update(True, 1000, 1.2) is None  # a new measurement starts
