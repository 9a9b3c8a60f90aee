"""The window's layout at the sizes students have: nothing hidden, cut or overlapping."""

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from lrmonitor.core.run.events import ApplySchedule
from lrmonitor.qt import language
from lrmonitor.qt.plots import LR_MIN_HEIGHT
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


# -- the lesson's views at a laptop's size, in both languages ---------------------------------------
@pytest.fixture(params=["en", "ko"])
def window_in(request, qapp, make_window, run_until, qtbot):
    """A window made in English or Korean, paused at the plateau with a fork (the guide's longest
    texts), the Rates tab's rates trained to their final verdicts and the range test run: every
    note the views show at its longest."""
    installed = language.install(qapp, request.param) if request.param != "en" else []
    w = make_window()
    assert (w.tabs.tabText(1) == "Rates") == (request.param == "en")
    w.setup.problem.setCurrentText("linear")
    w.setup.epochs.setValue(20)  # the rates train fast
    qtbot.waitUntil(lambda: w.controller.run is not None and w.controller.run.config.epochs == 20)
    w.run_panel.speed.setCurrentText("300 epochs/s")
    _paused_with_a_fork(qtbot, w, run_until)
    tabs = w.tabs
    tabs.setCurrentWidget(tabs.rates_view)
    tabs.rates_view.train_button.click()
    qtbot.waitUntil(lambda: tabs.live_rates.ended and bool(tabs.rates_view.verdicts), timeout=60000)
    tabs.setCurrentWidget(tabs.range_page)
    tabs.range_page.run()
    qtbot.waitUntil(lambda: not tabs.range_page.running, timeout=20000)
    yield w
    for translator in installed:
        qapp.removeTranslator(translator)
    qapp.setProperty("lrmonitor_language", "en")


def _plot_area(view):
    """The plot's data area (its viewbox) in the view's graphics, and the graphics' own rectangle."""
    box = view.plot.getViewBox().sceneBoundingRect()
    return box, view.graphics.rect()


def test_at_1100x720_the_rates_and_range_plots_keep_room_for_their_curves(qtbot, window_in):
    """At 1100×720 the verdicts and the range test's status and caveat took the room: the Rates
    plot was 90 px tall in English and 45 in Korean, the range test's 84 and 57, and the caveat (one
    line in English) widened the range test's plot past the view's right edge."""
    w, tabs = window_in, window_in.tabs
    _settle(qtbot, w, (1100, 720))
    for page, view in ((tabs.rates_view, tabs.rates_view), (tabs.range_page, tabs.range_page.view)):
        tabs.setCurrentWidget(page)
        for _ in range(5):
            QtWidgets.QApplication.processEvents()
        box, room = _plot_area(view)
        assert box.height() >= 100, (type(view).__name__, box.height())
        assert box.right() <= room.right() + 1  # the whole plot shows: nothing widens it past the view
        legend = view.legend.sceneBoundingRect()
        assert legend.bottom() <= box.bottom() + 1, legend  # every rate's entry inside the plot (the 4th hung below)
        note = view.note
        assert note.height() >= 2 * note.label.fontMetrics().lineSpacing()  # the notes still read, and scroll
        assert note.height() >= note.needed() or note.verticalScrollBar().maximum() > 0


def test_at_1100x720_the_loss_plot_has_the_room_the_rate_plot_does_not_need(qtbot, window_in):
    """The loss and rate plots stayed near pyqtgraph's preferred 50 px each: at 1100×720 the loss
    plot had 52 px (48 in Korean), and the legend widened both plots past the view's right edge."""
    w = window_in
    w.tabs.setCurrentWidget(w.tabs.training)
    _settle(qtbot, w, (1100, 720))
    loss, rate = (plot.getViewBox().sceneBoundingRect() for plot in (w.plots.loss_plot, w.plots.lr_plot))
    assert loss.height() >= 56 and rate.height() >= LR_MIN_HEIGHT - 1, (loss.height(), rate.height())
    assert max(loss.right(), rate.right()) <= w.plots.rect().right() + 1


