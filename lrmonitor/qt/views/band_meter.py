"""The wandering band, measured: a number with its change, and a shaded band for a loss plot.

API, for placing it in the window:

- ``BandMeter(parent=None, epochs=5)``: a spin box for N (trailing epochs) and the reading.
  ``show_reading(history, since_step=None, compared=None)`` recomputes and shows it
  (``core.display.band.reading``: "band 0.0123: narrowed 81 %"); call it once per frame.
  Signal ``epochs_changed(int)`` when the user changes N (the meter already re-reads its last run).
- ``BandOverlay(plot_item, colour=(0, 114, 178))``: a shaded band of ±1 trailing std around the
  smoothed curve, added to an existing pyqtgraph PlotItem; ``update(x, smoothed, loss, window_steps)``.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from ...core.display.band import DEFAULT_EPOCHS, MAX_EPOCHS, BandReading, reading, rolling_band
from ...core.run.history import History
from ..palette import tint


class BandMeter(QtWidgets.QWidget):
    epochs_changed = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None, epochs: int = DEFAULT_EPOCHS) -> None:
        super().__init__(parent)
        self.spin = QtWidgets.QSpinBox()
        self.spin.setRange(1, MAX_EPOCHS)
        self.spin.setValue(epochs)
        self.spin.setSuffix(self.tr(" epochs"))
        self.spin.setToolTip(self.tr("The band is the standard deviation of the per-step loss over this many "
                                     "trailing whole epochs."))
        self.label = QtWidgets.QLabel(self.tr("band: n/a"))
        self.label.setToolTip(self.tr("How widely the mini-batch loss wanders: a fixed rate keeps it wide, a decay "
                                      "narrows it. Compared with the same window before the last decay, or with the "
                                      "run a fork was made from."))
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QtWidgets.QLabel(self.tr("Band over the last")))
        layout.addWidget(self.spin)
        layout.addWidget(self.label, 1)
        self.last: BandReading | None = None
        self._args: tuple | None = None
        self.spin.valueChanged.connect(self._changed)

    @property
    def epochs(self) -> int:
        return self.spin.value()

    def _changed(self, value: int) -> None:
        if self._args is not None:
            self.show_reading(*self._args)
        self.epochs_changed.emit(value)

    def show_reading(self, history: History, since_step: int | None = None, compared: History | None = None) -> None:
        self._args = (history, since_step, compared)
        self.last = reading(history, self.epochs, since_step, compared)
        self.label.setText(self.words(self.last))

    def words(self, band: BandReading) -> str:
        """The core's :func:`~lrmonitor.core.display.band.change_text` (``band 0.12: narrowed 80 %``)
        worded in the window's language; in English the same text."""
        if not math.isfinite(band.now):
            return self.tr("band: n/a")
        now = f"{band.now:.3g}"
        if band.change_pct is None:
            return self.tr("band {0}").format(now)
        text = self.tr("band {0}: narrowed {1}") if band.change_pct < 0 else self.tr("band {0}: widened {1}")
        return text.format(now, f"{abs(band.change_pct):.0f} %")


class BandOverlay:
    """±1 trailing standard deviation around the smoothed curve, on a PlotItem (under the lines)."""

    def __init__(self, plot: pg.PlotItem, colour: tuple[int, int, int] = (0, 114, 178), max_points: int = 4000) -> None:
        self.max_points = max_points
        self.upper = pg.PlotDataItem(pen=None)
        self.lower = pg.PlotDataItem(pen=None)
        self.fill = pg.FillBetweenItem(self.upper, self.lower, brush=pg.mkBrush(*tint(colour, 0.75), 140))
        self.fill.setZValue(-15)
        plot.addItem(self.upper)
        plot.addItem(self.lower)
        plot.addItem(self.fill)

    def update(self, x: np.ndarray, smoothed: np.ndarray, loss: np.ndarray, window_steps: int) -> None:
        """``window_steps``: the trailing window in steps (the meter's N epochs x steps per epoch)."""
        spread = rolling_band(np.asarray(loss, dtype=np.float64), max(1, window_steps))
        n = min(len(x), len(smoothed), len(spread))
        stride = max(1, -(-n // self.max_points))  # a band for the eye: every k-th point is enough
        self.set_band(x[:n:stride], np.asarray(smoothed[:n:stride], dtype=np.float64), spread[:n:stride])

    def set_band(self, x: np.ndarray, middle: np.ndarray, spread: np.ndarray) -> None:
        """Shade ``middle`` ± ``spread`` at ``x`` (already thinned for drawing)."""
        self.upper.setData(x, middle + spread)
        self.lower.setData(x, middle - spread)
