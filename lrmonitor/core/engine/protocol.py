"""The messages between the window and its training worker process: one frozen class per message.

Commands go from the window to the worker over one pipe, reports come back over another
(``multiprocessing`` pickles them). Each side dispatches on the message's class and reads its
fields by name; nothing is unpacked by position, so adding a field cannot shift another.

A message carries the domain objects themselves (:class:`RunConfig`, events, :class:`Stamped`).
They are frozen dataclasses, and unpickling one does not run its ``__post_init__``: an event is
checked once, where it was made (a button, a session file), not again in the worker, and it
goes through no text or JSON form on the way.

Every message about a run names it by ``run_id``: the worker holds many runs (the window picks
the ids, unique per engine), only the current one trains (or the runs a :class:`StartTogether`
names), and the window can drop a run without waiting for the worker, so the worker ignores
commands for a run it no longer has and the window ignores reports about a run it dropped.

A :class:`Load` or :class:`Recorded` carries a whole :class:`RunRecord`, its history as plain
numpy arrays: pickled through the pipe, a 10^6-step history (16 MB) takes a few tens of
milliseconds each way (measured in the tests), so it does not go through shared memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..run.config import RunConfig
from ..run.events import Event, Stamped
from ..run.state import RunState
from ..run.tree import RunRecord
from ..texts import Words


# -- window -> worker ---------------------------------------------------------------------
@dataclass(frozen=True)
class NewRun:
    """Add a run and make it current: ``config`` with ``events``, first replaying ``steps`` updates."""

    run_id: int
    config: RunConfig
    events: tuple[Stamped, ...] = ()
    steps: int | None = None


@dataclass(frozen=True)
class Start:
    """Train until paused or ended, or for ``steps`` more updates; ``serial`` comes back in its :class:`Stopped`."""

    run_id: int
    steps: int | None = None
    serial: int = 0


@dataclass(frozen=True)
class StartTogether:
    """Train these runs at once until each is paused or ends: a chunk of each in turn.

    For runs compared side by side (the Rates tab): in one worker they share one core in turns of
    a few milliseconds, so each publishes its steps every few milliseconds, instead of several
    workers taking turns at the operating system's pace (a worker preempted in mid-chunk holds
    its finished steps for tens of milliseconds). The runs training before are halted. Each run
    answers with its own :class:`Stopped`, carrying ``serial``.
    """

    run_ids: tuple[int, ...]
    serial: int = 0


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
class Fork:
    """Add a fork of run ``parent_id`` at ``step`` with ``event``, made current: :class:`Ready` or :class:`Refused`."""

    run_id: int
    parent_id: int
    step: int
    event: Event


@dataclass(frozen=True)
class Load:
    """Add a recorded run as it is (no replay) and make it current; :class:`Ready` or :class:`Refused`."""

    run_id: int
    record: RunRecord


@dataclass(frozen=True)
class Select:
    """Make run ``run_id`` current (a run still training is stopped first)."""

    run_id: int


@dataclass(frozen=True)
class Drop:
    """Free run ``run_id`` and its shared memory."""

    run_id: int


@dataclass(frozen=True)
class Continue:
    """Give run ``run_id`` ``epochs`` more epochs; answered by :class:`Continued` or :class:`Refused`."""

    run_id: int
    epochs: int


@dataclass(frozen=True)
class SetPauseOnPlateau:
    """Whether a run stops where the plateau detector first fires in it, for every run."""

    on: bool


@dataclass(frozen=True)
class RecordOf:
    """Ask for a copy of run ``run_id``'s record; answered by :class:`Recorded`.

    ``arrays=False``: everything but the history's values, which the window already maps
    (their counts come in :class:`Recorded`): a long run is not pickled through the pipe.
    """

    run_id: int
    arrays: bool = True


@dataclass(frozen=True)
class Cancel:
    """Stop setting up run ``run_id`` (a long replay); answered by its :class:`Failed`, or by its
    :class:`Ready` if it was ready before this arrived."""

    run_id: int


@dataclass(frozen=True)
class Quit:
    """Free the shared memory of every run and exit."""


COMMANDS = (NewRun, Start, StartTogether, Pause, Post, SetSpeed, Fork, Load, Select, Drop, Continue,
            SetPauseOnPlateau, RecordOf, Cancel, Quit)
Command = (NewRun | Start | StartTogether | Pause | Post | SetSpeed | Fork | Load | Select | Drop | Continue
           | SetPauseOnPlateau | RecordOf | Cancel | Quit)


# -- worker -> window ---------------------------------------------------------------------
@dataclass(frozen=True)
class ColumnBlock:
    """Where a history column lives: the shared-memory block's name and how many values it holds."""

    name: str
    block: str
    capacity: int


@dataclass(frozen=True)
class Ready:
    """The run is set up (replayed, forked or loaded): map ``header`` and ``columns``; ``events`` took
    effect so far; ``divergence`` says why it diverged, if it did (a loaded run)."""

    run_id: int
    header: str
    columns: tuple[ColumnBlock, ...]
    events: tuple[Stamped, ...]
    status: RunState
    divergence: str | None = None


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
    """Training stopped: paused (also where the plateau was found), ``steps`` done, finished or diverged
    (then ``divergence`` says why). ``serial`` is the last :class:`Start`'s: a report older than
    the window's last start is about a training that is over."""

    run_id: int
    status: RunState
    divergence: str | None
    serial: int = 0


@dataclass(frozen=True)
class Recorded:
    """A copy of run ``run_id``'s record (plain numpy history, checkpoints), for :class:`RecordOf`.

    Asked for without arrays, its history holds no values (only the events applied and where
    the run diverged) and ``steps``/``epochs`` say how many of the shared values it covers;
    they are published before this answer is sent.
    """

    run_id: int
    record: RunRecord
    steps: int | None = None
    epochs: int | None = None


@dataclass(frozen=True)
class Continued:
    """The run goes on for more epochs: its configuration is now ``config``; it is paused."""

    run_id: int
    config: RunConfig


@dataclass(frozen=True)
class Refused:
    """A fork, load or continue was bad input (a step out of range, a diverged run): ``message`` says why,
    and ``words``, if the error had them, let the window say it in its language."""

    run_id: int
    message: str
    words: Words | None = None


@dataclass(frozen=True)
class Failed:
    """A run could not be set up, or the worker hit an error (``run_id`` -1: no run at the time)."""

    run_id: int
    message: str


REPORTS = (Ready, Progress, ColumnGrown, EventApplied, Stopped, Recorded, Continued, Refused, Failed)
Report = Ready | Progress | ColumnGrown | EventApplied | Stopped | Recorded | Continued | Refused | Failed
