"""A choice among the core's registries (problems, optimizers, schedules)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6 import QtCore, QtWidgets


def registry_combo(registry: Mapping[str, type], tip: str) -> QtWidgets.QComboBox:
    """A combo box of the registry's names; each item's tooltip is the entry's summary."""
    combo = QtWidgets.QComboBox()
    for name, cls in registry.items():
        combo.addItem(name)
        combo.setItemData(combo.count() - 1, cls.summary, QtCore.Qt.ItemDataRole.ToolTipRole)
    combo.setToolTip(tip)
    return combo
