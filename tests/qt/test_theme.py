"""Light and dark: the View → Theme choice, the desktop's scheme, the plots following, the choice kept."""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from lrmonitor.qt.render import render_image
from lrmonitor.qt.theme import DARK, LIGHT, Theme, is_dark, tones


@pytest.fixture(autouse=True)
def desktop_light_again():
    """Whatever a test chose, the next one starts from the desktop's (light) look."""
    yield
    theme = Theme("system")
    theme._scheme_changed(QtCore.Qt.ColorScheme.Unknown)
    theme.deleteLater()


def pixel(image: QtGui.QImage, x: int, y: int) -> tuple[int, int, int]:
    colour = image.pixelColor(x, y)
    return colour.red(), colour.green(), colour.blue()


def plot_background(window) -> tuple[int, int, int]:
    """The colour of the middle of the loss plot's empty top-left corner, as drawn."""
    plots = window.plots
    image = render_image(plots, plots.width(), plots.height())
    box = plots.loss_plot.getViewBox().sceneBoundingRect().toRect()
    return pixel(image, box.left() + 5, box.top() + 3)


def test_choosing_dark_makes_the_widgets_and_the_plots_dark_and_is_kept(qtbot, make_window):
    window = make_window()
    assert window.theme.choice == "system" and not window.theme.dark  # the offscreen desktop is light
    assert window.theme_actions["system"].isChecked()
    assert plot_background(window) == LIGHT.background
    changes = []
    window.theme.changed.connect(changes.append)
    window.theme_actions["dark"].trigger()
    assert changes == [DARK]
    assert is_dark(QtWidgets.QApplication.palette())
    qtbot.waitUntil(lambda: is_dark(window.setup.palette()))  # the widgets take it from the event loop
    assert window.theme_actions["dark"].isChecked() and not window.theme_actions["system"].isChecked()
    assert plot_background(window) == DARK.background
    axis = window.plots.loss_plot.getAxis("left")
    assert axis.textPen().color().getRgb()[:3] == DARK.text and axis.pen().color().getRgb()[:3] == DARK.axis
    assert window.plots.legend.items[0][1].opts["color"] == QtGui.QColor(*DARK.text)
    assert window.settings.get("view/theme") == "dark"
    window.close()

    again = make_window()  # the same settings file: the next start is dark at once
    assert again.theme.choice == "dark" and again.theme.dark and again.theme_actions["dark"].isChecked()
    assert plot_background(again) == DARK.background
    again.theme_actions["light"].trigger()
    assert not is_dark(QtWidgets.QApplication.palette()) and plot_background(again) == LIGHT.background


def test_system_follows_the_desktops_colour_scheme(qtbot, make_window):
    window = make_window()
    hints = QtGui.QGuiApplication.styleHints()
    with qtbot.waitSignal(window.theme.changed):
        hints.colorSchemeChanged.emit(QtCore.Qt.ColorScheme.Dark)  # the desktop went dark
    assert window.theme.dark and is_dark(QtWidgets.QApplication.palette())
    assert plot_background(window) == DARK.background
    window.theme_actions["light"].trigger()  # a choice of the user's wins over the desktop
    assert not window.theme.dark
    hints.colorSchemeChanged.emit(QtCore.Qt.ColorScheme.Dark)
    assert not window.theme.dark
    window.theme_actions["system"].trigger()
    assert window.theme.dark
    with qtbot.waitSignal(window.theme.changed):
        hints.colorSchemeChanged.emit(QtCore.Qt.ColorScheme.Light)
    assert not window.theme.dark and plot_background(window) == LIGHT.background


