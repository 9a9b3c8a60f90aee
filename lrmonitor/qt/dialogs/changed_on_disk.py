""""The file changed on disk": asked before Save would write over a session file that someone else
(another window, another program) wrote since this window last read or wrote it."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from .messages import plain

translate = QtCore.QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def ask_overwrite(parent: QtWidgets.QWidget | None, path: Path) -> str:
    """``overwrite``, ``save_as`` or ``cancel``."""
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle(translate("ChangedOnDisk", "The file changed on disk"))
    box.setText(plain(translate("ChangedOnDisk", "'{0}' was changed on disk since this window opened or saved it "
                                                 "(by another window or program).").format(path.name)))
    box.setInformativeText(translate("ChangedOnDisk",
                                     "Overwrite it with the runs of this window, or save them under another name?"))
    buttons = QtWidgets.QMessageBox.StandardButton
    overwrite = box.addButton(translate("ChangedOnDisk", "Overwrite"), QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
    save_as = box.addButton(translate("ChangedOnDisk", "Save As…"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(buttons.Cancel)
    box.setDefaultButton(save_as)
    box.exec()
    clicked = box.clickedButton()
    return "overwrite" if clicked is overwrite else "save_as" if clicked is save_as else "cancel"
