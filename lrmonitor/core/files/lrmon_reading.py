"""Reading a version-2 session file (``.lrmon``) and checking everything in it.

The archive has passed :class:`ArchiveReader`'s limits; this reads its manifest as untrusted
data. Each run is checked on its own (its id, name, configuration, summary and event log agree
with one another), then the runs as a tree (distinct ids, parents in the file and made before
their forks, no cycles, a fork's configuration its parent's but for the epochs, its fork step
within its parent's run), then each run's checkpoint store and end state against its event log,
then its arrays against its summary. Every problem is a :class:`DamagedError` (one sentence; the
caller names the file) or, for a file that is not damaged but not ours to read (another format,
a newer version), a :class:`RefusedError` whose sentence is complete.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..run.checkpoint import Checkpoint, Checkpoints
from ..run.config import RunConfig
from ..run.events import Event, Stamped, parse_action
from ..run.history import STEP_COLUMNS, History
from ..run.state import RunState
from ..run.trainer import summarize
from ..run.tree import check_name
from ..texts import QT_TRANSLATE_NOOP, WordedError
from .checkpoints import ArrayPack, checkpoint_from_json, events_from_json, max_steps
from .checks import is_int, one_line, short, whole_number
from .container import ArchiveReader, DamagedError
from .lrmon_records import (
    ARRAYS,
    ATTACHED_STEP_ARRAYS,
    STEP_DELTAS,
    STORE_SETTINGS,
    VERSION,
    Loaded,
    LoadedRun,
    RecordedRun,
)
from .reading import file_words
from .session import FORMAT, NEWER, config_from_json

MAX_RUNS = 1000
MAX_CHECKPOINTS = 100_000
MAX_ID = 100_000
MAX_COLOUR = 1000
MAX_ATTACHED_STEPS = 10**12  # an attached training's steps: its own, not bounded by a configuration
MAX_ATTACHED_TEXT = 4000  # characters of an attached training's description


class RefusedError(WordedError):
    """A refusal whose message is complete (it names the file), in words the window can translate."""


NOT_OURS = QT_TRANSLATE_NOOP("core", "'{path}' is not an lrmonitor session file (no {marker} in its manifest)")



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
    attached: dict[str, Any] | None = None  # an attached training's description (see RecordedRun.origin)


def read_archive(target: Path, reader: ArchiveReader) -> Loaded:
    """The runs of the version-2 archive ``reader`` reads (the file ``target``), every value checked."""
    manifest = reader.manifest()
    if manifest.get("format") != FORMAT:
        raise RefusedError(NOT_OURS, path=str(target), marker=f'"format": "{FORMAT}"')
    version = manifest.get("version")
    if not is_int(version) or version < 2:
        raise DamagedError(f"the manifest has the format version {short(version)}: "
                           "a .lrmon archive has version 2 or later")
    if version > VERSION:
        raise RefusedError(NEWER, file=file_words(target), version=version, newest=VERSION)
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
        if not is_int(index) or not 0 <= index < len(stored):
            raise DamagedError(f"{what} refers to checkpoint {short(index)}: the manifest has {len(stored)}")
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
                             summary=entry.summary, origin=entry.attached,
                             origin_columns=_attached_columns(entry, reader))
        loaded.append(LoadedRun(entry.id, entry.name, entry.parent, entry.fork_step, entry.action, entry.colour,
                                record))
    return Loaded(target, version, written_by, tuple(loaded))


def _entry(data: Any, index: int) -> _Entry:
    what = f"run {index + 1} of the manifest"
    if not isinstance(data, dict):
        raise DamagedError(f"{what} is not an object")
    run_id = whole_number(data.get("id"), f"{what}'s id", 1, MAX_ID)
    what = f"run {run_id}"
    try:
        name = check_name(data.get("name"))
    except ValueError as err:
        raise DamagedError(f"{what}: {err}") from None
    parent = data.get("parent")
    if parent is not None:
        parent = whole_number(parent, f"{what}'s parent", 1, MAX_ID)
    colour = whole_number(data.get("colour"), f"{what}'s colour", 0, MAX_COLOUR)
    try:
        config = config_from_json(data.get("config"))
    except DamagedError as err:
        raise DamagedError(f"{what}'s configuration: {one_line(err)}") from None
    attached = _attached(data.get("attached"), what)
    last = max_steps(config) if attached is None else MAX_ATTACHED_STEPS
    summary = data.get("summary")
    if not isinstance(summary, dict):
        raise DamagedError(f"{what}'s summary is not an object")
    steps = whole_number(summary.get("steps"), f"{what}'s summary.steps", 0, last)
    epochs = whole_number(summary.get("epochs"), f"{what}'s summary.epochs", 0, steps)
    try:
        status = RunState(summary.get("status"))
    except ValueError:
        raise DamagedError(f"{what}'s summary.status is {short(summary.get('status'))}: allowed are "
                           f"{', '.join(s.value for s in RunState)}") from None
    if attached is None:  # an attached run's placeholder configuration says nothing of its progress
        _check_progress(what, config, status, steps, epochs, summary.get("diverged_at"))
    elif parent is not None or status is RunState.DIVERGED:
        raise DamagedError(f"{what} is an attached training's run: it has no parent and does not diverge")
    events = events_from_json(data.get("events"), f"{what}'s events", 0, last)
    applied = whole_number(data.get("applied"), f"{what}'s applied event count", 0, len(events))
    # an autosave taken while training may be ahead of its history; an attached training's events are
    # stamped with its optimizer steps, which its logged rows need not count one for one
    if status is not RunState.RUNNING and attached is None:
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
        fork_step = whole_number(fork_step, f"{what}'s fork_step", 0, steps)
        if not isinstance(action, str) or len(action) > 1000:
            raise DamagedError(f"{what}'s action is {short(action)}: expected action text, e.g. decay=0.5")
        try:
            action = parse_action(action)
        except ValueError as err:
            raise DamagedError(f"{what}'s action: {one_line(err)}") from None
        if Stamped(fork_step, action) not in events[:applied] and status is not RunState.RUNNING:
            raise DamagedError(f"{what}'s event log does not hold its action {action.action()} "
                               f"at its fork step {fork_step}")
    return _Entry(run_id, name, parent, fork_step, action, colour, config, events, applied, summary, status, steps,
                  epochs, data, attached)


def _attached(value: Any, what: str) -> dict[str, Any] | None:
    """An attached training's description: a small object with its whole steps_per_epoch."""
    if value is None:
        return None
    if not isinstance(value, dict) or len(json.dumps(value, default=str)) > MAX_ATTACHED_TEXT:
        raise DamagedError(f"{what}'s attached description is not a small object")
    whole_number(value.get("steps_per_epoch"), f"{what}'s attached steps_per_epoch", 1, MAX_ATTACHED_STEPS)
    return dict(value)


