"""The session file of format version 1 (``run.json``): configuration, event log and summary of a run.

Opening one replays the run. Version 2 (``.lrmon``, :mod:`.lrmon`) holds a tree of runs with the
numbers they recorded; :func:`lrmonitor.core.files.lrmon.load_any` reads both versions.

The file is versioned. A reader accepts every version up to :data:`VERSION` and ignores keys
it does not know, so files written today stay readable; a file from a newer lrmonitor is
refused with a message saying so rather than misread.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..run.config import RunConfig
from ..run.events import Stamped
from .atomic import write_text_atomic
from .reading import read_regular

FORMAT = "lrmonitor-session"
VERSION = 1


@dataclass
class Session:
    config: RunConfig
    events: list[Stamped] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def steps(self) -> int | None:
        """How many updates the recorded run made (None if unknown: replay to the end)."""
        steps = self.summary.get("steps")
        return steps if isinstance(steps, int) and not isinstance(steps, bool) and steps >= 0 else None

    def to_json(self) -> dict[str, Any]:
        from ... import __version__

        return {
            "format": FORMAT,
            "version": VERSION,
            "written_by": f"lrmonitor {__version__}",
            "config": self.config.to_json(),
            "events": [e.to_json() for e in self.events],
            "summary": self.summary,
        }


def save_session(path: str | os.PathLike, session: Session) -> None:
    write_text_atomic(path, json.dumps(session.to_json(), indent=2, allow_nan=False) + "\n")


MAX_BYTES = 64 << 20  # a version-1 file is a configuration and an event log: a few KB, rarely more
ZIP_MAGIC = b"PK\x03\x04"  # how a version-2 file (.lrmon, a zip archive) starts


def load_session(path: str | os.PathLike) -> Session:
    """Read a version-1 session file; every problem raises ``ValueError`` with one clear sentence.

    Only regular files of at most :data:`MAX_BYTES` are read (a FIFO, a device or a folder is
    refused before reading). A version-2 file (``.lrmon``) is refused with a sentence saying so:
    ``lrmonitor.core.files.lrmon.load_any`` reads both versions.
    """
    target = Path(path)
    raw = read_regular(target, MAX_BYTES)
    if raw.startswith(ZIP_MAGIC):
        raise ValueError(
            f"session file '{target}' is a version 2 session (.lrmon), which this reader does not open: "
            "it reads version 1 (.json) only"
        )
    return session_from_bytes(raw, target, newest=VERSION)


def session_from_bytes(raw: bytes, target: Path, newest: int) -> Session:
    """Parse the bytes of a version-1 file; ``newest`` is the newest version the caller reads (for
    the message refusing a file from a newer lrmonitor)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"session file '{target}' is not a text file (not an lrmonitor session)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(
            f"session file '{target}' is not valid JSON (truncated or damaged?): "
            f"{err.msg} at line {err.lineno}, column {err.colno}"
        ) from None
    except (ValueError, RecursionError) as err:  # e.g. an integer of more than 4300 digits, or deep nesting
        raise ValueError(f"session file '{target}' is not valid JSON (damaged?): {_one_line(err)}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"'{target}' is not an lrmonitor session file (no \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"session file '{target}' has an invalid format version {version!r}")
    if version > newest:
        raise ValueError(
            f"session file '{target}' has format version {version}, written by a newer lrmonitor; "
            f"this version reads versions 1 to {newest}"
        )
    if version > VERSION:
        raise ValueError(
            f"session file '{target}' says format version {version} but is JSON: a version {version} "
            "session is a .lrmon archive (damaged or not written by lrmonitor?)"
        )
    try:
        config = RunConfig.from_json(data.get("config"))
        events_data = data.get("events", [])
        if not isinstance(events_data, list):
            raise ValueError("the event list is not a list")
        events = [Stamped.from_json(e) for e in events_data]
        summary = data.get("summary", {})
        if not isinstance(summary, dict):
            raise ValueError("the summary is not an object")
    except (TypeError, ValueError, AttributeError, OverflowError, KeyError) as err:
        raise ValueError(f"session file '{target}' is damaged: {_one_line(err)}") from None
    return Session(config, events, summary)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())
