"""The session file, format version 2 (``.lrmon``): a tree of runs with the numbers they recorded.

Version 1 (``run.json``, :mod:`.session`) holds one run as configuration + event log and is
opened by replaying it. That shows the numbers of the computer that opens it: the same run gives
different curves on CPUs with different BLAS kernels. Version 2 holds what was recorded, so a
teacher opening a student's file sees the student's curves, and a tree of runs (a base run and
its forks, :class:`~lrmonitor.core.run.tree.RunTree`) rather than one.

A ``.lrmon`` file is a zip archive (:mod:`.container`)::

    manifest.json            format, version 2, written_by, the runs and the checkpoints (JSON)
    runs/<id>/loss.npy       per step: mini-batch loss   (float64, one value per step)
    runs/<id>/lr.npy         per step: rate used         (float64)
    runs/<id>/epoch_lr.npy   per epoch: rate of its last step, training and validation loss
    runs/<id>/train_loss.npy (float64, one value per completed epoch)
    runs/<id>/val_loss.npy
    state/float64.npy        the checkpoints' arrays (parameters, optimizer state), packed
    state/int64.npy          the shuffle order of checkpoints taken inside an epoch, packed

Each run in the manifest has its id, name, parent id, fork step, action text and colour slot,
its configuration, its full event log (stamped, as in version 1: applied events first, then
those still to come; ``applied`` says how many were applied), its summary (as in version 1),
the declarations of its arrays (member, dtype, shape), its checkpoint store (settings and the
indices of its checkpoints in the manifest's ``checkpoints`` list: a checkpoint that forks
share is written once) and ``state``, the checkpoint at its last step that lets it continue
exactly (none for a diverged run).

:func:`save_tree` writes a file (atomically) and :func:`load_any` reads either version into a
:class:`Loaded`. Reading is strict and bounded: every problem is a ``ValueError`` with one
sentence naming the file and what is wrong.
"""

from __future__ import annotations

import dataclasses
import os
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..run.checkpoint import Checkpoint, Checkpoints
from ..run.config import RunConfig
from ..run.events import Event, Stamped, parse_action
from ..run.history import EPOCH_COLUMNS, STEP_COLUMNS, History
from ..run.state import RunState
from ..run.trainer import Trainer, summarize
from ..run.tree import RunNode, RunRecord, RunTree, check_name, default_name
from .atomic import atomic_writer
from .checkpoints import (
    ArrayPack,
    checkpoint_from_json,
    checkpoint_to_json,
    events_from_json,
    max_steps,
)
from .container import MANIFEST, ArchiveReader, ArchiveWriter, DamagedError
from .reading import open_regular
from .session import FORMAT, ZIP_MAGIC, Session, session_from_bytes
from .session import MAX_BYTES as MAX_V1_BYTES

VERSION = 2
EXTENSION = ".lrmon"
MAX_FILE_BYTES = 2000 << 20  # below zip's 2 GiB limit: lrmonitor writes plain (not zip64) archives
MAX_RUNS = 1000
MAX_CHECKPOINTS = 100_000
MAX_ID = 100_000
MAX_COLOUR = 1000
ARRAYS = (*STEP_COLUMNS, *EPOCH_COLUMNS)  # loss, lr; epoch_lr, train_loss, val_loss
_STORE_SETTINGS = ("limit", "min_steps", "max_replay", "max_bytes")


# -- what a file holds ----------------------------------------------------------------------------
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


