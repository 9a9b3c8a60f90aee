"""The workspace: every run a student keeps in one window, and which of them is current.

A comparison needs several runs at once: the fixed-rate run and its decayed fork, a run from
before a Reset, a run opened from a file. The workspace keeps them as a
:class:`~lrmonitor.core.run.tree.RunTree` whose nodes hold the ids of the runs in the engine
(the worker process holds their histories), remembers which run is current (the one the
transport and the decay panel act on) and which are drawn, keeps each shown run's display
data (:class:`~lrmonitor.core.display.series.RunSeries`) and plateau guide, and can undo a
deletion (the deleted runs are recorded first, and loaded back without replaying).

It knows nothing of Qt: the window's controller drives it once per frame, and the tests drive
it with the in-process engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..display.frame import RunInfo
from ..display.guide import PlateauGuide
from ..display.series import RunSeries
from ..engine.interface import Engine
from ..link.view import AttachedView
from ..run.config import RunConfig
from ..run.events import Event, Stamped
from ..run.tree import Removed, RunNode, RunRecord, RunTree, default_name, describe_action, fork_range


def _as_stored(name: str) -> str:
    return name


@dataclass
class _Deleted:
    removed: Removed
    records: dict[int, RunRecord]  # by tree id: what the engine held of each deleted run


class Workspace:
    """The runs of a window, on top of one engine. Tree ids are what the window talks about."""

    def __init__(self, engine: Engine, smoothing: float = 0.6) -> None:
        self.engine = engine
        self.tree = RunTree()
        self.current: int | None = None  # tree id of the current run
        self.visible: set[int] = set()
        self.smoothing = smoothing
        self._series: dict[int, RunSeries] = {}
        self._guides: dict[int, PlateauGuide] = {}
        self._deleted: list[_Deleted] = []
        self._renamed: set[int] = set()  # names the student chose: never replaced by a description
        self._records: dict[int, tuple] = {}  # by tree id: (what it was made from, the engine's record)
        self.changed = True  # something the runs panel shows changed since the last frame
        # how a run's name is shown: the tree keeps the English a file keeps (see core.run.names),
        # and the window sets this to word it in its language; the names in infos() and those
        # delete() and undo() return are shown names
        self.shown_name: Callable[[str], str] = _as_stored

    # -- what there is -------------------------------------------------------------------------
    def engine_id(self, run_id: int) -> int | None:
        self.adopt_pending()
        return self.tree[run_id].run

    def view(self, run_id: int):
        engine_id = self.engine_id(run_id)
        return None if engine_id is None else self.engine.runs.get(engine_id)

    def series(self, run_id: int) -> RunSeries | None:
        """The run's display data, made when first asked for and kept while the run exists."""
        view = self.view(run_id)
        if view is None:
            return None
        series = self._series.get(run_id)
        if series is None or series.history is not view.history:
            series = self._series[run_id] = RunSeries(view.history, self.smoothing)
        return series

    def guide(self, run_id: int) -> PlateauGuide:
        return self._guides.setdefault(run_id, PlateauGuide())

    def infos(self) -> tuple[RunInfo, ...]:
        """Every run as the runs panel and the overlay show it; shown runs' series are updated."""
        infos = []
        for node in self.tree:
            shown = node.id in self.visible or node.id == self.current
            series = self.series(node.id) if shown else None
            if series is not None:
                series.update()
            infos.append(RunInfo(node.id, self.shown_name(node.name), node.colour, node.parent, node.fork_step,
                                 node.id in self.visible, node.id == self.current, self.view(node.id), series,
                                 node.action))
        return tuple(infos)

    @property
    def can_undo(self) -> bool:
        return bool(self._deleted)

    # -- runs come and go ----------------------------------------------------------------------
    def add_run(self, config: RunConfig, events: Iterable[Stamped] = (), steps: int | None = None,
                wait: bool = True, progress=None, name: str | None = None) -> int:
        """A new first run (the engine makes it current; a paused current run stays in the tree)."""
        events = list(events)
        self.engine.new_run(config, events, steps, wait=wait, progress=progress)
        node = self.tree.add(None, name=name or default_name(config, events))
        node.run = self.engine.current_id if wait else None  # else filled in by the first frame
        self._made_current(node.id)
        return node.id

    def add_attached(self, engine_id: int, name: str) -> int:
        """A run the engine already holds (an attached training), current, with its own name."""
        node = self.tree.add(None, name=name[:80])
        node.run = engine_id
        self._made_current(node.id)
        return node.id

    def add_record(self, record: RunRecord, name: str) -> int:
        """A recorded run (e.g. one rate of the Rates tab's) as a new first run, loaded as it is,
        without replaying; it becomes current and shown."""
        node = self.tree.add(None, name=name)
        node.run = self.engine.load(record)
        self._renamed.add(node.id)  # its rate and verdict: not replaced by a description of its events
        self._made_current(node.id)
        return node.id

    def replace_current(self, config: RunConfig, events: Iterable[Stamped] = ()) -> int:
        """The current run, made again with another setup (before its first step: nothing is lost)."""
        old = self.current
        if old is not None and old in self.tree:
            self._forget(old, self.tree.delete(old))  # first, so the new run takes its colour
        return self.add_run(config, events)

    def clear(self) -> None:
        """Drop every run (opening a file replaces the workspace; nothing to undo)."""
        for node in list(self.tree):
            if node.id in self.tree:
                self._forget(node.id, self.tree.delete(node.id))
        self._deleted.clear()
        self.current = None

    def adopt_pending(self) -> None:
        """A run started with ``wait=False`` has its engine id now."""
        if self.current is not None and self.current in self.tree and self.tree[self.current].run is None:
            self.tree[self.current].run = self.engine.current_id

    def fork(self, run_id: int, step: int, action: Event) -> int:
        """A fork of run ``run_id`` at ``step`` with ``action``: current and shown, beside its parent."""
        parent = self.tree[run_id]
        engine_id = self.engine.fork(parent.run, step, action)
        spe = self.view(run_id).steps_per_epoch
        node = self.tree.add(None, parent=run_id, fork_step=step, action=action,
                             name=describe_action(action, step, spe))
        node.run = engine_id
        self.visible.add(run_id)
        self._made_current(node.id)
        return node.id

    def fork_range(self, run_id: int) -> tuple[int, int]:
        view = self.view(run_id)
        history = view.history
        record = RunRecord(view.config, tuple(history.events), history, view.status)
        return fork_range(record)

    def continue_run(self, run_id: int, epochs: int) -> None:
        self.engine.continue_run(self.engine_id(run_id), epochs)
        self.changed = True

    def select(self, run_id: int) -> None:
        if run_id == self.current:
            return
        self.engine.select(self.engine_id(run_id))
        self._made_current(run_id)

    def set_visible(self, run_id: int, on: bool) -> None:
        _ = self.tree[run_id]  # raises, naming the known ids, for an unknown one
        (self.visible.add if on else self.visible.discard)(run_id)
        self.changed = True

    def rename(self, run_id: int, name: str) -> None:
        """Give run ``run_id`` the student's name (a name shown unchanged keeps the stored one)."""
        if name.strip() == self.shown_name(self.tree[run_id].name):
            return
        self.tree.rename(run_id, name)
        self._renamed.add(run_id)
        self.changed = True

    def describe(self, run_id: int) -> None:
        """A first run's name follows its events (until the student names it); an attached training's
        name is its script's, not one made from a configuration it does not have."""
        node = self.tree[run_id]
        view = self.view(run_id)
        if (node.parent is None and run_id not in self._renamed and view is not None
                and not isinstance(view, AttachedView)):
            name = default_name(view.config, tuple(view.history.events))
            if name != node.name:
                self.tree.rename(run_id, name[:80])
                self.changed = True

    def delete(self, run_id: int) -> list[str]:
        """Delete a run and its forks (names returned); :meth:`undo` brings them back."""
        removed = self.tree.delete(run_id)
        records = {}
        for node in removed.nodes:
            if node.run is not None:
                records[node.id] = self.engine.record(node.run)
        self._deleted.append(_Deleted(removed, records))
        self._forget(run_id, removed)
        return [self.shown_name(node.name) for node in removed.nodes]

    def undo(self) -> list[str]:
        """Bring back the last deleted runs (loaded as recorded, no replay); their names."""
        deleted = self._deleted.pop()
        for node in deleted.removed.nodes:
            record = deleted.records.get(node.id)
            node.run = None if record is None else self.engine.load(record)
        self.tree.restore(deleted.removed)
        first = deleted.removed.nodes[0].id
        self.engine.select(self.tree[first].run)
        self._made_current(first)
        return [self.shown_name(node.name) for node in deleted.removed.nodes]

    # -- saving and opening --------------------------------------------------------------------
    def fingerprint(self) -> tuple:
        """Changes when a run is added, removed, renamed, trains or takes an event (the unsaved mark)."""
        out = []
        for node in self.tree:
            view = self.view(node.id)
            steps, events = (0, 0) if view is None else (view.history.steps, len(view.history.events))
            out.append((node.id, node.name, node.parent, steps, events, None if view is None else str(view.status)))
        return tuple(out)

    def saved_tree(self) -> RunTree:
        """The runs as a session file keeps them: a tree whose nodes hold the engine's records.

        A run that does not train (every run but the current one, mostly) keeps its record from
        the last call: a long run is copied out of the worker when it changed, not at every save.
        """
        tree = RunTree()
        for node in self.tree:
            view = self.view(node.id)
            key = (node.run, view.history.steps, len(view.history.events), str(view.status))
            cached = self._records.get(node.id)
            if cached is None or cached[0] != key:
                cached = (key, self.engine.record(node.run))
                if node.id != self.current:  # the current run changes again soon: not worth keeping
                    self._records[node.id] = cached
            tree.insert(RunNode(node.id, node.name, node.parent, node.fork_step, node.action, node.colour, cached[1]))
        return tree

    def open_tree(self, runs) -> None:
        """Replace every run by the runs of a session file (``LoadedRun``s, parents first): they are
        loaded into the engine as recorded, without replaying; the last one is current."""
        self.clear()
        for loaded in runs:
            node = self.tree.insert(RunNode(loaded.id, loaded.name, loaded.parent, loaded.fork_step, loaded.action,
                                            loaded.colour, self.engine.load(loaded.record)))  # the file's ids
            self.visible.add(node.id)
            self.current = node.id
        self.changed = True

    # -- internals -----------------------------------------------------------------------------
    def _made_current(self, run_id: int) -> None:
        self.current = run_id
        self.visible.add(run_id)
        self.changed = True

    def _forget(self, run_id: int, removed: Removed) -> None:
        """The engine frees the removed runs; the current run moves to the newest that is left."""
        if self.current is not None and self.current not in self.tree:  # removed before it was adopted
            node = next(n for n in removed.nodes if n.id == self.current)
            node.run = node.run if node.run is not None else self.engine.current_id
        for node in removed.nodes:
            if node.run is not None and node.run in self.engine.runs:
                self.engine.drop(node.run)
            self.visible.discard(node.id)
            self._series.pop(node.id, None)
            self._guides.pop(node.id, None)
            self._records.pop(node.id, None)
        if self.current in {node.id for node in removed.nodes}:
            self.current = None
            remaining = list(self.tree)
            if remaining:
                self.select_newest(remaining[-1].id)
        self.changed = True

    def select_newest(self, run_id: int) -> None:
        self.engine.select(self.engine_id(run_id))
        self._made_current(run_id)
