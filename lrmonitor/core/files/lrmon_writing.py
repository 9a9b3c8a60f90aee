"""Writing a run tree as a version-2 session file (``.lrmon``, laid out as :mod:`.lrmon` says).

:func:`save_tree` takes what the window and the command line hold (a :class:`RunTree`, its
nodes, or trainers and run records), takes a consistent snapshot of each run (a live history may
grow while it is read), writes each checkpoint once however many runs share it, and writes the
archive atomically: a failed write leaves the old file as it was.
"""

from __future__ import annotations

import dataclasses
import os
import zipfile
from collections.abc import Iterable
from typing import Any

import numpy as np

from ..run.checkpoint import Checkpoint
from ..run.history import History, is_fixed
from ..run.state import RunState
from ..run.trainer import Trainer, summarize
from ..run.tree import RunNode, RunRecord, RunTree, default_name
from .atomic import atomic_writer
from .checkpoints import ArrayPack, checkpoint_to_json
from .container import MANIFEST, ArchiveWriter
from .lrmon_records import (
    ARRAYS,
    ATTACHED_EPOCH_ARRAYS,
    ATTACHED_STEP_ARRAYS,
    STEP_DELTAS,
    STORE_SETTINGS,
    VERSION,
    RecordedRun,
)
from .session import FORMAT


def save_tree(path: str | os.PathLike, runs: RunTree | Iterable[RunNode] | Iterable[Trainer | RunRecord]) -> None:
    """Write ``runs`` as a version-2 session file, atomically.

    ``runs`` is a :class:`RunTree`, its nodes, or trainers / run records (each a first run,
    named by :func:`default_name`). A node's ``run`` is a :class:`Trainer` (at rest: between
    ``run()`` calls), a :class:`RunRecord` or a :class:`RecordedRun`. The state to continue from
    is the trainer's checkpoint, the recorded run's state, or a record's stored checkpoint at its
    last step if it has one. Raises ``ValueError`` if the runs cannot be written as one tree.
    """
    nodes = _nodes(runs)
    pack = ArrayPack()
    checkpoints: list[dict[str, Any]] = []
    index: dict[int, int] = {}
    kept: list[Checkpoint] = []  # holds every written checkpoint, so no id() is reused meanwhile
    entries, columns = [], []
    attached_columns: list[list[tuple[str, np.ndarray]]] = []
    for node in nodes:
        record = RunRecord.of(node.run)
        history = _snapshot(record.history)
        applied = list(history.events)
        if list(record.events[: len(applied)]) != applied:
            raise ValueError(f"run {node.id}'s event log does not start with the events it applied")
        state = _state_of(node, record, history.steps)

        def reference(checkpoint: Checkpoint, node=node, record=record) -> int:
            if dataclasses.replace(checkpoint.config, epochs=record.config.epochs) != record.config:
                raise ValueError(f"run {node.id} holds a checkpoint of another run (configuration "
                                 f"{checkpoint.config}): allowed are its own or its parent's")
            key = id(checkpoint)
            if key not in index:
                index[key] = len(checkpoints)
                checkpoints.append(checkpoint_to_json(checkpoint, pack))
                kept.append(checkpoint)
            return index[key]

        store = record.checkpoints
        entries.append({
            "id": node.id,
            "name": node.name,
            "parent": node.parent,
            "fork_step": node.fork_step,
            "action": None if node.action is None else node.action.action(),
            "colour": node.colour,
            "config": record.config.to_json(),
            "events": [s.to_json() for s in record.events],
            "applied": len(applied),
            "summary": summarize(history, record.status),
            "checkpoints": None if store is None else {
                "spacing": store.spacing, **{k: getattr(store, k) for k in STORE_SETTINGS},
                "items": [reference(c) for c in store],
            },
            "state": None if state is None else reference(state),
        })
        origin = getattr(record, "origin", None)  # an attached training's run: no configuration of its own
        if origin is not None:
            entries[-1]["attached"] = dict(origin)
        columns.append([(name, getattr(history, name).view()) for name in ARRAYS])
        attached_columns.append(_attached_columns(node.id, record, history))
    from ... import __version__

    try:
        with atomic_writer(path, binary=True) as handle, ArchiveWriter(handle) as archive:
            for entry, run_columns, own in zip(entries, columns, attached_columns):
                entry["arrays"] = {name: archive.add_array(f"runs/{entry['id']}/{name}.npy", values)
                                   for name, values in run_columns}
                if own:
                    entry["attached_arrays"] = {name: archive.add_array(f"runs/{entry['id']}/attached/{name}.npy",
                                                                        values) for name, values in own}
            blobs = {kind: archive.add_array(f"state/{kind}.npy", values) for kind, values in pack.blobs().items()}
            archive.add_json(MANIFEST, {
                "format": FORMAT, "version": VERSION, "written_by": f"lrmonitor {__version__}",
                "runs": entries, "checkpoints": checkpoints, "blobs": blobs,
            })
    except zipfile.LargeZipFile:
        raise ValueError(f"'{path}' would be larger than a session file may be (2 GiB)") from None


