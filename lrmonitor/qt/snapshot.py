"""Snapshots of a run's plots as PNG or SVG bytes, drawn offscreen by the window's own plot widget.

Used by File → Export and by ``lrmonitor run --png/--svg``. A separate widget each time, so an
export never disturbs the window's plots or their zoom.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..core.display.frame import RunInfo
from ..core.display.series import RunSeries
from ..core.files.atomic import write_bytes_atomic
from ..core.run.history import History


def snapshot(history: History, kind: str, width: int, height: int, smoothing: float = 0.6,
             log_loss: bool = False, others: Sequence[History] = (), like=None, colours=None) -> bytes:
    """PNG or SVG bytes of a run's plots at a chosen size; ``others`` are overlaid in their colours
    (palette slots 1, 2, ... after the run's 0), as the window shows runs beside the current one.

    ``like``: the window's plots, whose view the picture shows (runs beside, lines ahead, plateau
    band, log axis, ranges): an export is what the screen shows, at the size asked.
    ``colours``: the theme's :class:`~lrmonitor.qt.theme.PlotColours` to draw in; light if not
    given (for print and slides), whatever the window shows."""
    from PySide6 import QtCore, QtGui

    from .plots import RunPlots
    from .render import encode_png, render_image, render_svg
    from .theme import LIGHT

    colours = colours or LIGHT

    if kind not in ("png", "svg"):
        raise ValueError(f"unknown snapshot kind {kind!r}: allowed are png, svg")
    plots = RunPlots(colours=colours)
    plots.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen)
    plots.set_log_loss(log_loss)
    plots.resize(width, height)
    plots.show()
    plots.draw(RunSeries(history, smoothing))
    if others:
        infos = []
        for slot, other in enumerate(others, start=1):
            series = RunSeries(other, smoothing)
            series.update()
            infos.append(RunInfo(slot, str(slot), slot, None, None, True, False, _Steps(other), series))
        plots.overlay.show(tuple(infos))
        plots.refresh()
    if like is not None:
        plots.copy_view(like)
    QtCore.QCoreApplication.processEvents()
    try:
        if kind == "png":
            return encode_png(render_image(plots, width, height, QtGui.QColor(*colours.background)))
        return render_svg(plots, width, height)
    finally:
        plots.close()
        plots.deleteLater()


class _Steps:
    """What the overlay asks of a run besides its series: its steps per epoch."""

    def __init__(self, history: History) -> None:
        self.steps_per_epoch = history.steps_per_epoch


def write_snapshots(history: History, png: Path | None, svg: Path | None, size: tuple[int, int],
                    smoothing: float = 0.6, others: Sequence[History] = ()) -> None:
    """Draw the run's plots headless and write PNG and/or SVG (the command line's ``--png/--svg``)."""
    from PySide6 import QtWidgets

    if QtWidgets.QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window is shown: never needs a screen
    from .app import make_app

    make_app()
    if png is not None:
        write_bytes_atomic(png, snapshot(history, "png", *size, smoothing, others=others))
    if svg is not None:
        write_bytes_atomic(svg, snapshot(history, "svg", *size, smoothing, others=others))
