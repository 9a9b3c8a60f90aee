"""The rate ahead, for the rate plot: the running schedule's real future and the decay panel's preview.

Two different questions, two lines (issue 11, item 16):

* :class:`RunningSchedule` answers "what will the rate be if I do nothing": it follows the run's
  own event log through the trainer's :class:`~lrmonitor.core.run.rate.RateController` (the
  same code that sets the rate of every step, with the plateau schedule fed the recorded
  validation losses), so its future keeps the schedule's phase, its anchor and every "decay
  now" factor. A step decay applied at epoch 34.5 drops at 54.5, 74.5, ... and is drawn so.
* :func:`rate_preview` answers "what would the panel's schedule do if applied now": the
  schedule re-anchored at the next step with the rate in effect then.

Both are drawn as the trainer applies them: a per-epoch schedule as a staircase with its
steps at the exact epoch boundaries counted from its anchor (never a sampled approximation),
a per-step schedule as a smooth curve of a few hundred points. A reduce-on-plateau schedule
cannot be foreseen (it drops when the validation loss stalls), so its future is the current
rate, flat. :func:`clip_rates` keeps the lines to a range a plot can show: an exponential
decay over 10^6 epochs reaches 1e-256, which would stretch the axis to nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..run.events import Stamped
from ..run.rate import RateController
from ..training.schedules import Plateau, Schedule

OPEN_HORIZON_EPOCHS = 50  # how far to preview a run that trains until stopped
POINTS = 400  # points of a smooth (per-step) curve
STEPS_MAX = 2000  # epoch boundaries drawn exactly as a staircase; further ones are sampled
DECADES_BELOW = 3  # a line ahead is drawn down to this many decades under the lowest rate used


def rate_preview(schedule: Schedule, alpha0: float, start_step: int, steps_per_epoch: int,
                 total_steps: int | None) -> tuple[np.ndarray, np.ndarray]:
    """(x in epochs, rate) of ``schedule`` applied at ``start_step`` with the rate ``alpha0``."""
    end = _end(start_step, steps_per_epoch, total_steps)
    return _schedule_line(schedule, alpha0, 1.0, start_step, start_step, end, steps_per_epoch)


class RunningSchedule:
    """The run's rate controller rebuilt from its recorded event log, kept up to date incrementally.

    :meth:`follow` takes in the events and epoch ends recorded since the last call (a run only
    ever appends them); a different or shortened history starts over. Only a plateau schedule
    looks at epoch ends, so a long run under another schedule costs nothing per epoch.
    """

    def __init__(self, lr0: float, steps_per_epoch: int) -> None:
        self.lr0 = lr0
        self.steps_per_epoch = steps_per_epoch
        self.rate = RateController(lr0, steps_per_epoch)
        self._events = 0
        self._epochs = 0

    def follow(self, events: Sequence[Stamped], val_loss: np.ndarray, step: int) -> RateController:
        """The controller as the trainer has it after ``step`` updates, before the events due then
        are applied if ``events`` does not hold them yet (they are applied when they arrive)."""
        spe = self.steps_per_epoch
        late = len(events) > self._events and events[self._events].step < self._epochs * spe
        if len(events) < self._events or late:  # not the same log, or an event came after later epoch ends
            self.__init__(self.lr0, spe)
        epochs = min(len(val_loss), step // spe)
        pending = events[self._events:]
        for stamped in pending:
            self._epoch_ends(val_loss, min(epochs, stamped.step // spe))  # an epoch ends before its boundary's events
            self.rate.apply(stamped.event, stamped.step)
        self._events = len(events)
        self._epoch_ends(val_loss, epochs)
        return self.rate

    def _epoch_ends(self, val_loss: np.ndarray, upto: int) -> None:
        if upto <= self._epochs:
            return
        if isinstance(self.rate.schedule, Plateau):
            for value in val_loss[self._epochs:upto].tolist():
                if math.isfinite(value):
                    self.rate.epoch_end(value)
        self._epochs = upto

    def future(self, step: int, total_steps: int | None) -> tuple[np.ndarray, np.ndarray]:
        """(x in epochs, rate) from ``step`` to the run's end (or 50 epochs on) if nothing changes."""
        rate, spe = self.rate, self.steps_per_epoch
        end = _end(step, spe, total_steps)
        schedule = rate.schedule
        if isinstance(schedule, Plateau):  # cannot be foreseen: the rate it holds now
            return np.array([step, end]) / spe, np.full(2, rate.peek(step))
        return _schedule_line(schedule, rate.alpha0, rate.scale, rate.anchor, step, end, spe)


