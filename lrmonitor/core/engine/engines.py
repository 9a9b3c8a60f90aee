"""Where training runs for the window: a worker process (default) or a thread.

Both engines have the same interface, so the window does not care which it has:

- ``new_run(config, events, steps)`` starts a run (replaying ``steps`` updates of a saved one)
  and returns its trainer view (``history``, ``config``, ``status``, ``step``, ``current_lr()``...);
- ``start(steps=None)``, ``pause()``, ``step_epoch()``, ``post(event)``, ``speed``;
- ``poll()`` is called by the window on every frame to take in what the worker reported;
- ``state``, ``is_running``, ``error``, ``shutdown()``.

The process engine exists because a trainer thread in the GUI process competes with drawing
for the GIL (engineering notes §3, and benchmarks/). The same configuration and events give
the same numbers in either engine: both run the same :class:`~lrmonitor.core.trainer.Trainer`.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from typing import Iterable

import numpy as np

from ..run.config import RunConfig
from ..run.events import Event, Stamped
from ..run.history import History
from .runner import IDLE, PAUSED, RUNNING, BackgroundRunner
from .shared import _STILL_MAPPED, SharedColumnReader, attach_header
from ..run.trainer import DIVERGED, FINISHED, READY, Trainer, summarize
from .worker import COLUMNS, SLOT_DIVERGED, SLOT_NEXT_LR, SLOT_STATUS, worker_main

STATUS_NAMES = {0: READY, 1: RUNNING, 2: FINISHED, 3: DIVERGED}
ENGINE_ENV = "LRMONITOR_ENGINE"  # "process" (default) or "thread"
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def make_engine(kind: str | None = None):
    kind = (kind or os.environ.get(ENGINE_ENV) or "process").lower()
    if kind == "thread":
        return ThreadEngine()
    if kind == "process":
        return ProcessEngine()
    raise ValueError(f"{ENGINE_ENV}={kind!r} is not known: allowed are process, thread")


class _Engine:
    """What both engines share: the speed setting (steps/s, None for as fast as possible)."""

    _speed: float | None = None

    @property
    def speed(self) -> float | None:
        return self._speed

    @speed.setter
    def speed(self, value: float | None) -> None:
        self._speed = value
        self._speed_changed(value)

    def _speed_changed(self, value: float | None) -> None:
        raise NotImplementedError


class ThreadEngine(_Engine):
    """The trainer on a thread of this process (simple; slower next to a busy GUI)."""

    kind = "thread"

    def __init__(self) -> None:
        self.runner: BackgroundRunner | None = None

    def new_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                progress=None, wait: bool = True) -> Trainer:
        if self.runner is not None:
            self.runner.shutdown()
        trainer = Trainer(config, events)
        while steps and trainer.step < steps and not trainer.done:
            trainer.run(min(steps - trainer.step, 4096))
            if progress is not None:
                progress(trainer.step)
        trainer.run(0)  # events due at this boundary (e.g. planned for step 0) show now
        self.runner = BackgroundRunner(trainer, self._speed, started=bool(steps))
        return trainer

    @property
    def trainer(self) -> Trainer:
        return self.runner.trainer

    def _speed_changed(self, value: float | None) -> None:
        if self.runner is not None:
            self.runner.speed = value

    state = property(lambda self: self.runner.state)
    is_running = property(lambda self: self.runner.is_running)

    @property
    def error(self) -> str | None:
        return None if self.runner.error is None else f"{type(self.runner.error).__name__}: {self.runner.error}"

    def clear_error(self) -> None:
        self.runner.error = None

    def start(self, steps: int | None = None) -> None:
        self.runner.start(steps)

    def step_epoch(self) -> None:
        self.runner.step_epoch()

    def pause(self) -> None:
        self.runner.pause()

    def post(self, event: Event) -> None:
        self.trainer.post(event)
        if not self.runner.is_running and not self.trainer.done:
            self.trainer.run(0)  # paused: apply it now, at this step boundary

    def poll(self) -> None:
        trainer = self.trainer
        if trainer.has_pending and not self.runner.is_running and not trainer.done:
            trainer.run(0)  # posted just as the worker thread stopped

    def shutdown(self) -> None:
        if self.runner is not None:
            self.runner.shutdown()


class RemoteTrainer:
    """The window's view of a trainer that runs in the worker process."""

    def __init__(self, config: RunConfig, header, blocks: dict[str, tuple[str, int]], events: list[Stamped]) -> None:
        self.config = config
        self.steps_per_epoch = config.steps_per_epoch
        self.total_steps = None if config.epochs is None else config.epochs * self.steps_per_epoch
        self._header_shm, self._header = header
        readers = {name: SharedColumnReader(self._header, slot) for slot, name in enumerate(COLUMNS)}
        for name, (block, capacity) in blocks.items():
            readers[name].attach(block, capacity)
        self.history = History(self.steps_per_epoch, column=lambda name, capacity: readers[name])
        self.history.events = list(events)
        self.divergence: str | None = None
        self._readers = readers

    @property
    def status(self) -> str:
        return STATUS_NAMES[int(self._header[SLOT_STATUS])]

    @property
    def done(self) -> bool:
        return self.status in (FINISHED, DIVERGED)

    @property
    def step(self) -> int:
        return len(self.history.loss)

    def current_lr(self) -> float:
        return float(self._header[SLOT_NEXT_LR])

    def summary(self) -> dict:
        return summarize(self.history, self.status)

    def _sync(self) -> None:
        diverged = int(self._header[SLOT_DIVERGED])
        self.history.diverged_at = None if diverged < 0 else diverged

    def close(self) -> None:
        for reader in self._readers.values():
            reader.close()
        self._header = np.zeros(0)
        try:
            self._header_shm.close()
        except BufferError:
            _STILL_MAPPED.append(self._header_shm)


