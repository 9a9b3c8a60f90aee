"""The process engine (the default): the trainer runs in a worker process, the window maps its history.

Why a process: a trainer thread in the GUI process shares the GIL with drawing. Next to a live
plot it trained at about 0.2-0.5x its headless speed and made GUI timers about 100 ms late; in
a worker process, writing into shared memory the window polls, it kept its full speed and the
GUI's timers stayed within about 8 ms (benchmarks/).

How: the worker (:mod:`.worker`) runs the same :class:`~lrmonitor.core.run.trainer.Trainer` as
the thread engine, so the same configuration and events give the same numbers, and writes each
history column into shared memory (:mod:`.shared`). :class:`WorkerTrainerView` maps those
blocks and gives the window the same :class:`~.interface.TrainerView` an in-process trainer
does, read in place. Commands and reports (:mod:`.protocol`) go over two pipes; the window
takes in the reports in :meth:`ProcessEngine.poll`, once per frame, never one per step.
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
from .protocol import (
    ColumnBlock,
    ColumnGrown,
    Command,
    EventApplied,
    Failed,
    NewRun,
    Pause,
    Post,
    Progress,
    Quit,
    Ready,
    Report,
    SetSpeed,
    Start,
    Stopped,
)
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

    config: RunConfig
    progress: Callable[[int], None] | None


class ProcessEngine:
    """The :class:`~.interface.Engine` that trains in a worker process (see the module docstring)."""

    kind = "process"
    REPLY_TIMEOUT = 10.0  # seconds of silence from the worker before it counts as gone

    def __init__(self) -> None:
        self._speed: float | None = None
        self._spawn()
        self._run_id = 0
        self._progress: Callable[[int], None] | None = None
        self._preparing: _Preparing | None = None
        self._last_word = time.monotonic()
        self._view: WorkerTrainerView | None = None
        self._running = False
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
        if self._speed is not None:  # a worker started after a crash keeps the speed limit
            self._send(SetSpeed(self._speed))

    # -- runs --------------------------------------------------------------------------
    def new_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                progress: Callable[[int], None] | None = None, wait: bool = True) -> WorkerTrainerView | None:
        """Start a run in the worker (replaying ``steps`` updates); ``progress(step)`` hears how far.

        With ``wait=False`` it returns None at once and the run is ready when :attr:`trainer`
        is first asked for: the window's first paint need not wait for the worker to start.
        Raises RuntimeError if the worker cannot set the run up (``wait=True``).
        """
        config = config.validated()
        if self._view is not None:
            self._view.close()
            self._view = None
        if not self.process.is_alive():  # it crashed or was killed: start a new one
            self._commands.close()
            self._reports.close()
            self._spawn()
            self.error = None
        self._run_id += 1
        self._running = False
        self._send(NewRun(self._run_id, config, tuple(events), steps))
        self._preparing = _Preparing(config, progress)
        return self._take_ready() if wait else None

    def _take_ready(self) -> WorkerTrainerView:
        preparing, self._preparing = self._preparing, None
        self._progress = preparing.progress
        try:
            reply = self._wait(lambda r: isinstance(r, (Ready, Failed)) and r.run_id == self._run_id)
        finally:
            self._progress = None
        if isinstance(reply, Failed):
            raise RuntimeError(f"the training worker could not start this run: {reply.message}")
        self._view = WorkerTrainerView(preparing.config, Header.attach(reply.header), reply.columns, reply.events)
        self._view.sync()
        return self._view

    @property
    def trainer(self) -> WorkerTrainerView | None:
        """The current run's view; None before the first run or if it could not be set up."""
        if self._preparing is not None:
            try:
                self._take_ready()
            except RuntimeError as err:
                self.error = str(err)
        return self._view

    # -- control -----------------------------------------------------------------------
    @property
    def speed(self) -> float | None:
        return self._speed

    @speed.setter
    def speed(self, value: float | None) -> None:
        self._speed = value
        self._send(SetSpeed(value))

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def state(self) -> RunState:
        if self._view is None:
            return RunState.IDLE
        status = self._view.status
        if status.ended:
            return status
        if self._running:
            return RunState.RUNNING
        # the header says RUNNING only if the worker died while training
        return RunState.PAUSED if status is RunState.RUNNING else status

    def start(self, steps: int | None = None) -> None:
        if self._running or self._view.done:
            return
        self._running = True
        self._send(Start(self._run_id, steps))

    def step_epoch(self) -> None:
        spe = self._view.steps_per_epoch
        self.start(spe - self._view.step % spe)

    def pause(self) -> None:
        """Stop at the next step boundary; returns once the worker has stopped."""
        if not self._running:
            return
        self._send(Pause(self._run_id))
        try:
            self._wait(lambda r: isinstance(r, Stopped) and r.run_id == self._run_id)
        except RuntimeError as err:
            self.error, self._running = str(err), False

    def post(self, event: Event) -> None:
        """Send an event; while paused, wait until it has taken effect (it is stamped now)."""
        view = self._view
        known = len(view.history.events)
        self._send(Post(self._run_id, event))
        if not self._running and not view.done:
            try:
                self._wait(lambda _: len(view.history.events) > known)
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
        if self._view is not None:
            self._view.sync()
        if not self.process.is_alive() and self.error is None:
            self.error = f"the training worker stopped unexpectedly (exit code {self.process.exitcode})"
            self._running = False
            if self._view is not None:
                self._view.unlink()

    def _handle(self, report: Report) -> None:
        view = self._view
        match report:
            case Failed(message=message):
                self.error = message
                self._running = False
            case Progress(run_id=run_id, step=step):
                self._last_word = time.monotonic()  # a long replay is alive: keep waiting
                if self._progress is not None and run_id == self._run_id:
                    self._progress(step)
            case _ if view is None or report.run_id != self._run_id:
                pass  # about a run that was replaced
            case EventApplied(stamped=stamped):
                view.history.events.append(stamped)
            case ColumnGrown(column=column):
                with contextlib.suppress(FileNotFoundError):  # it grew again since: a later report names the block
                    view.attach(column)
            case Stopped(divergence=divergence):
                self._running = False
                view.divergence = divergence

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
        """Stop the worker and free the shared memory; returns within about a second."""
        self._running = False
        if self._view is not None:
            self._view.close()
            self._view = None
        if self.process.is_alive():
            self._send(Quit())
            self.process.join(2.0)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(1.0)
        self._commands.close()
        self._reports.close()
