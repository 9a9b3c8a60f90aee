"""What the window may use of an engine and of a run, whichever engine trains it.

An *engine* is where a run trains for the window: :class:`~.process.ProcessEngine` (a worker
process, the default) or :class:`~.thread.ThreadEngine` (a thread of the window's process).
A *trainer view* is what a reader of a run may use: the in-process
:class:`~lrmonitor.core.run.trainer.Trainer` is one, and so is
:class:`~.process.WorkerTrainerView`, the window's view of the trainer in the worker process.
Both protocols are ``runtime_checkable``, so a test can check that every engine and view has
every member (``isinstance`` reads each member once, so ask it of a view that is ready).

This module imports nothing at run time: the window can name the types without loading an
engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ..run.config import RunConfig
    from ..run.events import Event, Stamped
    from ..run.history import History
    from ..run.state import RunState


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
    """Where a run trains for the window; the window talks to it only on its own (GUI) thread."""

    kind: str  # "process" or "thread", as in LRMONITOR_ENGINE
    speed: float | None  # steps/s; None: as fast as possible. Applies to this run and the next ones

    def new_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                progress: Callable[[int], None] | None = None, wait: bool = True) -> TrainerView | None:
        """Replace the run: ``config`` with ``events``, replaying ``steps`` updates of a saved one.

        ``progress(step)`` hears how far a long replay got. ``wait=False`` may return None at
        once; the run is then ready when :attr:`trainer` is first read.
        """

    @property
    def trainer(self) -> TrainerView | None:
        """The current run; None before the first one (or while one is prepared and failed)."""

    @property
    def state(self) -> RunState:
        """``RUNNING`` while training, else the run's own status (idle, paused, finished, diverged)."""

    @property
    def is_running(self) -> bool: ...

    @property
    def error(self) -> str | None:
        """What went wrong in the trainer or the worker, in words, until :meth:`clear_error`."""

    def clear_error(self) -> None: ...

    def start(self, steps: int | None = None) -> None:
        """Train until paused or ended, or for ``steps`` more updates; nothing if it has ended."""

    def pause(self) -> None:
        """Stop at the next step boundary; returns once training has stopped."""

    def step_epoch(self) -> None:
        """Train to the end of the current epoch (a whole epoch from an epoch boundary)."""

    def post(self, event: Event) -> None:
        """Apply ``event`` at the next step boundary; while paused, at once (stamped with this step)."""

    def poll(self) -> None:
        """Take in what happened since the last call; the window calls it once per frame."""

    def shutdown(self) -> None:
        """Stop training and free what the engine holds (thread, worker process, shared memory)."""
