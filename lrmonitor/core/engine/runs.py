"""The runs an engine holds, for both engines: each a trainer, or a loaded record until it goes on.

An engine holds many runs by id (:class:`HeldRun`); one of them is current, and only that one
trains. A run made by ``new_run`` or ``fork`` has a :class:`~lrmonitor.core.run.trainer.Trainer`.
A run added by ``load`` has none at first: it is its record as given (history, events, status,
checkpoints), readable at once like a trainer (:class:`Dormant`). It gets a trainer only when it
has to go on (a start, an event, more epochs): from the record's checkpoint at its last step, or
from the nearest one before it, replaying the rest (at most the store's ``max_replay`` steps;
from step 0 if the record has no checkpoints). So opening a long run costs a copy of its history,
never a replay.

A trainer made for a run that already shows a history (a loaded run that wakes, a run continued
for more epochs) writes on into that same :class:`History` object: the values it starts from are
the same, and a reader holding the history (the window, the worker's shared columns) sees the run
go on instead of a new object.

Every run also has a :class:`PlateauWatch`: ReduceLROnPlateau's logic on its validation losses,
fed from the run's start, through the trainer's ``epoch_hook``. The first time it fires in a run,
the hook stops the trainer at that epoch boundary if the engine's ``pause_on_plateau`` is on.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np

from ..run.checkpoint import Checkpoints
from ..run.config import RunConfig
from ..run.events import Event, SetOptimizer, Stamped
from ..run.history import EPOCH_COLUMNS, STEP_COLUMNS, GrowableArray, History
from ..run.rate import RateController
from ..run.state import RunState
from ..run.trainer import Trainer, summarize
from ..run.tree import DIVERGED_ON, RunRecord, continue_run, continued_config, fork, replay
from ..texts import WordedError
from ..training.schedules import PlateauDetector

COLUMNS = STEP_COLUMNS + EPOCH_COLUMNS
PLATEAU_PATIENCE, PLATEAU_THRESHOLD = 10, 1e-4  # as the window's guide (ReduceLROnPlateau's defaults)


@dataclasses.dataclass
class Options:
    """What the engine's owner set that every run of the engine reads (shared by reference)."""

    pause_on_plateau: bool = False


class PlateauWatch:
    """The plateau detector over one run's validation losses, fed from the run's start."""

    def __init__(self) -> None:
        self.detector = PlateauDetector(PLATEAU_PATIENCE, PLATEAU_THRESHOLD)
        self.fed = 0  # epochs taken in
        self.fired_at: int | None = None  # the (0-based) epoch at whose end it first fired

    def feed(self, val_loss: np.ndarray) -> bool:
        """Take in the epochs not seen yet; True if the detector fired for the first time among them."""
        first = False
        while self.fed < len(val_loss):
            if self.detector.update(float(val_loss[self.fed])) and self.fired_at is None:
                self.fired_at, first = self.fed, True
            self.fed += 1
        return first


# -- histories --------------------------------------------------------------------------------
def plain_history(history: History) -> History:
    """A copy of ``history`` in plain numpy arrays of exactly its length (a consistent prefix)."""
    steps = min(len(history.loss), len(history.lr))
    epochs = min(len(getattr(history, name)) for name in EPOCH_COLUMNS)
    size = dict.fromkeys(STEP_COLUMNS, steps) | dict.fromkeys(EPOCH_COLUMNS, epochs)
    copy = History(history.steps_per_epoch, column=lambda name, capacity: GrowableArray(max(size[name], 1)))
    fill_history(copy, history, size)
    return copy


def fill_history(target: History, source: History, size: dict[str, int] | None = None) -> None:
    """Append ``source``'s columns (up to ``size``) to the empty ``target``; copy events and divergence."""
    for name in COLUMNS:
        getattr(target, name).extend(getattr(source, name).view(None if size is None else size[name]))
    target.events = list(source.events)
    target.diverged_at = source.diverged_at


