"""The Rates tab, live: the setup trained at several starting rates at once, in worker processes.

Why worker processes: training in the window's own threads would compete with drawing for
Python's GIL (README, "Why a worker process"); the window reads every history in place from
shared memory, so a frame costs the same whoever trains.

Why not one worker per rate: on a 2-core laptop four workers beside the window are five busy
processes on two cores, and the operating system lets each run for a few milliseconds in turn.
A worker preempted in the middle of a chunk holds the steps it finished until it runs again,
tens of milliseconds later: measured (benchmarks/ row 15), a step then took 55-60 ms (p95) to
reach the screen. So the rates share :func:`rate_workers` workers, one fewer than the cores (the
window keeps one), at least one; each worker trains its rates a chunk each in turn
(``Engine.start_together``) and publishes every few milliseconds while it runs. Every rate's run
is the run of the setup with that α0 (``core.run.sweep``): the same data, initial weights and
mini-batch order, bit for bit, whichever worker trains it.

The workers follow the window's pace (the run panel's speed); they start when the student
presses "Train these rates" and stop when the window closes or another list is trained.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Sequence

from PySide6 import QtCore

from ...core.display.frame import Frame
from ...core.engine import Engine, make_engine
from ...core.engine.interface import TrainerView
from ...core.run.config import RunConfig
from ...core.run.names import rates_run_name
from ..language import core_error
from .rates_view import RatesView

WORKER_NICENESS = 10  # the rates' workers yield the CPU to the window (see _yield_to_the_window)


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the system says, else all)."""
    with contextlib.suppress(AttributeError, OSError):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def rate_workers(rates: int, cores: int) -> int:
    """How many worker processes train ``rates`` runs on ``cores`` cores: one core for the window,
    the others a worker each, never more workers than runs, at least one (see the module docstring)."""
    return max(1, min(rates, cores - 1))


@dataclasses.dataclass
class _Worker:
    """One worker process (an engine) and the rates it trains, in turn."""

    engine: Engine
    rates: list[float]  # what it trains: slots of the rates list, in the order the runs are made
    slots: list[int]  # where each of its rates is in the list
    run_ids: list[int] = dataclasses.field(default_factory=list)  # the runs made so far
    started: bool = False


