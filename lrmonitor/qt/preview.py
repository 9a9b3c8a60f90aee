"""The rates ahead: what the decay panel's schedule would do if applied now (a dotted line), and
what the running schedule will do (:class:`ScheduleAhead`, a dashed line), told apart in the legend.

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
from ..core.display.preview import RunningSchedule, rate_preview
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


class ScheduleAhead:
    """The running schedule's real future for the rate plot, from a run's frames.

    Follows the run's event log with :class:`~lrmonitor.core.display.preview.RunningSchedule`
    (incrementally: a run with thousands of events costs only its new ones) and is redone when
    an event arrives, when the run ends, and otherwise a few times a second, like the preview.
    """

    def __init__(self) -> None:
        self._history = None
        self._follower: RunningSchedule | None = None
        self._key = None

    def reset(self) -> None:
        self._history, self._follower, self._key = None, None, None

    def on_frame(self, frame: Frame) -> tuple[np.ndarray, np.ndarray] | None:
        """(x in epochs, rate) of the run's rate from now on, or None if what is drawn still holds."""
        run = frame.run
        history = run.history
        if history is not self._history or self._follower is None:
            self._history, self._key = history, None
            self._follower = RunningSchedule(run.config.lr, run.steps_per_epoch)
        events = list(history.events)  # the trainer may append while this frame reads
        key = (len(events), frame.state.ended, frame.series.epochs, int(time.monotonic() * REDOS_PER_SECOND))
        if key == self._key:
            return None
        self._key = key
        if frame.state.ended:
            return np.empty(0), np.empty(0)
        step = max(frame.steps, events[-1].step if events else 0)
        self._follower.follow(events, frame.series.data("val"), step)
        return self._follower.future(step, run.total_steps)
