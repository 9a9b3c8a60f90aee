"""The export dialog: what to export and, for pictures, the size in pixels."""

from __future__ import annotations

from PySide6 import QtWidgets

EXPORTS = {
    "png": ("Plot as PNG image", "PNG image (*.png)"),
    "svg": ("Plot as SVG drawing", "SVG drawing (*.svg)"),
    "steps": ("Per-step data as CSV", "CSV (*.csv)"),
    "epochs": ("Per-epoch data as CSV", "CSV (*.csv)"),
    "events": ("Event log as CSV", "CSV (*.csv)"),
    "compare": ("Comparison table as CSV", "CSV (*.csv)"),
}
PICTURES = ("png", "svg")


class ExportDialog(QtWidgets.QDialog):
    """The answer is :meth:`choice`: (kind, width, height)."""

    def __init__(self, parent: QtWidgets.QWidget | None, kind: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export snapshot")
        form = QtWidgets.QFormLayout(self)
        self.kind = QtWidgets.QComboBox()
        for key, (label, _) in EXPORTS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.width_box = QtWidgets.QSpinBox()
        self.width_box.setRange(200, 8000)
        self.width_box.setValue(1600)
        self.height_box = QtWidgets.QSpinBox()
        self.height_box.setRange(150, 8000)
        self.height_box.setValue(1000)
        for box in (self.width_box, self.height_box):
            box.setSuffix(" px")
            box.setToolTip("Picture size in pixels (200–8000 wide, 150–8000 high)")
        form.addRow("export", self.kind)
        form.addRow("width", self.width_box)
        form.addRow("height", self.height_box)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        picture = self.kind.currentData() in PICTURES
        self.width_box.setEnabled(picture)
        self.height_box.setEnabled(picture)

    def choice(self) -> tuple[str, int, int]:
        return self.kind.currentData(), self.width_box.value(), self.height_box.value()


def suffix(kind: str) -> str:
    """The file ending of an export kind, from its file filter (``.png``, ``.csv``...)."""
    return EXPORTS[kind][1].split("*")[1].rstrip(")")
