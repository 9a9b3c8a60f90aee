"""The values of a checkpoint's state as JSON, their arrays packed end to end: written exactly, read strictly.

A checkpoint holds arrays (parameters, optimizer buffers, the shuffle order), floats, tuples and
the state objects a schedule keeps. :func:`encode` turns such a value into JSON and puts its
arrays into an :class:`ArrayPack`: one 1-D array per dtype that the container stores as a single
member, so a file with hundreds of checkpoints has two array members for them, not thousands. An
array reference says where its values are, its shape and its memory order (a Fortran-ordered
parameter comes back Fortran-ordered: the same layout gives the same numbers from BLAS). Floats
are JSON numbers (shortest round-trip text, so exact); ``inf``/``nan`` (e.g. a plateau detector's
best value before its first epoch) are tagged, as are tuples and state objects (only classes
named in :data:`OBJECTS` are read back: nothing in a file chooses what code runs).

:func:`decode` reads back only what :func:`encode` writes, within bounds (nesting depth, integer
size, text length, references inside the pack); everything else is a :class:`DamagedError`.
Whether the value has the structure a checkpoint needs is :mod:`.checkpoints`' to check.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..training.schedules import PlateauDetector
from .checks import is_int, short
from .container import DTYPES, DamagedError, dtype_name

OBJECTS: dict[str, type] = {"PlateauDetector": PlateauDetector}  # state objects a file may hold
MAX_DEPTH = 12
MAX_INT = 2**128  # the largest integers are the shuffle generator's 128-bit state
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
            raise DamagedError(f"{what} has the array type {short(kind)}: allowed are {', '.join(DTYPES)}")
        if order not in ("C", "F"):
            raise DamagedError(f"{what} has the memory order {short(order)}: allowed are C and F")
        if (not isinstance(shape, list) or len(shape) > 8
                or not all(is_int(n) and 0 <= n <= 2**31 for n in shape)):
            raise DamagedError(f"{what} has the shape {short(shape)}: expected up to 8 sizes >= 0")
        blob = self._blobs.get(kind)
        size = math.prod(shape)
        if not is_int(at) or at < 0 or blob is None or at + size > blob.size:
            length = 0 if blob is None else blob.size
            raise DamagedError(f"{what} points at values {short(at)} to {short(at)}+{size} of the {kind} "
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
            raise DamagedError(f"{what} holds the integer {short(data)}: allowed are integers below 2**128 in size")
        return data
    if isinstance(data, str):
        if len(data) > 1000:
            raise DamagedError(f"{what} holds a text of {len(data)} characters: allowed are at most 1000")
        return data
    if isinstance(data, list):
        return [decode(v, pack, what, depth + 1) for v in data]
    if not isinstance(data, dict):
        raise DamagedError(f"{what} holds {short(data)}, which is not a stored value")
    tags = [k for k in data if k in _TAGS]
    if not tags:
        return {k: decode(v, pack, what, depth + 1) for k, v in data.items()}
    tag = tags[0]
    if tag == "$array":
        return pack.get(data, what)
    if tag == "$float":
        text = data["$float"]
        if text not in ("inf", "-inf", "nan"):
            raise DamagedError(f"{what} holds the tagged float {short(text)}: allowed are inf, -inf and nan")
        return float(text)
    if tag == "$tuple":
        items = data["$tuple"]
        if not isinstance(items, list):
            raise DamagedError(f"{what} holds a tuple that is not a list")
        return tuple(decode(v, pack, what, depth + 1) for v in items)
    cls = OBJECTS.get(data["$object"]) if isinstance(data["$object"], str) else None
    if cls is None:
        raise DamagedError(f"{what} holds an object of type {short(data['$object'])}: "
                           f"allowed are {', '.join(OBJECTS)}")
    fields = decode(data.get("vars"), pack, what, depth + 1)
    if not isinstance(fields, dict):
        raise DamagedError(f"{what} holds a {cls.__name__} without its fields")
    obj = cls.__new__(cls)
    vars(obj).update(fields)
    return obj
