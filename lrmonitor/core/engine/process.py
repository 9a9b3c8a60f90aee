"""The process engine (the default): the trainer runs in a worker process, the window maps its history.

Why a process: a trainer thread in the GUI process shares the GIL with drawing. Next to a live
plot it trained at about 0.2-0.5x its headless speed and made GUI timers about 100 ms late; in
a worker process, writing into shared memory the window polls, it kept its full speed and the
GUI's timers stayed within about 8 ms (benchmarks/).

How: the worker (:mod:`.worker`) runs the same :class:`~lrmonitor.core.run.trainer.Trainer` as
the thread engine, so the same configuration and events give the same numbers, and writes each
history column into shared memory (:mod:`.shared`). It holds many runs, each with its own blocks;
:class:`WorkerTrainerView` maps one run's blocks and gives the window the same
:class:`~.interface.TrainerView` an in-process trainer does, read in place, whether the run is
the current one or not. Commands and reports (:mod:`.protocol`) go over two pipes; the window
takes in the reports in :meth:`ProcessEngine.poll`, once per frame, never one per step. Forks,
loads, records and continues wait for the worker's answer; a refusal (a bad fork step, a
diverged run) comes back as the worker's ValueError message and is raised here as one.

If the worker dies, every run's blocks are unlinked and the runs are *lost*: they stay readable
(the window keeps its mappings) and :meth:`ProcessEngine.record` still gives what the window
holds of them (no checkpoints), so the window can save one or :meth:`~ProcessEngine.load` it
again; the next ``new_run``/``load`` starts a new worker. Training, forking or continuing a lost
run is refused.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..run.config import RunConfig
from ..run.events import Event, Stamped
from ..run.history import History
from ..run.state import RunState
from ..run.trainer import summarize
from ..run.tree import RunRecord
from .protocol import (
    ColumnBlock,
    ColumnGrown,
    Command,
    Continue,
    Continued,
    Drop,
    EventApplied,
    Failed,
    Fork,
    Load,
    NewRun,
    Pause,
    Post,
    Progress,
    Quit,
    Ready,
    Recorded,
    RecordOf,
    Refused,
    Report,
    Select,
    SetPauseOnPlateau,
    SetSpeed,
    Start,
    Stopped,
)
from .runs import check_record, plain_history
from .shared import Header, SharedColumnReader
from .worker import worker_main

# the worker's matrices are tiny, and idle BLAS threads spin on the core the window needs
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


class WorkerTrainerView:
    """The window's view of the trainer in the worker process: a read-only :class:`~.interface.TrainerView`.

    The history's columns are the worker's shared-memory blocks, read in place; how many values
    are valid, the status and the next rate come from the :class:`Header`. Events and the
    divergence text arrive as reports, taken in by :meth:`ProcessEngine.poll`.
    """

    def __init__(self, config: RunConfig, header: Header, columns: Iterable[ColumnBlock],
                 events: Iterable[Stamped]) -> None:
        self.config = config
        self.steps_per_epoch = config.steps_per_epoch
        self.total_steps = None if config.epochs is None else config.epochs * self.steps_per_epoch
        self.header = header  # public for benchmarks/ (chunk timings)
        self._readers = {name: SharedColumnReader(header, name) for name in Header.COLUMNS}
        for column in columns:
            self.attach(column)
        self.history = History(self.steps_per_epoch, column=lambda name, capacity: self._readers[name])
        self.history.events = list(events)
        self.divergence: str | None = None

    @property
    def status(self) -> RunState:
        """Read live from the header; if ``DIVERGED``, ``history.diverged_at`` is already set."""
        return self.sync()

    def sync(self) -> RunState:
        """Read the status, then the step it diverged at (written before it) into the history.

        In this order a reader never sees ``DIVERGED`` while ``history.diverged_at`` is None.
        """
        status, diverged_at = self.header.status_and_divergence()
        if diverged_at is not None:
            self.history.diverged_at = diverged_at
        return status

    @property
    def done(self) -> bool:
        return self.status.ended

    @property
    def step(self) -> int:
        return len(self.history.loss)

    def current_lr(self) -> float:
        return self.header.next_lr

    def summary(self) -> dict:
        return summarize(self.history, self.status)

    def reconfigure(self, config: RunConfig) -> None:
        """The run goes on for more epochs: its configuration (and end) changed."""
        self.config = config
        self.total_steps = None if config.epochs is None else config.epochs * self.steps_per_epoch

    def attach(self, column: ColumnBlock) -> None:
        """Map the block a column lives in now (at the start, and after it grew)."""
        self._readers[column.name].attach(column.block, column.capacity)

    def close(self) -> None:
        """Unmap the blocks (the worker frees them); views still held elsewhere stay valid."""
        for reader in self._readers.values():
            reader.close()
        self.header.close()

    def unlink(self) -> None:
        """Remove the blocks' names: the worker died and cannot free them any more."""
        for reader in self._readers.values():
            reader.unlink()
        self.header.unlink()


