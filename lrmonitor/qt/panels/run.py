"""The run panel: Start/Pause, Step epoch, Reset, the pace and whether to stop at a plateau.

The pace is in epochs per second, the unit students think in. The default, 3 epochs/s, plays
the default 100-epoch run in about half a minute: slow enough to see the loss flatten and to
act on it (step 3 of the procedure) while the run is still going.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ...core.display.frame import Frame
from ...core.run.state import RunState
from ..combos import FieldComboBox
from ..settings import Settings

SPEEDS = [(QT_TRANSLATE_NOOP("RunPanel", "0.5 epochs/s"), 0.5), (QT_TRANSLATE_NOOP("RunPanel", "1 epoch/s"), 1.0),
          (QT_TRANSLATE_NOOP("RunPanel", "3 epochs/s"), 3.0), (QT_TRANSLATE_NOOP("RunPanel", "10 epochs/s"), 10.0),
          (QT_TRANSLATE_NOOP("RunPanel", "30 epochs/s"), 30.0), (QT_TRANSLATE_NOOP("RunPanel", "100 epochs/s"), 100.0),
          (QT_TRANSLATE_NOOP("RunPanel", "300 epochs/s"), 300.0),
          (QT_TRANSLATE_NOOP("RunPanel", "as fast as possible"), None)]  # the labels are translated where shown
DEFAULT_SPEED = 2  # 3 epochs/s
START_TEXT = {RunState.RUNNING: QT_TRANSLATE_NOOP("RunPanel", "Pause"),
              RunState.PAUSED: QT_TRANSLATE_NOOP("RunPanel", "Resume")}


class RunPanel(QtWidgets.QGroupBox):
    """Transport buttons and speed; the buttons follow the run's state frame by frame."""

    toggle_clicked = QtCore.Signal()
    step_clicked = QtCore.Signal()
    reset_clicked = QtCore.Signal()
    speed_changed = QtCore.Signal(object)  # epochs/s, or None for as fast as possible
    pause_on_plateau_changed = QtCore.Signal(bool)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Run"))
        self._state, self._lost = RunState.IDLE, False
        grid = QtWidgets.QGridLayout(self)
        self.start_button = QtWidgets.QPushButton(self.tr("Start"))
        self.start_button.setToolTip(self.tr("Start or pause training (Space)"))
        self.step_button = QtWidgets.QPushButton(self.tr("Step epoch"))
        self.step_button.setToolTip(self.tr("Train to the end of the current epoch (Ctrl+Right)"))
        self.reset_button = QtWidgets.QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Start over with the setup above (Ctrl+R)"))
        self.speed = FieldComboBox()
        for label, value in SPEEDS:
            self.speed.addItem(self.tr(label), value)
        self.speed.setCurrentIndex(DEFAULT_SPEED)
        self.speed.setToolTip(self.tr("Training pace in epochs per second (3: the default run takes about half a "
                                      "minute), or as fast as possible."))
        self.pause_on_plateau = QtWidgets.QCheckBox(self.tr("pause when the loss stops improving"))
        self.pause_on_plateau.setChecked(True)
        self.pause_on_plateau.setToolTip(self.tr(
            "Pause the run when the plateau detector fires (the validation loss has not improved for 10 epochs), "
            "so you can decide: apply a decay, fork and compare, or go on (Space)."))
        grid.addWidget(self.start_button, 0, 0)
        grid.addWidget(self.step_button, 0, 1)
        grid.addWidget(self.reset_button, 0, 2)
        grid.addWidget(QtWidgets.QLabel(self.tr("speed")), 1, 0)
        grid.addWidget(self.speed, 1, 1, 1, 2)
        grid.addWidget(self.pause_on_plateau, 2, 0, 1, 3)
        self.start_button.clicked.connect(self.toggle_clicked)
        self.step_button.clicked.connect(self.step_clicked)
        self.reset_button.clicked.connect(self.reset_clicked)
        self.speed.currentIndexChanged.connect(lambda: self.speed_changed.emit(self.speed.currentData()))
        self.pause_on_plateau.toggled.connect(self.pause_on_plateau_changed)

    @property
    def epochs_per_second(self) -> float | None:
        return self.speed.currentData()

    def on_frame(self, frame: Frame) -> None:
        if not frame.state_changed:
            return
        self._state = frame.state
        self._enable()

    def set_lost(self, lost: bool) -> None:
        """The trainer process died: nothing can train this run until it is restarted (the banner says so)."""
        self._lost = lost
        self._enable()

    def _enable(self) -> None:
        state = self._state
        self.start_button.setText(self.tr(START_TEXT.get(state, "Start")))
        self.start_button.setEnabled(not state.ended and not self._lost)
        self.step_button.setEnabled(not self._lost and state not in (RunState.RUNNING, RunState.FINISHED,
                                                                       RunState.DIVERGED))

    def restore_settings(self, settings: Settings) -> None:
        index = settings.get("run/pace")
        self.speed.setCurrentIndex(index if 0 <= index < len(SPEEDS) else DEFAULT_SPEED)
        self.pause_on_plateau.setChecked(settings.get("run/pause_on_plateau"))

    def save_settings(self, settings: Settings) -> None:
        settings.set("run/pace", self.speed.currentIndex())
        settings.set("run/pause_on_plateau", self.pause_on_plateau.isChecked())