# -- writing --------------------------------------------------------------------------------------
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
                "spacing": store.spacing, **{k: getattr(store, k) for k in _STORE_SETTINGS},
                "items": [reference(c) for c in store],
            },
            "state": None if state is None else reference(state),
        })
        columns.append([(name, getattr(history, name).view()) for name in ARRAYS])
    from ... import __version__

    try:
        with atomic_writer(path, binary=True) as handle, ArchiveWriter(handle) as archive:
            for entry, run_columns in zip(entries, columns):
                entry["arrays"] = {name: archive.add_array(f"runs/{entry['id']}/{name}.npy", values)
                                   for name, values in run_columns}
            blobs = {kind: archive.add_array(f"state/{kind}.npy", values) for kind, values in pack.blobs().items()}
            archive.add_json(MANIFEST, {
                "format": FORMAT, "version": VERSION, "written_by": f"lrmonitor {__version__}",
                "runs": entries, "checkpoints": checkpoints, "blobs": blobs,
            })
    except zipfile.LargeZipFile:
        raise ValueError(f"'{path}' would be larger than a session file may be (2 GiB)") from None


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
    """A consistent copy of ``history`` (a live one may grow while it is read)."""
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


# -- reading --------------------------------------------------------------------------------------
def load_any(path: str | os.PathLike) -> Loaded:
    """Read a session file of either version; every problem raises ``ValueError`` with one sentence
    naming the file. Version 2 needs no replay; version 1 does (:attr:`Loaded.needs_replay`)."""
    target = Path(path)
    handle, size = open_regular(target, MAX_FILE_BYTES)
    with handle:
        try:
            magic = handle.read(4)
            if magic != ZIP_MAGIC:
                if size > MAX_V1_BYTES:
                    raise _RefusedError(f"session file '{target}' is {size:,} bytes: larger than the "
                                        f"{MAX_V1_BYTES:,} bytes a version 1 session file may have")
                handle.seek(0)
                return _loaded_v1(target, session_from_bytes(handle.read(MAX_V1_BYTES + 1), target, VERSION))
        except OSError as err:
            raise ValueError(f"session file '{target}' cannot be read: {err.strerror or err}") from None
        try:
            reader = ArchiveReader(handle, size)
            try:
                return _load_v2(target, reader)
            finally:
                reader.close()
        except _RefusedError:
            raise
        except DamagedError as err:
            raise ValueError(f"session file '{target}' is damaged: {_one_line(err)}") from None
        except OSError as err:
            raise ValueError(f"session file '{target}' cannot be read: {err.strerror or err}") from None
        except (MemoryError, RecursionError) as err:
            raise ValueError(f"session file '{target}' cannot be read: {type(err).__name__}") from None
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError, EOFError,
                NotImplementedError, zipfile.BadZipFile, zlib.error) as err:  # unforeseen: still one sentence
            raise ValueError(f"session file '{target}' is damaged: {type(err).__name__}: {_one_line(err)}") from None


class _RefusedError(ValueError):
    """A refusal whose message is complete (it names the file)."""


def _loaded_v1(target: Path, session: Session) -> Loaded:
    config = session.config
    record = RecordedRun(config, tuple(session.events), History(config.steps_per_epoch), RunState.IDLE,
                         summary=session.summary)
    name = default_name(config, session.events)
    run = LoadedRun(1, name, None, None, None, 0, record)
    return Loaded(target, 1, "", (run,), session)


@dataclass
class _Entry:
    """A run as read from the manifest, checked on its own, before the tree and the arrays."""

    id: int
    name: str
    parent: int | None
    fork_step: int | None
    action: Event | None
    colour: int
    config: RunConfig
    events: list[Stamped]
    applied: int
    summary: dict[str, Any]
    status: RunState
    steps: int
    epochs: int
    data: dict[str, Any]


