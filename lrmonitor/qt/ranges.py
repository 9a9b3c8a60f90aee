"""Axis ranges and rate-axis labels that change only when it matters, and applied before the paint.

While training, ranges would otherwise move a little every frame, and each move makes
pyqtgraph rebuild the axes; with headroom they rarely move. A range that does move is applied
by :func:`settle` at the end of the frame, so the frame is painted once, not twice.
pyqtgraph's own log ticks print every minor tick on a short axis, on top of each other, so
the rate axis gets 1-2-5 labels per decade as room allows.
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
