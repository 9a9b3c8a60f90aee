"""The banner above the plots: the run diverged, or the trainer failed. It stays until a new run."""

from __future__ import annotations

from PySide6 import QtWidgets

from ...core.display.frame import Frame
from ...core.run.state import RunState


class Banner(QtWidgets.QLabel):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("background:#fde2e1; color:#7a1010; padding:6px; border:1px solid #e0a0a0;")
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.show()

    def on_frame(self, frame: Frame) -> None:
        if frame.first:
            self.hide()
        if frame.error is not None:
            self.show_text(frame.error)
        elif frame.state == RunState.DIVERGED and self.isHidden():
            run, at = frame.run, frame.run.history.diverged_at
            self.show_text(
                f"Training diverged at step {at} (epoch {(at - 1) // run.steps_per_epoch}): the loss is no longer "
                f"finite. The curve up to there is kept and can be exported. Try a lower α0 than {run.config.lr:g} "
                "and Reset."
            )
