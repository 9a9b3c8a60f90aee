"""The window's language: English or Korean, following the system unless the student chose one.

Which language: ``LRMONITOR_LANG`` in the environment (``en`` or ``ko``; for screenshots and tests)
wins, then the View → Language choice kept in the settings (``system``, ``en`` or ``ko``), and
``system`` means Korean when the system's UI languages start with Korean, else English.

Loading: :func:`install` puts two translators on the application before any widget exists, one for
lrmonitor's own strings (``translations/lrmonitor_<lang>.qm``) and one for Qt's (the file dialogs'
and message boxes' buttons, from the ``qtbase_<lang>.qm`` that PySide6 ships). English also loads
``lrmonitor_en.qm``, which holds only plural forms ("1 epoch", "2 epochs").

Why a change applies at the next start rather than live: live retranslation needs every widget to
rebuild its texts on a LanguageChange event, and most texts here are composed from the run's state
(the guide, the table, the status bar), so each panel would need a second path to word itself. The
menu says so and offers :func:`restart`, which keeps the runs: a saved session reopens; unsaved runs
go to the autosave, and the next window restores them at once (:func:`restore_after_restart`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from ..core.run.names import name_words
from ..core.texts import CONTEXT as CORE_CONTEXT
from ..core.texts import Words, words_of
from .translations import qm_path

ENV = "LRMONITOR_LANG"
RESTORE_ENV = "LRMONITOR_RESTORE"  # set by restart() for the next window: the autosave to restore
CHOICES = ("system", "en", "ko")
# each language named in itself, so a student who cannot read the current one still finds theirs
NATIVE_NAMES = {"en": "English", "ko": "한국어"}
NO_FONT = ("Korean text needs a CJK font, and none is installed, so the window is in English. Install one "
           "(Debian/Ubuntu: apt-get install fonts-noto-cjk; Fedora: dnf install google-noto-sans-cjk-fonts) "
           "and start lrmonitor again.")


def chosen(setting: str) -> str:
    """``en`` or ``ko``: the environment's override, else the setting (``system``: the system's language)."""
    override = os.environ.get(ENV, "").strip().lower()[:2]
    if override in NATIVE_NAMES:
        return override
    if setting in NATIVE_NAMES:
        return setting
    return system_language()


def system_language() -> str:
    """``ko`` when the system's first UI language is Korean, else ``en`` (the source language)."""
    languages = QtCore.QLocale.system().uiLanguages()
    first = languages[0] if languages else QtCore.QLocale.system().name()
    return "ko" if first.lower().replace("_", "-").split("-")[0] == "ko" else "en"


def install(app: QtCore.QCoreApplication, language: str) -> list[QtCore.QTranslator]:
    """Install lrmonitor's and Qt's translators for ``language``; the translators, kept by the app.

    A missing file is skipped (Qt's own for a language a PySide6 build lacks): the window then shows
    those strings in English rather than fail to start."""
    files = [(str(qm_path(language)), "")]
    if language != "en":
        qt_folder = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
        files.append((f"qtbase_{language}.qm", qt_folder))
    installed = []
    for name, folder in files:
        translator = QtCore.QTranslator(app)
        if translator.load(name, folder) and app.installTranslator(translator):
            installed.append(translator)
    app.setProperty("lrmonitor_language", language)
    return installed


def has_font_for(language: str) -> bool:
    """Whether a font can show ``language`` (Korean needs a CJK font: Linux without fonts-noto-cjk has
    none, and the window would show boxes). Needs a QGuiApplication."""
    if language != "ko":
        return True
    return bool(QtGui.QFontDatabase.families(QtGui.QFontDatabase.WritingSystem.Korean))


def current(app: QtCore.QCoreApplication | None = None) -> str:
    """The language the running application shows (``en`` if none was installed)."""
    app = app or QtCore.QCoreApplication.instance()
    language = app.property("lrmonitor_language") if app is not None else None
    return language if language in NATIVE_NAMES else "en"


def restart_command(session: str | None) -> tuple[str, list[str]]:
    """The program and arguments that start this lrmonitor again (a bundle is its own program)."""
    args = [] if getattr(sys, "frozen", False) else ["-m", "lrmonitor"]
    return sys.executable, args + ([session] if session else [])


