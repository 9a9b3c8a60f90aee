"""The three-step guide's state: run without decay, inspect the loss, apply decay.

Step 2 watches the validation loss at every epoch end with ReduceLROnPlateau's logic (mode
min, relative threshold 1e-4, patience 10): once it fires, the loss has stopped improving and
only wanders, and the epochs from the best value to the detection are the plateau. A loss far
above where it started is not a plateau: the rate is too high, and no decay schedule is what
it needs (lower α0 instead). Step 3 notices the first decay the student applied and how long
the loss had stalled by then: an early decay (while the loss still improved) slows progress the
run was still making; one after several epochs of stall is the student seeing the plateau before
the detector's patience ran out. A schedule that keeps the rate for a while (step decay: the first
drop comes ``every`` epochs later) is said to change nothing visible until then. The window turns
this state into sentences; the state itself is plain data, tested headless.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np

from ..run.history import History
from ..training.schedules import PlateauDetector, parse_schedule

SUGGESTED_DECAY = "step:factor=0.1,every=20"  # what "Apply suggested decay" applies
RATE_EVENTS = ("schedule", "decay", "lr")
TOO_HIGH_RATIO = 2.0  # the last epoch's training loss this many times its start: the rate is too high
EARLY_STALL = 3  # a decay after fewer epochs than this without improvement came while the loss still improved
START_STEPS = 8  # the loss at the start: the mean of the first mini-batch losses


class Inspect(enum.Enum):
    """What step 2 says."""

    WAITING = "waiting"  # the loss is still improving (or too few epochs)
    PLATEAU = "plateau"  # the detector fired: time to decay
    DIVERGED = "diverged"  # nothing to inspect: lower the rate and start again
    TOO_HIGH = "too high"  # the loss went far above its start: the rate is too high, not a plateau


@dataclass(frozen=True)
class Plateau:
    best_epoch: int  # epoch whose validation loss is the best so far at detection
    detected_epoch: int  # epoch at whose end the detector fired
    best_value: float


@dataclass(frozen=True)
class DecayTaken:
    epoch: float  # where the first rate event took effect, in epochs
    label: str
    early: bool  # while the loss still improved (fewer than EARLY_STALL epochs without improvement)
    stalled: int = 0  # epochs without improvement when it was applied
    first_change: float | None = None  # a schedule that keeps the rate at first: the epoch its first drop comes


@dataclass(frozen=True)
class GuideState:
    started: bool
    inspect: Inspect
    plateau: Plateau | None
    decay: DecayTaken | None
    bad_epochs: int
    patience: int
    threshold: float
    epoch: float = 0.0  # epochs trained so far
    start_loss: float | None = None  # the training loss at the start (for TOO_HIGH)
    last_loss: float | None = None  # the last epoch's training loss

    @property
    def suggestion_ready(self) -> bool:
        """A plateau was found: the suggested decay can be applied (if the run can go on)."""
        return self.plateau is not None and self.inspect is Inspect.PLATEAU


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
        start, last = self._losses(history)
        inspect = Inspect.WAITING
        if history.diverged_at is not None:
            inspect = Inspect.DIVERGED
        elif start is not None and last is not None and last > TOO_HIGH_RATIO * start:
            inspect = Inspect.TOO_HIGH
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
            epoch=history.steps / history.steps_per_epoch,
            start_loss=start,
            last_loss=last,
        )

    @staticmethod
    def _losses(history: History) -> tuple[float | None, float | None]:
        """The training loss at the start (mean of the first mini-batches) and at the last epoch's end."""
        loss, train = history.loss.view(), history.train_loss.view()
        if len(train) < 2 or len(loss) < START_STEPS:
            return None, None
        start, last = float(np.mean(loss[:START_STEPS])), float(train[-1])
        if not (np.isfinite(start) and np.isfinite(last)) or start <= 0:
            return None, None
        return start, last

    def _first_decay(self, history: History) -> DecayTaken | None:
        first = next((s for s in history.events if s.event.kind in RATE_EVENTS), None)
        if first is None:
            return None
        spe = history.steps_per_epoch
        when = first.step / spe
        stalled = _stalled(history.val_loss.view()[: first.step // spe], self.detector.threshold)
        return DecayTaken(when, first.event.label(), stalled < EARLY_STALL, stalled, _first_change(first.event, when))


def _stalled(val: np.ndarray, threshold: float) -> int:
    """Epochs at the end of ``val`` without an improvement on the best (the detector's bad epochs)."""
    detector = PlateauDetector(patience=len(val) + 1, threshold=threshold)
    for value in val:
        detector.update(float(value))
    return detector.bad_epochs


def _first_change(event, when: float) -> float | None:
    """For a schedule that keeps the rate for more than an epoch at first (step decay), the epoch
    its first drop comes; else None (the rate changes at once, or within an epoch)."""
    if event.kind != "schedule":
        return None
    try:
        schedule = parse_schedule(event.spec)
    except ValueError:
        return None
    if schedule.per_step or schedule.name == "plateau":  # plateau: its drops follow the loss, not the clock
        return None
    for t in range(1, 10_001):
        if schedule.rate(1.0, t) != 1.0:
            return when + t if t > 1 else None
    return None
