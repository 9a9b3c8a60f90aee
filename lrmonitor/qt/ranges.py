"""Axis ranges and rate-axis labels that change only when it matters.

While training, ranges would otherwise move a little every frame, and each move makes
pyqtgraph rebuild the axes and paint twice (measured); with headroom they rarely move.
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
