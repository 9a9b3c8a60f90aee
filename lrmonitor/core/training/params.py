"""Typed, range-checked parameters and the ``name:key=value,...`` spec syntax.

Optimizers and schedules describe their hyperparameters with :class:`Param`, so that one
description drives parsing, validation, error messages, ``--help`` and (later) the GUI's
input fields. Every error names the offending value and the allowed range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Param:
    """One hyperparameter: its type, default, allowed range and a sentence of help.

    ``kind`` is ``float``, ``int``, ``bool``, ``"pair"`` (two floats, e.g. Adam's betas)
    or ``"choice"`` (one of ``choices``). Bounds apply to numbers and to each pair element;
    ``low_open``/``high_open`` make a bound exclusive.
    """

    name: str
    kind: Any
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] = ()

    def range_text(self) -> str:
        """The allowed range as a reader would write it, e.g. ``0 < factor <= 1``."""
        if self.kind is bool:
            return f"{self.name} is true or false"
        if self.kind == "choice":
            return f"{self.name} is one of " + ", ".join(self.choices)
        name = self.name if self.kind != "pair" else f"each of {self.name}"
        parts = []
        if self.low is not None:
            parts.append(f"{_num(self.low)} {'<' if self.low_open else '<='}")
        parts.append(name)
        if self.high is not None:
            parts.append(f"{'<' if self.high_open else '<='} {_num(self.high)}")
        if len(parts) == 1:
            return f"{name} is any number"
        text = " ".join(parts)
        if self.kind is int:
            text += " (a whole number)"
        return text

    def default_text(self) -> str:
        return format_value(self.default)

    def parse(self, text: str, owner: str = "") -> Any:
        """Convert the text of a spec value and check its range."""
        where = f" in {owner}" if owner else ""
        raw = text.strip()
        try:
            if self.kind is bool:
                low = raw.lower()
                if low in _TRUE:
                    return True
                if low in _FALSE:
                    return False
                raise ValueError
            if self.kind == "choice":
                if raw in self.choices:
                    return raw
                raise ValueError
            if self.kind == "pair":
                inner = raw
                if inner[:1] in "([" and inner[-1:] in ")]":
                    inner = inner[1:-1]
                items = [s for s in inner.replace(";", ",").split(",")]
                if len(items) != 2:
                    raise ValueError
                value = (float(items[0]), float(items[1]))
            elif self.kind is int:
                value = int(raw)
            else:
                value = float(raw)
        except ValueError:
            raise ValueError(
                f"{self.name}={raw!r}{where} is not valid: {self._expected()}"
            ) from None
        return self.check(value, owner)

    def check(self, value: Any, owner: str = "") -> Any:
        """Validate an already-typed value (from the Python API or a session file)."""
        where = f" in {owner}" if owner else ""
        if self.kind is bool:
            if not isinstance(value, (bool, int)) or value not in (0, 1):
                raise ValueError(f"{self.name}={value!r}{where} is not valid: {self._expected()}")
            return bool(value)
        if self.kind == "choice":
            if value not in self.choices:
                raise ValueError(f"{self.name}={value!r}{where} is not valid: {self._expected()}")
            return value
        if self.kind == "pair":
            try:
                items = tuple(float(v) for v in value)
            except (TypeError, ValueError):
                items = ()
            if len(items) != 2:
                raise ValueError(f"{self.name}={value!r}{where} is not valid: {self._expected()}")
            for v in items:
                self._check_number(v, value, where)
            return items
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
                raise ValueError(f"{self.name}={value!r}{where} is not valid: {self._expected()}")
            value = int(value)
        else:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{self.name}={value!r}{where} is not valid: {self._expected()}")
            value = float(value)
        self._check_number(value, value, where)
        return value

    def _check_number(self, v: float, shown: Any, where: str) -> None:
        ok = math.isfinite(v)
        if ok and self.low is not None:
            ok = v > self.low if self.low_open else v >= self.low
        if ok and self.high is not None:
            ok = v < self.high if self.high_open else v <= self.high
        if not ok:
            raise ValueError(
                f"{self.name}={format_value(shown)}{where} is out of range: "
                f"allowed is {self.range_text()}"
            )

    def _expected(self) -> str:
        if self.kind is bool:
            return "expected true or false"
        if self.kind == "choice":
            return "expected one of " + ", ".join(self.choices)
        if self.kind == "pair":
            return f"expected two numbers like ({format_value(self.default)[1:-1]}); {self.range_text()}"
        if self.kind is int:
            return f"expected a whole number; {self.range_text()}"
        return f"expected a number; {self.range_text()}"


def _num(x: float) -> str:
    return format_value(x)


def format_value(value: Any) -> str:
    """Shortest text that reads back to the same value (floats round-trip exactly)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, tuple):
        return "(" + ",".join(format_value(v) for v in value) + ")"
    return str(value)