def _load_v2(target: Path, reader: ArchiveReader) -> Loaded:
    manifest = reader.manifest()
    if manifest.get("format") != FORMAT:
        raise _RefusedError(f"'{target}' is not an lrmonitor session file "
                            f"(no \"format\": \"{FORMAT}\" in its manifest)")
    version = manifest.get("version")
    if not _is_int(version) or version < 2:
        raise DamagedError(f"the manifest has the format version {_short(version)}: "
                           "a .lrmon archive has version 2 or later")
    if version > VERSION:
        raise _RefusedError(f"session file '{target}' has format version {version}, written by a newer lrmonitor; "
                         f"this version reads versions 1 to {VERSION}")
    written_by = manifest.get("written_by", "")
    if not isinstance(written_by, str) or len(written_by) > 200:
        raise DamagedError("the manifest's written_by is not a short text")
    runs = manifest.get("runs")
    if not isinstance(runs, list) or not 1 <= len(runs) <= MAX_RUNS:
        raise DamagedError(f"the manifest's runs are {_count(runs)}: allowed are 1 to {MAX_RUNS} runs")
    entries = [_entry(data, i) for i, data in enumerate(runs)]
    _check_tree(entries)
    stored = manifest.get("checkpoints", [])
    if not isinstance(stored, list) or len(stored) > MAX_CHECKPOINTS:
        raise DamagedError(f"the manifest's checkpoints are {_count(stored)}: allowed are up to {MAX_CHECKPOINTS:,}")
    pack = _pack(manifest.get("blobs", {}), reader) if stored else ArrayPack()
    decoded: dict[int, Checkpoint] = {}

    def checkpoint(index: Any, entry: _Entry, what: str) -> Checkpoint:
        if not _is_int(index) or not 0 <= index < len(stored):
            raise DamagedError(f"{what} refers to checkpoint {_short(index)}: the manifest has {len(stored)}")
        if index not in decoded:
            decoded[index] = checkpoint_from_json(stored[index], entry.config, pack, f"checkpoint {index}")
        found = decoded[index]
        if dataclasses.replace(found.config, epochs=entry.config.epochs) != entry.config:
            raise DamagedError(f"{what} refers to checkpoint {index}, which belongs to a run of another configuration")
        if found.step > entry.steps:
            raise DamagedError(f"{what} refers to checkpoint {index} at step {found.step}, after the run's last "
                               f"step {entry.steps}")
        applied = entry.events[: entry.applied]
        if (found.applied > entry.applied or any(s.step > found.step for s in applied[: found.applied])
                or any(s.step < found.step for s in entry.events[found.applied :])):
            raise DamagedError(f"{what} refers to checkpoint {index} (step {found.step}, {found.applied} events "
                               "applied), which does not fit the run's event log")
        return found

    loaded = []
    for entry in sorted(entries, key=lambda e: e.id):
        what = f"run {entry.id}"
        store = _store(entry, lambda i, e=entry, w=what: checkpoint(i, e, f"{w}'s checkpoint store"))
        state_index = entry.data.get("state")
        state = None
        if state_index is not None:
            if entry.status is RunState.DIVERGED:
                raise DamagedError(f"{what} diverged but has a state to continue from")
            state = checkpoint(state_index, entry, f"{what}'s state")
            if state.step != entry.steps:
                raise DamagedError(f"{what}'s state is at step {state.step}: expected its last step {entry.steps}")
        history = _history(entry, reader)
        record = RecordedRun(entry.config, tuple(entry.events), history, entry.status, store, state=state,
                             summary=entry.summary)
        loaded.append(LoadedRun(entry.id, entry.name, entry.parent, entry.fork_step, entry.action, entry.colour,
                                record))
    return Loaded(target, version, written_by, tuple(loaded))