def divergence_text(history: History) -> str:
    """What a trainer says when it diverges (``Trainer.divergence``), told from a diverged history."""
    step, spe = history.diverged_at, history.steps_per_epoch
    loss = history.loss.view()
    if step is not None and 0 < step <= len(loss) and not math.isfinite(loss[step - 1]):
        why = f"the mini-batch loss is {loss[step - 1]}"
    else:
        train, val = history.train_loss.view(), history.val_loss.view()
        bad = train[-1] if len(train) and not math.isfinite(train[-1]) else (val[-1] if len(val) else math.nan)
        why = f"the epoch-end loss is {bad}"
    step = history.steps if step is None else step
    last_lr = history.lr.view()[-1] if len(history.lr) else math.nan
    return f"diverged at step {step} (epoch {(step - 1) // spe}): {why}; try a smaller learning rate than {last_lr:g}"


# -- a loaded run -----------------------------------------------------------------------------
class Dormant:
    """A recorded run held without a trainer, readable as one (a :class:`~.interface.TrainerView`).

    ``history`` is the engine's copy of the record's history (its own columns: plain arrays, or
    the worker's shared memory); :meth:`wake` makes the trainer that goes on from its last step.
    """

    def __init__(self, record: RunRecord, history: History) -> None:
        self.config = config = record.config.validated()
        self.steps_per_epoch = spe = config.steps_per_epoch
        self.total_steps = None if config.epochs is None else config.epochs * spe
        self.history = history
        self.checkpoints = record.checkpoints
        self.status = _status(record.status, history, self.total_steps)
        if self.status is RunState.DIVERGED and history.diverged_at is None:
            history.diverged_at = history.steps
        self.divergence = divergence_text(history) if self.status is RunState.DIVERGED else None
        self.events = tuple(record.events)
        self._next_lr = next_rate(config, self.events, history, self.checkpoints)

    @property
    def done(self) -> bool:
        return self.status.ended

    @property
    def step(self) -> int:
        return self.history.steps

    def current_lr(self) -> float:
        return self._next_lr

    def summary(self) -> dict:
        return summarize(self.history, self.status)

    def record(self) -> RunRecord:
        """The record it holds (sharing its history and checkpoints)."""
        return RunRecord(self.config, self.events, self.history, self.status, self.checkpoints)

    def wake(self, progress: Callable[[int], None] | None = None) -> Trainer:
        """A trainer at this run's last step that goes on exactly as the recorded run would have.

        It starts from the record's checkpoint at or before the last step and replays the rest
        (``progress(step)`` hears how far a long replay got); the replayed values are written over
        the history's (they are the same numbers), and the trainer takes this history as its own.
        Raises ValueError for a diverged run.
        """
        if self.status is RunState.DIVERGED:
            raise WordedError(DIVERGED_ON)
        history, steps, spe = self.history, self.history.steps, self.steps_per_epoch
        start = None if self.checkpoints is None else self.checkpoints.at_or_before(steps)
        if start is None:
            trainer = Trainer(self.config, self.events)
        else:
            trainer = Trainer.from_checkpoint(self.config, self.events, start, history=history,
                                              checkpoints=self.checkpoints.until(start.step))
        first = trainer.step
        replay(trainer, steps, progress)
        if trainer.step != steps or trainer.status is RunState.DIVERGED:
            raise RuntimeError(
                f"replaying the loaded run from step {first} reached step {trainer.step} ({trainer.status}), "
                f"not its recorded step {steps}: the record does not come from this configuration and log"
            )
        replayed = trainer.history
        for name in STEP_COLUMNS:
            getattr(history, name).view()[first:steps] = getattr(replayed, name).view()[first:steps]
        for name in EPOCH_COLUMNS:
            getattr(history, name).view()[first // spe :] = getattr(replayed, name).view()[first // spe :]
        history.events[:] = replayed.events
        trainer.history = history
        return trainer


def _status(recorded: RunState, history: History, total_steps: int | None) -> RunState:
    """The recorded status; a run recorded while training is at rest now, one with a divergence diverged."""
    if history.diverged_at is not None:
        return RunState.DIVERGED
    if recorded is RunState.RUNNING:
        if total_steps is not None and history.steps >= total_steps:
            return RunState.FINISHED
        return RunState.PAUSED if history.steps else RunState.IDLE
    return recorded


def next_rate(config: RunConfig, events: tuple[Stamped, ...], history: History,
              checkpoints: Checkpoints | None) -> float:
    """The rate the next update of a recorded run would use, without training it.

    Goes through the rate controller's own story only: from the nearest checkpoint (or the start),
    the events in order at their steps and the recorded validation loss at every epoch end (a
    plateau schedule needs them), as the trainer's loop does.
    """
    spe, steps = config.steps_per_epoch, history.steps
    rate = RateController(config.lr, spe)
    start = None if checkpoints is None else checkpoints.at_or_before(steps)
    applied = 0
    seen = 0  # epoch ends the controller has observed
    if start is not None:
        rate.schedule = start.schedule_object()
        rate.alpha0, rate.anchor, rate.scale = start.alpha0, start.anchor, start.scale
        applied, seen = start.applied, start.epochs
    val = history.val_loss.view()
    diverged = history.diverged_at is not None
    if diverged and steps % spe == 0 and len(val) == steps // spe:
        val = val[:-1]  # it diverged at this epoch end, before the controller saw the loss
    later = list(history.events[applied:]) if diverged else [s for s in events[applied:] if s.step <= steps]
    for stamped in later:
        while seen < min(stamped.step // spe, len(val)):
            rate.epoch_end(float(val[seen]))
            seen += 1
        if not isinstance(stamped.event, SetOptimizer):
            rate.apply(stamped.event, stamped.step)
    while seen < min(steps // spe, len(val)):
        rate.epoch_end(float(val[seen]))
        seen += 1
    return rate.peek(steps)


def plain_record(record: RunRecord) -> RunRecord:
    """The record an engine holds of a loaded run, checked: its own plain copy of the history
    (with the events applied by its last step), checkpoints up to that step, config validated."""
    events, applied = check_record(record)
    history = plain_history(record.history)
    history.events = applied
    store = None if record.checkpoints is None else record.checkpoints.until(history.steps)
    return RunRecord(record.config.validated(), events, history, record.status, store)


def freeze_checkpoints(record: RunRecord) -> RunRecord:
    """Make a record's checkpoint arrays read-only again (unpickling after the pipe makes them writable)."""
    for checkpoint in record.checkpoints or ():
        for array in (*checkpoint.params, checkpoint.order):
            if array is not None:
                array.setflags(write=False)
    return record


def check_record(record: RunRecord) -> tuple[tuple[Stamped, ...], list[Stamped]]:
    """Check that a record can be held; returns (its whole event log, the events applied by its last step).

    The applied events are the history's own; a history that lists none (e.g. made from arrays)
    gets those of the log due by its last step, as the trainer would have applied them.
    """
    config = record.config.validated()
    h, spe = record.history, config.steps_per_epoch
    steps, epochs = len(h.loss), len(h.val_loss)
    if h.steps_per_epoch != spe:
        raise ValueError(f"the record's history has {h.steps_per_epoch} steps per epoch: allowed is its "
                         f"configuration's {spe}")
    if len(h.lr) != steps or len(h.epoch_lr) != epochs or len(h.train_loss) != epochs:
        raise ValueError(
            f"the record's history columns differ in length (loss {steps}, lr {len(h.lr)}; val_loss {epochs}, "
            f"train_loss {len(h.train_loss)}, epoch_lr {len(h.epoch_lr)}): allowed are equal step and epoch columns"
        )
    if not (steps == epochs == 0 or (steps - 1) // spe <= epochs <= steps // spe):
        raise ValueError(f"the record has {epochs} epochs for {steps} steps: allowed are {steps // spe} "
                         f"({spe} steps per epoch)")
    total = None if config.epochs is None else config.epochs * spe
    if total is not None and steps > total:
        raise ValueError(f"the record has {steps} steps: allowed are at most the {total} of its configuration")
    log = tuple(record.events)
    applied = list(h.events)
    if applied:
        if list(log[: len(applied)]) != applied:
            raise ValueError("the record's history events are not the start of its event log: "
                             "allowed is a log that begins with the events the history applied")
        return log, applied
    last = steps - 1 if h.diverged_at is not None or record.status is RunState.DIVERGED else steps
    due = 0
    while due < len(log) and log[due].step <= last:
        due += 1
    return log, list(log[:due])


# -- a run of an engine -----------------------------------------------------------------------
class HeldRun:
    """One run of an engine: a trainer, or a :class:`Dormant` until it has to go on, and its plateau watch.

    The engine calls these on the thread that owns the run (the window's for the thread engine,
    the worker's for the process engine) while the run is not training.
    """

    def __init__(self, run_id: int, source: Trainer | Dormant, options: Options) -> None:
        self.run_id = run_id
        self.options = options
        self.watch = PlateauWatch()
        self.trainer: Trainer | None = None
        self.dormant: Dormant | None = None
        self.plateau_stop = False  # the hook stopped the run where the plateau was found (the engine clears it)
        if isinstance(source, Trainer):
            self.adopt(source)
        else:
            self.dormant = source
            self.watch.feed(source.history.val_loss.view())

    @property
    def source(self) -> Trainer | Dormant:
        """Whatever answers for the run now: its trainer, or its record."""
        return self.trainer if self.trainer is not None else self.dormant

    @property
    def history(self) -> History:
        return self.source.history

    def adopt(self, trainer: Trainer) -> None:
        """Make ``trainer`` the run's trainer: the plateau watch catches up and listens at epoch ends."""
        self.trainer, self.dormant = trainer, None
        trainer.epoch_hook = self._epoch_end
        self.watch.feed(trainer.history.val_loss.view())

    @property
    def training(self) -> bool:
        """The engine is training this run now (not replaying it): only then may the plateau stop it."""
        return False

    def _epoch_end(self, trainer: Trainer) -> bool:
        if self.watch.feed(trainer.history.val_loss.view()) and self.options.pause_on_plateau and self.training:
            self.plateau_stop = True
            return True
        return False

    def awake(self, progress: Callable[[int], None] | None = None) -> Trainer:
        """The run's trainer, made from its record first if it is a loaded one (see :meth:`Dormant.wake`)."""
        if self.trainer is None:
            self.adopt(self.dormant.wake(progress))
        return self.trainer

    # -- records and what is made from them ---------------------------------------------------
    def shared_record(self) -> RunRecord:
        """The run's record, sharing its history and checkpoints (to fork it on this thread)."""
        return self.dormant.record() if self.trainer is None else RunRecord.of(self.trainer)

    def record(self, arrays: bool = True) -> RunRecord:
        """A copy of the run's record: plain numpy history, the checkpoints up to its step.

        ``arrays=False``: the history holds no values, only its events and divergence (whoever
        asks maps the values already); its ``steps_per_epoch`` is the run's.
        """
        shared = self.shared_record()
        store = shared.checkpoints
        source = shared.history
        if arrays:
            history = plain_history(source)
        else:
            history = History(source.steps_per_epoch, column=lambda name, capacity: GrowableArray(1))
            history.events, history.diverged_at = list(source.events), source.diverged_at
        return RunRecord(shared.config, tuple(shared.events), history, shared.status,
                         None if store is None else store.until(source.steps))

    def fork(self, step: int, action: Event, column=None, progress: Callable[[int], None] | None = None) -> Trainer:
        """A fork of this run (ValueError from :func:`~lrmonitor.core.run.tree.fork` for a bad step)."""
        return fork(self.shared_record(), step, action, column=column, progress=progress)

    def more_epochs(self, epochs: int, progress: Callable[[int], None] | None = None) -> None:
        """Go on for ``epochs`` more epochs (:func:`~lrmonitor.core.run.tree.continue_run`), in this history."""
        continued_config(self.source, epochs)  # a bad request is refused before a loaded run wakes
        trainer = self.awake(progress)
        longer = continue_run(trainer, epochs)
        longer.history = trainer.history  # the same values: go on writing where the run is shown
        self.adopt(longer)
