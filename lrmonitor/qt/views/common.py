"""Shared look of the lesson views, in the window's theme: every colour a view draws with besides
the run colours (:mod:`~lrmonitor.qt.palette`) and the plot colours of the scheme
(:class:`~lrmonitor.qt.theme.PlotColours`: background, axes, text, events).

A view takes its colours as an argument, :data:`~lrmonitor.qt.theme.LIGHT` by default (the command
line's pictures are light), and has ``set_theme(colours)``, which the window calls whenever its theme
changes (``ViewTabs.set_theme``). :func:`view_colours` gives the views' own colours of that scheme;
the light ones are the colours the views had before they were themed, so a picture drawn light is
the same picture as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from ..palette import mix
from ..plot_style import style_plot
from ..theme import DARK_TONES, LIGHT, LIGHT_TONES, PlotColours

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]


@dataclass(frozen=True)
class ViewColours:
    """The lesson views' colours in one scheme (RGB tuples; RGBA where see-through; CSS for widgets)."""

    title: RGB  # a view's title
    subtitle: RGB  # a panel's title (the Surface's two panels)
    legend_text: RGB
    legend_fill: RGBA  # behind the legend, so it reads over the curves or the contours
    note: RGB  # the notes under a plot (the verdicts, the range test's caveat)
    readout: str  # the Surface's hover readout (a widget: CSS)
    error: str  # a bad list of rates, said under the field (a widget: CSS)
    raw_fade: float  # how far a rate's raw mini-batch band is mixed into the background
    range_raw: RGB  # the range test's raw mini-batch loss, under its smoothed line
    hint_fill: RGBA  # behind a hint's label on its line
    selected: RGB  # the step clicked on the Surface, marked on the Training tab's loss plot
    # over the Surface's filled contours, whose colour map is the same in both schemes:
    contour_line: RGB
    minimum_fill: RGB
    minimum_edge: RGB
    start_fill: RGB
    start_edge: RGB | None  # dark: a light ring, so the start shows in the dark legend too


LIGHT_VIEW = ViewColours(
    title=(40, 40, 40), subtitle=(60, 60, 60), legend_text=(30, 30, 30), legend_fill=(255, 255, 255, 220),
    note=(80, 80, 80), readout="#333", error=LIGHT_TONES.error, raw_fade=0.7, range_raw=(170, 170, 170),
    hint_fill=(255, 255, 255, 220), selected=(60, 60, 60),
    contour_line=(90, 110, 150), minimum_fill=(255, 255, 255), minimum_edge=(0, 0, 0), start_fill=(0, 0, 0),
    start_edge=None,
)
DARK_VIEW = ViewColours(
    title=(225, 225, 225), subtitle=(200, 200, 200), legend_text=(225, 225, 225), legend_fill=(28, 28, 30, 220),
    note=(180, 180, 180), readout="#d7d7d7", error=DARK_TONES.error, raw_fade=0.6, range_raw=(105, 105, 110),
    hint_fill=(28, 28, 30, 220), selected=(200, 200, 200),
    contour_line=(90, 110, 150), minimum_fill=(255, 255, 255), minimum_edge=(0, 0, 0), start_fill=(0, 0, 0),
    start_edge=(235, 235, 235),
)


def view_colours(colours: PlotColours = LIGHT) -> ViewColours:
    """The views' own colours in the scheme of ``colours``."""
    return DARK_VIEW if colours.dark else LIGHT_VIEW


def faded(rgb: RGB, colours: PlotColours) -> RGB:
    """A run's colour toned down for its raw band in a view: mixed into the background (on white,
    :func:`~lrmonitor.qt.palette.tint` with 0.7, as before)."""
    return mix(rgb, colours.background, view_colours(colours).raw_fade)


NOTE_SHARE = 0.25  # the notes under a view's plot take at most this share of the view's height (then scroll)
TITLE_MIN_HEIGHT = 400  # a view shorter than this drops its plot's title (the tab names the picture)


