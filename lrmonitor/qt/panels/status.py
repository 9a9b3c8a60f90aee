"""The status bar's permanent labels: state, epoch, step, rate, smoothed loss, steps/s."""

from __future__ import annotations

from PySide6 import QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ...core.display.frame import Frame
from ...core.run.state import RunState

KEYS = ("state", "epoch", "step", "lr", "loss", "speed")
# the run's state in words (the core's RunState values are English identifiers, also in files)
STATES = {
    RunState.IDLE: QT_TRANSLATE_NOOP("StatusPanel", "idle"),
    RunState.RUNNING: QT_TRANSLATE_NOOP("StatusPanel", "running"),
    RunState.PAUSED: QT_TRANSLATE_NOOP("StatusPanel", "paused"),
    RunState.FINISHED: QT_TRANSLATE_NOOP("StatusPanel", "finished"),
    RunState.DIVERGED: QT_TRANSLATE_NOOP("StatusPanel", "diverged"),
}


class StatusPanel(QtWidgets.QWidget):
    """A row of labels for the status bar, refreshed from every frame."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(12, 0, 0, 0)  # apart from a long message, which the status bar cuts here
        self.labels: dict[str, QtWidgets.QLabel] = {}
        for key in KEYS:
            label = QtWidgets.QLabel()
            label.setMinimumWidth(90)
            row.addWidget(label)
            self.labels[key] = label

    def on_frame(self, frame: Frame) -> None:
        steps, spe = frame.steps, frame.run.steps_per_epoch
        smoothed = frame.series.smoothed
        speed = frame.steps_per_second
        labels = self.labels
        labels["state"].setText(self.tr(STATES[frame.state]) if frame.state in STATES else str(frame.state))
        labels["epoch"].setText(self.tr("epochs {0}").format(f"{steps / spe:.2f}"))
        labels["step"].setText(self.tr("step {0}").format(f"{steps:,}"))
        labels["lr"].setText(self.tr("lr {0}").format(f"{frame.lr:.4g}"))
        labels["loss"].setText(self.tr("loss {0}").format(f"{smoothed[-1]:.4g}" if len(smoothed) else "–"))
        running = frame.state == RunState.RUNNING and speed is not None
        labels["speed"].setText(self.tr("{0} steps/s").format(f"{speed:,.0f}" if running else "–"))
