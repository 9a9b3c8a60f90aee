"""Which learning rate each step uses: the active schedule, its anchor and manual factors."""

from __future__ import annotations

from ..training.schedules import Constant, Plateau, Schedule, parse_schedule
from .events import ApplySchedule, DecayNow, Event, SetRate


class RateController:
    """Turns the event log into a rate per step.

    State: the active schedule, the rate it was anchored at (``alpha0``), the step at which
    it was applied (``anchor``) and a ``scale`` that collects "decay now" factors so that a
    running schedule keeps its phase and is scaled by them.
    """

    def __init__(self, lr0: float, steps_per_epoch: int) -> None:
        self.steps_per_epoch = steps_per_epoch
        self.schedule: Schedule = Constant()
        self.alpha0 = lr0
        self.anchor = 0
        self.scale = 1.0
        self._valid = (0, -1, 0.0)  # (first step, last step, rate): a per-epoch rate is reused

    def peek(self, step: int) -> float:
        """The same rate, computed without touching the cache: safe from another thread."""
        elapsed = step - self.anchor
        t = elapsed / self.steps_per_epoch if self.schedule.per_step else elapsed // self.steps_per_epoch
        return self.scale * self.schedule.rate(self.alpha0, t)

    def rate(self, step: int) -> float:
        """The rate used by the update that follows ``step`` completed updates (trainer only)."""
        first, last, value = self._valid
        if first <= step <= last:
            return value
        elapsed = step - self.anchor
        spe = self.steps_per_epoch
        if self.schedule.per_step:
            value = self.scale * self.schedule.rate(self.alpha0, elapsed / spe)
            if isinstance(self.schedule, Constant):
                self._valid = (self.anchor, 1 << 62, value)
            return value
        t = elapsed // spe
        value = self.scale * self.schedule.rate(self.alpha0, t)
        self._valid = (self.anchor + t * spe, self.anchor + (t + 1) * spe - 1, value)
        return value

    def apply(self, event: Event, step: int) -> None:
        """Apply a rate event at the boundary before update ``step + 1``."""
        if isinstance(event, ApplySchedule):
            current = self.rate(step)
            self.schedule = parse_schedule(event.spec)
            self._anchor(current, step)
        elif isinstance(event, SetRate):
            self.schedule = Constant()
            self._anchor(event.value, step)
        elif isinstance(event, DecayNow):
            self.scale *= event.factor
        self._valid = (0, -1, 0.0)

    def epoch_end(self, val_loss: float) -> None:
        self.schedule.observe(val_loss, self.alpha0)
        if isinstance(self.schedule, Plateau):
            self._valid = (0, -1, 0.0)  # it may just have dropped the rate

    def _anchor(self, alpha0: float, step: int) -> None:
        self.alpha0 = alpha0
        self.anchor = step
        self.scale = 1.0
