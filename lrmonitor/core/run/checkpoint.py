"""Checkpoints: everything that decides a run's future at a step boundary, so it can go on from there.

A run is its configuration plus its event log and replays exactly, but reaching step 10^6 by
replaying from step 0 takes a minute on the mlp. A :class:`Checkpoint` holds the trainer's state
at a step boundary (parameters, optimizer state, rate controller, shuffle generator, the events
still to come), so a trainer built from it (``Trainer.from_checkpoint``) produces, bit for bit,
the numbers the original trainer would have produced going on. That is what makes forking a run
anywhere (:mod:`.tree`) cheap: start from the nearest checkpoint and replay the rest.

The trainer fills a :class:`Checkpoints` store at epoch ends, never inside the per-step loop
(the benchmark compares that loop with a bare numpy loop). The spacing is a power of two in
epochs. It starts at ``min_steps`` (1024 steps, 32 epochs of the default mlp): a checkpoint costs
about 10 us, which every epoch would be 4 % of the linear problem's training time, every 1024
steps 0.1 %. It doubles (dropping every other checkpoint) whenever the count passes ``limit``,
but only while it stays within ``max_replay`` steps, so that a fork anywhere replays at most
that many steps (2048 steps, 64 epochs of the default mlp: about 0.15 s). Past that, memory grows
with the run (about 23 KB per 2048 mlp steps, against 32 KB of history for the same steps)
until the store holds ``max_bytes``; only then does the spacing double again, so memory stays
bounded and forks in very long runs replay further.
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..training.optimizers import Optimizer, parse_optimizer
from ..training.schedules import Schedule, parse_schedule
from .config import RunConfig
from .events import Stamped
from .state import RunState

OVERHEAD = 1400  # bytes of Python objects per checkpoint besides its arrays (tracemalloc: 1383 on the linear problem)


@dataclass(frozen=True, eq=False)
class Checkpoint:
    """A trainer's state at the boundary after ``step`` updates, before the events still pending.

    Frozen and never handed out for mutation: the parameter arrays are read-only copies, and
    the optimizer and schedule state are deep copies that :meth:`optimizer_object` and
    :meth:`schedule_object` copy again, so one checkpoint can start any number of trainers.
    ``order`` is the current epoch's shuffle order, or None at an epoch boundary, where the next
    step draws a new one anyway (so the store's checkpoints do not keep a permutation each).
    ``applied`` counts the events already applied (a prefix of the run's log); ``pending`` are
    the events the run had still to apply, in order, stamped with their steps.
    """

    config: RunConfig
    step: int
    status: RunState
    params: tuple[np.ndarray, ...]
    optimizer: str
    optimizer_state: Any
    schedule: str
    schedule_state: Mapping[str, Any]
    alpha0: float
    anchor: int
    scale: float
    rng_state: Mapping[str, Any]
    order: np.ndarray | None
    applied: int
    pending: tuple[Stamped, ...]

    @property
    def epochs(self) -> int:
        """Completed epochs at this step."""
        return self.step // self.config.steps_per_epoch

    @property
    def nbytes(self) -> int:
        """About the memory it holds: its arrays (parameters, optimizer state, shuffle order) plus
        :data:`OVERHEAD` for the Python objects, which are most of a linear-problem checkpoint."""
        return OVERHEAD + _array_bytes(self.params) + _array_bytes(self.optimizer_state) + _array_bytes(self.order)

    def param_copies(self) -> list[np.ndarray]:
        """Writable copies of the parameters, laid out in memory as the originals (same numbers from BLAS)."""
        return [p.copy(order="K") for p in self.params]

    def optimizer_object(self) -> Optimizer:
        """A fresh optimizer of the checkpoint's spec with a deep copy of its per-parameter state."""
        optimizer = parse_optimizer(self.optimizer)
        optimizer.state = copy.deepcopy(self.optimizer_state)
        return optimizer

    def schedule_object(self) -> Schedule:
        """The schedule in effect, with a deep copy of its internal state (e.g. Plateau's detector)."""
        return restore_schedule(self.schedule, self.schedule_state)

    def generator(self) -> np.random.Generator:
        """A shuffle generator in exactly the recorded state."""
        bit_generator = getattr(np.random, self.rng_state["bit_generator"])()
        bit_generator.state = copy.deepcopy(dict(self.rng_state))
        return np.random.Generator(bit_generator)


def frozen_copies(params: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    """Read-only copies of the parameters (same memory layout), so a checkpoint cannot be changed."""
    copies = tuple(p.copy(order="K") for p in params)
    for p in copies:
        p.setflags(write=False)
    return copies


_FROM_SPEC = ("values", "per_step")  # what a schedule's spec already determines


def schedule_state(schedule: Schedule) -> dict[str, Any]:
    """A deep copy of what a schedule learned while running: every attribute beyond its parameters.

    Generic on purpose: Plateau keeps a detector and its current rate, and a schedule added later
    with state of its own is captured without a change here (a test checks Plateau resumes exactly).
    """
    return {k: copy.deepcopy(v) for k, v in vars(schedule).items() if k not in _FROM_SPEC}


def restore_schedule(spec: str, state: Mapping[str, Any]) -> Schedule:
    """The schedule ``spec`` with the state :func:`schedule_state` recorded (deep-copied again)."""
    schedule = parse_schedule(spec)
    vars(schedule).update(copy.deepcopy(dict(state)))
    return schedule


def _array_bytes(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        return sum(_array_bytes(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_array_bytes(v) for v in value)
    return 0


class Checkpoints:
    """A trainer's checkpoints by step, thinned so memory stays bounded and forks stay fast.

    The trainer asks :meth:`due` at every epoch end and :meth:`add` s a checkpoint when it is.
    ``spacing`` (epochs, a power of two) starts at the least that spans ``min_steps`` steps and
    doubles, keeping only checkpoints on the new grid, while there are more than ``limit`` and the
    spacing stays within ``max_replay`` steps; it doubles regardless once they hold more than
    ``max_bytes``. Checkpoints are immutable,
    so stores share them: :meth:`until` gives a fork the parent's checkpoints up to its start.
    """

    def __init__(self, steps_per_epoch: int, *, limit: int = 64, min_steps: int = 1024, max_replay: int = 2048,
                 max_bytes: int = 64 << 20) -> None:
        if steps_per_epoch < 1 or limit < 2 or min_steps < 1 or max_replay < 1 or max_bytes < 1:
            raise ValueError(
                f"checkpoint store settings out of range: steps_per_epoch={steps_per_epoch} (allowed >= 1), "
                f"limit={limit} (>= 2), min_steps={min_steps}, max_replay={max_replay}, max_bytes={max_bytes} "
                "(each >= 1)"
            )
        self.steps_per_epoch = steps_per_epoch
        self.limit = limit
        self.min_steps = min_steps
        self.max_replay = max_replay
        self.max_bytes = max_bytes
        self.spacing = 1
        while self.spacing * steps_per_epoch < min_steps and 2 * self.spacing * steps_per_epoch <= max_replay:
            self.spacing *= 2
        self.nbytes = 0
        self._steps: list[int] = []
        self._items: list[Checkpoint] = []

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Checkpoint]:
        return iter(list(self._items))

    def due(self, epochs: int) -> bool:
        """Whether the epoch boundary after ``epochs`` completed epochs gets a checkpoint."""
        return epochs % self.spacing == 0

    def add(self, checkpoint: Checkpoint) -> None:
        """Keep ``checkpoint`` (replacing one at the same step), then thin the store if it grew too big."""
        step = checkpoint.step
        at = bisect.bisect_left(self._steps, step)
        if at < len(self._steps) and self._steps[at] == step:
            self.nbytes -= self._items[at].nbytes
            self._items[at] = checkpoint
        else:
            self._steps.insert(at, step)
            self._items.insert(at, checkpoint)
        self.nbytes += checkpoint.nbytes
        while len(self._items) > 1 and (self._too_many() or self.nbytes > self.max_bytes):
            self._thin()

    def at_or_before(self, step: int) -> Checkpoint | None:
        """The latest checkpoint at or before ``step`` (None if there is none)."""
        at = bisect.bisect_right(self._steps, step)
        return self._items[at - 1] if at else None

    def until(self, step: int) -> Checkpoints:
        """A new store with the same settings and the checkpoints at or before ``step`` (shared, not copied)."""
        store = Checkpoints(self.steps_per_epoch, limit=self.limit, min_steps=self.min_steps,
                            max_replay=self.max_replay, max_bytes=self.max_bytes)
        store.spacing = self.spacing
        for checkpoint in self._items:
            if checkpoint.step <= step:
                store._steps.append(checkpoint.step)
                store._items.append(checkpoint)
                store.nbytes += checkpoint.nbytes
        return store

    def _too_many(self) -> bool:
        return len(self._items) > self.limit and 2 * self.spacing * self.steps_per_epoch <= self.max_replay

    def _thin(self) -> None:
        self.spacing *= 2
        every = self.spacing * self.steps_per_epoch
        kept = [c for c in self._items if c.step % every == 0] or self._items[-1:]  # keep the latest at least
        self._items = kept
        self._steps = [c.step for c in kept]
        self.nbytes = sum(c.nbytes for c in kept)
