"""TensorBoard's smoothing of a noisy curve: a debiased exponential moving average.

``last = last*w + (1-w)*y; n += 1; shown = last / (1 - w**n)``. Non-finite values pass
through unchanged and do not count, so a diverged tail does not poison the line. The state
is kept between calls, so a live curve is smoothed incrementally, point by point.
"""

from __future__ import annotations

import math

import numpy as np

from ..run.history import GrowableArray


class Smoother:
    """Incremental debiased EMA of a growing series, with weight ``w`` in [0, 1)."""

    def __init__(self, weight: float = 0.6) -> None:
        if not (0.0 <= weight < 1.0):
            raise ValueError(f"smoothing weight {weight!r} is out of range: allowed is 0 <= weight < 1")
        self.weight = weight
        # float32: the smoothed line is for the eye (7 digits); it is a quarter of the memory
        # a stored step costs, and the raw values stay float64
        self.values = GrowableArray(dtype=np.float32)
        self._last = 0.0
        self._count = 0

    def __len__(self) -> int:
        return len(self.values)

    def extend(self, raw: np.ndarray) -> None:
        """Smooth the new points ``raw`` (the continuation of what was given before).

        A value beyond float32's range (a run blowing up) is stored as inf: a gap in the line.
        """
        with np.errstate(over="ignore"):
            self._extend(np.asarray(raw, dtype=np.float64))

    def _extend(self, raw: np.ndarray) -> None:
        finite = np.isfinite(raw)
        if finite.all():
            self._extend_finite(raw)
            return
        # non-finite values pass through and do not count: smooth the finite runs between them
        edges = np.flatnonzero(np.diff(np.concatenate([[False], finite, [False]]).astype(np.int8)))
        position = 0
        for start, stop in zip(edges[::2], edges[1::2]):
            self.values.extend(raw[position:start])
            self._extend_finite(raw[start:stop])
            position = stop
        self.values.extend(raw[position:])

    def _extend_finite(self, raw: np.ndarray) -> None:
        """The same recurrence, evaluated a block at a time with numpy (no Python per point).

        Inside a block, ``e_i = w^(i+1)·last + (1-w)·w^i·Σ_{k<=i} w^(-k)·y_k``; blocks are short
        enough that ``w^(-k)`` stays far from overflow.
        """
        w = self.weight
        if len(raw) == 0:
            return
        if w == 0.0:
            self.values.extend(raw)
            self._last, self._count = float(raw[-1]), self._count + len(raw)
            return
        if np.abs(raw).max() > 1e200:  # a run blowing up: the block trick would overflow
            self._extend_one_by_one(raw)
            return
        block = int(min(4096, max(16, 100 / -math.log10(w))))
        n = len(raw)
        blocks = -(-n // block)
        ramp = np.arange(block, dtype=np.float64)
        down, up = w**ramp, w**-ramp  # w^i and w^-i inside a block
        padded = np.zeros(blocks * block)
        padded[:n] = raw
        rows = padded.reshape(blocks, block)
        # each block smoothed from a zero start, all blocks at once ...
        local = (1.0 - w) * down * np.cumsum(rows * up, axis=1)
        # ... then what each block inherits from the ones before it (a short scalar recurrence)
        carry = np.empty(blocks)
        carry[0] = self._last
        decay = w**block
        ends = local[:, -1].tolist()
        for b in range(1, blocks):
            carry[b] = decay * carry[b - 1] + ends[b - 1]
        ema = (local + np.outer(carry, down * w)).ravel()[:n]
        self._last, self._count, count = float(ema[-1]), self._count + n, self._count
        # the debiasing divisor 1 - w^count is 1 (to float precision) after a few hundred points
        biased = int(max(0, min(n, math.ceil(-17 / math.log10(w)) - count)))
        if biased:
            ema[:biased] /= 1.0 - w ** (count + 1.0 + np.arange(biased))
        self.values.extend(ema)

    def _extend_one_by_one(self, raw: np.ndarray) -> None:
        w, last, count = self.weight, self._last, self._count
        out = []
        for y in raw.tolist():
            last = last * w + (1.0 - w) * y
            count += 1
            out.append(last / (1.0 - w**count))
        self.values.extend(np.array(out))
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
