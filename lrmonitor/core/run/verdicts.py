"""The verdict on each learning rate of a sweep: too high, high, good or low (the lecture's picture 1).

The lecture shows four loss curves: a rate that is too high blows up, a high one falls fast and
then stalls in a wide band above the best, a low one is still falling slowly when time runs out,
and a good one ends lowest. The rule below turns that picture into numbers that a student can
check on the curves, so it is written out in :data:`RULE` (the README and the view's tooltip
show that text, and the tests pin it on runs whose answer is known).

The verdicts are relative to the sweep: "good" is the best of the rates tried, not good in any
absolute sense. Only the history is read, so a run loaded from a file gets the same verdict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..texts import QT_TRANSLATE_NOOP
from .history import History

TOO_HIGH, HIGH, GOOD, LOW = "too high", "high", "good", "low"
VERDICTS = (TOO_HIGH, HIGH, GOOD, LOW)

TAIL_FRACTION = 0.2  # the last fifth of the epochs is "the end of the run"
MIN_TAIL = 3  # epochs: fewer cannot show a trend
# "Still falling" is a trend that noise does not explain: the tail's least-squares slope is at
# least 4 standard errors below zero. Measured on linear, logistic and mlp sweeps (seeds 0-3):
# rates that were visibly still falling had t = 8..58, stalled ones |t| <= 2.4.
STILL_FALLING_T = 4.0

RULE = QT_TRANSLATE_NOOP(  # shown translated in the window (lrmonitor.core.texts)
    "core",
    "Verdicts, checked in this order (the tail is the last fifth of the epochs, at least 3):\n"
    "• too high: the run diverged, or its final training loss is not below the loss of its first step.\n"
    "• good: the lowest final validation loss of the rates that are not too high (one per sweep).\n"
    "• low: still falling — a straight line fitted to the tail's epoch training losses falls by at\n"
    "  least 4 standard errors of its slope (a trend, not noise).\n"
    "• high: the rest — it fell, then stalled in a band above the best rate's loss."
)


@dataclass(frozen=True)
class Verdict:
    """One rate's verdict with the numbers the rule read, so a label can say why."""

    lr: float
    verdict: str
    start_loss: float
    final_train_loss: float
    final_val_loss: float
    best_val_loss: float
    trend_t: float  # the tail's fall in standard errors of its slope (nan if unknown)
    tail_fall: float  # the tail's trend-line drop relative to the final training loss
    why: str


def _tail_trend(train: np.ndarray) -> tuple[float, float]:
    """(t, fall) of the least-squares line through the last fifth of the epoch training losses:
    t is its slope's fall in standard errors (positive when falling), fall the line's drop across the
    tail relative to the final loss. (nan, nan) when the run is too short or not finite there."""
    tail = max(MIN_TAIL, int(round(len(train) * TAIL_FRACTION)))
    if len(train) < tail or not np.all(np.isfinite(train[-tail:])):
        return math.nan, math.nan
    ys = np.asarray(train[-tail:], dtype=np.float64)
    xs = np.arange(tail, dtype=np.float64)
    scale = float(np.max(np.abs(ys))) or 1.0  # a run near divergence reaches 1e300: square it scaled
    ys = ys / scale
    slope, intercept = np.polyfit(xs, ys, 1)
    residual = ys - (slope * xs + intercept)
    spread = float(np.sum((xs - xs.mean()) ** 2))
    se = math.sqrt(float(np.sum(residual**2)) / max(tail - 2, 1) / spread)
    t = math.inf if se == 0 and slope < 0 else (-slope / se if se > 0 else 0.0)
    fall = -slope * (tail - 1) / abs(ys[-1]) if ys[-1] != 0 else math.nan
    return float(t), float(fall)


def judge(runs: Sequence[tuple[float, History]]) -> list[Verdict]:
    """The verdict on each ``(rate, history)`` of a sweep, in the order given (see :data:`RULE`)."""
    facts = []
    for lr, history in runs:
        _, loss = history.step_values()
        _, _, train, val = history.epoch_arrays()
        start = float(loss[0]) if len(loss) else math.nan
        final_train = float(train[-1]) if len(train) else math.nan
        final_val = float(val[-1]) if len(val) else math.nan
        finite_val = val[np.isfinite(val)]
        best_val = float(finite_val.min()) if len(finite_val) else math.nan
        diverged = history.diverged_at is not None or not math.isfinite(final_train)
        too_high = diverged or not final_train < start
        facts.append((lr, start, final_train, final_val, best_val, diverged, too_high, *_tail_trend(train)))
    candidates = [(f[3], i) for i, f in enumerate(facts) if not f[6] and math.isfinite(f[3])]
    good = min(candidates)[1] if candidates else None
    best = facts[good][3] if good is not None else math.nan
    verdicts = []
    for i, (lr, start, final_train, final_val, best_val, diverged, too_high, t, fall) in enumerate(facts):
        if too_high:
            verdict = TOO_HIGH
            why = (f"diverged at step {runs[i][1].diverged_at}" if diverged and runs[i][1].diverged_at
                   else "diverged" if diverged
                   else f"final training loss {final_train:.4g} is not below the first step's {start:.4g}")
        elif i == good:
            verdict, why = GOOD, f"lowest final validation loss of the sweep ({final_val:.4g})"
        elif t >= STILL_FALLING_T:
            verdict = LOW
            why = f"still falling: {100 * fall:.1f} % over the last epochs, a trend of {t:.0f} standard errors"
        else:
            verdict = HIGH
            why = (f"stalled: no significant trend at the end (t = {t:.1f}); final validation loss "
                   f"{final_val:.4g} against the best {best:.4g}")
        verdicts.append(Verdict(lr, verdict, start, final_train, final_val, best_val, t, fall, why))
    return verdicts
