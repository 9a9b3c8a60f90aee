"""Reduce-on-plateau: the one schedule that listens to the validation loss.

It follows torch's ``ReduceLROnPlateau`` (mode min, relative threshold): the detector counts
epochs without improvement, and the schedule lowers the rate it holds, which is the rate in
effect (manual decays included), as torch lowers ``param_group['lr']``.
"""

from __future__ import annotations

import math
from typing import Any

from ..texts import QT_TRANSLATE_NOOP
from .params import Param
from .schedule_base import PER, Schedule


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
    summary = QT_TRANSLATE_NOOP("core", "reduce on plateau (torch ReduceLROnPlateau) of the validation loss")
    formula = "α ← max(α·{factor}, {min_lr}) after {patience} epochs without a relative improvement of {threshold}"
    PARAMS = (
        Param("factor", float, 0.1, QT_TRANSLATE_NOOP("core", "Multiplier applied at each drop."),
              low=0.0, low_open=True, high=1.0, high_open=True),
        Param("patience", int, 10, QT_TRANSLATE_NOOP("core", "Epochs without improvement tolerated before a drop."),
              low=0),
        Param("threshold", float, 1e-4, QT_TRANSLATE_NOOP("core", "Relative improvement that counts as better."),
              low=0.0),
        Param("cooldown", int, 0, QT_TRANSLATE_NOOP("core", "Epochs to wait after a drop before counting again."),
              low=0),
        Param("min_lr", float, 0.0,
              QT_TRANSLATE_NOOP("core", "The rate never drops below this, by a drop or by a manual decay (torch: a "
                                        "drop never goes below it)."),
              low=0.0),
        PER,
    )
    EPS = 1e-8  # torch's eps: a drop of the rate by this much or less is not made

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        v = self.values
        self.detector = PlateauDetector(v["patience"], v["threshold"], v["cooldown"])
        self.current: float | None = None  # the rate in effect, once it differs from alpha0

    def label(self) -> str:
        return f"plateau ×{self._v('factor')}, patience {self._v('patience')}" + self.per_suffix()

    def rate(self, alpha0, t):
        return alpha0 if self.current is None else self.current

    def floor(self, alpha0):
        return self.values["min_lr"]

    def decayed_scale(self, factor, scale, alpha0, elapsed, steps_per_epoch):
        """torch's ``param_group['lr'] *= F``: the held rate itself changes (so later drops start
        from it and torch's eps applies to the rate in effect); the scale stays 1. Not below
        ``min_lr``, unless the rate already was (then a decay leaves it)."""
        now = self.rate(alpha0, 0)
        self.current = max(factor * now, min(now, self.values["min_lr"]))
        return scale

    def observe(self, val_loss, alpha0):
        if self.detector.update(val_loss):
            old = self.rate(alpha0, 0)
            new = max(old * self.values["factor"], self.values["min_lr"])
            if old - new > self.EPS:
                self.current = new
