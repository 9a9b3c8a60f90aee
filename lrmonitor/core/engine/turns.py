"""Which of the worker's runs trains next: the one a :class:`~.protocol.Start` named, or several taking turns.

Several runs take turns when a :class:`~.protocol.StartTogether` named them (the Rates tab's runs,
compared side by side): a chunk of each in order, so that each publishes its new steps every few
milliseconds while the worker runs, instead of several workers taking turns at the operating
system's pace (see :mod:`lrmonitor.qt.views.live_rates`). Under a speed limit the run due first goes
first. A run here is anything with ``running``, ``seconds_until_due(speed)`` and ``halt()``
(the worker's :class:`~.worker.WorkerRun`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .worker import WorkerRun


class Turns:
    """The runs that may train, and whose chunk is next: one run (a :class:`Start`), or several taking
    turns (a :class:`StartTogether`): a chunk each in order, under a speed limit the one due first."""

    def __init__(self) -> None:
        self.runs: list[WorkerRun] = []
        self._turn = 0

    def set(self, runs: list[WorkerRun]) -> None:
        self.runs, self._turn = list(runs), 0

    def running(self) -> list[WorkerRun]:
        return [run for run in self.runs if run.running]

    def next(self, speed: float | None) -> tuple[WorkerRun, float] | None:
        """The run to train next and how long until it is due (s); None if none is training."""
        running = self.running()
        if not running:
            return None
        start = self._turn % len(running)
        in_turn = running[start:] + running[:start]
        run = min(in_turn, key=lambda r: r.seconds_until_due(speed))  # min keeps the first in turn on ties
        self._turn = running.index(run) + 1
        return run, run.seconds_until_due(speed)

    def halt(self, but: WorkerRun | None = None) -> None:
        """Stop every run training but ``but`` (another run is about to train or be made current)."""
        for run in self.runs:
            if run is not but:
                run.halt()

    def remove(self, run: WorkerRun) -> None:
        if run in self.runs:
            self.runs.remove(run)