@pytest.mark.parametrize("size", [(1100, 720), (1500, 900)])
def test_no_button_checkbox_or_label_is_cut_in_either_language(qtbot, window_in, size):
    """Every button, checkbox and one-line label as wide as its text needs and inside the window
    (and inside the scroll area around it), on every tab; a wrapped label tall enough for its lines."""
    w, tabs = window_in, window_in.tabs
    _settle(qtbot, w, size)
    assert w.splitter.widget(0).horizontalScrollBar().maximum() == 0
    assert w.splitter.widget(1).horizontalScrollBar().maximum() == 0
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        for _ in range(5):
            QtWidgets.QApplication.processEvents()
        cut = []
        for widget in w.findChildren(QtWidgets.QWidget):
            if not widget.isVisible() or not isinstance(widget, (QtWidgets.QAbstractButton, QtWidgets.QLabel)):
                continue
            if isinstance(widget, QtWidgets.QLabel) and widget.wordWrap():
                if widget.height() < widget.heightForWidth(widget.width()) and not _scrolls(widget):
                    cut.append(("lines", widget.text()[:60]))
                continue
            if widget.width() < widget.sizeHint().width() or widget.height() < widget.minimumSizeHint().height():
                cut.append(("narrow", widget.text(), widget.width(), widget.sizeHint().width()))
            elif not _shown(widget):
                cut.append(("outside", widget.text()))
        assert not cut, (tabs.tabText(index), size, cut)


def _scrolls(widget):
    """Inside a scroll area that scrolls (a note pane: its lines are there, below)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QtWidgets.QScrollArea) and parent.verticalScrollBar().maximum() > 0:
            return True
        parent = parent.parentWidget()
    return False


def test_with_a_larger_font_the_side_panel_scrolls_down_but_cuts_nothing_at_the_side(qtbot, qapp, make_window):
    """With an 11 pt font (a common desktop setting) the side panel scrolls at 1100×720, and its
    scroll bar took 5 px off the right edge of every field: they were cut, with a horizontal bar."""
    font = qapp.font()
    larger = QtGui.QFont(font)
    larger.setPointSize(11)
    qapp.setFont(larger)
    try:
        window = make_window()
        _settle(qtbot, window, (1100, 720))
        side = window.splitter.widget(0)
        assert side.horizontalScrollBar().maximum() == 0
        assert side.viewport().width() >= side.widget().minimumSizeHint().width()
    finally:
        qapp.setFont(font)


def test_a_status_message_cut_by_the_labels_is_whole_in_its_tooltip(qtbot, window):
    """At 1100×720 in Korean the plateau message ran into the first label ("…분기해 비완료")."""
    _settle(qtbot, window, (1100, 720))
    text = "Paused: the validation loss stopped improving (best at epoch 9). " * 3
    window.statusBar().showMessage(text)
    assert window.statusBar().toolTip() == text
    panel = window.status
    assert panel.labels["state"].mapTo(panel, panel.labels["state"].rect().topLeft()).x() >= 12  # a gap before it


def test_a_picture_for_a_file_keeps_its_title_and_every_note_line_however_small(qtbot):
    """Nobody can scroll a PNG: the command line's pictures (never shown on screen) keep the title
    and every verdict line that a short view in the window drops or scrolls."""
    from lrmonitor.core.run.config import RunConfig
    from lrmonitor.core.run.sweep import sweep_trainers
    from lrmonitor.qt.views import RatesView

    config = RunConfig(problem="linear", optimizer="sgd", epochs=6, train_size=200, val_size=50).validated()
    trainers = sweep_trainers(config, [0.002, 0.02, 0.2, 2.0])
    for trainer in trainers:
        trainer.run()
    shown = []
    for picture in (True, False):
        view = RatesView(editable=False)
        qtbot.addWidget(view)
        view.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, picture)
        view.set_runs([0.002, 0.02, 0.2, 2.0], [t.history for t in trainers])
        view.on_frame(ended=True)
        view.resize(700, 300)
        view.show()
        qtbot.waitUntil(lambda v=view: v.height() == 300)
        QtWidgets.QApplication.processEvents()
        shown.append((view.plot.titleLabel.isVisible(), view.note.height() >= view.note.needed()))
    assert shown == [(True, True), (False, False)]  # the picture whole; the window's view compact


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_splitter_dragged_right_leaves_the_view_settings_whole(qtbot, qapp, make_window, lang):
    """At 1500 px the splitter dragged right squeezed the right column below its minimum: it scrolled
    sideways and the view settings at its right edge (the log loss axis checkbox) were cut off."""
    installed = language.install(qapp, lang) if lang != "en" else []
    try:
        window = make_window()
        _settle(qtbot, window, (1500, 900))
        window.splitter.moveSplitter(1300, 1)  # as a drag of the handle does
        for _ in range(5):
            QtWidgets.QApplication.processEvents()
        assert window.splitter.widget(1).horizontalScrollBar().maximum() == 0
        for widget in (window.view.log_loss, window.view.smoothing_label):
            assert _shown(widget) and widget.width() >= widget.sizeHint().width(), widget
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        qapp.setProperty("lrmonitor_language", "en")
