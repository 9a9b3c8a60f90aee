"""The process engine's line to its worker: the process, commands out, reports in, waiting for an answer.

Apart from :mod:`.process` because it is plumbing the engine's own logic (which run is current,
which are lost, what a report means) need not see: how the worker is started (spawned, never
forked from a process that runs Qt, with one BLAS thread), how a command is sent to a worker
that may be gone, and how the window waits for an answer without hanging on a dead or silent
worker. A long replay in the worker is not silence: its :class:`~.protocol.Progress` reports
extend the wait. Every report taken in, while waiting or not, goes to the engine's handler.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable

from .protocol import Command, Progress, Report
from .worker import worker_main

# the worker's matrices are tiny, and idle BLAS threads spin on the core the window needs
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
NO_ANSWER = "the training worker did not answer"


class WorkerLink:
    """A worker process (:func:`~.worker.worker_main`), started at once, and the two pipes to it."""

    def __init__(self) -> None:
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

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def send(self, command: Command) -> bool:
        """Send ``command``; False if the worker is gone (the pipe is broken)."""
        try:
            self._commands.send(command)
        except (BrokenPipeError, OSError):
            return False
        return True

    def take_in(self, handle: Callable[[Report], None]) -> None:
        """Hand every report waiting in the pipe to ``handle``; a gone worker just ends the list."""
        try:
            while self._reports.poll():
                handle(self._reports.recv())
        except (EOFError, OSError):
            pass  # the worker is gone: the engine sees it from the process

    def wait(self, done: Callable[[Report | None], bool], handle: Callable[[Report], None],
             timeout: float) -> Report | None:
        """Hand reports to ``handle`` until ``done(the last one)``; ``timeout`` s of silence raise RuntimeError.

        A replay's progress report is a sign of life: it extends the wait.
        """
        last_word = time.monotonic()
        report: Report | None = None
        while not done(report):
            left = last_word + timeout - time.monotonic()
            if left <= 0 or not self.process.is_alive():
                raise RuntimeError(NO_ANSWER)
            try:
                report = self._reports.recv() if self._reports.poll(min(left, 0.1)) else None
            except (EOFError, OSError):
                raise RuntimeError(NO_ANSWER) from None
            if report is not None:
                if isinstance(report, Progress):
                    last_word = time.monotonic()  # a long replay is alive: keep waiting
                handle(report)
        return report

    def end(self, asked_to_quit: bool) -> bool:
        """Give a worker asked to quit 2 s to do so, then end it; True if it quit by itself."""
        if asked_to_quit:
            self.process.join(2.0)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(1.0)
            return False
        return asked_to_quit

    def close(self) -> None:
        """Close this side of both pipes."""
        self._commands.close()
        self._reports.close()