def _attached_columns(run_id: int, record: RunRecord, history: History) -> list[tuple[str, np.ndarray]]:
    """An attached training's own columns (the optimizer step of each row...), as long as the snapshot
    ``history`` of its rows; none for a run of lrmonitor's own, or a record that has none."""
    own = getattr(record, "origin_columns", None)
    if getattr(record, "origin", None) is None or not own:
        return []
    cut = []
    for names, length, kind in ((ATTACHED_STEP_ARRAYS, history.steps, np.float64),
                                (ATTACHED_EPOCH_ARRAYS, history.epochs, np.int64)):
        for name in names:
            values = np.asarray(own[name], dtype=kind)
            if len(values) < length:
                raise ValueError(f"run {run_id}'s {name} has {len(values)} values for {length} rows")
            if name == "steps":
                cut.append((STEP_DELTAS, np.diff(values[:length].astype(np.int64), prepend=np.int64(0))))
            else:
                cut.append((name, values[:length]))
    return cut


def _nodes(runs) -> list[RunNode]:
    items = list(runs)
    if not items:
        raise ValueError("there is no run to save: allowed are one or more runs")
    if all(isinstance(item, RunNode) for item in items):
        nodes = sorted(items, key=lambda n: n.id)
    elif any(isinstance(item, RunNode) for item in items):
        raise ValueError("runs to save are either all tree nodes or all runs, not a mix")
    else:
        nodes = [RunNode(i, default_name(RunRecord.of(run).config, RunRecord.of(run).events), None, None, None, i - 1,
                         run) for i, run in enumerate(items, start=1)]
    ids = [n.id for n in nodes]
    if len(set(ids)) != len(ids):
        raise ValueError(f"run ids {ids} repeat: allowed are distinct ids")
    for node in nodes:
        if node.parent is not None and node.parent not in ids:
            raise ValueError(f"run {node.id}'s parent {node.parent} is not among the runs to save")
    return nodes


def _snapshot(history: History) -> History:
    """A consistent copy of ``history`` (a live one may grow while it is read); a fixed one
    (a prefix of a run so far: its values cannot change) is taken as it is, without a copy."""
    if is_fixed(history):
        return history
    lr, loss = history.step_values()
    _, epoch_lr, train, val = history.epoch_arrays()
    copy = History(history.steps_per_epoch)
    for column, values in ((copy.lr, lr), (copy.loss, loss), (copy.epoch_lr, epoch_lr),
                           (copy.train_loss, train), (copy.val_loss, val)):
        column.extend(np.array(values, dtype=np.float64))
    copy.events = list(history.events)
    copy.diverged_at = history.diverged_at
    return copy


def _state_of(node: RunNode, record: RunRecord, steps: int) -> Checkpoint | None:
    run = node.run
    if record.status is RunState.DIVERGED:
        return None
    if isinstance(run, Trainer):
        if run.status is RunState.RUNNING:
            raise ValueError(f"run {node.id} is training: save it between its run() calls")
        return run.checkpoint()
    if isinstance(run, RecordedRun) and run.state is not None:
        return run.state
    last = None if record.checkpoints is None else record.checkpoints.at_or_before(steps)
    return last if last is not None and last.step == steps else None
