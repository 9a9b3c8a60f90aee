"""A :class:`Checkpoint` as JSON plus arrays, and back, losslessly; reading checks every value.

:func:`checkpoint_to_json` gives a JSON object whose arrays (parameters, optimizer buffers, the
shuffle order) go into an :class:`ArrayPack`: one 1-D array per dtype that the container stores
as a single member, so a file with hundreds of checkpoints has two array members for them, not
thousands. An array reference says where its values are, its shape and its memory order (a
Fortran-ordered parameter comes back Fortran-ordered: the same layout gives the same numbers
from BLAS). Floats are JSON numbers (shortest round-trip text, so exact); ``inf``/``nan`` (e.g.
a plateau detector's best value before its first epoch) are tagged, as are tuples and the state
objects a schedule keeps (only classes named in :data:`OBJECTS` are read back: nothing in a file
chooses what code runs).

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
from ..training.schedules import PlateauDetector, parse_schedule
from .container import DTYPES, DamagedError, dtype_name

OBJECTS: dict[str, type] = {"PlateauDetector": PlateauDetector}  # state objects a file may hold
MAX_DEPTH = 12
MAX_INT = 2**128  # the largest integers are the shuffle generator's 128-bit state
MAX_EVENTS = 100_000  # per run (and per checkpoint's pending list)
_TAGS = ("$array", "$float", "$tuple", "$object")


class ArrayPack:
    """Arrays packed end to end into one 1-D array per dtype (``float64``, ``int64``)."""

    def __init__(self, blobs: dict[str, np.ndarray] | None = None) -> None:
        self._chunks: dict[str, list[np.ndarray]] = {name: [] for name in DTYPES}
        self._sizes = dict.fromkeys(DTYPES, 0)
        self._blobs = blobs or {}

    def put(self, array: np.ndarray) -> dict[str, Any]:
        kind = dtype_name(array.dtype)
        order = "F" if array.ndim > 1 and array.flags.f_contiguous and not array.flags.c_contiguous else "C"
        flat = np.ravel(array, order=order)
        ref = {"$array": kind, "at": self._sizes[kind], "shape": list(array.shape), "order": order}
        self._chunks[kind].append(flat)
        self._sizes[kind] += flat.size
        return ref

    def blobs(self) -> dict[str, np.ndarray]:
        """The packed arrays by dtype name (those that hold anything)."""
        return {kind: np.concatenate(chunks).astype(DTYPES[kind], copy=False)
                for kind, chunks in self._chunks.items() if chunks}

    def get(self, ref: Any, what: str) -> np.ndarray:
        """A read-only copy of the array ``ref`` points at (its own memory, in its recorded order)."""
        kind, at, shape, order = (ref.get(k) for k in ("$array", "at", "shape", "order"))
        if kind not in DTYPES:
            raise DamagedError(f"{what} has the array type {_short(kind)}: allowed are {', '.join(DTYPES)}")
        if order not in ("C", "F"):
            raise DamagedError(f"{what} has the memory order {_short(order)}: allowed are C and F")
        if (not isinstance(shape, list) or len(shape) > 8
                or not all(_is_int(n) and 0 <= n <= 2**31 for n in shape)):
            raise DamagedError(f"{what} has the shape {_short(shape)}: expected up to 8 sizes >= 0")
        blob = self._blobs.get(kind)
        size = math.prod(shape)
        if not _is_int(at) or at < 0 or blob is None or at + size > blob.size:
            length = 0 if blob is None else blob.size
            raise DamagedError(f"{what} points at values {_short(at)} to {_short(at)}+{size} of the {kind} "
                               f"pack, which has {length}")
        array = blob[at : at + size].copy().reshape(shape, order=order)
        array.setflags(write=False)
        return array


# -- values: JSON with tags ---------------------------------------------------------------------
def encode(value: Any, pack: ArrayPack) -> Any:
    """``value`` as JSON: arrays into ``pack``; non-finite floats, tuples and known objects tagged."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else {"$float": repr(number)}
    if isinstance(value, np.ndarray):
        return pack.put(value)
    if isinstance(value, list):
        return [encode(v, pack) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, pack) for v in value]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) and not k.startswith("$") for k in value):
            raise ValueError(f"a state with the keys {list(value)!r} cannot be stored: "
                             "keys are text not starting with $")
        return {k: encode(v, pack) for k, v in value.items()}
    name = type(value).__name__
    if OBJECTS.get(name) is type(value):
        return {"$object": name, "vars": encode(vars(value), pack)}
    raise ValueError(f"a {name} in a checkpoint cannot be stored: allowed are numbers, arrays and {', '.join(OBJECTS)}")