class ProcessEngine(_Engine):
    """The trainer in a worker process; the window maps its history from shared memory."""

    kind = "process"
    REPLY_TIMEOUT = 10.0

    def __init__(self) -> None:
        self._spawn()
        self._run_id = 0
        self._progress = None
        self._pending = None
        self._last_word = time.monotonic()
        self._trainer: RemoteTrainer | None = None
        self._running = False
        self._started = False
        self.error: str | None = None

    def _spawn(self) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self._commands, worker_commands = context.Pipe()
        self._reports, worker_reports = context.Pipe(duplex=False)
        self.process = context.Process(
            target=worker_main, args=(worker_commands, worker_reports), name="lrmonitor-worker", daemon=True
        )
        # one BLAS thread: the worker's matrices are tiny, and idle BLAS threads spin on the
        # core the window needs (the spawned process reads these at its numpy import)
        saved = {k: os.environ.get(k) for k in _BLAS_THREADS}
        os.environ.update({k: "1" for k in _BLAS_THREADS})
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

    # -- runs --------------------------------------------------------------------------
    def new_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                progress=None, wait: bool = True) -> RemoteTrainer | None:
        """Start a run in the worker (replaying ``steps`` updates); ``progress(step)`` hears how far.

        With ``wait=False`` it returns at once and the run is ready when ``trainer`` is first
        asked for: the window's first paint need not wait for the worker process to start.
        """
        config = config.validated()
        if self._trainer is not None:
            self._trainer.close()
            self._trainer = None
        if not self.process.is_alive():  # it crashed or was killed: start a new one
            self._commands.close()
            self._reports.close()
            self._spawn()
            self.error = None
        self._run_id += 1
        self._running = self._started = False
        self._send(("new", self._run_id, config.to_json(), [e.to_json() for e in events], steps))
        self._pending = (config, steps, progress)
        return self._finish_new_run() if wait else None

    def _finish_new_run(self) -> RemoteTrainer:
        config, steps, self._progress = self._pending
        self._pending = None
        try:
            reply = self._wait(lambda m: m[0] in ("ready", "error") and m[1] == self._run_id, self.REPLY_TIMEOUT)
        finally:
            self._progress = None
        if reply[0] == "error":
            raise RuntimeError(f"the training worker could not start this run: {reply[2]}")
        _, _, header_block, blocks, events_json, _status = reply
        self._trainer = RemoteTrainer(config, attach_header(header_block), blocks, [Stamped.from_json(e) for e in events_json])
        self._trainer._sync()
        self._started = bool(steps)
        return self._trainer

    @property
    def trainer(self) -> RemoteTrainer | None:
        if self._pending is not None:
            try:
                self._finish_new_run()
            except RuntimeError as err:
                self.error = str(err)
        return self._trainer

    # -- control -----------------------------------------------------------------------
    def _speed_changed(self, value: float | None) -> None:
        self._send(("speed", value))

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def state(self) -> str:
        status = self._trainer.status
        if status in (FINISHED, DIVERGED):
            return status
        if self._running:
            return RUNNING
        return PAUSED if self._started else IDLE

    def start(self, steps: int | None = None) -> None:
        if self._running or self._trainer.done:
            return
        self._running = self._started = True
        self._send(("start", self._run_id, steps))

    def step_epoch(self) -> None:
        spe = self._trainer.steps_per_epoch
        self.start(spe - self._trainer.step % spe)

    def pause(self) -> None:
        """Stop at the next step boundary; returns once the worker has stopped."""
        if not self._running:
            return
        self._send(("pause", self._run_id))
        try:
            self._wait(lambda m: m[0] == "stopped" and m[1] == self._run_id, self.REPLY_TIMEOUT)
        except RuntimeError as err:
            self.error, self._running = str(err), False

    def post(self, event: Event) -> None:
        """Send an event; while paused, wait until it has taken effect (it is stamped now)."""
        known = len(self._trainer.history.events)
        self._send(("post", self._run_id, event.action()))
        if not self._running:
            try:
                self._wait(lambda m: len(self._trainer.history.events) > known, self.REPLY_TIMEOUT, check_state=True)
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
        if self._trainer is not None:
            self._trainer._sync()
        if not self.process.is_alive() and self.error is None:
            self.error = f"the training worker stopped unexpectedly (exit code {self.process.exitcode})"
            self._running = False
            if self._trainer is not None:  # it cannot free its shared memory any more
                for reader in self._trainer._readers.values():
                    reader.unlink()

    def _handle(self, message) -> None:
        kind, run_id = message[0], message[1]
        if kind == "error":
            self.error = message[2]
            self._running = False
            return
        if kind == "progress":
            self._last_word = time.monotonic()  # a long replay is alive: keep waiting
            if self._progress is not None and run_id == self._run_id:
                self._progress(message[2])
            return
        if run_id != self._run_id or self._trainer is None:
            return
        if kind == "event":
            self._trainer.history.events.append(Stamped.from_json(message[2]))
        elif kind == "grow":
            try:
                self._trainer._readers[message[2]].attach(message[3], message[4])
            except FileNotFoundError:
                pass  # it grew again since: a later message names the block to map
        elif kind == "stopped":
            self._running = False
            self._trainer.divergence = message[3]

    def _wait(self, done, timeout: float, check_state: bool = False):
        """Wait for a report; any sign of life from the worker (progress) extends the wait."""
        self._last_word = time.monotonic()
        while True:
            if check_state and done(None):
                return None
            left = self._last_word + timeout - time.monotonic()
            if left <= 0 or not self.process.is_alive():
                raise RuntimeError("the training worker did not answer")
            try:
                ready = self._reports.poll(min(left, 0.1))
                message = self._reports.recv() if ready else None
            except (EOFError, OSError):
                raise RuntimeError("the training worker did not answer") from None
            if message is not None:
                self._handle(message)
                if not check_state and done(message):
                    return message

    def _send(self, message) -> None:
        try:
            self._commands.send(message)
        except (BrokenPipeError, OSError):
            self.error = "the training worker is gone; Reset to start a new one"

    def shutdown(self) -> None:
        """Stop the worker and free the shared memory; returns within about a second."""
        self._running = False
        if self._trainer is not None:
            self._trainer.close()
            self._trainer = None
        if self.process.is_alive():
            self._send(("quit",))
            self.process.join(2.0)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(1.0)
        self._commands.close()
        self._reports.close()
