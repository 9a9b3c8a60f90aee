"""The hover readout under the plots: step, epoch, loss, smoothed loss and rate under the mouse."""

from __future__ import annotations

from PySide6 import QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ...core.display.frame import Frame
from ..theme import follow_scheme

HINT = QT_TRANSLATE_NOOP("Readout", "Move the mouse over the plots to read values.")  # translated where shown


class Readout(QtWidgets.QLabel):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr(HINT))
        follow_scheme(self, lambda tones: f"color:{tones.muted};")
        self.setWordWrap(True)  # in a narrow window it takes two lines rather than widen the window
        self._frame: Frame | None = None

    def on_frame(self, frame: Frame) -> None:
        if frame.first:
            self.setText(self.tr(HINT))
        self._frame = frame

    def show_at(self, x: float) -> None:
        """Read the run at ``x`` epochs (where the mouse is)."""
        frame = self._frame
        if frame is None:
            return
        history, spe = frame.run.history, frame.run.steps_per_epoch
        step = int(round(x * spe))
        if not 1 <= step <= history.steps:
            self.setText(self.tr("No step under the mouse."))
            return
        smoothed = frame.series.smoothed
        loss, lr = history.loss.view()[step - 1], history.lr.view()[step - 1]
        shown = smoothed[step - 1] if step <= len(smoothed) else float("nan")
        others = "".join(
            f" · {info.name}: {info.series.smoothed[s - 1]:.4g}"
            for info in frame.runs
            if info.visible and not info.current and info.series is not None
            for s in [int(round(x * info.view.steps_per_epoch))]
            if 1 <= s <= info.series.steps
        )
        self.setText(self.tr(
            "step {step} (in epoch {epoch}, x = {x}) · loss {loss} · smoothed {smoothed} · lr {lr}"
        ).format(step=f"{step:,}", epoch=(step - 1) // spe, x=f"{step / spe:.2f}", loss=f"{loss:.5g}",
                 smoothed=f"{shown:.5g}", lr=f"{lr:.4g}") + others)
