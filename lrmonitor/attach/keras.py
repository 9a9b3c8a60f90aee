"""Keras 3: ``model.fit(..., callbacks=[KerasMonitor()])`` attaches the training to lrmonitor.

Keras has no optimizer step hook, so the callback applies lrmonitor's rate at
``on_train_batch_begin`` (just before the batch's optimizer step) and puts the script's own rate
back at ``on_train_batch_end``, every batch while a command is in force. A float rate (a Keras
variable) is assigned; a ``LearningRateSchedule`` is wrapped once, at the start, in a schedule
that returns lrmonitor's rate while it steers (two variables, so it also works inside compiled
train steps). With ``steps_per_execution`` > 1 Keras calls the callback once per execution, so
commands then take effect at the next execution.

**The loss is Keras' running mean**: a batch's ``logs["loss"]`` is the mean over the epoch so far,
not that batch's loss, so the curve is smoother than a PyTorch one and restarts each epoch; the
attached run says so. ``val_loss`` comes from ``on_epoch_end``. Stop in lrmonitor sets
``model.stop_training``. Keras is imported only when the callback is made.
"""

from __future__ import annotations

import math
from typing import Any

from .monitor import Monitor

LOSS_LABEL = "Keras running mean of the epoch so far"


def KerasMonitor(**monitor_options: Any) -> Any:  # noqa: N802 - reads as a class
    """A ``keras.callbacks.Callback`` attaching the training to lrmonitor (options go to :class:`Monitor`)."""
    try:
        import keras
    except ImportError:
        raise ImportError("KerasMonitor needs Keras 3: pip install keras") from None

    class _Steered(keras.optimizers.schedules.LearningRateSchedule):
        """The script's schedule, or lrmonitor's rate while ``active`` is 1."""

        def __init__(self, own: Any) -> None:
            self.own = own
            self.active = keras.Variable(0.0, trainable=False, name="lrmonitor_active")
            self.value = keras.Variable(0.0, trainable=False, name="lrmonitor_rate")

        def __call__(self, step: Any) -> Any:
            own = keras.ops.cast(self.own(step), "float32")
            return keras.ops.where(self.active > 0, keras.ops.cast(self.value, "float32"), own)

        def get_config(self) -> dict:
            return {"own": keras.optimizers.schedules.serialize(self.own)}

    class _KerasMonitor(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.monitor: Monitor | None = None
            self._steered: _Steered | None = None
            self._own: float | None = None

        def on_train_begin(self, logs: dict | None = None) -> None:
            if self.monitor is not None:
                return
            optimizer = self.model.optimizer
            own = optimizer._learning_rate  # Keras keeps the schedule here
            if isinstance(own, keras.optimizers.schedules.LearningRateSchedule):
                self._steered = _Steered(own)
                optimizer._learning_rate = self._steered
            steps = (self.params or {}).get("steps")
            options = {"steps_per_epoch": steps if isinstance(steps, int) and steps > 0 else None,
                       "framework": "keras", "loss_label": LOSS_LABEL, **monitor_options}
            self.monitor = Monitor(None, **options)

        def _script_rate(self) -> float:
            optimizer = self.model.optimizer
            if self._steered is not None:
                return float(self._steered.own(optimizer.iterations))
            return float(keras.ops.convert_to_numpy(optimizer.learning_rate))

        def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
            if self.monitor is None:
                return
            own = self._script_rate()
            rates = self.monitor.before_update([own])
            optimizer = self.model.optimizer
            if self._steered is not None:
                self._steered.active.assign(1.0 if rates is not None else 0.0)
                if rates is not None:
                    self._steered.value.assign(rates[0])
            elif rates is not None:
                self._own = own
                optimizer.learning_rate = rates[0]

        def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
            if self.monitor is None:
                return
            if self._own is not None:
                self.model.optimizer.learning_rate = self._own
                self._own = None
            self.monitor.after_update()
            loss = (logs or {}).get("loss")
            self.monitor.log(self.monitor.steps, loss=None if loss is None else float(loss),
                             epoch=getattr(self, "_epoch", None))
            if self.monitor.should_stop:
                self.model.stop_training = True

        def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
            self._epoch = epoch

        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            value = (logs or {}).get("val_loss")
            if self.monitor is not None and value is not None and math.isfinite(float(value)):
                self.monitor.log(self.monitor.steps, val_loss=float(value), epoch=epoch)

        def on_train_end(self, logs: dict | None = None) -> None:
            if self.monitor is not None:
                self.monitor.close()

    return _KerasMonitor()
