"""A :class:`Checkpoint` as JSON plus arrays, and back, losslessly; reading checks every value.

:func:`checkpoint_to_json` gives a JSON object whose values are encoded by
:mod:`.packed_values` (arrays into an :class:`ArrayPack`, non-finite floats, tuples and schedule
state objects tagged).

:func:`checkpoint_from_json` builds the checkpoint back for a run's configuration and checks
everything it reads against that configuration and the checkpoint's own specs: parameter and
optimizer-state shapes as the problem and optimizer make them, the schedule state's fields and
types as the schedule has them, the shuffle generator (PCG64, values in range), the order (a
permutation of the training set, present exactly when the step is inside an epoch), steps, status
and event steps within the run. A restored run continues bit for bit like the original.
"""

from __future__ import annotations

import dataclasses
import math
from functools import lru_cache
from typing import Any

import numpy as np

from ..run.checkpoint import Checkpoint, schedule_state
from ..run.config import RunConfig, setup_param
from ..run.events import Stamped
from ..run.state import RunState
from ..training.optimizers import parse_optimizer
from ..training.problems import problem_class
from ..training.schedules import parse_schedule
from .checks import is_int, one_line, short, whole_number
from .container import DamagedError
from .packed_values import OBJECTS, ArrayPack, decode, encode

MAX_EVENTS = 100_000  # per run (and per checkpoint's pending list)


def checkpoint_to_json(checkpoint: Checkpoint, pack: ArrayPack) -> dict[str, Any]:
    """The checkpoint as JSON, its arrays put into ``pack``. Its configuration is the run's, but for
    ``epochs`` (a continued run's early checkpoints have fewer): that is all that is written of it."""
    c = checkpoint
    return {
        "epochs": c.config.epochs,
        "step": c.step,
        "status": str(c.status),
        "params": [pack.put(p) for p in c.params],
        "optimizer": c.optimizer,
        "optimizer_state": encode(c.optimizer_state, pack),
        "schedule": c.schedule,
        "schedule_state": encode(dict(c.schedule_state), pack),
        "alpha0": encode(c.alpha0, pack),
        "anchor": c.anchor,
        "scale": encode(c.scale, pack),
        "rng_state": encode(dict(c.rng_state), pack),
        "order": None if c.order is None else pack.put(c.order),
        "applied": c.applied,
        "pending": [s.to_json() for s in c.pending],
    }


def checkpoint_from_json(data: Any, config: RunConfig, pack: ArrayPack, what: str = "a checkpoint") -> Checkpoint:
    """The checkpoint :func:`checkpoint_to_json` wrote for a run of ``config`` (validated); its
    ``epochs`` is the checkpoint's own. Raises :class:`DamagedError` naming ``what`` and the problem."""
    if not isinstance(data, dict):
        raise DamagedError(f"{what} is not an object")
    epochs = data.get("epochs")
    try:
        config = dataclasses.replace(config, epochs=epochs).validated()
    except (TypeError, ValueError) as err:
        raise DamagedError(f"{what}: {err}") from None
    spe = config.steps_per_epoch
    last = max_steps(config)
    step = whole_number(data.get("step"), f"{what}'s step", 0, last)
    what = f"{what} (step {step})"
    status = _status(data.get("status"), what)
    finished = config.epochs is not None and step == last
    expected = RunState.IDLE if step == 0 else RunState.FINISHED if finished else RunState.PAUSED
    if status is not expected:
        raise DamagedError(f"{what} has the status {status}: at step {step} of {last} it is {expected}")
    shapes = _param_shapes(config.problem)
    params = data.get("params")
    if not isinstance(params, list) or len(params) != len(shapes):
        raise DamagedError(f"{what} has {_count(params)} parameter arrays: "
                           f"the {config.problem} problem has {len(shapes)}")
    arrays = tuple(_array(ref, pack, f"{what}'s parameter {i}", "float64", shape)
                   for i, (ref, shape) in enumerate(zip(params, shapes)))
    optimizer = _spec(data.get("optimizer"), parse_optimizer, f"{what}'s optimizer")
    optimizer_state = decode(data.get("optimizer_state"), pack, f"{what}'s optimizer state")
    _check_like(optimizer_state, _optimizer_state_like(optimizer, config.problem), f"{what}'s optimizer state",
                none_ok=True)
    schedule = _spec(data.get("schedule"), parse_schedule, f"{what}'s schedule")
    state = decode(data.get("schedule_state"), pack, f"{what}'s schedule state")
    _check_like(state, schedule_state(parse_schedule(schedule)), f"{what}'s schedule state")
    alpha0 = _float(data.get("alpha0"), pack, f"{what}'s alpha0")
    anchor = whole_number(data.get("anchor"), f"{what}'s anchor", 0, step)
    scale = _float(data.get("scale"), pack, f"{what}'s scale")
    rng_state = _rng_state(decode(data.get("rng_state"), pack, f"{what}'s generator state"), what)
    order = data.get("order")
    inside = step % spe != 0
    if (order is None) == inside:
        raise DamagedError(f"{what} {'lacks' if inside else 'has'} a shuffle order: one is kept exactly when the "
                           f"step is inside an epoch ({spe} steps each)")
    if order is not None:
        order = _array(order, pack, f"{what}'s shuffle order", "int64", (config.train_size,))
        if np.bincount(np.clip(order, 0, config.train_size), minlength=config.train_size + 1)[:-1].min() != 1:
            raise DamagedError(f"{what}'s shuffle order is not a permutation of the {config.train_size} "
                               "training examples")
    applied = whole_number(data.get("applied"), f"{what}'s applied event count", 0, MAX_EVENTS)
    pending = events_from_json(data.get("pending"), f"{what}'s pending events", step, last)
    return Checkpoint(config=config, step=step, status=status, params=arrays, optimizer=optimizer,
                      optimizer_state=optimizer_state, schedule=schedule, schedule_state=state, alpha0=alpha0,
                      anchor=anchor, scale=scale, rng_state=rng_state, order=order, applied=applied,
                      pending=tuple(pending))


