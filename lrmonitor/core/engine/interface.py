"""What the window may use of an engine and of a run, whichever engine trains it.

An *engine* is where runs train for the window: :class:`~.process.ProcessEngine` (a worker
process, the default) or :class:`~.thread.ThreadEngine` (a thread of the window's process).
An engine holds many runs by id; one is *current*, and only that one trains (the transport:
start, pause, step_epoch, post), unless several are started together (``start_together``: runs
compared side by side). The others stay readable, and any run can be forked, recorded,
continued or dropped.
A *trainer view* is what a reader of a run may use: the in-process
:class:`~lrmonitor.core.run.trainer.Trainer` is one, and so are
:class:`~.worker_view.WorkerTrainerView` (the window's view of a run in the worker process) and
:class:`~.thread.ThreadRun` (a run of the thread engine). An engine's view of a run is the
same object for the run's whole life.
Both protocols are ``runtime_checkable``, so a test can check that every engine and view has
every member (``isinstance`` reads each member once, so ask it of a view that is ready).

This module imports nothing at run time: the window can name the types without loading an
engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ..run.config import RunConfig
    from ..run.events import Event, Stamped
    from ..run.history import History
    from ..run.state import RunState
    from ..run.tree import RunRecord


class CancelledError(RuntimeError):
    """Setting up a run was cancelled: its ``progress`` callback raised this (the student pressed
    Cancel while a long saved run was replayed). The engine stops the replay and holds no such run."""


@runtime_checkable
class TrainerView(Protocol):
    """A run as its readers see it: configuration, history, where it stands. Read only.

    The history grows while the run trains (on another thread or in another process); every
    member may be read on the window's thread at any time.
    """

    config: RunConfig  # validated
    steps_per_epoch: int
    total_steps: int | None  # None: it trains until stopped
    history: History
    divergence: str | None  # why it diverged, in words; None unless it did

    @property
    def status(self) -> RunState:
        """Where the run stands; if ``DIVERGED``, ``history.diverged_at`` is set."""

    @property
    def done(self) -> bool:
        """It finished or diverged: no more steps can be made."""

    @property
    def step(self) -> int:
        """Updates done so far."""

    def current_lr(self) -> float:
        """The rate the next update will use."""

    def summary(self) -> dict:
        """The session file's summary: steps, epochs, final losses and rate, status, diverged_at."""


@runtime_checkable
class Engine(Protocol):
    """Where runs train for the window; the window talks to it only on its own (GUI) thread.

    Run ids are ints, unique per engine (never reused). An unknown id raises KeyError naming
    the known ones.
    """

    kind: str  # "process" or "thread", as in LRMONITOR_ENGINE
    speed: float | None  # steps/s; None: as fast as possible. Applies to whichever run trains
    # stop a run at the end of the epoch where the plateau detector (ReduceLROnPlateau's logic on
    # the validation loss, patience 10, threshold 1e-4, fed from the run's start) first fires in
    # it; the run is then paused as if the user had paused it. Default False
    pause_on_plateau: bool

    def new_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                progress: Callable[[int], None] | None = None, wait: bool = True) -> TrainerView | None:
        """Add a run and make it current: ``config`` with ``events``, replaying ``steps`` updates of a saved one.

        The current run is paused first and kept. ``progress(step)`` hears how far a long replay
        got. ``wait=False`` may return None at once; the run is then ready when :attr:`trainer`
        (or :attr:`runs`) is first read.
        """

    def fork(self, parent_id: int, step: int, action: Event) -> int:
        """Add a run that is exactly run ``parent_id`` up to ``step``, then ``action``; make it current.

        It is paused there, not started. It starts from the parent's nearest checkpoint, so it
        takes well under a second at any step. Raises ValueError (naming the allowed steps) for a
        step outside the parent's recorded run.
        """

    def load(self, record: RunRecord) -> int:
        """Add a recorded run as it is, without replaying it, and make it current.

        Its history, events, checkpoints and status are the record's. It can be forked at once;
        it goes on (start, an event, :meth:`continue_run`) from its checkpoint at its last step,
        or replays from the nearest one before it. Raises ValueError for a record that does not
        hold together.
        """

    def record(self, run_id: int) -> RunRecord:
        """A copy of what the engine holds of run ``run_id``: configuration, all events, the history
        in plain numpy arrays, status, checkpoints (to save it, or to load it again after a drop)."""

    def select(self, run_id: int) -> None:
        """Make run ``run_id`` current (the current one is paused first)."""

    def drop(self, run_id: int) -> None:
        """Free run ``run_id``; dropping the current one leaves no current run."""

    def continue_run(self, run_id: int, epochs: int) -> None:
        """Give run ``run_id`` ``epochs`` more epochs; it is then paused, ready to start.

        Raises ValueError (naming what is allowed) for a diverged or 'until stopped' run.
        """

    @property
    def runs(self) -> dict[int, TrainerView]:
        """Every run the engine holds, by id, current or not; each view is readable at any time."""

    @property
    def current_id(self) -> int | None:
        """The current run's id; None before the first run or after the current one was dropped."""

    @property
    def trainer(self) -> TrainerView | None:
        """The current run; None if there is none (or while one is prepared and failed)."""

    @property
    def preparing(self) -> bool:
        """A run asked for without waiting is not ready yet; answers at once, never waits.

        A frame asks this first, so that a window never blocks on a worker that is still
        starting (the first paint would wait for it).
        """

    @property
    def state(self) -> RunState:
        """``RUNNING`` while training, else the run's own status (idle, paused, finished, diverged)."""

    @property
    def is_running(self) -> bool: ...

    @property
    def lost(self) -> bool:
        """The current run was lost with the process that trained it (the worker died): it stays
        readable and its record can be loaded again, but it cannot train, take events or fork."""

    @property
    def error(self) -> str | None:
        """What went wrong in the trainer or the worker, in words, until :meth:`clear_error`."""

    def clear_error(self) -> None: ...

    def start(self, steps: int | None = None) -> None:
        """Train the current run until paused or ended, or for ``steps`` more updates; nothing if it has ended."""

    def pause(self) -> None:
        """Stop at the next step boundary; returns once training has stopped."""

    def start_together(self, run_ids: Sequence[int]) -> None:
        """Train runs ``run_ids`` at once, each until it ends or :meth:`pause`, which pauses them all.

        For runs compared side by side (the Rates tab): :attr:`is_running` is True while any of
        them trains. The current run is paused first and stays current. The process engine trains
        a chunk of each in turn in its one worker, the thread engine each on its own thread.
        """

    def step_epoch(self) -> None:
        """Train to the end of the current epoch (a whole epoch from an epoch boundary)."""

    def post(self, event: Event) -> None:
        """Apply ``event`` at the next step boundary; while paused, at once (stamped with this step)."""

    def poll(self) -> None:
        """Take in what happened since the last call; the window calls it once per frame."""

    def shutdown(self) -> None:
        """Stop training and free what the engine holds (threads, worker process, every run's shared memory)."""