def split_spec(spec: str) -> tuple[str, dict[str, str]]:
    """Split ``name:key=value,key=value`` into the name and raw value texts.

    Commas inside parentheses or brackets do not split, so ``betas=(0.9,0.999)`` works.
    """
    text = spec.strip()
    if not text:
        raise ValueError("empty spec: expected name[:key=value,...]")
    name, _, rest = text.partition(":")
    name = name.strip().lower()
    if not name:
        raise ValueError(f"spec {spec!r} has no name: expected name[:key=value,...]")
    values: dict[str, str] = {}
    for item in _split_top_level(rest):
        if not item.strip():
            continue
        key, eq, value = item.partition("=")
        key = key.strip().lower()
        if not eq or not key or not value.strip():
            raise ValueError(
                f"{item.strip()!r} in spec {spec!r} is malformed: expected key=value"
            )
        if key in values:
            raise ValueError(f"{key} is given twice in spec {spec!r}")
        values[key] = value.strip()
    return name, values


def _split_top_level(text: str) -> list[str]:
    items, depth, current = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return items


def resolve(
    params: Sequence[Param], given: Mapping[str, Any], owner: str, *, from_text: bool
) -> dict[str, Any]:
    """Fill defaults, reject unknown keys and check every value against its :class:`Param`."""
    by_name = {p.name: p for p in params}
    unknown = [k for k in given if k not in by_name]
    if unknown:
        allowed = ", ".join(by_name) if by_name else "no parameters"
        raise ValueError(f"unknown parameter {unknown[0]!r} for {owner}: allowed are {allowed}")
    out = {}
    for p in params:
        if p.name in given:
            raw = given[p.name]
            out[p.name] = p.parse(raw, owner) if from_text else p.check(raw, owner)
        else:
            out[p.name] = p.default
    return out


def format_spec(name: str, values: Mapping[str, Any], params: Sequence[Param], full: bool = True) -> str:
    """Canonical spec text. ``full`` lists every value (what files store, so a later change
    of a default cannot change a saved run); otherwise only values that differ from defaults."""
    parts = [
        f"{p.name}={format_value(values[p.name])}"
        for p in params
        if p.name in values and (full or values[p.name] != p.default)
    ]
    return name + (":" + ",".join(parts) if parts else "")


def describe_params(params: Sequence[Param], indent: str = "      ") -> str:
    """Lines for ``--help``: each parameter with its default, range and meaning."""
    lines = []
    for p in params:
        lines.append(f"{indent}{p.name}={p.default_text()}  ({p.range_text()}) {p.help}")
    return "\n".join(lines)


def lookup(registry: Mapping[str, Any], name: str, kind: str) -> Any:
    """The class registered under ``name`` (any case); the error lists what is allowed."""
    key = name.strip().lower()
    if key not in registry:
        raise ValueError(f"unknown {kind} {name!r}: allowed are {', '.join(registry)}")
    return registry[key]


def build_from_spec(spec: str, registry: Mapping[str, Any], kind: str) -> Any:
    """An instance from spec text ``name:key=value,...``, every value parsed and range-checked."""
    name, raw = split_spec(spec)
    cls = lookup(registry, name, kind)
    values = resolve(cls.PARAMS, raw, f"{kind} '{name}'", from_text=True)
    return cls(**{k: values[k] for k in raw})


def registry_help(registry: Mapping[str, Any]) -> str:
    """``--help`` text: every entry with its summary, parameters, defaults and ranges."""
    return "\n".join(f"  {name}: {cls.summary}\n{describe_params(cls.PARAMS)}" for name, cls in registry.items())
