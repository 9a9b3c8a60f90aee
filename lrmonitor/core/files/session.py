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
from ..texts import QT_TRANSLATE_NOOP, WordedError
from . import jsontext
from .atomic import write_text_atomic
from .checkpoints import events_from_json, max_steps
from .checks import one_line, short, whole_number
from .container import DamagedError
from .reading import file_words, read_regular

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


# the sentences a student may meet opening a file (see lrmonitor.core.texts.Words)
NOT_TEXT = QT_TRANSLATE_NOOP("core", "{file} is not a text file (not an lrmonitor session)")
NOT_JSON = QT_TRANSLATE_NOOP("core", "{file} is not valid JSON (truncated or damaged?): {detail}")
NOT_SESSION = QT_TRANSLATE_NOOP("core", "'{path}' is not an lrmonitor session file (no {marker})")
NEWER = QT_TRANSLATE_NOOP("core", "{file} has format version {version}, written by a newer lrmonitor; "
                                  "this version reads versions 1 to {newest}")
DAMAGED_TEXT = QT_TRANSLATE_NOOP("core", "{file} is damaged: {detail}")

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


MAX_REPLAY_STEPS = 134_000_000  # what a version-2 file can hold of one run (1 GiB per column of float64)


def session_from_bytes(raw: bytes, target: Path, newest: int) -> Session:
    """Parse the bytes of a version-1 file; ``newest`` is the newest version the caller reads (for
    the message refusing a file from a newer lrmonitor).

    Everything in it is checked, and a damaged file is refused, never opened in part: the window and
    the command line read files here, so they agree on every file. ``summary.steps``, if present,
    is a whole number within the run (at most :data:`MAX_REPLAY_STEPS`); an 'until stopped' run
    needs it; every event is at a step within the run."""
    if raw[:3] != b"\xef\xbb\xbf" and b"\0" in raw[:1024]:
        raise WordedError(NOT_TEXT, file=file_words(target))
    try:
        data = jsontext.parse(raw)
    except jsontext.JsonError as err:
        if str(err).startswith("it is not UTF-8"):
            raise WordedError(NOT_TEXT, file=file_words(target)) from None
        if not err.syntax:
            raise WordedError(DAMAGED_TEXT, file=file_words(target), detail=str(err)) from None
        raise WordedError(NOT_JSON, file=file_words(target), detail=str(err)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WordedError(NOT_SESSION, path=str(target), marker=f'"format": "{FORMAT}"')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"session file '{target}' has an invalid format version {short(version)}")
    if version > newest:
        raise WordedError(NEWER, file=file_words(target), version=version, newest=newest)
    if version > VERSION:
        raise ValueError(
            f"session file '{target}' says format version {version} but is JSON: a version {version} "
            "session is a .lrmon archive (damaged or not written by lrmonitor?)"
        )
    try:
        config = config_from_json(data.get("config"))
        summary = data.get("summary", {})
        if not isinstance(summary, dict):
            raise DamagedError("the summary is not an object")
        total = None if config.epochs is None else config.epochs * config.steps_per_epoch
        steps = summary.get("steps")
        if steps is not None:
            high = min(max_steps(config), MAX_REPLAY_STEPS)
            steps = whole_number(steps, "summary.steps", 0, high)
        elif total is None:
            raise ValueError(
                f"session file '{target}' is an 'until stopped' run without summary.steps: "
                "there is no way to know where it ended"
            )
        if total is not None and total > MAX_REPLAY_STEPS and steps is None:
            raise DamagedError(f"the run would take {total:,} steps and has no summary.steps: allowed are at most "
                               f"{MAX_REPLAY_STEPS:,}")
        last = steps if steps is not None else total
        if total is not None:
            last = min(last, total - 1)  # a finished run takes no event after its last step
        events = events_from_json(data.get("events", []), "the events", 0, max(last, 0))
    except DamagedError as err:
        raise ValueError(f"session file '{target}' is damaged: {one_line(err)}") from None
    return Session(config, events, summary)


def config_from_json(data: Any) -> RunConfig:
    """A run's configuration from a session file; a :class:`DamagedError` (one sentence) if it is not valid."""
    if not isinstance(data, dict):
        raise DamagedError("the configuration is not an object")
    for key in ("problem", "optimizer"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise DamagedError(f"the configuration's {key} is {short(data[key])}: expected a name, e.g. "
                               f"{'mlp' if key == 'problem' else 'momentum'}")
    try:
        return RunConfig.from_json(data)
    except (ValueError, OverflowError) as err:
        raise DamagedError(one_line(err)) from None
    except (TypeError, AttributeError, KeyError):
        raise DamagedError("the configuration holds a value of the wrong type") from None
