"""The process engine's side of its worker: staying in step with it, and what happens when it dies.

Apart from :mod:`.process` because it is one layer of the engine: :class:`WorkerSession` holds
what the window knows of the worker and keeps it current from the worker's reports, while
:class:`~.process.ProcessEngine`, built on it, is what the window asks of the worker (the
:class:`~.interface.Engine`'s commands). The session's invariants are all here: at most one
answer awaited at a time (:meth:`~WorkerSession._wait`, on a :class:`~.worker_link.WorkerLink`),
which run is current, whether it trains and the serial of the last Start (a late Stopped about an
earlier training must not stop the next one), and the run asked for without waiting, whose Ready
a :meth:`~WorkerSession.poll` may take in before anyone asks for the run.

If the worker dies, its runs are lost (:mod:`.run_views`); the next ``new_run``/``load`` starts
a new worker (:meth:`~WorkerSession._ensure_worker`), with the engine's speed and plateau setting.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass

from ..run.config import RunConfig
from ..texts import WordedError
from .interface import CancelledError
from .protocol import (
    Cancel,
    ColumnGrown,
    Command,
    Continued,
    Drop,
    EventApplied,
    Failed,
    Progress,
    Quit,
    Ready,
    Refused,
    Report,
    SetPauseOnPlateau,
    SetSpeed,
    Stopped,
)
from .run_views import RunViews
from .shared import remove_blocks_of
from .worker_link import WorkerLink
from .worker_view import WorkerTrainerView


@dataclass(frozen=True)
class Preparing:
    """A run asked of the worker whose Ready has not been taken in yet."""

    run_id: int
    config: RunConfig
    progress: Callable[[int], None] | None


class WorkerSession:
    """A worker process (replaced when it died), the window's views of its runs, and its reports taken in."""

    REPLY_TIMEOUT = 10.0  # seconds of silence from the worker before it counts as gone

    def __init__(self) -> None:
        self._speed: float | None = None
        self._pause_on_plateau = False
        self._spawn()
        self._runs = RunViews()
        self._current: int | None = None
        self._progress: Callable[[int], None] | None = None
        self._preparing: Preparing | None = None
        self._early: Ready | Failed | None = None  # its answer, if poll() took it in first
        self._running = False
        self._together: set[int] = set()  # the runs of the last StartTogether still training
        self._serial = 0  # the last Start's
        self.error: str | None = None

    @property
    def process(self) -> multiprocessing.Process:
        """The worker process (a new one once a dead one was replaced)."""
        return self._link.process

    def _spawn(self) -> None:
        self._link = WorkerLink()
        self._death_told = False  # poll() said this worker died (said once, not at every frame)
        if self._speed is not None:  # a worker started after a crash keeps the settings
            self._send(SetSpeed(self._speed))
        if self._pause_on_plateau:
            self._send(SetPauseOnPlateau(True))

    def _ensure_worker(self) -> None:
        """Start a new worker if the last one died (its runs are lost: see the module docstring)."""
        if self._link.alive:
            return
        self._lose_runs()
        self._link.close()
        self._spawn()
        self.error = None

    def _lose_runs(self) -> None:
        """The worker is gone: its runs are lost, and every block it made is removed (also those
        of a run it was still setting up, which no view knows)."""
        self._running = False
        self._together.clear()
        self._runs.lose_all()
        remove_blocks_of(self.process.pid)

    # -- runs being set up ---------------------------------------------------------------
    def _take_ready(self) -> WorkerTrainerView:
        preparing, self._preparing = self._preparing, None
        early, self._early = self._early, None
        self._progress = preparing.progress
        def answer(report: Report | None) -> bool:
            return isinstance(report, (Ready, Failed)) and report.run_id == preparing.run_id

        try:
            reply = early or self._wait(answer)
        except CancelledError:  # the progress callback said stop: so does the worker, then it holds no such run
            self._progress = None
            self._send(Cancel(preparing.run_id))
            with contextlib.suppress(RuntimeError):
                reply = self._wait(answer)
                if isinstance(reply, Ready):  # it was ready before the Cancel arrived
                    self._send(Drop(preparing.run_id))
                elif self.error == reply.message:  # its Failed says the cancel: not an error
                    self.error = None
            self._forget_current(preparing.run_id)
            raise
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
        self._runs.logs.pop(run_id, None)
        if self._current == run_id:
            self._current = None

    def _add(self, ready: Ready, config: RunConfig) -> WorkerTrainerView:
        view = self._runs.add(ready, config)
        self._current = ready.run_id
        return view

    def _settle(self) -> None:
        """Take in the Ready of a run asked for without waiting (its failure becomes :attr:`error`)."""
        if self._preparing is not None:
            try:
                self._take_ready()
            except RuntimeError as err:
                self.error = str(err)

    def _answer(self, run_id: int, kind: type) -> Report:
        """The worker's answer about ``run_id``: a ``kind`` report; Refused raises ValueError, Failed RuntimeError."""
        reply = self._wait(lambda r: isinstance(r, (kind, Refused, Failed)) and r.run_id == run_id)
        if isinstance(reply, Refused):
            raise WordedError(reply.words) if reply.words is not None else ValueError(reply.message)
        if isinstance(reply, Failed):
            self.error = None  # said by the exception
            raise RuntimeError(f"the training worker could not do it: {reply.message}")
        return reply

    # -- reports -----------------------------------------------------------------------
    def poll(self) -> None:
        """Take in everything the worker reported since the last frame."""
        self._link.take_in(self._handle)
        for view in self._runs.views.values():
            view.sync()
        if not self._link.alive:
            if not self._death_told:  # once: the window shows it until the worker is replaced
                self._death_told = True
                code = self.process.exitcode
                self.error = self.error or f"the training worker stopped unexpectedly (exit code {code})"
            self._lose_runs()  # once per run: its blocks' names are removed (the worker cannot any more)

    def _handle(self, report: Report) -> None:
        views = self._runs.views
        match report:
            case Ready() | Failed() if self._preparing is not None and report.run_id == self._preparing.run_id:
                self._early = report  # for _take_ready
            case Failed(run_id=run_id, message=message):
                self.error = message
                if run_id in (-1, self._current):
                    self._running = False
            case Progress(step=step):  # (the link took it as a sign of life)
                if self._progress is not None:
                    self._progress(step)
            case _ if report.run_id not in views:
                pass  # about a run that was dropped, or not taken in yet (Ready and answers: see _wait)
            case EventApplied(run_id=run_id, stamped=stamped):
                views[run_id].history.events.append(stamped)
            case ColumnGrown(run_id=run_id, column=column):
                with contextlib.suppress(FileNotFoundError):  # it grew again since: a later report names the block
                    views[run_id].attach(column)
            case Stopped(run_id=run_id, divergence=divergence, serial=serial):
                views[run_id].divergence = divergence
                if serial == self._serial:  # an older one is about a training that is over
                    self._together.discard(run_id)
                    if run_id == self._current:
                        self._running = False
            case Continued(run_id=run_id, config=config):
                views[run_id].reconfigure(config)

    def _wait(self, done: Callable[[Report | None], bool]) -> Report | None:
        """Take in reports until ``done(the last one)``; REPLY_TIMEOUT s of silence raise RuntimeError."""
        return self._link.wait(done, self._handle, self.REPLY_TIMEOUT)

    def _send(self, command: Command) -> None:
        if not self._link.send(command):
            self.error = "the training worker is gone; Reset to start a new one"

    def shutdown(self) -> None:
        """Stop the worker and free the shared memory of every run; returns within about a second."""
        self._running = False
        self._together.clear()
        self._preparing = self._early = None
        asked_to_quit = self._link.alive
        if asked_to_quit:
            self._send(Quit())  # the worker frees every run's blocks
        if not self._link.end(asked_to_quit):
            self._lose_runs()  # it died or hung: remove the blocks' names here
        self._runs.close()
        self._current = None
        self._link.close()