def _check_progress(what: str, config: RunConfig, status: RunState, steps: int, epochs: int, diverged_at: Any) -> None:
    """The summary's steps, epochs, status and diverged_at fit together and the configuration."""
    spe = config.steps_per_epoch
    total = None if config.epochs is None else config.epochs * spe
    diverged = status is RunState.DIVERGED
    if epochs != steps // spe and not (diverged and epochs == (steps - 1) // spe):
        raise DamagedError(f"{what}'s summary has {epochs} epochs for {steps} steps: expected {steps // spe} "
                           f"({spe} steps per epoch)")
    if diverged != (diverged_at is not None):
        raise DamagedError(f"{what}'s summary has the status {status} with diverged_at {short(diverged_at)}")
    if diverged and diverged_at != steps:
        raise DamagedError(f"{what}'s summary.diverged_at is {short(diverged_at)}: "
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
    settings = {k: whole_number(data.get(k), f"{what}'s {k}", 1, 2**62) for k in STORE_SETTINGS}
    spacing = whole_number(data.get("spacing"), f"{what}'s spacing", 1, 2**40)
    if spacing & (spacing - 1):
        raise DamagedError(f"{what}'s spacing {spacing} is not a power of two")
    try:
        store = Checkpoints(entry.config.steps_per_epoch, **settings)
    except ValueError as err:
        raise DamagedError(f"{what}: {one_line(err)}") from None
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
    history = History(entry.config.steps_per_epoch if entry.attached is None else entry.attached["steps_per_epoch"])
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
            raise DamagedError(f"{what}'s summary.{key} is {short(value)} but its arrays end with {recorded[key]!r}")
    return history


def _attached_columns(entry: _Entry, reader: ArchiveReader) -> dict[str, np.ndarray] | None:
    """An attached training's own columns: each row's optimizer step (a whole number), epoch and gradient
    norm, and each epoch row's logged row. None for a file written before they were kept."""
    declared = entry.data.get("attached_arrays")
    what = f"run {entry.id}"
    if declared is None:
        return None
    if entry.attached is None:
        raise DamagedError(f"{what} has an attached training's arrays but is not an attached training's run")
    if not isinstance(declared, dict):
        raise DamagedError(f"{what}'s attached arrays are not an object")
    deltas = reader.array(declared.get(STEP_DELTAS), f"{what}'s attached {STEP_DELTAS} array", "int64",
                          (entry.steps,))
    # each delta is bounded, so a sum leaves the range (and is refused) long before it could overflow
    steps = np.cumsum(deltas) if np.all(np.abs(deltas) <= MAX_ATTACHED_STEPS) else np.array([-1])
    if not np.all((steps >= 0) & (steps <= MAX_ATTACHED_STEPS)):
        raise DamagedError(f"{what}'s attached steps are not all whole numbers from 0 to {MAX_ATTACHED_STEPS}")
    columns = {"steps": steps.astype(np.float64)}
    for name in [n for n in ATTACHED_STEP_ARRAYS if n != "steps"]:
        columns[name] = reader.array(declared.get(name), f"{what}'s attached {name} array", "float64", (entry.steps,))
    rows = reader.array(declared.get("val_rows"), f"{what}'s attached val_rows array", "int64", (entry.epochs,))
    if len(rows) and (rows[0] < 0 or rows[-1] >= entry.steps or np.any(np.diff(rows) < 0)):
        raise DamagedError(f"{what}'s attached val_rows are not rows of the run in increasing order")
    columns["val_rows"] = rows
    return columns


def _count(value: Any) -> str:
    return f"{len(value):,}" if isinstance(value, list) else "not a list"

