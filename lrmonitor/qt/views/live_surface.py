"""The Surface tab, live: every visible run's path on the loss surface as the runs train.

Once per frame (while the tab is shown) each visible run's :class:`~lrmonitor.core.display.live_path.PathReplay`
advances until a deadline (:data:`BUDGET` seconds for the whole frame), then the view gets the new
points. The contours are recomputed only when they must be: for ``linear`` when a path leaves the
grid, and the zoomed panel (the last 10 epochs around the minimum) once per epoch; for a projection
once per epoch of the first run, a few grid rows per frame (:class:`ProjectionBuilder`), the old
surface staying on screen meanwhile.
"""

from __future__ import annotations

import dataclasses
import time

from PySide6 import QtCore

from ...core.display.frame import Frame, RunInfo
from ...core.display.live_path import PathReplay, ProjectionBuilder
from ...core.display.surface import linear_surface, zoom_surface
from ...core.run.state import RunState
from ...core.training.problems import LinearRegression
from .surface_view import SurfaceView

BUDGET = 0.004  # seconds of replay and contour work per frame while a run trains: well inside 16 ms
IDLE_BUDGET = 0.010  # while nothing trains the window has time to spare: catch up faster
ZOOM_EPOCHS = 10  # the zoomed panel frames the paths' last this many epochs
REFRAME_SECONDS = 0.5  # the zoomed panel follows the run at most this often (a redraw of both is ~10 ms)


class LiveSurface(QtCore.QObject):
    """Feeds a :class:`SurfaceView` from the window's frames; ``run_ids`` name its paths' runs."""

    def __init__(self, view: SurfaceView, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.replays: dict[int, PathReplay] = {}
        self.run_ids: list[int] = []
        self._frame: Frame | None = None
        self._runs_key: tuple | None = None
        self._drawn_key: tuple | None = None
        self._builder: ProjectionBuilder | None = None
        self._built_epochs = -1
        self._zoom_epoch = -1
        self._zoomed_at = 0.0
        self._projection: ProjectionBuilder | None = None  # the plane drawn now
        self.mismatch = False  # some replay's losses differ from the recorded ones: its path is not drawn

    def forget(self) -> None:
        """Let go of the last frame and the replays (the runs' histories are about to be freed)."""
        self._frame = None
        self.replays.clear()

    def on_frame(self, frame: Frame) -> None:
        self._frame = frame
        if self.view.isVisible():
            budget = BUDGET if frame.state == RunState.RUNNING else IDLE_BUDGET
            self.advance(time.perf_counter() + budget)

    def advance(self, deadline: float) -> None:
        """Replay, then redraw what changed, until ``deadline`` (a frame's share of time)."""
        frame = self._frame
        if frame is None:
            return
        runs = self._shown_runs(frame)
        for info in runs:
            replay = self.replays.get(info.id)
            if replay is None or replay.outdated(info.view.history) or replay.trainer.config != info.view.config:
                replay = self.replays[info.id] = PathReplay(info.view.config, list(info.view.history.events))
            replay.follow(info.view.history, deadline)
        for gone in set(self.replays) - {info.id for info in runs}:
            del self.replays[gone]
        runs = [info for info in runs if self.replays[info.id].matches]
        self.mismatch = len(runs) < len(self._shown_runs(frame))
        if not runs or len(self.replays[runs[0].id].states) == 0:
            return
        self._draw(runs, deadline)

    @staticmethod
    def _shown_runs(frame: Frame) -> list[RunInfo]:
        """The visible runs (and the current one) in the runs panel's order: a fork is drawn over its
        parent, and the plane of a projection is fitted to the first run, as ``lrmonitor path`` does."""
        return [info for info in frame.runs if info.visible or info.current]

    def _draw(self, runs: list[RunInfo], deadline: float) -> None:
        replays = [self.replays[info.id] for info in runs]
        problem = replays[0].trainer.problem
        key = tuple((info.id, info.name, info.colour, info.fork_step) for info in runs)
        paths = [r.states for r in replays]
        steps = [r.steps for r in replays]
        if isinstance(problem, LinearRegression):
            epoch = replays[0].step // replays[0].trainer.steps_per_epoch
            surface = self.view.surface
            outside = surface is None or surface.projection or not all(surface.contains(p[-64:]) for p in paths)
            reframe = epoch != self._zoom_epoch and time.perf_counter() - self._zoomed_at >= REFRAME_SECONDS
            if key != self._drawn_key or outside or reframe:
                self._zoom_epoch, self._zoomed_at = epoch, time.perf_counter()
                after = max(0, (epoch - ZOOM_EPOCHS) * replays[0].trainer.steps_per_epoch)
                if not outside and key == self._drawn_key:  # the same contours, today's paths on them
                    whole = dataclasses.replace(surface, paths=[p[:, :2] for p in paths])
                else:
                    whole = linear_surface(problem, paths)
                self._set(runs, whole, steps, zoom_surface(problem, paths, steps, after), problem)
            else:
                self.view.set_paths([p[:, :2] for p in paths], steps)
            return
        self._draw_projection(runs, replays, key, deadline)

    def _draw_projection(self, runs, replays, key, deadline: float) -> None:
        main = replays[0]
        epochs = len(main.states)
        if self._builder is None and epochs >= 3 and (epochs != self._built_epochs or key != self._drawn_key):
            self._builder = ProjectionBuilder(main.trainer.problem, main.trainer.params, [r.states for r in replays])
            self._built_epochs = epochs
        if self._builder is not None and self._builder.advance(deadline):
            builder, self._builder = self._builder, None
            self._set(runs, builder.surface(), [r.steps[: len(c)] for r, c in zip(replays, builder.coords)], None, None)
            self._projection = builder
        elif self._drawn_key == key and self._projection is not None:
            self.view.set_paths([self._projection.project(r.states) for r in replays], [r.steps for r in replays])

    def _set(self, runs, surface, steps, zoom, problem) -> None:
        self.view.set_problem(problem)
        self.view.set_surface(surface, steps, [info.name for info in runs], slots=[info.colour for info in runs],
                              from_steps=[info.fork_step or 0 for info in runs], zoom=zoom)
        self.run_ids = [info.id for info in runs]
        self._drawn_key = tuple((info.id, info.name, info.colour, info.fork_step) for info in runs)

    def run_id(self, name: str) -> int | None:
        """The id of the drawn run called ``name`` (what the view's signals name)."""
        for run_id, drawn in zip(self.run_ids, self.view.names):
            if drawn == name:
                return run_id
        return None

