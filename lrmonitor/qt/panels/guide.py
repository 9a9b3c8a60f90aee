"""The guide panel: the three steps of the procedure, following what the run and the student do.

The state (plateau found, decay taken, early or not) comes from the Qt-free
:class:`~lrmonitor.core.display.guide.PlateauGuide` in each frame; this panel only words it.
"Apply suggested decay" is for once per run: after a click it stays disabled (a second click
would start the schedule's 20 epochs over from the rate it had already lowered).
"""

from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets

from ...core.display.frame import Frame
from ...core.display.guide import TOO_HIGH_RATIO, GuideState, Inspect
from ..theme import follow_scheme

DONE = "✔"
NARROW = 900  # pixels: below this width the guide's two buttons stack


class GuidePanel(QtWidgets.QGroupBox):
    apply_suggested = QtCore.Signal()
    fork_suggested = QtCore.Signal()  # fork here with the suggested decay; the fixed rate goes on beside it

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("The three-step procedure   (Ctrl+G hides this guide)", parent)
        grid = QtWidgets.QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        self.steps = [QtWidgets.QLabel() for _ in range(3)]
        for column, label in enumerate(self.steps):
            label.setWordWrap(True)
            label.setTextFormat(QtCore.Qt.TextFormat.RichText)
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
            label.setMinimumWidth(100)  # three columns fit beside the side panel in an 800-pixel window
            grid.addWidget(label, 0, column)
            grid.setColumnStretch(column, 1)
        self.detector_label = QtWidgets.QLabel()
        follow_scheme(self.detector_label, lambda tones: f"color:{tones.muted};")
        self.detector_label.setWordWrap(True)
        self.suggest_button = QtWidgets.QPushButton("Apply suggested decay")
        self.suggest_button.setToolTip("Apply step decay ×0.1 every 20 epochs from now")
        self.suggest_button.clicked.connect(self._apply_suggested)
        self._suggested = False  # "Apply suggested decay" was clicked for this run
        self.fork_button = QtWidgets.QPushButton("Fork here and compare")
        self.fork_button.setToolTip("Apply the suggested decay in a copy of this run (a fork) and let the "
                                    "fixed-rate run go on beside it: the two futures side by side")
        self.fork_button.clicked.connect(self.fork_suggested)
        self.buttons = buttons = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight)
        buttons.addWidget(self.suggest_button)
        buttons.addWidget(self.fork_button)
        grid.addWidget(self.detector_label, 1, 0, 1, 2)
        grid.addLayout(buttons, 1, 2)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Narrow (an 800-pixel window): the two buttons stack, so the third column can be as narrow as the others."""
        super().resizeEvent(event)
        narrow = event.size().width() < NARROW
        direction = QtWidgets.QBoxLayout.Direction
        wanted = direction.TopToBottom if narrow else direction.LeftToRight
        if self.buttons.direction() != wanted:
            self.buttons.setDirection(wanted)

    def on_frame(self, frame: Frame) -> None:
        if frame.first:
            self._suggested = False
        if frame.data_changed or frame.events_changed or frame.state_changed:
            self.show_state(frame.guide, ended=frame.state.ended)

    def _apply_suggested(self) -> None:
        self._suggested = True
        self.suggest_button.setEnabled(False)
        self.apply_suggested.emit()

    def show_state(self, guide: GuideState, ended: bool) -> None:
        step1 = (f"<b>{DONE if guide.started else '1'}</b> Run without decay: "
                 "start with a constant rate and watch the loss.")
        if guide.inspect is Inspect.DIVERGED:
            step2 = "<b>2</b> Inspect: the run diverged, so there is no plateau to find. Lower α0 and Reset."
        elif guide.inspect is Inspect.TOO_HIGH:
            step2 = (f"<b>2</b> Inspect: the loss is far above where it started ({guide.last_loss:.3g} against "
                     f"{guide.start_loss:.3g}, more than {TOO_HIGH_RATIO:g}×): the rate is too high, and a decay "
                     "schedule is not what it needs. Lower α0 and Reset.")
        elif guide.inspect is Inspect.PLATEAU:
            plateau = guide.plateau
            step2 = (
                f"<b>{DONE}</b> Inspect: the validation loss has not improved by more than "
                f"{guide.threshold:.2%} for {guide.patience} epochs "
                f"(best {plateau.best_value:.4g}, at the end of epoch {plateau.best_epoch}): "
                "it stopped improving, it only wanders. Time to decay."
            )
        else:
            step2 = (
                f"<b>2</b> Inspect: waiting for the loss to stop improving "
                f"(patience {guide.patience} epochs, threshold {guide.threshold:.2%})."
            )
        if guide.decay is not None:
            decay = guide.decay
            label = html.escape(decay.label).replace(",", ",\u200b")  # a long spec may wrap after its commas
            step3 = f"<b>{DONE}</b> Decay applied at epoch {decay.epoch:.1f} ({label})."
            if decay.early:
                step3 += (" That was before the loss stopped improving "
                          + ("(it was still improving): " if decay.stalled == 0 else
                             f"(only {decay.stalled} epoch(s) without improvement): ")
                          + "an early decay slows the progress it was still making.")
            elif guide.plateau is None or decay.epoch < guide.plateau.detected_epoch + 1:
                step3 += (f" The loss had not improved for {decay.stalled} epochs: you saw the stall sooner "
                          f"than the detector (patience {guide.patience}) did.")
            if decay.first_change is not None and guide.epoch < decay.first_change:
                step3 += (f" Nothing changes on the plot until epoch {decay.first_change:g}: this schedule keeps "
                          "the rate until its first drop.")
        elif guide.inspect is Inspect.TOO_HIGH:
            step3 = "<b>3</b> Apply decay: not yet. First find a rate at which the loss goes down."
        else:
            when = "once the loss has flattened."
            if guide.suggestion_ready:
                when = ("suggested now: step decay ×0.1 every 20 epochs. Apply it here, or fork here and compare "
                        "it with the fixed rate, or go on without it (Space).")
            step3 = "<b>3</b> Apply decay: " + when
        for label, text in zip(self.steps, (step1, step2, step3)):
            label.setText(text)
        self.suggest_button.setEnabled(guide.suggestion_ready and not ended and guide.decay is None
                                       and not self._suggested)
        self.fork_button.setEnabled(guide.suggestion_ready)
        self.detector_label.setText(
            f"Plateau detector: ReduceLROnPlateau logic on the validation loss, patience {guide.patience}, "
            f"threshold {guide.threshold:g} (relative); {guide.bad_epochs} epoch(s) without improvement."
        )
