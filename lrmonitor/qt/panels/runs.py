"""The runs panel: every run of the workspace with its colour, name, origin and visibility.

Selecting a run makes it current (the transport, the decay panel and the setup act on it);
the checkbox shows or hides it in the overlay; a double click renames it. A fork is listed
under its parent with where it was forked. Delete removes a run and its forks (Ctrl+Z brings
them back); "Train 50 more epochs" continues a finished run.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ...core.display.frame import Frame, RunInfo
from ...core.run.state import RunState
from ..palette import swatch

MORE_EPOCHS = 50


class RunsPanel(QtWidgets.QGroupBox):
    selected = QtCore.Signal(int)  # a run id
    visibility_changed = QtCore.Signal(int, bool)
    renamed = QtCore.Signal(int, str)
    delete_requested = QtCore.Signal(int)
    fork_requested = QtCore.Signal()  # fork the current run here, with the decay panel's schedule
    continue_requested = QtCore.Signal(int)  # epochs more

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Runs"))
        layout = QtWidgets.QVBoxLayout(self)
        self.list = QtWidgets.QTreeWidget()
        self.list.setHeaderLabels([self.tr("run"), self.tr("forked at")])
        self.list.setRootIsDecorated(True)
        self.list.setUniformRowHeights(True)
        self.list.setMinimumHeight(90)
        self.list.setToolTip(self.tr("Every run you made. Click one to make it current; tick it to draw it; "
                                     "double-click a name to rename it."))
        self.list.header().setStretchLastSection(False)
        self.list.header().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.fork_button = QtWidgets.QPushButton(self.tr("Fork here"))
        self.fork_button.setToolTip(self.tr("A copy of the current run up to this step, with the decay panel's "
                                            "schedule applied; the original goes on without it (Ctrl+F)"))
        # short: the row fits an 800-pixel window
        self.more_button = QtWidgets.QPushButton(self.tr("+{0} epochs").format(MORE_EPOCHS))
        self.more_button.setToolTip(self.tr("Train a finished run {0} more epochs (Ctrl+Shift+Right); recorded "
                                            "in the run, so a replay reproduces it").format(MORE_EPOCHS))
        self.delete_button = QtWidgets.QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the current run and its forks (Ctrl+Z brings them back)"))
        row = QtWidgets.QHBoxLayout()
        for button in (self.fork_button, self.more_button, self.delete_button):
            row.addWidget(button)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self._items: dict[int, QtWidgets.QTreeWidgetItem] = {}
        self._shown: dict[int, tuple[str, bool]] = {}  # name and visibility as last shown
        self._current: int | None = None
        self._replayable = True  # the current run can be forked and continued (not an attached training)
        self._fork_tip = self.fork_button.toolTip()
        self.list.itemChanged.connect(self._item_changed)
        self.list.currentItemChanged.connect(self._current_changed)
        self.fork_button.clicked.connect(self.fork_requested)
        self.more_button.clicked.connect(lambda: self.continue_requested.emit(MORE_EPOCHS))
        self.delete_button.clicked.connect(self._delete)

    def on_frame(self, frame: Frame) -> None:
        if frame.runs_changed:
            self.show_runs(frame.runs)
        if frame.state_changed or frame.runs_changed:
            replayable = getattr(frame.run, "replayable", True)  # an attached training is not
            self.more_button.setEnabled(frame.state == RunState.FINISHED and replayable)
            self.fork_button.setEnabled(frame.steps > 0 and replayable)
            if replayable != self._replayable:
                self._replayable = replayable
                self.fork_button.setToolTip(self._fork_tip if replayable else self.tr(
                    "An attached training cannot be forked: lrmonitor has what it reported, not its code or data"))

    def show_runs(self, runs: tuple[RunInfo, ...]) -> None:
        """Show the runs: the same runs are updated in place (an item being clicked must live on);
        the list is rebuilt only when runs came or went."""
        with QtCore.QSignalBlocker(self.list):
            if [info.id for info in runs] != list(self._items):
                self.list.clear()
                self._items.clear()
                for info in runs:
                    item = QtWidgets.QTreeWidgetItem()
                    item.setData(0, QtCore.Qt.ItemDataRole.UserRole, info.id)
                    item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsEditable
                                  | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
                    parent = self._items.get(info.parent)
                    (parent.addChild(item) if parent is not None else self.list.addTopLevelItem(item))
                    self._items[info.id] = item
                self.list.expandAll()
            self._shown = {info.id: (info.name, info.visible) for info in runs}
            for info in runs:
                item = self._items[info.id]
                item.setText(0, info.name)
                item.setText(1, self._origin(info))
                item.setIcon(0, swatch(info.colour))
                item.setCheckState(0, QtCore.Qt.CheckState.Checked if info.visible else QtCore.Qt.CheckState.Unchecked)
                first = (self.tr("an attached training (it cannot be replayed)")
                         if not getattr(info.view, "replayable", True) else self.tr("a first run"))
                item.setToolTip(0, info.name + "\n" + (self._origin(info) or first))
                font = item.font(0)
                font.setBold(info.current)
                item.setFont(0, font)
                if info.current:
                    self._current = info.id
            current = self._items.get(self._current)
            if current is not None:
                self.list.setCurrentItem(current)

    def _delete(self) -> None:
        if self._current is not None:
            self.delete_requested.emit(self._current)

    def _origin(self, info: RunInfo) -> str:
        if info.parent is None or info.view is None:
            return ""
        return self.tr("epoch {0}").format(f"{info.fork_step / info.view.steps_per_epoch:g}")

    def _item_changed(self, item: QtWidgets.QTreeWidgetItem, column: int) -> None:
        run_id = item.data(0, QtCore.Qt.ItemDataRole.UserRole)
        if column != 0 or run_id not in self._shown:
            return
        name, visible = self._shown[run_id]
        checked, text = item.checkState(0) == QtCore.Qt.CheckState.Checked, item.text(0)
        self._shown[run_id] = (text, checked)  # read first: a signal below may rebuild the list
        # after Qt is done with the item: what the signals set off may rebuild the list
        if text != name:
            QtCore.QTimer.singleShot(0, lambda: self.renamed.emit(run_id, text))
        if checked != visible:
            QtCore.QTimer.singleShot(0, lambda: self.visibility_changed.emit(run_id, checked))

    def _current_changed(self, item: QtWidgets.QTreeWidgetItem | None, _previous) -> None:
        if item is None:
            return
        run_id = item.data(0, QtCore.Qt.ItemDataRole.UserRole)
        if run_id != self._current:
            self._current = run_id
            self.selected.emit(run_id)
