"""What runs inside the training worker process: its main loop and the run it trains.

The window starts this process (:mod:`.worker_link`) so that training does not share the GUI
process's GIL. The worker holds many runs by id (:class:`WorkerRun`, a :class:`~.runs.HeldRun`),
each with its own header and columns in shared memory (:mod:`.shared`) that the window reads in
place; a run's :class:`~lrmonitor.core.run.trainer.Trainer` appends its history straight into
them. Only one run trains at a time (the one the last :class:`Start` named), or the runs the
last :class:`StartTogether` named, a chunk of each in turn (:class:`Turns`); the others stay
readable. A loaded run is copied into its columns as it is and gets a trainer only when it has to
go on (:mod:`.runs`).

The worker trains in chunks of about :data:`CHUNK_SECONDS` and looks at the command pipe
between two chunks, so a pause or a "decay now" takes effect within milliseconds even at full
speed; after each chunk it publishes the new counts in the header. Messages are those of
:mod:`.protocol`, dispatched on their class.
"""

from __future__ import annotations

import contextlib
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection

from ..run.history import EPOCH_COLUMNS, STEP_COLUMNS, History
from ..run.state import RunState
from ..run.trainer import Trainer
from ..run.tree import RunRecord, replay
from ..texts import words_of
from .inbox import Inbox
from .interface import CancelledError
from .protocol import (
    ColumnBlock,
    ColumnGrown,
    Continue,
    Continued,
    Drop,
    EventApplied,
    Failed,
    Fork,
    Load,
    NewRun,
    Pause,
    Post,
    Progress,
    Quit,
    Ready,
    Recorded,
    RecordOf,
    Refused,
    Select,
    SetPauseOnPlateau,
    SetSpeed,
    Start,
    StartTogether,
    Stopped,
)
from .runs import Dormant, HeldRun, Options, check_record, fill_history, freeze_checkpoints
from .shared import Header, SharedColumn
from .tuning import give_back_free_memory, keep_heap_slack
from .turns import Turns

CHUNK_SECONDS = 0.004  # training between two looks at the command pipe
FIRST_CHUNK = 16  # steps of the first chunk after a start; later chunks are sized by time
PROGRESS_SECONDS = 0.1  # how often a replay reports how far it got


