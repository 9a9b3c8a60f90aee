import numpy as np
import pytest

from lrmonitor.core.display.decimate import MinMaxPyramid


def test_small_ranges_return_the_points_themselves():
    data = np.arange(50.0)
    p = MinMaxPyramid()
    p.update(data)
    x, y = p.envelope(data, 10, 40, 100)
    np.testing.assert_array_equal(x, np.arange(10, 40))
    np.testing.assert_array_equal(y, data[10:40])


@pytest.mark.parametrize("n, start, stop, columns", [
    (1_000_000, 0, 1_000_000, 1000),
    (1_000_003, 0, 1_000_003, 977),
    (1_000_000, 123_456, 654_321, 800),
    (70_000, 1000, 9000, 300),
])
def test_envelope_keeps_every_extreme(n, start, stop, columns):
    rng = np.random.default_rng(0)
    data = np.cumsum(rng.normal(size=n))
    p = MinMaxPyramid()
    for end in range(0, n + 1, n // 7):  # grows in pieces, as a live run does
        p.update(data[:end])
    p.update(data)
    x, y = p.envelope(data, start, stop, columns)
    assert len(y) <= 2 * columns + 4 and len(x) == len(y)
    window = data[start:stop]
    # the drawn envelope spans the range of the data in view: never narrower, and wider only
    # by float32 rounding of the stored block extremes (outward)
    assert np.nanmin(y) <= window.min() and np.nanmax(y) >= window.max()
    assert np.nanmin(y) == pytest.approx(window.min(), rel=1e-6, abs=1e-6)
    assert np.nanmax(y) == pytest.approx(window.max(), rel=1e-6, abs=1e-6)
    assert np.all(np.diff(x) >= 0) and x[0] >= start - 4096 and x[-1] < stop


def test_non_finite_values_are_gaps_not_blanks():
    data = np.concatenate([np.linspace(1, 0.5, 100_000), [np.nan, np.inf]])
    p = MinMaxPyramid()
    p.update(data)
    x, y = p.envelope(data, 0, len(data), 500)
    finite = y[np.isfinite(y)]
    assert finite.min() == pytest.approx(0.5) and finite.max() == pytest.approx(1.0)  # the curve is still there
    assert np.isfinite(y).all()  # no column is blanked by the two bad points at the end


def test_a_new_shorter_series_starts_over():
    p = MinMaxPyramid()
    p.update(np.arange(10_000.0))
    p.update(np.zeros(5000))
    assert p.levels[0][2].view().max() == 0.0


def test_points_outside_the_range_are_never_drawn_inside_it():
    data = np.zeros(10_000)
    data[5010], data[20] = 99.0, -50.0
    p = MinMaxPyramid()
    p.update(data)
    x, y = p.envelope(data, 30, 5000, 20)
    assert np.nanmin(y) == 0.0 and np.nanmax(y) == 0.0
    assert x.min() >= 30 and x.max() < 5000
