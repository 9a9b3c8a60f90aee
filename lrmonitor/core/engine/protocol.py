"""The messages between the window and its training worker process: one frozen class per message.

Commands go from the window to the worker over one pipe, reports come back over another
(``multiprocessing`` pickles them). Each side dispatches on the message's class and reads its
fields by name; nothing is unpacked by position, so adding a field cannot shift another.

A message carries the domain objects themselves (:class:`RunConfig`, events, :class:`Stamped`).
They are frozen dataclasses, and unpickling one does not run its ``__post_init__``: an event is
checked once, where it was made (a button, a session file), not again in the worker, and it
goes through no text or JSON form on the way.

Every message about a run names it by ``run_id``: the window can replace a run without waiting
for the worker to finish the old one, so the worker ignores commands for a run it no longer
has and the window ignores reports about a run it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..run.config import RunConfig
from ..run.events import Event, Stamped
from ..run.state import RunState


# -- window -> worker ---------------------------------------------------------------------
@dataclass(frozen=True)
class NewRun:
    """Replace the current run: ``config`` with ``events``, first replaying ``steps`` updates."""

    run_id: int
    config: RunConfig
    events: tuple[Stamped, ...] = ()
    steps: int | None = None


@dataclass(frozen=True)
class Start:
    """Train until paused or ended, or for ``steps`` more updates."""

    run_id: int
    steps: int | None = None


@dataclass(frozen=True)
class Pause:
    """Stop at the next step boundary; answered by :class:`Stopped`."""

    run_id: int


@dataclass(frozen=True)
class Post:
    """Apply ``event`` at the next step boundary (at once when paused); answered by :class:`EventApplied`."""

    run_id: int
    event: Event


@dataclass(frozen=True)
class SetSpeed:
    """Steps per second from now on, for every run; None for as fast as possible."""

    speed: float | None


@dataclass(frozen=True)
class Quit:
    """Free the shared memory and exit."""


COMMANDS = (NewRun, Start, Pause, Post, SetSpeed, Quit)
Command = NewRun | Start | Pause | Post | SetSpeed | Quit


# -- worker -> window ---------------------------------------------------------------------
@dataclass(frozen=True)
class ColumnBlock:
    """Where a history column lives: the shared-memory block's name and how many values it holds."""

    name: str
    block: str
    capacity: int


@dataclass(frozen=True)
class Ready:
    """The run is set up (and replayed): map ``header`` and ``columns``; ``events`` took effect so far."""

    run_id: int
    header: str
    columns: tuple[ColumnBlock, ...]
    events: tuple[Stamped, ...]
    status: RunState


@dataclass(frozen=True)
class Progress:
    """A long replay got as far as ``step`` (also tells the window the worker is alive)."""

    run_id: int
    step: int


@dataclass(frozen=True)
class ColumnGrown:
    """A column moved to a bigger block; the old one stays valid up to its end until remapped."""

    run_id: int
    column: ColumnBlock


@dataclass(frozen=True)
class EventApplied:
    """An event took effect, stamped with its step; the header already shows its effect."""

    run_id: int
    stamped: Stamped


@dataclass(frozen=True)
class Stopped:
    """Training stopped: paused, ``steps`` done, finished or diverged (then ``divergence`` says why)."""

    run_id: int
    status: RunState
    divergence: str | None


@dataclass(frozen=True)
class Failed:
    """A run could not be set up, or the worker hit an error (``run_id`` -1: no run at the time)."""

    run_id: int
    message: str


REPORTS = (Ready, Progress, ColumnGrown, EventApplied, Stopped, Failed)
Report = Ready | Progress | ColumnGrown | EventApplied | Stopped | Failed
