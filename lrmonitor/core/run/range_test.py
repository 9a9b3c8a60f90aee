"""The learning-rate range test (Smith 2015; fastai's ``lr_find``, Lightning's ``Tuner.lr_find``).

One short run whose rate grows exponentially from ``start`` to ``end`` over ``steps`` mini-batch
steps, stopped once the smoothed loss exceeds 4x its best: the loss against the rate shows where
learning begins, where it is fastest and where it blows up. Two rates are suggested, as those
tools do: where the smoothed loss falls steepest (per decade of rate), and the rate of the lowest
smoothed loss divided by 10. Both are hints: on a noisy curve the steepest point moves a lot
between seeds, which is why the test is shown as a curve and not as one number.

The run is a :class:`Trainer` of the same configuration with the rate set before each step, so
it sees the same data, initial weights and mini-batch order as ``lrmonitor run``.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass

import numpy as np

from ..texts import QT_TRANSLATE_NOOP, WordedError
from .config import RunConfig
from .events import SetRate, Stamped
from .trainer import Trainer

DEFAULT_START, DEFAULT_END, DEFAULT_STEPS = 1e-6, 10.0, 100
SMOOTHING = 0.98  # fastai's and Lightning's beta: the raw mini-batch loss is far too noisy to read
STOP_FACTOR = 4.0  # stop when the smoothed loss exceeds this many times its best (fastai, Lightning)
SKIP_BEGIN, SKIP_END = 10, 1  # Lightning's: the debiased average is unsteady in its first points
MAX_STEPS = 100_000


@dataclass(frozen=True)
class RangeTest:
    """The test's curve and its two hints (None when the curve is too short to give one)."""

    lr: np.ndarray
    loss: np.ndarray
    smoothed: np.ndarray
    stopped_early: bool
    steepest: float | None
    min_over_10: float | None

    @property
    def steps(self) -> int:
        return len(self.lr)


def check_range(start: float, end: float, steps: int) -> None:
    """ValueError naming the value and the allowed range."""
    if not (isinstance(start, float | int) and math.isfinite(start) and start > 0):
        raise WordedError(FLAG_RANGE, flag="--start", value=repr(start), range="start > 0")
    if not (math.isfinite(end) and end > start):
        raise WordedError(FLAG_RANGE, flag="--end", value=repr(end), range=f"end > start ({start:g})")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 2 + SKIP_BEGIN + SKIP_END <= steps <= MAX_STEPS:
        low = 2 + SKIP_BEGIN + SKIP_END
        raise WordedError(FLAG_RANGE, flag="--steps", value=repr(steps), range=f"{low} <= steps <= {MAX_STEPS}")


# the messages name the command line's options (the window names its fields instead)
FLAG_RANGE = QT_TRANSLATE_NOOP("core", "{flag} {value} is out of range: allowed is {range}")


def rates(start: float, end: float, steps: int) -> np.ndarray:
    """The rate of each step: exponential from ``start`` to ``end`` inclusive."""
    return start * (end / start) ** (np.arange(steps) / (steps - 1))


def smoothed(loss: np.ndarray, weight: float = SMOOTHING) -> np.ndarray:
    """Debiased exponential moving average (as TensorBoard, fastai and Lightning smooth)."""
    out = np.empty(len(loss))
    last = 0.0
    for i, value in enumerate(loss.tolist()):
        last = weight * last + (1.0 - weight) * value
        out[i] = last / (1.0 - weight ** (i + 1))
    return out


def range_trainer(config: RunConfig, start: float, end: float, steps: int) -> Trainer:
    """The test's run, untrained: ``config`` with the rate set to each step's value before that step."""
    config = config.validated()
    check_range(start, end, steps)
    epochs = -(-steps // config.steps_per_epoch)
    planned = [Stamped(k, SetRate(float(r))) for k, r in enumerate(rates(start, end, steps))]
    return Trainer(dataclasses.replace(config, epochs=epochs), planned, checkpoints=False)


class RangeTestRun:
    """The test one step at a time, for a window that runs it a few milliseconds per frame.

    :func:`run_range_test` is this run to its end, so both give the same curve and hints.
    """

    def __init__(self, config: RunConfig, start: float = DEFAULT_START, end: float = DEFAULT_END,
                 steps: int = DEFAULT_STEPS) -> None:
        self.trainer = range_trainer(config, start, end, steps)
        self.steps = steps
        self.stopped_early = False
        self._last, self._best, self._count = 0.0, math.inf, 0

    @property
    def done(self) -> bool:
        return self.stopped_early or self.trainer.step >= self.steps or self.trainer.done

    def step(self) -> None:
        """One step of the test (nothing once it is done)."""
        if self.done:
            return
        trainer = self.trainer
        trainer.run(1)
        loss = float(trainer.history.loss.view()[-1])
        if not math.isfinite(loss):
            self.stopped_early = True
            return
        self._count += 1
        self._last = SMOOTHING * self._last + (1.0 - SMOOTHING) * loss
        value = self._last / (1.0 - SMOOTHING**self._count)
        self._best = min(self._best, value)
        if self._count > 1 and value > STOP_FACTOR * self._best:
            self.stopped_early = True

    def advance(self, deadline: float) -> None:
        """Steps until the test is done or ``deadline`` (``time.perf_counter``) has passed (at least one)."""
        self.step()
        while not self.done and time.perf_counter() < deadline:
            self.step()

    def result(self) -> RangeTest:
        """The curve so far with its hints."""
        history = self.trainer.history
        return result_of(history.lr.view().copy(), history.loss.view().copy(), self.stopped_early)


def run_range_test(config: RunConfig, start: float = DEFAULT_START, end: float = DEFAULT_END,
                   steps: int = DEFAULT_STEPS, on_step=None) -> RangeTest:
    """Run the test to ``steps`` or until the smoothed loss exceeds 4x its best (or diverges).

    ``on_step(trainer)``, if given, is called after each step (a live view redraws from it).
    """
    test = RangeTestRun(config, start, end, steps)
    while not test.done:
        test.step()
        if on_step is not None:
            on_step(test.trainer)
    return test.result()


def result_of(lr: np.ndarray, loss: np.ndarray, stopped_early: bool = False) -> RangeTest:
    """The curve with its hints; the last point is dropped when it is not finite (it diverged)."""
    keep = int(np.argmin(np.isfinite(loss))) if not np.all(np.isfinite(loss)) else len(loss)
    lr, loss = lr[:keep], loss[:keep]
    smooth = smoothed(loss)
    return RangeTest(lr, loss, smooth, stopped_early, *suggestions(lr, smooth))


def suggestions(lr: np.ndarray, smooth: np.ndarray) -> tuple[float | None, float | None]:
    """(steepest descent of the smoothed loss per decade of rate, rate of its minimum / 10)."""
    usable = smooth[SKIP_BEGIN : len(smooth) - SKIP_END]
    rates_ = lr[SKIP_BEGIN : len(lr) - SKIP_END]
    if len(usable) < 3:
        return None, None
    slope = np.gradient(usable, np.log10(rates_))
    steepest = float(rates_[int(np.argmin(slope))])
    return steepest, float(rates_[int(np.argmin(usable))]) / 10.0
