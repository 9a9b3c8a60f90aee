"""Forks of a run, a tree of runs, and continuing a finished run: two futures side by side.

The lesson is a comparison (a fixed rate wanders in a band, a decayed one settles lower), and a
fair comparison changes one thing: :func:`fork` makes a run that is exactly its parent up to a
step (same initial weights, same mini-batch order, same numbers bit for bit), applies one action
there and trains on. It starts from the parent's nearest checkpoint at or before that step and
replays the rest, so a fork anywhere in a long run costs at most ``max_replay`` steps
(:mod:`.checkpoint`). The fork keeps the parent's events up to and including its step (those at
the step first, then the action) and none after: the parent's later actions are the parent's
future, not the fork's. So a fork at epoch E with action A equals a fresh run of the parent's
events up to E plus ``Stamped(E * steps_per_epoch, A)`` (``lrmonitor run --at E:A``).

:func:`continue_run` trains a run N more epochs by making its configuration's ``epochs`` larger,
rather than by a new kind of event: a run is its configuration plus its event log, and "100
epochs, then 50 more" is the same run as "150 epochs" (the number of epochs changes nothing but
where the run stops), so the session file (format version 1) records it as it is, every
lrmonitor that reads version 1 replays it, and a replay reproduces it without knowing it was
continued.

:class:`RunTree` keeps the runs of a comparison: ids, names, who forked from whom, where and
with what, and a colour slot each; deleting a run (and its forks) can be undone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..texts import QT_TRANSLATE_NOOP, WordedError
from ..training.schedules import parse_schedule
from .checkpoint import Checkpoints
from .config import RunConfig, setup_param
from .events import Event, Stamped, parse_action
from .history import History
from .names import NAME_LENGTH, action_words, first_run_words, where_words
from .state import RunState
from .trainer import Trainer

# the sentences the window may show (see lrmonitor.core.texts.Words)
FORK_STEP = QT_TRANSLATE_NOOP("core", "fork step {step} is outside the recorded run: "
                                      "allowed is {low} <= step <= {high} ({steps} steps recorded, {status})")
NO_END = QT_TRANSLATE_NOOP("core", "an 'until stopped' run has no end to move: "
                                   "allowed are runs with a number of epochs")
DIVERGED_ON = QT_TRANSLATE_NOOP("core", "a diverged run cannot go on: allowed are runs that did not diverge "
                                        "(fork it earlier)")
MORE_EPOCHS = QT_TRANSLATE_NOOP("core", "{epochs} more epochs is out of range: allowed is 1 <= epochs <= {most} "
                                        "(the run has {total}, at most {all} in all)")
BAD_NAME = QT_TRANSLATE_NOOP("core", "run name {name} is not valid: "
                                     "allowed is 1 to {length} characters, not only spaces")


@dataclass(frozen=True)
class RunRecord:
    """What is kept of a run when its trainer is gone: enough to fork it.

    ``events`` is the whole log (applied and still planned), ``checkpoints`` may be None (a fork
    then replays from step 0, which gives the same numbers, only slower).
    """

    config: RunConfig
    events: tuple[Stamped, ...]
    history: History
    status: RunState
    checkpoints: Checkpoints | None = None

    @staticmethod
    def of(run: Trainer | RunRecord) -> RunRecord:
        """The record of a trainer (sharing its history and checkpoints, not copying them)."""
        if isinstance(run, RunRecord):
            return run
        events = (*run.history.events, *run.pending_events())
        return RunRecord(run.config, events, run.history, run.status, run.checkpoints)


def fork_range(run: Trainer | RunRecord) -> tuple[int, int]:
    """The steps a fork of ``run`` may start at: (0, last).

    A run at rest can be forked up to its current step. A finished run has no step after its
    last one, and a diverged run's last step did not give a state to go on from, so both can be
    forked up to one step before their end.
    """
    record = RunRecord.of(run)
    steps = record.history.steps
    return 0, steps - 1 if record.status.ended and steps > 0 else steps


def fork(parent: Trainer | RunRecord, step: int, action: Event | str, *, column=None,
         progress: Callable[[int], None] | None = None) -> Trainer:
    """A run that is exactly ``parent`` up to ``step``, then applies ``action`` there and can train on.

    ``action`` is an event or action text (``parse_action``: a schedule, ``decay=F``, ``lr=V``,
    ``optimizer=SPEC``). The returned trainer is at ``step`` with the action applied; call
    ``run()`` to train it on. Raises ValueError for a step outside the recorded run.
    ``progress(step)``, if given, hears how far a long replay got (every :data:`REPLAY_CHUNK` steps).
    """
    record = RunRecord.of(parent)
    low, high = fork_range(record)
    if isinstance(step, bool) or not isinstance(step, int) or not low <= step <= high:
        raise WordedError(FORK_STEP, step=repr(step), low=low, high=high, steps=record.history.steps,
                          status=str(record.status))
    event = parse_action(action) if isinstance(action, str) else action
    events = [s for s in record.events if s.step <= step]
    events.append(Stamped(step, event))
    start = None if record.checkpoints is None else record.checkpoints.at_or_before(step)
    if start is None:
        trainer = Trainer(record.config, events, column=column)
    else:
        trainer = Trainer.from_checkpoint(record.config, events, start, history=record.history, column=column,
                                          checkpoints=record.checkpoints.until(start.step))
    replay(trainer, step, progress)  # run() applies the events due at the step, the action last
    _keep_recorded(trainer.history, record.history, step)
    return trainer


def _keep_recorded(history: History, recorded: History, step: int) -> None:
    """The fork shows its parent's recorded numbers before the fork step.

    On the computer that recorded the parent, the replay gives the same numbers bit for bit. On
    another computer (another BLAS kernel), the steps replayed since the nearest checkpoint can
    differ in the last bits; the fork's curve before the fork step is the parent's all the same,
    and what it computes from the fork step on is this computer's arithmetic.
    """
    epochs = min(step // history.steps_per_epoch, recorded.epochs)
    for mine, theirs, n in ((history.loss, recorded.loss, step), (history.lr, recorded.lr, step),
                            (history.epoch_lr, recorded.epoch_lr, epochs),
                            (history.train_loss, recorded.train_loss, epochs),
                            (history.val_loss, recorded.val_loss, epochs)):
        if len(mine) >= n and len(theirs) >= n and mine.view(n) is not theirs.view(n):
            mine.view(n)[:] = theirs.view(n)


REPLAY_CHUNK = 4096  # steps between two progress calls of a long replay


def replay(trainer: Trainer, step: int, progress: Callable[[int], None] | None = None) -> None:
    """Train ``trainer`` up to ``step`` (in chunks, telling ``progress`` how far; the same numbers)."""
    if progress is None:
        trainer.run(step - trainer.step)
        return
    while True:
        trainer.run(min(step - trainer.step, REPLAY_CHUNK))
        if trainer.step >= step or trainer.done:
            return
        progress(trainer.step)


def continue_run(run: Trainer, epochs: int, *, column=None) -> Trainer:
    """A trainer that goes on from ``run`` for ``epochs`` more epochs (its configuration's epochs grow).

    The result equals, bit for bit, one run of the longer configuration with the same events;
    its history starts as a copy of ``run``'s. Why the configuration and not an event: see the
    module docstring.
    """
    config = continued_config(run, epochs)
    store = False if run.checkpoints is None else run.checkpoints.until(run.step)
    return Trainer.from_checkpoint(config, None, run.checkpoint(), history=run.history, column=column,
                                   checkpoints=store)


def continued_config(run: Trainer | RunRecord, epochs: int) -> RunConfig:
    """The configuration of ``run`` continued for ``epochs`` more epochs; raises ValueError (saying
    what is allowed) for an 'until stopped' or diverged run, or an ``epochs`` out of range."""
    total = run.config.epochs
    if total is None:
        raise WordedError(NO_END)
    if run.status is RunState.DIVERGED:
        raise WordedError(DIVERGED_ON)
    most = setup_param("epochs").high - total
    if isinstance(epochs, bool) or not isinstance(epochs, int) or not 1 <= epochs <= most:
        raise WordedError(MORE_EPOCHS, epochs=repr(epochs), most=most, total=total, all=total + most)
    return dataclasses.replace(run.config, epochs=total + epochs).validated()


# -- names ----------------------------------------------------------------------------------
# made by .names, whose words the window shows in its language (the English here is what is stored)
def where(step: int, steps_per_epoch: int) -> str:
    """'epoch 12' at an epoch boundary, 'step 390' inside an epoch."""
    return where_words(step, steps_per_epoch).text()


def schedule_label(spec: str) -> str:
    """A schedule in a few characters: 'step ×0.1/20', 'exponential γ=0.95', 'cosine T=50'."""
    return parse_schedule(spec).label()


def describe_action(event: Event, step: int, steps_per_epoch: int) -> str:
    """'decay ×0.5 at epoch 40', 'step ×0.1/20 from epoch 33', 'lr=0.01 from epoch 12', 'adam from epoch 5'."""
    return action_words(event, step, steps_per_epoch).text()


def default_name(config: RunConfig, events: tuple[Stamped, ...] | list[Stamped] = (),
                 action: Stamped | None = None) -> str:
    """A name that says what a run is: a fork by its action, a first run by its rate and events.

    'decay ×0.5 at epoch 40' for a fork; 'fixed α=0.2' for a run without events, or
    'α=0.2, step ×0.1/20 from epoch 25' with them.
    """
    spe = config.steps_per_epoch
    if action is not None:
        return describe_action(action.event, action.step, spe)
    return first_run_words(config.validated().lr, events, spe).text()


def check_name(name: str) -> str:
    """The name without surrounding spaces; raises for an empty or too long one."""
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > NAME_LENGTH:
        raise WordedError(BAD_NAME, name=repr(name), length=NAME_LENGTH)
    return name.strip()


# -- the tree -------------------------------------------------------------------------------
@dataclass
class RunNode:
    """One run of the tree. ``run`` is what the tree's owner keeps of it (a Trainer or a RunRecord).

    A first run has ``parent``, ``fork_step`` and ``action`` None; a fork has all three.
    ``colour`` is a slot in the owner's palette: the smallest one free when the run was added.
    """

    id: int
    name: str
    parent: int | None
    fork_step: int | None
    action: Event | None
    colour: int
    run: Any = None


@dataclass(frozen=True)
class Removed:
    """What :meth:`RunTree.delete` took out (the run and its forks, parents first): pass it to
    :meth:`RunTree.restore` to undo the deletion."""

    nodes: tuple[RunNode, ...]


class RunTree:
    """The runs of a comparison, by id (ids are never reused, so a restored run keeps its own)."""

    def __init__(self) -> None:
        self._nodes: dict[int, RunNode] = {}
        self._next_id = 1

    def __len__(self) -> int:
        return len(self._nodes)

    def __iter__(self) -> Iterator[RunNode]:
        """The runs in the order they were added (ids ascending)."""
        return iter(list(self._nodes.values()))

    def __contains__(self, run_id: object) -> bool:
        return run_id in self._nodes

    def __getitem__(self, run_id: int) -> RunNode:
        try:
            return self._nodes[run_id]
        except KeyError:
            known = ", ".join(map(str, self._nodes)) or "none"
            raise KeyError(f"run id {run_id!r} is not in the tree: allowed are {known}") from None

    def add(self, run: Any, *, parent: int | None = None, fork_step: int | None = None,
            action: Event | None = None, name: str | None = None) -> RunNode:
        """Add a run: a first run (no parent) or a fork of ``parent`` at ``fork_step`` with ``action``.

        Without a name it gets :func:`default_name` (``run`` needs a ``config`` then).
        """
        if parent is not None:
            self._require(parent)
            if fork_step is None or action is None:
                raise ValueError(f"a fork of run {parent} needs its fork step and action: allowed is both given")
        elif fork_step is not None or action is not None:
            raise ValueError("a fork step or action without a parent: allowed is a parent with both, or none")
        if name is None:
            events = RunRecord.of(run).events if parent is None else ()
            stamped = None if parent is None else Stamped(fork_step, action)
            name = default_name(run.config, events, stamped)
        node = RunNode(self._next_id, check_name(name), parent, fork_step, action, self._free_colour(), run)
        self._nodes[node.id] = node
        self._next_id += 1
        return node

    def insert(self, node: RunNode) -> RunNode:
        """Add a node that already has its id (a run read from a file, or a copy of another tree's):
        its parent must be in the tree; later runs get ids after it."""
        if node.id in self._nodes:
            raise ValueError(f"run id {node.id} is already in the tree: allowed is an id not in use")
        if node.parent is not None:
            self._require(node.parent)
        node.name = check_name(node.name)
        self._nodes[node.id] = node
        self._next_id = max(self._next_id, node.id + 1)
        return node

    def fork(self, parent: int, step: int, action: Event | str, *, name: str | None = None) -> RunNode:
        """Fork run ``parent`` at ``step`` with ``action`` (see :func:`fork`) and add the fork."""
        event = parse_action(action) if isinstance(action, str) else action
        trainer = fork(self[parent].run, step, event)
        return self.add(trainer, parent=parent, fork_step=step, action=event, name=name)

    def rename(self, run_id: int, name: str) -> None:
        self[run_id].name = check_name(name)

    def children(self, run_id: int) -> list[RunNode]:
        """The runs forked directly from ``run_id``, in the order they were added."""
        self._require(run_id)
        return [node for node in self._nodes.values() if node.parent == run_id]

    def roots(self) -> list[RunNode]:
        return [node for node in self._nodes.values() if node.parent is None]

    def parent_of(self, run_id: int) -> RunNode | None:
        parent = self[run_id].parent
        return None if parent is None else self._nodes[parent]

    def delete(self, run_id: int) -> Removed:
        """Delete a run and every fork of it (their parent would be gone); returns what restores them."""
        order, queue = [], [self[run_id]]
        while queue:
            node = queue.pop(0)
            order.append(node)
            queue.extend(self.children(node.id))
        for node in order:
            del self._nodes[node.id]
        return Removed(tuple(order))

    def restore(self, removed: Removed) -> None:
        """Undo a :meth:`delete`: the runs come back with their ids, names, colours and runs."""
        for node in removed.nodes:
            if node.id in self._nodes:
                raise ValueError(f"run id {node.id} is already in the tree: allowed is restoring a deleted run once")
            if node.parent is not None and node.parent not in self._nodes and all(
                other.id != node.parent for other in removed.nodes
            ):
                raise ValueError(f"run {node.id}'s parent {node.parent} is gone: allowed is restoring it first")
        self._nodes.update((node.id, node) for node in removed.nodes)
        self._nodes = dict(sorted(self._nodes.items()))

    def _require(self, run_id: int) -> None:
        """Raise the KeyError of :meth:`__getitem__` (naming the known ids) for an unknown id."""
        self.__getitem__(run_id)

    def _free_colour(self) -> int:
        used = {node.colour for node in self._nodes.values()}
        return next(i for i in range(len(used) + 1) if i not in used)
