"""How fields take input: the wheel only when focused, α0 in 1-2-5 steps, out-of-range typing explained."""

import pytest
from PySide6 import QtCore, QtGui, QtWidgets


def _wheel(widget, notches=1):
    """Turn the mouse wheel over ``widget`` (up for positive notches), as the window system sends it."""
    centre = QtCore.QPointF(widget.width() / 2, widget.height() / 2)
    event = QtGui.QWheelEvent(centre, widget.mapToGlobal(centre), QtCore.QPoint(0, 0),
                              QtCore.QPoint(0, 120 * notches), QtCore.Qt.MouseButton.NoButton,
                              QtCore.Qt.KeyboardModifier.NoModifier, QtCore.Qt.ScrollPhase.NoScrollPhase, False)
    QtWidgets.QApplication.sendEvent(widget, event)


def test_the_wheel_over_unfocused_fields_changes_nothing(qtbot, window, run_until):
    """Two notches over the optimizer box while paused switched to rmsprop then adagrad (each an
    event that resets the optimizer state); two over α0 set two rates. Scrolling the panel past
    a field must not edit it."""
    c, setup = window.controller, window.setup
    run_until(window, 100)
    window.plots.setFocus()
    fields = [setup.optimizer, setup.lr, setup.optimizer_form.field("momentum"), window.decay.schedule,
              window.decay.decay_factor, window.run_panel.speed, window.view.smoothing]
    before = [f.currentText() if isinstance(f, QtWidgets.QComboBox) else f.value() for f in fields]
    for field in fields:
        assert not field.hasFocus()
        _wheel(field, -1)
        _wheel(field, -1)
    c.tick()
    assert [f.currentText() if isinstance(f, QtWidgets.QComboBox) else f.value() for f in fields] == before
    assert c.run.history.events == []


def test_the_wheel_edits_a_focused_field(qtbot, window):
    lr = window.setup.lr
    lr.setValue(0.2)
    window.activateWindow()
    lr.setFocus()
    qtbot.waitUntil(lr.hasFocus)
    _wheel(lr, 1)
    assert lr.value() == pytest.approx(0.5)  # 0.2 -> 0.5: the next of 1-2-5


@pytest.mark.parametrize("start, steps, expected", [
    (0.2, 1, 0.5), (0.5, 1, 1.0), (1.0, 1, 2.0), (0.2, -1, 0.1), (0.1, -1, 0.05), (0.05, -2, 0.01),
    (0.3, 1, 0.5), (0.3, -1, 0.2), (1e-5, -1, 5e-6), (150.0, 1, 200.0),
])
def test_alpha0_steps_multiplicatively(qtbot, make_window, start, steps, expected):
    """Rates span decades: +0.01 from 0.2 is a step nobody wants; 1-2-5 reaches any decade in a few."""
    lr = make_window().setup.lr
    lr.setValue(start)
    lr.stepBy(steps)
    assert lr.value() == expected


@pytest.mark.parametrize("field, text, words", [
    ("lr", "-5", "-5 is out of range"),
    ("noise", "11", "11 is out of range"),
    ("seed", "", None),  # nothing typed: the value comes back, nothing to say
])
def test_a_typed_value_out_of_range_says_so(qtbot, make_window, field, text, words):
    w = make_window()
    box = getattr(w.setup, field)
    box.lineEdit().selectAll()
    if text:
        qtbot.keyClicks(box, text)
    else:
        qtbot.keyClick(box.lineEdit(), QtCore.Qt.Key.Key_Backspace)
    qtbot.keyClick(box, QtCore.Qt.Key.Key_Enter)
    message = w.setup.message
    if words is None:
        assert message.isHidden()
    else:
        assert message.isVisible() and words in message.text() and "Allowed" not in message.text()
        assert box.toolTip().split("Allowed: ")[1].split(".")[0] in message.text()  # the range, as the tooltip says


def test_an_out_of_range_decay_factor_says_so(qtbot, make_window):
    w = make_window()
    box = w.decay.decay_factor
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "1.5")
    qtbot.keyClick(box, QtCore.Qt.Key.Key_Enter)
    assert box.value() == pytest.approx(0.1)
    assert "1.5 is out of range" in w.statusBar().currentMessage()
