"""The window's layout at the sizes students have: nothing hidden, cut or overlapping."""

import pytest
from PySide6 import QtWidgets

from lrmonitor.core.run.events import ApplySchedule
from lrmonitor.qt.window import PLOTS_MIN_HEIGHT


def _settle(qtbot, window, size):
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    for _ in range(5):
        QtWidgets.QApplication.processEvents()


def _shown(widget):
    """Visible, and inside the window and the viewport of every scroll area around it."""
    if not widget.isVisible():
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QtWidgets.QAbstractScrollArea) or parent.isWindow():
            area = parent.viewport() if isinstance(parent, QtWidgets.QAbstractScrollArea) else parent
            corners = [widget.mapTo(area, widget.rect().topLeft()), widget.mapTo(area, widget.rect().bottomRight())]
            if not all(area.rect().contains(point) for point in corners):
                return False
        parent = parent.parentWidget()
    return True


def _paused_with_a_fork(qtbot, window, run_until):
    """The guide's longest texts: a plateau found and a decay applied; the runs/compare row filled."""
    c = window.controller
    window.run_panel.pause_on_plateau.setChecked(True)
    c.toggle()
    qtbot.waitUntil(lambda: not c.engine.is_running and c.run.step > 0, timeout=20000)
    c.fork_here(ApplySchedule("step:factor=0.1,every=20"))
    c.tick()


@pytest.mark.parametrize("size, schedule, optimizer", [
    ((1280, 720), "step", "momentum"),
    ((1280, 720), "step", "rmsprop"),
    ((1400, 900), "plateau", "rmsprop"),
])
def test_the_side_panel_fits_without_scrolling(qtbot, window, size, schedule, optimizer):
    """At 1280×720 (and 1400×900 with the plateau schedule) the side panel scrolled and hid the
    view settings."""
    window.decay.schedule.setCurrentText(schedule)
    window.setup.optimizer.setCurrentText(optimizer)
    _settle(qtbot, window, size)
    side = window.splitter.widget(0)
    assert side.verticalScrollBar().maximum() == 0
    for widget in (window.view.smoothing, window.view.log_loss, window.setup.noise, window.decay.apply_button):
        assert _shown(widget), widget


def test_a_small_window_keeps_the_plots_and_the_guide_readable(qtbot, window, run_until):
    """At 800×500 the guide's columns overlapped and the plots were squeezed to a strip."""
    _paused_with_a_fork(qtbot, window, run_until)
    _settle(qtbot, window, (800, 500))
    right = window.splitter.widget(1)
    assert right.horizontalScrollBar().maximum() == 0  # nothing cut at the right edge
    steps = [label.geometry() for label in window.guide.steps]
    assert all(a.right() < b.left() for a, b in zip(steps, steps[1:]))  # side by side, not overlapping
    for label in window.guide.steps:
        assert label.height() >= label.heightForWidth(label.width())  # no line cut
    assert window.plots.height() >= PLOTS_MIN_HEIGHT


@pytest.mark.parametrize("size", [(1600, 1000), (1280, 720)])
def test_the_guide_text_is_never_cut(qtbot, window, run_until, size):
    """At 1600×1000 with the runs/compare row the guide's step 2 lost its last line."""
    _paused_with_a_fork(qtbot, window, run_until)
    _settle(qtbot, window, size)
    for label in [*window.guide.steps, window.guide.detector_label]:
        assert label.height() >= label.heightForWidth(label.width()), label.text()
