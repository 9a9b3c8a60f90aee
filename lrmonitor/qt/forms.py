"""Input fields made from the core's :class:`Param` descriptions.

One description drives the core's checks, the command line and these widgets, so a field's
range, default and tooltip are exactly what the core accepts: values outside the range cannot
be entered, and every value the core accepts can be shown. That is why whole numbers get a
:class:`WholeNumberBox` (a Python int) rather than Qt's QSpinBox (a 32-bit int, so no seed of
3,000,000,000), and why :class:`NumberBox` shows and keeps every digit of a float (an α0 read
from a session file must not change when Return is pressed in its field).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from ..core.training.params import Param
from .combos import FieldComboBox
from .language import core_text, core_words
from .number_boxes import NumberBox, WholeNumberBox


def field_tooltip(param: Param) -> str:
    """What a field's tooltip says: the help, the allowed range and the default."""
    return QtCore.QCoreApplication.translate("ParamForm", "{help}\nAllowed: {range}. Default: {default}.").format(
        help=core_text(param.help), range=core_words(param.range_words()), default=core_text(param.default_text()))


def make_field(param: Param, parent: QtWidgets.QWidget | None = None) -> QtWidgets.QWidget:
    """An input field for ``param``, with its range, single step and tooltip, showing its default.

    ``bool``: QCheckBox (``toggled``); ``"choice"``: QComboBox of the choices
    (``currentIndexChanged``); ``int``: :class:`WholeNumberBox` (``valueChanged(object)``, a
    Python int); ``float``: :class:`NumberBox` (``valueChanged(float)``); ``"pair"``: a NumberBox
    for one element (make two); ``"ints"``: a QLineEdit of text such as ``30/60/90``
    (``editingFinished``), checked by the core when the spec is read, so a typo gets the core's
    message. A default of None leaves the field at its minimum.
    """
    if param.kind is bool:
        field: QtWidgets.QWidget = QtWidgets.QCheckBox(parent)
    elif param.kind == "choice":
        field = FieldComboBox(parent)
    elif param.kind is int:
        field = WholeNumberBox(parent)
    elif param.kind in (float, "pair"):
        field = NumberBox(parent)
    elif param.kind == "ints":
        field = QtWidgets.QLineEdit(parent)
        field.setValidator(QtGui.QRegularExpressionValidator(QtCore.QRegularExpression(r"[0-9/ ]*"), field))
    else:
        raise ValueError(f"no field for a parameter of kind {param.kind!r}")
    update_field(field, param)
    if param.default is not None and param.kind != "pair":
        set_field_value(field, param.format(param.default) if param.kind == "ints" else param.default)
    return field


def update_field(field: QtWidgets.QWidget, param: Param) -> None:
    """Give a field from :func:`make_field` the range, step and tooltip of ``param``.

    For a range that depends on other values, e.g. the batch size, whose upper bound is the
    training set size: the value is clamped into the new range (and ``valueChanged`` emitted
    if it changed). A choice field keeps its current choice if it is still offered.
    """
    field.setToolTip(field_tooltip(param))
    if isinstance(field, (WholeNumberBox, NumberBox)):
        field.range_text = core_words(param.range_words())  # what a refused value is told
    if isinstance(field, WholeNumberBox):
        low, high = param.low, param.high  # the whole numbers in range:
        field.setRange(
            None if low is None else math.floor(low) + 1 if param.low_open else math.ceil(low),
            None if high is None else math.ceil(high) - 1 if param.high_open else math.floor(high),
        )
    elif isinstance(field, NumberBox):
        low, high = _float_range(param)
        field.setRange(low, high)
        field.setSingleStep(0.01 if high <= 1 else 0.1)  # the first step; adaptive from there
    elif isinstance(field, QtWidgets.QComboBox):
        choices = list(param.choices)
        if [field.itemText(i) for i in range(field.count())] != choices:
            current = field.currentText()
            blocked = field.blockSignals(True)
            try:
                field.clear()
                field.addItems(choices)
            finally:
                field.blockSignals(blocked)
            if current in choices:
                field.setCurrentText(current)


def set_field_value(field: QtWidgets.QWidget, value: Any) -> None:
    """Show ``value`` in a field from :func:`make_field` (one element for a pair's field)."""
    if isinstance(field, QtWidgets.QCheckBox):
        field.setChecked(bool(value))
    elif isinstance(field, QtWidgets.QLineEdit):
        field.setText(value if isinstance(value, str) else "/".join(str(v) for v in value))
    elif isinstance(field, QtWidgets.QComboBox):
        field.setCurrentText(str(value))
    else:
        field.setValue(value)


