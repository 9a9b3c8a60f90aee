"""Spin boxes for numbers over many decades and for whole numbers of any size.

Qt's QSpinBox holds a 32-bit int, so no seed of 3,000,000,000 fits; :class:`WholeNumberBox`
holds a Python int. Qt's QDoubleSpinBox rounds to a fixed number of decimals, so an α0 of
1e-8 shows as 0; :class:`NumberBox` shows and keeps every digit of a float (an α0 read from a
session file must not change when Return is pressed in its field).

Both take the mouse wheel only when focused (the side panel scrolls past them without editing
them, see :mod:`.combos`), and a typed value they cannot take is not silently replaced by the
old one: they emit ``refused`` with a sentence saying why and what is allowed. A rate spans
decades, so a :class:`NumberBox` with ``multiplicative`` set steps 1-2-5 (0.1, 0.2, 0.5, 1, ...).
"""

from __future__ import annotations

import math
import operator
import re

from PySide6 import QtCore, QtGui, QtWidgets

from ..core.training.params import format_value
from .combos import take_wheel_when_focused, wheel_when_focused

translate = QtCore.QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

_ACCEPTABLE = QtGui.QValidator.State.Acceptable
_INTERMEDIATE = QtGui.QValidator.State.Intermediate
_INVALID = QtGui.QValidator.State.Invalid
_STEP = QtWidgets.QAbstractSpinBox.StepEnabledFlag
# Qt sizes a spin box from the texts of its bounds; these bounds can be 1.8e+308 or 2**63 - 1,
# which would make every field (and the panel around it) far wider than any value shown in it.
# A field asks for the room of this text at most (as wide as Qt's own spin boxes were for
# the old bounds of +-1e9), and can be squeezed to the room of the shorter one; a longer value
# scrolls inside it.
WIDEST_TEXT = "-0.00012"
NARROWEST_TEXT = "-0.01"
ONE_TWO_FIVE = (1.0, 2.0, 5.0)


def one_two_five(value: float, steps: int) -> float:
    """``steps`` steps from ``value`` (> 0) along ... 0.1, 0.2, 0.5, 1, 2, 5, 10 ...; a value between
    two of them goes to the next one in the step's direction."""
    for _ in range(abs(steps)):
        decade = math.floor(math.log10(value))
        grid = [float(f"{m * 10.0 ** k:.12g}") for k in range(decade - 1, decade + 2) for m in ONE_TWO_FIVE]
        if steps > 0:
            value = min(g for g in grid if g > value * (1 + 1e-9))
        else:
            value = max(g for g in grid if g < value * (1 - 1e-9))
    return value


def refusal(text: str, range_text: str, kept: str) -> str:
    """The sentence a field says when it cannot take ``text``."""
    try:
        float(text)
    except ValueError:
        return translate("NumberBox", "'{text}' is not a number; the field keeps {kept}.").format(text=text[:40],
                                                                                                  kept=kept)
    return translate("NumberBox", "{text} is out of range ({range}); the field keeps {kept}.").format(
        text=text[:40], range=range_text, kept=kept)


def _spin_box_size(box: QtWidgets.QAbstractSpinBox, texts: list[str], cap: str = WIDEST_TEXT) -> QtCore.QSize:
    """The size a spin box needs for the longest of ``texts``, but no more than ``cap`` needs."""
    box.ensurePolished()
    metrics = box.fontMetrics()
    width = min(max(metrics.horizontalAdvance(t + " ") for t in texts), metrics.horizontalAdvance(cap + " "))
    option = QtWidgets.QStyleOptionSpinBox()
    box.initStyleOption(option)
    size = QtCore.QSize(width + 2, box.lineEdit().sizeHint().height())
    return box.style().sizeFromContents(QtWidgets.QStyle.ContentsType.CT_SpinBox, option, size, box)


