"""The overlay: the other shown runs of the workspace, drawn with the current one, each in its colour.

For each shown run that is not current: its smoothed loss, its validation loss at epoch ends
(as a line) and its rate, from min/max envelopes of what is in view, like the current run's
curves. The other runs do not train, so they are redrawn only when the view, the smoothing or
the set of runs changes, not every frame.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from ..core.display.drawable import bounded, for_log_axis
from ..core.display.frame import RunInfo
from .palette import run_colour


class Overlay:
    def __init__(self, loss_plot: pg.PlotItem, lr_plot: pg.PlotItem) -> None:
        self.loss_plot = loss_plot
        self.lr_plot = lr_plot
        self._curves: dict[int, tuple[pg.PlotDataItem, pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._runs: tuple[RunInfo, ...] = ()
        self._drawn: dict[int, tuple] = {}

    def show(self, runs: tuple[RunInfo, ...]) -> None:
        """The runs to draw: every visible run that is not current."""
        self._runs = tuple(info for info in runs if info.visible and not info.current and info.series is not None)
        wanted = {info.id for info in self._runs}
        for run_id in list(self._curves):
            if run_id not in wanted:
                for curve in self._curves.pop(run_id):
                    curve.getViewBox() and curve.getViewBox().removeItem(curve)
                self._drawn.pop(run_id, None)
        for info in self._runs:
            if info.id not in self._curves:
                colour = run_colour(info.colour)
                pen = pg.mkPen(colour, width=1)
                faint = pg.mkPen((*colour, 140), width=1)
                loss = pg.PlotDataItem(pen=pen)
                val = pg.PlotDataItem(pen=faint)
                lr = pg.PlotDataItem(pen=pen)
                for curve in (loss, val, lr):
                    curve.setZValue(-5)  # under the current run's lines, above its faint raw band
                self.loss_plot.addItem(loss)
                self.loss_plot.addItem(val)
                self.lr_plot.addItem(lr)
                self._curves[info.id] = (loss, val, lr)

    @property
    def runs(self) -> tuple[RunInfo, ...]:
        """The runs drawn (an export draws the same)."""
        return self._runs

    def rates(self) -> list[np.ndarray]:
        """The rates drawn of every shown run (the rate axis makes room for them)."""
        return [curves[2].yData for curves in self._curves.values() if curves[2].yData is not None]

    def end(self) -> float:
        """The last epoch any shown run reached (the x range makes room for it)."""
        return max((info.series.steps / info.view.steps_per_epoch for info in self._runs), default=0.0)

    def redraw(self, x0: float | None, x1: float | None, columns: int, force: bool = False) -> None:
        """Draw each run's part in the x range (epochs; None: all of it) on ``columns`` columns.

        Values are bounded and, on a log loss axis, positive (:mod:`~lrmonitor.core.display.drawable`):
        a run beside that blew up or reached a zero loss must not blank or break the plot.
        """
        log = self.loss_plot.ctrl.logYCheck.isChecked()
        loss_values = for_log_axis if log else bounded
        for info in self._runs:
            series, spe = info.series, info.view.steps_per_epoch
            start = 0 if x0 is None else max(0, int(math.floor(x0 * spe)) - 2)
            stop = series.steps if x1 is None else min(series.steps, int(math.ceil(x1 * spe)) + 2)
            key = (start, stop, columns, series.steps, series.epochs, series.smoothing, log)
            if not force and self._drawn.get(info.id) == key:
                continue
            self._drawn[info.id] = key
            loss, val, lr = self._curves[info.id]
            idx, values = series.envelope("smoothed", start, stop, columns)
            loss.setData((idx + 1) / spe, loss_values(values), connect="finite")
            idx, values = series.envelope("lr", start, stop, columns)
            lr.setData((idx + 1) / spe, for_log_axis(values), connect="finite")
            first, last = start // spe, min(series.epochs, stop // spe + 1)
            idx, values = series.envelope("val", first, last, columns)
            val.setData(np.asarray(idx) + 1.0, loss_values(values), connect="finite")
