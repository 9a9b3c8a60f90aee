"""The thread engine: the trainer runs on a background thread of the window's own process.

It is the simple way to train behind the window (``LRMONITOR_ENGINE=thread``): the window gets
the :class:`~lrmonitor.core.run.trainer.Trainer` itself as its :class:`~.interface.TrainerView`.
It is not the default because the thread shares the GIL with drawing: next to a live plot it
trained at about 0.2-0.5x its headless speed and made GUI timers about 100 ms late (the
process engine does not). It stays for debugging, for platforms where a worker process or
shared memory is a problem, and as the reference the process engine must agree with.

:class:`TrainerThread` drives one trainer: start, pause, one epoch, a speed limit. The window
never calls the trainer's loop itself; it reads the history on its own timer. At full speed the
loop runs in chunks of one epoch at most, so a pause or an event is honoured within a few
milliseconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from ..run.config import RunConfig
from ..run.events import Event, Stamped
from ..run.state import RunState
from ..run.trainer import Trainer

REPLAY_CHUNK = 4096  # steps between two progress calls while replaying an opened run
WAKEUPS_PER_SECOND = 60  # at a limited speed: train this often, a share of the steps each time


class TrainerThread:
    """Trains one :class:`Trainer` on a background thread. ``speed`` is steps/s, or None for as fast as possible."""

    def __init__(self, trainer: Trainer, speed: float | None = None) -> None:
        self.trainer = trainer
        self.speed = speed
        self._thread: threading.Thread | None = None
        self._halt = threading.Event()
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


class ThreadEngine:
    """The :class:`~.interface.Engine` that trains on a :class:`TrainerThread` in this process."""

    kind = "thread"

    def __init__(self) -> None:
        self._thread: TrainerThread | None = None
        self._speed: float | None = None

    def new_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                progress: Callable[[int], None] | None = None, wait: bool = True) -> Trainer:
        """Start a run, first replaying ``steps`` updates; ``progress(step)`` hears how far.

        The replay runs here, before this returns, whatever ``wait`` says: there is no other
        process to wait for.
        """
        if self._thread is not None:
            self._thread.pause()
        trainer = Trainer(config, events)
        while steps and trainer.step < steps and not trainer.done:
            trainer.run(min(steps - trainer.step, REPLAY_CHUNK))
            if progress is not None:
                progress(trainer.step)
        trainer.run(0)  # events due at this boundary (e.g. planned for step 0) show now
        self._thread = TrainerThread(trainer, self._speed)
        return trainer

    @property
    def trainer(self) -> Trainer | None:
        return None if self._thread is None else self._thread.trainer

    @property
    def speed(self) -> float | None:
        return self._speed

    @speed.setter
    def speed(self, value: float | None) -> None:
        self._speed = value
        if self._thread is not None:
            self._thread.speed = value

    @property
    def state(self) -> RunState:
        return RunState.IDLE if self._thread is None else self._thread.state

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_running

    @property
    def error(self) -> str | None:
        err = None if self._thread is None else self._thread.error
        return None if err is None else f"{type(err).__name__}: {err}"

    def clear_error(self) -> None:
        if self._thread is not None:
            self._thread.error = None

    def start(self, steps: int | None = None) -> None:
        self._thread.start(steps)

    def step_epoch(self) -> None:
        self._thread.step_epoch()

    def pause(self) -> None:
        self._thread.pause()

    def post(self, event: Event) -> None:
        """Queue ``event``; while paused it takes effect at once, stamped with this step."""
        trainer = self._thread.trainer
        trainer.post(event)
        if not self._thread.is_running and not trainer.done:
            trainer.run(0)  # paused: apply it now, at this step boundary

    def poll(self) -> None:
        """Apply an event posted just as the thread stopped (nothing else to take in here)."""
        if self._thread is None:
            return
        trainer = self._thread.trainer
        if trainer.has_pending and not self._thread.is_running and not trainer.done:
            trainer.run(0)

    def shutdown(self) -> None:
        """Stop the thread (within a few milliseconds: it checks between steps)."""
        if self._thread is not None:
            self._thread.pause()
