"""The look every plot of the window shares: axes and text in the theme's colours, a left axis
wide enough for any value, plain numbers (no SI prefixes), and pyqtgraph's own plot menu off (the
File menu exports; its Transforms would fight the window's log toggle) with the view menu kept.

A new plot calls ``style_plot(plot, colours)`` with the :class:`~lrmonitor.qt.theme.PlotColours`
it is drawn in, and again with the new ones when the theme changes (see :mod:`~lrmonitor.qt.theme`
for the rest of a plot's colours). Without ``colours`` it is styled light, as exports are.
"""

from __future__ import annotations

import pyqtgraph as pg

from .theme import LIGHT, PlotColours


def style_plot(plot: pg.PlotItem, colours: PlotColours = LIGHT) -> None:
    for side in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(side)
        axis.setPen(colours.axis)
        axis.setTextPen(colours.text)  # after setPen: the axis title takes the last pen's colour
        _plain_numbers(axis)
    plot.getAxis("left").setWidth(64)
    plot.setMenuEnabled(enableMenu=False, enableViewBoxMenu=True)
    if plot.titleLabel.text:
        plot.setTitle(plot.titleLabel.text, color=colours.text)


def _plain_numbers(axis: pg.AxisItem) -> None:
    """No SI prefix on ``axis``, ever. pyqtgraph 0.14's ``enableAutoSIPrefix(False)`` works out the
    prefix once more before switching it off, and then keeps it: styling a plot again (a change of
    theme) whose axis has a title and values under 1 froze a x1000 scale (b = -0.35 drawn as -350)."""
    if axis.autoSIPrefix:
        axis.enableAutoSIPrefix(False)
    if axis.autoSIPrefixScale != 1.0 or axis.labelUnitPrefix:
        axis.autoSIPrefixScale, axis.labelUnitPrefix = 1.0, ""
        axis._updateLabel()  # the title without the prefix, the ticks drawn again
