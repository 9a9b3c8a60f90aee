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


def note_label(text: str, colours: PlotColours = LIGHT) -> pg.LabelItem:
    return pg.LabelItem(text, color=view_colours(colours).note, size="9pt", justify="left")


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
                    note: pg.LabelItem, colours: PlotColours) -> ViewColours:
    """What a one-plot view (Rates, Range test) draws in the scheme of ``colours``: background,
    axes, title, legend and the note under the plot; returns the views' colours for the rest."""
    ours = view_colours(colours)
    graphics.setBackground(colours.background)
    style_plot(plot, colours)
    plot.setTitle(plot.titleLabel.text, color=ours.title)
    style_legend(legend, colours)
    recolour_label(note, ours.note)
    return ours
