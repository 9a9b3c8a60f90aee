"""Help → About lrmonitor: its version, what it is built on (versions and licences), and where it
keeps a student's files (the session folder, the autosave folder, the settings file).

The versions are read at run time (``importlib.metadata`` and the libraries' own version
attributes), so the box says what is installed, not what was installed when it was written.
Folders are links: a click opens them in the file manager.

Licences… shows the licences of everything lrmonitor runs on (``lrmonitor.licences``): in the
standalone bundle its ``THIRD-PARTY-NOTICES.txt``, written when it was built (with the build
machine's libraries it carries); in a pip install or a checkout the same notice made on the fly
from this environment's installed packages, which hold those licence files themselves.
"""

from __future__ import annotations

import html
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy
import pyqtgraph
import PySide6
from PySide6 import QtCore, QtGui, QtWidgets

from ... import __version__
from ...licences import bundled_notices, notices_text


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    url: str


def lrmonitor_version() -> str:
    """The installed distribution's version (the package's own if it is not installed)."""
    try:
        return metadata.version("lrmonitor")
    except metadata.PackageNotFoundError:
        return __version__


def components() -> list[Component]:
    """What lrmonitor runs on, with the versions loaded in this process."""
    return [
        Component("Qt", QtCore.qVersion(), "LGPLv3", "https://www.qt.io/licensing/open-source-lgpl-obligations"),
        Component("PySide6", PySide6.__version__, "LGPLv3", "https://doc.qt.io/qtforpython-6/licenses.html"),
        Component("pyqtgraph", pyqtgraph.__version__, "MIT", "https://github.com/pyqtgraph/pyqtgraph"),
        Component("numpy", numpy.__version__, "BSD-3-Clause", "https://numpy.org/doc/stable/license.html"),
        Component("Python", platform.python_version(), "PSF-2.0", "https://docs.python.org/3/license.html"),
    ]


def _folder_link(path: Path) -> str:
    url = QtCore.QUrl.fromLocalFile(str(path)).toString()
    return f'<a href="{html.escape(url)}">{html.escape(str(path))}</a>'


class AboutDialog(QtWidgets.QDialog):
    def __init__(self, session_folder: Path, autosave_folder: Path, settings_file: str,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About lrmonitor"))
        self.text = QtWidgets.QLabel()
        self.text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(True)  # folders open in the file manager, licences in the browser
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text.setText(self.page(session_folder, autosave_folder, settings_file))
        about_qt = QtWidgets.QPushButton(self.tr("About Qt"))
        about_qt.clicked.connect(lambda: QtWidgets.QMessageBox.aboutQt(self))
        self.licences_button = QtWidgets.QPushButton(self.tr("Licences…"))
        self.licences_button.clicked.connect(self.show_licences)
        self.licences_dialog: LicencesDialog | None = None
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.licences_button, QtWidgets.QDialogButtonBox.ButtonRole.HelpRole)
        buttons.addButton(about_qt, QtWidgets.QDialogButtonBox.ButtonRole.HelpRole)
        buttons.rejected.connect(self.close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def show_licences(self) -> None:
        if self.licences_dialog is None:
            self.licences_dialog = LicencesDialog(self)
        was_open = self.licences_dialog.isVisible()
        self.licences_dialog.show()
        if was_open and QtGui.QGuiApplication.platformName() != "offscreen":  # as help_menu's _present
            self.licences_dialog.raise_()
        self.licences_dialog.activateWindow()

    def page(self, session_folder: Path, autosave_folder: Path, settings_file: str) -> str:
        # the labels are translated outside the f-strings: lupdate does not read calls inside one
        built_on, component, version, licence = (
            self.tr("Built on"), self.tr("Component"), self.tr("Version"), self.tr("Licence"))
        your_files, sessions = self.tr("Your files"), self.tr("Sessions (last folder used)")
        autosave, settings = self.tr("Autosave (runs restored after a crash)"), self.tr("Settings")
        rows = "".join(
            f"<tr><td>{c.name}</td><td>{html.escape(c.version)}</td>"
            f'<td><a href="{c.url}">{c.licence}</a></td></tr>' for c in components())
        return (
            f"<h2>lrmonitor {html.escape(lrmonitor_version())}</h2>"
            + self.tr("<p>Watch a noisy mini-batch training run live and learn when and how to decay the "
                      "learning rate. lrmonitor is free software under the MIT licence.</p>")
            + f"<p><b>{built_on}</b></p>"
            + f"<table cellspacing='0' cellpadding='3'><tr><th align='left'>{component}</th>"
              f"<th align='left'>{version}</th><th align='left'>{licence}</th></tr>"
            + rows + "</table>"
            + f"<p><b>{your_files}</b></p><table cellspacing='0' cellpadding='3'>"
            + f"<tr><td>{sessions}</td><td>{_folder_link(session_folder)}</td></tr>"
            + f"<tr><td>{autosave}</td><td>{_folder_link(autosave_folder)}</td></tr>"
            + f"<tr><td>{settings}</td><td>{html.escape(settings_file)}</td></tr></table>"
        )


class LicencesDialog(QtWidgets.QDialog):
    """The third-party notice: the bundle's file, or made from the installed packages."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, notices: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Licences"))
        notices = notices or bundled_notices()
        self.source = QtWidgets.QLabel()
        self.source.setWordWrap(True)
        self.source.setOpenExternalLinks(True)
        self.source.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextBrowserInteraction)
        if notices is not None:
            text = notices.read_text(encoding="utf-8", errors="replace")
            self.source.setText(self.tr("The licences of the software this copy of lrmonitor contains, as written "
                                        "when it was built: {file}").format(file=_folder_link(notices)))
        else:
            text = notices_text(qt_version=QtCore.qVersion())
            self.source.setText(self.tr("The licences of the software lrmonitor runs on, read from the packages "
                                        "installed in this Python environment."))
        self.view = QtWidgets.QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        self.view.setPlainText(text)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(760, 560)
