"""The look every plot of the window shares: grey axes and text, a left axis wide enough for
any value, plain numbers (no SI prefixes), and pyqtgraph's own plot menu off (the File menu
exports; its Transforms would fight the window's log toggle) with the view menu kept."""

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
