"""An attached training as the window reads any run: a trainer view over the listener's run.

The window draws, guides, exports, saves and compares runs through the
:class:`~lrmonitor.core.engine.interface.TrainerView` protocol. :class:`AttachedView` is one,
backed by an :class:`~lrmonitor.core.link.record.AttachedRun` (the rows the training reported),
so an attached training goes through the same display path as a built-in run with no special
case in the plots, the guide or the comparison. What a view cannot have is a configuration of
lrmonitor's own problems: its ``config`` is a placeholder (the default setup at the training's
first rate), never trained from, because an attached run cannot be replayed, forked or continued
(:data:`~lrmonitor.core.link.record.NOT_REPLAYABLE`).

Its state comes from the link, not from a trainer: running while the training is connected,
paused after an acknowledged Pause, finished once the training said goodbye or disconnected.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from ..run.config import RunConfig
from ..run.history import History
from ..run.state import RunState
from ..run.trainer import summarize
from ..run.tree import RunRecord
from .record import AttachedRun, TrainingInfo


def placeholder_config(lr: float | None) -> RunConfig:
    """The default setup at the training's first rate (when it is one lrmonitor accepts): a stand-in,
    never trained from, so that what reads a run's configuration reads something valid."""
    config = dataclasses.replace(RunConfig().validated(), epochs=None)  # it ends when the training does
    if lr is not None and math.isfinite(lr):
        with contextlib.suppress(ValueError):  # a rate outside the setup's range: keep the default
            config = dataclasses.replace(config, lr=lr).validated()
    return config


@dataclass(frozen=True)
class AttachedRecord(RunRecord):
    """What is kept of an attached run once it is dropped or saved: its rows and what it said of itself.

    Loading it back gives an ended :class:`AttachedView`, never a trainer (nothing to replay)."""

    info: TrainingInfo | None = None
    run: AttachedRun | None = None

    @property
    def origin(self) -> dict:
        """What a session file keeps of the training (plain JSON): its hello, with the epoch length
        its rows are drawn with."""
        info = dataclasses.asdict(self.info) if self.info is not None else {}
        return {**info, "steps_per_epoch": self.history.steps_per_epoch}

    @property
    def origin_columns(self) -> dict[str, np.ndarray] | None:
        """What a session file keeps of its rows beside the history: the optimizer step each row reported
        (its events are stamped in those steps), its epoch and gradient norm, and each epoch row's row."""
        run = self.run
        if run is None:
            return None
        n = len(run.steps)
        return {"steps": run.steps.view(n), "epochs": run.epochs.view(n), "grad_norm": run.grad_norm.view(n),
                "val_rows": np.asarray(run.val_rows, dtype=np.int64)}


class AttachedView:
    """A :class:`~lrmonitor.core.engine.interface.TrainerView` of an attached training (read on one thread)."""

    replayable = False
    total_steps: int | None = None
    divergence: str | None = None

    def __init__(self, run: AttachedRun, config: RunConfig | None = None) -> None:
        self.attached = run
        self.config = config or placeholder_config(run.info.lr)
        self.connected = True  # the training is still there: commands can reach it
        self.paused = False  # the training acknowledged a Pause and has not resumed

    @staticmethod
    def from_record(record: RunRecord) -> AttachedView:
        """An ended view of a dropped attached run (an :class:`AttachedRecord`) or of one read from a
        session file (a record with an ``origin``: its rows are the file's, at the optimizer steps the
        file kept, or 1, 2, 3, … for a file written before those were kept)."""
        run = getattr(record, "run", None)
        if run is None:
            origin = getattr(record, "origin", None)
            if origin is None:
                raise ValueError("this record is not an attached training's run")
            run = AttachedRun(TrainingInfo.from_hello(dict(origin)))
            run.history = record.history
            n = record.history.steps
            columns = getattr(record, "origin_columns", None)
            if columns is not None:
                run.steps.extend(np.asarray(columns["steps"], dtype=np.float64))
                run.epochs.extend(np.asarray(columns["epochs"], dtype=np.float64))
                run.grad_norm.extend(np.asarray(columns["grad_norm"], dtype=np.float64))
                run.val_rows = [int(row) for row in columns["val_rows"]]
            else:
                run.steps.extend(np.arange(1, n + 1, dtype=np.float64))
                run.epochs.extend(np.full(n, np.nan))
                run.grad_norm.extend(np.full(n, np.nan))
            run.finished = True
        view = AttachedView(run, record.config)
        view.connected = False
        return view

    @property
    def info(self) -> TrainingInfo:
        return self.attached.info

    @property
    def history(self) -> History:
        return self.attached.history

    @property
    def steps_per_epoch(self) -> int:
        return self.history.steps_per_epoch

    @property
    def status(self) -> RunState:
        if not self.connected or self.attached.finished:
            return RunState.FINISHED
        return RunState.PAUSED if self.paused else RunState.RUNNING

    @property
    def done(self) -> bool:
        return self.status.ended

    @property
    def step(self) -> int:
        """Rows recorded so far (the training's optimizer steps when it logs every step)."""
        return self.history.steps

    @property
    def training_step(self) -> int:
        """The last optimizer step the training reported (what its acks count in)."""
        steps = self.attached.steps
        return int(steps.view()[-1]) if len(steps) else 0

    def current_lr(self) -> float:
        """The last rate the training reported, else the rate it started with (nan if unknown)."""
        lr, _ = self.history.step_values()
        if len(lr) and math.isfinite(lr[-1]):
            return float(lr[-1])
        return math.nan if self.info.lr is None else self.info.lr

    def summary(self) -> dict:
        return summarize(self.history, self.status)

    def record(self) -> AttachedRecord:
        """The record a session file or an undo keeps (sharing the rows, not copying them)."""
        return AttachedRecord(self.config, tuple(self.history.events), self.history, self.status, None,
                              info=self.info, run=self.attached)
