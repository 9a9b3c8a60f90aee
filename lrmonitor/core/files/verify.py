"""Recompute the runs of a version-2 file and compare every number with what it recorded.

A file holds what was computed on the computer that wrote it. :func:`recompute` computes it again
here: each first run from its configuration and applied events, each fork from its parent's
recomputed run at its fork step (the parent's state there, then the fork's own events), and
compares, bit for bit, the per-step and per-epoch columns, the event logs, the end states and
every recorded checkpoint (parameters, optimizer and schedule state, rates, shuffle generator).
On the same computer a faithful file recomputes exactly; on one with other BLAS kernels, or for a
doctored file, :attr:`Recomputation.differences` says, per run, the first step that differs.

A recorded checkpoint is compared with the state of the run whose steps it holds (a fork's
checkpoints before its fork step are its parent's), taken the way it was taken: at an epoch's end
before the events due there (the trainer's store) or after them (a trainer at rest), which its
count of applied events tells apart.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..run.checkpoint import Checkpoint, Checkpoints
from ..run.history import EPOCH_COLUMNS, STEP_COLUMNS
from ..run.state import RunState
from ..run.trainer import Trainer
from ..training.schedules import PlateauDetector
from .lrmon_records import Loaded, LoadedRun

_FIELDS = ("step", "params", "optimizer", "optimizer_state", "schedule", "schedule_state", "alpha0",
           "anchor", "scale", "rng_state", "order", "applied")


@dataclass(frozen=True)
class Difference:
    """Where a recomputed run first differs from the recorded one."""

    run: LoadedRun
    step: int
    what: str

    def sentence(self) -> str:
        spe = self.run.record.config.steps_per_epoch
        epoch = max(self.step - 1, 0) // spe
        return (f"run {self.run.id} '{self.run.name}' differs from the recording: first at step {self.step} "
                f"(epoch {epoch}): {self.what}")


@dataclass
class Recomputation:
    """The recomputed trainers by run id (a fork whose parent did not reach its fork step has none)
    and the differences, at most one per run (its earliest), in the order of the runs."""

    trainers: dict[int, Trainer] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)


def advance_to(trainer: Trainer, step: int) -> None:
    """Train ``trainer`` up to ``step`` (fewer if it ends first)."""
    trainer.run(step - trainer.step)


def recompute(loaded: Loaded, advance: Callable[[Trainer, int], Any] = advance_to) -> Recomputation:
    """Recompute every run of a version-2 file and compare it with the recording (see the module).

    ``advance(trainer, step)`` trains a trainer up to ``step`` (e.g. with progress shown).
    """
    if loaded.needs_replay:
        raise ValueError(f"'{loaded.path}' is a version 1 file: it records no numbers to compare with")
    runs = {run.id: run for run in loaded.runs}
    starts = {run.id: 0 if run.parent is None else run.fork_step for run in loaded.runs}
    plans = {run.id: _Plan() for run in loaded.runs}
    result = Recomputation()
    found: dict[int, list[Difference]] = {run.id: [] for run in loaded.runs}
    for run in loaded.runs:
        if run.parent is not None:
            plans[run.parent].post.add(run.fork_step)
        record = run.record
        recorded = [*(record.checkpoints or ()), *([record.state] if record.state is not None else [])]
        for checkpoint in recorded:
            owner, variant = _owner(run, checkpoint, runs, starts)
            if owner is None:
                found[run.id].append(Difference(run, checkpoint.step, f"the checkpoint at step {checkpoint.step} "
                                                f"does not fit the run's events ({checkpoint.applied} applied)"))
                continue
            plan = plans[owner.id]
            (plan.pre if variant == "pre" else plan.post).add(checkpoint.step)
            plan.checks[id(checkpoint)] = (variant, checkpoint)
    posts: dict[int, dict[int, Checkpoint]] = {}
    for run in loaded.runs:  # by id: a parent before its forks
        record, plan = run.record, plans[run.id]
        store = _Capturing(record.config.steps_per_epoch, plan.pre)
        applied = list(record.history.events)
        if run.parent is None:
            trainer = Trainer(record.config, applied, checkpoints=store)
        else:
            parent = result.trainers.get(run.parent)
            start = posts.get(run.parent, {}).get(run.fork_step)
            why = ("its parent could not be recomputed" if parent is None
                   else "its parent's recomputed run does not reach the fork step" if start is None else None)
            if why is None:
                try:
                    trainer = Trainer.from_checkpoint(record.config, applied, start, history=parent.history,
                                                      checkpoints=store)
                except ValueError as err:
                    why = f"it does not start as its parent's recomputed run at the fork step: {err}"
            if why is not None:
                found[run.id].append(Difference(run, run.fork_step, why))
                continue
        result.trainers[run.id] = trainer
        target = record.history.steps
        posts[run.id] = {}
        for step in sorted({s for s in plan.post if starts[run.id] <= s <= target} | {target}):
            advance(trainer, step)
            trainer.run(0)  # apply the events due at this boundary, as a trainer at rest has
            if trainer.step != step or trainer.status is RunState.DIVERGED:
                break
            if step in plan.post:
                posts[run.id][step] = trainer.checkpoint()
        found[run.id].extend(_history_differences(run, trainer))
        for variant, checkpoint in plan.checks.values():
            mine = (store.captured if variant == "pre" else posts[run.id]).get(checkpoint.step)
            if mine is None:
                found[run.id].append(Difference(run, checkpoint.step, f"the recomputed run has no state at step "
                                                f"{checkpoint.step} to compare with the recorded checkpoint"))
                continue
            name = _checkpoint_difference(checkpoint, mine)
            if name is not None:
                found[run.id].append(Difference(run, checkpoint.step, f"the checkpoint recorded at step "
                                                f"{checkpoint.step} differs in its {name}"))
    for run in loaded.runs:
        if found[run.id]:
            result.differences.append(min(found[run.id], key=lambda d: d.step))
    return result


@dataclass
class _Plan:
    pre: set[int] = field(default_factory=set)  # epoch ends whose store checkpoint (before events) is compared
    post: set[int] = field(default_factory=set)  # steps to stop at: forks start there, checkpoints compared
    checks: dict[int, tuple[str, Checkpoint]] = field(default_factory=dict)


class _Capturing(Checkpoints):
    """A trainer's usual store that also keeps the checkpoints at the epoch ends in ``wanted``."""

    def __init__(self, steps_per_epoch: int, wanted: set[int]) -> None:
        super().__init__(steps_per_epoch)
        self.wanted = wanted
        self.captured: dict[int, Checkpoint] = {}
        self._extra = False

    def due(self, epochs: int) -> bool:
        usual = super().due(epochs)
        self._extra = not usual and epochs * self.steps_per_epoch in self.wanted
        return usual or self._extra

    def add(self, checkpoint: Checkpoint) -> None:
        if checkpoint.step in self.wanted:
            self.captured.setdefault(checkpoint.step, checkpoint)
        if not self._extra:
            super().add(checkpoint)
        self._extra = False


