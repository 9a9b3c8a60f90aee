"""The plots: autoscale, hover readout, event markers, and a plot fed frames without a window."""

import numpy as np
import pytest
from PySide6 import QtCore

from lrmonitor.core.display.frame import Frame
from lrmonitor.core.display.guide import PlateauGuide
from lrmonitor.core.display.series import RunSeries
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import DecayNow, Stamped
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.qt.plots import RunPlots


def test_autoscale_ignores_a_diverging_tail(qtbot, window):
    c = window.controller
    window.setup.optimizer.setCurrentText("sgd")
    window.setup.lr.setValue(0.2)  # just above the stable limit (~0.17): slow blow-up, then non-finite
    window.run_panel.speed.setCurrentText("as fast as possible")
    c.toggle()
    qtbot.waitUntil(lambda: c.run.done, timeout=20000)
    c.tick()
    assert c.run.status == "diverged"
    low, high = window.plots.loss_plot.getViewBox().viewRange()[1]
    assert high < 1e6  # the exploding tail (up to ~1e300) does not squash the healthy curve


def test_hover_readout_names_step_loss_and_rate(qtbot, window):
    c = window.controller
    c.step_epoch()
    qtbot.waitUntil(lambda: not c.engine.is_running)
    c.tick()
    vb = window.plots.loss_plot.getViewBox()
    window.plots.hover(vb.mapViewToScene(QtCore.QPointF(0.5, 1.0)))
    text = window.readout.text()
    assert "step 16" in text and "lr 0.05" in text and "loss" in text and "smoothed" in text
    window.plots.hover(vb.mapViewToScene(QtCore.QPointF(50.0, 1.0)))
    assert window.readout.text() == "No step under the mouse."


def frame_of(trainer, series, guide, first=False):
    return Frame(run=trainer, series=series, state=RunState(trainer.status), lr=trainer.current_lr(),
                 steps_per_second=None, guide=guide.update(trainer.history), first=first, data_changed=True,
                 events_changed=True, state_changed=first)


def test_a_bare_plot_follows_frames_of_an_in_process_trainer(qtbot):
    plots = RunPlots()
    qtbot.addWidget(plots)
    plots.resize(800, 500)
    plots.show()
    trainer = Trainer(RunConfig(problem="linear", epochs=10), [Stamped(160, DecayNow(0.5))])
    series, guide = RunSeries(trainer.history), PlateauGuide()
    trainer.run(100)
    series.update()
    plots.on_frame(frame_of(trainer, series, guide, first=True))
    assert plots.drawn_steps == 100 and plots.markers.count == 0
    trainer.run()
    series.update()
    plots.on_frame(frame_of(trainer, series, guide))
    assert plots.drawn_steps == 320 and plots.markers.count == 2  # the decay, on both plots
    x, y = plots.smooth_curve.getData()
    np.testing.assert_allclose(y, series.smoothed, rtol=1e-6)  # few points: drawn as they are
    assert x[-1] == pytest.approx(10.0)
    lr_low, lr_high = plots.lr_plot.getViewBox().viewRange()[1]
    assert lr_low < np.log10(0.025) < np.log10(0.05) < lr_high  # both rates in view (log axis)


def test_epoch_markers_are_rebuilt_once_an_epoch_not_every_frame(qtbot, monkeypatch):
    """Following a live run, a frame with new steps but no new epoch leaves the markers alone
    (rebuilding their symbols every frame was most of a slow machine's frame)."""
    plots = RunPlots()
    qtbot.addWidget(plots)
    plots.resize(800, 500)
    plots.show()
    trainer = Trainer(RunConfig(problem="linear", epochs=10))
    series, guide = RunSeries(trainer.history), PlateauGuide()
    trainer.run(100)  # 3 epochs of 32 steps and 4 steps
    series.update()
    plots.on_frame(frame_of(trainer, series, guide, first=True))
    rebuilt = []
    monkeypatch.setattr(plots, "_draw_epochs", lambda s: rebuilt.append(s.epochs))
    for _ in range(3):  # frames with new steps of the 4th epoch
        trainer.run(5)
        series.update()
        plots.on_frame(frame_of(trainer, series, guide))
    assert rebuilt == [] and plots.drawn_steps == 115
    trainer.run(20)  # the 4th epoch ends
    series.update()
    plots.on_frame(frame_of(trainer, series, guide))
    assert rebuilt == [4]


def recorded(loss, steps_per_epoch=10, lr=0.1):
    """A run's history with the per-step ``loss`` given (epoch losses from it)."""
    from lrmonitor.core.run.history import History

    h = History(steps_per_epoch)
    loss = np.asarray(loss, dtype=float)
    h.loss.extend(loss)
    h.lr.extend(np.full(len(loss), lr))
    epochs = len(loss) // steps_per_epoch
    per_epoch = loss[: epochs * steps_per_epoch].reshape(epochs, -1).mean(axis=1)
    h.epoch_lr.extend(np.full(epochs, lr))
    h.train_loss.extend(per_epoch)
    h.val_loss.extend(per_epoch + 0.01)
    return h


