"""Opening a long saved run can be cancelled (issue 11, item 7): a run of hours is not a trap."""

from PySide6 import QtCore, QtWidgets

from lrmonitor.core.run.config import RunConfig
from lrmonitor.qt.dialogs.replay_progress import replay_progress


def test_cancel_in_the_replay_dialog_stops_the_open_and_the_window_goes_on(qtbot, window):
    def press_cancel():
        for widget in QtWidgets.QApplication.topLevelWidgets():
            if isinstance(widget, QtWidgets.QProgressDialog) and widget.isVisible():
                assert widget.findChild(QtWidgets.QPushButton).text() == "Cancel"
                widget.cancel()
                return
        QtCore.QTimer.singleShot(50, press_cancel)  # not shown yet (it shows after 300 ms)

    QtCore.QTimer.singleShot(100, press_cancel)
    c = window.controller
    steps = 50_000_000  # many minutes of replay
    with replay_progress(window, steps) as progress:
        opened = c.new_run(RunConfig(problem="linear", epochs=None), (), steps, progress=progress)
    assert not opened and "cancelled" in window.statusBar().currentMessage()
    assert c.engine.error is None and c.run is None
    window.reset()  # the window goes on: a new run trains
    c.toggle()
    qtbot.waitUntil(lambda: c.run is not None and c.run.step > 100, timeout=30_000)