@dataclass(frozen=True)
class _Preparing:
    """A run asked of the worker whose Ready has not been taken in yet."""

    run_id: int
    config: RunConfig
    progress: Callable[[int], None] | None


class ProcessEngine:
    """The :class:`~.interface.Engine` that trains in a worker process (see the module docstring)."""

    kind = "process"
    REPLY_TIMEOUT = 10.0  # seconds of silence from the worker before it counts as gone

    def __init__(self) -> None:
        self._speed: float | None = None
        self._pause_on_plateau = False
        self._spawn()
        self._last_id = 0
        self._views: dict[int, WorkerTrainerView] = {}
        self._logs: dict[int, tuple[Stamped, ...]] = {}  # each run's event log as given (for a lost run's record)
        self._lost: set[int] = set()  # runs of a worker that died
        self._current: int | None = None
        self._progress: Callable[[int], None] | None = None
        self._preparing: _Preparing | None = None
        self._early: Ready | Failed | None = None  # its answer, if poll() took it in first
        self._last_word = time.monotonic()
        self._running = False
        self._serial = 0  # the last Start's
        self.error: str | None = None

    def _spawn(self) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self._commands, worker_commands = context.Pipe()
        self._reports, worker_reports = context.Pipe(duplex=False)
        self.process = context.Process(
            target=worker_main, args=(worker_commands, worker_reports), name="lrmonitor-worker", daemon=True
        )
        saved = {k: os.environ.get(k) for k in _BLAS_THREADS}
        os.environ.update({k: "1" for k in _BLAS_THREADS})  # the spawned process reads them at its numpy import
        try:
            self.process.start()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        worker_commands.close()
        worker_reports.close()
        if self._speed is not None:  # a worker started after a crash keeps the settings
            self._send(SetSpeed(self._speed))
        if self._pause_on_plateau:
            self._send(SetPauseOnPlateau(True))

    def _ensure_worker(self) -> None:
        """Start a new worker if the last one died (its runs are lost: see the module docstring)."""
        if self.process.is_alive():
            return
        self._lose_runs()
        self._commands.close()
        self._reports.close()
        self._spawn()
        self.error = None

    def _lose_runs(self) -> None:
        self._running = False
        for run_id, view in self._views.items():
            if run_id not in self._lost:
                view.unlink()
                self._lost.add(run_id)

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
        run_id = self._next_id()
        self._send(NewRun(run_id, config, events, steps))
        self._logs[run_id] = events
        self._current = run_id
        self._preparing = _Preparing(run_id, config, progress)
        return self._take_ready() if wait else None

    def _take_ready(self) -> WorkerTrainerView:
        preparing, self._preparing = self._preparing, None
        early, self._early = self._early, None
        self._progress = preparing.progress
        try:
            reply = early or self._wait(lambda r: isinstance(r, (Ready, Failed)) and r.run_id == preparing.run_id)
        except RuntimeError:
            self._forget_current(preparing.run_id)
            raise
        finally:
            self._progress = None
        if isinstance(reply, Failed):
            self._forget_current(preparing.run_id)
            raise RuntimeError(f"the training worker could not start this run: {reply.message}")
        return self._add(reply, preparing.config)

    def _forget_current(self, run_id: int) -> None:
        self._logs.pop(run_id, None)
        if self._current == run_id:
            self._current = None

    def _add(self, ready: Ready, config: RunConfig) -> WorkerTrainerView:
        view = WorkerTrainerView(config, Header.attach(ready.header), ready.columns, ready.events)
        view.divergence = ready.divergence
        view.sync()
        self._views[ready.run_id] = view
        self._current = ready.run_id
        return view

    def _settle(self) -> None:
        """Take in the Ready of a run asked for without waiting (its failure becomes :attr:`error`)."""
        if self._preparing is not None:
            try:
                self._take_ready()
            except RuntimeError as err:
                self.error = str(err)

    def fork(self, parent_id: int, step: int, action: Event) -> int:
        """Add a fork of run ``parent_id`` at ``step`` with ``action`` (paused) and make it current.

        Raises ValueError (the fork's own message, naming the allowed steps) for a bad step,
        KeyError for an unknown run, RuntimeError if the worker cannot do it.
        """
        self._settle()
        parent = self._view(parent_id)
        self._require_live(parent_id, "forked")
        self._pause_current()
        run_id = self._next_id()
        self._send(Fork(run_id, parent_id, step, action))
        reply = self._answer(run_id, Ready)
        self._add(reply, parent.config)
        self._logs[run_id] = ()
        return run_id

    def load(self, record: RunRecord) -> int:
        """Add a recorded run as it is (no replay) and make it current; it goes on from its last checkpoint.

        Raises ValueError for a record that does not hold together (its columns, its events).
        """
        self._settle()
        events, applied = check_record(record)  # refused here, before the history goes through the pipe
        history = plain_history(record.history)
        history.events = applied
        store = None if record.checkpoints is None else record.checkpoints.until(history.steps)
        plain = RunRecord(record.config.validated(), events, history, record.status, store)
        self._pause_current()
        self._ensure_worker()
        run_id = self._next_id()
        self._send(Load(run_id, plain))
        reply = self._answer(run_id, Ready)
        self._add(reply, plain.config)
        self._logs[run_id] = events
        return run_id

    def record(self, run_id: int) -> RunRecord:
        """A copy of run ``run_id``'s record from the worker (of a lost run: what the window holds)."""
        self._settle()
        view = self._view(run_id)
        if run_id in self._lost:
            return self._lost_record(run_id, view)
        self._send(RecordOf(run_id))
        record = self._answer(run_id, Recorded).record
        for checkpoint in record.checkpoints or ():
            for array in (*checkpoint.params, checkpoint.order):  # read-only again after the pipe
                if array is not None:
                    array.setflags(write=False)
        return record

    def _lost_record(self, run_id: int, view: WorkerTrainerView) -> RunRecord:
        history = plain_history(view.history)
        steps = history.steps
        status = view.status
        if status is RunState.RUNNING:
            status = RunState.PAUSED if steps else RunState.IDLE
        later = tuple(s for s in self._logs.get(run_id, ()) if s.step > steps)
        return RunRecord(view.config, (*history.events, *later), history, status, None)

    def select(self, run_id: int) -> None:
        """Make run ``run_id`` current (the current one is paused first)."""
        self._settle()
        self._view(run_id)
        if run_id == self._current:
            return
        self._pause_current()
        self._current = run_id
        if run_id not in self._lost:
            self._send(Select(run_id))

    def drop(self, run_id: int) -> None:
        """Free run ``run_id`` (its shared memory too); dropping the current one leaves no current run."""
        self._settle()
        view = self._view(run_id)
        if run_id == self._current:
            self._pause_current()
            self._current = None
        if run_id not in self._lost:
            self._send(Drop(run_id))
        view.close()
        del self._views[run_id]
        self._logs.pop(run_id, None)
        self._lost.discard(run_id)

    def continue_run(self, run_id: int, epochs: int) -> None:
        """Give run ``run_id`` ``epochs`` more epochs; it is then paused, ready to start.

        Raises ValueError (naming what is allowed) for a diverged or 'until stopped' run, or a
        bad ``epochs``.
        """
        self._settle()
        view = self._view(run_id)
        self._require_live(run_id, "continued")
        if run_id == self._current:
            self._pause_current()
        self._send(Continue(run_id, epochs))
        view.reconfigure(self._answer(run_id, Continued).config)
        view.sync()

    def _answer(self, run_id: int, kind: type) -> Report:
        """The worker's answer about ``run_id``: a ``kind`` report; Refused raises ValueError, Failed RuntimeError."""
        reply = self._wait(lambda r: isinstance(r, (kind, Refused, Failed)) and r.run_id == run_id)
        if isinstance(reply, Refused):
            raise ValueError(reply.message)
        if isinstance(reply, Failed):
            self.error = None  # said by the exception
            raise RuntimeError(f"the training worker could not do it: {reply.message}")
        return reply

    @property
    def runs(self) -> dict[int, WorkerTrainerView]:
        """Every run the engine holds (the current one too), each readable at any time."""
        self._settle()
        return dict(self._views)

    @property
    def current_id(self) -> int | None:
        return self._current

    @property
    def trainer(self) -> WorkerTrainerView | None:
        """The current run's view; None before the first run, after dropping it, or if it could not be set up."""
        self._settle()
        return None if self._current is None else self._views.get(self._current)

    def _view(self, run_id: int) -> WorkerTrainerView:
        try:
            return self._views[run_id]
        except (KeyError, TypeError):
            known = ", ".join(map(str, self._views)) or "none"
            raise KeyError(f"run id {run_id!r} is not in the engine: allowed are {known}") from None

    def _require_live(self, run_id: int, what: str) -> None:
        if run_id in self._lost:
            raise RuntimeError(
                f"run {run_id} was lost when the training worker stopped and cannot be {what}: "
                "load its record (record(run_id)) to go on with it"
            )

    def _next_id(self) -> int:
        self._last_id += 1
        return self._last_id

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
        return self._running

    @property
    def state(self) -> RunState:
        view = None if self._current is None else self._views.get(self._current)  # IDLE while one is prepared
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
        if self._current in self._lost:
            self.error = "this run was lost when the training worker stopped: load its record to go on with it"
            return
        self._running = True
        self._serial += 1
        self._send(Start(self._current, steps, self._serial))

    def step_epoch(self) -> None:
        view = self.trainer
        if view is None:
            return
        spe = view.steps_per_epoch
        self.start(spe - view.step % spe)

    def pause(self) -> None:
        """Stop at the next step boundary; returns once the worker has stopped."""
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
        if view is None or self._current in self._lost:
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

    # -- reports -----------------------------------------------------------------------
    def poll(self) -> None:
        """Take in everything the worker reported since the last frame."""
        try:
            while self._reports.poll():
                self._handle(self._reports.recv())
        except (EOFError, OSError):
            pass  # the worker is gone: said below
        for view in self._views.values():
            view.sync()
        if not self.process.is_alive():
            if self.error is None:
                self.error = f"the training worker stopped unexpectedly (exit code {self.process.exitcode})"
            self._lose_runs()  # once per run: its blocks' names are removed (the worker cannot any more)

    def _handle(self, report: Report) -> None:
        match report:
            case Ready() | Failed() if self._preparing is not None and report.run_id == self._preparing.run_id:
                self._early = report  # for _take_ready
            case Failed(run_id=run_id, message=message):
                self.error = message
                if run_id in (-1, self._current):
                    self._running = False
            case Progress(run_id=run_id, step=step):
                self._last_word = time.monotonic()  # a long replay is alive: keep waiting
                if self._progress is not None:
                    self._progress(step)
            case _ if report.run_id not in self._views:
                pass  # about a run that was dropped, or not taken in yet (Ready and answers: see _wait)
            case EventApplied(run_id=run_id, stamped=stamped):
                self._views[run_id].history.events.append(stamped)
            case ColumnGrown(run_id=run_id, column=column):
                with contextlib.suppress(FileNotFoundError):  # it grew again since: a later report names the block
                    self._views[run_id].attach(column)
            case Stopped(run_id=run_id, divergence=divergence, serial=serial):
                self._views[run_id].divergence = divergence
                if run_id == self._current and serial == self._serial:
                    self._running = False  # an older one is about a training that is over
            case Continued(run_id=run_id, config=config):
                self._views[run_id].reconfigure(config)

    def _wait(self, done: Callable[[Report | None], bool]) -> Report | None:
        """Take in reports until ``done(the last one)``; silence for REPLY_TIMEOUT raises RuntimeError.

        A replay's progress report is a sign of life: it extends the wait.
        """
        self._last_word = time.monotonic()
        report: Report | None = None
        while not done(report):
            left = self._last_word + self.REPLY_TIMEOUT - time.monotonic()
            if left <= 0 or not self.process.is_alive():
                raise RuntimeError("the training worker did not answer")
            try:
                report = self._reports.recv() if self._reports.poll(min(left, 0.1)) else None
            except (EOFError, OSError):
                raise RuntimeError("the training worker did not answer") from None
            if report is not None:
                self._handle(report)
        return report

    def _send(self, command: Command) -> None:
        try:
            self._commands.send(command)
        except (BrokenPipeError, OSError):
            self.error = "the training worker is gone; Reset to start a new one"

    def shutdown(self) -> None:
        """Stop the worker and free the shared memory of every run; returns within about a second."""
        self._running = False
        self._preparing = self._early = None
        quit_cleanly = self.process.is_alive()
        if quit_cleanly:
            self._send(Quit())  # the worker frees every run's blocks
            self.process.join(2.0)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(1.0)
            quit_cleanly = False
        if not quit_cleanly:
            self._lose_runs()  # it died or hung: remove the blocks' names here
        for view in self._views.values():
            view.close()
        self._views.clear()
        self._current = None
        self._commands.close()
        self._reports.close()
