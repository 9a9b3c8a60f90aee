"""The attach wire protocol: JSON lines between a user's training and a listening lrmonitor.

One message is one line of UTF-8 JSON (an object with an ``op``), at most :data:`MAX_LINE`
bytes with its newline; a longer line, invalid JSON, ``NaN``/``Infinity`` or an unknown ``op``
ends the connection. No pickle and no eval: both sides only ever build the small objects below.

The training connects out (lrmonitor never connects anywhere) and its first line is ``hello``
with the listener's token, compared in constant time (:func:`hmac.compare_digest`); anything
else and the connection is closed. Then:

training → lrmonitor
    ``hello``   token, protocol version, mode (``override``/``scale``), the script's rate, pid,
                script name, world size, steps per epoch if known, a random ``run`` id (a
                reconnect of the same training sends the same id)
    ``steps``   ``rows``: ``[step, epoch, lr, loss, val_loss, grad_norm, train_loss]`` lists
                (``null`` where not reported); ``step`` counts optimizer steps done
    ``ack``     ``id`` of a command, ``ok``, ``step`` at which it took effect (updates done
                before it), ``lr`` the rate the first update under it used, or ``error``
    ``dropped`` how many records the training's bounded queue dropped (total so far)
    ``bye``     the training ended (``monitor.close()``)

lrmonitor → training
    ``welcome`` the hello was accepted; ``pending`` commands follow at once
    ``refused`` the hello was not (``error`` says why, never the token)
    ``command`` ``id``, ``action`` (see :data:`CONTROL_ACTIONS` and :func:`parse_command_action`),
                ``at_step`` (``null``: at the next optimizer step)

Rates are checked on both sides (:func:`check_steering_rate`): finite, > 0 and at most
:data:`MAX_RATE`; decay factors 0 < F ≤ 1, as for built-in runs.
"""

from __future__ import annotations

import hmac
import json
import math
from dataclasses import dataclass
from typing import Any

from ..run.events import ApplySchedule, DecayNow, Event, SetOptimizer, SetRate, parse_action
from ..training.schedules import SCHEDULES

PROTOCOL_VERSION = 1
MAX_LINE = 1 << 20  # bytes per line: a 100 ms batch of a fast training is ~100 kB
MAX_HELLO = 4096  # bytes of the first line, read before the token is checked
MAX_ROWS = 2000  # rows per ``steps`` message (the sender splits larger batches)
MAX_RATE = 100.0  # a rate above this is a typo, not a learning rate
HELLO_TIMEOUT = 5.0  # seconds a connection may take to send its hello
MODES = ("override", "scale")
CONTROL_ACTIONS = ("pause", "resume", "stop")
TRAINING_OPS = ("hello", "steps", "ack", "dropped", "bye")
LISTENER_OPS = ("welcome", "refused", "command")
ROW_FIELDS = ("step", "epoch", "lr", "loss", "val_loss", "grad_norm", "train_loss")


class ProtocolError(ValueError):
    """A line that breaks the protocol: the connection that sent it is closed."""


def encode(message: dict[str, Any]) -> bytes:
    """One message as a line (raises ``ProtocolError`` if it would be too long)."""
    line = json.dumps(message, separators=(",", ":"), allow_nan=False).encode() + b"\n"
    if len(line) > MAX_LINE:
        raise ProtocolError(f"message of {len(line)} bytes is longer than the {MAX_LINE} allowed")
    return line


def _no_constant(name: str) -> Any:
    raise ProtocolError(f"{name} is not allowed in a message")


def decode(line: bytes, allowed_ops: tuple[str, ...]) -> dict[str, Any]:
    """A received line as a message whose ``op`` is one of ``allowed_ops``."""
    if len(line) > MAX_LINE:
        raise ProtocolError(f"line of {len(line)} bytes is longer than the {MAX_LINE} allowed")
    try:
        message = json.loads(line.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError) as err:  # bad UTF-8, bad JSON, a 5000-digit number
        raise ProtocolError(f"line is not JSON: {err}") from None
    if not isinstance(message, dict) or message.get("op") not in allowed_ops:
        op = message.get("op") if isinstance(message, dict) else None
        raise ProtocolError(f"operation {op!r} is not allowed: allowed are {', '.join(allowed_ops)}")
    return message