def field_value(field: QtWidgets.QWidget) -> Any:
    """The value a field from :func:`make_field` shows: bool, str, int or float (the text of an
    ``"ints"`` field, as typed)."""
    if isinstance(field, QtWidgets.QCheckBox):
        return field.isChecked()
    if isinstance(field, QtWidgets.QLineEdit):
        return field.text().strip()
    if isinstance(field, QtWidgets.QComboBox):
        return field.currentText()
    if isinstance(field, WholeNumberBox):
        return field.value()
    return float(field.value())


def _float_range(param: Param) -> tuple[float, float]:
    """The field's bounds: every finite float if unbounded, the next float past an open bound."""
    low = -sys.float_info.max if param.low is None else float(param.low)
    high = sys.float_info.max if param.high is None else float(param.high)
    if param.low is not None and param.low_open:
        low = max(math.nextafter(low, math.inf), low + 1e-300)  # 1e-300 past 0: Qt keeps it
    if param.high is not None and param.high_open:
        high = min(math.nextafter(high, -math.inf), high - 1e-300)
    return low, high


def _changed_signal(field: QtWidgets.QWidget) -> QtCore.SignalInstance:
    if isinstance(field, QtWidgets.QCheckBox):
        return field.toggled
    if isinstance(field, QtWidgets.QComboBox):
        return field.currentIndexChanged
    if isinstance(field, QtWidgets.QLineEdit):
        return field.editingFinished
    return field.valueChanged


class ParamForm(QtWidgets.QWidget):
    """A form of fields for a list of parameters; emits ``changed`` on every edit."""

    changed = QtCore.Signal()
    refused = QtCore.Signal(str)  # a field's refusal of a typed value, in words

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QtWidgets.QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._fields: dict[str, tuple[Param, list[QtWidgets.QWidget]]] = {}

    def set_params(self, params: Sequence[Param], values: dict[str, Any] | None = None) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._fields.clear()
        for p in params:
            widgets = [make_field(p) for _ in range(2 if p.kind == "pair" else 1)]
            row = QtWidgets.QWidget()
            box = QtWidgets.QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                box.addWidget(w)
                _changed_signal(w).connect(self.changed)
                if isinstance(w, (NumberBox, WholeNumberBox)):
                    w.refused.connect(self.refused)
            label = QtWidgets.QLabel(p.name)
            label.setToolTip(field_tooltip(p))
            self._layout.addRow(label, row)
            self._fields[p.name] = (p, widgets)
            self._set(p, widgets, (values or {}).get(p.name, p.default))

    @staticmethod
    def _set(p: Param, widgets: list[QtWidgets.QWidget], value: Any) -> None:
        if p.kind == "pair":
            widgets[0].setValue(value[0])
            widgets[1].setValue(value[1])
        else:
            set_field_value(widgets[0], value)

    def show_values(self, params: Sequence[Param], values: dict[str, Any]) -> None:
        """Show these values; the fields are rebuilt only if the parameters differ, so a
        field being edited keeps its focus. Emits no ``changed``."""
        if tuple(p for p, _ in self._fields.values()) != tuple(params):
            self.set_params(params, values)
            return
        for name, (p, widgets) in self._fields.items():
            for w in widgets:
                w.blockSignals(True)
            try:
                self._set(p, widgets, values.get(name, p.default))
            finally:
                for w in widgets:
                    w.blockSignals(False)

    def values(self) -> dict[str, Any]:
        """The typed values; an ``"ints"`` field's text stays text if the core would refuse it."""
        out: dict[str, Any] = {}
        for name, (p, widgets) in self._fields.items():
            if p.kind == "pair":
                out[name] = (float(widgets[0].value()), float(widgets[1].value()))
            elif p.kind == "ints":
                text = field_value(widgets[0])
                try:
                    out[name] = p.parse(text)
                except ValueError:
                    out[name] = text
            else:
                out[name] = field_value(widgets[0])
        return out

    def spec(self, name: str) -> str:
        """``name:key=value,...`` text of the current values."""
        params = {n: p for n, (p, _) in self._fields.items()}
        parts = [f"{k}={v if isinstance(v, str) and params[k].kind == 'ints' else params[k].format(v)}"
                 for k, v in self.values().items()]
        return name + (":" + ",".join(parts) if parts else "")

    def field(self, name: str) -> QtWidgets.QWidget:
        return self._fields[name][1][0]
