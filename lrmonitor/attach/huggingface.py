"""Hugging Face: ``Trainer(..., callbacks=[HuggingFaceMonitor()])`` attaches the training to lrmonitor.

At ``on_train_begin`` the callback makes a :class:`~lrmonitor.attach.Monitor` on the Trainer's
optimizer (the torch optimizer inside accelerate's wrapper), so commands are applied in its step
hook, just before each optimizer step (where ``on_pre_optimizer_step`` is called), and re-applied
every step, so the Trainer's LambdaLR-based schedules cannot undo them. From ``on_log`` it sends
the loss (**the Trainer's ``loss`` is the mean over the last ``logging_steps`` steps**: set
``logging_steps=1`` to see every step), ``grad_norm``, the epoch and ``eval_loss`` as the
validation loss; the rate shown is the one the optimizer really used (the Trainer logs its
scheduler's). Stop in lrmonitor sets ``control.should_training_stop``. transformers is imported
only when the callback is made.
"""

from __future__ import annotations

import math
from typing import Any

from .monitor import Monitor


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def HuggingFaceMonitor(**monitor_options: Any) -> Any:  # noqa: N802 - reads as a class
    """A ``transformers.TrainerCallback`` attaching the training to lrmonitor (options go to :class:`Monitor`)."""
    try:
        from transformers import TrainerCallback
    except ImportError:
        raise ImportError("HuggingFaceMonitor needs transformers: pip install transformers") from None

    class _HuggingFaceMonitor(TrainerCallback):
        def __init__(self) -> None:
            self.monitor: Monitor | None = None

        def on_train_begin(self, args: Any, state: Any, control: Any, optimizer: Any = None, **kwargs: Any) -> None:
            if self.monitor is not None or optimizer is None:
                return
            inner = getattr(optimizer, "optimizer", optimizer)  # accelerate's AcceleratedOptimizer wraps it
            per_epoch = None
            if state.max_steps and args.num_train_epochs and args.max_steps <= 0:
                per_epoch = max(1, round(state.max_steps / math.ceil(args.num_train_epochs)))
            options = {"steps_per_epoch": per_epoch, "framework": "transformers",
                       "loss_label": f"Trainer loss: mean of the last {args.logging_steps} step(s)", **monitor_options}
            self.monitor = Monitor(inner, **options)

        def on_log(self, args: Any, state: Any, control: Any, logs: dict | None = None, **kwargs: Any) -> None:
            if self.monitor is None or not logs:
                return
            epoch = _number(logs.get("epoch", state.epoch))
            if "loss" in logs:
                self.monitor.log(state.global_step, loss=_number(logs["loss"]), epoch=epoch,
                                 grad_norm=_number(logs.get("grad_norm")))
            if "eval_loss" in logs:
                self.monitor.log(state.global_step, val_loss=_number(logs["eval_loss"]), epoch=epoch)

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if self.monitor is not None and self.monitor.should_stop:
                control.should_training_stop = True

        def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if self.monitor is not None:
                self.monitor.close()

    return _HuggingFaceMonitor()
