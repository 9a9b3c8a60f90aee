"""The Help menu: the three-step procedure, the keyboard shortcuts (also F1 and ?), About.

Each page is one modeless dialog per window, raised again when asked for again, so a student can
keep the shortcuts or the procedure open beside the plots while training. The shortcuts are read
from the window's menus (:func:`shortcut_rows`) each time the list is shown.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from .dialogs.about import AboutDialog
from .dialogs.procedure import ProcedureDialog
from .dialogs.shortcuts import ShortcutsDialog

SHORTCUTS_KEYS = ("F1", "?")  # F1: the usual help key; ?: what many programs use for their key list


def shortcut_rows(menu_bar: QtWidgets.QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action with a shortcut, in menu order, keys as this platform
    writes them (Ctrl+S, or ⌘S on a Mac); submenus are named "Menu › Submenu"."""
    rows = []

    def walk(menu: QtWidgets.QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {_plain(action.menu().title())}")
            elif action.shortcuts():
                keys = ", ".join(k.toString(QtGui.QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
                rows.append((path, _plain(action.text()), keys))

    for top in menu_bar.actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.menu().title()))
    return rows


def _plain(text: str) -> str:
    """A menu text without its mnemonic marks ("&Save session" → "Save session"; "&&" is an "&"),
    also the "(&S)" a translation appends to its own letters ("세션 저장(&S)" → "세션 저장")."""
    text = re.sub(r"\s*\(&[^&]\)", "", text.replace("&&", "\0"))
    return text.replace("&", "").replace("\0", "&")


class HelpMenu(QtCore.QObject):
    """The window's Help menu and the dialogs it opens."""

    def __init__(self, window: QtWidgets.QMainWindow, autosave_folder: Path, session_folder, settings_file: str):
        super().__init__(window)
        self.window = window
        self.autosave_folder = autosave_folder
        self.session_folder = session_folder  # a callable: the folder the file dialogs open in now
        self.settings_file = settings_file
        self.procedure_dialog: ProcedureDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.about_dialog: AboutDialog | None = None
        menu = window.menuBar().addMenu(self.tr("&Help"))
        self.procedure_action = self._add(menu, self.tr("The three-step &procedure"), self.show_procedure)
        self.shortcuts_action = self._add(menu, self.tr("&Keyboard shortcuts"), self.show_shortcuts)
        self.shortcuts_action.setShortcuts([QtGui.QKeySequence(k) for k in SHORTCUTS_KEYS])
        # like the window's other keys; a field being typed in takes ? first (it types a ?)
        self.shortcuts_action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        menu.addSeparator()
        self.about_action = self._add(menu, self.tr("&About lrmonitor"), self.show_about)
        self.about_action.setMenuRole(QtGui.QAction.MenuRole.AboutRole)  # in the application menu on macOS

    def _add(self, menu: QtWidgets.QMenu, text: str, slot) -> QtGui.QAction:
        action = QtGui.QAction(text, self.window)
        action.setAutoRepeat(False)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_procedure(self) -> None:
        self.procedure_dialog = self.procedure_dialog or ProcedureDialog(self.window)
        _present(self.procedure_dialog)

    def show_shortcuts(self) -> None:
        rows = shortcut_rows(self.window.menuBar())
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(rows, self.window)
        else:
            self.shortcuts_dialog.show_rows(rows)
        _present(self.shortcuts_dialog)

    def show_about(self) -> None:
        """About, made anew each time: the session folder changes as files are saved and opened."""
        if self.about_dialog is not None:
            self.about_dialog.deleteLater()
        self.about_dialog = AboutDialog(Path(self.session_folder()), self.autosave_folder, self.settings_file,
                                        self.window)
        _present(self.about_dialog)


def _present(dialog: QtWidgets.QDialog) -> None:
    """Show the dialog in front (one already open may be behind the window)."""
    was_open = dialog.isVisible()
    dialog.show()
    if was_open and QtGui.QGuiApplication.platformName() != "offscreen":  # offscreen has no stacking to change
        dialog.raise_()
    dialog.activateWindow()
