"""The banner above the plots: the run diverged, the trainer failed, or the trainer process died.

It stays until a new run. If the worker process that trained the runs died, the runs are kept
as far as they were recorded, but nothing can train them any more: the banner says so and
offers to restart the trainer from what was recorded (its button emits ``restart_clicked``).
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ...core.display.frame import Frame
from ...core.run.state import RunState
from ..theme import follow_scheme


class Banner(QtWidgets.QFrame):
    restart_clicked = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        follow_scheme(self, lambda t: f"#banner {{ background:{t.alarm_background}; "
                                      f"border:1px solid {t.alarm_border}; }} QLabel {{ color:{t.alarm_text}; }}")
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        self.label = QtWidgets.QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.restart_button = QtWidgets.QPushButton(self.tr("Restart the trainer"))
        self.restart_button.setToolTip(self.tr("Start a new trainer process with every run as it was recorded; "
                                               "the current run goes on from its last step"))
        self.restart_button.clicked.connect(self.restart_clicked)
        self.restart_button.hide()
        row.addWidget(self.label, 1)
        row.addWidget(self.restart_button, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def show_text(self, text: str) -> None:
        """Say ``text``; an offer to restart the trainer stays (nothing else brings the runs back)."""
        self.label.setText(text)
        self.show()

    def show_lost(self, lost: bool) -> None:
        """The trainer process died (``lost``): say so and offer to restart it; else take that back."""
        if lost:
            self.label.setText(self.tr(
                "The trainer stopped: its process ended unexpectedly. Every run is kept as far as it was recorded. "
                "Restart the trainer to go on from there (or save the runs)."))
            self.restart_button.show()
            self.show()
        elif self.restart_button.isVisible():
            self.restart_button.hide()
            self.hide()

    def on_frame(self, frame: Frame) -> None:
        if frame.first:
            self.hide()
        if frame.error is not None:
            self.show_text(frame.error)
        elif frame.state == RunState.DIVERGED and self.isHidden():
            run, at = frame.run, frame.run.history.diverged_at
            self.show_text(self.tr(
                "Training diverged at step {step} (epoch {epoch}): the loss is no longer finite. The curve up to "
                "there is kept and can be exported. Try a lower α0 than {lr} and Reset."
            ).format(step=at, epoch=(at - 1) // run.steps_per_epoch, lr=f"{run.config.lr:g}"))