def _end(step: int, spe: int, total_steps: int | None) -> int:
    end = total_steps if total_steps else step + OPEN_HORIZON_EPOCHS * spe
    return max(end, step + spe)


def _schedule_line(schedule: Schedule, alpha0: float, scale: float, anchor: int, start: int, end: int,
                   spe: int) -> tuple[np.ndarray, np.ndarray]:
    """(x in epochs, rate) of ``scale * schedule.rate(alpha0, t)`` over steps ``start..end``, with ``t``
    counted from ``anchor`` as the trainer counts it."""
    with np.errstate(all="ignore"):
        if schedule.per_step:
            steps = np.unique(np.linspace(start, end, POINTS + 1).round().astype(np.int64))
            return steps / spe, _scaled(schedule, alpha0, scale, _rates(schedule, alpha0, steps - anchor, spe))
        # a staircase: the rate of epoch k since the anchor holds from anchor + k*spe to the next
        # boundary; exact for the first STEPS_MAX boundaries, then sampled ever more sparsely
        first, last = (start - anchor) // spe, -(-(end - anchor) // spe)
        near = min(last, first + STEPS_MAX)
        k = np.arange(first, near + 1, dtype=np.int64)
        values = _scaled(schedule, alpha0, scale, _rates(schedule, alpha0, k * spe, spe))
        bounds = np.clip(anchor + k * spe, start, end)
        x = np.append(np.repeat(bounds, 2)[1:], end)  # each boundary twice: the old rate, then the new
        y = np.repeat(values, 2)
        if last > near:  # a long horizon: beyond the staircase, samples joined (a pixel holds many epochs)
            far = np.unique(near + np.geomspace(1, last - near, POINTS).round().astype(np.int64))
            far_values = _scaled(schedule, alpha0, scale, _rates(schedule, alpha0, far * spe, spe))
            x = np.append(x[:-1], np.clip(anchor + far * spe, start, end))
            y = np.append(y[:-1], far_values)
        return x / spe, y


def _scaled(schedule: Schedule, alpha0: float, scale: float, values: np.ndarray) -> np.ndarray:
    """What the trainer's rate controller makes of the schedule's values after manual decays:
    ``floor + scale·(value − floor)`` (a schedule with a floor still ends at it)."""
    if scale == 1.0:
        return values
    floor = schedule.floor(alpha0)
    return floor + scale * (values - floor)


def _rates(schedule: Schedule, alpha0: float, elapsed: np.ndarray, spe: int) -> np.ndarray:
    """The schedule's rates ``elapsed`` steps after it was applied, on its own clock (as the trainer asks)."""
    return np.array([schedule.rate_at(alpha0, int(n), spe) for n in elapsed.tolist()], dtype=float)


def clip_rates(x: np.ndarray, rate: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """The line ahead down to ``floor``: where it would go below (or to zero, or not finite), it goes
    down to the floor and stops there, so a log axis is never stretched to show it."""
    x, rate = np.asarray(x, dtype=float), np.asarray(rate, dtype=float)
    with np.errstate(invalid="ignore"):
        bad = ~(np.isfinite(rate) & (rate >= floor))
    if not bad.any():
        return x, rate
    cut = int(np.argmax(bad))
    if cut == 0:
        return np.empty(0), np.empty(0)
    return np.append(x[:cut], x[cut]), np.append(rate[:cut], floor)


def rate_floor(rates: Sequence[float]) -> float:
    """The lowest rate a line ahead is drawn to: :data:`DECADES_BELOW` decades under the lowest of
    ``rates`` (the rates in use) that is positive and finite; 0 if there is none."""
    usable = [r for r in rates if math.isfinite(r) and r > 0]
    return min(usable) * 10.0 ** -DECADES_BELOW if usable else 0.0
