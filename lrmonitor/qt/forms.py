"""Input fields generated from the core's :class:`Param` descriptions.

One description drives the command line and these widgets, so a field's range, default and
tooltip are exactly what the core accepts: values outside the range cannot be entered.
"""

from __future__ import annotations

from typing import Any, Sequence

from PySide6 import QtCore, QtGui, QtWidgets

from ..core.training.params import Param, format_value

BIG = 1e9


class NumberBox(QtWidgets.QDoubleSpinBox):
    """A spin box for floats over many decades: shows ``0.001`` or ``1e-08``, not ``0.0010000000``."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(12)
        self.setStepType(QtWidgets.QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt override)
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        stripped = text.strip()
        try:
            value = float(stripped)
        except ValueError:
            ok = stripped == "" or all(c in "0123456789.eE+-" for c in stripped)
            state = QtGui.QValidator.State.Intermediate if ok else QtGui.QValidator.State.Invalid
            return state, text, pos
        if self.minimum() <= value <= self.maximum():
            return QtGui.QValidator.State.Acceptable, text, pos
        return QtGui.QValidator.State.Intermediate, text, pos


class ParamForm(QtWidgets.QWidget):
    """A form of fields for a list of parameters; emits ``changed`` on every edit."""

    changed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QtWidgets.QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._fields: dict[str, tuple[Param, list[QtWidgets.QWidget]]] = {}

    def set_params(self, params: Sequence[Param], values: dict[str, Any] | None = None, skip: Sequence[str] = ()) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._fields.clear()
        for p in params:
            if p.name in skip:
                continue
            widgets = self._make(p)
            tip = f"{p.help}\nAllowed: {p.range_text()}. Default: {p.default_text()}."
            row = QtWidgets.QWidget()
            box = QtWidgets.QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                w.setToolTip(tip)
                box.addWidget(w)
            label = QtWidgets.QLabel(p.name)
            label.setToolTip(tip)
            self._layout.addRow(label, row)
            self._fields[p.name] = (p, widgets)
            self._set(p, widgets, (values or {}).get(p.name, p.default))

    def _make(self, p: Param) -> list[QtWidgets.QWidget]:
        if p.kind is bool:
            w = QtWidgets.QCheckBox()
            w.toggled.connect(self.changed)
            return [w]
        if p.kind == "choice":
            w = QtWidgets.QComboBox()
            w.addItems(list(p.choices))
            w.currentIndexChanged.connect(self.changed)
            return [w]
        count = 2 if p.kind == "pair" else 1
        out = []
        for _ in range(count):
            if p.kind is int:
                w = QtWidgets.QSpinBox()
                w.setRange(int(p.low if p.low is not None else -BIG), int(p.high if p.high is not None else BIG))
            else:
                w = NumberBox()
                low = p.low if p.low is not None else -BIG
                high = p.high if p.high is not None else BIG
                step = 1e-10
                w.setRange(low + (step if p.low_open else 0), high - (step if p.high_open else 0))
                w.setSingleStep(0.01 if high <= 1 else 0.1)
            w.setKeyboardTracking(False)
            w.valueChanged.connect(self.changed)
            out.append(w)
        return out

    def _set(self, p: Param, widgets: list[QtWidgets.QWidget], value: Any) -> None:
        if p.kind is bool:
            widgets[0].setChecked(bool(value))
        elif p.kind == "choice":
            widgets[0].setCurrentText(str(value))
        elif p.kind == "pair":
            widgets[0].setValue(value[0])
            widgets[1].setValue(value[1])
        else:
            widgets[0].setValue(value)

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
        out: dict[str, Any] = {}
        for name, (p, widgets) in self._fields.items():
            if p.kind is bool:
                out[name] = widgets[0].isChecked()
            elif p.kind == "choice":
                out[name] = widgets[0].currentText()
            elif p.kind == "pair":
                out[name] = (widgets[0].value(), widgets[1].value())
            elif p.kind is int:
                out[name] = int(widgets[0].value())
            else:
                out[name] = float(widgets[0].value())
        return out

    def spec(self, name: str) -> str:
        """``name:key=value,...`` text of the current values."""
        parts = [f"{k}={format_value(v)}" for k, v in self.values().items()]
        return name + (":" + ",".join(parts) if parts else "")

    def field(self, name: str) -> QtWidgets.QWidget:
        return self._fields[name][1][0]
