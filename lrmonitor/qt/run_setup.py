"""The current run's setup, both ways: a setup field's change applied to the run, and the setup the run uses now.

The setup panel shows the current run's configuration and sends each field's change here. What a
change can do depends on the run: before its first step the run is simply rebuilt with the new
setup; once it has trained, the optimizer and α0 become events posted into it (what a student
would do mid-run), and the rest waits for Reset. Back the other way, :meth:`RunSetup.now` is the
configuration with the optimizer and α0 the run uses now, so the panel shows what the run on
screen does and a Reset from the fields makes that run.

Why a part of the controller and not an object of its own: the controller stays the one owner of
the run and the frame; this holds nothing. Its sentences keep the controller's translation context
("RunController"), so their translations are found as before.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6 import QtCore

from ..core.run.config import RunConfig
from ..core.run.events import SetOptimizer, SetRate
from .language import core_error

if TYPE_CHECKING:
    from .controller import RunController

translate = QtCore.QCoreApplication.translate  # by this name: lupdate finds translate("Context", …)


class RunSetup:
    """The setup panel's side of the current run (see the module docstring)."""

    def __init__(self, controller: RunController) -> None:
        self.controller = controller

    def changed(self, what: str, config: RunConfig) -> None:
        """A setup field changed: ``optimizer`` and ``lr`` are events once the run has started;
        anything else waits for Reset. Before the first step the run is simply rebuilt,
        keeping the decays planned for step 0 (and with no run, after a failed start, made).
        ``config`` is valid: the setup panel shows what is wrong with its fields itself."""
        controller = self.controller
        run = controller.run
        if run is None:
            controller.new_run(config, keep=True)
        elif controller.attached.owns_current:
            controller.attached.refuse(translate("RunController", "The setup"))
        elif not controller.started:
            try:
                controller.engine.speed = controller.steps_per_second(config.steps_per_epoch)
                controller.workspace.replace_current(config, list(run.history.events))
            except RuntimeError as err:
                controller.workspace.current = None
                controller.failed.emit(translate("RunController", "Cannot start the run"), core_error(err))
                return
            controller.became_current()
        elif what == "optimizer":
            controller.post(SetOptimizer(config.optimizer))
        elif what == "lr":
            controller.post(SetRate(config.lr))
        else:
            controller.message.emit(translate(
                "RunController", "Problem, batch size, epochs, seed and noise apply after Reset (Ctrl+R)."), 5000)

    def now(self) -> RunConfig | None:
        """The current run's configuration with the optimizer and α0 it uses now: after its
        optimizer and rate events (SetOptimizer, SetRate), not the ones it started with, so the
        setup shows what the run on screen does and a Reset from the fields makes that run.
        Decays are not α0: they act on it, and a new run starts from α0 again."""
        run = self.controller.run
        if run is None:
            return None
        config = run.config
        for stamped in run.history.events:
            event = stamped.event
            if isinstance(event, SetOptimizer):
                config = dataclasses.replace(config, optimizer=event.spec)
            elif isinstance(event, SetRate):
                config = dataclasses.replace(config, lr=event.value)
        return config