def _owner(run: LoadedRun, checkpoint: Checkpoint, runs: dict[int, LoadedRun],
           starts: dict[int, int]) -> tuple[LoadedRun | None, str]:
    """The run whose recomputation gives ``checkpoint`` and how: "pre" (at an epoch end, before the
    events due there) or "post" (after them). A fork's checkpoints up to its fork step are its parent's."""
    step, applied = checkpoint.step, checkpoint.applied
    spe = run.record.config.steps_per_epoch
    candidate: LoadedRun | None = run
    while candidate is not None:
        start = starts[candidate.id]
        log = candidate.record.history.events
        if step >= start and applied == sum(1 for s in log if s.step <= step):
            return candidate, "post"
        if step > start and step % spe == 0 and applied == sum(1 for s in log if s.step < step):
            return candidate, "pre"
        if step > start or candidate.parent is None:
            return None, ""
        candidate = runs[candidate.parent]
    return None, ""


def _history_differences(run: LoadedRun, trainer: Trainer) -> list[Difference]:
    recorded, mine = run.record.history, trainer.history
    spe = recorded.steps_per_epoch
    found = []
    for names, step_of in ((STEP_COLUMNS, lambda i: i + 1), (EPOCH_COLUMNS, lambda i: (i + 1) * spe)):
        for name in names:
            a, b = getattr(recorded, name).view(), getattr(mine, name).view()
            n = min(len(a), len(b))
            unequal = np.flatnonzero(a[:n].view(np.uint64) != b[:n].view(np.uint64))
            if len(unequal):
                i = int(unequal[0])
                found.append(Difference(run, step_of(i), f"{name} recorded {float(a[i])!r}, "
                                        f"recomputed {float(b[i])!r}"))
            elif len(a) != len(b):
                unit = "steps" if name in STEP_COLUMNS else "epochs"
                found.append(Difference(run, step_of(n), f"the recording has {len(a)} {unit}, the recomputed "
                                        f"run {len(b)}"))
    a, b = recorded.events, mine.events
    for i in range(max(len(a), len(b))):
        if i >= len(a) or i >= len(b) or a[i] != b[i]:
            first = min(s.step for s in (a[i:i + 1] + b[i:i + 1]))
            found.append(Difference(run, first, f"event {i} recorded {_event(a, i)}, recomputed {_event(b, i)}"))
            break
    status = RunState.PAUSED if run.record.status is RunState.RUNNING else run.record.status  # an autosave
    if not found and (status is not trainer.status or recorded.diverged_at != mine.diverged_at):
        found.append(Difference(run, recorded.steps, f"it ends {status} in the recording, {trainer.status} when "
                                "recomputed"))
    return found


def _event(log, i: int) -> str:
    return "nothing" if i >= len(log) else f"{log[i].event.action()} at step {log[i].step}"


def _checkpoint_difference(recorded: Checkpoint, mine: Checkpoint) -> str | None:
    """The name of the first field in which two checkpoints differ (floats and arrays bit for bit).

    Not the status (it follows from the step and the checkpoint's epochs, which a continued run's
    early checkpoints have fewer of), the configuration (checked when the file was read) and the
    pending events (the run's log, not a computed number)."""
    for name in _FIELDS:
        if not _same(getattr(recorded, name), getattr(mine, name)):
            return name.replace("_", " ")
    return None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and a.dtype == b.dtype and a.tobytes() == b.tobytes())
    if isinstance(a, float) and isinstance(b, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, PlateauDetector) or isinstance(b, PlateauDetector):
        return type(a) is type(b) and _same(vars(a), vars(b))
    return type(a) is type(b) and a == b

