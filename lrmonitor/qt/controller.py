"""The run controller: the one owner of the engine, the frame timer and the current run.

Data flows one way: the trainer (in its worker process or thread) appends to the run's
history; once per display frame this controller takes in what the engine reported, brings the
display data up to date (:class:`~lrmonitor.core.display.series.RunSeries`, the plateau
guide, the speed meter) and emits one :class:`~lrmonitor.core.display.frame.Frame` that every
subscriber reads: plots, status bar, guide, preview, autosave. User actions flow back through
its methods as events posted into the trainer. Nothing else polls the engine.

Why a timer rather than a signal per step: one signal per training step cut throughput 3-4x
(measured); a frame a display refresh is all the eye can see.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6 import QtCore

from ..core.display.frame import Frame
from ..core.display.guide import SUGGESTED_DECAY, PlateauGuide
from ..core.display.series import RunSeries
from ..core.display.speed import SpeedMeter
from ..core.engine import Engine, make_engine
from ..core.files.session import Session
from ..core.run.config import RunConfig
from ..core.run.events import ApplySchedule, DecayNow, Event, SetOptimizer, SetRate, Stamped
from ..core.run.state import RunState

FRAME_MS = 16  # redraw at display rate, only when something changed
SLOWEST_FRAME_MS = 100
ENDED_MESSAGE = "The run has ended: Reset (Ctrl+R) to start a new one."


class RunController(QtCore.QObject):
    """Owns the engine and the current run; emits :attr:`frame` once per display tick."""

    frame = QtCore.Signal(object)  # a Frame
    run_replaced = QtCore.Signal(object)  # the new run's RunConfig, as soon as it is asked for
    message = QtCore.Signal(str, int)  # a status-bar message and how long to show it (ms)
    error = QtCore.Signal(str)  # the engine could not even start a run (no frame to say it in)
    failed = QtCore.Signal(str, str)  # a run could not start: title and text for a message box

    def __init__(self, engine: Engine | None = None, smoothing: float = 0.6,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.engine: Engine = engine or make_engine()
        self.has_run = False
        self.series: RunSeries | None = None
        self.last_frame: Frame | None = None
        self._smoothing = smoothing
        self._epochs_per_second: float | None = None
        self.pause_on_plateau = True
        self._guide = PlateauGuide()
        self._guide_state = None
        self._meter = SpeedMeter()
        self._seen: tuple | None = None  # (events, diverged_at, state) of the last frame
        self._counts = (0, 0)  # (steps, epochs) the last frame showed
        self._redraw = False
        self._frame_cost = 0.0
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.tick)

    # -- the run ---------------------------------------------------------------------------
    @property
    def run(self):
        """The current run's trainer (or the window's view of it in the worker process)."""
        return self.engine.trainer if self.has_run else None

    @property
    def started(self) -> bool:
        """The run has made at least one step."""
        run = self.run
        return run is not None and run.step > 0

    @property
    def state(self) -> RunState:
        return RunState(self.engine.state) if self.has_run else RunState.IDLE

    def new_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                wait: bool = True, progress: Callable[[int], None] | None = None) -> bool:
        """Replace the run: ``config`` with ``events``, replaying ``steps`` updates of a saved one.

        With ``wait=False`` the engine prepares it in the background and the first frame
        shows it. False (and :attr:`failed` emitted) if the engine could not start it.
        """
        try:
            self.engine.speed = self._steps_per_second(config.steps_per_epoch)
            self.engine.new_run(config, events, steps, wait=wait, progress=progress)
        except RuntimeError as err:
            self.has_run = False  # the engine dropped the previous run: there is none now
            self.series = None
            self.failed.emit("Cannot start the run", str(err))
            return False
        self.has_run = True
        self.series = None
        self._guide = PlateauGuide()
        self._seen = None
        self.run_replaced.emit(config)
        if wait:
            self.tick()
        return True

    def session(self) -> Session:
        """The run as a session file holds it: configuration, events, summary."""
        run = self.run
        return Session(run.config, list(run.history.events), run.summary())

    # -- user actions ----------------------------------------------------------------------
    def toggle(self) -> None:
        """Start, pause or resume (Space)."""
        if self.run is None:
            return
        if self.engine.is_running:
            self.engine.pause()
        elif self.run.done:
            self.message.emit(ENDED_MESSAGE, 4000)
            return
        else:
            self.engine.start()
        self.tick()

    def pause(self) -> None:
        self.engine.pause()

    def resume(self) -> None:
        self.engine.start()

    def step_epoch(self) -> None:
        """Train to the end of the current epoch."""
        if self.run is not None and not self.engine.is_running and not self.run.done:
            self.engine.step_epoch()

    def post(self, event: Event) -> None:
        """Send an event to the trainer; while paused it takes effect at once (stamped now)."""
        if self.run is None:
            return
        if self.run.done:
            self.message.emit(ENDED_MESSAGE, 5000)
            return
        self.engine.post(event)
        self.tick()  # shows it (and autosaves it) as soon as it has taken effect

    def apply_schedule(self, spec: str) -> None:
        try:
            event = ApplySchedule(spec)
        except ValueError as err:
            self.message.emit(str(err), 6000)
            return
        self.post(event)

    def decay_now(self, factor: float) -> None:
        self.post(DecayNow(factor))

    def apply_suggested(self) -> None:
        self.post(ApplySchedule(SUGGESTED_DECAY))

    def setup_changed(self, what: str, config: RunConfig) -> None:
        """A setup field changed: ``optimizer`` and ``lr`` are events once the run has started;
        anything else waits for Reset. Before the first step the run is simply rebuilt,
        keeping the decays planned for step 0 (and with no run, after a failed start, made).
        ``config`` is valid: the setup panel shows what is wrong with its fields itself."""
        run = self.run
        if run is None or not self.started:
            self.new_run(config, events=list(run.history.events) if run is not None else ())
        elif what == "optimizer":
            self.post(SetOptimizer(config.optimizer))
        elif what == "lr":
            self.post(SetRate(config.lr))
        else:
            self.message.emit("Problem, batch size, epochs, seed and noise apply after Reset (Ctrl+R).", 5000)

    def set_speed(self, epochs_per_second: float | None) -> None:
        """The pace in epochs per second (None: as fast as possible)."""
        self._epochs_per_second = epochs_per_second
        if self.run is not None:
            self.engine.speed = self._steps_per_second(self.run.steps_per_epoch)

    def _steps_per_second(self, steps_per_epoch: int) -> float | None:
        pace = self._epochs_per_second
        return None if pace is None else pace * steps_per_epoch

    def set_smoothing(self, weight: float) -> None:
        """Smooth the loss with another weight; the next frame redraws it."""
        self._smoothing = weight
        if self.series is not None:
            self.series.set_smoothing(weight)
            self._redraw = True
            self.tick()

    # -- the frame -------------------------------------------------------------------------
    def start(self) -> None:
        self.timer.start()

    def tick(self) -> None:
        """One frame. The interval adapts: if frames get expensive (a long curve, a slow
        machine), the window redraws less often rather than fall behind the user."""
        started = time.perf_counter()
        self._frame()
        spent = time.perf_counter() - started
        self._frame_cost = 0.8 * self._frame_cost + 0.2 * spent
        # about half the time for drawing (the repaint after this costs about as much again)
        interval = int(min(SLOWEST_FRAME_MS, max(FRAME_MS, 4000 * self._frame_cost)))
        if abs(interval - self.timer.interval()) > 2:
            self.timer.setInterval(interval)

    def _frame(self) -> None:
        run = self.run
        if run is None:  # no run yet, or one being prepared that failed
            if self.engine.error is not None:
                self.error.emit(f"The training worker could not start: {self.engine.error}")
                self.engine.clear_error()
            return
        self.engine.poll()
        history = run.history
        first = self.series is None or self.series.history is not history
        if first:
            self.series = RunSeries(history, self._smoothing)
        self.series.update()
        counts = (self.series.steps, self.series.epochs)
        data_changed = first or self._redraw or counts != self._counts
        self._counts = counts
        self._redraw = False
        events_key = (len(history.events), history.diverged_at)
        events_changed = first or self._seen is None or events_key != self._seen[:2]
        if data_changed or events_changed or self._guide_state is None:
            self._update_guide(history, first)
        state = RunState(self.engine.state)
        state_changed = first or self._seen is None or state != self._seen[2]
        self._seen = (*events_key, state)
        error = self.engine.error
        if error is not None:
            self.engine.clear_error()
            error = f"The trainer stopped with an error: {error}"
        frame = Frame(
            run=run, series=self.series, state=state, lr=run.current_lr(),
            steps_per_second=self._meter.update(state == RunState.RUNNING, history.steps, time.perf_counter()),
            guide=self._guide_state, first=first, data_changed=data_changed,
            events_changed=events_changed, state_changed=state_changed, error=error,
        )
        self.last_frame = frame
        self.frame.emit(frame)

    def _update_guide(self, history, first: bool) -> None:
        """The guide's state now; the moment the plateau is found, pause there if asked to."""
        had_plateau = not first and self._guide_state is not None and self._guide_state.plateau is not None
        self._guide_state = self._guide.update(history)
        plateau = self._guide_state.plateau
        if plateau is not None and not had_plateau and self.pause_on_plateau and self.engine.is_running:
            self.engine.pause()  # step 2 is done: the student decides what comes next
            self.message.emit(
                f"Paused: the validation loss stopped improving (best at epoch {plateau.best_epoch}). "
                "Apply a decay, or press Space to go on.", 10000)

    def shutdown(self) -> None:
        """Stop the timer and the engine (the worker process exits, shared memory is freed)."""
        self.timer.stop()
        self.has_run = False
        self.engine.shutdown()
