"""The training worker process: runs the trainer, writes history into shared memory.

It talks to the window over two pipes. Commands in: ``new`` (configuration, events, steps to
replay), ``start``, ``pause``, ``post`` (an event), ``speed``, ``quit``. Reports out: ``ready``
(where the shared blocks are), ``grow`` (a column moved to a bigger block), ``event`` (an
event took effect, with its step), ``stopped`` (paused, finished or diverged), ``error``.
Between chunks of a few milliseconds of training it checks for commands, so a pause or a
"decay now" takes effect within milliseconds even at full speed.
"""

from __future__ import annotations

import time
import traceback
import numpy as np

from ..run.config import RunConfig
from ..run.events import Stamped, parse_action
from ..run.history import EPOCH_COLUMNS, STEP_COLUMNS
from .shared import SharedColumn, create_header
from ..run.trainer import DIVERGED, FINISHED, READY, RUNNING, Trainer
from .tuning import keep_heap_slack

COLUMNS = STEP_COLUMNS + EPOCH_COLUMNS
STATUS_CODES = {READY: 0, RUNNING: 1, FINISHED: 2, DIVERGED: 3}
SLOT_STATUS, SLOT_DIVERGED, SLOT_NEXT_LR = len(COLUMNS), len(COLUMNS) + 1, len(COLUMNS) + 2
SLOT_RING_NEXT, RING_START, RING_SIZE = len(COLUMNS) + 3, 32, 32
CHUNK_SECONDS = 0.004  # training between two looks at the command pipe


def chunk_timings(header) -> list[tuple[int, float]]:
    """(first step, when it completed) of the last chunks trained, oldest first.

    ``time.perf_counter`` in the worker; on Linux and macOS it is the same monotonic clock in
    every process, so the window (and benchmarks/) can tell how long a step took to be seen.
    """
    written = int(header[SLOT_RING_NEXT])
    entries = []
    for k in range(max(0, written - RING_SIZE), written):
        slot = RING_START + 2 * (k % RING_SIZE)
        entries.append((int(header[slot]), float(header[slot + 1])))
    return entries


class _Run:
    """One run inside the worker: its trainer, its shared columns and header."""

    def __init__(self, run_id: int, config: RunConfig, events: list[Stamped], report) -> None:
        self.run_id = run_id
        self.report = report
        self.grown: list[SharedColumn] = []
        self.columns: dict[str, SharedColumn] = {}
        self.header_shm, self.header = create_header()
        self.trainer = Trainer(config, events, column=self._make_column)
        self.sent_events = 0

    def _make_column(self, name: str, capacity: int) -> SharedColumn:
        column = SharedColumn(name, 1 << 16 if name in STEP_COLUMNS else 1 << 10, self.grown.append)
        self.columns[name] = column
        return column

    def blocks(self) -> dict[str, tuple[str, int]]:
        return {name: (c.block, c.capacity) for name, c in self.columns.items()}

    def publish(self) -> None:
        """Make the new values visible, then report what changed (moved blocks, new events).

        The header first: when the window hears of an event, the rate it reads is already
        the new one. A reader still mapping a block that just grew reads only what that
        block holds until it hears of the move.
        """
        h, t = self.header, self.trainer
        events = t.history.events
        h[SLOT_STATUS] = STATUS_CODES[t.status]
        h[SLOT_DIVERGED] = -1 if t.history.diverged_at is None else t.history.diverged_at
        h[SLOT_NEXT_LR] = t.current_lr()
        for slot, name in enumerate(COLUMNS):  # counts last: the data they cover is written
            h[slot] = len(self.columns[name])
        for column in self.grown:
            self.report.send(("grow", self.run_id, column.name, column.block, column.capacity))
        self.grown.clear()
        for stamped in events[self.sent_events :]:
            self.report.send(("event", self.run_id, stamped.to_json()))
        self.sent_events = len(events)

    def release(self) -> None:
        for column in self.columns.values():
            column.release()
        self.header = np.empty(0)
        self.header_shm.close()
        self.header_shm.unlink()