class NumberBox(QtWidgets.QDoubleSpinBox):
    """A spin box for floats over many decades that keeps every digit.

    It shows the shortest text that reads back to the same float (``0.001``, ``1e-08``,
    ``0.123456789``), not ``0.0010000000`` nor a rounded ``0.123457``; steps are adaptive (a
    tenth of the value's decade; :meth:`singleStep` from 0) and land on round numbers (0.2 + 0.01
    gives 0.21, not 0.21000000000000002).
    """

    refused = QtCore.Signal(str)  # a typed value was not taken: why, in a sentence

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.multiplicative = False  # steps go 1-2-5 (for rates) instead of a tenth of the decade
        self.range_text = ""  # the allowed range in words, for a refusal (forms.update_field sets it)
        take_wheel_when_focused(self)
        self.setDecimals(323)  # Qt rounds values to this many decimals: the most, so it never does
        self.setStepType(QtWidgets.QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt override)
        return format_value(float(value))

    def valueFromText(self, text: str) -> float:  # noqa: N802 (Qt override)
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
            return (_INTERMEDIATE if ok else _INVALID), text, pos
        if self.minimum() <= value <= self.maximum():
            return _ACCEPTABLE, text, pos
        return _INTERMEDIATE, text, pos

    def fixup(self, text: str) -> str:
        """Qt calls this for text it cannot take on Return or focus out, then restores the value: say so."""
        typed = text.strip()
        if typed:
            allowed = self.range_text or translate("NumberBox", "{0} to {1}").format(
                format_value(self.minimum()), format_value(self.maximum()))
            self.refused.emit(refusal(typed, allowed, self.textFromValue(self.value())))
        return text

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        wheel_when_focused(self, event, QtWidgets.QDoubleSpinBox)

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 (Qt override)
        return _spin_box_size(self, [self.textFromValue(self.minimum()), self.textFromValue(self.maximum())])

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802 (Qt override)
        return _spin_box_size(self, [WIDEST_TEXT], cap=NARROWEST_TEXT)

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt override)
        before = self.value()
        if self.multiplicative and before > 0:
            stepped = min(max(one_two_five(before, steps), self.minimum()), self.maximum())
            self.selectAll()
        elif before == 0:  # Qt's adaptive step from 0 is 10**-decimals: take the single step
            stepped = min(max(steps * self.singleStep(), self.minimum()), self.maximum())
            self.selectAll()
        else:
            blocked = self.blockSignals(True)
            try:
                super().stepBy(steps)
                stepped = self.value()
                self.setValue(before)
            finally:
                self.blockSignals(blocked)
        self.setValue(float(f"{stepped:.12g}"))  # one valueChanged, with the rounded value


