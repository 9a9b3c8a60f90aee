"""TensorBoard's smoothing of a noisy curve: a debiased exponential moving average.

``last = last*w + (1-w)*y; n += 1; shown = last / (1 - w**n)``. Non-finite values pass
through unchanged and do not count, so a diverged tail does not poison the line. The state
is kept between calls, so a live curve is smoothed incrementally, point by point.
"""

from __future__ import annotations

import math

import numpy as np

from .history import GrowableArray


class Smoother:
    """Incremental debiased EMA of a growing series, with weight ``w`` in [0, 1)."""

    def __init__(self, weight: float = 0.6) -> None:
        if not (0.0 <= weight < 1.0):
            raise ValueError(f"smoothing weight {weight!r} is out of range: allowed is 0 <= weight < 1")
        self.weight = weight
        self.values = GrowableArray()
        self._last = 0.0
        self._count = 0

    def __len__(self) -> int:
        return len(self.values)

    def extend(self, raw: np.ndarray) -> None:
        """Smooth the new points ``raw`` (the continuation of what was given before)."""
        w, last, count = self.weight, self._last, self._count
        append = self.values.append
        for y in raw.tolist():
            if math.isfinite(y):
                last = last * w + (1.0 - w) * y
                count += 1
                append(last / (1.0 - w**count))
            else:
                append(y)
        self._last, self._count = last, count

    def update(self, raw: np.ndarray) -> np.ndarray:
        """Catch up with ``raw`` (the whole series so far) and return the smoothed series."""
        if len(raw) > len(self.values):
            self.extend(raw[len(self.values):])
        return self.values.view(len(raw))


def smooth(raw: np.ndarray, weight: float) -> np.ndarray:
    """The smoothed copy of a whole series."""
    s = Smoother(weight)
    s.extend(np.asarray(raw, dtype=np.float64))
    return s.values.view().copy()
