"""The current run's transport: start, pause, step an epoch, and the events posted into its trainer.

What the run panel's buttons, Space, the decay panel and the guide do to the run on screen. Each
action goes to the engine (or, for an attached training, through the link:
:class:`~lrmonitor.qt.attached.AttachedTraining`), and is refused with a sentence in the status bar
when it cannot happen: the run has ended, or its worker is lost
(:mod:`~lrmonitor.qt.worker_restart`). An event posted while the run is paused takes effect at
once, and the controller's next frame shows it.

Why a part of the controller and not an object of its own: the controller stays the one owner of
the run and the frame; this holds nothing. Its sentences keep the controller's translation context
("RunController"), so their translations are found as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ..core.display.guide import SUGGESTED_DECAY
from ..core.run.events import ApplySchedule, DecayNow, Event
from .language import core_error

if TYPE_CHECKING:
    from .controller import RunController

translate = QtCore.QCoreApplication.translate  # by this name: lupdate finds translate("Context", …)

ENDED_MESSAGE = QT_TRANSLATE_NOOP("RunController",
                                  "The run has ended: fork it, train it longer, or Reset (Ctrl+R) for a new one.")


class Transport:
    """Start, pause and step the current run, and post events into it (see the module docstring)."""

    def __init__(self, controller: RunController) -> None:
        self.controller = controller

    def toggle(self) -> None:
        """Start, pause or resume (Space)."""
        controller = self.controller
        engine = controller.engine
        if controller.run is None or controller.worker_restart.refuse_if_lost():
            return
        if controller.attached.owns_current:
            controller.attached.toggle()
            return
        if engine.is_running:
            engine.pause()
        elif controller.run.done:
            controller.message.emit(translate("RunController", ENDED_MESSAGE), 5000)
            return
        else:
            engine.start()
        controller.tick()

    def pause(self) -> None:
        self.controller.engine.pause()

    def resume(self) -> None:
        self.controller.engine.start()

    def step_epoch(self) -> None:
        """Train to the end of the current epoch."""
        controller = self.controller
        engine = controller.engine
        if controller.run is not None and controller.worker_restart.refuse_if_lost():
            return
        if controller.attached.owns_current:
            controller.attached.refuse(translate("RunController", "Step one epoch"))
            return
        if controller.run is not None and not engine.is_running and not controller.run.done:
            engine.step_epoch()

    def post(self, event: Event) -> None:
        """Send an event to the trainer; while paused it takes effect at once (stamped now)."""
        controller = self.controller
        if controller.run is None or controller.worker_restart.refuse_if_lost():
            return
        if controller.attached.owns_current:  # a command to the training, acknowledged in a later frame
            controller.attached.send(event)
            return
        if controller.run.done:
            controller.message.emit(translate("RunController", ENDED_MESSAGE), 5000)
            return
        controller.engine.post(event)
        controller.tick()  # shows it (and autosaves it) as soon as it has taken effect

    def apply_schedule(self, spec: str) -> None:
        try:
            event = ApplySchedule(spec)
        except ValueError as err:
            self.controller.message.emit(core_error(err), 6000)
            return
        self.post(event)

    def decay_now(self, factor: float) -> None:
        self.post(DecayNow(factor))

    def apply_suggested(self) -> None:
        """Apply the guide's suggested decay, once: again would start its schedule over at the lowered rate."""
        run = self.controller.run
        suggested = ApplySchedule(SUGGESTED_DECAY)
        if run is not None and any(s.event == suggested for s in run.history.events):
            self.controller.message.emit(
                translate("RunController", "The suggested decay is already applied to this run."), 5000)
            return
        self.post(suggested)
