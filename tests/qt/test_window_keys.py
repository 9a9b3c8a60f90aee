"""Keys held down: what a student means by holding a key is one action, not one per repeat."""

from PySide6 import QtCore, QtGui, QtWidgets


def _press(widget, key, repeat):
    """A key press as the window system sends it; ``repeat``: an auto-repeated one (key held down)."""
    for kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
        event = QtGui.QKeyEvent(kind, key, QtCore.Qt.KeyboardModifier.NoModifier, "d", repeat)
        QtWidgets.QApplication.sendEvent(widget, event)


def test_holding_d_decays_once(qtbot, window):
    """Holding D for 5 s sent ~150 auto-repeats, each a decay: 150 events that froze the window.
    A held D is one decay; pressing it again is another."""
    c = window.controller
    window.activateWindow()
    window.plots.setFocus()
    _press(window.plots, QtCore.Qt.Key.Key_D, repeat=False)
    for _ in range(40):
        _press(window.plots, QtCore.Qt.Key.Key_D, repeat=True)
    qtbot.waitUntil(lambda: len(c.run.history.events) >= 1)
    qtbot.wait(50)
    c.tick()
    assert [s.event.kind for s in c.run.history.events] == ["decay"]
    _press(window.plots, QtCore.Qt.Key.Key_D, repeat=False)
    qtbot.waitUntil(lambda: len(c.run.history.events) == 2)
