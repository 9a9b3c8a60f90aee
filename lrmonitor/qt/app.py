"""Start the window: one QApplication, the main window, optionally a session to open."""

from __future__ import annotations

import os
import signal
import sys

from PySide6 import QtCore, QtWidgets

from .. import __version__


def make_app() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("lrmonitor")
    app.setOrganizationName("lrmonitor")
    app.setApplicationVersion(__version__)
    return app


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


def run_app(session_file: str | None = None) -> int:
    """Open the window (and ``session_file`` if given); returns the exit code."""
    reason = no_screen_reason()
    if reason:
        print(f"lrmonitor: error: {reason}", file=sys.stderr)
        return 2
    import pyqtgraph as pg

    app = make_app()
    pg.setConfigOptions(antialias=False, background="w", foreground="k")
    from .window import MainWindow

    window = MainWindow()
    app.aboutToQuit.connect(window.quit_quietly)  # a quit from anywhere still stops the worker, keeps the run
    _quit_on_signals(app, window)
    window.show()
    if session_file and not window.files.open(session_file):
        return 2
    return app.exec()


def _quit_on_signals(app: QtWidgets.QApplication, window) -> None:
    """SIGTERM (logout, kill) and Ctrl+C quit without questions: the worker stops, the shared
    memory is freed and an unsaved run is kept for the next start."""

    def quit_now(*_) -> None:
        window.quit_quietly()  # first: after it, closing the window asks nothing
        app.quit()

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, quit_now)
    # Python runs signal handlers only between its own bytecodes: wake it up now and then
    heartbeat = QtCore.QTimer(app)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(250)


if __name__ == "__main__":
    QtCore.QCoreApplication.setApplicationName("lrmonitor")
    sys.exit(run_app(sys.argv[1] if len(sys.argv) > 1 else None))
