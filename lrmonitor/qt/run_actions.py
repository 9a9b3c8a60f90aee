"""What the runs panel does to the workspace's runs: fork, add, select, show, rename, delete, undo, train longer.

Each operation changes the :class:`~lrmonitor.core.workspace.workspace.Workspace` (the tree of runs
over the engine) and then lets the controller's next frame show it: a run that became current is
shown in the setup and starts the views over (:meth:`RunController.became_current`), anything
else is a frame now. The training is paused first wherever the current run may change, so no run
moves on while the tree is rebuilt. A failure is said rather than swallowed: in a message box when
the worker could not do it, in the status bar for a refused fork, name or length; a deletion is
undone by :meth:`RunActions.undo` (Ctrl+Z).

Why a part of the controller and not an object of its own: the controller stays the one owner of
the run and the frame; this holds nothing. Its sentences keep the controller's translation context
("RunController"), so their translations are found as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore

from ..core.run.events import Event
from .language import core_error

if TYPE_CHECKING:
    from .controller import RunController

translate = QtCore.QCoreApplication.translate  # by this name: lupdate finds translate("Context", …)


class RunActions:
    """The runs panel's operations on the workspace, and their undo (see the module docstring)."""

    def __init__(self, controller: RunController) -> None:
        self.controller = controller

    def _pause_training(self) -> None:
        """Pause the engine if it trains: the runs are changed under a paused engine."""
        engine = self.controller.engine
        if engine.is_running:
            engine.pause()

    def fork(self, run_id: int, step: int, event: Event) -> bool:
        """Fork a run at ``step`` with ``event``; the fork becomes current, beside its parent."""
        controller = self.controller
        if controller.worker_restart.refuse_if_lost():
            return False
        self._pause_training()
        try:
            controller.workspace.fork(run_id, step, event)
        except (ValueError, RuntimeError) as err:  # RuntimeError: the worker could not do it
            controller.message.emit(core_error(err), 8000)
            return False
        controller.became_current()
        return True

    def fork_here(self, event: Event) -> bool:
        """Fork the current run where it is now (or at its last step, if it has ended)."""
        controller = self.controller
        if controller.run is None:
            return False
        self._pause_training()
        workspace = controller.workspace
        current = workspace.current
        low, high = workspace.fork_range(current)
        return self.fork(current, min(max(controller.run.step, low), high), event)

    def add_records(self, named: list[tuple[str, object]]) -> bool:
        """Add recorded runs (name, record) as new first runs, as they are (the Rates tab's runs,
        to compare and fork); the last becomes current."""
        controller = self.controller
        self._pause_training()
        try:
            for name, record in named:
                controller.workspace.add_record(record, name)
        except (RuntimeError, ValueError) as err:
            controller.failed.emit(translate("RunController", "Cannot add the runs"), core_error(err))
            controller.tick()
            return False
        controller.became_current()
        return True

    def select(self, run_id: int) -> None:
        controller = self.controller
        self._pause_training()
        try:
            controller.workspace.select(run_id)
        except RuntimeError as err:  # the worker did not answer
            controller.failed.emit(translate("RunController", "Cannot select the run"), core_error(err))
        controller.became_current()

    def set_visible(self, run_id: int, on: bool) -> None:
        self.controller.workspace.set_visible(run_id, on)
        self.controller.tick()

    def rename(self, run_id: int, name: str) -> None:
        controller = self.controller
        try:
            controller.workspace.rename(run_id, name)
        except ValueError as err:
            controller.message.emit(core_error(err), 6000)
            controller.workspace.changed = True  # the runs panel shows the name typed: list the real one again
        controller.tick()

    def delete(self, run_id: int) -> None:
        """Delete a run and its forks; Ctrl+Z brings them back."""
        controller = self.controller
        self._pause_training()
        try:
            names = controller.workspace.delete(run_id)
        except RuntimeError as err:  # the worker did not answer
            controller.failed.emit(translate("RunController", "Cannot delete the run"), core_error(err))
            controller.tick()
            return
        controller.message.emit(
            translate("RunController", "Deleted {0} (Ctrl+Z brings it back).").format(", ".join(names)), 8000)
        if controller.has_run:
            controller.became_current()

    def undo(self) -> None:
        controller = self.controller
        if not controller.workspace.can_undo:
            controller.message.emit(translate("RunController", "Nothing to undo."), 3000)
            return
        self._pause_training()
        try:
            names = controller.workspace.undo()
        except (RuntimeError, ValueError) as err:  # the worker did not answer, or refused the record
            controller.failed.emit(translate("RunController", "Cannot bring the run back"), core_error(err))
            controller.tick()
            return
        controller.message.emit(translate("RunController", "Brought back {0}.").format(", ".join(names)), 5000)
        controller.became_current()

    def continue_run(self, epochs: int) -> None:
        """Train the current (finished) run ``epochs`` more epochs; recorded in its configuration."""
        controller = self.controller
        if controller.run is None or controller.worker_restart.refuse_if_lost():
            return
        try:
            controller.workspace.continue_run(controller.workspace.current, epochs)
        except (ValueError, RuntimeError) as err:
            controller.message.emit(core_error(err), 8000)
            return
        controller.run_replaced.emit(controller.config_now())
        controller.tick()
