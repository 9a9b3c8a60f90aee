"""The Help menu: the procedure page, the keyboard shortcuts (F1 and ?) and About."""

import numpy
import pyqtgraph
import PySide6
from PySide6 import QtCore, QtGui, QtWidgets

from lrmonitor.qt.help_menu import shortcut_rows


def menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def every_shortcut(window) -> dict[str, str]:
    """Every action of the window with a shortcut and its keys, found independently of the Help menu."""
    found = {}
    for action in window.findChildren(QtGui.QAction):
        if action.shortcuts():
            text = action.text().replace("&", "")
            found[text] = ", ".join(k.toString(QtGui.QKeySequence.SequenceFormat.NativeText)
                                    for k in action.shortcuts())
    return found


def test_the_shortcuts_list_shows_every_real_shortcut(qtbot, window):
    assert menu_titles(window)[-1] == "&Help"
    window.help.shortcuts_action.trigger()
    dialog = window.help.shortcuts_dialog
    qtbot.waitUntil(dialog.isVisible)
    listed = dialog.listed()
    actual = every_shortcut(window)
    assert len(actual) >= 15
    for text, keys in actual.items():
        assert listed[text] == keys
    assert listed["Start / pause"] == "Space" and listed["Keyboard shortcuts"] == "F1, ?"
    assert listed["Save session"] == QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Save).toString(
        QtGui.QKeySequence.SequenceFormat.NativeText)
    assert "Zoom" in listed  # the mouse's gestures too
    groups = {row[0] for row in shortcut_rows(window.menuBar())}
    assert {"File", "Edit", "Run", "View", "Help"} <= groups


def test_the_list_follows_a_changed_shortcut(qtbot, window):
    window.toggle_action.setShortcut(QtGui.QKeySequence("Ctrl+P"))
    window.help.show_shortcuts()
    assert window.help.shortcuts_dialog.listed()["Start / pause"] == "Ctrl+P"


def test_f1_and_question_mark_open_the_shortcuts_but_a_field_types_the_question_mark(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.plots.setFocus()
    qtbot.keyClick(window.plots, QtCore.Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help.shortcuts_dialog is not None and window.help.shortcuts_dialog.isVisible())
    window.help.shortcuts_dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.plots.setFocus()
    qtbot.keyClick(window.plots, "?")
    qtbot.waitUntil(window.help.shortcuts_dialog.isVisible)
    window.help.shortcuts_dialog.close()

    field = QtWidgets.QLineEdit(window.setup)  # a text field of the window, being typed in
    field.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    qtbot.keyClicks(field, "a?b")
    assert field.text() == "a?b"
    QtCore.QCoreApplication.processEvents()
    assert not window.help.shortcuts_dialog.isVisible()


def test_about_shows_the_versions_licences_and_folders(qtbot, window, tmp_path):
    window.settings.set("files/last_dir", str(tmp_path / "lessons"))
    window.help.about_action.trigger()
    dialog = window.help.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    text = QtGui.QTextDocumentFragment.fromHtml(dialog.text.text()).toPlainText()
    from lrmonitor.qt.dialogs.about import lrmonitor_version

    assert f"lrmonitor {lrmonitor_version()}" in text
    lines = text.splitlines()  # a table's cells come out one per line
    cells = [lines[i:i + 3] for i in range(len(lines) - 2)]
    for name, version, licence in (("Qt", QtCore.qVersion(), "LGPLv3"), ("PySide6", PySide6.__version__, "LGPLv3"),
                                   ("pyqtgraph", pyqtgraph.__version__, "MIT"),
                                   ("numpy", numpy.__version__, "BSD-3-Clause")):
        assert [name, version, licence] in cells, name  # one row of the table
    assert str(tmp_path / "autosave") in text  # this window's autosave folder (the fixture's)
    assert str(tmp_path / "lessons") in text
    assert str(tmp_path / "settings.ini") in text


def test_the_procedure_page_explains_the_curves_the_band_and_the_table(qtbot, window):
    window.help.procedure_action.trigger()
    dialog = window.help.procedure_dialog
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.browser.toPlainText()
    for heading in ("What the curves are", "Why a fixed rate wanders", "What decay does", "How to read the band",
                    "How to read the comparison table"):
        assert heading in text
    for shown in ("Mini-batch loss", "Smoothed", "Train loss", "Validation loss", "Fork here and compare"):
        assert shown in text
    from lrmonitor.qt.panels.compare import HEADERS

    for header in HEADERS:  # every column of the table is explained
        assert header in text, header
    window.help.procedure_action.trigger()
    assert window.help.procedure_dialog is dialog  # one page, raised again


def test_about_offers_the_licences_made_from_the_installed_packages(qtbot, window):
    """Run from a checkout or a pip install (no bundle): the notice is made from the installed packages."""
    window.help.about_action.trigger()
    about = window.help.about_dialog
    qtbot.waitUntil(about.isVisible)
    assert about.licences_button.text() == "Licences…"
    about.licences_button.click()
    dialog = about.licences_dialog
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.view.toPlainText()
    assert "installed in this Python environment" in dialog.source.text()
    assert f"Qt {QtCore.qVersion()}, PySide6" in text
    for name, licence in (("PySide6", "LGPL-3.0"), ("pyqtgraph", "MIT"), ("numpy", "BSD-3-Clause")):
        assert any(name.lower() in line.lower() and licence in line for line in text.splitlines()), name
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "You may replace them" in text
    about.licences_button.click()
    assert about.licences_dialog is dialog  # one window, raised again


def test_in_a_bundle_the_licences_are_its_notice_file(qtbot, tmp_path):
    from lrmonitor.qt.dialogs.about import LicencesDialog

    notices = tmp_path / "THIRD-PARTY-NOTICES.txt"
    notices.write_text("PySide6 6.11.3  LGPL-3.0-only\n", encoding="utf-8")
    dialog = LicencesDialog(notices=notices)
    qtbot.addWidget(dialog)
    assert dialog.view.toPlainText() == "PySide6 6.11.3  LGPL-3.0-only\n"
    assert str(notices) in dialog.source.text()
