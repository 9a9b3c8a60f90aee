"""Warnings in a message box, shown as plain text whatever they quote.

A message names files and runs, and a name may hold anything: ``<font color=red>`` in a file
name restyled the "Cannot open session" box, because Qt guesses that text with a tag in it is
rich text. :func:`plain` gives the text that Qt shows exactly as written.
"""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets


def plain(text: str) -> str:
    """``text`` as a message box, label or tooltip shows it, character for character: text Qt would
    take for rich text is turned into rich text that shows it as written."""
    return QtGui.Qt.convertFromPlainText(text) if QtGui.Qt.mightBeRichText(text) else text


def warn(parent: QtWidgets.QWidget | None, title: str, text: str) -> None:
    """A warning box with ``text`` shown as plain text (file and run names are not markup)."""
    QtWidgets.QMessageBox.warning(parent, title, plain(text))
