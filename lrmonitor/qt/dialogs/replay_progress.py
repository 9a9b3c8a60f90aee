"""Progress while a saved run is replayed: opening a long run takes a moment, so say so, and let
the student cancel it (a file may hold a run of hours)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from PySide6 import QtCore, QtWidgets

from ...core.engine.interface import CancelledError

SHOW_ABOVE_STEPS = 20_000
LARGEST = 2**31 - 1


@contextlib.contextmanager
def replay_progress(parent: QtWidgets.QWidget | None, steps: int | None) -> Iterator[Callable[[int], None] | None]:
    """A callback ``progress(step)`` for a replay of ``steps`` updates (None for short ones).

    After Cancel it raises :class:`~lrmonitor.core.engine.interface.CancelledError`: the engine stops
    the replay and holds no such run.
    """
    if not steps or steps <= SHOW_ABOVE_STEPS:
        yield None
        return
    scale = -(-steps // LARGEST)  # a progress dialog counts in C ints: count in units of `scale` steps
    dialog = QtWidgets.QProgressDialog(
        QtCore.QCoreApplication.translate("ReplayProgress", "Replaying {0} steps…").format(f"{steps:,}"),
        QtCore.QCoreApplication.translate("ReplayProgress", "Cancel"), 0, steps // scale, parent)
    dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def progress(done: int) -> None:
        dialog.setValue(min(done, steps) // scale)
        QtWidgets.QApplication.processEvents()
        if dialog.wasCanceled():
            raise CancelledError(f"replaying {steps:,} steps was cancelled at step {done:,}")

    try:
        yield progress
    finally:
        dialog.close()
