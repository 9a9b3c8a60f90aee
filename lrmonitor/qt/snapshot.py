"""Headless snapshots for ``lrmonitor run --png/--svg``: the window's plots, drawn offscreen."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.files.atomic import write_bytes_atomic
from ..core.run.history import History


def write_snapshots(history: History, png: Path | None, svg: Path | None, size: tuple[int, int], smoothing: float = 0.6) -> None:
    """Draw the run's plots with the same widget the window uses and write PNG and/or SVG."""
    from PySide6 import QtWidgets

    if QtWidgets.QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window is shown: never needs a screen
    from .app import make_app
    from .plots import snapshot

    make_app()
    if png is not None:
        write_bytes_atomic(png, snapshot(history, "png", *size, smoothing))
    if svg is not None:
        write_bytes_atomic(svg, snapshot(history, "svg", *size, smoothing))
