""""Save the run?": asked before an unsaved run would be lost (closing, opening another file)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

translate = QtCore.QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def ask_save(parent: QtWidgets.QWidget | None, steps: int) -> str:
    """``save``, ``discard`` or ``cancel``."""
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Question)
    box.setWindowTitle(translate("SaveQuestion", "Save the run?"))
    box.setText(translate("SaveQuestion", "The run has {0} steps that are not saved in a session file.").format(
        f"{steps:,}"))
    box.setInformativeText(translate("SaveQuestion", "Save it before closing? (If you don't, it is gone.)"))
    buttons = QtWidgets.QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    answer = box.exec()
    return {buttons.Save: "save", buttons.Discard: "discard"}.get(buttons(answer), "cancel")
