"""Run colours: one per run of the workspace, told apart by everyone.

The Okabe-Ito palette, made to stay distinguishable for the common colour-vision deficiencies
(and in print), in an order that puts the most different colours first; yellow is left out, it
disappears on white, and its black is a dark grey, which also shows on the dark theme's
background. One palette for both themes: tests/qt/test_palette.py checks every pair, and each
colour against both backgrounds, as seen with normal vision and with protanopia, deuteranopia
and tritanopia simulated.
"""

from __future__ import annotations

from PySide6 import QtGui

RUN_COLOURS = (
    (0, 114, 178),  # blue
    (213, 94, 0),  # vermillion
    (0, 158, 115),  # bluish green
    (204, 121, 167),  # reddish purple
    (230, 159, 0),  # orange
    (86, 180, 233),  # sky blue
    (102, 102, 102),  # grey (Okabe-Ito's black, lightened to show on dark)
)


def run_colour(slot: int) -> tuple[int, int, int]:
    """The colour of a run's palette slot (slots beyond the palette reuse it)."""
    return RUN_COLOURS[slot % len(RUN_COLOURS)]


def mix(rgb: tuple[int, int, int], toward: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """``rgb`` moved ``amount`` of the way to ``toward`` (0: itself, 1: ``toward``)."""
    return tuple(round(c + (t - c) * amount) for c, t in zip(rgb, toward))


def tint(rgb: tuple[int, int, int], amount: float = 0.6) -> tuple[int, int, int]:
    """The colour mixed with white (``amount`` of white): a run's faint raw mini-batch band on a
    light background (:meth:`~lrmonitor.qt.theme.PlotColours.raw` mixes into either theme's)."""
    return mix(rgb, (255, 255, 255), amount)


def swatch(slot: int, size: int = 12) -> QtGui.QIcon:
    """A small square of the run's colour, for lists and tables."""
    pixmap = QtGui.QPixmap(size, size)
    pixmap.fill(QtGui.QColor(*run_colour(slot)))
    return QtGui.QIcon(pixmap)
