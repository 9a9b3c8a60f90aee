"""The wandering band, live in the Training tab: the meter under the plots and the shaded band
around the current run's smoothed curve.

The meter compares the band now with the band before the last decay of the run, or, for a fork,
with its parent over the same epochs (``core.display.band.reading``). The shaded band is read from
cumulative sums kept as the run grows (``core.display.band.TrailingBand``) at a few thousand
points in view, so a frame of a run of a million steps costs what is shown, not what was trained.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from ...core.display.band import TrailingBand, last_decay_step
from ...core.display.frame import Frame
from ..palette import run_colour
from .band_meter import BandMeter, BandOverlay


class LiveBand(QtCore.QObject):
    def __init__(self, meter: BandMeter, plot: pg.PlotItem, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.meter = meter
        self.plot = plot
        self.overlay = BandOverlay(plot)
        self.overlay.fill.setZValue(-5)  # over the faint raw band (z -10), under the smoothed line: the band measured
        self._frame: Frame | None = None
        self._colour = None
        self._history = None
        self._band = TrailingBand()  # the band's sums, kept as the current run grows
        meter.epochs_changed.connect(lambda _n: self._redraw())
        plot.getViewBox().sigXRangeChanged.connect(lambda *_: self._redraw())

    def forget(self) -> None:
        """Let go of the last frame: its history may live in a worker's shared memory, freed when the
        engine shuts down, and a late resize or restyle of the closed window redraws the band."""
        self._frame = None

    def on_frame(self, frame: Frame) -> None:
        self._frame = frame
        current = frame.current
        if current is not None and current.colour != self._colour:
            self._colour = current.colour
            self.overlay.fill.setBrush(pg.mkBrush(*run_colour(current.colour), 70))
        if not (frame.data_changed or frame.events_changed or frame.runs_changed):
            return
        history = frame.run.history
        compared = None
        if current is not None and current.parent is not None:
            parent = next((info for info in frame.runs if info.id == current.parent), None)
            compared = None if parent is None else parent.view.history
        self.meter.show_reading(history, last_decay_step(history) if compared is None else None, compared)
        self._redraw()

    def _redraw(self) -> None:
        frame = self._frame
        if frame is None or frame.series is None:
            return
        series = frame.series
        spe = frame.run.steps_per_epoch
        n = series.steps if not series.blowing_up else series.last_healthy  # no band around a blow-up
        window = self.meter.epochs * spe
        left, right = self.plot.getViewBox().viewRange()[0]
        first = max(0, int(left * spe) - 1)
        stop = min(n, int(right * spe) + 2)
        if stop <= first:
            empty = np.empty(0)
            self.overlay.set_band(empty, empty, empty)
            return
        history = frame.run.history
        if history is not self._history:  # another run: its own sums
            self._history, self._band = history, TrailingBand()
        self._band.update(history.loss.view(n))  # only the steps new since the last frame
        index = np.unique(np.linspace(first, stop - 1, min(stop - first, self.overlay.max_points)).astype(np.int64))
        smoothed = np.asarray(series.smoothed[: stop], dtype=np.float64)[index]
        self.overlay.set_band((index + 1) / spe, smoothed, self._band.at(index + 1, window))
