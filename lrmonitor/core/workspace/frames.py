"""Frames: what changed in the window's runs since the last display tick, in one object.

The window's controller calls :meth:`FrameMaker.make` once per tick; everything a frame says
is computed here, without Qt, so it is tested headless: which run is current and whether that
changed (subscribers start over), whether steps, events or the state changed, the plateau
guide, the speed meter, and a sentence when the run paused itself at a plateau.
"""

from __future__ import annotations

import time

from ..display.frame import Frame
from ..display.speed import SpeedMeter
from ..run.state import RunState
from .workspace import Workspace


class FrameMaker:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.last: Frame | None = None
        self.redraw = False  # set to make the next frame redraw everything (smoothing changed)
        self._meter = SpeedMeter()
        self._shown = None  # (current run id, its series) of the last frame
        self._seen: tuple | None = None  # (events, diverged_at, state) of the last frame
        self._counts = (0, 0)  # (steps, epochs) the last frame showed
        self._guide = None

    def make(self, error: str | None = None) -> tuple[Frame, str | None]:
        """The frame of this moment, and a sentence for the status bar (or None)."""
        ws, engine = self.workspace, self.workspace.engine
        run, current = engine.trainer, ws.current
        series = ws.series(current)
        first = self._shown != (current, series)
        self._shown = (current, series)
        runs = ws.infos()  # brings every shown run's series up to date
        counts = (series.steps, series.epochs)
        data_changed = first or self.redraw or counts != self._counts
        self._counts, self.redraw = counts, False
        history = run.history
        events = (len(history.events), history.diverged_at)
        events_changed = first or self._seen is None or events != self._seen[:2]
        if data_changed or events_changed or self._guide is None:
            self._guide = ws.guide(current).update(history)
        if events_changed:
            ws.describe(current)
            if ws.changed:  # renamed by its events: the runs listed in this frame carry the new name
                runs = ws.infos()
        state = RunState(engine.state)
        before = None if first or self._seen is None else self._seen[2]
        self._seen = (*events, state)
        news = None
        plateau = self._guide.plateau
        if (before == RunState.RUNNING and state == RunState.PAUSED and engine.pause_on_plateau
                and plateau is not None and series.epochs == plateau.detected_epoch + 1):
            news = (f"Paused: the validation loss stopped improving (best at epoch {plateau.best_epoch}). "
                    "Apply a decay, fork here to compare, or press Space to go on.")
        runs_changed, ws.changed = ws.changed or first, False
        frame = Frame(
            run=run, series=series, state=state, lr=run.current_lr(),
            steps_per_second=self._meter.update(state == RunState.RUNNING, history.steps, time.perf_counter()),
            guide=self._guide, first=first, data_changed=data_changed, events_changed=events_changed,
            state_changed=before != state, error=error, runs=runs, runs_changed=runs_changed,
        )
        self.last = frame
        return frame, news
