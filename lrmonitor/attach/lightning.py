"""Lightning: ``trainer = Trainer(callbacks=[LightningMonitor()])`` attaches the training to lrmonitor.

The callback makes a :class:`~lrmonitor.attach.Monitor` on the first optimizer when training
starts (so commands apply in its step hooks, before each optimizer step, also with gradient
accumulation or a closure), logs each training batch's loss (``outputs["loss"]``), the epoch and,
at each validation's end, ``val_loss`` from ``trainer.callback_metrics`` (the name is
``val_key``), and turns Stop in lrmonitor into ``trainer.should_stop``. Lightning is imported only
when the callback is made: ``lightning.pytorch``, else the older ``pytorch_lightning``.
"""

from __future__ import annotations

import math
from typing import Any

from .monitor import Monitor


def _callback_base() -> type:
    try:
        from lightning.pytorch.callbacks import Callback
    except ImportError:
        try:
            from pytorch_lightning.callbacks import Callback
        except ImportError:
            raise ImportError("LightningMonitor needs Lightning: pip install lightning") from None
    return Callback


def LightningMonitor(val_key: str = "val_loss", **monitor_options: Any) -> Any:  # noqa: N802 - reads as a class
    """A Lightning ``Callback`` attaching the training to lrmonitor (``monitor_options`` go to :class:`Monitor`)."""

    class _LightningMonitor(_callback_base()):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.monitor: Monitor | None = None

        def on_train_start(self, trainer: Any, pl_module: Any) -> None:
            if self.monitor is None and trainer.optimizers:
                batches = trainer.num_training_batches
                per_epoch = None
                if isinstance(batches, int) and batches > 0:
                    per_epoch = max(1, batches // max(1, trainer.accumulate_grad_batches))
                options = {"steps_per_epoch": per_epoch, "framework": "lightning", **monitor_options}
                self.monitor = Monitor(trainer.optimizers[0], **options)

        def on_train_batch_end(self, trainer: Any, pl_module: Any, outputs: Any, batch: Any, batch_idx: int) -> None:
            if self.monitor is None:
                return
            loss = outputs.get("loss") if isinstance(outputs, dict) else outputs
            if loss is not None:
                self.monitor.log(trainer.global_step, loss=float(loss.detach() if hasattr(loss, "detach") else loss),
                                 epoch=trainer.current_epoch)
            if self.monitor.should_stop:
                trainer.should_stop = True

        def on_validation_epoch_end(self, trainer: Any, pl_module: Any) -> None:
            if self.monitor is None or trainer.sanity_checking:
                return
            value = trainer.callback_metrics.get(val_key)
            if value is not None and math.isfinite(float(value)):
                self.monitor.log(trainer.global_step, val_loss=float(value), epoch=trainer.current_epoch)

        def on_train_end(self, trainer: Any, pl_module: Any) -> None:
            if self.monitor is not None:
                self.monitor.close()

        def on_exception(self, trainer: Any, pl_module: Any, exception: BaseException) -> None:
            if self.monitor is not None:
                self.monitor.close()

    return _LightningMonitor()