def start_detached(program: str, args: list[str]) -> bool:
    """Start ``program`` on its own (it outlives this process); whether it started. (PySide6's
    ``QProcess.startDetached`` answers a tuple ``(started, pid)``, which is always true as a bool.)"""
    started, _pid = QtCore.QProcess.startDetached(program, args)
    return bool(started)


def restart(window, launch: Callable[[str, list[str]], bool] = start_detached,
            quit_app: Callable[[], None] = QtCore.QCoreApplication.quit) -> bool:
    """Quit this lrmonitor, keeping the runs (see the module docstring), and start a new one.

    The runs are put away first (the next window must find the autosave unlocked), so this window
    quits even if the new process cannot start: it says so, and the runs wait in the autosave; False."""
    files = window.files
    unsaved = files.unsaved()
    session = None if unsaved or files.path is None else str(files.path)
    window.quit_quietly()  # unsaved runs are written to the autosave and kept for the next start
    if unsaved:  # the next window restores them at once (restore_after_restart), without asking
        os.environ[RESTORE_ENV] = str(window.recovery.autosave.path)
    started = launch(*restart_command(session))
    window.close()
    if not started:  # rare (the Python or the bundle moved): the runs wait in the autosave all the same
        QtWidgets.QMessageBox.warning(None, "lrmonitor", QtCore.QCoreApplication.translate(
            "Language", "lrmonitor could not start again. Start it yourself: it offers to restore your runs."))
    quit_app()
    return bool(started)


def restore_after_restart(window) -> bool:
    """In a window started by :func:`restart`: restore the runs the previous window put in its autosave.

    Without this the new window would find an autosave nobody holds and say "a window was not closed
    normally", which is not what happened. The path comes in ``LRMONITOR_RESTORE`` (removed here, so a
    window this one starts does not inherit it); it must be one of the orphaned autosaves the window
    found, so nothing else is opened."""
    wanted = os.environ.pop(RESTORE_ENV, None)
    recovery = window.recovery
    if not wanted or Path(wanted) not in recovery.orphans:
        return False
    recovery.orphans.remove(Path(wanted))
    recovery.orphans.insert(0, Path(wanted))
    window.restore()
    return True


def choose(window, choice: str, restart_now: Callable[[], bool] | None = None) -> None:
    """View → Language: keep ``choice``; if it changes the language, offer to restart now.

    ``restart_now`` asks the question (a message box unless a test answers it)."""
    window.settings.set("view/language", choice)
    window.settings.sync()
    if chosen(choice) == current():
        return
    ask = restart_now or (lambda: _ask_restart(window))
    if ask():
        restart(window)


def _ask_restart(window) -> bool:
    translate = QtCore.QCoreApplication.translate  # by this name: lupdate finds translate("Context", …)
    box = QtWidgets.QMessageBox(window)
    box.setIcon(QtWidgets.QMessageBox.Icon.Question)
    box.setWindowTitle(translate("Language", "Change the language"))
    box.setText(translate("Language", "The new language applies when lrmonitor starts again."))
    box.setInformativeText(translate("Language", "Restart now? Your runs are kept: a saved session opens again, and "
                                                 "unsaved runs are restored."))
    restart_button = box.addButton(translate("Language", "Restart now"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(translate("Language", "Later"), QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restart_button)
    box.exec()
    return box.clickedButton() is restart_button


def core_text(text: str) -> str:
    """A sentence of the Qt-free core marked with ``QT_TRANSLATE_NOOP("core", …)`` (see
    :mod:`lrmonitor.core.texts`), in the window's language; unmarked text comes back as it is."""
    return QtCore.QCoreApplication.translate(CORE_CONTEXT, text) if text else text


def core_words(words: Words) -> str:
    """Words of the core (a template and its fields, see :class:`lrmonitor.core.texts.Words`) in the
    window's language."""
    return words.text(core_text)


def core_error(err: BaseException) -> str:
    """An error of the core as the window shows it: worded in the window's language when it carries
    words (a :class:`~lrmonitor.core.texts.WordedError`: the bad value and the allowed range stay as
    they are), else its English as it is."""
    words = words_of(err)
    return str(err) if words is None else core_words(words)


def run_name(name: str) -> str:
    """A run's name as the window shows it: a name lrmonitor made (stored in English, see
    :mod:`lrmonitor.core.run.names`) in the window's language; the student's own name as typed."""
    words = name_words(name)
    return name if words is None else core_words(words)
