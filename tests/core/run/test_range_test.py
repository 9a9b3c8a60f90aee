import numpy as np
import pytest

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.range_test import STOP_FACTOR, check_range, rates, run_range_test, smoothed


@pytest.mark.parametrize("problem, optimizer", [("mlp", "momentum"), ("linear", "sgd")])
def test_the_minimum_over_10_hint_lies_within_x10_of_the_suggested_rate_across_seeds(problem, optimizer):
    for seed in range(4):
        config = RunConfig(problem=problem, optimizer=optimizer, seed=seed, train_size=400, val_size=50).validated()
        result = run_range_test(config)
        assert config.lr / 10 <= result.min_over_10 <= config.lr * 10, (seed, result.min_over_10)


def test_steepest_hint_on_the_default_problem_within_x10_for_most_seeds():
    near = 0
    for seed in range(4):
        config = RunConfig(seed=seed, train_size=400, val_size=50).validated()
        result = run_range_test(config)
        near += config.lr / 10 <= result.steepest <= config.lr * 10
    assert near >= 3


def test_the_rate_grows_exponentially_and_the_test_stops_when_the_loss_blows_up():
    config = RunConfig(problem="linear", optimizer="sgd", train_size=200, val_size=20).validated()
    result = run_range_test(config, 1e-4, 10.0, 200)
    expected = rates(1e-4, 10.0, 200)[: result.steps]
    assert np.array_equal(result.lr, expected)
    assert result.stopped_early and result.steps < 200
    assert result.smoothed[-1] > STOP_FACTOR * result.smoothed.min() or not np.isfinite(result.loss).all()


def test_smoothing_is_debiased():
    assert smoothed(np.array([2.0, 2.0, 2.0]))[0] == pytest.approx(2.0)


@pytest.mark.parametrize("args, named", [((0.0, 1.0, 100), "--start"), ((1.0, 0.5, 100), "--end"),
                                         ((1e-6, 1.0, 5), "--steps")])
def test_bad_ranges_are_named(args, named):
    with pytest.raises(ValueError, match=named):
        check_range(*args)
