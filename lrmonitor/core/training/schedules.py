"""Learning-rate schedules as functions of the epochs elapsed since they were applied, and their registry.

Each schedule equals a torch scheduler (named in its summary) started at the moment it is
applied with the rate in effect as its base rate: ``t`` is torch's ``last_epoch``. The base class
(clocks, floors and manual decays) is in :mod:`.schedule_base`; reduce-on-plateau, the one that
listens to the loss, in :mod:`.plateau`; the two that cycle (warm restarts, one-cycle) in
:mod:`.cycles`. A warmup followed by a decay is two schedules, each applied when it starts
(``--at 0:warmup:epochs=5 --at 5:cosine:period=45``), as torch's ``SequentialLR`` chains them.
"""

from __future__ import annotations

import bisect
import math
from typing import Any

from ..texts import QT_TRANSLATE_NOOP
from .cycles import OneCycle, WarmRestarts
from .params import Param, build_from_spec, lookup, registry_help
from .plateau import Plateau, PlateauDetector
from .schedule_base import FACTOR, PER, Schedule

__all__ = [
    "SCHEDULES", "Constant", "Plateau", "PlateauDetector", "Schedule", "make_schedule", "parse_schedule",
    "schedule_help",
]


class Constant(Schedule):
    name = "constant"
    summary = QT_TRANSLATE_NOOP("core", "keep the rate: alpha = alpha0")
    formula = "α = α0"

    def rate(self, alpha0, t):
        return alpha0


class InverseTime(Schedule):
    name = "inverse"
    summary = QT_TRANSLATE_NOOP("core", "inverse-time decay (Keras InverseTimeDecay): alpha0 / (1 + k*t)")
    formula = "α = α0 / (1 + {k}·t)"
    PARAMS = (Param("k", float, 0.1, QT_TRANSLATE_NOOP("core", "Decay rate: the rate halves after 1/k epochs."),
                    low=0.0), PER)

    def label(self):
        return f"inverse k={self._v('k')}" + self.per_suffix()

    def rate(self, alpha0, t):
        return alpha0 / (1.0 + self.values["k"] * t)


class Exponential(Schedule):
    name = "exponential"
    summary = QT_TRANSLATE_NOOP("core", "exponential decay (torch ExponentialLR): alpha0 * gamma^t")
    formula = "α = α0 · {gamma}^t"
    PARAMS = (
        Param("gamma", float, 0.95, QT_TRANSLATE_NOOP("core", "Multiplier per epoch."),
              low=0.0, low_open=True, high=1.0),
        PER,
    )

    def label(self):
        return f"exponential γ={self._v('gamma')}" + self.per_suffix()

    def rate(self, alpha0, t):
        return alpha0 * self.values["gamma"] ** t


class Step(Schedule):
    name = "step"
    summary = QT_TRANSLATE_NOOP("core", "step decay (torch StepLR): alpha0 * factor^floor(t/every)")
    formula = "α = α0 · {factor}^⌊t/{every}⌋"
    PARAMS = (
        FACTOR,
        Param("every", int, 20, QT_TRANSLATE_NOOP("core", "Epochs between drops."), low=1),
        PER,
    )

    def label(self):
        return f"step ×{self._v('factor')}/{self._v('every')}" + self.per_suffix()

    def rate(self, alpha0, t):
        return alpha0 * self.values["factor"] ** math.floor(t / self.values["every"])


class MultiStep(Schedule):
    name = "multistep"
    summary = QT_TRANSLATE_NOOP("core", "drops at chosen epochs (torch MultiStepLR): alpha0 * factor^(milestones "
                                        "passed)")
    formula = "α = α0 · {factor}^(number of {milestones} that t has reached)"
    PARAMS = (
        Param("milestones", "ints", (30, 60, 90),
              QT_TRANSLATE_NOOP("core", "Epochs since applied at which the rate drops (torch's milestones), e.g. "
                                        "30/60/90."), low=1),
        FACTOR,
        PER,
    )

    def label(self):
        at = self.PARAMS[0].format(self.values["milestones"])
        return f"multistep ×{self._v('factor')} at {at}" + self.per_suffix()

    def rate(self, alpha0, t):
        return alpha0 * self.values["factor"] ** bisect.bisect_right(self.values["milestones"], t)


