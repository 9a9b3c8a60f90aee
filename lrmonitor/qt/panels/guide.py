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
        super().__init__(parent)
        self.setTitle(self.tr("The three-step procedure   (Ctrl+G hides this guide)"))
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
        self.suggest_button = QtWidgets.QPushButton(self.tr("Apply suggested decay"))
        self.suggest_button.setToolTip(self.tr("Apply step decay ×0.1 every 20 epochs from now"))
        self.suggest_button.clicked.connect(self._apply_suggested)
        self._suggested = False  # "Apply suggested decay" was clicked for this run
        self.fork_button = QtWidgets.QPushButton(self.tr("Fork here and compare"))
        self.fork_button.setToolTip(self.tr("Apply the suggested decay in a copy of this run (a fork) and let the "
                                            "fixed-rate run go on beside it: the two futures side by side"))
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
        step1 = self.tr("<b>{mark}</b> Run without decay: start with a constant rate and watch the loss.").format(
            mark=DONE if guide.started else "1")
        if guide.inspect is Inspect.DIVERGED:
            step2 = self.tr("<b>2</b> Inspect: the run diverged, so there is no plateau to find. Lower α0 and Reset.")
        elif guide.inspect is Inspect.TOO_HIGH:
            step2 = self.tr(
                "<b>2</b> Inspect: the loss is far above where it started ({last} against {start}, more than "
                "{ratio}×): the rate is too high, and a decay schedule is not what it needs. Lower α0 and Reset."
            ).format(last=f"{guide.last_loss:.3g}", start=f"{guide.start_loss:.3g}", ratio=f"{TOO_HIGH_RATIO:g}")
        elif guide.inspect is Inspect.PLATEAU:
            plateau = guide.plateau
            step2 = self.tr(
                "<b>{mark}</b> Inspect: the validation loss has not improved by more than {threshold} for "
                "{patience} epochs (best {best}, at the end of epoch {epoch}): it stopped improving, it only "
                "wanders. Time to decay."
            ).format(mark=DONE, threshold=f"{guide.threshold:.2%}", patience=guide.patience,
                     best=f"{plateau.best_value:.4g}", epoch=plateau.best_epoch)
        else:
            step2 = self.tr("<b>2</b> Inspect: waiting for the loss to stop improving (patience {patience} epochs, "
                            "threshold {threshold}).").format(patience=guide.patience,
                                                              threshold=f"{guide.threshold:.2%}")
        if guide.decay is not None:
            decay = guide.decay
            label = html.escape(decay.label).replace(",", ",\u200b")  # a long spec may wrap after its commas
            step3 = self.tr("<b>{mark}</b> Decay applied at epoch {epoch} ({label}).").format(
                mark=DONE, epoch=f"{decay.epoch:.1f}", label=label)
            if decay.early:
                step3 += " " + (
                    self.tr("That was before the loss stopped improving (it was still improving): an early decay "
                            "slows the progress it was still making.") if decay.stalled == 0 else
                    self.tr("That was before the loss stopped improving (only %n epoch(s) without improvement): an "
                            "early decay slows the progress it was still making.", "", decay.stalled))
            elif guide.plateau is None or decay.epoch < guide.plateau.detected_epoch + 1:
                step3 += " " + self.tr("The loss had not improved for %n epoch(s): you saw the stall sooner than "
                                       "the detector (patience {patience}) did.", "", decay.stalled).format(
                                           patience=guide.patience)
            if decay.first_change is not None and guide.epoch < decay.first_change:
                step3 += " " + self.tr("Nothing changes on the plot until epoch {epoch}: this schedule keeps the "
                                       "rate until its first drop.").format(epoch=f"{decay.first_change:g}")
        elif guide.inspect is Inspect.TOO_HIGH:
            step3 = self.tr("<b>3</b> Apply decay: not yet. First find a rate at which the loss goes down.")
        elif guide.suggestion_ready:
            step3 = self.tr("<b>3</b> Apply decay: suggested now: step decay ×0.1 every 20 epochs. Apply it here, or "
                            "fork here and compare it with the fixed rate, or go on without it (Space).")
        else:
            step3 = self.tr("<b>3</b> Apply decay: once the loss has flattened.")
        for label, text in zip(self.steps, (step1, step2, step3)):
            label.setText(text)
        self.suggest_button.setEnabled(guide.suggestion_ready and not ended and guide.decay is None
                                       and not self._suggested)
        self.fork_button.setEnabled(guide.suggestion_ready)
        self.detector_label.setText(self.tr(
            "Plateau detector: ReduceLROnPlateau logic on the validation loss, patience {patience}, threshold "
            "{threshold} (relative); %n epoch(s) without improvement.", "", guide.bad_epochs
        ).format(patience=guide.patience, threshold=f"{guide.threshold:g}"))
