"""Snapshots of a run's plots as PNG or SVG bytes, drawn offscreen by the window's own plot widget.

Used by File → Export and by ``lrmonitor run --png/--svg``. A separate widget each time, so an
export never disturbs the window's plots or their zoom.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.display.series import RunSeries
from ..core.files.atomic import write_bytes_atomic
from ..core.run.history import History


def snapshot(history: History, kind: str, width: int, height: int, smoothing: float = 0.6,
             log_loss: bool = False) -> bytes:
    """PNG or SVG bytes of a run's plots at a chosen size."""
    from PySide6 import QtCore

    from .plots import RunPlots
    from .render import encode_png, render_image, render_svg

    if kind not in ("png", "svg"):
        raise ValueError(f"unknown snapshot kind {kind!r}: allowed are png, svg")
    plots = RunPlots()
    plots.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen)
    plots.set_log_loss(log_loss)
    plots.resize(width, height)
    plots.show()
    plots.draw(RunSeries(history, smoothing))
    QtCore.QCoreApplication.processEvents()
    try:
        if kind == "png":
            return encode_png(render_image(plots, width, height))
        return render_svg(plots, width, height)
    finally:
        plots.close()
        plots.deleteLater()


def write_snapshots(history: History, png: Path | None, svg: Path | None, size: tuple[int, int],
                    smoothing: float = 0.6) -> None:
    """Draw the run's plots headless and write PNG and/or SVG (the command line's ``--png/--svg``)."""
    from PySide6 import QtWidgets

    if QtWidgets.QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window is shown: never needs a screen
    from .app import make_app

    make_app()
    if png is not None:
        write_bytes_atomic(png, snapshot(history, "png", *size, smoothing))
    if svg is not None:
        write_bytes_atomic(svg, snapshot(history, "svg", *size, smoothing))
