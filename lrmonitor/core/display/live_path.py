"""The path on the loss surface, live: rebuilt in the window's process by replaying each run.

Why a replay rather than parameters sent by the worker: a run replays exactly (its configuration
and stamped events give the same numbers bit for bit), so the window can rebuild the path of the
parameters from what it already has, without a new message, shared column or cost in the worker.
For ``linear`` (two parameters) a replay with :class:`~.surface.PathRecorder` runs at about 130k
steps/s, far faster than a live run is shown; for the other problems it records the epoch-end
states. Each frame advances a replay only until a deadline, so the window is never late: a replay
that falls behind (a fast mlp run) catches up over the next frames, and at once when paused.

The replay checks itself: its mini-batch losses must equal the recorded ones. They differ when an
event reached the window after the steps that followed it (a worker's steps are read in place from
shared memory, its events come by message): the replay then went past the event's step without it,
and is made again (:meth:`PathReplay.outdated`). If they differ otherwise (a run loaded from a file
made on another computer, whose arithmetic differs in the last bits), :attr:`PathReplay.matches`
stays False and the view leaves the path out rather than draw a wrong one quietly.

:class:`ProjectionBuilder` computes the loss on the plane of a projection (Li et al. 2018 §7) a
few grid rows per frame: a 21×21 grid of mlp full-batch losses is ~0.1 s of work, too long for
one frame.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

import numpy as np

from ..run.config import RunConfig
from ..run.events import Stamped
from ..run.history import History
from ..run.trainer import Trainer
from ..training.problems import Problem
from .surface import PathRecorder, Surface, _extent, _unflatten, log_levels

FIRST_CHUNK = 256  # steps of the first replay call; later calls size their chunks to ~1 ms each
CHUNK_SECONDS = 0.001
LIVE_PROJECTION_GRID = 21  # points per axis while live (the command line draws 41)


class PathReplay:
    """One run replayed from its configuration and events, following its live history."""

    def __init__(self, config: RunConfig, events: Iterable[Stamped] = ()) -> None:
        events = list(events)
        self.trainer = Trainer(config, events, checkpoints=False)
        self.recorder = PathRecorder(self.trainer)
        self._events = len(events)
        self._chunk = FIRST_CHUNK
        self._checked = 0
        self.matches = True  # every replayed mini-batch loss equals the recorded one
        self.stale = False  # an event came in for a step already replayed: replay again from the start

    @property
    def step(self) -> int:
        return self.trainer.step

    @property
    def steps(self) -> np.ndarray:
        return self.recorder.steps

    @property
    def states(self) -> np.ndarray:
        return self.recorder.states

    def outdated(self, history: History) -> bool:
        """Replay again from the start: an event came for a step already replayed, or the losses
        differ and events arrived since (they explain it)."""
        return self.stale or (not self.matches and len(history.events) > self._events)

    def follow(self, history: History, deadline: float) -> bool:
        """Replay towards ``history``'s last step until ``deadline`` (``time.perf_counter``).

        True if points were added. New events of the live run are planned at their steps; one
        stamped before the replay's step makes the replay :attr:`stale` (it adds nothing more).
        """
        if self.stale:
            return False
        events = history.events
        if len(events) > self._events:
            new = list(events[self._events :])
            if any(s.step < self.trainer.step for s in new):
                self.stale = True
                return False
            for stamped in new:
                self.trainer.plan(stamped)
            self._events += len(new)
        target = history.steps
        trainer, before, chunk = self.trainer, self.trainer.step, self._chunk
        while trainer.step < target and not trainer.done:
            started = time.perf_counter()
            if started >= deadline:
                break
            count = min(chunk, target - trainer.step)
            self.recorder.run(count)
            spent = time.perf_counter() - started
            if count == chunk:  # a whole chunk: size the next ones to about CHUNK_SECONDS
                chunk = int(np.clip(count * CHUNK_SECONDS / max(spent, 1e-6), 16, 100_000))
        self._chunk = chunk
        self._check(history)
        return trainer.step > before

    def _check(self, history: History) -> None:
        done = min(self.trainer.history.steps, history.steps)
        if done <= self._checked:
            return
        mine = self.trainer.history.loss.view()[self._checked : done]
        theirs = history.loss.view()[self._checked : done]
        if not np.array_equal(mine, theirs, equal_nan=True):
            self.matches = False
        self._checked = done


class ProjectionBuilder:
    """The loss on a projection's plane (Li et al. 2018 §7), computed a few rows per call.

    ``paths[0]`` (epoch-end states, one row each) fixes the plane: its first two principal
    directions of (state - final state), through the final state; every path is drawn on it.
    """

    def __init__(self, problem: Problem, shapes: Sequence[np.ndarray], paths: Sequence[np.ndarray],
                 grid: int = LIVE_PROJECTION_GRID) -> None:
        main = paths[0]
        self.centre = main[-1]
        diffs = main - self.centre
        if len(main) < 3 or not np.all(np.isfinite(diffs)):
            raise ValueError(f"a projection needs at least 3 finite epoch-boundary states: allowed is a run of >= 2 "
                             f"epochs, this one has {len(main)} states")
        _, sv, vt = np.linalg.svd(diffs, full_matrices=False)
        self.d1, self.d2 = vt[0], vt[1]
        total = float(np.sum(sv**2)) or 1.0
        self.explained = (float(sv[0] ** 2 / total), float(sv[1] ** 2 / total))
        self.coords = [self.project(p) for p in paths]
        x0, x1, y0, y1 = _extent(np.vstack(self.coords))
        self.xs, self.ys = np.linspace(x0, x1, grid), np.linspace(y0, y1, grid)
        self.loss = np.empty((grid, grid))
        self._problem, self._shapes, self._row = problem, list(shapes), 0

    def project(self, states: np.ndarray) -> np.ndarray:
        """Plane coordinates of states (one per row)."""
        diffs = np.asarray(states) - self.centre
        return np.column_stack([diffs @ self.d1, diffs @ self.d2])

    @property
    def done(self) -> bool:
        return self._row == len(self.ys)

    def advance(self, deadline: float) -> bool:
        """Compute grid rows until ``deadline`` (at least one row per call); True once all are done."""
        with np.errstate(all="ignore"):
            while not self.done:
                b = self.ys[self._row]
                for i, a in enumerate(self.xs):
                    point = self.centre + a * self.d1 + b * self.d2
                    self.loss[self._row, i] = self._problem.train_loss(_unflatten(self._shapes, point))
                self._row += 1
                if time.perf_counter() >= deadline:
                    break
        return self.done

    def surface(self) -> Surface:
        """The finished surface (call once :attr:`done`)."""
        start = self.coords[0][0]
        return Surface(self.xs, self.ys, self.loss.copy(), log_levels(self.loss), list(self.coords), None,
                       (float(start[0]), float(start[1])), True, "1st principal direction",
                       "2nd principal direction", self.explained)
