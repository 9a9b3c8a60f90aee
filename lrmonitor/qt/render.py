"""Pictures of a widget at an exact size: PNG through QImage, SVG through Qt's own generator.

pyqtgraph 0.14's SVG exporter raises "not enough values to unpack" on PySide6 >= 6.11
(pyqtgraph issue #3495), so SVG goes through ``QSvgGenerator`` instead, and its output is made
portable by :func:`~lrmonitor.core.display.svg.portable_svg` (pixel coordinates, plots clipped
to their frames, a real font): Qt, browsers, librsvg and ImageMagick then draw the same picture.
Items are put in pyqtgraph's export mode while drawn, so scatter symbols are vector paths, not
the pixmaps of its symbol cache (which came out as two half markers squeezed into one).
"""

from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

from ..core.display.svg import Frame, portable_svg


def render_image(widget: QtWidgets.QWidget, width: int, height: int,
                 background: QtGui.QColor | None = None) -> QtGui.QImage:
    """The widget drawn at exactly ``width`` x ``height`` pixels (resize it first), on ``background``
    (white if not given) where the widget draws none of its own."""
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32)
    image.fill(background if background is not None else QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    _draw(widget, painter)
    painter.end()
    return image


def render_svg(widget: QtWidgets.QWidget, width: int, height: int) -> bytes:
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    generator = QtSvg.QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QtCore.QSize(width, height))
    generator.setViewBox(QtCore.QRect(0, 0, width, height))
    generator.setResolution(widget.logicalDpiX())  # else text and axes come out at 72/96 scale
    generator.setTitle("lrmonitor snapshot")
    painter = QtGui.QPainter(generator)
    exporting = _export_mode(widget, {"antialias": True, "painter": painter})
    try:
        _draw(widget, painter)
    finally:
        painter.end()
        for item in exporting:
            item.setExportMode(False)
    svg = portable_svg(bytes(buffer.data()).decode("utf-8"), _plot_frames(widget),
                       QtGui.QFontInfo(widget.font()).family())
    # say the size in pixels (Qt writes millimetres), so viewers show it at the size asked
    svg = re.sub(r'(<svg[^>]*?)width="[^"]*" height="[^"]*"', rf'\1width="{width}px" height="{height}px"', svg, count=1)
    return svg.encode("utf-8")


def encode_png(image: QtGui.QImage) -> bytes:
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def _draw(widget: QtWidgets.QWidget, painter: QtGui.QPainter) -> None:
    """A graphics view renders its scene with ``render(painter)``; another widget (a view made of
    several plots and labels) needs the target offset said, or PySide picks another overload."""
    if isinstance(widget, QtWidgets.QGraphicsView):
        widget.render(painter)
    else:
        widget.render(painter, QtCore.QPoint())


def _graphics_views(widget: QtWidgets.QWidget) -> list[tuple[pg.GraphicsView, QtCore.QPoint]]:
    """The pyqtgraph views the widget paints (itself, or its children), each with its offset in it."""
    if isinstance(widget, pg.GraphicsView):
        return [(widget, QtCore.QPoint())]
    return [(view, view.mapTo(widget, QtCore.QPoint())) for view in widget.findChildren(pg.GraphicsView)
            if view.isVisibleTo(widget)]


def _export_mode(widget: QtWidgets.QWidget, options: dict) -> list:
    """Put every pyqtgraph item the widget paints in export mode; the items it was set on."""
    items = [item for view, _ in _graphics_views(widget) for item in view.scene().items()
             if hasattr(item, "setExportMode")]
    for item in items:
        item.setExportMode(True, options)
    return items


def _plot_frames(widget: QtWidgets.QWidget) -> list[Frame]:
    """Each plot's data area as the widget paints it: its transform from data to pixels, its rectangle."""
    frames = []
    for view, at in _graphics_views(widget):
        view_transform = view.viewportTransform()
        offset = view.viewport().pos() + at
        for item in view.scene().items():
            if isinstance(item, pg.ViewBox):
                t = item.childGroup.sceneTransform() * view_transform
                t = t * QtGui.QTransform.fromTranslate(offset.x(), offset.y())
                rect = view_transform.mapRect(item.sceneBoundingRect()).translated(offset.x(), offset.y())
                frames.append(Frame((t.m11(), t.m12(), t.m21(), t.m22(), t.m31(), t.m32()),
                                    rect.left(), rect.top(), rect.right(), rect.bottom()))
    return frames
