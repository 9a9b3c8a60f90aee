"""The thread engine: the trainers run on a background thread of the window's own process.

It is the simple way to train behind the window (``LRMONITOR_ENGINE=thread``): it holds many
runs (:mod:`.runs`), each a :class:`ThreadRun` that is also the run's :class:`~.interface.TrainerView`,
reading its trainer (or, for a loaded run until it goes on, its record) in place. It is not the
default: the thread shares the GIL with drawing, and next to a live plot it trained at 0.2-0.5x
its headless speed and made GUI timers ~100 ms late. It stays for debugging, for platforms where
a worker process or shared memory is a problem, and as the reference the process engine must match.

Each run that has a trainer has its own :class:`~.trainer_thread.TrainerThread` to drive it
(start, pause, one epoch, a speed limit); only the current run's trains, or the threads of the
runs given to :meth:`ThreadEngine.start_together`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..run.config import RunConfig
from ..run.events import Event, Stamped
from ..run.history import History
from ..run.state import RunState
from ..run.trainer import Trainer
from ..run.tree import RunRecord, replay
from .runs import Dormant, HeldRun, Options, plain_record
from .trainer_thread import TrainerThread


class ThreadRun(HeldRun):
    """One run of the thread engine, and the window's :class:`~.interface.TrainerView` of it.

    The same object for the run's whole life: it reads whatever answers for the run now (its
    trainer, or its record until a loaded run goes on), and the trainer of a woken or continued
    run writes on into the same history.
    """

    def __init__(self, run_id: int, source: Trainer | Dormant, options: Options) -> None:
        self.thread: TrainerThread | None = None
        super().__init__(run_id, source, options)

    def adopt(self, trainer: Trainer) -> None:
        super().adopt(trainer)
        if self.thread is None:
            self.thread = TrainerThread(trainer)
        else:
            self.thread.trainer = trainer

    def _epoch_end(self, trainer: Trainer) -> bool:
        stop = super()._epoch_end(trainer)
        if stop:
            self.thread.halt()  # the trainer stops at this boundary; the loop must not start it again
        return stop

    @property
    def is_running(self) -> bool:
        return self.thread is not None and self.thread.is_running

    @property
    def training(self) -> bool:
        return self.is_running

    # -- the TrainerView ---------------------------------------------------------------------
    @property
    def config(self) -> RunConfig:
        return self.source.config

    @property
    def steps_per_epoch(self) -> int:
        return self.source.steps_per_epoch

    @property
    def total_steps(self) -> int | None:
        return self.source.total_steps

    @property
    def history(self) -> History:
        return self.source.history

    @property
    def divergence(self) -> str | None:
        return self.source.divergence

    @property
    def status(self) -> RunState:
        return self.source.status

    @property
    def done(self) -> bool:
        return self.source.done

    @property
    def step(self) -> int:
        return self.source.step

    def current_lr(self) -> float:
        return self.source.current_lr()

    def summary(self) -> dict:
        return self.source.summary()


class ThreadEngine:
    """The :class:`~.interface.Engine` that trains on a :class:`TrainerThread` in this process."""

    kind = "thread"

    def __init__(self) -> None:
        self._runs: dict[int, ThreadRun] = {}
        self._current: int | None = None
        self._last_id = 0
        self._speed: float | None = None
        self._options = Options()
        self._error: str | None = None
        self._together: list[ThreadRun] = []  # the runs of the last start_together

    # -- runs --------------------------------------------------------------------------------
    def new_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                progress: Callable[[int], None] | None = None, wait: bool = True) -> ThreadRun:
        """Add a run and make it current, first replaying ``steps`` updates; ``progress(step)`` hears how far.

        The replay runs here, before this returns, whatever ``wait`` says: there is no other
        process to wait for. The current run is paused first; it stays in :attr:`runs`.
        """
        self._pause_current()
        trainer = Trainer(config, events)
        if steps:
            replay(trainer, steps, progress)
        trainer.run(0)  # events due at this boundary (e.g. planned for step 0) show now
        return self._add(trainer)

    def fork(self, parent_id: int, step: int, action: Event) -> int:
        """Add a fork of run ``parent_id`` at ``step`` with ``action`` (paused) and make it current."""
        parent = self._run(parent_id)
        self._pause_current()
        return self._add(parent.fork(step, action)).run_id

    def load(self, record: RunRecord) -> int:
        """Add a recorded run as it is (no replay) and make it current; it wakes when it has to go on."""
        plain = plain_record(record)
        dormant = Dormant(plain, plain.history)
        self._pause_current()
        return self._add(dormant).run_id

    def record(self, run_id: int) -> RunRecord:
        """A copy of run ``run_id``'s record (a running run is paused for the copy, then goes on)."""
        run = self._run(run_id)
        if not run.is_running:
            return run.record()
        thread = run.thread
        target = thread.target
        thread.pause()
        try:
            return run.record()
        finally:
            left = None if target is None else target - run.trainer.step
            if left is None or left > 0:
                thread.start(left)

    def select(self, run_id: int) -> None:
        """Make run ``run_id`` current (the current one is paused first)."""
        self._run(run_id)
        if run_id != self._current:
            self._pause_current()
            self._current = run_id

    def drop(self, run_id: int) -> None:
        """Forget run ``run_id``; if it was current there is no current run until another is chosen."""
        run = self._run(run_id)
        if run.thread is not None:
            run.thread.pause()
        if run in self._together:
            self._together.remove(run)
        del self._runs[run_id]
        if self._current == run_id:
            self._current = None

    def continue_run(self, run_id: int, epochs: int) -> None:
        """Give run ``run_id`` ``epochs`` more epochs; it is then paused, ready to start (ValueError if it cannot)."""
        run = self._run(run_id)
        if run.thread is not None:
            run.thread.pause()
        run.more_epochs(epochs)

    @property
    def runs(self) -> dict[int, ThreadRun]:
        return dict(self._runs)

    @property
    def current_id(self) -> int | None:
        return self._current

    @property
    def trainer(self) -> ThreadRun | None:
        return None if self._current is None else self._runs[self._current]

    @property
    def preparing(self) -> bool:
        return False  # a run in this process is ready as soon as it is asked for

    def _add(self, source: Trainer | Dormant) -> ThreadRun:
        self._last_id += 1
        run = ThreadRun(self._last_id, source, self._options)
        self._runs[run.run_id] = run
        self._current = run.run_id
        return run

    def _run(self, run_id: int) -> ThreadRun:
        try:
            return self._runs[run_id]
        except (KeyError, TypeError):
            known = ", ".join(map(str, self._runs)) or "none"
            raise KeyError(f"run id {run_id!r} is not in the engine: allowed are {known}") from None

    def _pause_current(self) -> None:
        run = self.trainer
        if run is not None and run.thread is not None:
            run.thread.pause()

    def _awake(self) -> ThreadRun | None:
        """The current run with a trainer (a loaded run wakes now); None if there is none or it cannot."""
        run = self.trainer
        if run is None:
            return None
        try:
            run.awake()
        except (ValueError, RuntimeError) as err:
            self._error = str(err)
            return None
        run.thread.speed = self._speed
        return run

    # -- control -----------------------------------------------------------------------------
    @property
    def speed(self) -> float | None:
        return self._speed

    @speed.setter
    def speed(self, value: float | None) -> None:
        self._speed = value
        for run in (self.trainer, *self._together):
            if run is not None and run.thread is not None:
                run.thread.speed = value

    @property
    def pause_on_plateau(self) -> bool:
        return self._options.pause_on_plateau

    @pause_on_plateau.setter
    def pause_on_plateau(self, on: bool) -> None:
        self._options.pause_on_plateau = bool(on)

    @property
    def state(self) -> RunState:
        run = self.trainer
        if run is None:
            return RunState.IDLE
        return run.thread.state if run.thread is not None else run.status

    @property
    def lost(self) -> bool:
        """Never: a trainer thread dies only with the window (its failure is an :attr:`error`)."""
        return False

    @property
    def is_running(self) -> bool:
        run = self.trainer
        return (run is not None and run.is_running) or any(r.is_running for r in self._together)

    @property
    def error(self) -> str | None:
        for run in (self.trainer, *self._together):
            err = None if run is None or run.thread is None else run.thread.error
            if err is not None:
                return f"{type(err).__name__}: {err}"
        return self._error

    def clear_error(self) -> None:
        self._error = None
        for run in (self.trainer, *self._together):
            if run is not None and run.thread is not None:
                run.thread.error = None

    def start(self, steps: int | None = None) -> None:
        run = self.trainer
        if run is None or run.done or run.is_running:
            return
        if self._awake() is not None:
            run.plateau_stop = False
            run.thread.start(steps)

    def start_together(self, run_ids: Sequence[int]) -> None:
        """Train runs ``run_ids`` at once, each to its end, each on its own thread (they share the
        GIL). The current run is paused first (it trains too if it is one of them)."""
        runs = [self._run(run_id) for run_id in dict.fromkeys(run_ids)]
        self.pause()
        self._together = []
        for run in runs:
            if run.done:
                continue
            try:
                run.awake()
            except (ValueError, RuntimeError) as err:
                self._error = str(err)
                continue
            run.thread.speed = self._speed
            run.plateau_stop = False
            run.thread.start()
            self._together.append(run)

    def step_epoch(self) -> None:
        run = self.trainer
        if run is None or run.done or run.is_running:
            return
        if self._awake() is not None:
            run.plateau_stop = False
            run.thread.step_epoch()

    def pause(self) -> None:
        self._pause_current()
        for run in self._together:
            run.thread.pause()
        self._together = []

    def post(self, event: Event) -> None:
        """Queue ``event`` for the current run; while paused it takes effect at once, stamped with this step."""
        run = self.trainer
        if run is None:
            return
        if run.trainer is None and (run.done or self._awake() is None):
            return  # an ended loaded run takes no event (nor does an ended trainer: it is never applied)
        trainer = run.trainer
        trainer.post(event)
        if not run.is_running and not trainer.done:
            trainer.run(0)  # paused: apply it now, at this step boundary

    def poll(self) -> None:
        """Apply an event posted just as the thread stopped (nothing else to take in here)."""
        run = self.trainer
        if run is None or run.trainer is None:
            return
        trainer = run.trainer
        if trainer.has_pending and not run.is_running and not trainer.done:
            trainer.run(0)

    def shutdown(self) -> None:
        """Stop the thread (within a few milliseconds: it checks between steps) and forget every run."""
        self._pause_current()
        for run in self._runs.values():
            if run.thread is not None:
                run.thread.pause()
        self._together = []
        self._runs.clear()
        self._current = None
