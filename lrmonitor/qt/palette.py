"""Run colours: one per run of the workspace, told apart by everyone.

The Okabe-Ito palette, made to stay distinguishable for the common colour-vision deficiencies
(and in print), in an order that puts the most different colours first; yellow is left out, it
disappears on white.
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
    (0, 0, 0),  # black
)


def run_colour(slot: int) -> tuple[int, int, int]:
    """The colour of a run's palette slot (slots beyond the palette reuse it)."""
    return RUN_COLOURS[slot % len(RUN_COLOURS)]


def tint(rgb: tuple[int, int, int], amount: float = 0.6) -> tuple[int, int, int]:
    """The colour mixed with white (``amount`` of white): a run's faint raw mini-batch band."""
    return tuple(round(c + (255 - c) * amount) for c in rgb)


def swatch(slot: int, size: int = 12) -> QtGui.QIcon:
    """A small square of the run's colour, for lists and tables."""
    pixmap = QtGui.QPixmap(size, size)
    pixmap.fill(QtGui.QColor(*run_colour(slot)))
    return QtGui.QIcon(pixmap)
