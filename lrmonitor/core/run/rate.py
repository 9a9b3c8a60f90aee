"""Which learning rate each step uses: the active schedule, its anchor and manual factors."""

from __future__ import annotations

from ..training.schedules import Constant, Plateau, Schedule, parse_schedule
from .events import ApplySchedule, DecayNow, Event, SetRate


class RateController:
    """Turns the event log into a rate per step.

    State: the active schedule, the rate it was anchored at (``alpha0``), the step at which
    it was applied (``anchor``) and a ``scale`` that collects "decay now" factors so that a
    running schedule keeps its phase: the rate is ``floor + scale·(schedule − floor)``, the
    floor being the rate the schedule approaches (cosine's ``min``; 0 for most, and then it is
    ``scale·schedule``). What a decay does to the scale is the schedule's own business
    (:meth:`~lrmonitor.core.training.schedule_base.Schedule.decayed_scale`): as in torch, the
    rate becomes F times what it was, and the schedule goes on to the same floor.
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
        return self._scaled(self.schedule.rate_at(self.alpha0, step - self.anchor, self.steps_per_epoch))

    def rate(self, step: int) -> float:
        """The rate used by the update that follows ``step`` completed updates (trainer only)."""
        first, last, value = self._valid
        if first <= step <= last:
            return value
        elapsed = step - self.anchor
        spe = self.steps_per_epoch
        value = self._scaled(self.schedule.rate_at(self.alpha0, elapsed, spe))
        if self.schedule.per_step:
            if isinstance(self.schedule, Constant):
                self._valid = (self.anchor, 1 << 62, value)
            return value
        t = elapsed // spe
        self._valid = (self.anchor + t * spe, self.anchor + (t + 1) * spe - 1, value)
        return value

    def _scaled(self, value: float) -> float:
        if self.scale == 1.0:
            return value
        floor = self.schedule.floor(self.alpha0)
        return floor + self.scale * (value - floor)

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
            self.scale = self.schedule.decayed_scale(
                event.factor, self.scale, self.alpha0, step - self.anchor, self.steps_per_epoch
            )
        self._valid = (0, -1, 0.0)

    def epoch_end(self, val_loss: float) -> None:
        self.schedule.observe(val_loss, self.alpha0)
        if isinstance(self.schedule, Plateau):
            self._valid = (0, -1, 0.0)  # it may just have dropped the rate

    def _anchor(self, alpha0: float, step: int) -> None:
        self.alpha0 = alpha0
        self.anchor = step
        self.scale = 1.0
