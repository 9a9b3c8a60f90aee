"""Runs a :class:`Trainer` on a background thread: start, pause, one epoch, speed, shutdown.

The window never calls the trainer's loop itself; it tells this runner what to do and reads
the trainer's history on its own timer. Nothing here knows about Qt, so the same runner is
tested headless. At full speed the loop runs in chunks of one epoch at most, so a pause,
an event or a shutdown is honoured within a few milliseconds.
"""

from __future__ import annotations

import threading
import time

from ..run.trainer import DIVERGED, FINISHED, Trainer

IDLE, RUNNING, PAUSED = "idle", "running", "paused"


class BackgroundRunner:
    """Owns the worker thread of one trainer. ``speed`` is steps/s, or None for as fast as possible."""

    def __init__(self, trainer: Trainer, speed: float | None = None, started: bool = False) -> None:
        """``started``: the trainer already made steps (an opened run), so it is paused, not idle."""
        self.trainer = trainer
        self.speed = speed
        self._thread: threading.Thread | None = None
        self._halt = threading.Event()
        self._started = started
        self.error: BaseException | None = None

    @property
    def state(self) -> str:
        if self.trainer.status in (FINISHED, DIVERGED):
            return self.trainer.status
        if self.is_running:
            return RUNNING
        return PAUSED if self._started else IDLE

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, steps: int | None = None) -> None:
        """Run in the background until paused, done, or ``steps`` more updates are made."""
        if self.is_running or self.trainer.done:
            return
        self._started = True
        self._halt.clear()
        self._thread = threading.Thread(target=self._loop, args=(steps,), name="lrmonitor-trainer", daemon=True)
        self._thread.start()

    def step_epoch(self) -> None:
        """Run up to the end of the current epoch (a whole epoch from an epoch boundary)."""
        spe = self.trainer.steps_per_epoch
        self.start(spe - self.trainer.step % spe)

    def pause(self, timeout: float = 5.0) -> None:
        """Stop at the next step boundary and wait for the thread to finish."""
        self._halt.set()
        self.trainer.request_stop()
        if self._thread is not None:
            self._thread.join(timeout)

    shutdown = pause

    def _loop(self, steps: int | None) -> None:
        trainer = self.trainer
        target = None if steps is None else trainer.step + steps
        started, done_at_start = time.perf_counter(), trainer.step
        try:
            while not self._halt.is_set() and not trainer.done:
                left = None if target is None else target - trainer.step
                if left is not None and left <= 0:
                    break
                speed = self.speed
                if speed is None:
                    chunk = trainer.steps_per_epoch if left is None else min(left, trainer.steps_per_epoch)
                    trainer.run(chunk)
                    continue
                # throttled: keep the average at `speed` steps/s, waking at most ~60 times a second
                chunk = max(1, int(speed / 60))
                if left is not None:
                    chunk = min(chunk, left)
                trainer.run(chunk)
                due = started + (trainer.step - done_at_start) / speed
                wait = due - time.perf_counter()
                if wait > 0:
                    self._halt.wait(wait)
                else:
                    started, done_at_start = time.perf_counter(), trainer.step
        except BaseException as err:  # surfaced by the window; the thread must not die silently
            self.error = err
