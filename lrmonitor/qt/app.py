"""Start the window: one QApplication, the main window, optionally a session to open."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys

from PySide6 import QtCore, QtGui, QtWidgets

from .. import __version__
from ..desktop import APP_ID, ICON_SIZES, icon_png, icon_svg
from . import language
from .settings import Settings


def make_app() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("lrmonitor")
    app.setOrganizationName("lrmonitor")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())  # every window and dialog, and the About box, show it
    app.setDesktopFileName(APP_ID)  # on Wayland the desktop finds the launcher (and its icon) by this name
    return app


def app_icon() -> QtGui.QIcon:
    """lrmonitor's icon: the rendered PNG sizes (shown as they are, with no SVG plugin needed), and
    the SVG for the sizes between them."""
    icon = QtGui.QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_png(size)), QtCore.QSize(size, size))
    icon.addFile(str(icon_svg()))
    return icon


def use_language(app: QtWidgets.QApplication) -> str | None:
    """Install the translators of the chosen language (before any widget exists); a warning if the
    chosen language cannot be shown (then the window is English).

    Only the window is translated: the command line and its files (CSV, PNG from ``--png``) stay
    English, so :func:`make_app`, which the headless exports also use, installs nothing. Korean without a
    CJK font falls back to English, with a line on stderr saying what to install."""
    chosen = language.chosen(Settings().get("view/language"))
    warning = None
    if not language.has_font_for(chosen):  # boxes instead of Hangul help nobody: English, and say why
        warning, chosen = language.NO_FONT, "en"
        print(f"lrmonitor: {warning}", file=sys.stderr)
    language.install(app, chosen)
    return warning


def no_screen_reason() -> str | None:
    """Why no window can open here (Linux without a display), before Qt aborts the process."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no screen to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "start lrmonitor from a desktop session, or use 'lrmonitor run' to train headless"
    )


def run_app(session_file: str | None = None, smoke_png: str | None = None) -> int:
    """Open the window (and ``session_file`` if given); returns the exit code.

    ``smoke_png`` (the hidden ``open --smoke-png``): once the window shows the session, export
    its plot there, so the standalone bundle's smoke test can check that the built app draws.
    """
    reason = no_screen_reason()
    if reason:
        print(f"lrmonitor: error: {reason}", file=sys.stderr)
        return 2
    import pyqtgraph as pg

    app = make_app()
    language_warning = use_language(app)
    pg.setConfigOptions(antialias=False, background="w", foreground="k")
    from .window import MainWindow

    window = MainWindow()
    app.aboutToQuit.connect(window.quit_quietly)  # a quit from anywhere still stops the worker, keeps the run
    QuitOnSignals(app, window)  # parented to the application: lives as long as it
    window.show()
    language.restore_after_restart(window)  # started by a change of language: the runs come back
    if language_warning:
        window.statusBar().showMessage(language_warning, 30000)
    if session_file and not window.files.open(session_file):
        window.quit_quietly()  # stops the worker and frees its shared memory (6 segments leaked)
        window.close()
        return 2
    if smoke_png:
        QtCore.QTimer.singleShot(0, lambda: smoke_export(window, smoke_png))  # after the first paint
    return app.exec()


def smoke_export(window, path: str) -> bool:
    """Export the window's plot as a PNG at ``path`` and say so on one line (stdout, or stderr if it failed)."""
    done = window.exporter.export("png", path)
    print(f"lrmonitor: smoke: {'exported' if done else 'could not export'} {path}",
          file=sys.stdout if done else sys.stderr, flush=True)
    return done


class QuitOnSignals(QtCore.QObject):
    """SIGTERM (logout, kill) and Ctrl+C quit without questions: the worker stops, the shared
    memory is freed and an unsaved run is kept for the next start.

    Python runs a signal handler between any two bytecodes, so it may interrupt a frame that is
    reading the run's shared memory; shutting down right there would unmap it under the reader
    (a segfault). The handler therefore only posts the quit, which the event loop runs between
    frames. The signal's wake-up byte goes to a socket Qt watches, so the sleeping event loop
    wakes at once, with no polling timer.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, app: QtWidgets.QApplication, window) -> None:
        super().__init__(app)
        self._app, self._window = app, window
        self._before = {number: signal.getsignal(number) for number in self.SIGNALS}
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._old_wakeup = signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QtCore.QSocketNotifier(self._reader.fileno(), QtCore.QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)  # a Python slot: the handler runs on entering it
        for number in self.SIGNALS:
            signal.signal(number, self._on_signal)

    def _on_signal(self, *_) -> None:
        QtCore.QTimer.singleShot(0, self._quit_now)

    def _quit_now(self) -> None:
        self._window.quit_quietly()  # first: after it, closing the window asks nothing
        self._app.quit()

    def _drain(self) -> None:
        with contextlib.suppress(OSError):  # nothing to read: another wake-up drained it
            self._reader.recv(64)

    def uninstall(self) -> None:
        """Give the signals back to whoever had them (tests; a second window)."""
        for number, handler in self._before.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._old_wakeup)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


if __name__ == "__main__":
    QtCore.QCoreApplication.setApplicationName("lrmonitor")
    sys.exit(run_app(sys.argv[1] if len(sys.argv) > 1 else None))