class Warmup(Schedule):
    name = "warmup"
    summary = QT_TRANSLATE_NOOP("core", "linear warmup (torch LinearLR, end_factor=1): from start*alpha0 up to alpha0 "
                                        "in epochs, then alpha0")
    formula = ("α = α0 · ({start} + (1 − {start})·min(t,{epochs})/{epochs}), then α0: to follow it with a decay, "
               "apply that when it ends")
    PARAMS = (
        Param("epochs", int, 5, QT_TRANSLATE_NOOP("core", "Epochs to ramp up over (torch's total_iters)."), low=1),
        Param("start", float, 0.1, QT_TRANSLATE_NOOP("core", "Fraction of alpha0 to start at (torch's start_factor)."),
              low=0.0, low_open=True, high=1.0),
        PER,
    )

    def label(self):
        return f"warmup ×{self._v('start')}→1 in {self._v('epochs')}" + self.per_suffix()

    def rate(self, alpha0, t):
        start, epochs = self.values["start"], self.values["epochs"]
        return alpha0 * (start + (1.0 - start) * min(t, epochs) / epochs)


class Polynomial(Schedule):
    name = "poly"
    summary = QT_TRANSLATE_NOOP("core", "polynomial decay to 0 (torch PolynomialLR): alpha0 * (1 - "
                                        "min(t,epochs)/epochs)^power")
    formula = "α = α0 · (1 − min(t,{epochs})/{epochs})^{power}: 0 from epoch {epochs} on"
    PARAMS = (
        Param("epochs", int, 50, QT_TRANSLATE_NOOP("core", "Epochs to decay to 0 over (torch's total_iters)."), low=1),
        Param("power", float, 1.0, QT_TRANSLATE_NOOP("core", "Power of the decay: 1 is linear, 2 falls faster early."),
              low=0.0, low_open=True),
        PER,
    )

    def label(self):
        return f"poly^{self._v('power')} T={self._v('epochs')}" + self.per_suffix()

    def rate(self, alpha0, t):
        epochs = self.values["epochs"]
        return alpha0 * (1.0 - min(t, epochs) / epochs) ** self.values["power"]


class Cosine(Schedule):
    name = "cosine"
    summary = QT_TRANSLATE_NOOP("core", "cosine annealing (torch CosineAnnealingLR) to min in period epochs, then held "
                                        "at min (after=hold) or rising again like torch (after=periodic)")
    formula = "α = {min} + (α0 − {min})·(1 + cos(π·min(t,{period})/{period}))/2: held at {min} after {period}"
    formula_zero = "α = α0·(1 + cos(π·min(t,{period})/{period}))/2: held at 0 after {period}"
    formula_periodic = ("α = {min} + (α0 − {min})·(1 + cos(π·t/{period}))/2: back up to α0 at 2·{period} "
                        "(torch CosineAnnealingLR)")
    PARAMS = (
        Param("period", float, 50.0, QT_TRANSLATE_NOOP("core", "Epochs to anneal from alpha0 down to min (torch's "
                                                               "T_max)."),
              low=0.0, low_open=True),
        Param("min", float, 0.0, QT_TRANSLATE_NOOP("core", "Rate reached at the end of the period (torch's eta_min)."),
              low=0.0),
        Param("after", "choice", "hold",
              QT_TRANSLATE_NOOP("core", "After the period: hold at min, or rise again as torch's CosineAnnealingLR "
                                        "does (a period of 2×period); for restarts see sgdr."),
              choices=("hold", "periodic"), omit_default=True),
        PER,
    )

    def formula_text(self):
        if self.values["after"] == "periodic":
            return self._filled(self.formula_periodic)
        return super().formula_text()

    def label(self):
        low = "" if self.values["min"] == 0 else f"→{self._v('min')}"
        periodic = " periodic" if self.values["after"] == "periodic" else ""
        return f"cosine T={self._v('period')}{low}{periodic}" + self.per_suffix()

    def rate(self, alpha0, t):
        period, low = self.values["period"], self.values["min"]
        if self.values["after"] == "hold":
            t = min(t, period)
        return low + (alpha0 - low) * (1.0 + math.cos(math.pi * t / period)) / 2.0

    def floor(self, alpha0):
        return self.values["min"]


SCHEDULES: dict[str, type[Schedule]] = {
    cls.name: cls
    for cls in (Constant, InverseTime, Exponential, Step, MultiStep, Cosine, Polynomial, Warmup, WarmRestarts,
                OneCycle, Plateau)
}


def make_schedule(name: str, **values: Any) -> Schedule:
    return lookup(SCHEDULES, name, "schedule")(**values)


def parse_schedule(spec: str) -> Schedule:
    """Build a schedule from text such as ``step:factor=0.1,every=20`` or ``exponential:per=step``."""
    return build_from_spec(spec, SCHEDULES, "schedule")


def schedule_help() -> str:
    return registry_help(SCHEDULES)