def bare_plots(qtbot, width=900, height=600):
    plots = RunPlots()
    qtbot.addWidget(plots)
    plots.resize(width, height)
    plots.show()
    return plots


def test_zero_losses_do_not_blank_the_log_scale_plot(qtbot):
    """Issue 11, item 20: exact-zero mini-batch losses (1 in 18 here) on a long run, log axis."""
    rng = np.random.default_rng(1)
    loss = np.exp(-np.linspace(0, 5, 200_000)) * rng.uniform(0.5, 1.5, 200_000)
    loss[::18] = 0.0
    loss[5::97] = -0.0
    plots = bare_plots(qtbot)
    plots.set_log_loss(True)
    plots.draw(RunSeries(recorded(loss)))
    plots.grab()
    for curve in (plots.raw_curve, plots.smooth_curve):
        _, y = curve.getData()  # as drawn: log10 of the values
        assert len(y) > 100 and np.isfinite(y).all()
    low, high = plots.loss_plot.getViewBox().viewRange()[1]
    assert low < np.log10(loss[loss > 0].min()) + 0.5 and high > 0  # the whole curve is in view


def test_the_legend_has_a_row_of_its_own_and_covers_no_data(qtbot):
    plots = bare_plots(qtbot)
    plots.draw(RunSeries(recorded(np.linspace(1, 0.1, 3000))))
    plots.grab()
    legend = plots.legend.sceneBoundingRect()
    for plot in (plots.loss_plot, plots.lr_plot):
        assert not legend.intersects(plot.getViewBox().sceneBoundingRect())
    names = [label.text for _, label in plots.legend.items]
    assert "rate ahead (running schedule)" in names and "decay panel's schedule, if applied now" in names


def test_the_rate_axis_follows_the_preview_and_is_not_stretched_by_a_huge_horizon(qtbot):
    """Item 22: an exponential preview ran off the bottom; over 10^6 epochs it reached 1e-256."""
    from lrmonitor.core.display.preview import DECADES_BELOW, rate_preview
    from lrmonitor.core.training.schedules import parse_schedule

    plots = bare_plots(qtbot)
    plots.draw(RunSeries(recorded(np.linspace(1, 0.1, 300))))
    before = plots.lr_plot.getViewBox().viewRange()[1]
    x, lr = rate_preview(parse_schedule("exponential:gamma=0.95"), 0.1, 300, 10, 1000)
    plots.show_preview(x, lr)
    low, high = plots.lr_plot.getViewBox().viewRange()[1]
    assert low < before[0] and low <= np.log10(lr.min()) < high  # rescaled: the whole preview in view
    x, lr = rate_preview(parse_schedule("exponential:gamma=0.5"), 0.1, 300, 10, 10**7)
    plots.show_preview(x, lr)
    plots.grab()
    low, high = plots.lr_plot.getViewBox().viewRange()[1]
    assert np.log10(0.1) - DECADES_BELOW - 1 < low < np.log10(0.1) < high  # not to 1e-256
    assert np.isfinite(plots.preview_curve.yData).all()


def test_a_diverged_run_paints_without_warnings(qtbot):
    """Item 22: values up to 1e300 and inf reached pyqtgraph's paint (overflow, invalid cast)."""
    loss = np.concatenate([np.linspace(1, 0.5, 500), np.geomspace(1, 1e300, 90), [np.inf, np.nan]])
    h = recorded(loss)
    h.diverged_at = len(loss)
    plots = bare_plots(qtbot)
    for log in (False, True):
        plots.set_log_loss(log)
        plots.draw(RunSeries(h))
        plots.grab()
        for curve in (plots.raw_curve, plots.smooth_curve, plots.lr_curve):
            y = curve.yData
            assert np.all(np.abs(y[np.isfinite(y)]) <= 1e12)
        plots.loss_plot.getViewBox().setXRange(45, 60, padding=0)  # zoomed into the blow-up
        plots.grab()


