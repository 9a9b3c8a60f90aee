"""Event markers: a labelled dashed line across both plots for every event, red where it diverged."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore

from ..core.run.history import History

EVENT_PEN = pg.mkPen((90, 90, 90), width=1, style=QtCore.Qt.PenStyle.DashLine)
DIVERGED_PEN = pg.mkPen((200, 30, 30), width=2)
LABEL = {"position": 0.93, "color": (50, 50, 50), "fill": (255, 255, 255, 210), "anchors": [(0, 0), (0, 0)]}


class EventMarkers:
    """The marker lines of one run on a loss plot (labelled) and a rate plot."""

    def __init__(self, loss_plot: pg.PlotItem, lr_plot: pg.PlotItem) -> None:
        self.loss_plot = loss_plot
        self.lr_plot = lr_plot
        self._lines: list[pg.InfiniteLine] = []

    @property
    def count(self) -> int:
        """Lines drawn: two per event (one on each plot)."""
        return len(self._lines)

    def draw(self, history: History, colour: tuple[int, int, int] | None = None) -> None:
        """Lines for every event of ``history`` (dashed, in the run's ``colour``) and its divergence."""
        self.clear()
        spe = history.steps_per_epoch
        pen = EVENT_PEN if colour is None else pg.mkPen(colour, width=1, style=QtCore.Qt.PenStyle.DashLine)
        marks = [(s.step / spe, s.event.label(), pen) for s in history.events]
        if history.diverged_at is not None:
            marks.append((history.diverged_at / spe, "diverged", DIVERGED_PEN))
        end = max(history.steps / spe, 1e-9)
        for index, (x, label, pen) in enumerate(marks):
            # labels of nearby events step down so they do not print over each other; near the
            # right end they sit left of their line so they are not cut off
            left = x > 0.8 * end
            options = dict(LABEL, position=0.74 - 0.08 * (index % 4),  # below the legend
                           anchors=[(1, 0), (1, 0)] if left else [(0, 0), (0, 0)])
            top = pg.InfiniteLine(pos=x, angle=90, pen=pen, movable=False, label=label, labelOpts=options)
            bottom = pg.InfiniteLine(pos=x, angle=90, pen=pen, movable=False)
            self.loss_plot.addItem(top, ignoreBounds=True)
            self.lr_plot.addItem(bottom, ignoreBounds=True)
            self._lines += [top, bottom]

    def clear(self) -> None:
        for line in self._lines:
            view = line.getViewBox()
            if view is not None:
                view.removeItem(line)
        self._lines.clear()
