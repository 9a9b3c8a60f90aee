"""Shared look of the lesson views: white plots with grey axes, as the window's own plots."""

from __future__ import annotations

import pyqtgraph as pg


def note_label(text: str) -> pg.LabelItem:
    return pg.LabelItem(text, color=(80, 80, 80), size="9pt", justify="left")
