import math

import numpy as np
import pytest

from lrmonitor.core.display.smoothing import Smoother, smooth


def tensorboard(values, w):
    """TensorBoard's own smoothing loop, written out one point at a time."""
    out, last, n = [], 0.0, 0
    for y in values:
        if not math.isfinite(y):
            out.append(y)
            continue
        last = last * w + (1 - w) * y
        n += 1
        out.append(last / (1 - w**n))
    return np.array(out)


@pytest.mark.parametrize("w", [0.0, 0.01, 0.3, 0.6, 0.9, 0.99])
def test_matches_tensorboards_debiased_ema(w):
    rng = np.random.default_rng(0)
    values = np.abs(rng.normal(1.0, 0.5, 20_000)) + np.linspace(3, 0, 20_000)
    np.testing.assert_allclose(smooth(values, w), tensorboard(values, w), rtol=1e-6)  # stored as float32


def test_first_point_is_not_biased_towards_zero():
    assert smooth(np.array([5.0, 5.0, 5.0]), 0.9).tolist() == pytest.approx([5.0, 5.0, 5.0])


def test_non_finite_values_pass_through_and_do_not_count():
    values = np.array([1.0, 2.0, np.nan, 3.0, np.inf, 4.0])
    got = smooth(values, 0.6)
    want = tensorboard(values, 0.6)
    assert np.isnan(got[2]) and np.isinf(got[4])
    finite = np.isfinite(want)
    np.testing.assert_allclose(got[finite], want[finite], rtol=1e-6)


def test_incremental_equals_all_at_once():
    rng = np.random.default_rng(1)
    values = rng.random(5000)
    s = Smoother(0.8)
    for start in range(0, 5000, 333):
        s.extend(values[start : start + 333])
    np.testing.assert_allclose(s.values.view(), smooth(values, 0.8), rtol=1e-6)


def test_weight_out_of_range():
    with pytest.raises(ValueError, match="0 <= weight < 1"):
        Smoother(1.0)


def test_huge_values_of_a_blow_up_do_not_overflow():
    values = np.array([1.0, 1e10, 1e30, 1e250, 1e300])
    got = smooth(values, 0.6)
    np.testing.assert_allclose(got[:3], tensorboard(values, 0.6)[:3], rtol=1e-6)
    assert np.isinf(got[3:]).all()  # beyond float32: a gap in the line, no warning, no crash
