"""The Range test tab: the learning-rate range test on the setup, run on demand and drawn as it runs.

The test is short (100 steps by default) and runs in the window's process with the core trainer
(``core.run.range_test.RangeTestRun``), a few milliseconds per frame: up to the allowed 100,000
steps it never holds a frame up, and it needs no worker. "Use this rate" sends the hint upward
(:attr:`RangeTestPage.use_rate`); the window puts it into the setup's α0.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6 import QtCore, QtWidgets

from ...core.display.frame import Frame
from ...core.run.config import RunConfig
from ...core.run.range_test import DEFAULT_END, DEFAULT_START, DEFAULT_STEPS, MAX_STEPS, RangeTestRun, check_range
from ..language import core_error
from .range_view import RangeTestView

BUDGET = 0.004  # seconds of the test per frame


class RangeTestPage(QtWidgets.QWidget):
    use_rate = QtCore.Signal(float)

    def __init__(self, config: Callable[[], RunConfig | None], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = config
        self.view = RangeTestView()
        self.view.use_rate.connect(self.use_rate)
        self.start = QtWidgets.QLineEdit(f"{DEFAULT_START:g}")
        self.end = QtWidgets.QLineEdit(f"{DEFAULT_END:g}")
        self.steps = QtWidgets.QSpinBox()
        self.steps.setRange(13, MAX_STEPS)
        self.steps.setValue(DEFAULT_STEPS)
        self.start.setToolTip(self.tr("The rate of the first step (> 0)"))
        self.end.setToolTip(self.tr("The rate of the last step (> the first); the rate grows exponentially"))
        self.steps.setToolTip(self.tr("Mini-batch steps of the test; it stops earlier once the smoothed loss "
                                      "exceeds 4× its best"))
        self.run_button = QtWidgets.QPushButton(self.tr("Run the range test"))
        self.run_button.setToolTip(self.tr("One short run of the setup whose rate grows from the first to the "
                                           "last value (Smith 2015; fastai's lr_find)"))
        self.run_button.clicked.connect(self.run)
        self.status = QtWidgets.QLabel(self.tr("Press Run: one short run of the setup with a growing rate."))
        self.status.setWordWrap(True)
        # above the caveat under the plot, not beside the fields: there it took three lines of a small window
        self.view.note.add(self.status)
        row = QtWidgets.QHBoxLayout()
        wide = self.start.fontMetrics().horizontalAdvance("0.000001") + 24  # a rate's digits, not half the row
        for label, field in ((self.tr("from"), self.start), (self.tr("to"), self.end), (self.tr("steps"), self.steps)):
            row.addWidget(QtWidgets.QLabel(label))
            row.addWidget(field)
            if isinstance(field, QtWidgets.QLineEdit):
                field.setMaximumWidth(max(wide, 90))
        row.addWidget(self.run_button)
        row.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.test: RangeTestRun | None = None
        self._default_lr: float | None = None
        self.start.returnPressed.connect(self.run)
        self.end.returnPressed.connect(self.run)

    @property
    def running(self) -> bool:
        return self.test is not None and not self.test.done

    def run(self) -> None:
        """Start the test on the setup's configuration (a bad range is named, nothing runs)."""
        config = self._config()
        if config is None:
            self.status.setText(self.tr("The setup has an error: fix it first (see the setup panel)."))
            return
        try:
            start, end = float(self.start.text()), float(self.end.text())
        except ValueError:
            self.status.setText(self.tr("from %1 / to %2: allowed are numbers, e.g. 1e-6 and 10")
                                .replace("%1", repr(self.start.text())).replace("%2", repr(self.end.text())))
            return
        try:
            check_range(start, end, self.steps.value())
            self.test = RangeTestRun(config, start, end, self.steps.value())
        except ValueError as err:
            # the core names the command line's options; the window names its fields
            self.status.setText(core_error(err).replace("--start", self.tr("from")).replace("--end", self.tr("to"))
                                .replace("--steps", self.tr("steps")))
            return
        self._default_lr = config.lr
        self.status.setText(self.tr("Running…"))
        self.advance(time.perf_counter() + BUDGET)

    def on_frame(self, _frame: Frame | None = None) -> None:
        if self.running:
            self.advance(time.perf_counter() + BUDGET)

    def advance(self, deadline: float) -> None:
        test = self.test
        if test is None:
            return
        test.advance(deadline)
        result = test.result()
        if result.steps:
            self.view.set_result(result, self._default_lr)
        if test.done:
            why = (self.tr("stopped: the smoothed loss passed 4× its best") if test.stopped_early
                   else self.tr("all steps done"))
            self.status.setText(self.tr("%1 steps, %2. The dashed lines are hints, not answers.")
                                .replace("%1", str(result.steps)).replace("%2", why))
        else:
            self.status.setText(self.tr("Running… step %1").replace("%1", str(test.trainer.step)))
