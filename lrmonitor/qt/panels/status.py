"""The status bar's permanent labels: state, epoch, step, rate, smoothed loss, steps/s."""

from __future__ import annotations

from PySide6 import QtWidgets

from ...core.display.frame import Frame
from ...core.run.state import RunState

KEYS = ("state", "epoch", "step", "lr", "loss", "speed")


class StatusPanel(QtWidgets.QWidget):
    """A row of labels for the status bar, refreshed from every frame."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
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
        labels["state"].setText(str(frame.state))
        labels["epoch"].setText(f"epochs {steps / spe:.2f}")
        labels["step"].setText(f"step {steps:,}")
        labels["lr"].setText(f"lr {frame.lr:.4g}")
        labels["loss"].setText(f"loss {smoothed[-1]:.4g}" if len(smoothed) else "loss –")
        running = frame.state == RunState.RUNNING and speed is not None
        labels["speed"].setText(f"{speed:,.0f} steps/s" if running else "– steps/s")
