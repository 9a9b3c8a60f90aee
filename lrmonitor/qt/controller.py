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

What the user does lives in the controller's parts, one concept a module, each acting on this
controller's run and holding none of its own: :mod:`~lrmonitor.qt.transport` (start, pause,
step, the events posted into the trainer), :mod:`~lrmonitor.qt.run_setup` (a setup field's
change, the setup the run uses now), :mod:`~lrmonitor.qt.run_actions` (the runs panel's fork,
select, rename, delete, undo...) and :mod:`~lrmonitor.qt.worker_restart` (a lost worker). The
controller's methods of the same names hand over to them, so the panels and the window talk to
the controller alone. This module keeps what is the controller's own: the current run, making
and opening runs, the pace and smoothing settings, and the frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6 import QtCore

from ..core.display.frame import Frame
from ..core.display.pacing import FASTEST_MS, FramePacer
from ..core.engine import Engine, make_engine
from ..core.engine.interface import CancelledError
from ..core.run.config import RunConfig
from ..core.run.events import Event, Stamped
from ..core.run.state import RunState
from ..core.workspace.attaching import AttachingEngine
from ..core.workspace.frames import FrameMaker
from ..core.workspace.workspace import Workspace
from .attached import AttachedTraining
from .language import core_error, run_name
from .run_actions import RunActions
from .run_setup import RunSetup
from .transport import Transport
from .worker_restart import WorkerRestart


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
        # its parts, one concept each; they act on this controller's run and hold none of their own
        self.transport = Transport(self)
        self.run_setup = RunSetup(self)
        self.run_actions = RunActions(self)
        self.worker_restart = WorkerRestart(self)
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
            self.engine.speed = self.steps_per_second(config.steps_per_epoch)
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
            self.became_current()
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
        self.became_current()
        return True

    def became_current(self) -> None:
        """Another run is current (made, opened, forked, selected...): the setup shows it, and the next
        frame starts the views over."""
        if self.run is not None:
            self.engine.speed = self.steps_per_second(self.run.steps_per_epoch)
            self.run_replaced.emit(self.config_now())
        self.tick()

    # -- what the panels do, in the controller's parts (one concept a module) ------------------
    # the current run's transport: lrmonitor.qt.transport
    def toggle(self) -> None:
        self.transport.toggle()

    def pause(self) -> None:
        self.transport.pause()

    def resume(self) -> None:
        self.transport.resume()

    def step_epoch(self) -> None:
        self.transport.step_epoch()

    def post(self, event: Event) -> None:
        self.transport.post(event)

    def apply_schedule(self, spec: str) -> None:
        self.transport.apply_schedule(spec)

    def decay_now(self, factor: float) -> None:
        self.transport.decay_now(factor)

    def apply_suggested(self) -> None:
        self.transport.apply_suggested()

    # the setup panel and the current run: lrmonitor.qt.run_setup
    def setup_changed(self, what: str, config: RunConfig) -> None:
        self.run_setup.changed(what, config)

    def config_now(self) -> RunConfig | None:
        return self.run_setup.now()

    # the runs panel's operations on the workspace: lrmonitor.qt.run_actions
    def fork(self, run_id: int, step: int, event: Event) -> bool:
        return self.run_actions.fork(run_id, step, event)

    def fork_here(self, event: Event) -> bool:
        return self.run_actions.fork_here(event)

    def add_records(self, named: list[tuple[str, object]]) -> bool:
        return self.run_actions.add_records(named)

    def select(self, run_id: int) -> None:
        self.run_actions.select(run_id)

    def set_visible(self, run_id: int, on: bool) -> None:
        self.run_actions.set_visible(run_id, on)

    def rename(self, run_id: int, name: str) -> None:
        self.run_actions.rename(run_id, name)

    def delete(self, run_id: int) -> None:
        self.run_actions.delete(run_id)

    def undo(self) -> None:
        self.run_actions.undo()

    def continue_run(self, epochs: int) -> None:
        self.run_actions.continue_run(epochs)

    # the trainer process died: lrmonitor.qt.worker_restart
    @property
    def lost(self) -> bool:
        """The current run's trainer process died (the runs stay readable; see :meth:`restart`)."""
        return self.worker_restart.lost

    def restart(self) -> bool:
        return self.worker_restart.restart()

    # -- settings ----------------------------------------------------------------------------
    def set_speed(self, epochs_per_second: float | None) -> None:
        """The pace in epochs per second (None: as fast as possible)."""
        self._epochs_per_second = epochs_per_second
        if self.run is not None:
            self.engine.speed = self.steps_per_second(self.run.steps_per_epoch)

    def steps_per_second(self, steps_per_epoch: int) -> float | None:
        """The engine's pace for a run of ``steps_per_epoch`` at the chosen epochs per second (None: as fast
        as possible)."""
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
            self.became_current()  # a training attached: its run is current (this ticks again)
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
        self.worker_restart.tell(frame)

    @property
    def last_frame(self) -> Frame | None:
        return self.frames.last

    def shutdown(self) -> None:
        """Stop the timer and the engine (the worker process exits, shared memory is freed)."""
        self.timer.stop()
        self.attached.stop_listening()
        self.workspace.current = None
        self.engine.shutdown()
