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
