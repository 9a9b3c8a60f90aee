"""The window's menus: every action with its shortcut, in one place a student can read.

Shortcuts are window-wide (WindowShortcut), so Space and D act wherever the focus is, except
while typing in a field, which takes the key first. No action repeats while its key is held
down: a held D is one decay, not thirty a second (each one an event the run keeps, which
queued seconds of work behind Pause); pressing the key again is the next one.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from . import language
from .dialogs.attach import show_attach_dialog
from .dialogs.export import EXPORTS
from .help_menu import HelpMenu

translate = QtCore.QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


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
    """File, Edit, Run, View and Help for the main window ``w`` (its panels and helpers must exist).

    Texts go through ``translate("Menus", …)`` (QCoreApplication.translate): this is a function, not a QObject, so
    ``self.tr`` is not at hand, and lupdate reads the context from the call."""
    c, files, exporter, bar = w.controller, w.files, w.exporter, w.menuBar()
    file = bar.addMenu(translate("Menus", "&File"))
    action(w, file, translate("Menus", "&Open session…"), QtGui.QKeySequence.StandardKey.Open, files.open_dialog)
    w.recent_menu = file.addMenu(translate("Menus", "Open &recent"))
    action(w, file, translate("Menus", "&Save session"), QtGui.QKeySequence.StandardKey.Save, files.save)
    action(w, file, translate("Menus", "Save session &as…"), QtGui.QKeySequence.StandardKey.SaveAs, files.save_as)
    file.addSeparator()
    w.attach_action = action(w, file, translate("Menus", "A&ttach a training…"), "Ctrl+Shift+A",
                             lambda: show_attach_dialog(w, c.attached))
    tip = translate("Menus", "Watch and steer your own PyTorch training here (lrmonitor.attach.Monitor)")
    w.attach_action.setToolTip(tip)
    file.addSeparator()
    action(w, file, translate("Menus", "&Export…"), "Ctrl+E", exporter.dialog)
    export = file.addMenu(translate("Menus", "Export &as"))
    for kind, (label, _) in EXPORTS.items():
        action(w, export, translate("ExportDialog", label) + "…", None,
               lambda checked=False, k=kind: exporter.dialog(k))
    action(w, file, translate("Menus", "&Copy plot image"), "Ctrl+Shift+C", lambda: exporter.copy_plot(w.plots))
    file.addSeparator()
    action(w, file, translate("Menus", "&Quit"), QtGui.QKeySequence.StandardKey.Quit, w.close)
    edit = bar.addMenu(translate("Menus", "&Edit"))
    action(w, edit, translate("Menus", "&Undo delete"), QtGui.QKeySequence.StandardKey.Undo, c.undo)
    action(w, edit, translate("Menus", "&Delete run"), "Ctrl+Delete",
           lambda: c.has_run and w.delete_run(c.workspace.current))
    run = bar.addMenu(translate("Menus", "&Run"))
    w.toggle_action = action(w, run, translate("Menus", "Start / pause"), "Space", c.toggle)
    action(w, run, translate("Menus", "Step one epoch"), "Ctrl+Right", c.step_epoch)
    action(w, run, translate("Menus", "Reset (keep this run)"), "Ctrl+R", w.reset)
    run.addSeparator()
    action(w, run, translate("Menus", "Apply decay"), "Ctrl+D", w.decay.apply)
    action(w, run, translate("Menus", "Decay now"), "D", w.decay.decay_now)
    action(w, run, translate("Menus", "Fork here with the decay panel's schedule"), "Ctrl+F", w.fork_here)
    action(w, run, translate("Menus", "Train 50 more epochs"), "Ctrl+Shift+Right", lambda: c.continue_run(50))
    action(w, run, translate("Menus", "Stop the attached training"), None, c.attached.stop_training)
    view = bar.addMenu(translate("Menus", "&View"))
    action(w, view, translate("Menus", "Log-scale loss"), "Ctrl+L", w.view.log_loss.toggle)
    action(w, view, translate("Menus", "Autoscale"), "Ctrl+0", w.plots.autoscale)
    w.guide_action = action(w, view, translate("Menus", "Show the guide"), "Ctrl+G", None)
    w.guide_action.setCheckable(True)
    w.guide_action.setChecked(True)
    w.guide_action.toggled.connect(w.guide.setVisible)
    view.addSeparator()
    w.tab_actions = []
    for index in range(w.tabs.count()):  # the plots area's tabs: Ctrl+1, Ctrl+2, ...
        text = translate("Menus", "Show the %1 tab").replace("%1", w.tabs.tabText(index))
        w.tab_actions.append(action(w, view, text, f"Ctrl+{index + 1}",
                                    lambda checked=False, i=index: w.tabs.setCurrentIndex(i)))
    view.addSeparator()
    build_language_menu(w, view)
    add_theme_menu(w, view.addMenu(translate("Menus", "&Theme")))
    w.help = HelpMenu(w, w.recovery.autosave.folder, lambda: w.settings.get("files/last_dir"),
                      w.settings.store.fileName())


def build_language_menu(w, view: QtWidgets.QMenu) -> None:
    """View → Language: System, English, 한국어 (each language named in itself), one checked.

    The choice applies at the next start; :func:`language.choose` says so and offers a restart."""
    menu = view.addMenu(translate("Menus", "&Language"))
    group = QtGui.QActionGroup(menu)
    kept = w.settings.get("view/language")
    names = {"system": translate("Menus", "System"), **language.NATIVE_NAMES}
    w.language_actions = {}
    for choice in language.CHOICES:
        made = menu.addAction(names[choice])
        made.setCheckable(True)
        made.setChecked(choice == kept if kept in language.CHOICES else choice == "system")
        group.addAction(made)
        made.triggered.connect(lambda checked=False, c=choice: language.choose(w, c))
        w.language_actions[choice] = made


def add_theme_menu(w, menu: QtWidgets.QMenu) -> None:
    """System, Light, Dark: one checked at a time; the choice is the window's theme (and persists)."""
    group = QtGui.QActionGroup(w)
    w.theme_actions = {}
    for choice, text, tip in (
        ("system", translate("Menus", "&System"),
         translate("Menus", "Follow the desktop's light or dark colour scheme")),
        ("light", translate("Menus", "&Light"),
         translate("Menus", "Dark text on light backgrounds, whatever the desktop uses")),
        ("dark", translate("Menus", "&Dark"),
         translate("Menus", "Light text on dark backgrounds, whatever the desktop uses")),
    ):
        made = action(w, menu, text, None, lambda checked=False, c=choice: w.theme.set_choice(c))
        made.setCheckable(True)
        made.setChecked(choice == w.theme.choice)
        made.setStatusTip(tip)
        group.addAction(made)
        w.theme_actions[choice] = made
