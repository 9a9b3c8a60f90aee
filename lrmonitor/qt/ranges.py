"""Axis ranges and log-axis labels that change only when it matters, and applied before the paint.

While training, ranges would otherwise move a little every frame, and each move makes
pyqtgraph rebuild the axes; with headroom they rarely move. A range that does move is applied
by :func:`settle` at the end of the frame, so the frame is painted once, not twice.
pyqtgraph's own log ticks print every minor tick on a short axis, on top of each other ("0.9"
over "1", "0.09" over "0.1"), so a log axis gets 1-2-5 labels per decade as room allows
(:class:`LogTicks`).
"""

from __future__ import annotations

import math

import pyqtgraph as pg


def set_range(view: pg.ViewBox, axis: str, low: float, high: float, grow_only: bool = False,
              anchored_low: bool = False, headroom: float = 0.0) -> None:
    """Change a range only if the data left it, or it is far too roomy.

    ``anchored_low``: the low end is a fixed origin (x = 0), kept within 5 % of the span.
    """
    index = 0 if axis == "x" else 1
    current_low, current_high = view.viewRange()[index]
    span = high - low
    if anchored_low:
        low_ok = abs(current_low - low) <= 0.05 * span
    else:
        low_ok = current_low <= low and low - current_low < 0.3 * span
    high_ok = high <= current_high and (grow_only or current_high - high < 0.6 * span)
    if low_ok and high_ok:
        return
    high += headroom * span  # room to grow into, so the next frames need no change
    if axis == "x":
        view.setXRange(low, high, padding=0)
    else:
        view.setYRange(low, high, padding=0)


def settle(graphics: pg.GraphicsView) -> None:
    """Apply this frame's changes of range and data bounds now, so that Qt paints the view once.

    pyqtgraph applies them lazily: a ViewBox sets its new transform in the scene's
    ``prepareForPaint``, at the start of the paint. Setting a transform marks the items dirty, and
    dirt made during a paint is painted again right after it: every frame that moved a range or grew
    a curve was painted twice (measured: the Rates tab with four runs, 2 paints per frame and a
    frame interval of 49 ms; the Training tab's plots 2 paints in most frames). Called at the end of
    a view's frame, the transform is set before the paint and the paint that follows is the only one.
    """
    graphics.scene().prepareForPaint()


def rate_ticks(low: float, high: float, rows: int) -> list[tuple[float, str]]:
    """Labels for a log10 axis from ``low`` to ``high`` with room for ``rows`` labels."""
    decades = high - low
    ticks: list[tuple[float, str]] = []
    for multiples in ((1, 2, 5), (1, 3), (1,)):
        ticks = [
            (math.log10(m) + k, f"{m * 10.0 ** k:g}")
            for k in range(math.floor(low) - 1, math.ceil(high) + 1)
            for m in multiples
            if low <= math.log10(m) + k <= high
        ]
        if len(ticks) <= rows:
            return ticks
    every = math.ceil(decades / rows)  # many decades: every n-th decade
    return [(float(k), f"{10.0 ** k:g}") for k in range(math.ceil(low), math.floor(high) + 1) if k % every == 0]


class LogTicks:
    """Keeps a log axis labelled 1-2-5 per decade (:func:`rate_ticks`), as many as its length has room for.

    Follows the view's range and size; on an axis in linear mode it gives the labels back to
    pyqtgraph. ``axis`` is "left" (the y axis) or "bottom" (the x axis).
    """

    ROOM = {"left": 22, "bottom": 70}  # pixels a label needs along the axis

    def __init__(self, plot: pg.PlotItem, axis: str = "left") -> None:
        self.plot, self.axis = plot, axis
        self._last: list | None = None
        view = plot.getViewBox()
        (view.sigYRangeChanged if axis == "left" else view.sigXRangeChanged).connect(self.update)
        view.sigResized.connect(self.update)

    def update(self, *_) -> None:
        item, view = self.plot.getAxis(self.axis), self.plot.getViewBox()
        if not item.logMode:
            if self._last is not None:
                self._last = None
                item.setTicks(None)
            return
        low, high = view.viewRange()[1 if self.axis == "left" else 0]
        if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
            return
        length = view.height() if self.axis == "left" else view.width()
        ticks = rate_ticks(low, high, max(2, int(length / self.ROOM[self.axis])))
        if ticks != self._last:  # setting ticks repaints the axis: only when they change
            self._last = ticks
            item.setTicks([ticks, []])
