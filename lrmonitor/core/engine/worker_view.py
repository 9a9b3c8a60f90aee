"""The window's view of one run in the worker process, read in place from shared memory.

Apart from :mod:`.process` because it is what the rest of the window reads (the plots, the
panels, a saved session's summary), while the engine around it is what the window commands. It
gives the same :class:`~.interface.TrainerView` an in-process trainer does, whether the run is
the current one or not: the history's columns are the worker's shared-memory blocks
(:mod:`.shared`), mapped and read without copying; how many values are valid, the status and the
next rate come from the run's :class:`~.shared.Header`. Events, a column's move to a bigger
block and the divergence text arrive as reports (:mod:`.protocol`), which
:meth:`~.process.ProcessEngine.poll` hands to the view.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..run.config import RunConfig
from ..run.events import Stamped
from ..run.history import History
from ..run.state import RunState
from ..run.trainer import summarize
from .protocol import ColumnBlock
from .shared import Header, SharedColumnReader


class WorkerTrainerView:
    """The window's view of the trainer in the worker process: a read-only :class:`~.interface.TrainerView`.

    The history's columns are the worker's shared-memory blocks, read in place; how many values
    are valid, the status and the next rate come from the :class:`Header`. Events and the
    divergence text arrive as reports, taken in by :meth:`~.process.ProcessEngine.poll`.
    """

    def __init__(self, config: RunConfig, header: Header, columns: Iterable[ColumnBlock],
                 events: Iterable[Stamped]) -> None:
        self.config = config
        self.steps_per_epoch = config.steps_per_epoch
        self.total_steps = None if config.epochs is None else config.epochs * self.steps_per_epoch
        self.header = header  # public for benchmarks/ (chunk timings)
        self._readers = {name: SharedColumnReader(header, name) for name in Header.COLUMNS}
        for column in columns:
            self.attach(column)
        self.history = History(self.steps_per_epoch, column=lambda name, capacity: self._readers[name])
        self.history.events = list(events)
        self.divergence: str | None = None

    @property
    def status(self) -> RunState:
        """Read live from the header; if ``DIVERGED``, ``history.diverged_at`` is already set."""
        return self.sync()

    def sync(self) -> RunState:
        """Read the status, then the step it diverged at (written before it) into the history.

        In this order a reader never sees ``DIVERGED`` while ``history.diverged_at`` is None.
        """
        status, diverged_at = self.header.status_and_divergence()
        if diverged_at is not None:
            self.history.diverged_at = diverged_at
        return status

    @property
    def done(self) -> bool:
        return self.status.ended

    @property
    def step(self) -> int:
        return len(self.history.loss)

    def current_lr(self) -> float:
        return self.header.next_lr

    def summary(self) -> dict:
        return summarize(self.history, self.status)

    def reconfigure(self, config: RunConfig) -> None:
        """The run goes on for more epochs: its configuration (and end) changed."""
        self.config = config
        self.total_steps = None if config.epochs is None else config.epochs * self.steps_per_epoch

    def attach(self, column: ColumnBlock) -> None:
        """Map the block a column lives in now (at the start, and after it grew)."""
        self._readers[column.name].attach(column.block, column.capacity)

    def close(self) -> None:
        """Unmap the blocks (the worker frees them); views still held elsewhere stay valid."""
        for reader in self._readers.values():
            reader.close()
        self.header.close()

    def unlink(self) -> None:
        """Remove the blocks' names: the worker died and cannot free them any more."""
        for reader in self._readers.values():
            reader.unlink()
        self.header.unlink()
