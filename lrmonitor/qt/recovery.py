"""Autosave files and crash recovery: nothing is lost if lrmonitor is killed mid-run.

Each window writes its own ``autosave-<token>.json`` in the user's data folder and holds a
``QLockFile`` beside it while it lives. At start-up, an autosave whose lock nobody holds
belonged to a window that did not close normally (a crash, a kill, a power cut): that run is
offered for restoring. A second window never mistakes the first one's autosave for a crash.
"""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

from PySide6 import QtCore

from ..core.files.session import Session, save_session


class Autosave:
    """This window's autosave file, locked while the window is alive."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        token = uuid.uuid4().hex[:12]
        self.path = folder / f"autosave-{token}.json"
        self._lock = QtCore.QLockFile(str(self.path.with_suffix(".lock")))
        self._lock.setStaleLockTime(0)  # stale only when the owning process is gone
        self._locked = False

    def save(self, session: Session) -> None:
        if not self._locked:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._locked = self._lock.tryLock(0)
        save_session(self.path, session)

    def discard(self) -> None:
        """A clean exit: nothing to restore."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self.release()

    def release(self) -> None:
        """Give up the lock but keep the file: the next start offers to restore it."""
        if self._locked:
            self._lock.unlock()
            self._locked = False


def orphaned_autosaves(folder: Path) -> list[Path]:
    """Autosaves of windows that are gone without closing normally, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("autosave-*.json"):
        lock = QtCore.QLockFile(str(path.with_suffix(".lock")))
        lock.setStaleLockTime(0)
        if lock.tryLock(0):  # nobody holds it (a dead owner's stale lock is taken over)
            lock.unlock()
            found.append(path)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def default_folder() -> Path:
    folder = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder) if folder else Path.home() / ".lrmonitor"
