"""The view settings: how much the loss line is smoothed, and a linear or logarithmic loss axis.

One row under the plots, beside the hover readout, not a box in the side panel: they act on the
plots, and in the side panel they were the first thing a laptop screen (1280×720) scrolled away.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ..combos import FieldSlider
from ..settings import Settings

SMOOTHING_REST_MS = 120  # re-smooth once the slider rests: a long run is smoothed in full


class ViewPanel(QtWidgets.QWidget):
    smoothing_changed = QtCore.Signal(float)  # 0 to 0.99
    log_loss_changed = QtCore.Signal(bool)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.smoothing = FieldSlider(QtCore.Qt.Orientation.Horizontal)
        self.smoothing.setRange(0, 99)
        self.smoothing.setValue(60)
        self.smoothing.setToolTip(self.tr("Smoothing weight of the loss line (TensorBoard's debiased EMA), 0 to 0.99"))
        self.smoothing.setMinimumWidth(90)
        self.smoothing_label = QtWidgets.QLabel("0.60")
        self.log_loss = QtWidgets.QCheckBox(self.tr("log loss axis"))
        self.log_loss.setToolTip(self.tr("Logarithmic loss axis (Ctrl+L)"))
        row.addWidget(QtWidgets.QLabel(self.tr("smoothing")))
        row.addWidget(self.smoothing, 1)
        row.addWidget(self.smoothing_label)
        row.addSpacing(8)
        row.addWidget(self.log_loss)
        # the curve follows once the slider rests: a debounce, as superqt's qdebounced does it
        # (superqt itself is not used: importing it pulls in qtpy and QtOpenGL, +145 ms at start)
        self._rest = QtCore.QTimer(self, singleShot=True, interval=SMOOTHING_REST_MS)
        self._rest.timeout.connect(lambda: self.smoothing_changed.emit(self.weight))
        self.smoothing.valueChanged.connect(self._smoothing_moved)
        self.log_loss.toggled.connect(self.log_loss_changed)

    @property
    def weight(self) -> float:
        return self.smoothing.value() / 100

    def _smoothing_moved(self, value: int) -> None:
        """The label follows the slider at once; the curve once the slider rests."""
        self.smoothing_label.setText(f"{value / 100:.2f}")
        self._rest.start()

    def restore_settings(self, settings: Settings) -> None:
        self.smoothing.setValue(min(99, max(0, settings.get("view/smoothing"))))
        self.log_loss.setChecked(settings.get("view/log_loss"))

    def save_settings(self, settings: Settings) -> None:
        settings.set("view/smoothing", self.smoothing.value())
        settings.set("view/log_loss", self.log_loss.isChecked())
