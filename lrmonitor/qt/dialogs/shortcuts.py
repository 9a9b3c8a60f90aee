"""Help → Keyboard shortcuts (also F1 and ?): every key of the window, from its actual actions.

The rows are read from the window's menus when the list is shown (see
:func:`~lrmonitor.qt.help_menu.shortcut_rows`), so the list cannot drift from what the keys do;
the mouse's gestures, which no action carries, follow them.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets


class ShortcutsDialog(QtWidgets.QDialog):
    """A two-column list grouped by menu: what each action is called, and its keys."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setModal(False)
        self.tree = QtWidgets.QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(16)  # a menu's actions indented under its name
        self.tree.setItemsExpandable(False)  # always all of it
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        note = QtWidgets.QLabel(self.tr("Keys act anywhere in the window, except while you type in a field "
                                        "(there Space, D and ? type themselves)."))
        note.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.show_rows(rows)
        self.resize(560, 640)

    def show_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """``rows``: (group, action, keys); a group is a menu's name, shown once above its actions."""
        self.tree.clear()
        group_font = self.tree.font()
        group_font.setBold(True)
        headings: dict[str, QtWidgets.QTreeWidgetItem] = {}
        for group, text, keys in [*rows, *self.mouse_rows()]:
            if group not in headings:
                headings[group] = QtWidgets.QTreeWidgetItem(self.tree, [group, ""])
                headings[group].setFont(0, group_font)
                headings[group].setFirstColumnSpanned(True)
            QtWidgets.QTreeWidgetItem(headings[group], [text, keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)

    def mouse_rows(self) -> list[tuple[str, str, str]]:
        mouse = self.tr("Mouse, on the plots")
        return [
            (mouse, self.tr("Zoom"), self.tr("Wheel, or right-drag")),
            (mouse, self.tr("Pan"), self.tr("Left-drag")),
            (mouse, self.tr("Read the values under the mouse"), self.tr("Hover")),
            (mouse, self.tr("Fork the run at that step"), self.tr("Right-click")),
        ]

    def listed(self) -> dict[str, str]:
        """Each action shown with its keys (what a test compares with the window's actions)."""
        groups = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return {group.child(j).text(0): group.child(j).text(1) for group in groups for j in range(group.childCount())}
