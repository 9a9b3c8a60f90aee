"""Shared look of the lesson views: white plots with grey axes, as the window's own plots."""

from __future__ import annotations

import pyqtgraph as pg


def style_plot(plot: pg.PlotItem) -> None:
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setTextPen((50, 50, 50))
        axis.setPen((120, 120, 120))
        axis.enableAutoSIPrefix(False)
    plot.getAxis("left").setWidth(64)
    plot.setMenuEnabled(enableMenu=False, enableViewBoxMenu=True)


def note_label(text: str) -> pg.LabelItem:
    return pg.LabelItem(text, color=(80, 80, 80), size="9pt", justify="left")
