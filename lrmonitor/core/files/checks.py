"""The small checks and message pieces shared by the readers of a version-2 file.

Both the manifest reader (:mod:`.lrmon_reading`) and the checkpoint reader (:mod:`.checkpoints`)
check whole numbers the same way and quote what they found the same way, so a damaged file is
described in the same words whichever part of it is wrong. (:mod:`.container` keeps its own
copies: it defines :class:`DamagedError`, which these checks raise.)
"""

from __future__ import annotations

from typing import Any

from .container import DamagedError


def whole_number(value: Any, what: str, low: int, high: int) -> int:
    """``value`` if it is an int (not a bool) from ``low`` to ``high``; else a :class:`DamagedError`."""
    if not is_int(value) or not low <= value <= high:
        raise DamagedError(f"{what} is {short(value)}: allowed is a whole number {low} <= n <= {high}")
    return value


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def short(value: Any) -> str:
    """``repr(value)``, cut to 60 characters (a damaged file may hold a huge value)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def one_line(err: BaseException) -> str:
    """The message of ``err`` on one line, at most 300 characters (it may quote a huge value)."""
    text = " ".join(str(err).split())
    return text if len(text) <= 300 else text[:300] + "…"