class WorkerRun(HeldRun):
    """One run inside the worker: its trainer (or record), shared columns and header, and how it is driven.

    ``make(run)`` makes what answers for the run (a trainer or a :class:`~.runs.Dormant`), its
    history's columns from ``run.column`` (a long replay tells ``run.progress`` how far it got).
    ``epochs`` (with ``steps_per_epoch``) is about how many epochs the columns must hold at once
    (a fork's or a loaded run's), so they start big enough.
    """

    def __init__(self, run_id: int, report: Connection, options: Options,
                 make: Callable[[WorkerRun], Trainer | Dormant], epochs: int = 0, steps_per_epoch: int = 1) -> None:
        self.run_id = run_id
        self.report = report
        self.grown: list[SharedColumn] = []  # columns that moved since the last publish
        self.columns: dict[str, SharedColumn] = {}
        self._room = {name: 1 << 16 for name in STEP_COLUMNS} | {name: 1 << 10 for name in EPOCH_COLUMNS}
        if epochs:  # room for them and as many again: the run goes on from there
            self._room = {name: max(room, 2 * epochs * (steps_per_epoch if name in STEP_COLUMNS else 1))
                          for name, room in self._room.items()}
        self.header = Header.create()
        self.running = False
        self.target: int | None = None  # stop at this step (Start with a step count)
        self.serial = 0  # the last Start's, sent back in Stopped
        self.chunk = FIRST_CHUNK
        self.paced_from = (0.0, 0)  # (time, step) the speed limit counts from
        self.sent_events = 0
        self._shown = time.perf_counter()  # when progress was last reported
        try:
            super().__init__(run_id, make(self), options)
        except BaseException:
            self.release()
            raise

    def column(self, name: str, capacity: int) -> SharedColumn:
        """A history column in shared memory (the trainer's ``column`` factory)."""
        # start big (64k steps, 512 KB): fewer moves to a bigger block, and each move costs a copy;
        # a fork or a loaded run starts with room for what it holds
        column = SharedColumn(name, self._room[name], self.grown.append)
        self.columns[name] = column
        return column

    def blocks(self) -> tuple[ColumnBlock, ...]:
        return tuple(ColumnBlock(name, c.block, c.capacity) for name, c in self.columns.items())

    # -- commands ------------------------------------------------------------------------
    def obey(self, command: Start | Pause | Post) -> None:
        match command:
            case Start(steps=steps, serial=serial):
                self.serial = serial
                if self.source.done or not self._awake():
                    self.stopped()
                    return
                trainer = self.trainer
                self.running = True
                self.plateau_stop = False
                self.target = None if steps is None else trainer.step + steps
                self.paced_from = (time.perf_counter(), trainer.step)
                self.chunk = FIRST_CHUNK
            case Pause():
                self.running = False
                if self.trainer is not None and not self.trainer.done:
                    self.trainer.run(0)  # an event posted just before the pause takes effect now
                self.stopped()
            case Post(event=event):
                if self.source.done or not self._awake():
                    return
                trainer = self.trainer
                trainer.post(event)
                if not self.running and not trainer.done:
                    trainer.run(0)  # paused: apply it now, at this step boundary
                    self.publish()

    def _awake(self) -> bool:
        """Make sure the run has a trainer (a loaded run wakes); False, reported, if it cannot."""
        try:
            self.awake(self.progress)
        except (ValueError, RuntimeError) as err:
            self.report.send(Failed(self.run_id, str(err)))
            return False
        return True

    @property
    def training(self) -> bool:
        return self.running

    def halt(self) -> None:
        """Stop training now (another run is about to train or be made current)."""
        if self.running:
            self.running = False
            self.stopped()

    # -- training ------------------------------------------------------------------------
    def replay(self, steps: int) -> None:
        """Re-run the first ``steps`` updates of an opened run, reporting progress as it goes."""
        replay(self.trainer, steps, self.progress)

    inbox: Inbox | None = None  # the worker's command pipe (one per worker process: set by worker_main)

    def progress(self, step: int) -> None:
        """Tell the window how far a long replay got (every PROGRESS_SECONDS): it is alive; and stop
        there if the window cancelled it (CancelledError, reported as this run's Failed)."""
        now = time.perf_counter()
        if now - self._shown > PROGRESS_SECONDS:
            self.report.send(Progress(self.run_id, step))
            self._shown = now
            if self.inbox is not None and self.inbox.stops(self.run_id):
                raise CancelledError(f"setting up run {self.run_id} was cancelled at step {step:,}")

    def seconds_until_due(self, speed: float | None) -> float:
        """How long to wait before the next chunk to keep the average at ``speed`` steps/s."""
        if speed is None:
            return 0.0
        since, step = self.paced_from
        return max(0.0, since + (self.trainer.step - step) / speed - time.perf_counter())

    def train_chunk(self, speed: float | None) -> None:
        trainer = self.trainer
        todo = self.chunk if self.target is None else min(self.chunk, self.target - trainer.step)
        if speed is not None:
            todo = min(todo, max(1, int(speed / 60)))  # throttled: wake about 60 times a second
        started, first = time.perf_counter(), trainer.step
        trainer.run(todo)
        spent = time.perf_counter() - started
        if trainer.step > first:  # when this chunk's first step was done (its steps take alike)
            self.header.record_chunk(first + 1, started + spent / (trainer.step - first))
        if spent > 0 and todo == self.chunk:  # aim each chunk at a few milliseconds
            grown = min(max(1, self.chunk * CHUNK_SECONDS / spent), 4 * self.chunk, trainer.steps_per_epoch * 4)
            self.chunk = max(int(grown), 1)
        self.publish()
        if trainer.done or (self.target is not None and trainer.step >= self.target) or self.plateau_stop:
            self.running = False  # the plateau stop: paused at that epoch's end, as if the user had paused
            self.plateau_stop = False
            self.stopped()

    # -- reports -------------------------------------------------------------------------
    def publish(self) -> None:
        """Make the new values visible, then report what changed (moved blocks, new events).

        The header first: when the window hears of an event, the rate it reads is already
        the new one. A reader still mapping a block that just grew reads only what that
        block holds until it hears of the move. While the worker goes on training the
        header says ``RUNNING``, as a trainer's status does inside its loop.
        """
        source = self.source
        status = RunState.RUNNING if self.running and not source.done else source.status
        counts = {name: len(column) for name, column in self.columns.items()}
        self.header.publish(counts, source.current_lr(), status, source.history.diverged_at)
        for column in self.grown:
            self.report.send(ColumnGrown(self.run_id, ColumnBlock(column.name, column.block, column.capacity)))
        self.grown.clear()
        events = source.history.events
        for stamped in events[self.sent_events :]:
            self.report.send(EventApplied(self.run_id, stamped))
        self.sent_events = len(events)

    def ready(self) -> None:
        """Publish the set-up run and tell the window where to find it."""
        source = self.source
        self.grown.clear()  # the window maps the blocks named in Ready
        self.sent_events = len(source.history.events)  # and takes these events from it
        self.publish()
        self.report.send(Ready(self.run_id, self.header.block, self.blocks(), tuple(source.history.events),
                               source.status, source.divergence))

    def stopped(self) -> None:
        self.publish()
        source = self.source
        self.report.send(Stopped(self.run_id, source.status, source.divergence, self.serial))

    def release(self) -> None:
        for column in self.columns.values():
            column.release()
        self.header.release()


# -- making runs ------------------------------------------------------------------------------
def _new_run(command: NewRun, report: Connection, options: Options) -> WorkerRun:
    def make(run):
        return Trainer(command.config, command.events, column=run.column)

    run = WorkerRun(command.run_id, report, options, make)
    try:
        run.replay(command.steps or 0)
        run.trainer.run(0)  # events due at this boundary (e.g. planned for step 0) show now
    except BaseException:
        run.release()
        raise
    return run


