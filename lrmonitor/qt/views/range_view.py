"""The learning-rate range test view: loss against rate on a log x axis, with the two suggested
rates marked as hints (they are fragile on noisy curves, and the view says so).

API, for placing it in the window:

- ``RangeTestView(parent=None)``
- ``set_result(result, default_lr=None)``: draw a :class:`~lrmonitor.core.run.range_test.RangeTest`
  (``default_lr``, if given, is marked too: the rate the setup would use now).
- ``on_step(lr, loss)``: live, the curve so far (arrays); hints are recomputed from it.
- ``set_theme(colours)``: draw in a theme's colours (:class:`~lrmonitor.qt.theme.PlotColours`;
  light by default, as the command line's pictures are).
- ``hints``: ``{"steepest": rate or None, "minimum / 10": rate or None}``.
- signal ``use_rate(float)``: "Use this rate" was chosen (a hint's button or a click on its line).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ...core.run.range_test import RangeTest, result_of
from ..palette import run_colour
from ..ranges import LogTicks, settle
from ..theme import LIGHT, PlotColours
from .common import NotePane, fit_view, style_view_plot

# the hints in run colours (vermillion, bluish green), the curve in the first (blue): apart for everyone
HINT_PENS = {"steepest": pg.mkPen(run_colour(1), width=2, style=QtCore.Qt.PenStyle.DashLine),
             "minimum / 10": pg.mkPen(run_colour(2), width=2, style=QtCore.Qt.PenStyle.DashLine)}
CAVEAT = QT_TRANSLATE_NOOP("RangeTestView", "Hints, not answers: the steepest descent and the minimum / 10 move "
                           "between seeds on a noisy curve. Pick a rate where the loss still falls clearly, then "
                           "watch the run.")  # translated where shown
HINT_NAMES = {"steepest": QT_TRANSLATE_NOOP("RangeTestView", "steepest"),
              "minimum / 10": QT_TRANSLATE_NOOP("RangeTestView", "minimum / 10")}


class RangeTestView(QtWidgets.QWidget):
    use_rate = QtCore.Signal(float)

    def __init__(self, parent: QtWidgets.QWidget | None = None, colours: PlotColours = LIGHT) -> None:
        super().__init__(parent)
        self.graphics = pg.GraphicsLayoutWidget()
        self.plot = self.graphics.addPlot(row=0, col=0)
        self.plot.setLogMode(x=True, y=False)
        self._ticks = LogTicks(self.plot, "bottom")
        self.plot.setLabel("bottom", self.tr("learning rate (log)"))
        self.plot.setLabel("left", self.tr("mini-batch loss"))
        self.plot.setTitle(self.tr("Learning-rate range test"))
        self.legend = self.plot.addLegend(offset=(10, 10))
        self.raw = self.plot.plot(name=self.tr("mini-batch loss"))
        self.smooth = self.plot.plot(pen=pg.mkPen(run_colour(0), width=2), name=self.tr("smoothed"))
        self.note = NotePane(self.tr(CAVEAT))
        self.lines: dict[str, pg.InfiniteLine] = {}
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        buttons = QtWidgets.QVBoxLayout()  # beside the caveat, one above the other: a row less under the plot
        for name, pen in HINT_PENS.items():  # labels at two heights, a line apart (_place_labels): never overlap
            hint = self.tr("hint: {0}").format(self.tr(HINT_NAMES[name]))
            line = pg.InfiniteLine(angle=90, pen=pen, movable=False, label=hint,
                                   labelOpts={"position": 0.9, "color": pen.color()})
            line.setVisible(False)
            line.sigClicked.connect(lambda _line, _ev=None, n=name: self._use(n))
            self.plot.addItem(line, ignoreBounds=True)
            self.lines[name] = line
            button = QtWidgets.QPushButton(self.tr("Use this rate ({0})").format(self.tr(HINT_NAMES[name])))
            button.setEnabled(False)
            button.setToolTip(self.tr(CAVEAT))
            button.clicked.connect(lambda _=False, n=name: self._use(n))
            buttons.addWidget(button)
            self.buttons[name] = button
        self.default_line = pg.InfiniteLine(angle=90, label=self.tr("current α0"), labelOpts={"position": 0.08})
        self.default_line.setVisible(False)
        self.plot.addItem(self.default_line, ignoreBounds=True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)  # the notes right under the plot, on its background
        layout.addWidget(self.graphics, 1)
        under = QtWidgets.QHBoxLayout()
        under.addWidget(self.note, 1)
        under.addLayout(buttons)
        layout.addLayout(under)
        self.plot.getViewBox().sigResized.connect(self._place_labels)
        self.hints: dict[str, float | None] = dict.fromkeys(HINT_PENS)
        self.result: RangeTest | None = None
        self.set_theme(colours)

    def set_theme(self, colours: PlotColours) -> None:
        """Draw in ``colours``: background, axes, title, legend, the caveat, the curve and the lines' labels."""
        self.colours = colours
        ours = style_view_plot(self.graphics, self.plot, self.legend, self.note, colours)
        self.raw.setPen(pg.mkPen(ours.range_raw, width=1))
        for line in self.lines.values():
            line.label.fill = pg.mkBrush(ours.hint_fill)
            line.label.update()
        self.default_line.setPen(pg.mkPen(colours.event, width=1, style=QtCore.Qt.PenStyle.DotLine))
        self.default_line.label.setColor(colours.event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """The notes take at most a share of a short view, and its title goes: the curve keeps the room."""
        super().resizeEvent(event)
        fit_view(self, self.plot, self.note)

    def _place_labels(self) -> None:
        """The hints' labels a line of text apart from the top, whatever the plot's height: at fixed
        shares of it (0.94 and 0.86) they overlapped in a short plot (a small window)."""
        height = self.plot.getViewBox().height()
        if height <= 0:
            return
        first = next(iter(self.lines.values())).label
        step = QtGui.QFontMetrics(first.textItem.font()).lineSpacing() + 6
        for k, line in enumerate(self.lines.values()):
            line.label.setPosition(max(0.1, 1 - (0.5 + k) * step / height - 4 / height))

    def _use(self, name: str) -> None:
        rate = self.hints.get(name)
        if rate is not None:
            self.use_rate.emit(float(rate))

    def on_step(self, lr: np.ndarray, loss: np.ndarray) -> None:
        self.set_result(result_of(np.asarray(lr, dtype=np.float64), np.asarray(loss, dtype=np.float64)))

    def set_result(self, result: RangeTest, default_lr: float | None = None) -> None:
        self.result = result
        if result.steps == 0:
            return
        x = np.log10(result.lr)  # log mode: pyqtgraph positions items in log10 units
        self.raw.setData(result.lr, result.loss)
        self.smooth.setData(result.lr, result.smoothed)
        self.hints = {"steepest": result.steepest, "minimum / 10": result.min_over_10}
        for name, rate in self.hints.items():
            line, button = self.lines[name], self.buttons[name]
            line.setVisible(rate is not None)
            button.setEnabled(rate is not None)
            if rate is not None:
                line.setValue(np.log10(rate))
                shown = self.tr(HINT_NAMES[name])
                line.label.setText(self.tr("hint: {0}").format(shown) + f" {rate:.3g}")
                button.setText(self.tr("Use this rate: {0} ({1}, a hint)").format(f"{rate:.3g}", shown))
        if default_lr is not None:
            self.default_line.setValue(np.log10(default_lr))
            self.default_line.label.setText(self.tr("current α0") + f" {default_lr:g}")
            self.default_line.setVisible(True)
        finite = result.smoothed[np.isfinite(result.smoothed)]
        raw = result.loss[np.isfinite(result.loss)]
        if len(finite):
            low = min(float(finite.min()), float(raw.min()))
            start = float(finite[0])
            high = start + 1.5 * max(start - low, 0.05 * abs(start))  # the blow-up leaves the top: the dip matters
            self.plot.setYRange(low, min(high, float(raw.max())), padding=0.05)
        self.plot.setXRange(float(x[0]), float(x[-1]), padding=0.02)
        settle(self.graphics)