class WholeNumberBox(QtWidgets.QAbstractSpinBox):
    """A spin box for whole numbers of any size: its value is a Python int.

    Qt's QSpinBox holds a 32-bit int; a seed may be up to 2**63 - 1. For the same reason
    ``valueChanged`` carries an ``object`` (Qt's int signal would cut it to 32 bits). Otherwise
    it behaves like QSpinBox: keystrokes that cannot lead to a value in range are refused,
    text left unfinished (e.g. below the minimum) is reverted on Return or focus out, arrows,
    Page Up/Down and the wheel step by :meth:`singleStep`. Keyboard tracking is off by default:
    ``valueChanged`` comes on Return, focus out or a step, not on every keystroke.
    A bound of None means no bound.
    """

    valueChanged = QtCore.Signal(object)  # noqa: N815 (QSpinBox's signal name)
    refused = QtCore.Signal(str)  # typed text was not taken: why, in a sentence

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.range_text = ""  # the allowed range in words, for a refusal (forms.update_field sets it)
        take_wheel_when_focused(self)
        self._minimum: int | None = 0
        self._maximum: int | None = 99
        self._value = 0
        self._step = 1
        self.setKeyboardTracking(False)
        self.lineEdit().setText("0")
        self.lineEdit().textEdited.connect(self._edited)
        self.editingFinished.connect(self._commit)

    # -- the QSpinBox-like interface ------------------------------------------------------
    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:  # noqa: N802 (QSpinBox's name)
        """Show ``value``, clamped into the range; emits ``valueChanged`` if the value changed."""
        value = self._clamp(operator.index(value))
        self.lineEdit().setText(str(value))  # also drops unfinished typing, like QSpinBox
        if value != self._value:
            self._value = value
            self.valueChanged.emit(value)

    def minimum(self) -> int | None:
        return self._minimum

    def maximum(self) -> int | None:
        return self._maximum

    def setMinimum(self, minimum: int | None) -> None:  # noqa: N802 (QSpinBox's name)
        """Like QSpinBox: a maximum below the new minimum becomes the minimum."""
        maximum = self._maximum
        if minimum is not None and maximum is not None:
            maximum = max(minimum, maximum)
        self.setRange(minimum, maximum)

    def setMaximum(self, maximum: int | None) -> None:  # noqa: N802 (QSpinBox's name)
        """Like QSpinBox: a minimum above the new maximum becomes the maximum."""
        minimum = self._minimum
        if minimum is not None and maximum is not None:
            minimum = min(minimum, maximum)
        self.setRange(minimum, maximum)

    def setRange(self, minimum: int | None, maximum: int | None) -> None:  # noqa: N802 (QSpinBox's name)
        """Set both bounds (None: unbounded); the value is clamped into them."""
        minimum = None if minimum is None else operator.index(minimum)
        maximum = None if maximum is None else operator.index(maximum)
        if minimum is not None and maximum is not None and maximum < minimum:
            maximum = minimum  # as QSpinBox does
        self._minimum, self._maximum = minimum, maximum
        self.updateGeometry()  # the size hint fits the longest bound
        self.setValue(self._value)

    def singleStep(self) -> int:  # noqa: N802 (QSpinBox's name)
        return self._step

    def setSingleStep(self, step: int) -> None:  # noqa: N802 (QSpinBox's name)
        self._step = operator.index(step)

    # -- Qt's hooks ---------------------------------------------------------------------------
    def validate(self, text: str, pos: int):
        return self._state(text), text, pos

    def fixup(self, text: str) -> str:
        """Text that is not a value in range: back to the last value (or the nearest bound)."""
        if self.correctionMode() == QtWidgets.QAbstractSpinBox.CorrectionMode.CorrectToNearestValue:
            try:
                return str(self._clamp(int(text.strip())))
            except ValueError:
                pass
        return str(self._value)

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt override)
        text = self.lineEdit().text()
        base = int(text) if self._state(text) == _ACCEPTABLE else self._value  # typed, not yet committed
        self.setValue(self._clamp(base + steps * self._step))
        self.selectAll()

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        wheel_when_focused(self, event, QtWidgets.QAbstractSpinBox)

    def stepEnabled(self) -> QtWidgets.QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 (Qt override)
        flags = _STEP.StepNone
        if self.isReadOnly():
            return flags
        if self._maximum is None or self._value < self._maximum:
            flags |= _STEP.StepUpEnabled
        if self._minimum is None or self._value > self._minimum:
            flags |= _STEP.StepDownEnabled
        return flags

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 (Qt override)
        # QAbstractSpinBox sizes itself from the texts of its bounds, which it cannot make here
        texts = [str(b) if b is not None else "-" + "9" * 19 for b in (self._minimum, self._maximum)]
        return _spin_box_size(self, texts)

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802 (Qt override)
        return _spin_box_size(self, [WIDEST_TEXT], cap=NARROWEST_TEXT)

    # -- internals ----------------------------------------------------------------------------
    def _clamp(self, value: int) -> int:
        if self._minimum is not None:
            value = max(value, self._minimum)
        if self._maximum is not None:
            value = min(value, self._maximum)
        return value

    def _state(self, text: str) -> QtGui.QValidator.State:
        text = text.strip()
        negative_allowed = self._minimum is None or self._minimum < 0
        if text in ("", "-"):
            return _INTERMEDIATE if text == "" or negative_allowed else _INVALID
        if not re.fullmatch(r"-?[0-9]+", text) or (text.startswith("-") and not negative_allowed):
            return _INVALID
        value = int(text)
        if (self._minimum is None or value >= self._minimum) and (self._maximum is None or value <= self._maximum):
            return _ACCEPTABLE
        # More digits move a number away from zero: only a number between zero and the range
        # can still become one in range.
        if (self._minimum is not None and 0 <= value < self._minimum) or (
            self._maximum is not None and self._maximum < value <= 0
        ):
            return _INTERMEDIATE
        return _INVALID

    def _edited(self, text: str) -> None:
        if self.keyboardTracking() and self._state(text) == _ACCEPTABLE and int(text) != self._value:
            self._value = int(text)
            self.valueChanged.emit(self._value)

    def _commit(self) -> None:
        text = self.lineEdit().text()
        if self._state(text) == _ACCEPTABLE:
            self.setValue(int(text))
        else:
            if text.strip():
                allowed = self.range_text or translate("NumberBox", "{0} to {1}").format(self._minimum, self._maximum)
                self.refused.emit(refusal(text.strip(), allowed, str(self._value)))
            self.setValue(int(self.fixup(text)))  # also puts the value's text back


# -- one field per Param ----------------------------------------------------------------------
