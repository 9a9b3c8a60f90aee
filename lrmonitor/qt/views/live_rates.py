"""The Rates tab, live: the setup trained at several starting rates at once, each in a worker of its own.

Why one engine (one worker process) per rate: an engine trains only its current run
(``core.engine.interface``), and training in the window's own threads would compete with drawing
for Python's GIL (README, "Why a worker process"). Four workers next to the window's own are
five processes: the operating system shares the cores between them, each worker trains in
chunks of a few milliseconds, and the window reads every history in place from shared memory,
so a frame costs the same whoever trains. Every rate's run is the run of the setup with that
α0 (``core.run.sweep``): the same data, initial weights and mini-batch order, bit for bit.

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
from ...core.run.config import RunConfig
from ...core.run.names import rates_run_name
from ..language import core_error
from .rates_view import RatesView

WORKER_NICENESS = 10  # the rates' workers yield the CPU to the window (see _yield_to_the_window)


class LiveRates(QtCore.QObject):
    """Trains one run per rate and feeds the :class:`RatesView`; polled once per window frame."""

    message = QtCore.Signal(str, int)  # a status-bar message and how long to show it (ms)

    def __init__(self, view: RatesView, engine_kind: str | None = None, parent: QtCore.QObject | None = None,
                 engines: Callable[[], Engine] | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._make = engines or (lambda: make_engine(engine_kind))
        self.engines: list[Engine] = []
        self.rates: list[float] = []
        self._started: list[bool] = []
        self._shown = False  # the view has the runs' histories
        self._ended = False
        self._epochs_per_second: float | None = None

    @property
    def training(self) -> bool:
        return any(engine.is_running for engine in self.engines if not engine.preparing)

    @property
    def ended(self) -> bool:
        """Every rate's run has finished or diverged (the verdicts are final)."""
        return self._ended

    def start(self, config: RunConfig, rates: Sequence[float]) -> None:
        """Train ``config`` at each of ``rates`` (the runs before are stopped and freed)."""
        self.shutdown()
        self.view.keep_button.setEnabled(False)
        self.rates = list(rates)
        self._started = [False] * len(self.rates)
        self._shown = self._ended = False
        for rate in self.rates:
            engine = self._make()
            engine.pause_on_plateau = False  # each run to its end: the verdicts read whole runs
            engine.speed = self._pace(config)
            try:
                engine.new_run(dataclasses.replace(config, lr=rate), wait=False)
            except (RuntimeError, ValueError) as err:
                engine.shutdown()
                self.shutdown()
                self.message.emit(self.tr("Cannot train the rates: %1").replace("%1", core_error(err)), 10000)
                return
            self.engines.append(engine)
        self.message.emit(self.tr("Training %1 rates side by side.").replace("%1", str(len(self.rates))), 5000)

    def set_speed(self, epochs_per_second: float | None) -> None:
        """The run panel's pace, for every rate's run (None: as fast as possible)."""
        self._epochs_per_second = epochs_per_second
        for engine in self.engines:
            if not engine.preparing and engine.trainer is not None:
                engine.speed = self._pace(engine.trainer.config)

    def _pace(self, config: RunConfig) -> float | None:
        pace = self._epochs_per_second
        return None if pace is None else pace * config.steps_per_epoch

    def on_frame(self, _frame: Frame | None = None) -> None:
        """Take in what the workers reported; start the runs that are ready; redraw if shown."""
        if not self.engines:
            return
        for k, engine in enumerate(self.engines):
            if engine.preparing:
                continue
            if engine.trainer is None:
                self._fail(engine)
                return
            engine.poll()
            if not self._started[k]:
                _yield_to_the_window(engine)
                engine.start()
                self._started[k] = True
        if not all(self._started):
            return
        views = [engine.trainer for engine in self.engines]
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
        return [(rates_run_name(rate, verdicts.get(rate)), engine.record(engine.current_id))
                for rate, engine in zip(self.rates, self.engines)]

    def _fail(self, engine: Engine) -> None:
        error = engine.error or self.tr("the worker did not start")
        self.shutdown()
        self.message.emit(self.tr("Cannot train the rates: %1").replace("%1", error), 10000)

    def shutdown(self) -> None:
        """Stop every rate's worker and free its runs."""
        for engine in self.engines:
            engine.shutdown()
        self.engines = []


def _yield_to_the_window(engine: Engine) -> None:
    """Run a rate's worker at a lower priority (nice +WORKER_NICENESS), where the system allows it.

    Four workers at full speed beside the window's own on a 2-core laptop leave the window a fifth
    of a core or less: measured (benchmarks/ row 15), it redrew every 100 ms and a step took
    ~360 ms to reach the screen. At a lower priority the workers take every cycle the window does
    not need and the window keeps its frames. Nothing changes in the numbers a run computes.
    """
    process = getattr(engine, "process", None)
    pid = getattr(process, "pid", None)
    if pid is None or not hasattr(os, "setpriority"):  # the thread engine, or Windows
        return
    with contextlib.suppress(OSError):  # the system refused: the workers keep the window's priority
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, pid) + WORKER_NICENESS))
