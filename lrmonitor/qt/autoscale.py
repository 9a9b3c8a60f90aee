"""The ranges that fit a run's curves while the plots follow the data (until the user zooms or pans).

Three fits, each from what is drawn (the min/max envelope of the steps in view, never every point):

- the loss's y range fits its healthy part: a diverging tail, and the rarest spikes above the
  99.5th percentile, would otherwise flatten the whole curve into a line at the bottom;
- the rate's log axis spans the rates drawn and the lines ahead of them, at least one decade tall
  (a constant rate would otherwise get a range of zero height);
- the x range, while the run grows (:class:`Growth`), only grows, with headroom to grow into, so
  it does not move every frame (each move rebuilds the axes); once the run stops growing, a range
  far too roomy shrinks again.

Why apart from the plots: it is numbers from numbers (no Qt), one concept that the plots' drawing
code only asks; :func:`~lrmonitor.qt.ranges.set_range` then moves a range only when it matters.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

import numpy as np

from ..core.display.drawable import bounded
from ..core.display.series import RunSeries

GROWING_SECONDS = 0.5  # the run counts as growing this long after its last new step
GROWING_HEADROOM = 0.1  # while it grows, x leaves this fraction of the span free to the right


def loss_range(series: RunSeries, start: int, stop: int, columns: int, log: bool) -> tuple[float, float] | None:
    """The loss's y range over steps ``start`` to ``stop`` (in log10 on a log axis), leaving out a
    diverging tail and the rarest spikes; None if nothing drawable is in view."""
    if series.blowing_up:
        stop = min(stop, max(start + 1, series.last_healthy))
    _, values = series.envelope("loss", start, stop, columns)
    values = bounded(values)  # the range never reaches past what is drawn
    finite = values[np.isfinite(values)]
    if log:
        finite = finite[finite > 0]
    if len(finite) == 0:
        return None
    low, high = float(finite.min()), float(np.percentile(finite, 99.5))
    if log:
        low, high = math.log10(low), math.log10(high)
    if high <= low:
        high = low + (abs(low) * 0.1 or 1.0)
    pad = 0.05 * (high - low)
    return low - pad, high + pad


def rate_range(series: RunSeries, start: int, stop: int, columns: int,
               others: Iterable[np.ndarray | None]) -> tuple[float, float] | None:
    """The rate's log10 range over the rates drawn from ``start`` to ``stop`` and the ``others``
    (the lines ahead, the other runs' rates), at least one decade tall; None if none is positive."""
    _, drawn = series.envelope("lr", start, stop, columns)
    values = [drawn[np.isfinite(drawn) & (drawn > 0)]]
    for other in others:
        if other is not None and len(other):
            values.append(other[np.isfinite(other) & (other > 0)])
    finite = np.concatenate(values)
    if len(finite) == 0:
        return None
    low, high = np.log10(finite.min()), np.log10(finite.max())
    middle, half = (low + high) / 2, max((high - low) / 2, 0.5)
    return middle - half * 1.08, middle + half * 1.08


class Growth:
    """Whether the run is growing: it had a new step less than :data:`GROWING_SECONDS` ago."""

    def __init__(self) -> None:
        self._last_steps = -1
        self._grew_at = 0.0

    def growing(self, steps: int) -> bool:
        """Whether the run, now ``steps`` long, is still growing (asked once a redraw)."""
        now = time.monotonic()
        if steps != self._last_steps:
            self._last_steps, self._grew_at = steps, now
        return now - self._grew_at < GROWING_SECONDS
