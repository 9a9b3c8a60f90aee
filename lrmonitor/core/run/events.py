"""Control events: the only way the learning rate or optimizer changes during a run.

A run is its configuration plus an ordered list of events, each stamped with the step at
which it took effect (the number of updates done before it). Replaying the same list gives
the same numbers, which is what makes saved sessions, ``--at`` and the GUI's buttons one
mechanism. Events are immutable and round-trip through JSON and through action text
(``step:factor=0.1,every=20``, ``decay=0.1``, ``lr=0.01``, ``optimizer=adam``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..texts import QT_TRANSLATE_NOOP, WordedError
from ..training.optimizers import parse_optimizer
from ..training.params import format_value
from ..training.schedules import SCHEDULES, parse_schedule


@dataclass(frozen=True)
class ApplySchedule:
    """Switch to a schedule, re-anchored at the current rate (its alpha0) with t = 0."""

    spec: str
    kind = "schedule"

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", parse_schedule(self.spec).spec())

    def action(self) -> str:
        return self.spec

    def label(self) -> str:
        """What an event marker says: 'warmup ×0.1→1 in 5', then 'cosine T=45' (the spec is in the log)."""
        return parse_schedule(self.spec).label()


@dataclass(frozen=True)
class DecayNow:
    """Multiply the current rate by ``factor`` now; a running schedule keeps its phase."""

    factor: float
    kind = "decay"

    def __post_init__(self) -> None:
        object.__setattr__(self, "factor", check_factor(self.factor))

    def action(self) -> str:
        return f"decay={format_value(self.factor)}"

    def label(self) -> str:
        return f"decay ×{format_value(self.factor)}"


@dataclass(frozen=True)
class SetRate:
    """Use the constant rate ``value`` from now on (replaces any schedule)."""

    value: float
    kind = "lr"

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", check_rate(self.value))

    def action(self) -> str:
        return f"lr={format_value(self.value)}"

    def label(self) -> str:
        return f"lr = {format_value(self.value)}"


@dataclass(frozen=True)
class SetOptimizer:
    """Switch to another optimizer (fresh state); the rate is unchanged."""

    spec: str
    kind = "optimizer"

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", parse_optimizer(self.spec).spec())

    def action(self) -> str:
        return f"optimizer={self.spec}"

    def label(self) -> str:
        return parse_optimizer(self.spec).spec(full=False)


Event = ApplySchedule | DecayNow | SetRate | SetOptimizer


@dataclass(frozen=True)
class Stamped:
    """An event with the step at which it took effect (updates done before it)."""

    step: int
    event: Event

    def label(self) -> str:
        """What its event marker says."""
        return self.event.label()

    def to_json(self) -> dict[str, Any]:
        e = self.event
        payload: dict[str, Any] = {"step": self.step, "kind": e.kind}
        if isinstance(e, (ApplySchedule, SetOptimizer)):
            payload["spec"] = e.spec
        elif isinstance(e, DecayNow):
            payload["factor"] = e.factor
        else:
            payload["value"] = e.value
        return payload

    @staticmethod
    def from_json(data: Any) -> Stamped:
        if not isinstance(data, dict):
            raise ValueError(f"event {data!r} is not an object")
        step = data.get("step")
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            raise ValueError(f"event step {step!r} is not valid: expected a whole number >= 0")
        kind = data.get("kind")
        try:
            if kind == "schedule":
                event: Event = ApplySchedule(str(data["spec"]))
            elif kind == "optimizer":
                event = SetOptimizer(str(data["spec"]))
            elif kind == "decay":
                event = DecayNow(data["factor"])
            elif kind == "lr":
                event = SetRate(data["value"])
            else:
                raise ValueError(
                    f"event kind {kind!r} is not known: allowed are schedule, decay, lr, optimizer"
                )
        except KeyError as missing:
            raise ValueError(f"event of kind {kind!r} lacks the field {missing}") from None
        if "lr" not in data:  # an event of lrmonitor's own runs (and of files saved before rates were kept)
            return Stamped(step, event)
        lr = data["lr"]
        if lr is not None and (isinstance(lr, bool) or not isinstance(lr, (int, float)) or not math.isfinite(lr)
                               or lr < 0):
            raise ValueError(f"event rate {lr!r} is not valid: expected a finite number >= 0 or null")
        return Acknowledged(step, event, None if lr is None else float(lr))


@dataclass(frozen=True)
class Acknowledged(Stamped):
    """An event as an attached training applied it: the step it took effect at (its optimizer steps
    done before it) and the rate its first update under it used (None if it did not say), which its
    event marker shows (a decay of a rate the script's own scheduler had moved says so). In JSON it is
    a :class:`Stamped` event with an ``lr`` (``null`` if unknown): a reader that knows nothing of it
    reads the event and ignores the rate."""

    lr: float | None = None

    def label(self) -> str:
        return self.event.label() if self.lr is None else f"{self.event.label()} → lr {self.lr:.3g}"

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "lr": self.lr}


def parse_action(text: str) -> Event:
    """Parse action text: a schedule spec, ``decay=F``, ``lr=V`` or ``optimizer=SPEC``."""
    raw = text.strip()
    key, eq, value = raw.partition("=")
    key = key.strip().lower()
    if eq and key in ("decay", "lr", "optimizer"):
        if key == "optimizer":
            return SetOptimizer(value)
        number = _number(value, key)
        return DecayNow(number) if key == "decay" else SetRate(number)
    name = raw.partition(":")[0].strip().lower()
    if name in SCHEDULES:
        return ApplySchedule(raw)
    raise WordedError(UNKNOWN_ACTION, action=repr(raw), schedules=", ".join(SCHEDULES))


UNKNOWN_ACTION = QT_TRANSLATE_NOOP("core", "action {action} is not known: expected a schedule ({schedules}), decay=F, "
                                           "lr=V or optimizer=SPEC")
NOT_A_NUMBER = QT_TRANSLATE_NOOP("core", "{key}={value} is not a number")
FACTOR_RANGE = QT_TRANSLATE_NOOP("core", "decay factor {value} is out of range: allowed is 0 < factor <= 1")
RATE_RANGE = QT_TRANSLATE_NOOP("core", "learning rate {value} is out of range: allowed is a finite lr > 0")


def _number(text: str, key: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise WordedError(NOT_A_NUMBER, key=key, value=repr(text.strip())) from None


def check_factor(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (0 < value <= 1):
        raise WordedError(FACTOR_RANGE, value=repr(value))
    return float(value)


def check_rate(value: Any) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise WordedError(RATE_RANGE, value=repr(value))
    return float(value)
