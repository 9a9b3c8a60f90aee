"""The schedules that go back up: cosine with warm restarts (SGDR) and the one-cycle policy.

Both are computed in closed form from the time since they were applied, as torch's
``CosineAnnealingWarmRestarts`` and ``OneCycleLR`` compute them from ``last_epoch``. One-cycle
sets the rate itself (``max``, not the rate in effect when applied) and counts steps: its
length is ``epochs × steps per epoch`` steps, so it needs the steps per epoch (:meth:`rate_at`).
"""

from __future__ import annotations

import math

from ..texts import QT_TRANSLATE_NOOP
from .params import Param
from .schedule_base import PER, Schedule


class WarmRestarts(Schedule):
    name = "sgdr"
    summary = QT_TRANSLATE_NOOP("core", "cosine with warm restarts (torch CosineAnnealingWarmRestarts): cosine from "
                                        "alpha0 to min over period epochs, then again from alpha0, each period mult "
                                        "times longer")
    formula = ("α = {min} + (α0 − {min})·(1 + cos(π·t_cur/T_i))/2, t_cur = epochs since the last restart: "
               "back to α0 after T_i epochs, T_1 = {period}, each next T_i ×{mult}")
    formula_zero = ("α = α0·(1 + cos(π·t_cur/T_i))/2, t_cur = epochs since the last restart: back to α0 after "
                    "T_i epochs, T_1 = {period}, each next T_i ×{mult}")
    PARAMS = (
        Param("period", int, 10, QT_TRANSLATE_NOOP("core", "Epochs of the first cosine before the first restart "
                                                           "(torch's T_0)."), low=1),
        Param("mult", int, 2, QT_TRANSLATE_NOOP("core", "Each period is this many times longer than the one before "
                                                        "(torch's T_mult)."),
              low=1),
        Param("min", float, 0.0, QT_TRANSLATE_NOOP("core", "Rate at the end of every period (torch's eta_min)."),
              low=0.0),
        PER,
    )

    def label(self):
        low = "" if self.values["min"] == 0 else f"→{self._v('min')}"
        return f"sgdr T={self._v('period')}×{self._v('mult')}{low}" + self.per_suffix()

    def rate(self, alpha0, t):
        period, mult, low = self.values["period"], self.values["mult"], self.values["min"]
        # Where t falls: torch finds the period with a logarithm, which can land on the wrong
        # side of a restart by rounding; subtracting whole periods is exact (t < 2**52).
        if mult == 1:
            t_cur, t_i = t % period, period
        else:
            t_cur, t_i = t, period
            while t_cur >= t_i:
                t_cur -= t_i
                t_i *= mult
        return low + (alpha0 - low) * (1.0 + math.cos(math.pi * t_cur / t_i)) / 2.0

    def floor(self, alpha0):
        return self.values["min"]


class OneCycle(Schedule):
    name = "onecycle"
    summary = QT_TRANSLATE_NOOP("core", "one-cycle policy (torch OneCycleLR, anneal cos, two phases, no momentum "
                                        "cycling): up from max/div to max, then down to max/(div*final_div), per step")
    formula = ("α rises from {max}/{div} to {max} in the first {pct} of {epochs} epochs, falls to "
               "{max}/({div}·{final_div}) by their end (half cosines), then stays; α0 is not used")
    PARAMS = (
        Param("max", float, 0.1, QT_TRANSLATE_NOOP("core", "Peak rate of the cycle (torch's max_lr); it replaces the "
                                                           "rate in effect."),
              low=0.0, low_open=True),
        Param("epochs", int, 100, QT_TRANSLATE_NOOP("core", "Length of the cycle in epochs (torch: total_steps = "
                                                            "epochs × steps per epoch)."),
              low=1),
        Param("pct", float, 0.3, QT_TRANSLATE_NOOP("core", "Fraction of the cycle spent rising (torch's pct_start)."),
              low=0.0, low_open=True, high=1.0, high_open=True),
        Param("div", float, 25.0, QT_TRANSLATE_NOOP("core", "The cycle starts at max/div (torch's div_factor)."),
              low=1.0),
        Param("final_div", float, 1e4, QT_TRANSLATE_NOOP("core", "The cycle ends at max/(div·final_div) (torch's "
                                                                 "final_div_factor)."),
              low=1.0),
        Param(PER.name, PER.kind, "step", QT_TRANSLATE_NOOP("core", "Change the rate every step (torch's usual use: "
                                                                    "scheduler.step() per batch) or once per epoch "
                                                                    "(total_steps = epochs)."), choices=PER.choices),
    )

    def label(self):
        return f"onecycle max={self._v('max')} T={self._v('epochs')}" + self.per_suffix()

    def rate(self, alpha0, t):
        """The rate ``t`` epochs in, counting one step per epoch (exact for ``per=epoch``)."""
        return self.rate_at(alpha0, math.floor(t), 1)

    def rate_at(self, alpha0, elapsed, steps_per_epoch):
        epochs = self.values["epochs"]
        if self.per_step:
            total, n = epochs * steps_per_epoch, elapsed
        else:
            total, n = epochs, elapsed // steps_per_epoch
        return self._cycle(min(n, total - 1), total)  # torch refuses to go past total_steps

    def _cycle(self, n: int, total: int) -> float:
        """torch's OneCycleLR.get_lr at step ``n`` of ``total`` (phases end at pct·total − 1 and total − 1)."""
        v = self.values
        peak = v["max"]
        initial = peak / v["div"]
        final = initial / v["final_div"]
        rise_end = float(v["pct"] * total) - 1.0
        if n <= rise_end:
            start, end, first, last = initial, peak, 0.0, rise_end
        else:
            start, end, first, last = peak, final, rise_end, total - 1.0
        # a phase of one step (torch divides 0 by 0 there): it is at its end
        pct = (n - first) / (last - first) if last != first else 1.0
        return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1.0)

    def floor(self, alpha0):
        return self.values["max"] / self.values["div"] / self.values["final_div"]
