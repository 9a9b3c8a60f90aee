"""JSON text from a file, parsed within bounds: every problem is one plain sentence.

Python's parser recurses once per nested list or object (``"[" * 100000`` exhausts the stack) and
refuses integers of more than 4,300 digits with a message about ``sys.set_int_max_str_digits``.
:func:`parse` measures the nesting first, with a cheap scan of the brackets outside strings, and
refuses anything deeper than :data:`MAX_DEPTH` before parsing; integers longer than
:data:`MAX_DIGITS` digits and the non-JSON constants ``NaN`` and ``Infinity`` are refused while
parsing. The messages name no file: the caller does.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

MAX_DEPTH = 100  # a session file nests 10 deep at most
MAX_DIGITS = 4000  # below Python's own limit (4,300), whose message is about Python, not the file
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_CHUNK = 1 << 20
_OPEN = np.zeros(256, np.int8)
_OPEN[[ord("["), ord("{")]] = 1
_OPEN[[ord("]"), ord("}")]] = -1


class JsonError(ValueError):
    """The text is not JSON lrmonitor reads; the message is a plain sentence without the file's name.
    ``syntax``: False when the text is JSON but holds something out of bounds (nesting, a number)."""

    def __init__(self, message: str, syntax: bool = True) -> None:
        super().__init__(message)
        self.syntax = syntax


def nesting_depth(raw: bytes) -> int:
    """How deep lists and objects nest in the JSON text ``raw`` (brackets inside strings do not count)."""
    text = _STRING.sub(b'""', raw)
    depth = deepest = 0
    for start in range(0, len(text), _CHUNK):
        steps = _OPEN[np.frombuffer(text, np.uint8, count=min(_CHUNK, len(text) - start), offset=start)]
        levels = np.cumsum(steps, dtype=np.int64) + depth
        if len(levels):
            deepest = max(deepest, int(levels.max()))
            depth = int(levels[-1])
    return deepest


def parse(raw: bytes) -> Any:
    """The value of the UTF-8 JSON text ``raw`` (a leading byte-order mark is allowed); ``JsonError``
    with one sentence if it is not text, not JSON, nested too deep or holds a number out of bounds."""
    if raw.startswith(b"\xef\xbb\xbf"):  # written by an editor that marks UTF-8 files
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise JsonError(f"it is not UTF-8 text (byte {err.start:,} is not)") from None
    depth = nesting_depth(raw)
    if depth > MAX_DEPTH:
        raise JsonError(f"its lists and objects nest {depth:,} deep: allowed are at most {MAX_DEPTH}", syntax=False)
    try:
        return json.loads(text, parse_int=_whole_number, parse_constant=_constant)
    except json.JSONDecodeError as err:
        raise JsonError(f"{_PLAIN.get(err.msg, err.msg)} at line {err.lineno}, column {err.colno}") from None
    except RecursionError:
        raise JsonError(f"its lists and objects nest too deep: allowed are at most {MAX_DEPTH}", syntax=False) from None


def _whole_number(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise JsonError(f"it holds a whole number of {digits:,} digits: allowed are at most {MAX_DIGITS:,}",
                        syntax=False)
    return int(text)


def _constant(name: str) -> float:
    raise JsonError(f"{name} is not a JSON number")


_PLAIN = {  # json's messages that are not plain sentences
    "Expecting value": "a value is missing",
    "Expecting property name enclosed in double quotes": "a name in double quotes is missing",
    "Expecting ':' delimiter": "a ':' is missing",
    "Expecting ',' delimiter": "a ',' is missing",
    "Unterminated string starting at": "a text is not closed",
    "Invalid control character at": "a text holds a control character",
    "Invalid \\escape": "a text holds an invalid escape",
    "Extra data": "more follows the end of the data",
}
