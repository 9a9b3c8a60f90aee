"""The run controller: the one owner of the engine, the frame timer and the window's runs.

Data flows one way: the trainer (in its worker process or thread) appends to the run's
history; once per display frame this controller takes in what the engine reported, brings the
display data up to date (each shown run's :class:`~lrmonitor.core.display.series.RunSeries`,
the plateau guide, the speed meter) and emits one :class:`~lrmonitor.core.display.frame.Frame`
that every subscriber reads: plots, runs panel, status bar, guide, preview, autosave. User
actions flow back through its methods as events posted into the trainer, or as forks, selects
and deletions of runs in the :class:`~lrmonitor.core.workspace.workspace.Workspace`. Nothing
else polls the engine.

Why a timer rather than a signal per step: one signal per training step cut throughput 3-4x
(measured); a frame a display refresh is all the eye can see.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable

from PySide6 import QtCore
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ..core.display.frame import Frame
from ..core.display.guide import SUGGESTED_DECAY
from ..core.display.pacing import FASTEST_MS, FramePacer
from ..core.engine import Engine, make_engine
from ..core.engine.interface import CancelledError
from ..core.files.lrmon_records import LoadedRun
from ..core.run.config import RunConfig
from ..core.run.events import ApplySchedule, DecayNow, Event, SetOptimizer, SetRate, Stamped
from ..core.run.state import RunState
from ..core.workspace.attaching import AttachingEngine
from ..core.workspace.frames import FrameMaker
from ..core.workspace.workspace import Workspace
from .attached import AttachedTraining
from .language import core_error, run_name

# translated where shown (self.tr)
ENDED_MESSAGE = QT_TRANSLATE_NOOP("RunController",
                                  "The run has ended: fork it, train it longer, or Reset (Ctrl+R) for a new one.")
LOST_MESSAGE = QT_TRANSLATE_NOOP("RunController", "The trainer stopped, so this run cannot train or take a decay: "
                                 "Restart the trainer (in the red banner) to go on from where it was recorded.")


class RunController(QtCore.QObject):
    """Owns the engine and the runs; emits :attr:`frame` once per display tick."""

    frame = QtCore.Signal(object)  # a Frame
    run_replaced = QtCore.Signal(object)  # the current run's RunConfig, whenever another run becomes current
    message = QtCore.Signal(str, int)  # a status-bar message and how long to show it (ms)
    error = QtCore.Signal(str)  # the engine could not even start a run (no frame to say it in)
    failed = QtCore.Signal(str, str)  # a run could not start: title and text for a message box
    lost_changed = QtCore.Signal(bool)  # the trainer process died (True) or was restarted (False)

    def __init__(self, engine: Engine | None = None, smoothing: float = 0.6,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.engine: Engine = AttachingEngine(engine or make_engine())  # attached trainings are runs too
        self.workspace = Workspace(self.engine, smoothing)
        self.workspace.shown_name = run_name  # names made by the app, in the window's language
        self.attached = AttachedTraining(self.engine, self.workspace, self)  # its transport, when current
        self.attached.message.connect(self.message)
        self.frames = FrameMaker(self.workspace)
        self._epochs_per_second: float | None = None
        self.pacer = FramePacer()  # the frame interval: 16 ms, longer when frames cost more
        self._lost = False  # the engine's current run was lost with its worker (as last told)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(FASTEST_MS)
        self.timer.timeout.connect(self.tick)

    # -- the current run -------------------------------------------------------------------
    @property
    def has_run(self) -> bool:
        return self.workspace.current is not None

    @property
    def run(self):
        """The current run's trainer (or the window's view of it in the worker process)."""
        return self.engine.trainer if self.has_run else None

    @property
    def series(self):
        return None if self.workspace.current is None else self.workspace.series(self.workspace.current)

    @property
    def started(self) -> bool:
        """The current run has made at least one step."""
        run = self.run
        return run is not None and run.step > 0

    @property
    def state(self) -> RunState:
        return RunState(self.engine.state) if self.has_run else RunState.IDLE

    @property
    def pause_on_plateau(self) -> bool:
        return self.engine.pause_on_plateau

    @pause_on_plateau.setter
    def pause_on_plateau(self, on: bool) -> None:
        self.engine.pause_on_plateau = on

    def new_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                wait: bool = True, progress: Callable[[int], None] | None = None, keep: bool = False) -> bool:
        """A new run: ``config`` with ``events``, replaying ``steps`` updates of a saved one. ``keep``:
        the other runs stay (Reset), else it replaces them all. ``wait=False``: prepared in the
        background, shown by the first frame. False (:attr:`failed` emitted) if it cannot start."""
        try:
            self.engine.speed = self._steps_per_second(config.steps_per_epoch)
            if not keep:
                self.workspace.clear()
            self.workspace.add_run(config, events, steps, wait=wait, progress=progress)
        except CancelledError:
            self.workspace.current = None
            self.message.emit(self.tr("Opening cancelled: the saved run was not replayed to its end."), 10000)
            return False
        except RuntimeError as err:
            self.workspace.current = None  # the engine has no current run now
            self.failed.emit(self.tr("Cannot start the run"), core_error(err))
            return False
        if wait:
            self._became_current()
        else:  # the first frame shows it: the window's first paint does not wait for the worker
            self.run_replaced.emit(config)
        return True

    def open_runs(self, runs) -> bool:
        """Replace every run by the runs of a session file, as recorded (no replay)."""
        if self.engine.is_running:
            self.engine.pause()
        try:
            self.workspace.open_tree(runs)
        except (RuntimeError, ValueError) as err:
            self.workspace.current = None
            self.failed.emit(self.tr("Cannot open the runs"), core_error(err))
            return False
        self._became_current()
        return True

    # -- user actions on the current run ---------------------------------------------------
    def toggle(self) -> None:
        """Start, pause or resume (Space)."""
        if self.run is None or self._refuse_lost():
            return
        if self.attached.owns_current:
            self.attached.toggle()
            return
        if self.engine.is_running:
            self.engine.pause()
        elif self.run.done:
            self.message.emit(self.tr(ENDED_MESSAGE), 5000)
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
        if self.run is not None and self._refuse_lost():
            return
        if self.attached.owns_current:
            self.attached.refuse(self.tr("Step one epoch"))
            return
        if self.run is not None and not self.engine.is_running and not self.run.done:
            self.engine.step_epoch()

    def post(self, event: Event) -> None:
        """Send an event to the trainer; while paused it takes effect at once (stamped now)."""
        if self.run is None or self._refuse_lost():
            return
        if self.attached.owns_current:  # a command to the training, acknowledged in a later frame
            self.attached.send(event)
            return
        if self.run.done:
            self.message.emit(self.tr(ENDED_MESSAGE), 5000)
            return
        self.engine.post(event)
        self.tick()  # shows it (and autosaves it) as soon as it has taken effect

    def apply_schedule(self, spec: str) -> None:
        try:
            event = ApplySchedule(spec)
        except ValueError as err:
            self.message.emit(core_error(err), 6000)
            return
        self.post(event)

    def decay_now(self, factor: float) -> None:
        self.post(DecayNow(factor))

    def apply_suggested(self) -> None:
        """Apply the guide's suggested decay, once: again would start its schedule over at the lowered rate."""
        run = self.run
        suggested = ApplySchedule(SUGGESTED_DECAY)
        if run is not None and any(s.event == suggested for s in run.history.events):
            self.message.emit(self.tr("The suggested decay is already applied to this run."), 5000)
            return
        self.post(suggested)

    def setup_changed(self, what: str, config: RunConfig) -> None:
        """A setup field changed: ``optimizer`` and ``lr`` are events once the run has started;
        anything else waits for Reset. Before the first step the run is simply rebuilt,
        keeping the decays planned for step 0 (and with no run, after a failed start, made).
        ``config`` is valid: the setup panel shows what is wrong with its fields itself."""
        run = self.run
        if run is None:
            self.new_run(config, keep=True)
        elif self.attached.owns_current:
            self.attached.refuse(self.tr("The setup"))
        elif not self.started:
            try:
                self.engine.speed = self._steps_per_second(config.steps_per_epoch)
                self.workspace.replace_current(config, list(run.history.events))
            except RuntimeError as err:
                self.workspace.current = None
                self.failed.emit(self.tr("Cannot start the run"), core_error(err))
                return
            self._became_current()
        elif what == "optimizer":
            self.post(SetOptimizer(config.optimizer))
        elif what == "lr":
            self.post(SetRate(config.lr))
        else:
            self.message.emit(self.tr("Problem, batch size, epochs, seed and noise apply after Reset (Ctrl+R)."), 5000)

    # -- runs of the workspace ---------------------------------------------------------------
    def fork(self, run_id: int, step: int, event: Event) -> bool:
        """Fork a run at ``step`` with ``event``; the fork becomes current, beside its parent."""
        if self._refuse_lost():
            return False
        if self.engine.is_running:
            self.engine.pause()
        try:
            self.workspace.fork(run_id, step, event)
        except (ValueError, RuntimeError) as err:  # RuntimeError: the worker could not do it
            self.message.emit(core_error(err), 8000)
            return False
        self._became_current()
        return True

    def fork_here(self, event: Event) -> bool:
        """Fork the current run where it is now (or at its last step, if it has ended)."""
        if self.run is None:
            return False
        if self.engine.is_running:
            self.engine.pause()
        current = self.workspace.current
        low, high = self.workspace.fork_range(current)
        return self.fork(current, min(max(self.run.step, low), high), event)

    def add_records(self, named: list[tuple[str, object]]) -> bool:
        """Add recorded runs (name, record) as new first runs, as they are (the Rates tab's runs,
        to compare and fork); the last becomes current."""
        if self.engine.is_running:
            self.engine.pause()
        try:
            for name, record in named:
                self.workspace.add_record(record, name)
        except (RuntimeError, ValueError) as err:
            self.failed.emit(self.tr("Cannot add the runs"), core_error(err))
            self.tick()
            return False
        self._became_current()
        return True

    def select(self, run_id: int) -> None:
        if self.engine.is_running:
            self.engine.pause()
        try:
            self.workspace.select(run_id)
        except RuntimeError as err:  # the worker did not answer
            self.failed.emit(self.tr("Cannot select the run"), core_error(err))
        self._became_current()

    def set_visible(self, run_id: int, on: bool) -> None:
        self.workspace.set_visible(run_id, on)
        self.tick()

    def rename(self, run_id: int, name: str) -> None:
        try:
            self.workspace.rename(run_id, name)
        except ValueError as err:
            self.message.emit(core_error(err), 6000)
            self.workspace.changed = True  # the runs panel shows the name typed: list the real one again
        self.tick()

    def delete(self, run_id: int) -> None:
        """Delete a run and its forks; Ctrl+Z brings them back."""
        if self.engine.is_running:
            self.engine.pause()
        try:
            names = self.workspace.delete(run_id)
        except RuntimeError as err:  # the worker did not answer
            self.failed.emit(self.tr("Cannot delete the run"), core_error(err))
            self.tick()
            return
        self.message.emit(self.tr("Deleted {0} (Ctrl+Z brings it back).").format(", ".join(names)), 8000)
        if self.has_run:
            self._became_current()

    def undo(self) -> None:
        if not self.workspace.can_undo:
            self.message.emit(self.tr("Nothing to undo."), 3000)
            return
        if self.engine.is_running:
            self.engine.pause()
        try:
            names = self.workspace.undo()
        except (RuntimeError, ValueError) as err:  # the worker did not answer, or refused the record
            self.failed.emit(self.tr("Cannot bring the run back"), core_error(err))
            self.tick()
            return
        self.message.emit(self.tr("Brought back {0}.").format(", ".join(names)), 5000)
        self._became_current()

    def continue_run(self, epochs: int) -> None:
        """Train the current (finished) run ``epochs`` more epochs; recorded in its configuration."""
        if self.run is None or self._refuse_lost():
            return
        try:
            self.workspace.continue_run(self.workspace.current, epochs)
        except (ValueError, RuntimeError) as err:
            self.message.emit(core_error(err), 8000)
            return
        self.run_replaced.emit(self.config_now())
        self.tick()

    # -- the trainer process died ------------------------------------------------------------
    @property
    def lost(self) -> bool:
        """The current run's trainer process died (the runs stay readable; see :meth:`restart`)."""
        return self.has_run and self.engine.lost

    def _refuse_lost(self) -> bool:
        """Say why nothing happens if the trainer is gone (True), rather than do nothing silently."""
        if self.lost:
            self.message.emit(self.tr(LOST_MESSAGE), 10000)
            return True
        return False

    def restart(self) -> bool:
        """A new trainer process with every run as it was recorded (names, forks, the current run and
        which runs are drawn are kept); the current run goes on from its last recorded step. What
        cannot come back: the undo of earlier deletions."""
        workspace = self.workspace
        current, visible = workspace.current, set(workspace.visible)
        try:
            tree = workspace.saved_tree()
            workspace.open_tree([LoadedRun(n.id, n.name, n.parent, n.fork_step, n.action, n.colour, n.run)
                                 for n in tree])
            if current in workspace.tree:
                workspace.select(current)
        except (RuntimeError, ValueError) as err:
            self.failed.emit(self.tr("Cannot restart the trainer"), core_error(err))
            self.tick()
            return False
        workspace.visible = {i for i in visible if i in workspace.tree} | ({workspace.current} - {None})
        self.engine.clear_error()
        self._became_current()
        return True

    def _became_current(self) -> None:
        """Another run is current: the setup shows it, and the next frame starts the views over."""
        if self.run is not None:
            self.engine.speed = self._steps_per_second(self.run.steps_per_epoch)
            self.run_replaced.emit(self.config_now())
        self.tick()

    def config_now(self) -> RunConfig | None:
        """The current run's configuration with the optimizer and α0 it uses now: after its
        optimizer and rate events (SetOptimizer, SetRate), not the ones it started with, so the
        setup shows what the run on screen does and a Reset from the fields makes that run.
        Decays are not α0: they act on it, and a new run starts from α0 again."""
        run = self.run
        if run is None:
            return None
        config = run.config
        for stamped in run.history.events:
            event = stamped.event
            if isinstance(event, SetOptimizer):
                config = dataclasses.replace(config, optimizer=event.spec)
            elif isinstance(event, SetRate):
                config = dataclasses.replace(config, lr=event.value)
        return config

    # -- settings ----------------------------------------------------------------------------
    def set_speed(self, epochs_per_second: float | None) -> None:
        """The pace in epochs per second (None: as fast as possible)."""
        self._epochs_per_second = epochs_per_second
        if self.run is not None:
            self.engine.speed = self._steps_per_second(self.run.steps_per_epoch)

    def _steps_per_second(self, steps_per_epoch: int) -> float | None:
        pace = self._epochs_per_second
        return None if pace is None else pace * steps_per_epoch

    def set_smoothing(self, weight: float) -> None:
        """Smooth the loss with another weight (every shown run); the next frame redraws it."""
        self.workspace.smoothing = weight
        for info in self.workspace.infos():
            if info.series is not None:
                info.series.set_smoothing(weight)
        self.frames.redraw = True
        self.tick()

    # -- the frame -------------------------------------------------------------------------
    def start(self) -> None:
        self.timer.start()

    def tick(self) -> None:
        """One frame. The interval adapts (:mod:`~lrmonitor.core.display.pacing`): if frames get
        expensive (a long curve, a slow or loaded machine), the window redraws less often rather
        than take the trainer's core or fall behind the user."""
        started, cpu = time.perf_counter(), time.thread_time()
        self._frame()
        interval = self.pacer.tick(cpu, time.perf_counter() - started, time.thread_time() - cpu)
        if interval != self.timer.interval():
            self.timer.setInterval(interval)

    def _frame(self) -> None:
        if self.engine.preparing:  # the worker is still starting or replaying: never wait in a frame
            return
        self.workspace.adopt_pending()
        if self.attached.poll():
            self._became_current()  # a training attached: its run is current (this ticks again)
            return
        if self.run is None:  # no run yet, or one being prepared that failed
            if self.engine.error is not None:
                self.error.emit(self.tr("The training worker could not start: {0}").format(self.engine.error))
                self.engine.clear_error()
            return
        self.engine.poll()
        error = self.engine.error
        if error is not None:
            self.engine.clear_error()
            error = self.tr("The trainer stopped with an error: {0}").format(error)
        frame, news = self.frames.make(error)
        if news:  # the core's one piece of news: the run paused at a plateau; worded here in the window's language
            plateau = frame.guide.plateau
            if plateau is not None:
                news = self.tr("Paused: the validation loss stopped improving (best at epoch {0}). Apply a decay, "
                               "fork here to compare, or press Space to go on.").format(plateau.best_epoch)
            self.message.emit(news, 10000)
        if self.engine.pause_on_plateau and self.attached.owns_current:
            self.attached.pause_at_plateau(frame.guide.plateau)
        self.frame.emit(frame)
        lost = self.engine.lost
        if lost != self._lost or (frame.first and lost):  # a first frame hides the banner: say it again
            self._lost = lost
            self.lost_changed.emit(lost)

    @property
    def last_frame(self) -> Frame | None:
        return self.frames.last

    def shutdown(self) -> None:
        """Stop the timer and the engine (the worker process exits, shared memory is freed)."""
        self.timer.stop()
        self.attached.stop_listening()
        self.workspace.current = None
        self.engine.shutdown()
