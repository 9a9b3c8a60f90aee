"""The run panel: Start/Pause, Step epoch, Reset and the training speed."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ...core.display.frame import Frame
from ...core.run.state import RunState
from ..settings import Settings

SPEEDS = [("1 step/s", 1.0), ("10 steps/s", 10.0), ("100 steps/s", 100.0), ("1,000 steps/s", 1000.0),
          ("10,000 steps/s", 10000.0), ("as fast as possible", None)]
START_TEXT = {RunState.RUNNING: "Pause", RunState.PAUSED: "Resume"}


class RunPanel(QtWidgets.QGroupBox):
    """Transport buttons and speed; the buttons follow the run's state frame by frame."""

    toggle_clicked = QtCore.Signal()
    step_clicked = QtCore.Signal()
    reset_clicked = QtCore.Signal()
    speed_changed = QtCore.Signal(object)  # steps/s, or None for as fast as possible

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Run", parent)
        grid = QtWidgets.QGridLayout(self)
        self.start_button = QtWidgets.QPushButton("Start")
        self.start_button.setToolTip("Start or pause training (Space)")
        self.step_button = QtWidgets.QPushButton("Step epoch")
        self.step_button.setToolTip("Train to the end of the current epoch (Ctrl+Right)")
        self.reset_button = QtWidgets.QPushButton("Reset")
        self.reset_button.setToolTip("Start over with the setup above (Ctrl+R)")
        self.speed = QtWidgets.QComboBox()
        for label, value in SPEEDS:
            self.speed.addItem(label, value)
        self.speed.setCurrentIndex(len(SPEEDS) - 1)
        self.speed.setToolTip("Training speed: slow enough to watch single steps, or as fast as possible.")
        grid.addWidget(self.start_button, 0, 0)
        grid.addWidget(self.step_button, 0, 1)
        grid.addWidget(self.reset_button, 0, 2)
        grid.addWidget(QtWidgets.QLabel("speed"), 1, 0)
        grid.addWidget(self.speed, 1, 1, 1, 2)
        self.start_button.clicked.connect(self.toggle_clicked)
        self.step_button.clicked.connect(self.step_clicked)
        self.reset_button.clicked.connect(self.reset_clicked)
        self.speed.currentIndexChanged.connect(lambda: self.speed_changed.emit(self.speed.currentData()))

    @property
    def steps_per_second(self) -> float | None:
        return self.speed.currentData()

    def on_frame(self, frame: Frame) -> None:
        if not frame.state_changed:
            return
        state = frame.state
        self.start_button.setText(START_TEXT.get(state, "Start"))
        self.start_button.setEnabled(not state.ended)
        self.step_button.setEnabled(state not in (RunState.RUNNING, RunState.FINISHED, RunState.DIVERGED))

    def restore_settings(self, settings: Settings) -> None:
        index = settings.get("run/speed")
        self.speed.setCurrentIndex(index if 0 <= index < len(SPEEDS) else len(SPEEDS) - 1)

    def save_settings(self, settings: Settings) -> None:
        settings.set("run/speed", self.speed.currentIndex())
