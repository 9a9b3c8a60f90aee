"""Which learning rate each step uses: the active schedule, its anchor and manual factors."""

from __future__ import annotations

from .events import ApplySchedule, DecayNow, Event, SetRate
from .schedules import Constant, Schedule, parse_schedule


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

    def rate(self, step: int) -> float:
        """The rate used by the update that follows ``step`` completed updates."""
        elapsed = step - self.anchor
        if self.schedule.per_step:
            t: float = elapsed / self.steps_per_epoch
        else:
            t = elapsed // self.steps_per_epoch
        return self.scale * self.schedule.rate(self.alpha0, t)

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

    def epoch_end(self, val_loss: float) -> None:
        self.schedule.observe(val_loss, self.alpha0)

    def _anchor(self, alpha0: float, step: int) -> None:
        self.alpha0 = alpha0
        self.anchor = step
        self.scale = 1.0