class LineReader:
    """Splits received bytes into lines, refusing a line longer than ``limit`` bytes."""

    def __init__(self, limit: int = MAX_LINE) -> None:
        self.limit = limit
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        lines = []
        while True:
            end = self._buffer.find(b"\n")
            if end < 0:
                break
            lines.append(bytes(self._buffer[: end + 1]))
            del self._buffer[: end + 1]
        if len(self._buffer) > self.limit or any(len(x) > self.limit for x in lines):
            raise ProtocolError(f"a line is longer than the {self.limit} bytes allowed")
        return lines


def token_matches(given: Any, token: str) -> bool:
    """Whether the hello's token is the listener's, compared in constant time."""
    return isinstance(given, str) and hmac.compare_digest(given.encode(), token.encode())


def check_steering_rate(value: Any) -> float:
    """A rate lrmonitor may set in a user's training: finite, > 0 and at most :data:`MAX_RATE`."""
    if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
            or not 0 < value <= MAX_RATE):
        raise ValueError(f"learning rate {value!r} is out of range: allowed is 0 < lr <= {MAX_RATE:g}")
    return float(value)


@dataclass(frozen=True)
class Command:
    """A command to the training: an event (schedule, ``decay=F``, ``lr=V``) or pause/resume/stop.

    ``at_step``: apply when the training has done that many optimizer steps (``None``: at the
    next one; a step already passed: at once).
    """

    id: int
    action: Event | str
    at_step: int | None = None

    def text(self) -> str:
        return self.action if isinstance(self.action, str) else self.action.action()

    def to_json(self) -> dict[str, Any]:
        return {"op": "command", "id": self.id, "action": self.text(), "at_step": self.at_step}

    @staticmethod
    def from_json(message: dict[str, Any]) -> Command:
        cid, at = message.get("id"), message.get("at_step")
        if isinstance(cid, bool) or not isinstance(cid, int) or cid < 0:
            raise ProtocolError(f"command id {cid!r} is not a whole number >= 0")
        if at is not None and (isinstance(at, bool) or not isinstance(at, int) or at < 0):
            raise ProtocolError(f"command step {at!r} is not a whole number >= 0")
        text = message.get("action")
        if not isinstance(text, str) or len(text) > 500:
            raise ProtocolError("command action is not a short text")
        return Command(cid, parse_command_action(text), at)


def parse_command_action(text: str) -> Event | str:
    """A command's action: a schedule spec, ``decay=F``, ``lr=V``, ``pause``, ``resume`` or ``stop``.

    Raises ``ValueError`` naming the value and what is allowed. ``optimizer=SPEC`` is refused:
    lrmonitor cannot swap the optimizer of someone else's training.
    """
    raw = text.strip()
    if raw.lower() in CONTROL_ACTIONS:
        return raw.lower()
    try:
        event = parse_action(raw)
    except ValueError as err:
        if "is not known" not in str(err):
            raise  # a known action with a bad value: the core's sentence names it and its range
        raise ValueError(f"action {raw[:60]!r} is not known: allowed are a schedule ({', '.join(SCHEDULES)}), "
                         "decay=F, lr=V, pause, resume and stop") from None
    if isinstance(event, SetOptimizer):
        raise ValueError(f"action {raw!r} is not allowed for an attached training: allowed are a schedule, "
                         "decay=F, lr=V, pause, resume and stop (lrmonitor cannot swap its optimizer)")
    if isinstance(event, SetRate):
        check_steering_rate(event.value)
    return event


def is_rate_event(action: Event | str) -> bool:
    return isinstance(action, (ApplySchedule, DecayNow, SetRate))


NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def wire_number(value: float | None) -> float | str | None:
    """A row value for JSON: a diverged loss is sent as "nan", "inf" or "-inf" (JSON has no NaN)."""
    if value is None or math.isfinite(value):
        return value
    return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")


def check_row(row: Any) -> tuple:
    """A ``steps`` row as a tuple of :data:`ROW_FIELDS`: step an int ≥ 0, the rest floats or None."""
    if not isinstance(row, list) or len(row) != len(ROW_FIELDS):
        raise ProtocolError(f"a step row must be a list of {len(ROW_FIELDS)} values: {', '.join(ROW_FIELDS)}")
    step = row[0]
    if isinstance(step, bool) or not isinstance(step, int) or step < 0:
        raise ProtocolError(f"step {step!r} is not a whole number >= 0")
    values: list[Any] = [step]
    for value in row[1:]:
        if isinstance(value, str) and value in NON_FINITE:
            values.append(NON_FINITE[value])
        elif value is None:
            values.append(None)
        elif not isinstance(value, bool) and isinstance(value, (int, float)) and abs(value) < 1e308:
            values.append(float(value))
        else:
            raise ProtocolError(f"step value {value!r} is not a number")
    return tuple(values)