def test_the_dashed_line_is_the_running_schedules_real_future(qtbot):
    """Issue 11, item 16: step decay applied at epoch 34.5; at 59.75 the dashed line dropped at
    79.75 (the panel's schedule re-applied now), the run dropped at 74.5."""
    from lrmonitor.core.run.events import ApplySchedule

    plots = bare_plots(qtbot)
    trainer = Trainer(RunConfig(problem="linear", epochs=100), [Stamped(34 * 32 + 16, ApplySchedule("step:every=20"))])
    series, guide = RunSeries(trainer.history), PlateauGuide()
    trainer.run(59 * 32 + 24)
    series.update()
    plots.on_frame(frame_of(trainer, series, guide, first=True))
    x, y = plots.future_curve.getData()
    lr = 10 ** y  # as drawn on the log axis
    assert x[0] == pytest.approx(59.75) and lr[0] == pytest.approx(trainer.current_lr())
    assert x[1:][np.diff(lr) < 0].tolist() == pytest.approx([74.5, 94.5])
    assert plots.future_curve.opts["pen"].style() == QtCore.Qt.PenStyle.DashLine
    assert plots.preview_curve.opts["pen"].style() == QtCore.Qt.PenStyle.DotLine  # the panel's: another line


def test_runs_beside_are_drawn_bounded_and_positive_on_a_log_axis(qtbot):
    """Item 20 and 22 for the overlay: another run with zero losses, and one that blew up."""
    from lrmonitor.core.display.frame import RunInfo
    from lrmonitor.qt.snapshot import _Steps

    zeros = np.linspace(1, 0.1, 3000)
    zeros[::7] = 0.0
    blown = np.concatenate([np.linspace(1, 0.5, 2000), np.geomspace(1, 1e300, 500), [np.inf]])
    plots = bare_plots(qtbot)
    plots.draw(RunSeries(recorded(np.linspace(1, 0.2, 3000))))
    infos = []
    for slot, loss in enumerate((zeros, blown), start=1):
        series = RunSeries(recorded(loss))
        series.update()
        infos.append(RunInfo(slot, str(slot), slot, None, None, True, False, _Steps(series.history), series))
    plots.overlay.show(tuple(infos))
    for log in (False, True):
        plots.set_log_loss(log)
        plots.grab()
        for curves in plots.overlay._curves.values():
            for curve in curves:
                y = curve.yData
                finite = y[np.isfinite(y)]
                assert len(finite) > 0.5 * len(y) and np.all(np.abs(finite) <= 1e12)
                if log or curve is curves[2]:
                    assert np.all(finite > 0)


def test_the_window_draws_the_running_schedule_ahead_after_apply(qtbot, window, run_until):
    """Item 16 in the window (the worker engine): the dashed line drops where the run will drop,
    20 epochs after the step decay was applied, not 20 epochs after now."""
    c = window.controller
    run_until(window, 5 * 32)
    window.decay.schedule.setCurrentText("step")
    window.decay.apply()
    run_until(window, 17 * 32)
    c.tick()
    anchor = next(s.step for s in c.run.history.events if s.event.kind == "schedule") / 32
    qtbot.waitUntil(lambda: plots_ahead_start(window) == pytest.approx(c.run.step / 32), timeout=3000)
    x, y = window.plots.future_curve.getData()
    lr = 10 ** y
    assert lr[0] == pytest.approx(c.run.current_lr())
    assert x[1:][np.diff(lr) < 0][0] == pytest.approx(anchor + 20)
    assert "rate ahead (running schedule)" in [label.text for _, label in window.plots.legend.items]


def plots_ahead_start(window):
    x = window.plots.future_curve.xData
    return None if x is None or not len(x) else x[0]


@pytest.mark.parametrize("log", [False, True])
def test_zooming_far_out_and_in_stays_within_what_the_axes_can_show(qtbot, log):
    """Item 22: wheel-zooming far out overflowed the axes ("Cannot set range [-inf, -inf]", overflow
    in AxisItem); data with zeros, negatives, 1e300 and non-finite values must paint without a warning."""
    rng = np.random.default_rng(0)
    loss = np.abs(rng.normal(1, 1, 5000))
    loss[rng.integers(0, 5000, 300)] = rng.choice([0, -1, np.inf, -np.inf, np.nan, 1e300, -1e300, 1e-300], 300)
    history = recorded(np.where(np.isfinite(loss), loss, 1.0))
    history.loss.view()[:] = loss  # the epoch means stay finite; the steps carry every kind of value
    plots = bare_plots(qtbot, 800, 500)
    plots.set_log_loss(log)
    plots.draw(RunSeries(history))
    for view in (plots.loss_plot.getViewBox(), plots.lr_plot.getViewBox()):
        for factor in (10.0,) * 60 + (0.1,) * 120:  # as a wheel does, ten times a notch
            view.scaleBy(x=factor, y=factor)
            if rng.random() < 0.2:
                plots.grab()
        (x0, x1), (y0, y1) = view.viewRange()
        assert all(np.isfinite([x0, x1, y0, y1])) and x1 > x0 and y1 > y0
    plots.autoscale()
    plots.grab()
    low, high = plots.loss_plot.getViewBox().viewRange()[1]
    assert abs(low) < 1e13 and abs(high) < 1e13  # fitted to what is drawn, never to 1e300
