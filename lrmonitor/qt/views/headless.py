"""The lesson views drawn offscreen for ``lrmonitor sweep/lrfind/path --png/--svg``: the same
widgets as the window's, rendered through ``qt.render`` (SVG via Qt's own QSvgGenerator, since
pyqtgraph's SVG exporter fails on this PySide6), written atomically.

Light whatever the desktop's scheme, as exports are: ``colours`` (a
:class:`~lrmonitor.qt.theme.PlotColours`) draws them in other colours, e.g. the window's when the
user asked for pictures in the window's colours (``Exporter.picture_colours``)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ...core.display.surface import Surface
from ...core.files.atomic import write_bytes_atomic
from ...core.run.history import History
from ...core.run.range_test import RangeTest
from ...core.run.verdicts import Verdict


def _app() -> None:
    from PySide6 import QtWidgets

    if QtWidgets.QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window is shown: never needs a screen
    from ..app import make_app

    make_app()


def picture(make: Callable, kind: str, width: int, height: int) -> bytes:
    """PNG or SVG bytes of the widget ``make()`` returns, drawn at ``width`` x ``height``."""
    from PySide6 import QtCore

    from ..render import encode_png, render_image, render_svg

    if kind not in ("png", "svg"):
        raise ValueError(f"unknown picture kind {kind!r}: allowed are png, svg")
    widget = make()
    widget.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen)
    widget.resize(width, height)
    widget.show()
    QtCore.QCoreApplication.processEvents()
    try:
        return encode_png(render_image(widget, width, height)) if kind == "png" else render_svg(widget, width, height)
    finally:
        widget.close()
        widget.deleteLater()


def _write(make: Callable, png: Path | None, svg: Path | None, size: tuple[int, int]) -> None:
    _app()
    if png is not None:
        write_bytes_atomic(png, picture(make, "png", *size))
    if svg is not None:
        write_bytes_atomic(svg, picture(make, "svg", *size))


def _colours(colours):
    """The colours asked for, light if none (the theme module needs Qt: imported here)."""
    from ..theme import LIGHT

    return LIGHT if colours is None else colours


def write_rates(histories: Sequence[History], texts: Sequence[str], verdicts: Sequence[Verdict],
                png: Path | None, svg: Path | None, size: tuple[int, int], colours=None) -> None:
    from .rates_view import RatesView

    def make():
        view = RatesView(editable=False, colours=_colours(colours))
        view.set_runs([v.lr for v in verdicts], histories)
        view.on_frame(ended=True)
        return view

    _write(make, png, svg, size)


def write_range_test(result: RangeTest, default_lr: float | None, png: Path | None, size: tuple[int, int],
                     svg: Path | None = None, colours=None) -> None:
    from .range_view import RangeTestView

    def make():
        view = RangeTestView(colours=_colours(colours))
        view.set_result(result, default_lr)
        return view

    _write(make, png, svg, size)


def write_surface(surface: Surface, steps: Sequence[np.ndarray], names: Sequence[str], png: Path | None,
                  svg: Path | None, size: tuple[int, int], problem=None, from_steps: Sequence[int] | None = None,
                  zoom: Surface | None = None, colours=None) -> None:
    from .surface_view import SurfaceView

    def make():
        view = SurfaceView(colours=_colours(colours))
        view.set_problem(problem)
        view.set_surface(surface, steps, names, from_steps=from_steps, zoom=zoom)
        return view

    _write(make, png, svg, size)