def test_a_run_drawn_dark_keeps_its_colours_and_its_markers_read(qtbot, window, run_until):
    run_until(window, 300)
    window.decay.decay_now()
    run_until(window, 600)
    window.theme.set_choice("dark")
    window.controller.tick()
    plots = window.plots
    colour = plots.colours.run(plots._colour)
    assert plots.smooth_curve.opts["pen"].color().getRgb()[:3] == colour
    raw = plots.raw_curve.opts["pen"].color().getRgb()[:3]
    assert np.mean(raw) < np.mean(LIGHT.raw(colour))  # the faint band is toned into the dark, not towards white
    assert plots.val_points.opts["symbolBrush"].color().getRgb()[:3] == DARK.val
    assert plots.markers.top.label_fill.getRgb() == DARK.label_fill
    assert plots.markers.top.pens[1].color().getRgb()[:3] == DARK.diverged
    drawn = {}

    def label_drawn() -> bool:
        """The label as a drawing of the plots at their size now places it: in the picture. Right
        after the theme change the window may still be laying itself out (its new style sheet),
        and a drawing made then placed the label beyond the picture's edge."""
        image = render_image(plots, plots.width(), plots.height())
        placed = plots.markers.top.placed  # placed when painted: by this drawing
        drawn.update(image=image, label=placed[0][1].toRect() if placed else None)
        return drawn["label"] is not None and image.rect().contains(drawn["label"])

    qtbot.waitUntil(label_drawn)
    image, label = drawn["image"], drawn["label"]
    inside = [pixel(image, x, label.center().y()) for x in range(label.left() + 1, label.right())]
    assert min(np.mean(p) for p in inside) < 60  # the label's box is dark...
    assert max(np.mean(p) for p in inside) > 170  # ...and its text light


def test_tones_follow_the_palette(qtbot, make_window):
    window = make_window()
    light = tones()
    window.theme.set_choice("dark")
    assert tones() != light
    assert QtGui.QColor(tones().error).lightness() > QtGui.QColor(light.error).lightness()


def paper_and_ink(widget) -> tuple[float, float]:
    """The lightness (0-255) of a label's background (its commonest colour) and of its darkest or
    lightest text pixel, whichever differs most, as drawn."""
    image = widget.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    grey = pixels[:, : image.width(), :3].mean(axis=2).round()
    values, counts = np.unique(grey, return_counts=True)
    paper = float(values[np.argmax(counts)])
    ink = float(grey.max() if abs(grey.max() - paper) > abs(grey.min() - paper) else grey.min())
    return paper, ink


def test_coloured_notes_stay_legible_in_the_dark(qtbot, make_window):
    """The banner, the restore bar and the hover readout: dark paper, light ink."""
    window = make_window()
    window.banner.show_text("Training diverged at step 12")
    window.restore_bar.offer("A run was not closed normally")
    for label in (window.banner.label, window.restore_bar.label, window.readout):
        paper, ink = paper_and_ink(label)
        assert paper > 200 and ink < 110, label  # light: dark text on a light background
    window.theme.set_choice("dark")
    qtbot.waitUntil(lambda: is_dark(window.setup.palette()))
    for label in (window.banner.label, window.restore_bar.label, window.readout):
        qtbot.waitUntil(lambda w=label: paper_and_ink(w)[0] < 90 and paper_and_ink(w)[1] > 150)


def test_a_widget_with_its_own_style_sheet_follows_a_change_of_theme(qtbot, make_window):
    """The decay formula has a style sheet (a serif font): it was left black on dark grey."""
    window = make_window()
    formula = window.decay.formula
    assert formula.styleSheet()
    window.theme.set_choice("dark")
    qtbot.waitUntil(lambda: is_dark(window.setup.palette()))
    paper, ink = paper_and_ink(formula)
    assert paper < 90 and ink > 150


def test_a_choice_that_looks_the_same_is_kept_and_a_damaged_one_is_system(qtbot, make_window):
    window = make_window()
    window.theme_actions["light"].trigger()  # the desktop is light already: nothing changes on screen...
    assert window.settings.get("view/theme") == "light"  # ...but the choice is the user's, kept
    window.settings.set("view/theme", "purple")
    assert Theme(window.settings.get("view/theme"), window).choice == "system"
    with pytest.raises(ValueError, match="allowed are system, light, dark"):
        window.theme.set_choice("purple")
