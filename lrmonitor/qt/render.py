"""Pictures of a widget at an exact size: PNG through QImage, SVG through Qt's own generator.

pyqtgraph 0.14's SVG exporter raises "not enough values to unpack" on PySide6 >= 6.11
(pyqtgraph issue #3495), so SVG goes through ``QSvgGenerator`` instead.
"""

from __future__ import annotations

import re

from PySide6 import QtCore, QtGui, QtSvg, QtWidgets


def render_image(widget: QtWidgets.QWidget, width: int, height: int) -> QtGui.QImage:
    """The widget drawn at exactly ``width`` x ``height`` pixels (resize it first)."""
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    widget.render(painter)
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
    widget.render(painter)
    painter.end()
    svg = bytes(buffer.data()).decode("utf-8")
    # say the size in pixels (Qt writes millimetres), so viewers show it at the size asked
    svg = re.sub(r'(<svg[^>]*?)width="[^"]*" height="[^"]*"', rf'\1width="{width}px" height="{height}px"', svg, count=1)
    return svg.encode("utf-8")


def encode_png(image: QtGui.QImage) -> bytes:
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())
