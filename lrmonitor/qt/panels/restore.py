"""The restore bar: a run of a window that did not close normally can be restored or discarded."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ..theme import follow_scheme


class RestoreBar(QtWidgets.QWidget):
    restore_clicked = QtCore.Signal()
    discard_clicked = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        bar = QtWidgets.QHBoxLayout(self)
        self.label = QtWidgets.QLabel()
        self.label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.restore_button = QtWidgets.QPushButton(self.tr("Restore"))
        self.discard_button = QtWidgets.QPushButton(self.tr("Discard"))
        self.restore_button.clicked.connect(self.restore_clicked)
        self.discard_button.clicked.connect(self.discard_clicked)
        bar.addWidget(self.label, 1)
        bar.addWidget(self.restore_button)
        bar.addWidget(self.discard_button)
        follow_scheme(self, lambda tones: f"background:{tones.notice_background}; color:{tones.notice_text};")
        self.hide()

    def offer(self, text: str | None) -> None:
        """Show the offer, or hide the bar when there is nothing (more) to restore."""
        self.label.setText(text or "")
        self.setVisible(bool(text))