def _entry(data: Any, index: int) -> _Entry:
    what = f"run {index + 1} of the manifest"
    if not isinstance(data, dict):
        raise DamagedError(f"{what} is not an object")
    run_id = _int(data.get("id"), f"{what}'s id", 1, MAX_ID)
    what = f"run {run_id}"
    try:
        name = check_name(data.get("name"))
    except ValueError as err:
        raise DamagedError(f"{what}: {err}") from None
    parent = data.get("parent")
    if parent is not None:
        parent = _int(parent, f"{what}'s parent", 1, MAX_ID)
    colour = _int(data.get("colour"), f"{what}'s colour", 0, MAX_COLOUR)
    try:
        config = RunConfig.from_json(data.get("config"))
    except (TypeError, ValueError) as err:
        raise DamagedError(f"{what}'s configuration: {_one_line(err)}") from None
    last = max_steps(config)
    summary = data.get("summary")
    if not isinstance(summary, dict):
        raise DamagedError(f"{what}'s summary is not an object")
    steps = _int(summary.get("steps"), f"{what}'s summary.steps", 0, last)
    epochs = _int(summary.get("epochs"), f"{what}'s summary.epochs", 0, steps)
    try:
        status = RunState(summary.get("status"))
    except ValueError:
        raise DamagedError(f"{what}'s summary.status is {_short(summary.get('status'))}: allowed are "
                           f"{', '.join(s.value for s in RunState)}") from None
    _check_progress(what, config, status, steps, epochs, summary.get("diverged_at"))
    events = events_from_json(data.get("events"), f"{what}'s events", 0, last)
    applied = _int(data.get("applied"), f"{what}'s applied event count", 0, len(events))
    if status is not RunState.RUNNING:  # an autosave taken while training may be ahead of its history
        done = events[:applied]
        for i, s in enumerate(done):
            if s.step > steps or (i and s.step < done[i - 1].step):
                raise DamagedError(f"{what}'s applied event {i} is at step {s.step}: applied events are in step order, "
                                   f"at steps <= {steps} (the run's last)")
        late = [s for s in events[applied:] if s.step < steps]
        if late:
            raise DamagedError(f"{what}'s event at step {late[0].step} was not applied although the run went on to "
                               f"step {steps}")
    fork_step, action = data.get("fork_step"), data.get("action")
    if parent is None:
        if fork_step is not None or action is not None:
            raise DamagedError(f"{what} has a fork step or action but no parent")
    else:
        fork_step = _int(fork_step, f"{what}'s fork_step", 0, steps)
        if not isinstance(action, str) or len(action) > 1000:
            raise DamagedError(f"{what}'s action is {_short(action)}: expected action text, e.g. decay=0.5")
        try:
            action = parse_action(action)
        except ValueError as err:
            raise DamagedError(f"{what}'s action: {_one_line(err)}") from None
        if Stamped(fork_step, action) not in events[:applied] and status is not RunState.RUNNING:
            raise DamagedError(f"{what}'s event log does not hold its action {action.action()} "
                               f"at its fork step {fork_step}")
    return _Entry(run_id, name, parent, fork_step, action, colour, config, events, applied, summary, status, steps,
                  epochs, data)


def _check_progress(what: str, config: RunConfig, status: RunState, steps: int, epochs: int, diverged_at: Any) -> None:
    """The summary's steps, epochs, status and diverged_at fit together and the configuration."""
    spe = config.steps_per_epoch
    total = None if config.epochs is None else config.epochs * spe
    diverged = status is RunState.DIVERGED
    if epochs != steps // spe and not (diverged and epochs == (steps - 1) // spe):
        raise DamagedError(f"{what}'s summary has {epochs} epochs for {steps} steps: expected {steps // spe} "
                           f"({spe} steps per epoch)")
    if diverged != (diverged_at is not None):
        raise DamagedError(f"{what}'s summary has the status {status} with diverged_at {_short(diverged_at)}")
    if diverged and diverged_at != steps:
        raise DamagedError(f"{what}'s summary.diverged_at is {_short(diverged_at)}: "
                           f"a diverged run ends at the step that diverged ({steps})")
    bad = (
        (status is RunState.IDLE and steps != 0)
        or (status is RunState.FINISHED and steps != total)
        or (status is RunState.PAUSED and not (steps > 0 and (total is None or steps < total)))
        or (diverged and steps == 0)
    )
    if bad:
        of = "" if total is None else f" of {total}"
        raise DamagedError(f"{what}'s summary has the status {status} after {steps} steps{of}")