def max_steps(config: RunConfig) -> int:
    """The most steps a run of ``config`` can make (an 'until stopped' run: as many epochs as allowed)."""
    return (config.epochs or setup_param("epochs").high) * config.steps_per_epoch


def _array(ref: Any, pack: ArrayPack, what: str, dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    if not isinstance(ref, dict) or "$array" not in ref:
        raise DamagedError(f"{what} is not an array reference")
    if ref.get("$array") != dtype:
        raise DamagedError(f"{what} is of type {short(ref.get('$array'))}: expected {dtype}")
    array = pack.get(ref, what)
    if array.shape != tuple(shape):
        raise DamagedError(f"{what} has shape {array.shape}: expected {tuple(shape)}")
    return array


def events_from_json(data: Any, what: str, first: int, last: int) -> list[Stamped]:
    """A list of stamped events, each at a step from ``first`` to ``last``."""
    if not isinstance(data, list):
        raise DamagedError(f"{what} are not a list")
    if len(data) > MAX_EVENTS:
        raise DamagedError(f"{what} are {len(data):,}: allowed are at most {MAX_EVENTS:,}")
    events = []
    for i, item in enumerate(data):
        try:
            stamped = Stamped.from_json(item)
        except (TypeError, ValueError) as err:
            raise DamagedError(f"{what}, event {i}: {one_line(err)}") from None
        if not first <= stamped.step <= last:
            raise DamagedError(f"{what}, event {i}: step {stamped.step} is outside the run: allowed is "
                               f"{first} <= step <= {last}")
        events.append(stamped)
    return events


def _rng_state(state: Any, what: str) -> dict[str, Any]:
    if not isinstance(state, dict) or state.get("bit_generator") != "PCG64":
        raise DamagedError(f"{what}'s shuffle generator is not a PCG64 state")
    inner, extra = state.get("state"), state.get("uinteger")
    if (not isinstance(inner, dict) or set(inner) != {"state", "inc"}
            or not all(is_int(v) and 0 <= v < 2**128 for v in inner.values())
            or state.get("has_uint32") not in (0, 1) or not is_int(extra) or not 0 <= extra < 2**32
            or set(state) != {"bit_generator", "state", "has_uint32", "uinteger"}):
        raise DamagedError(f"{what}'s shuffle generator state is not valid: expected PCG64's state, inc, has_uint32, "
                           "uinteger in range")
    try:
        np.random.PCG64().state = state
    except (TypeError, ValueError) as err:
        raise DamagedError(f"{what}'s shuffle generator state is not valid: {err}") from None
    return state


def _check_like(value: Any, like: Any, what: str, none_ok: bool = False) -> None:
    """``value`` has the structure of ``like``: same containers, keys, object types, array shapes and
    dtypes, number kinds (an int where an int is, a float or None where a float or None may be)."""
    if none_ok and value is None:
        return
    if isinstance(like, np.ndarray):
        if not isinstance(value, np.ndarray) or value.shape != like.shape or value.dtype != like.dtype:
            raise DamagedError(f"{what} holds {_kind(value)} where an array of shape {like.shape} belongs")
    elif like is None or isinstance(like, float):
        if not (value is None or isinstance(value, float)):
            raise DamagedError(f"{what} holds {_kind(value)} where a number belongs")
    elif isinstance(like, bool):
        if type(value) is not bool:
            raise DamagedError(f"{what} holds {_kind(value)} where a bool belongs")
    elif isinstance(like, int):  # counters: an optimizer's step counts from 1 (Adam divides by 1 - beta1**step)
        low = 1 if what.endswith(".step") else 0
        if type(value) is not int or not low <= value < 2**62:
            shown = short(value) if type(value) is int else _kind(value)
            raise DamagedError(f"{what} holds {shown} where a whole number {low} <= n < 2**62 belongs")
    elif isinstance(like, (list, tuple)):
        if type(value) is not type(like) or len(value) != len(like):
            raise DamagedError(f"{what} holds {_kind(value)} where a {type(like).__name__} of {len(like)} belongs")
        for i, (v, w) in enumerate(zip(value, like)):
            _check_like(v, w, f"{what}[{i}]")
    elif isinstance(like, dict):
        if not isinstance(value, dict) or set(value) != set(like):
            keys = sorted(value) if isinstance(value, dict) else _kind(value)
            raise DamagedError(f"{what} has the fields {keys}: expected {sorted(like)}")
        for key in like:
            _check_like(value[key], like[key], f"{what}.{key}")
    elif type(like) in OBJECTS.values():
        if type(value) is not type(like):
            raise DamagedError(f"{what} holds {_kind(value)} where a {type(like).__name__} belongs")
        _check_like(vars(value), vars(like), what)
    elif value != like:
        raise DamagedError(f"{what} holds {_kind(value)}: expected {short(like)}")


@lru_cache(maxsize=64)
def _param_shapes(problem: str) -> tuple[tuple[int, ...], ...]:
    """The shapes of a problem's parameters (made on a tiny data set: they do not depend on it)."""
    made = problem_class(problem)(10, 1, None, np.random.default_rng(0))
    return tuple(p.shape for p in made.initial_params(np.random.default_rng(0)))


_LIKE: dict[tuple[str, str], Any] = {}


def _optimizer_state_like(spec: str, problem: str) -> Any:
    """What an optimizer's state looks like once it has stepped (made by one step of lr 0 on zeros):
    a momentum-free SGD keeps None per parameter, SGD with momentum an array, the others a dict.
    Before its first step an optimizer's state is None as a whole."""
    key = (spec, problem)
    if key not in _LIKE:
        optimizer = parse_optimizer(spec)
        params = [np.zeros(shape) for shape in _param_shapes(problem)]
        with np.errstate(all="ignore"):
            optimizer.step(params, [np.zeros_like(p) for p in params], 0.0)
        _LIKE[key] = optimizer.state
    return _LIKE[key]


def _spec(value: Any, parse, what: str) -> str:
    if not isinstance(value, str) or len(value) > 1000:
        raise DamagedError(f"{what} is {short(value)}: expected a spec text")
    try:
        canonical = parse(value).spec()
    except (TypeError, ValueError) as err:
        raise DamagedError(f"{what}: {one_line(err)}") from None
    if canonical != value:
        raise DamagedError(f"{what} {value!r} is not written out in full (expected {canonical!r})")
    return value


def _float(value: Any, pack: ArrayPack, what: str) -> float:
    number = decode(value, pack, what)
    if not isinstance(number, float) or not math.isfinite(number) or number < 0:
        raise DamagedError(f"{what} is {short(number)}: allowed is a finite number >= 0")
    return number


def _status(value: Any, what: str) -> RunState:
    try:
        return RunState(value)
    except ValueError:
        allowed = ", ".join(s.value for s in RunState)
        raise DamagedError(f"{what} has the status {short(value)}: allowed are {allowed}") from None


def _count(value: Any) -> str:
    return str(len(value)) if isinstance(value, list) else "no list of"


def _kind(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return "None" if value is None else f"a {type(value).__name__}"
