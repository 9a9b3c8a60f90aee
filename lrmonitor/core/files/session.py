"""The session file (``run.json``): configuration, event log and summary of a run.

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


def load_session(path: str | os.PathLike) -> Session:
    """Read a session file; every problem raises ``ValueError`` with one clear sentence."""
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"session file '{target}' does not exist") from None
    except IsADirectoryError:
        raise ValueError(f"session file '{target}' is a folder, not a file") from None
    except UnicodeDecodeError:
        raise ValueError(f"session file '{target}' is not a text file (not an lrmonitor session)") from None
    except OSError as err:
        raise ValueError(f"session file '{target}' cannot be read: {err.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(
            f"session file '{target}' is not valid JSON (truncated or damaged?): "
            f"{err.msg} at line {err.lineno}, column {err.colno}"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"'{target}' is not an lrmonitor session file (no \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"session file '{target}' has an invalid format version {version!r}")
    if version > VERSION:
        raise ValueError(
            f"session file '{target}' has format version {version}, written by a newer lrmonitor; "
            f"this version reads versions 1 to {VERSION}"
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
        raise ValueError(f"session file '{target}' is damaged: {err}") from None
    return Session(config, events, summary)
