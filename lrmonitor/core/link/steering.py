"""What lrmonitor's commands do to an attached training's rate: the core's rate logic, step by step.

The training side (:mod:`lrmonitor.attach`) holds one :class:`Steering` and calls
:meth:`Steering.before_step` just before every optimizer step, on the training thread, with the
rates the script itself set (its own scheduler's). Until the first rate command the script's rates
are used unchanged. From then on a :class:`~lrmonitor.core.run.rate.RateController` (the one
built-in runs use) decides, so ``decay=F``, ``lr=V`` and schedule specs mean exactly what they
mean for built-in runs, and its rate is re-applied at every step while in force, so a scheduler
that recomputes the rate from its base (LambdaLR, every Hugging Face schedule) cannot undo it:

* **override**: lrmonitor's rate replaces the script's. It starts from the script's rate at the
  moment of the first command; several parameter groups keep their ratios to the first one.
* **scale**: lrmonitor's *factor* (1 at first) multiplies the script's own schedule, each group's
  own rate. ``decay=F`` and schedules act on the factor; ``lr=V`` is refused (there is no rate to
  set, only a factor).

Schedules count epochs of ``steps_per_epoch`` optimizer steps: the training declares it, or it is
learnt from the logged epochs (the step at which epoch 1 starts); until then a schedule is refused
with a sentence saying how to give it. ``plateau`` listens to the validation loss the training logs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..run.events import ApplySchedule, SetRate
from ..run.rate import RateController
from .protocol import MAX_RATE, Command, is_rate_event


@dataclass(frozen=True)
class Outcome:
    """A command's result on the training side, sent back as an ack."""

    id: int
    ok: bool
    step: int
    lr: float | None
    error: str = ""


class Steering:
    """The rate commands in force in one training (used on the training thread only)."""

    def __init__(self, mode: str = "override", steps_per_epoch: int | None = None) -> None:
        if mode not in ("override", "scale"):
            raise ValueError(f"mode {mode!r} is not known: allowed are 'override' and 'scale'")
        if steps_per_epoch is not None and (isinstance(steps_per_epoch, bool) or not isinstance(steps_per_epoch, int)
                                            or steps_per_epoch < 1):
            raise ValueError(f"steps_per_epoch {steps_per_epoch!r} is out of range: allowed is a whole number >= 1")
        self.mode = mode
        self.steps_per_epoch = steps_per_epoch
        self.controller: RateController | None = None
        self._ratios: list[float] = []
        self.paused = False
        self.stop_requested = False
        self._last_epoch: float | None = None

    @property
    def active(self) -> bool:
        """Whether lrmonitor decides the rate (a rate command has taken effect)."""
        return self.controller is not None

    def learn_epoch(self, step: int, epoch: float | None) -> None:
        """Learn the epoch length from logged epochs, if it was not declared (see :mod:`.record`)."""
        if epoch is None or self.steps_per_epoch is not None:
            return
        if self._last_epoch == 0 and epoch == 1 and step > 1:
            self.steps_per_epoch = step - 1
            if self.controller is not None:
                self.controller.steps_per_epoch = step - 1
        self._last_epoch = epoch

    def observe(self, val_loss: float) -> None:
        """A validation loss at an epoch's end: ``plateau`` decides on it, as for built-in runs."""
        if self.controller is not None and math.isfinite(val_loss):
            self.controller.epoch_end(val_loss)

    def apply(self, command: Command, step: int, script_rates: list[float]) -> Outcome:
        """Apply ``command`` before update ``step + 1``; ``script_rates`` are the groups' own rates."""
        action = command.action
        if isinstance(action, str):
            self.paused = action == "pause"
            self.stop_requested = self.stop_requested or action == "stop"
            if action == "stop":
                self.paused = False
            rates = self.rates(step, script_rates)
            return Outcome(command.id, True, step, rates[0] if rates else None)
        if not is_rate_event(action):
            return Outcome(command.id, False, step, None, f"{command.text()} is not allowed for an attached training")
        if isinstance(action, SetRate) and self.mode == "scale":
            return Outcome(command.id, False, step, None, "lr=V needs override mode: in scale mode lrmonitor "
                           "multiplies the script's own rate by a factor (use decay=F or a schedule)")
        if isinstance(action, ApplySchedule) and self.steps_per_epoch is None:
            return Outcome(command.id, False, step, None, "a schedule needs the epoch length: pass "
                           "Monitor(optimizer, steps_per_epoch=len(loader)) or log epoch=... every step")
        if not script_rates or not all(math.isfinite(r) and r >= 0 for r in script_rates):
            return Outcome(command.id, False, step, None, f"the optimizer's rates {script_rates!r} are not usable")
        previous = self.controller
        if previous is None:
            base = 1.0 if self.mode == "scale" else script_rates[0]
            if base <= 0 and not isinstance(action, SetRate):
                return Outcome(command.id, False, step, None, "the script's rate is 0: there is nothing to decay "
                               "or schedule (use lr=V)")
            self.controller = RateController(base, self.steps_per_epoch or 1)
            self.controller.anchor = step
            first = script_rates[0]
            self._ratios = [r / first if first > 0 else 1.0 for r in script_rates]
        try:
            self.controller.apply(action, step)  # type: ignore[union-attr]
            rates = self.rates(step, script_rates)
        except (ValueError, ArithmeticError) as err:
            self.controller = previous
            return Outcome(command.id, False, step, None, str(err))
        if not all(math.isfinite(r) and 0 <= r <= MAX_RATE for r in rates):
            self.controller = previous
            return Outcome(command.id, False, step, None,
                           f"the rate would become {rates[0]!r}: allowed is 0 < lr <= {MAX_RATE:g}")
        return Outcome(command.id, True, step, rates[0])

    def decided(self, step: int) -> float | None:
        """lrmonitor's value for update ``step + 1``: the rate (override) or factor (scale); None if inactive."""
        return None if self.controller is None else self.controller.rate(step)

    def follow(self, value: float, script_rates: list[float]) -> list[float]:
        """The groups' rates for a value decided elsewhere (rank 0's, in a distributed run)."""
        if len(self._ratios) != len(script_rates):
            first = script_rates[0] if script_rates else 0.0
            self._ratios = [r / first if first > 0 else 1.0 for r in script_rates]
        if self.mode == "scale":
            return [r * value for r in script_rates]
        return [value * k for k in self._ratios]

    def rates(self, step: int, script_rates: list[float]) -> list[float]:
        """The rate of each parameter group for update ``step + 1``."""
        if self.controller is None:
            return list(script_rates)
        value = self.controller.rate(step)
        if self.mode == "scale":
            return [r * value for r in script_rates]
        ratios = self._ratios if len(self._ratios) == len(script_rates) else [1.0] * len(script_rates)
        return [value * k for k in ratios]