def _check_tree(entries: list[_Entry]) -> None:
    by_id: dict[int, _Entry] = {}
    for entry in entries:
        if entry.id in by_id:
            raise DamagedError(f"two runs have the id {entry.id}")
        by_id[entry.id] = entry
    for entry in entries:
        seen, node = [entry.id], entry
        while node.parent is not None:
            if node.parent not in by_id:
                raise DamagedError(f"run {node.id}'s parent {node.parent} is not in the file")
            if node.parent in seen:
                loop = " -> ".join(str(i) for i in [*seen[seen.index(node.parent):], node.parent])
                raise DamagedError(f"the runs' parents form a cycle ({loop})")
            seen.append(node.parent)
            node = by_id[node.parent]
    for entry in entries:
        if entry.parent is None:
            continue
        parent = by_id[entry.parent]
        if entry.parent > entry.id:
            raise DamagedError(f"run {entry.id}'s parent {entry.parent} has a larger id: "
                               "a fork is made after its parent")
        if dataclasses.replace(entry.config, epochs=parent.config.epochs) != parent.config:
            raise DamagedError(f"run {entry.id}'s configuration differs from its parent's in more than the epochs")
        if entry.fork_step > parent.steps:
            raise DamagedError(f"run {entry.id} forks at step {entry.fork_step}, after its parent's last step "
                               f"{parent.steps}")


def _store(entry: _Entry, checkpoint) -> Checkpoints | None:
    data = entry.data.get("checkpoints")
    if data is None:
        return None
    what = f"run {entry.id}'s checkpoint store"
    if not isinstance(data, dict):
        raise DamagedError(f"{what} is not an object")
    settings = {k: _int(data.get(k), f"{what}'s {k}", 1, 2**62) for k in _STORE_SETTINGS}
    spacing = _int(data.get("spacing"), f"{what}'s spacing", 1, 2**40)
    if spacing & (spacing - 1):
        raise DamagedError(f"{what}'s spacing {spacing} is not a power of two")
    try:
        store = Checkpoints(entry.config.steps_per_epoch, **settings)
    except ValueError as err:
        raise DamagedError(f"{what}: {_one_line(err)}") from None
    store.spacing = spacing
    items = data.get("items")
    if not isinstance(items, list) or len(items) > MAX_CHECKPOINTS:
        raise DamagedError(f"{what}'s items are {_count(items)}: expected a list of checkpoint indices")
    previous = -1
    for index in items:
        found = checkpoint(index)
        if found.step <= previous:
            raise DamagedError(f"{what} lists checkpoint {index} at step {found.step} after one at step {previous}: "
                               "allowed are steps in increasing order")
        previous = found.step
        store.add(found)
    return store


def _pack(blobs: Any, reader: ArchiveReader) -> ArrayPack:
    if not isinstance(blobs, dict):
        raise DamagedError("the manifest's blobs are not an object")
    arrays = {}
    for kind in ("float64", "int64"):
        if kind in blobs:
            arrays[kind] = reader.array(blobs[kind], f"the checkpoints' {kind} pack", kind)
    return ArrayPack(arrays)


def _history(entry: _Entry, reader: ArchiveReader) -> History:
    declared = entry.data.get("arrays")
    what = f"run {entry.id}"
    if not isinstance(declared, dict):
        raise DamagedError(f"{what} declares no arrays")
    history = History(entry.config.steps_per_epoch)
    for name in ARRAYS:
        length = entry.steps if name in STEP_COLUMNS else entry.epochs
        values = reader.array(declared.get(name), f"{what}'s {name} array", "float64", (length,))
        getattr(history, name).extend(values)
    history.events = list(entry.events[: entry.applied])
    history.diverged_at = entry.summary.get("diverged_at")
    recorded = summarize(history, entry.status)
    for key in ("final_train_loss", "final_val_loss", "final_lr"):
        value = entry.summary.get(key)
        if not (value is None or isinstance(value, float)) or value != recorded[key]:
            raise DamagedError(f"{what}'s summary.{key} is {_short(value)} but its arrays end with {recorded[key]!r}")
    return history


def _int(value: Any, what: str, low: int, high: int) -> int:
    if not _is_int(value) or not low <= value <= high:
        raise DamagedError(f"{what} is {_short(value)}: allowed is a whole number {low} <= n <= {high}")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: Any) -> str:
    return f"{len(value):,}" if isinstance(value, list) else "not a list"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


