"""Event markers: a labelled dashed line across both plots for every event, red where it diverged.

A run can hold thousands of events (a held key, a long session). One graphics item per line
and label made every new event rebuild them all (4.7 s per event at 300 events, 9 s to open a
session with 3,000, issue 11). So each plot has one :class:`EventLines` item for all of them:
new events append to numpy arrays, and painting is decimated like the curves: one stroke per
pixel column, and only the labels that fit, in a few rows, never over each other and never cut
off at the plot's edge (a label that does not fit is left out, its line stays).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from ..core.run.history import History
from .theme import LIGHT, PlotColours

LABEL_ROWS = 4  # rows of labels under the top of the loss plot
GAP = 4  # pixels between two labels in a row, and between a label and its line


class EventLines(pg.GraphicsObject):
    """Vertical lines at many x positions (view coordinates), painted as one item.

    ``kinds`` picks each line's pen from ``pens``; with ``labels`` the lines carry text. Lines
    and labels are drawn in device pixels: one stroke per pixel column however many events
    share it, and no scaled pen (an SVG export then needs no ``vector-effect``).
    """

    def __init__(self, pens: list[QtGui.QPen], labelled: bool) -> None:
        super().__init__()
        self.pens = pens
        self.labelled = labelled
        self.label_text = QtGui.QColor(*LIGHT.label_text)
        self.label_fill = QtGui.QColor(*LIGHT.label_fill)
        self.x = np.empty(0)
        self.kinds = np.empty(0, dtype=np.int8)
        self.texts: list[str] = []
        self.placed: list[tuple[str, QtCore.QRectF]] = []  # labels of the last paint, in device pixels
        self.columns_drawn = 0  # strokes of the last paint
        self._bounds: QtCore.QRectF | None = None
        self._layout_key = None
        self._widths: dict[str, float] = {}
        self.setZValue(5)  # over the curves
        # it spans the whole plot: clicks and drags go through to the plot (pan, zoom, fork menu)
        self.setAcceptedMouseButtons(QtCore.Qt.MouseButton.NoButton)

    def set_marks(self, x: np.ndarray, kinds: np.ndarray, texts: list[str]) -> None:
        self.x, self.kinds, self.texts = x, kinds, texts
        self._layout_key = None
        self.update()

    # -- QGraphicsItem -----------------------------------------------------------------
    def boundingRect(self) -> QtCore.QRectF:  # noqa: N802 (Qt override)
        if self._bounds is None:
            rect = self.viewRect()
            self._bounds = QtCore.QRectF() if rect is None else QtCore.QRectF(rect)
        return self._bounds

    def viewTransformChanged(self) -> None:  # noqa: N802 (pyqtgraph override)
        super().viewTransformChanged()
        self.prepareGeometryChange()
        self._bounds = None
        self._layout_key = None

    def dataBounds(self, axis, frac=1.0, orthoRange=None):  # noqa: N802 (pyqtgraph override)
        return None  # markers never take part in a range

    def paint(self, painter: QtGui.QPainter, *args) -> None:
        view = self.viewRect()
        if view is None or len(self.x) == 0:
            self.placed, self.columns_drawn = [], 0
            return
        transform = painter.transform()
        area = transform.mapRect(view)
        lo = int(np.searchsorted(self.x, view.left(), side="left"))
        hi = int(np.searchsorted(self.x, view.right(), side="right"))
        x, kinds = self.x[lo:hi], self.kinds[lo:hi]
        px = np.round(transform.m11() * x + transform.m31())
        painter.save()
        painter.resetTransform()  # device pixels from here on
        self.columns_drawn = 0
        for kind, pen in enumerate(self.pens):
            columns = np.unique(px[kinds == kind])
            if len(columns) == 0:
                continue
            self.columns_drawn += len(columns)
            painter.setPen(pen)
            # at the middle of a pixel: a crisp 1-px line, not two half-tone ones
            painter.drawLines([QtCore.QLineF(c + 0.5, area.top(), c + 0.5, area.bottom()) for c in columns.tolist()])
        if self.labelled:
            self._paint_labels(painter, area, lo, px)
        painter.restore()

    def _paint_labels(self, painter: QtGui.QPainter, area: QtCore.QRectF, first: int, px: np.ndarray) -> None:
        metrics = QtGui.QFontMetricsF(painter.font())
        key = (first, len(px), area.getRect(), px[:1].tolist(), px[-1:].tolist(), metrics.height())
        if key != self._layout_key:
            self._layout_key = key
            self.placed = self._layout(area, first, px, metrics)
        painter.setPen(self.label_text)
        for text, rect in self.placed:
            painter.fillRect(rect, self.label_fill)
            painter.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, text)

    def _layout(self, area: QtCore.QRectF, first: int, px: np.ndarray, metrics: QtGui.QFontMetricsF):
        """Greedy placement left to right: each label right of its line (left of it near the
        right edge) in the first row where it clears the previous label."""
        height = metrics.height() + 2
        rows = max(1, min(LABEL_ROWS, int(area.height() / 3 // height)))
        row_end = [-np.inf] * rows
        placed = []
        right_edge = area.right() - 1
        columns = px.tolist()
        i, n = 0, len(columns)
        while i < n:
            # a label needs its line right of the end of some row: skip the lines that cannot
            # have one (thousands of events in view cost a search, not a loop over them)
            i = max(i, int(np.searchsorted(px, min(row_end), side="right")))
            if i >= n:
                break
            column, text = columns[i], self.texts[first + i]
            i += 1
            width = self._widths.get(text)
            if width is None:
                width = self._widths[text] = metrics.horizontalAdvance(text) + 6
            left = column + GAP
            if left + width > right_edge:
                left = column - GAP - width  # near the right edge: left of the line
            if left < area.left() + 1:
                continue  # fits on neither side
            for row in range(rows):
                if left > row_end[row] + GAP:
                    row_end[row] = left + width
                    top = area.top() + 2 + row * height
                    placed.append((text, QtCore.QRectF(left, top, width, height - 2)))
                    break
        return placed


class EventMarkers:
    """The marker lines of one run on a loss plot (labelled) and a rate plot.

    :meth:`draw` takes in only the events added since the last call when the run is the same
    (events are only ever appended), so its cost does not grow with the events already shown.
    """

    def __init__(self, loss_plot: pg.PlotItem, lr_plot: pg.PlotItem) -> None:
        self.loss_plot = loss_plot
        self.lr_plot = lr_plot
        self.top = EventLines([QtGui.QPen(), QtGui.QPen()], labelled=True)
        self.bottom = EventLines([QtGui.QPen(), QtGui.QPen()], labelled=False)
        self._colours = LIGHT
        self._colour: tuple[int, int, int] | None = None
        loss_plot.addItem(self.top, ignoreBounds=True)
        lr_plot.addItem(self.bottom, ignoreBounds=True)
        self._history: History | None = None
        self._events = 0
        self._x: list[float] = []
        self._texts: list[str] = []
        self._key = None

    @property
    def count(self) -> int:
        """Lines drawn: two per event (one on each plot), two for a divergence."""
        return 2 * len(self.top.x)

    @property
    def labels(self) -> list[str]:
        """The labels shown at the last paint (those that fit)."""
        return [text for text, _ in self.top.placed]

        self.set_colours(LIGHT)

    def set_colours(self, colours: PlotColours) -> None:
        """Draw in the theme's ``colours``: event lines without a run colour, the divergence, the labels."""
        self._colours = colours
        self._set_event_pen(self._colour)
        self.top.pens[1] = self.bottom.pens[1] = pg.mkPen(colours.diverged, width=2)
        self.top.label_text = QtGui.QColor(*colours.label_text)
        self.top.label_fill = QtGui.QColor(*colours.label_fill)
        for item in (self.top, self.bottom):
            item.update()

    def _set_event_pen(self, colour: tuple[int, int, int] | None) -> None:
        self._colour = colour
        pen = pg.mkPen(self._colours.event if colour is None else colour, width=1, style=QtCore.Qt.PenStyle.DashLine)
        self.top.pens[0] = self.bottom.pens[0] = pen

    def draw(self, history: History, colour: tuple[int, int, int] | None = None) -> None:
        """Lines for every event of ``history`` (dashed, in the run's ``colour``) and its divergence."""
        self._set_event_pen(colour)
        if history is not self._history or len(history.events) < self._events:
            self._history, self._events, self._x, self._texts = history, 0, [], []
        spe = history.steps_per_epoch
        for stamped in history.events[self._events:]:
            self._x.append(stamped.step / spe)
            self._texts.append(stamped.label())
        self._events = len(history.events)
        key = (len(self._x), history.diverged_at, colour)
        if key == self._key:
            return
        self._key = key
        x, texts = np.asarray(self._x, dtype=float), self._texts
        kinds = np.zeros(len(x), dtype=np.int8)
        if history.diverged_at is not None:
            x = np.append(x, history.diverged_at / spe)
            kinds = np.append(kinds, np.int8(1))
            texts = [*texts, QtCore.QCoreApplication.translate("EventMarkers", "diverged")]
        order = np.argsort(x, kind="stable")  # events come in step order; a divergence may not
        x, kinds = x[order], kinds[order]
        texts = [texts[i] for i in order.tolist()]
        for item in (self.top, self.bottom):
            item.set_marks(x, kinds, texts)

    def clear(self) -> None:
        self._history, self._events, self._x, self._texts, self._key = None, 0, [], [], None
        for item in (self.top, self.bottom):
            item.set_marks(np.empty(0), np.empty(0, dtype=np.int8), [])