def worker_main(commands, report) -> None:
    """Entry point of the worker process."""
    keep_heap_slack()
    run: _Run | None = None
    running = False
    target: int | None = None
    speed: float | None = None
    chunk = 16
    paced_from = (0.0, 0)
    try:
        while True:
            timeout: float | None = None
            if running:
                timeout = 0.0
                if speed is not None:
                    t0, s0 = paced_from
                    timeout = max(0.0, t0 + (run.trainer.step - s0) / speed - time.perf_counter())
            if commands.poll(timeout):
                message = commands.recv()
                kind = message[0]
                if kind == "quit":
                    break
                if kind == "speed":
                    speed = message[1]
                    if run is not None:
                        paced_from = (time.perf_counter(), run.trainer.step)
                    continue
                if kind == "new":
                    _, run_id, config_json, events_json, steps = message
                    if run is not None:
                        run.release()
                    running = False
                    try:
                        config = RunConfig.from_json(config_json)
                        events = [Stamped.from_json(e) for e in events_json]
                        run = _Run(run_id, config, events, report)
                        _replay(run, steps or 0, report)
                        run.trainer.run(0)  # events due at this boundary (e.g. planned for step 0) show now
                    except Exception as err:  # a bad file must not kill the worker
                        report.send(("error", run_id, f"{type(err).__name__}: {err}"))
                        run = None
                        continue
                    run.grown.clear()
                    run.sent_events = len(run.trainer.history.events)
                    run.publish()
                    report.send((
                        "ready", run_id, run.header_shm.name, run.blocks(),
                        [s.to_json() for s in run.trainer.history.events], run.trainer.status,
                    ))
                    continue
                if run is None or message[1] != run.run_id:
                    continue  # a command for a run that no longer exists
                if kind == "start":
                    if not run.trainer.done:
                        running = True
                        target = None if message[2] is None else run.trainer.step + message[2]
                        paced_from = (time.perf_counter(), run.trainer.step)
                        chunk = 16
                elif kind == "pause":
                    running = False
                    if not run.trainer.done:
                        run.trainer.run(0)  # an event posted just before the pause takes effect now
                    _stopped(run, report)
                elif kind == "post":
                    run.trainer.post(parse_action(message[2]))
                    if not running and not run.trainer.done:
                        run.trainer.run(0)  # paused: apply it now, at this step boundary
                        run.publish()
                continue
            if not running:
                continue
            # -- train one chunk ---------------------------------------------------
            trainer = run.trainer
            todo = chunk if target is None else min(chunk, target - trainer.step)
            if speed is not None:
                todo = min(todo, max(1, int(speed / 60)))
            started, first = time.perf_counter(), trainer.step
            trainer.run(todo)
            spent = time.perf_counter() - started
            if trainer.step > first:  # when this chunk's first step was done (steps take alike)
                k = int(run.header[SLOT_RING_NEXT])
                slot = RING_START + 2 * (k % RING_SIZE)
                run.header[slot], run.header[slot + 1] = first + 1, started + spent / (trainer.step - first)
                run.header[SLOT_RING_NEXT] = k + 1
            if spent > 0 and todo == chunk:  # aim each chunk at a few milliseconds
                chunk = int(min(max(1, chunk * CHUNK_SECONDS / spent), 4 * chunk, trainer.steps_per_epoch * 4))
                chunk = max(chunk, 1)
            run.publish()
            if trainer.done or (target is not None and trainer.step >= target):
                running = False
                _stopped(run, report)
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the window went away
    except BaseException:
        try:
            report.send(("error", run.run_id if run else -1, traceback.format_exc()))
        except Exception:
            pass
    finally:
        if run is not None:
            run.release()


def _replay(run: _Run, steps: int, report) -> None:
    """Re-run the first ``steps`` updates of an opened run, reporting progress as it goes."""
    trainer, shown = run.trainer, time.perf_counter()
    while trainer.step < steps and not trainer.done:
        trainer.run(min(steps - trainer.step, 4096))
        if time.perf_counter() - shown > 0.1:
            report.send(("progress", run.run_id, trainer.step))
            shown = time.perf_counter()


def _stopped(run: _Run, report) -> None:
    run.publish()
    report.send(("stopped", run.run_id, run.trainer.status, run.trainer.divergence))
