"""The three-step guide's state: run without decay, inspect the loss, apply decay.

Step 2 watches the validation loss at every epoch end with ReduceLROnPlateau's logic (mode
min, relative threshold 1e-4, patience 10): once it fires, the loss has stopped improving and
only wanders, and the epochs from the best value to the detection are the plateau. Step 3
notices the first decay the student applied and whether it came before the plateau (an
early decay slows progress the run was still making). The window turns this state into
sentences; the state itself is plain data, tested headless.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np

from ..run.history import History
from ..training.schedules import PlateauDetector

SUGGESTED_DECAY = "step:factor=0.1,every=20"  # what "Apply suggested decay" applies
RATE_EVENTS = ("schedule", "decay", "lr")


class Inspect(enum.Enum):
    """What step 2 says."""

    WAITING = "waiting"  # the loss is still improving (or too few epochs)
    PLATEAU = "plateau"  # the detector fired: time to decay
    DIVERGED = "diverged"  # nothing to inspect: lower the rate and start again


@dataclass(frozen=True)
class Plateau:
    best_epoch: int  # epoch whose validation loss is the best so far at detection
    detected_epoch: int  # epoch at whose end the detector fired
    best_value: float


@dataclass(frozen=True)
class DecayTaken:
    epoch: float  # where the first rate event took effect, in epochs
    label: str
    early: bool  # before the plateau was detected (or with no plateau at all)


@dataclass(frozen=True)
class GuideState:
    started: bool
    inspect: Inspect
    plateau: Plateau | None
    decay: DecayTaken | None
    bad_epochs: int
    patience: int
    threshold: float

    @property
    def suggestion_ready(self) -> bool:
        """A plateau was found: the suggested decay can be applied (if the run can go on)."""
        return self.plateau is not None


class PlateauGuide:
    """Feeds the validation losses of one run to a plateau detector, epoch by epoch."""

    def __init__(self, patience: int = 10, threshold: float = 1e-4) -> None:
        self.detector = PlateauDetector(patience, threshold)
        self.plateau: Plateau | None = None
        self._epochs = 0

    def update(self, history: History) -> GuideState:
        """Take in the epochs completed since the last call; the guide's state now."""
        val = history.val_loss.view()
        while self._epochs < len(val):
            epoch = self._epochs
            if self.detector.update(float(val[epoch])) and self.plateau is None:
                best = int(np.argmin(val[: epoch + 1]))
                self.plateau = Plateau(best, epoch, float(val[best]))
            self._epochs += 1
        if history.diverged_at is not None:
            self.plateau = None
        inspect = Inspect.WAITING
        if history.diverged_at is not None:
            inspect = Inspect.DIVERGED
        elif self.plateau is not None:
            inspect = Inspect.PLATEAU
        return GuideState(
            started=history.steps > 0,
            inspect=inspect,
            plateau=self.plateau,
            decay=self._first_decay(history),
            bad_epochs=self.detector.bad_epochs,
            patience=self.detector.patience,
            threshold=self.detector.threshold,
        )

    def _first_decay(self, history: History) -> DecayTaken | None:
        first = next((s for s in history.events if s.event.kind in RATE_EVENTS), None)
        if first is None:
            return None
        when = first.step / history.steps_per_epoch
        early = self.plateau is None or when < self.plateau.detected_epoch + 1
        return DecayTaken(when, first.event.label(), early)
