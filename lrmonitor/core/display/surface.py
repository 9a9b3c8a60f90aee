"""The lecture's picture 3: the path of the parameters on the loss surface.

For ``linear`` (exactly two parameters, w and b) the surface is the real one: the full-batch
training loss over a (w, b) grid, drawn with log-spaced levels because the elongated valley spans
decades of loss, with the least-squares minimum and the start marked, and every step of the path.

For the other problems a run has dozens to thousands of parameters; following Li et al. 2018
("Visualizing the Loss Landscape of Neural Nets", section 7) the epoch-boundary states are
projected on the first two principal directions of (state - final state), and the loss is
evaluated on the plane through the final state spanned by those directions. It is a projection:
the path may cross contours that the real trajectory never crosses, and the directions change
as the run grows (so it is recomputed each time it is asked for).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..run.trainer import Trainer
from ..texts import QT_TRANSLATE_NOOP
from ..training.problems import LinearRegression, Problem

GRID = 121  # points per axis for linear (vectorised, cheap); the projection uses fewer (a loss each)
PROJECTION_GRID = 41
LEVELS = 14


class PathRecorder:
    """Trains a :class:`Trainer` while keeping its parameter path.

    ``linear``: (w, b) before the first step and after every step (taken as the trainer asks for
    each step's gradient, so the numbers are those of an unrecorded run; about 0.75x its speed).
    Other problems: the flattened parameters before the first step and at every epoch end.
    ``steps[i]`` is the number of updates made when ``states[i]`` was taken.
    """

    def __init__(self, trainer: Trainer, prefix: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.trainer = trainer
        self.per_step = isinstance(trainer.problem, LinearRegression)
        width = sum(p.size for p in trainer.params)
        # growing arrays (doubled when full), so a path of millions of steps costs no per-point objects
        # and ``steps``/``states`` are views, cheap to read every frame
        count = 0
        if prefix is not None:  # a fork: its parent's path up to the fork step (steps are increasing)
            steps, states = np.asarray(prefix[0]), np.asarray(prefix[1])
            count = int(np.searchsorted(steps, trainer.step, side="right"))
        capacity = max(1024, 2 * count)
        self._step_buf = np.empty(capacity, dtype=np.int64)
        self._state_buf = np.empty((capacity, width))
        if count:
            self._step_buf[:count] = steps[:count]
            self._state_buf[:count] = states[:count]
        self._n = count
        if self._n == 0 or self._step_buf[self._n - 1] != trainer.step:
            self._take()

    def _append(self, step: int, state: np.ndarray) -> None:
        if self._n == len(self._step_buf):
            self._step_buf = np.concatenate([self._step_buf, np.empty_like(self._step_buf)])
            self._state_buf = np.concatenate([self._state_buf, np.empty_like(self._state_buf)])
        self._step_buf[self._n] = step
        self._state_buf[self._n] = state
        self._n += 1

    def _take(self) -> None:
        params = self.trainer.params
        state = params[0] if len(params) == 1 else np.concatenate([p.ravel() for p in params])
        self._append(self.trainer.step, state.ravel())

    def run(self, max_steps: int | None = None) -> None:
        """Train on (to the end, or ``max_steps`` more updates), recording the path."""
        trainer = self.trainer
        if self.per_step:
            self._run_per_step(max_steps)
            return
        total, spe = trainer.total_steps, trainer.steps_per_epoch
        end = None if max_steps is None else trainer.step + max_steps
        while not trainer.done and (end is None or trainer.step < end) and (total is None or trainer.step < total):
            limit = spe - trainer.step % spe
            if end is not None:
                limit = min(limit, end - trainer.step)
            before = trainer.step
            trainer.run(limit)
            if trainer.step == before:
                break
            if trainer.history.diverged_at is None and trainer.step % spe == 0:
                self._take()

    def _run_per_step(self, max_steps: int | None) -> None:
        """Every step's state, taken as the trainer asks for the step's gradient.

        The trainer's loop has no per-step hook (its overhead is kept minimal), and running it one
        step at a time halved its speed (measured: 47k -> 23k steps/s on linear), so the problem's
        ``loss_grad`` is wrapped for the duration of the run: it is called with the parameters
        after ``n`` updates, exactly once per step, and returns the same values, so the numbers are
        those of an unrecorded run.
        """
        trainer = self.trainer
        problem = trainer.problem
        original = problem.loss_grad
        count = [trainer.step]
        append = self._append

        def recording(params, X, y):
            step = count[0]
            if self._n == 0 or self._step_buf[self._n - 1] != step:
                append(step, params[0])
            count[0] = step + 1
            return original(params, X, y)

        problem.loss_grad = recording  # an instance attribute: it hides the method while set
        try:
            trainer.run(max_steps)
        finally:
            del problem.loss_grad
        if trainer.history.diverged_at is None and self._step_buf[self._n - 1] != trainer.step:
            self._take()

    @property
    def steps(self) -> np.ndarray:
        """Updates made at each recorded state (a view: it stays valid until the next record)."""
        return self._step_buf[: self._n]

    @property
    def states(self) -> np.ndarray:
        """The recorded states, one row each (a view, as ``steps``)."""
        return self._state_buf[: self._n]


@dataclass(frozen=True)
class Surface:
    """A loss surface over a plane and the paths drawn on it.

    ``xs``/``ys`` are the grid's axes, ``loss[j, i]`` the loss at (xs[i], ys[j]); ``levels`` are
    log-spaced contour levels. ``paths[k]`` is an (n, 2) array of plane coordinates. ``minimum`` and
    ``start`` are plane points (the minimum is None for a projection: it is not known).
    """

    xs: np.ndarray
    ys: np.ndarray
    loss: np.ndarray
    levels: np.ndarray
    paths: list[np.ndarray]
    minimum: tuple[float, float] | None
    start: tuple[float, float]
    projection: bool
    x_label: str
    y_label: str
    explained: tuple[float, float] | None = None  # share of the path's variance on each direction

    def contains(self, points: np.ndarray) -> bool:
        """Whether every finite point lies on the grid: live, a view recomputes the surface only when
        new path points leave it (pass just the points added since the last frame: no full pass)."""
        pts = np.asarray(points)[:, :2]
        pts = pts[np.all(np.isfinite(pts), axis=1)]
        if len(pts) == 0:
            return True
        return bool(pts[:, 0].min() >= self.xs[0] and pts[:, 0].max() <= self.xs[-1]
                    and pts[:, 1].min() >= self.ys[0] and pts[:, 1].max() <= self.ys[-1])


def log_levels(loss: np.ndarray, count: int = LEVELS) -> np.ndarray:
    """``count`` levels spaced evenly in log between the lowest and highest finite loss."""
    finite = loss[np.isfinite(loss) & (loss > 0)]
    if len(finite) == 0:
        return np.array([])
    low, high = float(finite.min()), float(finite.max())
    if high <= low:
        return np.array([low])
    return np.geomspace(low * 1.02, high, count)


def _extent(points: np.ndarray, margin: float = 0.15, pad: float = 0.05) -> tuple[float, float, float, float]:
    low, high = points.min(axis=0), points.max(axis=0)
    pad = np.maximum((high - low) * margin, pad)
    return low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1]


def linear_loss_grid(problem: LinearRegression, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Full-batch MSE at every (w, b) of the grid, from the data's moments (no pass per point)."""
    x, y = problem.X_train, problem.y_train
    sxx, sx, sy, sxy, syy = (float(np.mean(v)) for v in (x * x, x, y, x * y, y * y))
    W, B = np.meshgrid(xs, ys)
    return W * W * sxx + 2 * W * B * sx + B * B - 2 * W * sxy - 2 * B * sy + syy


def linear_surface(problem: LinearRegression, paths: list[np.ndarray], grid: int = GRID,
                   around: list[np.ndarray] | None = None) -> Surface:
    """The real (w, b) surface around the paths, the start and the least-squares minimum.

    ``around``: points to frame instead (with the minimum), e.g. the paths' last 10 epochs: the
    wandering region around the minimum is a few hundredths wide, invisible next to the whole path.
    """
    theta, _ = problem.optimum()
    start = np.asarray(LinearRegression.START, dtype=np.float64)
    framed = paths if around is None else around
    finite = [p[np.all(np.isfinite(p), axis=1)] for p in framed]
    anchors = [theta[None]] if around is not None else [start[None], theta[None]]
    points = np.vstack([*anchors, *[p[:, :2] for p in finite if len(p)]])
    points = points[np.all(np.abs(points) < 1e6, axis=1)]  # a diverging path would stretch the view to nothing
    x0, x1, y0, y1 = _extent(points, pad=0.05 if around is None else 0.005)
    xs, ys = np.linspace(x0, x1, grid), np.linspace(y0, y1, grid)
    loss = linear_loss_grid(problem, xs, ys)
    return Surface(xs, ys, loss, log_levels(loss), [p[:, :2] for p in paths], (float(theta[0]), float(theta[1])),
                   (float(start[0]), float(start[1])), False, "w", "b")


def zoom_surface(problem: LinearRegression, paths: list[np.ndarray], steps: list[np.ndarray],
                 after_step: int) -> Surface:
    """The (w, b) surface framing the paths after ``after_step`` updates and the minimum."""
    return linear_surface(problem, paths, around=[tail(s, p, after_step) for s, p in zip(steps, paths)])


def _unflatten(problem_params: list[np.ndarray], flat: np.ndarray) -> list[np.ndarray]:
    out, at = [], 0
    for p in problem_params:
        out.append(flat[at : at + p.size].reshape(p.shape))
        at += p.size
    return out


def projected_surface(problem: Problem, shapes: list[np.ndarray], paths: list[np.ndarray],
                      grid: int = PROJECTION_GRID) -> Surface:
    """Li et al. 2018 §7: PCA of the first path's (state - final state); all paths on that plane."""
    main = paths[0]
    centre = main[-1]
    diffs = main - centre
    if len(main) < 3 or not np.all(np.isfinite(diffs)):
        raise ValueError(f"a projection needs at least 3 finite epoch-boundary states: allowed is a run of >= 2 "
                         f"epochs, this one has {len(main)} states")
    _, sv, vt = np.linalg.svd(diffs, full_matrices=False)
    d1, d2 = vt[0], vt[1]
    total = float(np.sum(sv**2)) or 1.0
    coords = [np.column_stack([(p - centre) @ d1, (p - centre) @ d2]) for p in paths]
    x0, x1, y0, y1 = _extent(np.vstack(coords))
    xs, ys = np.linspace(x0, x1, grid), np.linspace(y0, y1, grid)
    loss = np.empty((grid, grid))
    with np.errstate(all="ignore"):
        for j, b in enumerate(ys):
            for i, a in enumerate(xs):
                loss[j, i] = problem.train_loss(_unflatten(shapes, centre + a * d1 + b * d2))
    start = coords[0][0]
    return Surface(xs, ys, loss, log_levels(loss), coords, None, (float(start[0]), float(start[1])), True,
                   QT_TRANSLATE_NOOP("core", "1st principal direction"),
                   QT_TRANSLATE_NOOP("core", "2nd principal direction"),
                   (float(sv[0] ** 2 / total), float(sv[1] ** 2 / total)))


def surface_for(trainer: Trainer, paths: list[np.ndarray]) -> Surface:
    """The surface of ``trainer``'s problem with ``paths`` (the first is the run the plane is fitted to)."""
    if isinstance(trainer.problem, LinearRegression):
        return linear_surface(trainer.problem, paths)
    return projected_surface(trainer.problem, trainer.params, paths)


def path_spread(points: np.ndarray) -> float:
    """RMS distance of the points from their centroid: how widely a path wanders."""
    finite = points[np.all(np.isfinite(points), axis=1)]
    if len(finite) == 0:
        return math.nan
    return float(np.sqrt(np.mean(np.sum((finite - finite.mean(axis=0)) ** 2, axis=1))))


def tail(steps: np.ndarray, points: np.ndarray, after_step: int) -> np.ndarray:
    """The path's points taken after ``after_step`` updates (e.g. the last 10 epochs)."""
    return points[steps > after_step]


def decimated_index(n: int, limit: int = 20_000) -> np.ndarray:
    """The indices :func:`decimate_path` keeps of ``n`` points (every k-th, and the last)."""
    if n <= limit:
        return np.arange(n)
    stride = -(-n // limit)
    index = np.arange(0, n, stride)
    return index if index[-1] == n - 1 else np.append(index, n - 1)


def decimate_path(points: np.ndarray, limit: int = 20_000) -> np.ndarray:
    """At most about ``limit`` points for drawing: every k-th point, always keeping the last one.

    A path is a 2-D polyline (not a time series), so min/max per pixel column does not apply;
    a stride keeps its shape, and the first and last point (the start and where it is now) stay.
    """
    return points[decimated_index(len(points), limit)]
