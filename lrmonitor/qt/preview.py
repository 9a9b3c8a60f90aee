"""The rate preview: what the decay panel's schedule would do if applied now, as a dashed line.

It follows the run from its frames: the preview starts at the rate the next step would use,
so it is redone at once after an event and, as the run goes on, a few times a second (not
every frame: it is a curve of its own). The rates come from the Qt-free
:func:`~lrmonitor.core.display.preview.rate_preview`.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6 import QtCore

from ..core.display.frame import Frame
from ..core.display.preview import rate_preview
from ..core.training.schedules import Schedule

REDOS_PER_SECOND = 3


class RatePreview(QtCore.QObject):
    changed = QtCore.Signal(object, object)  # x (epochs), rate: both empty for no preview

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.schedule: Schedule | None = None
        self._frame: Frame | None = None
        self._key = None

    def set_schedule(self, schedule: Schedule | None) -> None:
        self.schedule = schedule
        self._key = None
        if self._frame is not None:
            self.on_frame(self._frame)

    def on_frame(self, frame: Frame) -> None:
        self._frame = frame
        history = frame.run.history
        key = (id(history), len(history.events), frame.state.ended, int(time.monotonic() * REDOS_PER_SECOND))
        if key == self._key or self.schedule is None:
            return
        self._key = key
        run = frame.run
        if frame.state.ended:
            self.changed.emit(np.empty(0), np.empty(0))
            return
        self.changed.emit(*rate_preview(self.schedule, frame.lr, run.step, run.steps_per_epoch, run.total_steps))
