"""What the plots, the status bar, the hover readout and exports read of a run: one cached copy.

The smoothed loss, the min/max pyramids of every drawn series and the end of the run's
"healthy" part are computed here, once per frame, from the run's :class:`History`. The plot
widget only asks for envelopes; nobody smooths or scans the data a second time.
"""

from __future__ import annotations

import math

import numpy as np

from ..run.history import History
from .decimate import MinMaxPyramid
from .smoothing import Smoother

STEP_SERIES = ("loss", "smoothed", "lr")
EPOCH_SERIES = ("train", "val")


class RunSeries:
    """The display-side data of one run, kept up to date by :meth:`update`.

    ``envelope(name, start, stop, columns)`` answers what to draw of a series over a step range
    on a number of pixel columns, and remembers the answer until the data or the question change,
    so the curves and the autoscale share one envelope per frame.
    """

    def __init__(self, history: History, smoothing: float = 0.6) -> None:
        self.history = history
        self.smoother = Smoother(smoothing)
        self._pyramids = {name: MinMaxPyramid() for name in STEP_SERIES + EPOCH_SERIES}
        self._cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._seen = (0, 0)
        self._start_level: float | None = None
        self._scanned = 0
        self.last_healthy = 0  # steps up to here are not part of a blow-up (see _track_healthy)

    # -- keeping up with the run -------------------------------------------------------------
    def update(self) -> bool:
        """Take in the steps and epochs recorded since the last call; True if there were any.

        The counts are read once here: until the next call, every reader sees the run as it was
        at this moment, even while the trainer goes on appending in another process.
        """
        history = self.history
        lr, loss = history.step_values()
        _, _, train, val = history.epoch_arrays()
        seen = (len(loss), len(val))
        if seen == self._seen:
            return False
        self._seen = seen
        self.smoother.update(loss)
        for name, data in (("loss", loss), ("smoothed", self.smoothed), ("lr", lr)):
            self._pyramids[name].update(data)
        self._pyramids["train"].update(train)
        self._pyramids["val"].update(val)
        self._track_healthy(loss, history.steps_per_epoch)
        self._cache.clear()
        return True

    def set_smoothing(self, weight: float) -> None:
        """Smooth the whole series again with another weight."""
        self.smoother = Smoother(weight)
        self._pyramids["smoothed"].reset()
        self._seen = (-1, -1)
        self._cache.clear()
        self.update()

    @property
    def smoothing(self) -> float:
        return self.smoother.weight

    @property
    def steps(self) -> int:
        """Steps recorded at the last :meth:`update`."""
        return self._seen[0]

    @property
    def epochs(self) -> int:
        """Completed epochs at the last :meth:`update`."""
        return self._seen[1]

    @property
    def smoothed(self) -> np.ndarray:
        """The smoothed loss, one value per step recorded at the last update (float32)."""
        return self.smoother.values.view(self.steps)

    def data(self, name: str) -> np.ndarray:
        """The series ``name`` (loss, smoothed, lr per step; train, val per epoch), as at the last update."""
        h = self.history
        if name == "smoothed":
            return self.smoothed
        if name in EPOCH_SERIES:
            column = h.train_loss if name == "train" else h.val_loss
            return column.view(self.epochs)
        column = h.loss if name == "loss" else h.lr
        return column.view(self.steps)

    def envelope(self, name: str, start: int, stop: int, columns: int) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) that draw ``data(name)[start:stop]`` on ``columns`` pixel columns."""
        data = self.data(name)
        key = (name, start, stop, columns, len(data))
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._pyramids[name].envelope(data, start, stop, columns)
        return cached

    @property
    def blowing_up(self) -> bool:
        """More than an epoch of steps past the healthy part: the y autorange leaves them out."""
        return self.steps - self.last_healthy > self.history.steps_per_epoch

    def _track_healthy(self, loss: np.ndarray, spe: int) -> None:
        """Remember the last step whose loss was at most twice the worst of the first steps.

        Everything after it, if it lasts, is a run blowing up. Incremental: a live run costs
        only its new points.
        """
        if self._start_level is None:
            first = min(spe, 8)
            if len(loss) < first:
                return
            start = loss[:first]
            start = start[np.isfinite(start)]
            self._start_level = 2.0 * float(start.max()) if len(start) else math.inf
        new = loss[self._scanned :]
        ok = np.flatnonzero(new <= self._start_level)
        if len(ok):
            self.last_healthy = self._scanned + int(ok[-1]) + 1
        self._scanned = len(loss)
