"""The export dialog: what to export and, for pictures, the size in pixels."""

from __future__ import annotations

from PySide6 import QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP

# (label, file filter), translated where shown: translate("ExportDialog", label)
EXPORTS = {
    "png": (QT_TRANSLATE_NOOP("ExportDialog", "Plot as PNG image"),
            QT_TRANSLATE_NOOP("ExportDialog", "PNG image (*.png)")),
    "svg": (QT_TRANSLATE_NOOP("ExportDialog", "Plot as SVG drawing"),
            QT_TRANSLATE_NOOP("ExportDialog", "SVG drawing (*.svg)")),
    "steps": (QT_TRANSLATE_NOOP("ExportDialog", "Per-step data as CSV"), "CSV (*.csv)"),
    "epochs": (QT_TRANSLATE_NOOP("ExportDialog", "Per-epoch data as CSV"), "CSV (*.csv)"),
    "events": (QT_TRANSLATE_NOOP("ExportDialog", "Event log as CSV"), "CSV (*.csv)"),
    "compare": (QT_TRANSLATE_NOOP("ExportDialog", "Comparison table as CSV"), "CSV (*.csv)"),
}
PICTURES = ("png", "svg")


class ExportDialog(QtWidgets.QDialog):
    """The answer is :meth:`choice`: (kind, width, height), and for pictures whether they are drawn
    in the window's colours (:attr:`window_colours`; else light, for print and slides)."""

    def __init__(self, parent: QtWidgets.QWidget | None, kind: str, window_colours: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export snapshot"))
        form = QtWidgets.QFormLayout(self)
        self.kind = QtWidgets.QComboBox()
        for key, (label, _) in EXPORTS.items():
            self.kind.addItem(self.tr(label), key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.width_box = QtWidgets.QSpinBox()
        self.width_box.setRange(200, 8000)
        self.width_box.setValue(1600)
        self.height_box = QtWidgets.QSpinBox()
        self.height_box.setRange(150, 8000)
        self.height_box.setValue(1000)
        for box in (self.width_box, self.height_box):
            box.setSuffix(" px")
            box.setToolTip(self.tr("Picture size in pixels (200–8000 wide, 150–8000 high)"))
        form.addRow(self.tr("export"), self.kind)
        form.addRow(self.tr("width"), self.width_box)
        form.addRow(self.tr("height"), self.height_box)
        self.window_colours = QtWidgets.QCheckBox(self.tr("Use the window's colours"))
        self.window_colours.setChecked(window_colours)
        self.window_colours.setToolTip(self.tr(
            "Draw the picture as the window shows it (dark with the dark theme). Off: a light background, "
            "for printing and slides. Also used by Copy plot image."))
        form.addRow("", self.window_colours)
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
        self.window_colours.setEnabled(picture)

    def choice(self) -> tuple[str, int, int]:
        return self.kind.currentData(), self.width_box.value(), self.height_box.value()


def suffix(kind: str) -> str:
    """The file ending of an export kind, from its file filter (``.png``, ``.csv``...)."""
    return EXPORTS[kind][1].split("*")[1].rstrip(")")
