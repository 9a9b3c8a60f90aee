"""What a session file holds once read: its runs with their recorded numbers, in their tree.

These are the records of format version 2 (:mod:`.lrmon` describes the file): the writer
(:mod:`.lrmon_writing`) and the reader (:mod:`.lrmon_reading`) both depend on them, and
:func:`~.lrmon.load_any` gives them for a file of either version. They live apart from both so
that neither depends on the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..run.checkpoint import Checkpoint
from ..run.events import Event
from ..run.history import EPOCH_COLUMNS, STEP_COLUMNS
from ..run.state import RunState
from ..run.trainer import Trainer
from ..run.tree import RunNode, RunRecord, RunTree
from .session import Session

VERSION = 2
ARRAYS = (*STEP_COLUMNS, *EPOCH_COLUMNS)  # per run: loss, lr; epoch_lr, train_loss, val_loss
STORE_SETTINGS = ("limit", "min_steps", "max_replay", "max_bytes")  # of a run's checkpoint store
# an attached training's own columns, beside its history's (its runs have no configuration to replay):
# per logged row the optimizer step it reported, its epoch and gradient norm; per epoch row the logged row.
# The steps are stored as STEP_DELTAS (int64: the first step, then each row's difference to the previous
# one), which deflate quickly (10^6 steps 1, 2, 3, ... as float64 took ~0.4 s to deflate; their deltas ~0.03 s)
ATTACHED_STEP_ARRAYS = ("steps", "epochs", "grad_norm")
ATTACHED_EPOCH_ARRAYS = ("val_rows",)
STEP_DELTAS = "step_deltas"


@dataclass(frozen=True)
class RecordedRun(RunRecord):
    """A :class:`RunRecord` read from a file: the recorded history (no replay), the event log, the
    status, the checkpoint store, plus ``state``, the checkpoint at its last step (None for a
    diverged run, or when the file has none), and the recorded ``summary``.

    It is a RunRecord, so :func:`~lrmonitor.core.run.tree.fork` and :class:`RunTree` take it as it
    is; :meth:`resume` gives a trainer that goes on from its last step exactly.
    """

    state: Checkpoint | None = None
    summary: Mapping[str, Any] = field(default_factory=dict)
    # an attached training's description of itself (plain JSON, with its steps_per_epoch): a run that
    # lrmonitor recorded from someone else's training and cannot replay, fork or continue
    origin: Mapping[str, Any] | None = None
    # and its own columns (:data:`ATTACHED_STEP_ARRAYS`, :data:`ATTACHED_EPOCH_ARRAYS`); None in a file
    # written before they were kept (its rows are then taken as steps 1, 2, 3, ...)
    origin_columns: Mapping[str, np.ndarray] | None = None

    def resume(self, *, column=None) -> Trainer:
        """A trainer at the recorded last step, with the recorded history, that goes on bit for bit
        as the original would have (same machine) and can be continued or forked."""
        if self.state is None:
            why = "it diverged" if self.status is RunState.DIVERGED else "the file holds no state for its last step"
            raise ValueError(f"this run cannot go on from its last step: {why}; fork it at an earlier step instead")
        store = True if self.checkpoints is None else self.checkpoints.until(self.state.step)
        return Trainer.from_checkpoint(self.config, self.events, self.state, history=self.history, column=column,
                                       checkpoints=store)


@dataclass(frozen=True)
class LoadedRun:
    """One run of a file with its place in the tree: a first run has ``parent``, ``fork_step`` and
    ``action`` None; a fork has all three. ``colour`` is its palette slot."""

    id: int
    name: str
    parent: int | None
    fork_step: int | None
    action: Event | None
    colour: int
    record: RecordedRun

    def node(self) -> RunNode:
        """A :class:`RunNode` of this run (its ``run`` is the record)."""
        return RunNode(self.id, self.name, self.parent, self.fork_step, self.action, self.colour, self.record)


@dataclass(frozen=True)
class Loaded:
    """What :func:`load_any` read. ``runs`` are ordered by id (a parent before its forks).

    Version 2: every run's record holds the recorded numbers. Version 1: ``needs_replay`` is True,
    ``session`` is the file's :class:`Session` and ``runs`` holds one run whose record has the
    configuration and events but an empty history (status idle): replay it
    (``Trainer(record.config, record.events)`` run for ``session.steps`` steps) to see it.
    """

    path: Path
    version: int
    written_by: str
    runs: tuple[LoadedRun, ...]
    session: Session | None = None

    @property
    def needs_replay(self) -> bool:
        return self.version == 1

    def run(self, run_id: int) -> LoadedRun:
        for run in self.runs:
            if run.id == run_id:
                return run
        known = ", ".join(str(r.id) for r in self.runs)
        raise KeyError(f"run id {run_id!r} is not in '{self.path}': allowed are {known}")

    def tree(self) -> RunTree:
        """A :class:`RunTree` of the runs with their ids, names, parents, actions and colours; each
        node's ``run`` is its :class:`RecordedRun`. New runs added to it get ids after the file's."""
        tree, next_id = RunTree(), 1  # a new tree gives ids 1, 2, 3, ... in the order runs are added
        for run in self.runs:
            while next_id < run.id:  # the ids of deleted runs are not reused: use them up as the tree did
                tree.delete(tree.add(run.record, name="placeholder").id)
                next_id += 1
            node = tree.add(run.record, parent=run.parent, fork_step=run.fork_step, action=run.action, name=run.name)
            next_id += 1
            if node.id != run.id:
                raise RuntimeError(f"the tree gave run {run.id} the id {node.id}")  # RunTree numbers differently now
            node.colour = run.colour
        return tree
