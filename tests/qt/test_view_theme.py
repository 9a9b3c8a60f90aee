"""The lesson's views in the window's theme: dark with the window, light again with it, and the
command line's pictures light whatever the window shows."""

import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui

from lrmonitor.core.run.range_test import run_range_test
from lrmonitor.qt.palette import run_colour, tint
from lrmonitor.qt.theme import DARK, LIGHT, Theme
from lrmonitor.qt.views import RangeTestView, RatesView, SurfaceView
from lrmonitor.qt.views.common import DARK_VIEW, LIGHT_VIEW
from lrmonitor.qt.views.headless import picture


@pytest.fixture(autouse=True)
def desktop_light_again():
    """Whatever a test chose, the next one starts from the desktop's (light) look."""
    yield
    theme = Theme("system")
    theme._scheme_changed(QtCore.Qt.ColorScheme.Unknown)
    theme.deleteLater()


def rgb(colour: QtGui.QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def set_colour(label) -> tuple[int, int, int]:
    """The colour a pyqtgraph LabelItem was given (a tuple or a QColor)."""
    return rgb(pg.mkColor(label.opts["color"]))


def lightness(image: QtGui.QImage, rect: QtCore.QRect) -> list[int]:
    rect = rect.intersected(image.rect())
    return [image.pixelColor(x, y).lightness() for y in range(rect.top(), rect.bottom() + 1)
            for x in range(rect.left(), rect.right() + 1)]


def title_of(view):
    """The view's title, a pyqtgraph LabelItem."""
    return view.title if isinstance(view, SurfaceView) else view.plot.titleLabel


def looks(view) -> dict:
    """What a view draws, read from a grab of it: the background in its corner (a margin of the
    plot area), the lightest and darkest pixels of its title, and its title's set colour."""
    image = view.graphics.grab().toImage()
    title = title_of(view)
    box = view.graphics.mapFromScene(title.sceneBoundingRect()).boundingRect()
    values = lightness(image, box)
    return {"background": rgb(image.pixelColor(3, 3)), "title_max": max(values), "title_min": min(values),
            "title_colour": set_colour(title)}


def readout_lightness(view: SurfaceView) -> tuple[int, int]:
    image = view.readout.grab().toImage()
    values = lightness(image, image.rect())
    return min(values), max(values)


def _views(window):
    return window.tabs.rates_view, window.tabs.range_page.view, window.tabs.surface_view


def test_each_view_goes_dark_with_the_window_and_light_again(qtbot, window, run_until):
    window.resize(1600, 1000)  # the views tall enough to show their titles (a short view drops them)
    run_until(window, 300)
    tabs = window.tabs
    tabs.setCurrentWidget(tabs.surface_view)
    qtbot.waitUntil(lambda: tabs.surface_view.surface is not None, timeout=10000)
    tabs.range_page.run()
    qtbot.waitUntil(lambda: not tabs.range_page.running, timeout=10000)
    for view in _views(window):
        tabs.setCurrentWidget(view if view is not tabs.range_page.view else tabs.range_page)
        qtbot.wait(10)
        seen = looks(view)
        assert seen["background"] == LIGHT.background and seen["title_colour"] == LIGHT_VIEW.title
        assert seen["title_min"] < 100  # dark letters on white

    window.plots.loss_plot.setYRange(0.2, 0.6, padding=0)  # values under 1, as the zoomed surface's b
    window.theme_actions["dark"].trigger()
    for view in _views(window):
        tabs.setCurrentWidget(view if view is not tabs.range_page.view else tabs.range_page)
        qtbot.wait(10)
        seen = looks(view)
        assert seen["background"] == DARK.background, type(view).__name__
        assert seen["title_colour"] == DARK_VIEW.title
        assert seen["title_max"] > 180, type(view).__name__  # light letters on dark
        axis = view.plot.getAxis("left") if not isinstance(view, SurfaceView) else view.panels[0].plot.getAxis("left")
        assert rgb(axis.textPen().color()) == DARK.text
    dark_min, dark_max = readout_lightness(tabs.surface_view)
    assert dark_max > 180 and dark_min < 90  # light text on the dark window
    surface = tabs.surface_view.panels[0]
    assert set_colour(surface.legend.items[0][1]) == DARK_VIEW.legend_text
    assert surface.start.opts["pen"].color() == QtGui.QColor(*DARK_VIEW.start_edge)  # the start shows in the legend
    range_view = tabs.range_page.view
    assert rgb(range_view.default_line.label.color) == DARK.event
    assert rgb(tabs.selected_line.pen.color()) == DARK_VIEW.selected

    window.theme_actions["light"].trigger()
    for view in _views(window):
        tabs.setCurrentWidget(view if view is not tabs.range_page.view else tabs.range_page)
        qtbot.wait(10)
        seen = looks(view)
        assert seen["background"] == LIGHT.background and seen["title_colour"] == LIGHT_VIEW.title
        assert seen["title_min"] < 100
    light_min, light_max = readout_lightness(tabs.surface_view)
    assert light_min < 90 and light_max > 180  # dark text on the light window
    assert set_colour(surface.legend.items[0][1]) == LIGHT_VIEW.legend_text
    assert rgb(tabs.selected_line.pen.color()) == LIGHT_VIEW.selected
    plots = [window.plots.loss_plot, tabs.rates_view.plot, tabs.range_page.view.plot,
             *(panel.plot for panel in tabs.surface_view.panels)]
    assert len(plots) == 5  # both surface panels
    for plot in plots:  # restyled twice, the numbers still plain: -0.35 is not drawn as -350
        assert all(plot.getAxis(side).autoSIPrefixScale == 1.0 for side in ("left", "bottom"))


def test_the_rates_trained_in_the_dark_keep_their_colours_and_their_verdicts_read(qtbot, make_window):
    window = make_window()
    window.theme_actions["dark"].trigger()
    window.setup.problem.setCurrentText("linear")
    window.setup.epochs.setValue(6)
    qtbot.waitUntil(lambda: window.controller.run is not None and window.controller.run.config.epochs == 6)
    view, live = window.tabs.rates_view, window.tabs.live_rates
    window.tabs.setCurrentWidget(view)
    qtbot.mouseClick(view.train_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live.ended and bool(view.verdicts), timeout=30000)
    assert all(set_colour(label) == DARK_VIEW.legend_text for _, label in view.legend.items)
    assert view.note.colour == DARK_VIEW.note
    raw = rgb(view._raw[0].opts["pen"].color())
    assert sum(raw) < sum(view._smooth[0].opts["pen"].color().getRgb()[:3])  # faded toward the dark background
    window.theme_actions["light"].trigger()
    assert all(set_colour(label) == LIGHT_VIEW.legend_text for _, label in view.legend.items)
    assert rgb(view._raw[0].opts["pen"].color()) == tint(run_colour(0), 0.7)  # as before the themes


def test_the_command_lines_pictures_stay_light_while_the_window_is_dark(qtbot, make_window):
    window = make_window()
    window.theme_actions["dark"].trigger()
    assert window.theme.dark
    result = run_range_test(window.setup.config(), steps=60)

    def range_view():
        view = RangeTestView()
        view.set_result(result, 0.01)
        return view

    for make in (range_view, lambda: RatesView(editable=False), SurfaceView):
        image = QtGui.QImage.fromData(picture(make, "png", 640, 400))
        assert rgb(image.pixelColor(3, 3)) == LIGHT.background
        view = make()
        qtbot.addWidget(view)
        assert view.colours == LIGHT and set_colour(title_of(view)) == LIGHT_VIEW.title
    dark = QtGui.QImage.fromData(picture(lambda: RangeTestView(colours=DARK), "png", 640, 400))
    assert rgb(dark.pixelColor(3, 3)) == DARK.background  # the window's colours, when asked for
