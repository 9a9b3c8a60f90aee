"""File → Attach a training…: the one line a student needs to attach their own training, and the wait.

The dialog starts listening when it opens and shows what the training needs: the
``LRMONITOR_ATTACH`` line to paste into the training's shell (with a Copy button), the
connection file a training on this computer finds by itself, and the few lines to add to a
PyTorch script. It says whether it is waiting or a training is attached, and closes itself
when one attaches (its run is then current in the window). Cancel stops listening; Close keeps
listening in the background (the status bar says when a training attaches).
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from ..attached import AttachedTraining

SNIPPET = """\
from lrmonitor.attach import Monitor

monitor = Monitor(optimizer)   # finds this lrmonitor; without one it does nothing
for epoch in range(epochs):
    for step, (x, y) in enumerate(loader):
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        monitor.log(step, loss=loss.item(), epoch=epoch)
        if monitor.should_stop:    # Stop in lrmonitor
            break
    # at an epoch's end, the validation loss feeds the plateau guide:
    # monitor.log(step, loss=loss.item(), val_loss=val_loss, epoch=epoch)
monitor.close()
"""


class AttachDialog(QtWidgets.QDialog):
    """Listening for a training: what to paste, what to add to the script, and the state."""

    def __init__(self, attached: AttachedTraining, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.attached = attached
        self.setWindowTitle(self.tr("Attach a training"))
        layout = QtWidgets.QVBoxLayout(self)
        self.state = QtWidgets.QLabel()
        self.state.setWordWrap(True)
        font = self.state.font()
        font.setBold(True)
        self.state.setFont(font)
        layout.addWidget(self.state)
        layout.addWidget(QtWidgets.QLabel(self.tr("Run this in the training's shell, then start the training:")))
        row = QtWidgets.QHBoxLayout()
        self.env_line = QtWidgets.QLineEdit()
        self.env_line.setReadOnly(True)
        self.env_line.setMinimumWidth(560)
        self.env_line.setToolTip(self.tr("The port and the secret token of this lrmonitor: a training that "
                                         "presents another token is refused. Keep it to yourself."))
        self.copy_button = QtWidgets.QPushButton(self.tr("&Copy"))
        self.copy_button.setToolTip(self.tr("Copy the line to the clipboard"))
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.env_line, 1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)
        self.file_label = QtWidgets.QLabel()
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.file_label)
        layout.addWidget(QtWidgets.QLabel(self.tr("In the training script (PyTorch):")))
        self.snippet = QtWidgets.QPlainTextEdit(SNIPPET)
        self.snippet.setReadOnly(True)
        self.snippet.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        lines = SNIPPET.count("\n") + 1
        self.snippet.setMinimumHeight(self.snippet.fontMetrics().lineSpacing() * lines + 16)
        layout.addWidget(self.snippet)
        buttons = QtWidgets.QDialogButtonBox()
        self.close_button = buttons.addButton(self.tr("Close"), QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.setToolTip(self.tr("Keep listening in the background: the status bar says when a "
                                             "training attaches"))
        self.cancel_button = buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setToolTip(self.tr("Stop listening: the connection file is removed and no training "
                                              "can attach"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._shown_state = ""
        attached.changed.connect(self.show_state)

    def open_listening(self) -> None:
        """Listen (if not yet) and show the dialog."""
        if self.attached.listen():
            self.show_state()
            self.show()

    def copy(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.env_line.text())
        self.copy_button.setText(self.tr("Copied"))

    def show_state(self) -> None:
        a = self.attached
        self.env_line.setText(a.env_line)
        self.env_line.setCursorPosition(0)
        # the whole line readable at once: a student checks what they paste (capped for small screens)
        wide = self.env_line.fontMetrics().horizontalAdvance(a.env_line) + 24
        self.env_line.setMinimumWidth(min(max(wide, 560), 1000))
        path = a.connection_file
        self.file_label.setText(self.tr("A training on this computer needs nothing else: it finds this "
                                        "lrmonitor through {0}").format(path) if path else "")
        self.copy_button.setText(self.tr("&Copy"))
        if a.state == "connected":
            self.state.setText(self.tr("A training is attached: one at a time (another one is refused "
                                       "until it ends)."))
            if self._shown_state != "connected":
                self.hide()  # it just attached: its run is current in the window now
        elif a.state == "listening":
            self.state.setText(self.tr("Waiting for a training…"))
        elif a.state == "ended":
            self.state.setText(self.tr("The training went away; waiting for another one…"))
        else:
            self.state.setText(self.tr("Not listening."))
        self._shown_state = a.state

    def reject(self) -> None:
        """Cancel: stop listening."""
        self.attached.stop_listening()
        super().reject()


def show_attach_dialog(window: QtWidgets.QMainWindow, attached: AttachedTraining) -> AttachDialog:
    """The window's one attach dialog, listening and shown."""
    dialog = getattr(window, "attach_dialog", None)
    if dialog is None:
        dialog = window.attach_dialog = AttachDialog(attached, window)
    dialog.open_listening()
    return dialog
