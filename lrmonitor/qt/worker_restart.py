"""The trainer process died: say so, refuse what needs it, and restart it with every run as recorded.

The worker process can die under the window (killed, out of memory, a crash in numpy). The runs
stay readable, because their histories are in the window's shared memory, but nothing can train
or take a decay until a new worker takes them over. So the controller's frame tells the banner
when the worker is lost (:meth:`WorkerRestart.tell`), every action that needs the worker asks
:meth:`WorkerRestart.refuse_if_lost` first and says why nothing happens rather than do nothing
silently, and the banner's Restart button calls :meth:`WorkerRestart.restart`.

Why a part of the controller and not an object of its own: the controller stays the one owner of
the run and the frame; this holds no run, only the last lost state told. Its sentences keep the
controller's translation context ("RunController"), so their translations are found as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ..core.display.frame import Frame
from ..core.files.lrmon_records import LoadedRun
from .language import core_error

if TYPE_CHECKING:
    from .controller import RunController

translate = QtCore.QCoreApplication.translate  # by this name: lupdate finds translate("Context", …)

LOST_MESSAGE = QT_TRANSLATE_NOOP("RunController", "The trainer stopped, so this run cannot train or take a decay: "
                                 "Restart the trainer (in the red banner) to go on from where it was recorded.")


class WorkerRestart:
    """The controller's handling of a lost worker (see the module docstring)."""

    def __init__(self, controller: RunController) -> None:
        self.controller = controller
        self._told_lost = False  # the engine's current run was lost with its worker (as last told)

    @property
    def lost(self) -> bool:
        """The current run's trainer process died (the runs stay readable; see :meth:`restart`)."""
        controller = self.controller
        return controller.has_run and controller.engine.lost

    def refuse_if_lost(self) -> bool:
        """Say why nothing happens if the trainer is gone (True), rather than do nothing silently."""
        if self.lost:
            self.controller.message.emit(translate("RunController", LOST_MESSAGE), 10000)
            return True
        return False

    def tell(self, frame: Frame) -> None:
        """After each frame: emit ``lost_changed`` when the worker was lost or restarted, and again
        with a first frame while it is lost (a first frame hides the banner)."""
        lost = self.controller.engine.lost
        if lost != self._told_lost or (frame.first and lost):
            self._told_lost = lost
            self.controller.lost_changed.emit(lost)

    def restart(self) -> bool:
        """A new trainer process with every run as it was recorded (names, forks, the current run and
        which runs are drawn are kept); the current run goes on from its last recorded step. What
        cannot come back: the undo of earlier deletions."""
        controller = self.controller
        workspace = controller.workspace
        current, visible = workspace.current, set(workspace.visible)
        try:
            tree = workspace.saved_tree()
            workspace.open_tree([LoadedRun(n.id, n.name, n.parent, n.fork_step, n.action, n.colour, n.run)
                                 for n in tree])
            if current in workspace.tree:
                workspace.select(current)
        except (RuntimeError, ValueError) as err:
            controller.failed.emit(translate("RunController", "Cannot restart the trainer"), core_error(err))
            controller.tick()
            return False
        workspace.visible = {i for i in visible if i in workspace.tree} | ({workspace.current} - {None})
        controller.engine.clear_error()
        controller.became_current()
        return True