class LiveRates(QtCore.QObject):
    """Trains one run per rate and feeds the :class:`RatesView`; polled once per window frame."""

    message = QtCore.Signal(str, int)  # a status-bar message and how long to show it (ms)

    def __init__(self, view: RatesView, engine_kind: str | None = None, parent: QtCore.QObject | None = None,
                 engines: Callable[[], Engine] | None = None, cores: int | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._make = engines or (lambda: make_engine(engine_kind))
        self.cores = cores or usable_cores()
        self._workers: list[_Worker] = []
        self.rates: list[float] = []
        self._config: RunConfig | None = None
        self._shown = False  # the view has the runs' histories
        self._ended = False
        self._epochs_per_second: float | None = None

    @property
    def engines(self) -> list[Engine]:
        """The worker engines training the rates now (fewer than the rates when cores are few)."""
        return [worker.engine for worker in self._workers]

    @property
    def views(self) -> list[TrainerView]:
        """Each rate's run, in the order of :attr:`rates`; empty until every run is made."""
        if not self._workers or not all(w.started for w in self._workers):
            return []
        placed: list[TrainerView | None] = [None] * len(self.rates)
        for worker in self._workers:
            runs = worker.engine.runs
            for slot, run_id in zip(worker.slots, worker.run_ids):
                placed[slot] = runs[run_id]
        return placed  # type: ignore[return-value]  (every slot is some worker's)

    @property
    def training(self) -> bool:
        return any(engine.is_running for engine in self.engines if not engine.preparing)

    @property
    def ended(self) -> bool:
        """Every rate's run has finished or diverged (the verdicts are final)."""
        return self._ended

    def start(self, config: RunConfig, rates: Sequence[float]) -> None:
        """Train ``config`` at each of ``rates`` (the runs before are stopped and freed).

        The runs are made one per frame in each worker (:meth:`on_frame`), so that the window never
        waits for a worker that is still starting.
        """
        self.shutdown()
        self.view.keep_button.setEnabled(False)
        self.rates, self._config = list(rates), config
        self._shown = self._ended = False
        count = rate_workers(len(self.rates), self.cores)
        for k in range(count):
            slots = list(range(k, len(self.rates), count))
            engine = self._make()
            engine.pause_on_plateau = False  # each run to its end: the verdicts read whole runs
            engine.speed = self._pace(config)
            self._workers.append(_Worker(engine, [self.rates[i] for i in slots], slots))
        for worker in self._workers:
            if not self._make_next_run(worker):
                return
        self.message.emit(self.tr("Training %1 rates side by side.").replace("%1", str(len(self.rates))), 5000)

    def _make_next_run(self, worker: _Worker) -> bool:
        """Ask ``worker`` for the run of its next rate (without waiting); False if it refused."""
        rate = worker.rates[len(worker.run_ids)]
        try:
            worker.engine.new_run(dataclasses.replace(self._config, lr=rate), wait=False)
        except (RuntimeError, ValueError) as err:
            self.shutdown()
            self.message.emit(self.tr("Cannot train the rates: %1").replace("%1", core_error(err)), 10000)
            return False
        worker.run_ids.append(worker.engine.current_id)
        return True

    def set_speed(self, epochs_per_second: float | None) -> None:
        """The run panel's pace, for every rate's run (None: as fast as possible)."""
        self._epochs_per_second = epochs_per_second
        if self._config is not None:
            for engine in self.engines:
                engine.speed = self._pace(self._config)

    def _pace(self, config: RunConfig) -> float | None:
        pace = self._epochs_per_second
        return None if pace is None else pace * config.steps_per_epoch

    def on_frame(self, _frame: Frame | None = None) -> None:
        """Take in what the workers reported; make the next runs, start the ready ones; redraw if shown."""
        if not self._workers:
            return
        for worker in self._workers:
            engine = worker.engine
            if engine.preparing:
                continue
            if engine.trainer is None:
                self._fail(engine)
                return
            engine.poll()
            if worker.started:
                continue
            if len(worker.run_ids) < len(worker.rates):
                if not self._make_next_run(worker):
                    return
                continue
            _yield_to_the_window(engine)
            engine.start_together(worker.run_ids)
            worker.started = True
        views = self.views
        if not views:
            return
        if not self._shown:
            self.view.set_runs(self.rates, [v.history for v in views])
            self._shown = True
        ended = all(v.done for v in views)
        if ended and not self._ended:
            self._ended = True
            self.view.keep_button.setEnabled(True)
            self.view.on_frame(ended=True)
            self.message.emit(self.tr("The rates have finished: their verdicts are final."), 5000)
        elif self.view.isVisible() and not ended:
            self.view.on_frame(ended=False)

    def records(self) -> list[tuple[str, object]]:
        """Each finished rate's run as (name, record), named with its rate and verdict: in English, as
        every name the app makes is kept (the runs panel shows it in the window's language; see
        :mod:`lrmonitor.core.run.names`), so a session saved here opens in any language."""
        verdicts = {v.lr: v.verdict for v in self.view.verdicts}
        records: list[object] = [None] * len(self.rates)
        for worker in self._workers:
            for slot, run_id in zip(worker.slots, worker.run_ids):
                records[slot] = worker.engine.record(run_id)
        return [(rates_run_name(rate, verdicts.get(rate)), record) for rate, record in zip(self.rates, records)]

    def _fail(self, engine: Engine) -> None:
        error = engine.error or self.tr("the worker did not start")
        self.shutdown()
        self.message.emit(self.tr("Cannot train the rates: %1").replace("%1", error), 10000)

    def shutdown(self) -> None:
        """Stop every rate's worker and free its runs."""
        for engine in self.engines:
            engine.shutdown()
        self._workers = []


def _yield_to_the_window(engine: Engine) -> None:
    """Run a rate's worker at a lower priority (nice +WORKER_NICENESS), where the system allows it.

    Workers at full speed on every core beside the window's own leave the window little: measured
    (benchmarks/ row 15, four workers on 2 cores), it redrew every 100 ms and a step took ~360 ms
    to reach the screen. At a lower priority the workers take every cycle the window does not need
    and the window keeps its frames. Nothing changes in the numbers a run computes.
    """
    process = getattr(engine, "process", None)
    pid = getattr(process, "pid", None)
    if pid is None or not hasattr(os, "setpriority"):  # the thread engine, or Windows
        return
    with contextlib.suppress(OSError):  # the system refused: the workers keep the window's priority
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, pid) + WORKER_NICENESS))
