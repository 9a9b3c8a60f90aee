"""The window's menus: every action with its shortcut, in one place a student can read.

Shortcuts are window-wide (WindowShortcut), so Space and D act wherever the focus is, except
while typing in a field, which takes the key first. No action repeats while its key is held
down: a held D is one decay, not thirty a second (each one an event the run keeps, which
queued seconds of work behind Pause); pressing the key again is the next one.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from .dialogs.export import EXPORTS


def action(window: QtWidgets.QMainWindow, menu: QtWidgets.QMenu, text: str, shortcut, slot) -> QtGui.QAction:
    made = QtGui.QAction(text, window)
    made.setAutoRepeat(False)  # a key held down means the action once (see the module docstring)
    if shortcut is not None:
        made.setShortcut(QtGui.QKeySequence(shortcut))
        made.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
    if slot is not None:
        made.triggered.connect(slot)
    menu.addAction(made)
    return made


def build_menus(w) -> None:
    """File, Edit, Run and View for the main window ``w`` (its panels and helpers must exist)."""
    c, files, exporter, bar = w.controller, w.files, w.exporter, w.menuBar()
    file = bar.addMenu("&File")
    action(w, file, "&Open session…", QtGui.QKeySequence.StandardKey.Open, files.open_dialog)
    w.recent_menu = file.addMenu("Open &recent")
    action(w, file, "&Save session", QtGui.QKeySequence.StandardKey.Save, files.save)
    action(w, file, "Save session &as…", QtGui.QKeySequence.StandardKey.SaveAs, files.save_as)
    file.addSeparator()
    action(w, file, "&Export…", "Ctrl+E", exporter.dialog)
    export = file.addMenu("Export &as")
    for kind, (label, _) in EXPORTS.items():
        action(w, export, label + "…", None, lambda checked=False, k=kind: exporter.dialog(k))
    action(w, file, "&Copy plot image", "Ctrl+Shift+C", lambda: exporter.copy_plot(w.plots))
    file.addSeparator()
    action(w, file, "&Quit", QtGui.QKeySequence.StandardKey.Quit, w.close)
    edit = bar.addMenu("&Edit")
    action(w, edit, "&Undo delete", QtGui.QKeySequence.StandardKey.Undo, c.undo)
    action(w, edit, "&Delete run", "Ctrl+Delete", lambda: c.has_run and w.delete_run(c.workspace.current))
    run = bar.addMenu("&Run")
    w.toggle_action = action(w, run, "Start / pause", "Space", c.toggle)
    action(w, run, "Step one epoch", "Ctrl+Right", c.step_epoch)
    action(w, run, "Reset (keep this run)", "Ctrl+R", w.reset)
    run.addSeparator()
    action(w, run, "Apply decay", "Ctrl+D", w.decay.apply)
    action(w, run, "Decay now", "D", w.decay.decay_now)
    action(w, run, "Fork here with the decay panel's schedule", "Ctrl+F", w.fork_here)
    action(w, run, "Train 50 more epochs", "Ctrl+Shift+Right", lambda: c.continue_run(50))
    view = bar.addMenu("&View")
    action(w, view, "Log-scale loss", "Ctrl+L", w.view.log_loss.toggle)
    action(w, view, "Autoscale", "Ctrl+0", w.plots.autoscale)
    w.guide_action = action(w, view, "Show the guide", "Ctrl+G", None)
    w.guide_action.setCheckable(True)
    w.guide_action.setChecked(True)
    w.guide_action.toggled.connect(w.guide.setVisible)
    view.addSeparator()
    w.tab_actions = []
    for index in range(w.tabs.count()):  # the plots area's tabs: Ctrl+1, Ctrl+2, ...
        text = QtCore.QCoreApplication.translate("Menus", "Show the %1 tab").replace("%1", w.tabs.tabText(index))
        w.tab_actions.append(action(w, view, text, f"Ctrl+{index + 1}",
                                    lambda checked=False, i=index: w.tabs.setCurrentIndex(i)))
