"""One trainer driven on a background thread: start, pause, one epoch, a speed limit.

Apart from :mod:`.thread` because driving a trainer is its own job: the thread engine decides
which run trains and keeps many of them, while :class:`TrainerThread` only runs one
:class:`~lrmonitor.core.run.trainer.Trainer`'s loop off the window's thread. The window never
calls that loop itself; it reads the history on its own timer. At full speed the loop runs in
chunks of one epoch at most, so a pause or an event is honoured within a few milliseconds; at a
limited speed it wakes about :data:`WAKEUPS_PER_SECOND` times a second and trains a share of the
steps each time.
"""

from __future__ import annotations

import threading
import time

from ..run.state import RunState
from ..run.trainer import Trainer

WAKEUPS_PER_SECOND = 60  # at a limited speed: train this often, a share of the steps each time


class TrainerThread:
    """Trains one :class:`Trainer` on a background thread. ``speed`` is steps/s, or None for as fast as possible."""

    def __init__(self, trainer: Trainer, speed: float | None = None) -> None:
        self.trainer = trainer
        self.speed = speed
        self._thread: threading.Thread | None = None
        self._halt = threading.Event()
        self.target: int | None = None  # the step the running thread stops at (None: until paused or done)
        self.error: BaseException | None = None  # what stopped the thread, for the window to show

    @property
    def state(self) -> RunState:
        status = self.trainer.status
        if not status.ended and self.is_running:
            return RunState.RUNNING  # also between two chunks, when the trainer is at rest
        return status

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, steps: int | None = None) -> None:
        """Run in the background until paused, done, or ``steps`` more updates are made."""
        if self.is_running or self.trainer.done:
            return
        self._halt.clear()
        self.target = None if steps is None else self.trainer.step + steps
        self._thread = threading.Thread(target=self._loop, args=(self.target,), name="lrmonitor-trainer", daemon=True)
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

    def halt(self) -> None:
        """Ask the loop to stop after the trainer's current chunk (from the trainer's own thread too)."""
        self._halt.set()

    def _loop(self, target: int | None) -> None:
        trainer = self.trainer
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
                chunk = max(1, int(speed / WAKEUPS_PER_SECOND))
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

