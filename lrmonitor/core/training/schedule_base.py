"""What every learning-rate schedule is: a rate as a function of the time since it was applied.

A schedule is applied at some step; the rate in effect then becomes its ``alpha0`` and its
clock starts at 0. With ``per=epoch`` the clock ``t`` counts whole epochs of steps since the
application, so the rate is a staircase (torch: ``scheduler.step()`` once per epoch); with
``per=step`` ``t`` is fractional (steps elapsed / steps per epoch) and the same formula gives a
smooth curve (torch: the same scheduler with its lengths in steps, stepped every batch).

A manual ``decay=F`` is, in torch terms, ``for g in optimizer.param_groups: g['lr'] *= F``
between two scheduler steps. torch's chainable schedulers compute each rate from the previous
one, so they carry such a change on; :meth:`Schedule.decayed_scale` says how, here, for each
schedule (see its docstring).
"""

from __future__ import annotations

from typing import Any

from ..texts import QT_TRANSLATE_NOOP
from .params import Param, format_spec, format_value, owner_words, resolve

PER = Param(
    "per", "choice", "epoch",
    QT_TRANSLATE_NOOP("core", "Update the rate once per epoch (staircase) or every step (smooth)."),
    choices=("epoch", "step"),
)
FACTOR = Param("factor", float, 0.1, QT_TRANSLATE_NOOP("core", "Multiplier applied at each drop."),
               low=0.0, low_open=True, high=1.0)


class Schedule:
    """Base class. ``rate(alpha0, t)`` is the rate ``t`` epochs after application.

    ``floor(alpha0)`` is the rate the schedule approaches and never leaves by itself (cosine's
    ``min``); 0 for schedules that only multiply. The rate in effect is
    ``floor + scale·(rate − floor)``, where ``scale`` collects manual decays (see
    :meth:`decayed_scale`); for a floor of 0 that is ``scale·rate``.
    """

    name = ""
    summary = ""
    formula = ""
    formula_zero = ""  # the formula when ``min`` is 0, if it then reads simpler
    PARAMS: tuple[Param, ...] = (PER,)

    def __init__(self, **values: Any) -> None:
        self.values = resolve(self.PARAMS, values, owner_words("schedule", self.name), from_text=False)
        self.per_step = self.values["per"] == "step"

    def spec(self, full: bool = True) -> str:
        """Spec text that rebuilds this object; ``full=False`` omits default values."""
        return format_spec(self.name, self.values, self.PARAMS, full)

    def formula_text(self) -> str:
        """The formula with this schedule's numbers written in."""
        zero = self.formula_zero and self.values.get("min") == 0
        return self._filled(self.formula_zero if zero else self.formula)

    def _filled(self, text: str) -> str:
        for p in self.PARAMS:
            value = self.values[p.name]
            text = text.replace("{" + p.name + "}", f"{value:g}" if isinstance(value, float) else p.format(value))
        return text

    def label(self) -> str:
        """The schedule in a few characters, for run names and event markers: 'step ×0.1/20'."""
        return self.name + self.per_suffix()

    def per_suffix(self) -> str:
        """' per step' (or ' per epoch') when the clock is not the schedule's usual one."""
        default = next(p.default for p in self.PARAMS if p.name == "per")
        return "" if self.values["per"] == default else f" per {self.values['per']}"

    def _v(self, key: str) -> str:
        """A value as short text for a label."""
        return format_value(self.values[key])

    def rate(self, alpha0: float, t: float) -> float:
        raise NotImplementedError

    def rate_at(self, alpha0: float, elapsed: int, steps_per_epoch: int) -> float:
        """The rate ``elapsed`` steps after application, on this schedule's clock."""
        t = elapsed / steps_per_epoch if self.per_step else elapsed // steps_per_epoch
        return self.rate(alpha0, t)

    def floor(self, alpha0: float) -> float:
        return 0.0

    def decayed_scale(self, factor: float, scale: float, alpha0: float, elapsed: int,
                      steps_per_epoch: int) -> float:
        """The scale after a manual ``decay=factor`` now (``scale`` before it).

        torch multiplies the rate by F and its chainable schedulers go on from there: StepLR,
        MultiStepLR, ExponentialLR, LinearLR and PolynomialLR multiply the new rate, so the whole
        rest of the schedule is scaled by F (floor 0: ``scale·F``); CosineAnnealingLR's recursive
        form ``η + (lr − η)·k(t+1)/k(t)`` keeps approaching ``eta_min`` η, which is what scaling
        the part above the floor gives. So here: the rate now becomes F times what it was and
        the schedule still ends at its floor. One difference from torch, on purpose: a decay
        never takes the rate below the floor (``min`` is a promise); torch would go below and
        climb back to η. Schedules torch computes in closed form (warm restarts, one-cycle)
        would lose a manual change at their next step in torch; here it lasts, like the others.
        """
        floor = self.floor(alpha0)
        if floor == 0.0:
            return scale * factor
        base = self.rate_at(alpha0, elapsed, steps_per_epoch)
        if base == floor:  # at the floor: nothing above it to scale
            return scale
        now = floor + scale * (base - floor)
        new = max(factor * now, min(now, floor))
        return (new - floor) / (base - floor)

    def observe(self, val_loss: float, alpha0: float) -> None:
        """Called at each epoch end with the validation loss; only ``plateau`` uses it."""
