"""The state of a run, one name for the trainer, the engines, the header and the window.

``IDLE``: no step made yet. ``RUNNING``: training now. ``PAUSED``: stopped with more to do
(after a pause, ``Step epoch``, or an opened run). ``FINISHED``: all planned epochs done.
``DIVERGED``: the loss went non-finite; the run cannot go on. A run that is ``FINISHED`` or
``DIVERGED`` has *ended*.
"""

from __future__ import annotations

import enum


class RunState(enum.StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    DIVERGED = "diverged"

    @property
    def ended(self) -> bool:
        """No more steps can be made (finished or diverged)."""
        return self in (RunState.FINISHED, RunState.DIVERGED)

    @property
    def code(self) -> int:
        """A small number for the shared-memory header (its position in this enum)."""
        return _CODES[self]

    @staticmethod
    def from_code(code: int) -> RunState:
        return _STATES[int(code)]


_STATES = tuple(RunState)
_CODES = {state: index for index, state in enumerate(_STATES)}
