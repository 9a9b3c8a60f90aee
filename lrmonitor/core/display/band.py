"""The wandering band, measured: how widely the per-step loss scatters over the last N epochs.

A fixed rate leaves the mini-batch loss wandering in a band above the minimum; a decay narrows
it. The meter is the standard deviation of the per-step loss over the trailing ``epochs``
completed epochs (default 5) -- the comparison table's band column uses the same measure over its
10-epoch window -- and, when a decay was applied (or a fork is compared), the change against the
same window just before it: "band narrowed 81 %".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..run.history import History

DEFAULT_EPOCHS = 5
MAX_EPOCHS = 1000


def check_epochs(epochs: int) -> int:
    if isinstance(epochs, bool) or not isinstance(epochs, int) or not 1 <= epochs <= MAX_EPOCHS:
        raise ValueError(f"band window {epochs!r} epochs is out of range: allowed is 1 <= epochs <= {MAX_EPOCHS}")
    return epochs


def band_std(loss: np.ndarray) -> float:
    """Population standard deviation of the finite values (nan if none); huge values scaled first."""
    finite = loss[np.isfinite(loss)]
    if len(finite) == 0:
        return math.nan
    top = float(np.max(np.abs(finite)))
    if top > 1e150:
        return top * float(np.std(finite / top))
    return float(np.std(finite))


def band(history: History, epochs: int = DEFAULT_EPOCHS, until_step: int | None = None) -> float:
    """The band over the last ``epochs`` completed epochs ending at or before ``until_step``."""
    check_epochs(epochs)
    spe = history.steps_per_epoch
    steps = history.steps if until_step is None else min(until_step, history.steps)
    end = (steps // spe) * spe
    start = max(0, end - epochs * spe)
    if end <= start:
        return math.nan
    return band_std(history.loss.view()[start:end])


@dataclass(frozen=True)
class BandReading:
    """The meter's reading: the band now, the band before the change (if any), and the sentence."""

    now: float
    before: float | None
    change_pct: float | None
    text: str


def change_text(now: float, before: float | None) -> tuple[float | None, str]:
    if not math.isfinite(now):
        return None, "band: n/a"
    if before is None or not math.isfinite(before) or before == 0:
        return None, f"band {now:.3g}"
    pct = 100.0 * (now - before) / before
    word = "narrowed" if pct < 0 else "widened"
    return pct, f"band {now:.3g}: {word} {abs(pct):.0f} %"


def reading(history: History, epochs: int = DEFAULT_EPOCHS, since_step: int | None = None,
            compared: History | None = None) -> BandReading:
    """The meter's reading of ``history``.

    ``since_step``: a decay applied at that step; the band now is compared with the band over the
    ``epochs`` before it (once ``epochs`` whole epochs have passed since, so the old rate's band is
    not mixed in). ``compared``: another run (the fork's parent) over the same window instead.
    """
    now = band(history, epochs)
    before = None
    if compared is not None:
        before = band(compared, epochs, until_step=history.steps)
    elif since_step is not None and history.steps - since_step >= epochs * history.steps_per_epoch:
        before = band(history, epochs, until_step=since_step)
    pct, text = change_text(now, before)
    return BandReading(now, before, pct, text)


def last_decay_step(history: History) -> int | None:
    """The step of the last event that lowered the rate (a decay, a schedule, a smaller rate)."""
    lr, _ = history.step_values()
    for stamped in reversed(history.events):
        s = stamped.step
        if 0 < s < len(lr) and lr[s] < lr[s - 1]:
            return s
    return None


def rolling_band(loss: np.ndarray, window: int) -> np.ndarray:
    """Per step, the std of the loss over the trailing ``window`` steps (for the shaded band);
    computed from cumulative sums, so a whole curve costs O(n)."""
    x = np.where(np.isfinite(loss), loss, np.nan)
    n = len(x)
    if n == 0:
        return np.empty(0)
    filled = np.nan_to_num(x)
    ok = np.isfinite(x).astype(np.float64)
    with np.errstate(all="ignore"):  # a blow-up's squares overflow: its band is inf or nan, not a warning
        c1, c2, cn = (np.concatenate([[0.0], np.cumsum(v)]) for v in (filled, filled * filled, ok))
        hi = np.arange(1, n + 1)
        lo = np.maximum(0, hi - window)
        count = cn[hi] - cn[lo]
        mean = (c1[hi] - c1[lo]) / count
        var = (c2[hi] - c2[lo]) / count - mean * mean
        return np.sqrt(np.maximum(var, 0.0))


class TrailingBand:
    """The rolling band of a growing per-step loss, at any steps, in O(new steps) per update.

    The live loss plot shades the band every frame. Recomputing :func:`rolling_band` over the whole
    run did O(steps) work a frame: at 1.8 million steps the window was 400 ms late (benchmarks/
    row 3). Cumulative sums kept as the run grows (a buffer doubled when full, as the path
    recorder keeps its states) make a frame cost what it shows: a few thousand points.
    """

    def __init__(self) -> None:
        self._sums = np.zeros((1024, 3))  # row k: sum, sum of squares, count of the finite losses before step k
        self._n = 0

    @property
    def steps(self) -> int:
        return self._n

    def update(self, loss: np.ndarray) -> None:
        """Take in the steps recorded since the last call (``loss`` is the whole growing series)."""
        n = len(loss)
        if n <= self._n:
            return
        new = np.asarray(loss[self._n : n], dtype=np.float64)
        ok = np.isfinite(new)
        filled = np.where(ok, new, 0.0)
        need = n + 1
        if need > len(self._sums):
            grown = np.zeros((max(need, 2 * len(self._sums)), 3))
            grown[: self._n + 1] = self._sums[: self._n + 1]
            self._sums = grown
        with np.errstate(all="ignore"):  # a blow-up's squares overflow: its band is inf or nan
            rows = np.column_stack([filled, filled * filled, ok]).cumsum(axis=0) + self._sums[self._n]
        self._sums[self._n + 1 : need] = rows
        self._n = n

    def at(self, steps: np.ndarray, window: int) -> np.ndarray:
        """The standard deviation over the ``window`` steps ending with each of ``steps`` (counts of
        steps done, 1 to :attr:`steps`): what :func:`rolling_band` gives at index ``steps - 1``."""
        hi = np.clip(np.asarray(steps, dtype=np.int64), 0, self._n)
        lo = np.maximum(0, hi - max(1, window))
        with np.errstate(all="ignore"):
            total = self._sums[hi] - self._sums[lo]
            mean = total[:, 0] / total[:, 2]
            var = total[:, 1] / total[:, 2] - mean * mean
            return np.sqrt(np.maximum(var, 0.0))