def decode(data: Any, pack: ArrayPack, what: str, depth: int = 0) -> Any:
    """The value :func:`encode` wrote; raises :class:`DamagedError` for anything else."""
    if depth > MAX_DEPTH:
        raise DamagedError(f"{what} is nested deeper than {MAX_DEPTH} levels")
    if data is None or isinstance(data, (bool, float)):
        return data
    if isinstance(data, int):
        if not -MAX_INT < data < MAX_INT:
            raise DamagedError(f"{what} holds the integer {_short(data)}: allowed are integers below 2**128 in size")
        return data
    if isinstance(data, str):
        if len(data) > 1000:
            raise DamagedError(f"{what} holds a text of {len(data)} characters: allowed are at most 1000")
        return data
    if isinstance(data, list):
        return [decode(v, pack, what, depth + 1) for v in data]
    if not isinstance(data, dict):
        raise DamagedError(f"{what} holds {_short(data)}, which is not a stored value")
    tags = [k for k in data if k in _TAGS]
    if not tags:
        return {k: decode(v, pack, what, depth + 1) for k, v in data.items()}
    tag = tags[0]
    if tag == "$array":
        return pack.get(data, what)
    if tag == "$float":
        text = data["$float"]
        if text not in ("inf", "-inf", "nan"):
            raise DamagedError(f"{what} holds the tagged float {_short(text)}: allowed are inf, -inf and nan")
        return float(text)
    if tag == "$tuple":
        items = data["$tuple"]
        if not isinstance(items, list):
            raise DamagedError(f"{what} holds a tuple that is not a list")
        return tuple(decode(v, pack, what, depth + 1) for v in items)
    cls = OBJECTS.get(data["$object"]) if isinstance(data["$object"], str) else None
    if cls is None:
        raise DamagedError(f"{what} holds an object of type {_short(data['$object'])}: "
                           f"allowed are {', '.join(OBJECTS)}")
    fields = decode(data.get("vars"), pack, what, depth + 1)
    if not isinstance(fields, dict):
        raise DamagedError(f"{what} holds a {cls.__name__} without its fields")
    obj = cls.__new__(cls)
    vars(obj).update(fields)
    return obj


# -- checkpoints ----------------------------------------------------------------------------------
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
    step = _int(data.get("step"), f"{what}'s step", 0, last)
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
    anchor = _int(data.get("anchor"), f"{what}'s anchor", 0, step)
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
    applied = _int(data.get("applied"), f"{what}'s applied event count", 0, MAX_EVENTS)
    pending = _events(data.get("pending"), f"{what}'s pending events", step, last)
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
        raise DamagedError(f"{what} is of type {_short(ref.get('$array'))}: expected {dtype}")
    array = pack.get(ref, what)
    if array.shape != tuple(shape):
        raise DamagedError(f"{what} has shape {array.shape}: expected {tuple(shape)}")
    return array


def events_from_json(data: Any, what: str, first: int, last: int) -> list[Stamped]:
    """A list of stamped events, each at a step from ``first`` to ``last``."""
    return _events(data, what, first, last)


def _events(data: Any, what: str, first: int, last: int) -> list[Stamped]:
    if not isinstance(data, list):
        raise DamagedError(f"{what} are not a list")
    if len(data) > MAX_EVENTS:
        raise DamagedError(f"{what} are {len(data):,}: allowed are at most {MAX_EVENTS:,}")
    events = []
    for i, item in enumerate(data):
        try:
            stamped = Stamped.from_json(item)
        except (TypeError, ValueError) as err:
            raise DamagedError(f"{what}, event {i}: {' '.join(str(err).split())}") from None
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
            or not all(_is_int(v) and 0 <= v < 2**128 for v in inner.values())
            or state.get("has_uint32") not in (0, 1) or not _is_int(extra) or not 0 <= extra < 2**32
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
            shown = _short(value) if type(value) is int else _kind(value)
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
        raise DamagedError(f"{what} holds {_kind(value)}: expected {_short(like)}")


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
        raise DamagedError(f"{what} is {_short(value)}: expected a spec text")
    try:
        canonical = parse(value).spec()
    except (TypeError, ValueError) as err:
        raise DamagedError(f"{what}: {' '.join(str(err).split())}") from None
    if canonical != value:
        raise DamagedError(f"{what} {value!r} is not written out in full (expected {canonical!r})")
    return value


def _float(value: Any, pack: ArrayPack, what: str) -> float:
    number = decode(value, pack, what)
    if not isinstance(number, float) or not math.isfinite(number) or number < 0:
        raise DamagedError(f"{what} is {_short(number)}: allowed is a finite number >= 0")
    return number


def _int(value: Any, what: str, low: int, high: int) -> int:
    if not _is_int(value) or not low <= value <= high:
        raise DamagedError(f"{what} is {_short(value)}: allowed is a whole number {low} <= n <= {high}")
    return value


def _status(value: Any, what: str) -> RunState:
    try:
        return RunState(value)
    except ValueError:
        allowed = ", ".join(s.value for s in RunState)
        raise DamagedError(f"{what} has the status {_short(value)}: allowed are {allowed}") from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: Any) -> str:
    return str(len(value)) if isinstance(value, list) else "no list of"


def _kind(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return "None" if value is None else f"a {type(value).__name__}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
