"""A choice among the core's registries (problems, optimizers, schedules), and fields that take
the mouse wheel only when focused.

Why: the side panel scrolls. A wheel turned to scroll it, passing over a combo box or a slider,
edited the field under the pointer: two notches over the optimizer box switched to rmsprop then
adagrad (each an event that resets the optimizer state). A field now takes the wheel only once
it has the focus (a click or Tab gives it); otherwise the wheel scrolls the panel.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6 import QtCore, QtWidgets

from .language import core_text


def take_wheel_when_focused(widget: QtWidgets.QWidget) -> None:
    """The wheel does not give ``widget`` the focus (Qt's WheelFocus would, and then edit it)."""
    widget.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)


def wheel_when_focused(widget: QtWidgets.QWidget, event, base) -> None:
    """``base.wheelEvent`` if ``widget`` has the focus; else the event goes on to the parent (the panel scrolls)."""
    if widget.hasFocus():
        base.wheelEvent(widget, event)
    else:
        event.ignore()


class FieldComboBox(QtWidgets.QComboBox):
    """A QComboBox that takes the wheel only when focused (see the module docstring)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        take_wheel_when_focused(self)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        wheel_when_focused(self, event, QtWidgets.QComboBox)


class FieldSlider(QtWidgets.QSlider):
    """A QSlider that takes the wheel only when focused (see the module docstring)."""

    def __init__(self, orientation: QtCore.Qt.Orientation, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        take_wheel_when_focused(self)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        wheel_when_focused(self, event, QtWidgets.QSlider)


def registry_combo(registry: Mapping[str, type], tip: str) -> QtWidgets.QComboBox:
    """A combo box of the registry's names; each item's tooltip is the entry's summary."""
    combo = FieldComboBox()
    for name, cls in registry.items():
        combo.addItem(name)
        combo.setItemData(combo.count() - 1, core_text(cls.summary), QtCore.Qt.ItemDataRole.ToolTipRole)
    combo.setToolTip(tip)
    return combo
