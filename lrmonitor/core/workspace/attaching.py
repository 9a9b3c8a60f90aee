"""An engine that also holds attached trainings, so the workspace keeps them as runs like any other.

The workspace, the frames and the session files talk to one :class:`~..engine.interface.Engine`
by run id. :class:`AttachingEngine` wraps the window's engine and adds runs that no engine
trains: :class:`~..link.view.AttachedView`\\ s of trainings that stream into the window (ids
``-1, -2, …``, never an engine's). Everything about a built-in run goes to the wrapped engine
unchanged; for an attached run the engine answers what a trainer view allows (read it, record
it, drop it, load it back) and refuses, with the reason, what needs a replay: fork, continue.

While an attached run is current the wrapped engine's current run is paused and stays its
current run; the transport (start, pause, step, post) belongs to the attached training and
goes through the link, not through here: :attr:`is_running` is False so that selecting or
deleting another run never pauses the student's training as a side effect.
"""

from __future__ import annotations

from ..engine.interface import Engine
from ..link.record import NOT_REPLAYABLE
from ..link.view import AttachedRecord, AttachedView
from ..run.state import RunState

NO_TRANSPORT = ("an attached training is started, paused and steered through its link "
                "(Space, Decay now, Apply decay), not trained by lrmonitor")


class AttachingEngine:
    """The window's engine plus attached runs (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.inner = engine
        self.attached: dict[int, AttachedView] = {}
        self._current: int | None = None  # an attached run's id while one is current
        self._next_id = -1

    def __getattr__(self, name: str):
        """Anything else (``kind``, ``error``, a worker's ``process``) is the wrapped engine's."""
        inner = self.__dict__.get("inner")
        if inner is None:  # not set up yet (copying, pickling): no such attribute
            raise AttributeError(name)
        return getattr(inner, name)

    # -- attached runs ----------------------------------------------------------------------
    def add_attached(self, view: AttachedView) -> int:
        """Hold ``view`` as a run and make it current; its id."""
        run_id, self._next_id = self._next_id, self._next_id - 1
        self.attached[run_id] = view
        self._make_current(run_id)
        return run_id

    @property
    def attached_current(self) -> AttachedView | None:
        return None if self._current is None else self.attached[self._current]

    def _make_current(self, run_id: int) -> None:
        if self.inner.is_running:
            self.inner.pause()
        self._current = run_id

    # -- settings the window sets ------------------------------------------------------------
    @property
    def speed(self) -> float | None:
        return self.inner.speed

    @speed.setter
    def speed(self, value: float | None) -> None:
        self.inner.speed = value

    @property
    def pause_on_plateau(self) -> bool:
        return self.inner.pause_on_plateau

    @pause_on_plateau.setter
    def pause_on_plateau(self, on: bool) -> None:
        self.inner.pause_on_plateau = on

    # -- runs --------------------------------------------------------------------------------
    def new_run(self, config, events=(), steps=None, progress=None, wait=True):
        self._current = None
        return self.inner.new_run(config, events, steps, progress=progress, wait=wait)

    def fork(self, parent_id: int, step: int, action) -> int:
        if parent_id in self.attached:
            raise ValueError(f"This run cannot be forked: {NOT_REPLAYABLE}.")
        self._current = None
        return self.inner.fork(parent_id, step, action)

    def load(self, record) -> int:
        if isinstance(record, AttachedRecord) or getattr(record, "origin", None) is not None:
            return self.add_attached(AttachedView.from_record(record))
        self._current = None
        return self.inner.load(record)

    def record(self, run_id: int):
        if run_id in self.attached:
            return self.attached[run_id].record()
        return self.inner.record(run_id)

    def select(self, run_id: int) -> None:
        if run_id in self.attached:
            self._make_current(run_id)
            return
        self._current = None
        self.inner.select(run_id)

    def drop(self, run_id: int) -> None:
        if run_id in self.attached:
            del self.attached[run_id]
            if self._current == run_id:
                self._current = None
            return
        self.inner.drop(run_id)

    def continue_run(self, run_id: int, epochs: int) -> None:
        if run_id in self.attached:
            raise ValueError(f"This run cannot be trained longer: {NOT_REPLAYABLE}.")
        self.inner.continue_run(run_id, epochs)

    @property
    def runs(self) -> dict:
        return {**self.inner.runs, **self.attached}

    @property
    def current_id(self) -> int | None:
        return self._current if self._current is not None else self.inner.current_id

    @property
    def trainer(self):
        view = self.attached_current
        return view if view is not None else self.inner.trainer

    @property
    def preparing(self) -> bool:
        return self._current is None and self.inner.preparing

    @property
    def state(self) -> RunState:
        view = self.attached_current
        return view.status if view is not None else self.inner.state

    @property
    def is_running(self) -> bool:
        return self._current is None and self.inner.is_running

    @property
    def lost(self) -> bool:
        return self._current is None and self.inner.lost

    # -- the transport: the wrapped engine's current run only ---------------------------------
    def _transport(self) -> None:
        if self._current is not None:
            raise ValueError(f"Not for this run: {NO_TRANSPORT}.")

    def start(self, steps: int | None = None) -> None:
        self._transport()
        self.inner.start(steps)

    def pause(self) -> None:
        if self._current is None:  # an attached training is paused through its link
            self.inner.pause()

    def step_epoch(self) -> None:
        self._transport()
        self.inner.step_epoch()

    def post(self, event) -> None:
        self._transport()
        self.inner.post(event)

    def poll(self) -> None:
        self.inner.poll()

    def shutdown(self) -> None:
        self._current = None
        self.inner.shutdown()
