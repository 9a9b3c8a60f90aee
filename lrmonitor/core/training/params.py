"""Typed, range-checked parameters and the ``name:key=value,...`` spec syntax.

Optimizers, schedules and the run setup describe their values with :class:`Param`, so that one
description drives parsing, validation, error messages, ``--help``, the command line's argument
types and the window's input fields: they cannot disagree about a range. Every error names the
offending value and the allowed range.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..texts import QT_TRANSLATE_NOOP, WordedError, Words

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

# the messages' words (see lrmonitor.core.texts.Words): the window shows them in its language
INVALID = QT_TRANSLATE_NOOP("core", "{subject} is not valid: {expected}")
OUT_OF_RANGE = QT_TRANSLATE_NOOP("core", "{subject} is out of range: allowed is {range}")
LABELLED = QT_TRANSLATE_NOOP("core", "{label} {value}")
LABELLED_IN = QT_TRANSLATE_NOOP("core", "{label} {value} in {owner}")
KEYED = "{key}={value}"
KEYED_IN = QT_TRANSLATE_NOOP("core", "{key}={value} in {owner}")
OWNER = QT_TRANSLATE_NOOP("core", "{kind} '{name}'")
EXPECT_BOOL = QT_TRANSLATE_NOOP("core", "expected true or false")
EXPECT_CHOICE = QT_TRANSLATE_NOOP("core", "expected one of {choices}")
EXPECT_INTS = QT_TRANSLATE_NOOP("core", "expected whole numbers separated by /, like {example}; {range}")
EXPECT_PAIR = QT_TRANSLATE_NOOP("core", "expected two numbers like ({example}); {range}")
EXPECT_INT = QT_TRANSLATE_NOOP("core", "expected a whole number; {range}")
EXPECT_NUMBER = QT_TRANSLATE_NOOP("core", "expected a number; {range}")
EMPTY_SPEC = QT_TRANSLATE_NOOP("core", "empty spec: expected name[:key=value,...]")
NO_NAME = QT_TRANSLATE_NOOP("core", "spec {spec} has no name: expected name[:key=value,...]")
MALFORMED_ITEM = QT_TRANSLATE_NOOP("core", "{item} in spec {spec} is malformed: expected key=value")
GIVEN_TWICE = QT_TRANSLATE_NOOP("core", "{key} is given twice in spec {spec}")
UNKNOWN_PARAMETER = QT_TRANSLATE_NOOP("core", "unknown parameter {key} for {owner}: allowed are {allowed}")
NO_PARAMETERS = QT_TRANSLATE_NOOP("core", "no parameters")
UNKNOWN_ENTRY = QT_TRANSLATE_NOOP("core", "unknown {kind} {name}: allowed are {allowed}")
RANGE_BOOL = QT_TRANSLATE_NOOP("core", "{term} is true or false")
RANGE_CHOICE = QT_TRANSLATE_NOOP("core", "{term} is one of {choices}")
RANGE_EACH = QT_TRANSLATE_NOOP("core", "each of {term}")
RANGE_FINITE = QT_TRANSLATE_NOOP("core", "a finite {term} {bound}")
RANGE_ANY = QT_TRANSLATE_NOOP("core", "{term} is any number")
RANGE_WHOLE = QT_TRANSLATE_NOOP("core", "{formula} (a whole number)")
RANGE_INTS = QT_TRANSLATE_NOOP("core", "{formula} (whole numbers, increasing, separated by /)")
# what a registry's entries are, as its messages name them
KINDS = {"schedule": QT_TRANSLATE_NOOP("core", "schedule"), "optimizer": QT_TRANSLATE_NOOP("core", "optimizer"),
         "problem": QT_TRANSLATE_NOOP("core", "problem")}


def owner_words(kind: str, name: str) -> Words:
    """``schedule 'step'``: what a hyperparameter belongs to, as its messages name it."""
    return Words(OWNER, kind=Words(KINDS[kind]) if kind in KINDS else kind, name=name)


@dataclass(frozen=True)
class Param:
    """One value: its type, default, allowed range and a sentence of help.

    ``kind`` is ``float``, ``int``, ``bool``, ``"pair"`` (two floats, e.g. Adam's betas),
    ``"ints"`` (increasing whole numbers written ``30/60/90``, e.g. milestones; ``/`` because
    ``,`` separates the values of a spec) or ``"choice"`` (one of ``choices``). Bounds apply to
    numbers and to each element of a pair or of ints;
    ``low_open``/``high_open`` make a bound exclusive. Bounds of an ``int`` value are ints, so a
    bound such as ``2**63 - 1`` is exact.

    A hyperparameter is written ``key=value`` inside a spec, so its messages say
    ``factor=2 in schedule 'step'``. A setup value (``label`` set) has a flag or field of its own,
    so its messages name it in words: ``batch size 0 is out of range: allowed is 1 <= batch size
    <= 1000``. ``default_note`` says what the default is when it depends on other values
    (``default`` is then None), e.g. "the problem's own". ``omit_default`` marks a parameter added
    after files were saved whose default is the old behaviour: a full spec writes it only when it
    differs, so the specs in those files stay canonical (a checkpoint checks that).
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
    label: str = ""
    default_note: str = ""
    omit_default: bool = False

    def range_text(self) -> str:
        """The allowed range as a reader would write it, e.g. ``0 < factor <= 1``."""
        return self.range_words().text()

    def range_words(self, whole_note: bool = True) -> Words:
        """:meth:`range_text` as words: the formula stays as written (a parameter's name is what is
        typed), the words around it are translated in the window. ``whole_note``: with the int's
        "(a whole number)" (a message that says "expected a whole number" leaves it out)."""
        term = self.name.replace("_", " ") if self.label else self.name
        if self.kind is bool:
            return Words(RANGE_BOOL, term=term)
        if self.kind == "choice":
            return Words(RANGE_CHOICE, term=term, choices=", ".join(self.choices))
        if self.kind in ("pair", "ints"):
            term = Words(RANGE_EACH, term=term)
        if self.label and self.kind is float and self.low is not None and self.high is None:
            # "a finite lr > 0" rather than "0 < lr": it also says why inf is refused
            return Words(RANGE_FINITE, term=term, bound=f"{'>' if self.low_open else '>='} {format_value(self.low)}")
        low = "" if self.low is None else f"{format_value(self.low)} {'<' if self.low_open else '<='} "
        high = "" if self.high is None else f" {'<' if self.high_open else '<='} {format_value(self.high)}"
        if not low and not high:
            return Words(RANGE_ANY, term=term)
        formula = Words("{low}{term}{high}", low=low, term=term, high=high)
        if self.kind is int and whole_note:
            return Words(RANGE_WHOLE, formula=formula)
        if self.kind == "ints":
            return Words(RANGE_INTS, formula=formula)
        return formula

    def default_text(self) -> str:
        if self.default is None and self.default_note:
            return self.default_note
        return self.format(self.default)

    def format(self, value: Any) -> str:
        """The value as spec text that :meth:`parse` reads back (``30/60/90`` for ints)."""
        if self.kind == "ints":
            return "/".join(str(v) for v in value)
        return format_value(value)

    def parse(self, text: str, owner: str = "") -> Any:
        """Convert the text of a spec value (or of a command-line argument) and check its range."""
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
            if self.kind == "ints":
                value = tuple(int(item) for item in raw.split("/"))
            elif self.kind == "pair":
                inner = raw
                if inner[:1] in "([" and inner[-1:] in ")]":
                    inner = inner[1:-1]
                items = inner.replace(";", ",").split(",")
                if len(items) != 2:
                    raise ValueError
                value = (float(items[0]), float(items[1]))
            elif self.kind is int:
                value = int(raw)
            else:
                value = float(raw)
        except ValueError:
            raise WordedError(INVALID, subject=self._subject(repr(raw), owner), expected=self._expected()) from None
        return self._checked(value, owner, raw if self.label else None)

    def check(self, value: Any, owner: str = "") -> Any:
        """Validate an already-typed value (from the Python API or a session file)."""
        return self._checked(value, owner, None)

    def _checked(self, value: Any, owner: str, typed: str | None) -> Any:
        """``typed``: the text the value was parsed from, shown in a range error if given."""
        if self.kind is bool:
            if not isinstance(value, (bool, int)) or value not in (0, 1):
                raise self._invalid(value, owner)
            return bool(value)
        if self.kind == "choice":
            if value not in self.choices:
                raise self._invalid(value, owner)
            return value
        if self.kind == "ints":
            return self._checked_ints(value, owner)
        if self.kind == "pair":
            try:
                items = tuple(float(v) for v in value)
            except (TypeError, ValueError, OverflowError):
                items = ()
            if len(items) != 2:
                raise self._invalid(value, owner)
            for v in items:
                self._check_number(v, value, owner, typed)
            return items
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self._invalid(value, owner)
        if self.kind is int:
            if isinstance(value, float) and not value.is_integer():  # also nan and inf
                raise self._invalid(value, owner)
            value = int(value)
        else:
            try:
                value = float(value)
            except OverflowError:  # an int beyond every float, e.g. 10**400 from a damaged file
                raise self._out_of_range(value, owner, typed) from None
        self._check_number(value, value, owner, typed)
        return value

    def _checked_ints(self, value: Any, owner: str) -> tuple[int, ...]:
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise self._invalid(value, owner)
        items = tuple(value)
        if not items or any(isinstance(v, bool) or not isinstance(v, int) for v in items):
            raise self._invalid(value, owner)
        shown = "/".join(str(v) for v in items)
        for v in items:
            self._check_number(v, shown, owner, shown)
        if any(b <= a for a, b in zip(items, items[1:])):
            raise self._out_of_range(shown, owner, shown)
        return items

    def _check_number(self, v: float, shown: Any, owner: str, typed: str | None) -> None:
        ok = isinstance(v, int) or math.isfinite(v)
        if ok and self.low is not None:
            ok = v > self.low if self.low_open else v >= self.low
        if ok and self.high is not None:
            ok = v < self.high if self.high_open else v <= self.high
        if not ok:
            raise self._out_of_range(shown, owner, typed)

    def _subject(self, shown: str, owner: str | Words) -> Words:
        """How a message names the value: ``factor=2 in schedule 'step'`` or ``batch size 0``
        (``owner``: ``schedule 'step'``, see :func:`owner_words`)."""
        if len(shown) > 40:  # e.g. a 400-digit number from a damaged file
            shown = f"{shown[:20]}... ({len(shown)} characters)"
        if self.label:
            label = Words(self.label)  # marked where the parameter is made (the setup's labels)
            return Words(LABELLED_IN, label=label, value=shown, owner=owner) if owner else Words(
                LABELLED, label=label, value=shown)
        return Words(KEYED_IN, key=self.name, value=shown, owner=owner) if owner else Words(
            KEYED, key=self.name, value=shown)

    def _invalid(self, value: Any, owner: str | Words) -> ValueError:
        return WordedError(INVALID, subject=self._subject(repr(value), owner), expected=self._expected())

    def _out_of_range(self, value: Any, owner: str | Words, typed: str | None) -> ValueError:
        shown = typed if typed is not None else repr(value) if self.label else format_value(value)
        return WordedError(OUT_OF_RANGE, subject=self._subject(shown, owner), range=self.range_words())

    def _expected(self) -> Words:
        if self.kind is bool:
            return Words(EXPECT_BOOL)
        if self.kind == "choice":
            return Words(EXPECT_CHOICE, choices=", ".join(self.choices))
        if self.kind == "ints":
            return Words(EXPECT_INTS, example=self.format(self.default), range=self.range_words())
        if self.kind == "pair":
            return Words(EXPECT_PAIR, example=format_value(self.default)[1:-1], range=self.range_words())
        if self.kind is int:
            return Words(EXPECT_INT, range=self.range_words(whole_note=False))
        return Words(EXPECT_NUMBER, range=self.range_words())


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
        raise WordedError(EMPTY_SPEC)
    name, _, rest = text.partition(":")
    name = name.strip().lower()
    if not name:
        raise WordedError(NO_NAME, spec=repr(spec))
    values: dict[str, str] = {}
    for item in _split_top_level(rest):
        if not item.strip():
            continue
        key, eq, value = item.partition("=")
        key = key.strip().lower()
        if not eq or not key or not value.strip():
            raise WordedError(MALFORMED_ITEM, item=repr(item.strip()), spec=repr(spec))
        if key in values:
            raise WordedError(GIVEN_TWICE, key=key, spec=repr(spec))
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
    params: Sequence[Param], given: Mapping[str, Any], owner: str | Words, *, from_text: bool
) -> dict[str, Any]:
    """Fill defaults, reject unknown keys and check every value against its :class:`Param`."""
    by_name = {p.name: p for p in params}
    unknown = [k for k in given if k not in by_name]
    if unknown:
        allowed = ", ".join(by_name) if by_name else Words(NO_PARAMETERS)
        raise WordedError(UNKNOWN_PARAMETER, key=repr(unknown[0]), owner=owner, allowed=allowed)
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
        f"{p.name}={p.format(values[p.name])}"
        for p in params
        if p.name in values and ((full and not p.omit_default) or values[p.name] != p.default)
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
        raise WordedError(UNKNOWN_ENTRY, kind=Words(KINDS[kind]) if kind in KINDS else kind, name=repr(name),
                          allowed=", ".join(registry))
    return registry[key]


def build_from_spec(spec: str, registry: Mapping[str, Any], kind: str) -> Any:
    """An instance from spec text ``name:key=value,...``, every value parsed and range-checked."""
    name, raw = split_spec(spec)
    cls = lookup(registry, name, kind)
    values = resolve(cls.PARAMS, raw, owner_words(kind, name), from_text=True)
    return cls(**{k: values[k] for k in raw})


def registry_help(registry: Mapping[str, Any]) -> str:
    """``--help`` text: every entry with its summary, parameters, defaults and ranges."""
    return "\n".join(f"  {name}: {cls.summary}\n{describe_params(cls.PARAMS)}" for name, cls in registry.items())
