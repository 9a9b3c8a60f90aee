"""The process engine (the default): the trainer runs in a worker process, the window maps its history.

Why a process: a trainer thread in the GUI process shares the GIL with drawing. Next to a live
plot it trained at about 0.2-0.5x its headless speed and made GUI timers about 100 ms late; in
a worker process, writing into shared memory the window polls, it kept its full speed and the
GUI's timers stayed within about 8 ms (benchmarks/).

How: the worker (:mod:`.worker`) runs the same :class:`~lrmonitor.core.run.trainer.Trainer` as
the thread engine, so the same configuration and events give the same numbers, and writes each
history column into shared memory (:mod:`.shared`). It holds many runs, each with its own blocks;
a :class:`~.worker_view.WorkerTrainerView` maps one run's blocks and gives the window the same
:class:`~.interface.TrainerView` an in-process trainer does, read in place, whether the run is
the current one or not. Commands and reports (:mod:`.protocol`) go over two pipes
(:mod:`.worker_link`); the window takes in the reports in :meth:`ProcessEngine.poll`, once per
frame, never one per step (:mod:`.worker_session` keeps the engine in step with them). Forks,
loads, records and continues wait for the worker's answer; a refusal (a bad fork step, a
diverged run) comes back as the worker's ValueError message and is raised here as one.

If the worker dies, its runs are *lost* (:mod:`.run_views`): they stay readable, and
:meth:`ProcessEngine.record` still gives what the window holds of them (no checkpoints), so the
window can save one or :meth:`~ProcessEngine.load` it again; the next ``new_run``/``load`` starts
a new worker. Training, forking or continuing a lost run is refused.

This module is what the window asks of the worker, the :class:`~.interface.Engine`'s commands;
:class:`ProcessEngine` gets the worker itself, its runs and its reports from
:class:`~.worker_session.WorkerSession`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from ..run.config import RunConfig
from ..run.events import Event, Stamped
from ..run.history import history_prefix
from ..run.state import RunState
from ..run.tree import RunRecord
from .protocol import (
    Continue,
    Continued,
    Drop,
    Failed,
    Fork,
    Load,
    NewRun,
    Pause,
    Post,
    Ready,
    Recorded,
    RecordOf,
    Select,
    SetPauseOnPlateau,
    SetSpeed,
    Start,
    StartTogether,
    Stopped,
)
from .runs import freeze_checkpoints, plain_record
from .worker_session import Preparing, WorkerSession
from .worker_view import WorkerTrainerView

__all__ = ["ProcessEngine", "WorkerTrainerView"]


class ProcessEngine(WorkerSession):
    """The :class:`~.interface.Engine` that trains in a worker process (see the module docstring)."""

    kind = "process"

    # -- runs --------------------------------------------------------------------------
    def new_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                progress: Callable[[int], None] | None = None, wait: bool = True) -> WorkerTrainerView | None:
        """Add a run in the worker (replaying ``steps`` updates) and make it current; ``progress(step)`` hears how far.

        The current run is paused first and stays in :attr:`runs`. With ``wait=False`` it returns
        None at once and the run is ready when :attr:`trainer` (or :attr:`runs`) is first asked
        for: the window's first paint need not wait for the worker to start. Raises RuntimeError
        if the worker cannot set the run up (``wait=True``).
        """
        config = config.validated()
        events = tuple(events)
        self._settle()
        self._pause_current()
        self._ensure_worker()
        run_id = self._runs.next_id()
        self._send(NewRun(run_id, config, events, steps))
        self._runs.logs[run_id] = events
        self._current = run_id
        self._preparing = Preparing(run_id, config, progress)
        return self._take_ready() if wait else None

    def fork(self, parent_id: int, step: int, action: Event) -> int:
        """Add a fork of run ``parent_id`` at ``step`` with ``action`` (paused) and make it current.

        Raises ValueError (the fork's own message, naming the allowed steps) for a bad step,
        KeyError for an unknown run, RuntimeError if the worker cannot do it.
        """
        self._settle()
        parent = self._runs.view(parent_id)
        self._runs.require_live(parent_id, "forked")
        self._pause_current()
        run_id = self._runs.next_id()
        self._send(Fork(run_id, parent_id, step, action))
        reply = self._answer(run_id, Ready)
        self._add(reply, parent.config)
        self._runs.logs[run_id] = ()
        return run_id

    def load(self, record: RunRecord) -> int:
        """Add a recorded run as it is (no replay) and make it current; it goes on from its last checkpoint.

        Raises ValueError for a record that does not hold together (its columns, its events).
        """
        self._settle()
        plain = plain_record(record)  # refused here, before the history goes through the pipe
        self._pause_current()
        self._ensure_worker()
        run_id = self._runs.next_id()
        self._send(Load(run_id, plain))
        reply = self._answer(run_id, Ready)
        self._add(reply, plain.config)
        self._runs.logs[run_id] = plain.events
        return run_id

    def record(self, run_id: int) -> RunRecord:
        """A copy of run ``run_id``'s record from the worker (of a lost run: what the window holds)."""
        self._settle()
        self._runs.view(run_id)
        if not self._link.alive:  # it died since the last poll: its runs are lost now, not an error
            self._lose_runs()
        if run_id in self._runs.lost:
            return self._runs.lost_record(run_id)
        self._send(RecordOf(run_id, arrays=False))  # the values are mapped here already: not through the pipe
        reply = self._answer(run_id, Recorded)
        record = freeze_checkpoints(reply.record)
        try:
            history = history_prefix(self._runs.views[run_id].history, reply.steps, reply.epochs)
        except ValueError:  # not mapped that far (cannot happen: counts are published first); copy them then
            self._send(RecordOf(run_id))
            return freeze_checkpoints(self._answer(run_id, Recorded).record)
        history.events, history.diverged_at = list(record.history.events), record.history.diverged_at
        return dataclasses.replace(record, history=history)

    def select(self, run_id: int) -> None:
        """Make run ``run_id`` current (the current one is paused first)."""
        self._settle()
        self._runs.view(run_id)
        if run_id == self._current:
            return
        self._pause_current()
        self._current = run_id
        if run_id not in self._runs.lost:
            self._send(Select(run_id))

    def drop(self, run_id: int) -> None:
        """Free run ``run_id`` (its shared memory too); dropping the current one leaves no current run."""
        self._settle()
        self._runs.view(run_id)
        if run_id == self._current:
            self._pause_current()
            self._current = None
        self._together.discard(run_id)  # the worker drops it from its turns
        if run_id not in self._runs.lost:
            self._send(Drop(run_id))
        self._runs.remove(run_id)

    def continue_run(self, run_id: int, epochs: int) -> None:
        """Give run ``run_id`` ``epochs`` more epochs; it is then paused, ready to start.

        Raises ValueError (naming what is allowed) for a diverged or 'until stopped' run, or a
        bad ``epochs``.
        """
        self._settle()
        view = self._runs.view(run_id)
        self._runs.require_live(run_id, "continued")
        if run_id == self._current:
            self._pause_current()
        self._send(Continue(run_id, epochs))
        view.reconfigure(self._answer(run_id, Continued).config)
        view.sync()

    @property
    def runs(self) -> dict[int, WorkerTrainerView]:
        """Every run the engine holds (the current one too), each readable at any time."""
        self._settle()
        return dict(self._runs.views)

    @property
    def current_id(self) -> int | None:
        return self._current

    @property
    def trainer(self) -> WorkerTrainerView | None:
        """The current run's view; None before the first run, after dropping it, or if it could not be set up."""
        self._settle()
        return None if self._current is None else self._runs.views.get(self._current)

    @property
    def preparing(self) -> bool:
        if self._preparing is None or self._early is not None:
            return False
        self._link.take_in(self._handle)  # without waiting: its Ready lands in _early
        return self._early is None and self._link.alive  # a dead worker is said by trainer/poll

    def _pause_current(self) -> None:
        self.pause()

    # -- control -----------------------------------------------------------------------
    @property
    def speed(self) -> float | None:
        return self._speed

    @speed.setter
    def speed(self, value: float | None) -> None:
        self._speed = value
        self._send(SetSpeed(value))

    @property
    def pause_on_plateau(self) -> bool:
        return self._pause_on_plateau

    @pause_on_plateau.setter
    def pause_on_plateau(self, on: bool) -> None:
        self._pause_on_plateau = bool(on)
        self._send(SetPauseOnPlateau(self._pause_on_plateau))

    @property
    def is_running(self) -> bool:
        return self._running or bool(self._together)

    @property
    def lost(self) -> bool:
        """The current run was lost when its worker died (see :mod:`.run_views`)."""
        return self._current is not None and self._current in self._runs.lost

    @property
    def state(self) -> RunState:
        view = None if self._current is None else self._runs.views.get(self._current)  # IDLE while one is prepared
        if view is None:
            return RunState.IDLE
        status = view.status
        if status.ended:
            return status
        if self._running:
            return RunState.RUNNING
        # the header says RUNNING only if the worker died while training
        return RunState.PAUSED if status is RunState.RUNNING else status

    def start(self, steps: int | None = None) -> None:
        view = self.trainer
        if view is None or self._running or view.done:
            return
        if self._current in self._runs.lost:
            self.error = "this run was lost when the training worker stopped: load its record to go on with it"
            return
        self._running = True
        self._serial += 1
        self._send(Start(self._current, steps, self._serial))

    def start_together(self, run_ids: Sequence[int]) -> None:
        """Train runs ``run_ids`` at once, each to its end: the worker trains a chunk of each in turn.

        The current run is paused first (it trains too if it is one of them). Raises KeyError for
        an unknown run, RuntimeError for a lost one.
        """
        self._settle()
        ids = tuple(dict.fromkeys(run_ids))
        for run_id in ids:
            self._runs.view(run_id)
            self._runs.require_live(run_id, "trained")
        self.pause()
        live = tuple(run_id for run_id in ids if not self._runs.views[run_id].done)
        if not live:
            return
        self._serial += 1
        self._together = set(live)
        self._running = self._current in self._together
        self._send(StartTogether(live, self._serial))

    def step_epoch(self) -> None:
        view = self.trainer
        if view is None:
            return
        spe = view.steps_per_epoch
        self.start(spe - view.step % spe)

    def pause(self) -> None:
        """Stop at the next step boundary; returns once the worker has stopped (every run of a
        :meth:`start_together`, too)."""
        if self._together:
            for run_id in sorted(self._together):
                self._send(Pause(run_id))
            try:
                self._wait(lambda r: not self._together)
            except RuntimeError as err:
                self.error, self._running = str(err), False
                self._together.clear()
            return
        if not self._running:
            return
        run_id, serial = self._current, self._serial
        self._send(Pause(run_id))
        try:
            self._wait(lambda r: isinstance(r, Stopped) and r.run_id == run_id and r.serial == serial)
        except RuntimeError as err:
            self.error, self._running = str(err), False

    def post(self, event: Event) -> None:
        """Send an event to the current run; while paused, wait until it has taken effect (it is stamped now)."""
        view = self.trainer
        if view is None or self._current in self._runs.lost:
            return
        run_id, known = self._current, len(view.history.events)
        self._send(Post(run_id, event))
        if not self._running and not view.done:
            try:
                self._wait(lambda r: len(view.history.events) > known
                           or (isinstance(r, Failed) and r.run_id == run_id))
            except RuntimeError as err:
                self.error = str(err)

    def clear_error(self) -> None:
        self.error = None
