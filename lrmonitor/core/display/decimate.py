"""Min/max decimation for drawing: every point is kept, only what a pixel can show is drawn.

A screen column can show one vertical stroke, so a curve of millions of points is drawn as
the minimum and maximum of the points that fall in each column (the envelope looks exactly
like drawing them all). :class:`MinMaxPyramid` keeps block minima and maxima at several
block sizes, updated as the series grows, so a whole view of 10^7 points is answered from a
few tens of thousands of blocks instead of a scan of the raw data. NaN and inf are ignored by
the min/max; a column with no finite value becomes NaN, which draws as a gap.
"""

from __future__ import annotations

import numpy as np

from ..run.history import GrowableArray

FIRST = 64  # points in a first-level block
FACTOR = 16  # each further level's blocks cover FACTOR blocks of the level below
# Block minima/maxima are float32: they only place pixels. Rounding is outward (min down,
# max up) so an envelope never looks narrower than the data.


class MinMaxPyramid:
    """Block minima/maxima of an append-only series at block sizes 64, 1024, 16384, ...

    The first level's blocks are 64 points: that keeps the pyramid at about 1/8 byte per point
    (float32 pairs), and a view fine enough to need smaller blocks is small enough to reduce
    from the raw points.
    """

    def __init__(self) -> None:
        self.levels: list[tuple[int, GrowableArray, GrowableArray]] = []
        self._seen = 0

    def reset(self) -> None:
        self.levels.clear()
        self._seen = 0

    def update(self, data: np.ndarray) -> None:
        """Take in the points appended to ``data`` since the last call."""
        n = len(data)
        if n < self._seen:  # a different series: start over
            self.reset()
        size = FIRST // FACTOR
        level = 0
        while True:
            size *= FACTOR
            complete = n // size
            if complete == 0:
                break
            if level == len(self.levels):
                self.levels.append((size, GrowableArray(64, np.float32), GrowableArray(64, np.float32)))
            _, mins, maxs = self.levels[level]
            done = len(mins)
            if complete > done:
                if level == 0:
                    chunk = data[done * size : complete * size].reshape(-1, FIRST)
                    finite = np.where(np.isfinite(chunk), chunk, np.nan)
                    new_min = _nan_reduce(np.fmin, finite)
                    new_max = _nan_reduce(np.fmax, finite)
                else:
                    lower_min, lower_max = self.levels[level - 1][1].view(), self.levels[level - 1][2].view()
                    new_min = _nan_reduce(np.fmin, lower_min[done * FACTOR : complete * FACTOR].reshape(-1, FACTOR))
                    new_max = _nan_reduce(np.fmax, lower_max[done * FACTOR : complete * FACTOR].reshape(-1, FACTOR))
                mins.extend(_down32(new_min))
                maxs.extend(_up32(new_max))
            level += 1
        self._seen = n

    def envelope(self, data: np.ndarray, start: int, stop: int, columns: int) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) to draw ``data[start:stop]`` on ``columns`` pixel columns.

        With fewer points than about two per column the points themselves are returned;
        otherwise two points (min then max) per column, at the column's first index.
        """
        start, stop = max(0, start), min(len(data), stop)
        columns = max(1, columns)
        count = stop - start
        if count <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0)
        if count <= 2 * columns:
            return np.arange(start, stop), data[start:stop].copy()  # never a view of shared memory
        per_column = count / columns
        size, mins, maxs = 1, None, None
        for s, lmin, lmax in self.levels:
            # a level is usable if its blocks are small enough and whole ones fit in the range
            if s <= per_column / 2 and min(len(lmin), stop // s) > -(-start // s):
                size, mins, maxs = s, lmin.view(), lmax.view()
        if size == 1:
            lo_src = hi_src = _finite(data[start:stop])
            starts = np.arange(start, stop)
        else:
            # whole blocks inside the range, plus the partial ends from the raw points, so
            # nothing outside the range is ever drawn inside it
            b0, b1 = -(-start // size), min(len(mins), stop // size)
            lo_parts, hi_parts, start_parts = [mins[b0:b1]], [maxs[b0:b1]], [b0 * size + size * np.arange(b1 - b0)]
            for a, b, where in ((start, b0 * size, 0), (b1 * size, stop, 1)):
                if b > a:
                    edge = _finite(data[a:b])[None, :]
                    position = 0 if where == 0 else len(lo_parts)
                    lo_parts.insert(position, _nan_reduce(np.fmin, edge))
                    hi_parts.insert(position, _nan_reduce(np.fmax, edge))
                    start_parts.insert(position, np.array([a]))
            lo_src, hi_src, starts = np.concatenate(lo_parts), np.concatenate(hi_parts), np.concatenate(start_parts)
        units = len(lo_src)
        group = max(1, -(-units // columns))
        pad = (-units) % group
        if pad:
            lo_src = np.append(lo_src, np.full(pad, np.nan))
            hi_src = np.append(hi_src, np.full(pad, np.nan))
        lo = _nan_reduce(np.fmin, lo_src.reshape(-1, group))
        hi = _nan_reduce(np.fmax, hi_src.reshape(-1, group))
        index = starts[::group][: len(lo)]
        return np.repeat(index, 2), np.column_stack([lo, hi]).ravel()


def _finite(values: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(values), values, np.nan)


def _down32(values: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # beyond float32: +-inf, still outward
        low = values.astype(np.float32)
    return np.where(low > values, np.nextafter(low, np.float32(-np.inf)), low)


def _up32(values: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        high = values.astype(np.float32)
    return np.where(high < values, np.nextafter(high, np.float32(np.inf)), high)


def _nan_reduce(op, blocks: np.ndarray) -> np.ndarray:
    """Row-wise fmin/fmax that yields NaN (not a warning) for an all-NaN row."""
    return op.reduce(blocks, axis=1)
