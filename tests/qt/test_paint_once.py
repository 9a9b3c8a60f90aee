"""A frame is painted once: the plots apply a new range before the paint, not during it.

pyqtgraph sets a ViewBox's new transform at the start of a paint, and what that marks dirty is
painted again right after; every frame that moved a range used to be painted twice, which made the
Rates tab redraw every 50 ms instead of every 25 (``lrmonitor.qt.ranges.settle``).
"""

import numpy as np
from PySide6 import QtCore, QtWidgets

from lrmonitor.core.display.guide import PlateauGuide
from lrmonitor.core.display.series import RunSeries
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.qt.plots import RunPlots
from lrmonitor.qt.views.rates_view import RatesView

from .test_plots import frame_of, recorded


class PaintCounter(QtCore.QObject):
    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QtCore.QEvent.Type.Paint:
            self.count += 1
        return False


def paints_of_one_frame(qtbot, viewport, frame) -> int:
    """Paints that follow ``frame()``, once every event it caused is handled."""
    qtbot.waitUntil(lambda: viewport.isVisible())
    counter = PaintCounter(viewport)
    QtWidgets.QApplication.processEvents()
    counter.count = 0
    frame()
    qtbot.waitUntil(lambda: counter.count >= 1)
    for _ in range(5):  # a second paint is posted while the first is painted: handle what it posted
        QtWidgets.QApplication.sendPostedEvents()
        QtWidgets.QApplication.processEvents()
    viewport.removeEventFilter(counter)
    return counter.count


def test_a_rates_frame_that_moves_both_ranges_is_painted_once(qtbot):
    view = RatesView(editable=False)
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    rng = np.random.default_rng(0)
    histories = [recorded(np.exp(-np.linspace(0, 2, 400)) * (1 + 0.1 * rng.random(400))) for _ in range(2)]
    view.set_runs([0.1, 1.0], histories)
    before = view.plot.getViewBox().viewRange()

    def grow():
        for h in histories:
            h.loss.extend(np.full(200, 0.01))  # longer (x moves) and lower (y moves)
            h.lr.extend(np.full(200, 0.1))
        view.on_frame()

    assert paints_of_one_frame(qtbot, view.graphics.viewport(), grow) == 1
    after = view.plot.getViewBox().viewRange()
    assert after[0][1] > before[0][1] and after[1][0] < before[1][0]  # both ranges did move


def test_a_training_frame_that_moves_the_range_is_painted_once(qtbot):
    plots = RunPlots()
    qtbot.addWidget(plots)
    plots.resize(800, 500)
    plots.show()
    trainer = Trainer(RunConfig(problem="linear", epochs=40))
    series, guide = RunSeries(trainer.history), PlateauGuide()
    trainer.run(32)
    series.update()
    plots.on_frame(frame_of(trainer, series, guide, first=True))
    before = plots.loss_plot.getViewBox().viewRange()

    def grow():
        trainer.run(30 * 32)  # the loss falls far below the first epoch's: the y range must move
        series.update()
        plots.on_frame(frame_of(trainer, series, guide))

    assert paints_of_one_frame(qtbot, plots.viewport(), grow) == 1
    assert plots.loss_plot.getViewBox().viewRange() != before