def _fork(command: Fork, parent: HeldRun, report: Connection, options: Options) -> WorkerRun:
    spe = parent.source.steps_per_epoch
    return WorkerRun(command.run_id, report, options,
                     lambda run: parent.fork(command.step, command.event, column=run.column, progress=run.progress),
                     epochs=command.step // spe + 1, steps_per_epoch=spe)


def _load(command: Load, report: Connection, options: Options) -> WorkerRun:
    record = command.record
    events, applied = check_record(record)
    spe = record.config.validated().steps_per_epoch
    freeze_checkpoints(record)

    def make(run):
        history = History(spe, column=run.column)
        fill_history(history, record.history)
        history.events = applied
        return Dormant(RunRecord(record.config, events, history, record.status, record.checkpoints), history)

    return WorkerRun(command.run_id, report, options, make, epochs=record.history.steps // spe + 1,
                     steps_per_epoch=spe)


def _make(command: NewRun | Fork | Load, runs: dict[int, WorkerRun], report: Connection,
          options: Options) -> WorkerRun | None:
    """Set up a run; one that cannot be made is reported (Refused for bad input, else Failed), not fatal."""
    try:
        match command:
            case NewRun():
                run = _new_run(command, report, options)
            case Fork(parent_id=parent_id):
                if parent_id not in runs:
                    raise ValueError(f"run id {parent_id} is not in the worker: allowed are {sorted(runs)}")
                run = _fork(command, runs[parent_id], report, options)
            case Load():
                run = _load(command, report, options)
    except ValueError as err:
        report.send(Refused(command.run_id, str(err), words_of(err)) if not isinstance(command, NewRun)
                    else Failed(command.run_id, f"{type(err).__name__}: {err}"))
        return None
    except Exception as err:  # e.g. a run too big for memory: the worker stays for the next one
        report.send(Failed(command.run_id, f"{type(err).__name__}: {err}"))
        return None
    run.ready()
    return run


def worker_main(commands: Connection, report: Connection) -> None:
    """Entry point of the worker process: obey commands, train the named runs between them, report."""
    keep_heap_slack()
    commands = WorkerRun.inbox = Inbox(commands)
    runs: dict[int, WorkerRun] = {}
    turns = Turns()  # the runs the last Start or StartTogether named: the only ones that may be training
    options = Options()
    speed: float | None = None
    failing = -1
    try:
        while True:
            # running: look at the pipe without waiting (or until the speed limit lets the next
            # chunk go); otherwise sleep until a command comes
            due = turns.next(speed)
            if not commands.poll(None if due is None else due[1]):
                if due is not None:
                    failing = due[0].run_id
                    due[0].train_chunk(speed)
                    failing = -1
                continue
            command = commands.recv()
            failing = getattr(command, "run_id", -1)
            match command:
                case Quit():
                    break
                case SetSpeed():
                    speed = command.speed
                    for run in turns.running():
                        run.paced_from = (time.perf_counter(), run.trainer.step)
                case SetPauseOnPlateau(on=on):
                    options.pause_on_plateau = on
                case NewRun() | Fork() | Load():
                    turns.halt()
                    run = _make(command, runs, report, options)
                    if run is not None:
                        runs[run.run_id] = run
                case Select(run_id=run_id):
                    turns.halt(but=runs.get(run_id))
                case Drop(run_id=run_id) if run_id in runs:
                    run = runs.pop(run_id)
                    turns.remove(run)
                    run.release()
                case Continue(run_id=run_id, epochs=epochs) if run_id in runs:
                    run = runs[run_id]
                    run.halt()
                    try:
                        run.more_epochs(epochs, run.progress)
                    except (ValueError, RuntimeError) as err:
                        report.send(Refused(run_id, str(err), words_of(err)))
                    else:
                        run.publish()
                        report.send(Continued(run_id, run.source.config))
                case RecordOf(run_id=run_id, arrays=arrays):
                    if run_id in runs and arrays:
                        report.send(Recorded(run_id, runs[run_id].record()))
                    elif run_id in runs:
                        run = runs[run_id]
                        run.publish()  # the window reads the values these counts cover
                        history = run.source.history
                        report.send(Recorded(run_id, run.record(arrays=False), history.steps, history.epochs))
                        give_back_free_memory()  # the pickled checkpoints are gone: not kept as heap slack
                    else:
                        known = f"allowed are {sorted(runs)}"
                        report.send(Refused(run_id, f"run id {run_id} is not in the worker: {known}"))
                case Start() if command.run_id in runs:
                    run = runs[command.run_id]
                    turns.halt(but=run)
                    turns.set([run])
                    run.obey(command)
                case StartTogether(run_ids=run_ids, serial=serial):
                    together = [runs[run_id] for run_id in dict.fromkeys(run_ids) if run_id in runs]
                    turns.halt()
                    turns.set(together)
                    for run in together:
                        run.obey(Start(run.run_id, None, serial))
                case Pause() | Post() if command.run_id in runs:
                    runs[command.run_id].obey(command)
                case _:
                    pass  # a command for a run that no longer exists
            failing = -1
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the window went away
    except BaseException:
        with contextlib.suppress(Exception):
            report.send(Failed(failing, traceback.format_exc()))
    finally:
        for run in runs.values():
            run.release()
