"""The display data of a run: one smoothed copy, shared envelopes, the healthy part."""

import numpy as np

from lrmonitor.core.display.series import RunSeries
from lrmonitor.core.display.smoothing import smooth
from lrmonitor.core.run.history import History


def grow(h, loss, lr=0.1):
    h.loss.extend(np.asarray(loss, dtype=float))
    h.lr.extend(np.full(len(loss), lr))


def test_the_smoothed_line_is_tensorboards_and_follows_the_run_incrementally():
    rng = np.random.default_rng(0)
    h = History(32)
    series = RunSeries(h, 0.6)
    assert not series.update()
    loss = rng.random(5000)
    grow(h, loss[:3000])
    assert series.update() and not series.update()  # nothing new: nothing to do
    grow(h, loss[3000:])
    series.update()
    np.testing.assert_allclose(series.smoothed, smooth(loss, 0.6), rtol=1e-6)
    series.set_smoothing(0.9)
    assert series.smoothing == 0.9
    np.testing.assert_allclose(series.smoothed, smooth(loss, 0.9), rtol=1e-6)


def test_envelopes_are_computed_once_per_question_and_cover_the_data():
    h = History(32)
    grow(h, np.sin(np.arange(100_000) / 50))
    series = RunSeries(h)
    series.update()
    first = series.envelope("loss", 0, 100_000, 500)
    assert series.envelope("loss", 0, 100_000, 500) is first  # cached: the autoscale reuses it
    idx, values = first
    data = h.loss.view()
    assert len(values) <= 1000  # two points per column at most
    # the envelope reaches the extremes (rounded outward to float32 by at most one float32 step)
    assert data.min() - 1e-6 <= values.min() <= data.min() and data.max() <= values.max() <= data.max() + 1e-6
    grow(h, [5.0])
    series.update()
    assert series.envelope("loss", 0, 100_001, 500)[1].max() == 5.0  # new data: a new answer


def test_epoch_series_have_envelopes_too():
    h = History(10)
    grow(h, np.ones(40))
    for v in (4.0, 3.0, 2.0, 1.0):
        h.epoch_lr.append(0.1)
        h.train_loss.append(v)
        h.val_loss.append(v + 0.5)
    series = RunSeries(h)
    series.update()
    np.testing.assert_array_equal(series.data("val"), [4.5, 3.5, 2.5, 1.5])
    assert series.envelope("train", 0, 4, 100)[1].tolist() == [4.0, 3.0, 2.0, 1.0]


def test_a_blow_up_is_left_out_of_the_healthy_part():
    h = History(32)
    series = RunSeries(h)
    grow(h, np.ones(1000))
    series.update()
    assert series.last_healthy == 1000 and not series.blowing_up
    grow(h, np.geomspace(10, 1e300, 200))
    series.update()
    assert series.last_healthy == 1000 and series.blowing_up
