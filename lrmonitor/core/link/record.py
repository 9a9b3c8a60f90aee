"""An attached training as an lrmonitor run: its step rows in a :class:`History`, its events, its acks.

The rows arrive as the training logs them (``monitor.log(step, loss=...)``): one per log call
(a call with a validation loss and no loss adds only an epoch row), so the i-th value of
``history.loss`` is the i-th logged step, and :attr:`AttachedRun.steps` says which optimizer
step that was (they are 1, 2, 3, … when the training logs every step, as the example does).
``info.loss_label`` says what the loss is (a mini-batch loss; Keras' running epoch mean).
A row with a validation loss is also an epoch row (``history.val_loss``), so the plateau
detector and the per-epoch table work as for a built-in run. Each acknowledged rate command is a
:class:`Stamped` event in ``history.events``, stamped with the step at which it took effect, so
markers, the event CSV and the comparison read it like any run's.

An attached run cannot be replayed: lrmonitor does not have the training's code or data, only
what it reported. Saved, it says so (``replayable: false``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..run.events import Acknowledged, Event
from ..run.history import GrowableArray, History
from ..texts import QT_TRANSLATE_NOOP

__all__ = ["Ack", "Acknowledged", "AttachedRun", "LinkUpdate", "NOT_REPLAYABLE", "TrainingInfo"]

NOT_REPLAYABLE = QT_TRANSLATE_NOOP("core", "an attached training cannot be replayed: lrmonitor has only what the "
                                  "training reported, not its code or data")  # the window shows it translated


@dataclass(frozen=True)
class TrainingInfo:
    """What a training said about itself in its hello."""

    run: str
    mode: str
    lr: float | None
    pid: int | None
    script: str
    world_size: int
    steps_per_epoch: int | None
    framework: str
    loss_label: str = "mini-batch loss"  # what the loss column is (Keras: a running mean; HF: a mean)

    @staticmethod
    def from_hello(message: dict[str, Any]) -> TrainingInfo:
        def whole(key: str, low: int) -> int | None:
            value = message.get(key)
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= low
            return value if ok else None

        lr = message.get("lr")
        return TrainingInfo(
            run=str(message.get("run", ""))[:64],
            mode=message.get("mode") if message.get("mode") in ("override", "scale") else "override",
            lr=float(lr) if isinstance(lr, (int, float)) and not isinstance(lr, bool) and math.isfinite(lr) else None,
            pid=whole("pid", 0),
            script=str(message.get("script", ""))[:200],
            world_size=whole("world_size", 1) or 1,
            steps_per_epoch=whole("steps_per_epoch", 1),
            framework=str(message.get("framework", "torch"))[:40],
            loss_label=str(message.get("loss_label", "mini-batch loss"))[:80],
        )


@dataclass(frozen=True)
class Ack:
    """A command's outcome: taken effect at ``step`` (updates done before it) with rate ``lr``, or refused."""

    id: int
    action: str
    ok: bool
    step: int | None = None
    lr: float | None = None
    error: str = ""


@dataclass
class LinkUpdate:
    """What :meth:`~lrmonitor.core.link.listener.Listener.poll` found since the previous poll."""

    state: str
    new_rows: int = 0
    acks: list[Ack] = field(default_factory=list)
    new_run: bool = False
    messages: list[str] = field(default_factory=list)  # refused connections, protocol errors


@dataclass
class AttachedRun:
    """Everything recorded from one attached training (owned by the thread that polls the listener)."""

    info: TrainingInfo
    history: History = field(init=False)
    steps: GrowableArray = field(default_factory=GrowableArray)
    epochs: GrowableArray = field(default_factory=GrowableArray)
    grad_norm: GrowableArray = field(default_factory=GrowableArray)
    acks: list[Ack] = field(default_factory=list)
    val_rows: list[int] = field(default_factory=list)  # the row of each epoch row (a reported val_loss)
    dropped: int = 0
    finished: bool = False
    replayable = False

    def __post_init__(self) -> None:
        self.history = History(self.info.steps_per_epoch or 1)
        self._last_epoch: float | None = None

    def add_rows(self, rows: list[tuple]) -> None:
        """Append ``steps`` rows (see :data:`~lrmonitor.core.link.protocol.ROW_FIELDS`)."""
        h = self.history
        nan = math.nan
        for step, epoch, lr, loss, val_loss, grad_norm, train_loss in rows:
            if loss is None and val_loss is not None and len(self.steps):
                # a validation result alone (``log(step, val_loss=...)`` at an epoch's end): an epoch row
                # of the last step, not a step of its own
                self.val_rows.append(len(self.steps) - 1)
                h.epoch_lr.append(h.lr.view()[-1])
                h.train_loss.append(nan if train_loss is None else train_loss)
                h.val_loss.append(val_loss)
                continue
            self.steps.append(step)
            self.epochs.append(nan if epoch is None else epoch)
            h.lr.append(nan if lr is None else lr)
            h.loss.append(nan if loss is None else loss)
            self.grad_norm.append(nan if grad_norm is None else grad_norm)
            if val_loss is not None:
                self.val_rows.append(len(self.steps) - 1)
                h.epoch_lr.append(nan if lr is None else lr)
                h.train_loss.append(nan if train_loss is None else train_loss)
                h.val_loss.append(val_loss)
            self._learn_epoch_length(step, epoch)

    def _learn_epoch_length(self, step: int, epoch: float | None) -> None:
        """Without a declared steps-per-epoch, the step at which epoch 1 starts tells it."""
        if epoch is None or self.info.steps_per_epoch:
            return
        if self._last_epoch == 0 and epoch == 1 and step > 1:
            self.history.steps_per_epoch = step - 1
        self._last_epoch = epoch

    def add_ack(self, ack: Ack, event: Event | None) -> None:
        self.acks.append(ack)
        if ack.ok and event is not None and ack.step is not None:
            self.history.events.append(Acknowledged(ack.step, event, ack.lr))

    def step_table(self) -> dict[str, np.ndarray]:
        """The rows so far as columns: step, epoch, lr, loss, grad_norm."""
        n = len(self.steps)
        lr, loss = self.history.step_values()
        return {"step": self.steps.view(n).astype(np.int64), "epoch": self.epochs.view(n), "lr": lr[:n],
                "loss": loss[:n], "grad_norm": self.grad_norm.view(n)}