class NotePane(QtWidgets.QScrollArea):
    """The notes under a one-plot view (the Rates verdicts, the range test's caveat), as widgets under
    the plot rather than a label in its scene: they wrap to the view's width and are as tall as their
    text, up to :data:`NOTE_SHARE` of the view's height (at least two lines); longer notes scroll.

    In the plot's scene they took the height of every line, however small the window (the Rates
    plot was a 45-pixel strip at 1100×720 in Korean), and a line wider than the view widened the
    plot past the view's right edge (the range test's caveat at 1100 pixels cut its x axis).

    ``text`` / ``setText`` as a label's (rich text); ``add(widget)`` puts another widget above the
    text (the range test's status); ``fit(room)`` sizes the pane for a view ``room`` pixels tall.
    """

    def __init__(self, text: str = "", colours: PlotColours = LIGHT) -> None:
        super().__init__()
        self.label = QtWidgets.QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.label.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
        content = QtWidgets.QWidget()
        content.setObjectName("notes")
        self.column = QtWidgets.QVBoxLayout(content)
        self.column.setContentsMargins(8, 2, 8, 4)
        self.column.setSpacing(2)
        self.column.addWidget(self.label)
        self.setWidget(content)
        content.installEventFilter(self)  # a note's new text (its layout asks again): fit it
        self.setWidgetResizable(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed)
        self._room: int | None = None
        self.colour = view_colours(colours).note
        self.set_theme(colours)

    @property
    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:  # noqa: N802 (as a label's)
        self.label.setText(text)
        self.fit()

    def add(self, widget: QtWidgets.QWidget) -> None:
        """Show ``widget`` above the text, in the same scrolled pane."""
        self.column.insertWidget(0, widget)
        self.fit()

    def set_theme(self, colours: PlotColours) -> None:
        """The plot's background and the notes' colour of ``colours``."""
        self.colour = view_colours(colours).note
        background, colour = ("rgb({}, {}, {})".format(*rgb) for rgb in (colours.background, self.colour))
        self.setStyleSheet(f"QScrollArea {{ background: {background}; }} QWidget#notes {{ background: {background}; }} "
                           f"QWidget#notes QLabel {{ color: {colour}; }}")

    def needed(self, width: int | None = None) -> int:
        """The height that shows every line at ``width`` (the pane's own by default)."""
        content = self.widget()
        width = self.width() if width is None else width
        return content.layout().totalHeightForWidth(width) if content.layout().hasHeightForWidth() \
            else content.sizeHint().height()

    def fit(self, room: int | None = None) -> None:
        """As tall as the notes, at most :data:`NOTE_SHARE` of ``room`` (the view's height; the last
        one given if none) and at least two lines; the rest scrolls."""
        if room is not None:
            self._room = room
        if self._room is None:
            return
        margins = self.widget().layout().contentsMargins()
        two_lines = 2 * self.label.fontMetrics().lineSpacing() + margins.top() + margins.bottom()
        cap = max(two_lines, int(NOTE_SHARE * self._room))
        height = min(self.needed(), cap)
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QtCore.QEvent.Type.LayoutRequest:
            self.fit()
        return super().eventFilter(watched, event)


def fit_view(view: QtWidgets.QWidget, plot: pg.PlotItem, note: NotePane) -> None:
    """A one-plot view fitted to its height (call it from its ``resizeEvent``): in a short one the
    notes take at most a share of it and the title goes, so the curves keep the room. A picture drawn
    for a file (``views.headless``: never shown on screen) keeps both whole: nobody can scroll it."""
    picture = view.window().testAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen)
    fit_title(plot, TITLE_MIN_HEIGHT if picture else view.height())
    note.fit(1 << 20 if picture else view.height())


def fit_title(plot: pg.PlotItem, height: int) -> None:
    """Show the plot's title in a view at least :data:`TITLE_MIN_HEIGHT` tall, drop it below: a small
    window keeps its rows for the curves."""
    show = height >= TITLE_MIN_HEIGHT
    if show != plot.titleLabel.isVisible():
        if show:
            plot.setTitle(plot.titleLabel.text, **{k: v for k, v in plot.titleLabel.opts.items() if k == "color"})
        else:
            plot.setTitle(None)


def recolour_label(label: pg.LabelItem, colour: RGB) -> None:
    """Draw a label's text again in ``colour`` (its size and other options kept)."""
    label.setText(label.text, color=colour)


def style_legend(legend: pg.LegendItem, colours: PlotColours) -> None:
    """A legend's fill and the colour of its labels (drawn again: pyqtgraph's own setter keeps
    the old colour on labels already there)."""
    ours = view_colours(colours)
    legend.setBrush(ours.legend_fill)
    legend.opts["labelTextColor"] = pg.mkColor(ours.legend_text)  # labels added later
    for _sample, label in legend.items:
        recolour_label(label, ours.legend_text)


def style_view_plot(graphics: pg.GraphicsLayoutWidget, plot: pg.PlotItem, legend: pg.LegendItem,
                    note: NotePane, colours: PlotColours) -> ViewColours:
    """What a one-plot view (Rates, Range test) draws in the scheme of ``colours``: background,
    axes, title (shown or not, as it was), legend and the notes under the plot; returns the views'
    colours for the rest."""
    ours = view_colours(colours)
    graphics.setBackground(colours.background)
    style_plot(plot, colours)
    shown = plot.titleLabel.isVisible()
    plot.setTitle(plot.titleLabel.text, color=ours.title)
    if not shown:
        plot.setTitle(None)
    style_legend(legend, colours)
    note.set_theme(colours)
    return ours
