"""The decay panel: choose a schedule, read its formula, apply it; or decay the rate now by F.

The chosen schedule is announced (``schedule_changed``) every time it changes, so the rate
preview can draw what applying it now would do before the student commits to it.
"""

from __future__ import annotations

import re

from PySide6 import QtCore, QtWidgets

from ...core.training.schedules import SCHEDULES, Schedule, parse_schedule
from ..combos import registry_combo
from ..forms import ParamForm
from ..language import core_error
from ..number_boxes import NumberBox

_USES_T = re.compile(r"(?<!\w)t(?!\w)")  # the clock t on its own: not "the", not "t_cur"


class DecayPanel(QtWidgets.QGroupBox):
    apply_requested = QtCore.Signal(str)  # a schedule spec
    decay_now_requested = QtCore.Signal(float)  # a factor, 0 < F <= 1
    schedule_changed = QtCore.Signal(object)  # the Schedule the fields describe
    refused = QtCore.Signal(str)  # a field did not take a typed value: why, in a sentence

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Decay"))
        form = QtWidgets.QFormLayout(self)
        self.schedule = registry_combo(SCHEDULES, self.tr("Schedule to apply, re-anchored at the current rate."))
        self.schedule.setCurrentText("step")
        self.schedule_form = ParamForm()
        self.formula = QtWidgets.QLabel()
        self.formula.setWordWrap(True)
        self.formula.setStyleSheet("font-family: serif; font-size: 11pt;")
        self.apply_button = QtWidgets.QPushButton(self.tr("Apply decay"))
        self.apply_button.setToolTip(self.tr("Apply this schedule at the next step (Ctrl+D). "
                                              "The dotted grey line previews it."))
        self.decay_factor = NumberBox()
        self.decay_factor.setRange(1e-6, 1.0)
        self.decay_factor.setValue(0.1)
        self.decay_factor.setSingleStep(0.05)
        self.decay_factor.setToolTip(self.tr("Factor for 'Decay now' (0 < F <= 1)"))
        self.decay_factor.range_text = "0 < F <= 1"
        self.decay_factor.refused.connect(self.refused)
        self.schedule_form.refused.connect(self.refused)
        self.decay_now_button = QtWidgets.QPushButton(self.tr("Decay now ×{0}").format("0.1"))
        self.decay_now_button.setToolTip(self.tr("Multiply the rate by F at once (D)"))
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.decay_now_button, 1)
        row.addWidget(QtWidgets.QLabel("F"))
        row.addWidget(self.decay_factor)
        form.addRow(self.tr("schedule"), self.schedule)
        form.addRow(self.schedule_form)
        form.addRow(self.formula)
        form.addRow(self.apply_button)
        form.addRow(row)
        self.schedule.currentIndexChanged.connect(self._kind_changed)
        self.schedule_form.changed.connect(self._describe)
        self.apply_button.clicked.connect(self.apply)
        self.decay_now_button.clicked.connect(self.decay_now)
        self.decay_factor.valueChanged.connect(
            lambda f: self.decay_now_button.setText(self.tr("Decay now ×{0}").format(f"{f:g}")))
        self._kind_changed()

    def spec(self) -> str:
        """The schedule spec the fields describe."""
        return self.schedule_form.spec(self.schedule.currentText())

    def chosen(self) -> Schedule | None:
        try:
            return parse_schedule(self.spec())
        except ValueError:
            return None

    def apply(self) -> None:
        self.apply_requested.emit(self.spec())

    def decay_now(self) -> None:
        self.decay_now_requested.emit(float(self.decay_factor.value()))

    def _kind_changed(self) -> None:
        self.schedule_form.set_params(SCHEDULES[self.schedule.currentText()].PARAMS)
        self._describe()

    def _describe(self) -> None:
        """The formula with this schedule's numbers, and the news for the preview."""
        try:
            schedule = parse_schedule(self.spec())
        except ValueError as err:
            self.formula.setText(core_error(err))
            return
        text = schedule.formula_text()
        if _USES_T.search(text):
            text += "   " + (self.tr("(t = epochs since applied, fractional)") if schedule.per_step
                             else self.tr("(t = epochs since applied)"))
        self.formula.setText(text)
        self.schedule_changed.emit(schedule)
