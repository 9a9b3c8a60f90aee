"""Learning-rate schedules as functions of the epochs elapsed since they were applied.

A schedule is applied at some step; the rate in effect then becomes its ``alpha0`` and its
clock ``t`` starts at 0. With ``per=epoch`` (the default) ``t`` counts whole epochs of steps
since the application, so the rate is a staircase; with ``per=step`` ``t`` is fractional
(steps elapsed / steps per epoch) and the same formula gives a smooth curve.
"""

from __future__ import annotations

import math
from typing import Any

from .params import Param, build_from_spec, format_spec, lookup, registry_help, resolve

_PER = Param(
    "per", "choice", "epoch",
    "Update the rate once per epoch (staircase) or every step (smooth).",
    choices=("epoch", "step"),
)
_FACTOR = Param("factor", float, 0.1, "Multiplier applied at each drop.", low=0.0, low_open=True, high=1.0)


class Schedule:
    """Base class. ``rate(alpha0, t)`` is the rate ``t`` epochs after application."""

    name = ""
    summary = ""
    formula = ""
    PARAMS: tuple[Param, ...] = (_PER,)

    def __init__(self, **values: Any) -> None:
        self.values = resolve(self.PARAMS, values, f"schedule '{self.name}'", from_text=False)
        self.per_step = self.values["per"] == "step"

    def spec(self, full: bool = True) -> str:
        """Spec text that rebuilds this object; ``full=False`` omits default values."""
        return format_spec(self.name, self.values, self.PARAMS, full)

    def formula_text(self) -> str:
        """The formula with this schedule's numbers written in."""
        zero = getattr(self, "formula_zero", None) and self.values.get("min") == 0
        text = self.formula_zero if zero else self.formula
        for key, value in self.values.items():
            text = text.replace("{" + key + "}", f"{value:g}" if isinstance(value, float) else str(value))
        return text

    def rate(self, alpha0: float, t: float) -> float:
        raise NotImplementedError

    def observe(self, val_loss: float, alpha0: float) -> None:
        """Called at each epoch end with the validation loss; only ``plateau`` uses it."""


class Constant(Schedule):
    name = "constant"
    summary = "keep the rate: alpha = alpha0"
    formula = "α = α0"

    def rate(self, alpha0, t):
        return alpha0


class InverseTime(Schedule):
    name = "inverse"
    summary = "inverse-time decay (Keras InverseTimeDecay): alpha0 / (1 + k*t)"
    formula = "α = α0 / (1 + {k}·t)"
    PARAMS = (Param("k", float, 0.1, "Decay rate: the rate halves after 1/k epochs.", low=0.0), _PER)

    def rate(self, alpha0, t):
        return alpha0 / (1.0 + self.values["k"] * t)


class Exponential(Schedule):
    name = "exponential"
    summary = "exponential decay (torch ExponentialLR): alpha0 * gamma^t"
    formula = "α = α0 · {gamma}^t"
    PARAMS = (
        Param("gamma", float, 0.95, "Multiplier per epoch.", low=0.0, low_open=True, high=1.0),
        _PER,
    )

    def rate(self, alpha0, t):
        return alpha0 * self.values["gamma"] ** t


class Step(Schedule):
    name = "step"
    summary = "step decay (torch StepLR): alpha0 * factor^floor(t/every)"
    formula = "α = α0 · {factor}^⌊t/{every}⌋"
    PARAMS = (
        _FACTOR,
        Param("every", int, 20, "Epochs between drops.", low=1),
        _PER,
    )

    def rate(self, alpha0, t):
        return alpha0 * self.values["factor"] ** math.floor(t / self.values["every"])


class Cosine(Schedule):
    name = "cosine"
    summary = "cosine annealing (torch CosineAnnealingLR), held at min after the period"
    formula = "α = {min} + (α0 − {min})·(1 + cos(π·min(t,{period})/{period}))/2"
    formula_zero = "α = α0·(1 + cos(π·min(t,{period})/{period}))/2"
    PARAMS = (
        Param("period", float, 50.0, "Epochs to anneal from alpha0 down to min.", low=0.0, low_open=True),
        Param("min", float, 0.0, "Rate reached at the end of the period.", low=0.0),
        _PER,
    )

    def rate(self, alpha0, t):
        period, low = self.values["period"], self.values["min"]
        return low + (alpha0 - low) * (1.0 + math.cos(math.pi * min(t, period) / period)) / 2.0


class PlateauDetector:
    """ReduceLROnPlateau's bookkeeping (mode min, relative threshold), without the rate.

    ``update(value)`` returns True when the value has failed to improve on the best by more
    than ``threshold`` (relative) for more than ``patience`` epochs, outside a cooldown.
    """

    def __init__(self, patience: int = 10, threshold: float = 1e-4, cooldown: int = 0) -> None:
        self.patience = patience
        self.threshold = threshold
        self.cooldown = cooldown
        self.best = math.inf
        self.bad_epochs = 0
        self.cooldown_left = 0

    def is_better(self, value: float) -> bool:
        return value < self.best * (1.0 - self.threshold)

    def update(self, value: float) -> bool:
        if self.is_better(value):
            self.best = value
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        if self.cooldown_left > 0:
            self.cooldown_left -= 1
            self.bad_epochs = 0
        if self.bad_epochs > self.patience:
            self.cooldown_left = self.cooldown
            self.bad_epochs = 0
            return True
        return False


class Plateau(Schedule):
    name = "plateau"
    summary = "reduce on plateau (torch ReduceLROnPlateau) of the validation loss"
    formula = "α ← max(α·{factor}, {min_lr}) after {patience} epochs without a relative improvement of {threshold}"
    PARAMS = (
        Param("factor", float, 0.1, "Multiplier applied at each drop.",
              low=0.0, low_open=True, high=1.0, high_open=True),
        Param("patience", int, 10, "Epochs without improvement tolerated before a drop.", low=0),
        Param("threshold", float, 1e-4, "Relative improvement that counts as better.", low=0.0),
        Param("cooldown", int, 0, "Epochs to wait after a drop before counting again.", low=0),
        Param("min_lr", float, 0.0, "The rate never drops below this.", low=0.0),
        _PER,
    )
    _EPS = 1e-8  # torch: drops smaller than this are ignored

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        v = self.values
        self.detector = PlateauDetector(v["patience"], v["threshold"], v["cooldown"])
        self.current: float | None = None

    def rate(self, alpha0, t):
        return alpha0 if self.current is None else self.current

    def observe(self, val_loss, alpha0):
        if self.detector.update(val_loss):
            old = alpha0 if self.current is None else self.current
            new = max(old * self.values["factor"], self.values["min_lr"])
            if old - new > self._EPS:
                self.current = new


SCHEDULES: dict[str, type[Schedule]] = {
    cls.name: cls for cls in (Constant, InverseTime, Exponential, Step, Cosine, Plateau)
}


def make_schedule(name: str, **values: Any) -> Schedule:
    return lookup(SCHEDULES, name, "schedule")(**values)


def parse_schedule(spec: str) -> Schedule:
    """Build a schedule from text such as ``step:factor=0.1,every=20`` or ``exponential:per=step``."""
    return build_from_spec(spec, SCHEDULES, "schedule")


def schedule_help() -> str:
    return registry_help(SCHEDULES)
