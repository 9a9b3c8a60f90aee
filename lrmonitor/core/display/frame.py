"""One frame of the window: what changed in the run since the last frame, in one object.

The window's run controller makes one :class:`Frame` per display tick and hands the same
object to every subscriber (plots, status bar, guide, preview, autosave), so they all show
the same moment of the run and none of them asks the engine for anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..run.state import RunState
from .guide import GuideState
from .series import RunSeries


@dataclass(frozen=True)
class RunInfo:
    """One run of the session as the runs panel and the overlay show it."""

    id: int  # the run's id in the session's tree
    name: str
    colour: int  # a slot in the window's palette
    parent: int | None  # the run it was forked from
    fork_step: int | None
    visible: bool  # drawn in the overlay
    current: bool  # the run the transport and the decay panel act on
    view: Any  # its trainer or trainer view: config, history, status, steps_per_epoch
    series: RunSeries | None  # its display data (kept for visible runs)
    action: Any = None  # the event a fork was made with (None for a first run)


@dataclass(frozen=True)
class Frame:
    run: Any  # the run's trainer, or the window's view of it (a ``TrainerView``)
    series: RunSeries
    state: RunState
    lr: float  # the rate the next step will use
    steps_per_second: float | None  # None while not running
    guide: GuideState
    first: bool  # the first frame of a new run: subscribers start over
    data_changed: bool  # steps or epochs were recorded since the last frame
    events_changed: bool  # an event took effect (or the run diverged) since the last frame
    state_changed: bool
    error: str | None = None  # a sentence: the engine reported a failure in this frame
    runs: tuple[RunInfo, ...] = ()  # every run of the session, in the order they were added
    runs_changed: bool = False  # a run was added, removed, renamed, shown or hidden, or made current

    @property
    def current(self) -> RunInfo | None:
        return next((info for info in self.runs if info.current), None)

    @property
    def steps(self) -> int:
        """Steps recorded at this frame (the series' moment: the trainer may be further already)."""
        return self.series.steps

    @property
    def started(self) -> bool:
        return self.steps > 0
