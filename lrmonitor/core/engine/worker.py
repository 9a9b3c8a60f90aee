"""What runs inside the training worker process: its main loop and the run it trains.

The window starts this process (:mod:`.process`) so that training does not share the GUI
process's GIL. The worker holds one run at a time (:class:`WorkerRun`); its
:class:`~lrmonitor.core.run.trainer.Trainer` appends the history straight into shared-memory
columns (:mod:`.shared`) that the window reads in place.

The worker trains in chunks of about :data:`CHUNK_SECONDS` and looks at the command pipe
between two chunks, so a pause or a "decay now" takes effect within milliseconds even at full
speed; after each chunk it publishes the new counts in the header. Messages are those of
:mod:`.protocol`, dispatched on their class.
"""

from __future__ import annotations

import contextlib
import time
import traceback
from collections.abc import Iterable
from multiprocessing.connection import Connection

from ..run.config import RunConfig
from ..run.events import Stamped
from ..run.history import STEP_COLUMNS
from ..run.state import RunState
from ..run.trainer import Trainer
from .protocol import (
    ColumnBlock,
    ColumnGrown,
    EventApplied,
    Failed,
    NewRun,
    Pause,
    Post,
    Progress,
    Quit,
    Ready,
    SetSpeed,
    Start,
    Stopped,
)
from .shared import Header, SharedColumn
from .tuning import keep_heap_slack

CHUNK_SECONDS = 0.004  # training between two looks at the command pipe
FIRST_CHUNK = 16  # steps of the first chunk after a start; later chunks are sized by time
REPLAY_CHUNK = 4096  # steps between two progress checks while replaying an opened run
PROGRESS_SECONDS = 0.1  # how often a replay reports how far it got


class WorkerRun:
    """One run inside the worker: its trainer, shared columns and header, and how it is being driven."""

    def __init__(self, run_id: int, config: RunConfig, events: Iterable[Stamped], report: Connection) -> None:
        self.run_id = run_id
        self.report = report
        self.grown: list[SharedColumn] = []  # columns that moved since the last publish
        self.columns: dict[str, SharedColumn] = {}
        self.header = Header.create()
        self.running = False
        self.target: int | None = None  # stop at this step (Start with a step count)
        self.chunk = FIRST_CHUNK
        self.paced_from = (0.0, 0)  # (time, step) the speed limit counts from
        try:
            self.trainer = Trainer(config, events, column=self._make_column)
        except BaseException:
            self.release()
            raise
        self.sent_events = 0

    def _make_column(self, name: str, capacity: int) -> SharedColumn:
        # start big (64k steps, 512 KB): fewer moves to a bigger block, and each move costs a copy
        column = SharedColumn(name, 1 << 16 if name in STEP_COLUMNS else 1 << 10, self.grown.append)
        self.columns[name] = column
        return column

    def blocks(self) -> tuple[ColumnBlock, ...]:
        return tuple(ColumnBlock(name, c.block, c.capacity) for name, c in self.columns.items())

    # -- commands ------------------------------------------------------------------------
    def obey(self, command: Start | Pause | Post) -> None:
        trainer = self.trainer
        match command:
            case Start(steps=steps):
                if not trainer.done:
                    self.running = True
                    self.target = None if steps is None else trainer.step + steps
                    self.paced_from = (time.perf_counter(), trainer.step)
                    self.chunk = FIRST_CHUNK
            case Pause():
                self.running = False
                if not trainer.done:
                    trainer.run(0)  # an event posted just before the pause takes effect now
                self.stopped()
            case Post(event=event):
                trainer.post(event)
                if not self.running and not trainer.done:
                    trainer.run(0)  # paused: apply it now, at this step boundary
                    self.publish()

    # -- training ------------------------------------------------------------------------
    def replay(self, steps: int) -> None:
        """Re-run the first ``steps`` updates of an opened run, reporting progress as it goes."""
        trainer, shown = self.trainer, time.perf_counter()
        while trainer.step < steps and not trainer.done:
            trainer.run(min(steps - trainer.step, REPLAY_CHUNK))
            if time.perf_counter() - shown > PROGRESS_SECONDS:
                self.report.send(Progress(self.run_id, trainer.step))
                shown = time.perf_counter()

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
        if trainer.done or (self.target is not None and trainer.step >= self.target):
            self.running = False
            self.stopped()

    # -- reports -------------------------------------------------------------------------
    def publish(self) -> None:
        """Make the new values visible, then report what changed (moved blocks, new events).

        The header first: when the window hears of an event, the rate it reads is already
        the new one. A reader still mapping a block that just grew reads only what that
        block holds until it hears of the move. While the worker goes on training the
        header says ``RUNNING``, as a trainer's status does inside its loop.
        """
        t = self.trainer
        status = RunState.RUNNING if self.running and not t.done else t.status
        counts = {name: len(column) for name, column in self.columns.items()}
        self.header.publish(counts, t.current_lr(), status, t.history.diverged_at)
        for column in self.grown:
            self.report.send(ColumnGrown(self.run_id, ColumnBlock(column.name, column.block, column.capacity)))
        self.grown.clear()
        events = t.history.events
        for stamped in events[self.sent_events :]:
            self.report.send(EventApplied(self.run_id, stamped))
        self.sent_events = len(events)

    def ready(self) -> None:
        """Publish the set-up run and tell the window where to find it."""
        self.grown.clear()  # the window maps the blocks named in Ready
        self.sent_events = len(self.trainer.history.events)  # and takes these events from it
        self.publish()
        self.report.send(Ready(
            self.run_id, self.header.block, self.blocks(), tuple(self.trainer.history.events), self.trainer.status
        ))

    def stopped(self) -> None:
        self.publish()
        self.report.send(Stopped(self.run_id, self.trainer.status, self.trainer.divergence))

    def release(self) -> None:
        for column in self.columns.values():
            column.release()
        self.header.release()


def _new_run(command: NewRun, report: Connection) -> WorkerRun | None:
    """Set up (and replay) a run; a run that cannot be made is reported, not fatal."""
    run = None
    try:
        run = WorkerRun(command.run_id, command.config, command.events, report)
        run.replay(command.steps or 0)
        run.trainer.run(0)  # events due at this boundary (e.g. planned for step 0) show now
    except Exception as err:  # e.g. a run too big for memory: the worker stays for the next one
        if run is not None:
            run.release()
        report.send(Failed(command.run_id, f"{type(err).__name__}: {err}"))
        return None
    run.ready()
    return run


def worker_main(commands: Connection, report: Connection) -> None:
    """Entry point of the worker process: obey commands, train between them, report."""
    keep_heap_slack()
    run: WorkerRun | None = None
    speed: float | None = None
    try:
        while True:
            # running: look at the pipe without waiting (or until the speed limit lets the next
            # chunk go); otherwise sleep until a command comes
            wait = run.seconds_until_due(speed) if run is not None and run.running else None
            if not commands.poll(wait):
                run.train_chunk(speed)
                continue
            match commands.recv():
                case Quit():
                    break
                case SetSpeed() as command:
                    speed = command.speed
                    if run is not None:
                        run.paced_from = (time.perf_counter(), run.trainer.step)
                case NewRun() as command:
                    if run is not None:
                        run.release()
                        run = None
                    run = _new_run(command, report)
                case Start() | Pause() | Post() as command if run is not None and command.run_id == run.run_id:
                    run.obey(command)
                case _:
                    pass  # a command for a run that no longer exists
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the window went away
    except BaseException:
        with contextlib.suppress(Exception):
            report.send(Failed(run.run_id if run is not None else -1, traceback.format_exc()))
    finally:
        if run is not None:
            run.release()
