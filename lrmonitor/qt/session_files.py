"""The window's session file: open, save, save as, and the list of recent files.

A run counts as saved when a session file holds all its steps and events; otherwise opening
another file (or closing) asks first. Every problem with a file is one sentence in a message
box, never a traceback; a file that is gone is dropped from the recent list.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from ..core.files.lrmon import EXTENSION, load_any, save_tree
from .controller import RunController
from .dialogs.changed_on_disk import ask_overwrite
from .dialogs.messages import warn
from .dialogs.replay_progress import replay_progress
from .language import core_error
from .settings import Settings

RECENT_MAX = 8


@dataclass
class DiskMark:
    """What a session file was when this window last read or wrote it: its modification time, size
    and SHA-256 (a file touched but not changed is not "changed")."""

    path: Path
    mtime_ns: int
    size: int
    digest: str

    @staticmethod
    def of(path: Path) -> DiskMark | None:
        try:
            info = os.stat(path)
            return DiskMark(path, info.st_mtime_ns, info.st_size, _digest(path))
        except OSError:
            return None

    def changed(self) -> bool:
        """True if the file now holds other bytes than it did (False if it is gone: nothing is lost)."""
        try:
            info = os.stat(self.path)
            if (info.st_mtime_ns, info.st_size) == (self.mtime_ns, self.size):
                return False
            digest = _digest(self.path)
        except OSError:
            return False
        if digest == self.digest and info.st_size == self.size:
            self.mtime_ns = info.st_mtime_ns  # touched only
            return False
        return True


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


class SessionFiles(QtCore.QObject):
    changed = QtCore.Signal()  # the file name or the recent list changed
    message = QtCore.Signal(str, int)

    def __init__(self, controller: RunController, settings: Settings, parent: QtWidgets.QWidget,
                 ask_save: Callable[[], str]) -> None:
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.window = parent
        self.ask_save = ask_save
        self.path: Path | None = None  # where Save writes (a .lrmon file)
        self.shown: Path | None = None  # the file the runs came from (a version-1 .json too)
        self._saved_mark: tuple | None = None
        self._disk: DiskMark | None = None  # the file Save writes, as this window last read or wrote it
        controller.run_replaced.connect(self._run_replaced)

    def title(self) -> str:
        shown = self.path or self.shown
        return "lrmonitor" if shown is None else f"lrmonitor — {shown.name}"

    def unsaved(self) -> bool:
        """True if the run has steps or events that no session file holds yet."""
        mark = self.controller.workspace.fingerprint()
        if all(steps == 0 and events == 0 for _, _, _, steps, events, _ in mark):
            return False
        return self._saved_mark != mark

    def forget_path(self) -> None:
        """The next run is a new one: Save asks for a file name."""
        self.path = self.shown = None
        self.changed.emit()

    def _run_replaced(self) -> None:
        self._saved_mark = None

    def _mark_saved(self) -> None:
        self._saved_mark = self.controller.workspace.fingerprint()

    # -- open --------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.window, self.tr("Open session"), self.last_dir(),
            self.tr("lrmonitor session (*{0} *.json)").format(EXTENSION))
        if path:
            self.open(path)

    def open(self, path: str | Path) -> bool:
        try:
            loaded = load_any(path)
        except ValueError as err:
            if not Path(path).exists():
                self.forget_recent(str(path))
            warn(self.window, self.tr("Cannot open session"), core_error(err))
            return False
        if self.unsaved() and not self.confirm_replace():
            return False
        if not open_loaded(self.controller, self.window, loaded):
            return False
        path = Path(path).absolute()  # 'lrmonitor runs.lrmon' from a terminal: Open recent works from anywhere
        self.shown = path
        self.path = path if loaded.version > 1 else None  # a version-1 file is not written over: Save asks
        self._disk = DiskMark.of(path) if self.path else None  # (a change after load_any read it is missed)
        self._mark_saved()
        self.remember(path)
        return True

    def confirm_replace(self) -> bool:
        """Before something replaces an unsaved run: save it, drop it, or keep it (False)."""
        answer = self.ask_save()
        return answer == "discard" or (answer == "save" and self.save())

    # -- save --------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        name = (self.shown.stem if self.shown else "runs") + EXTENSION
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self.window, self.tr("Save session"), self.last_dir(name),
                                                        self.tr("lrmonitor session (*{0})").format(EXTENSION))
        if not path:
            return False
        self.path = Path(path)
        self._disk = None  # the file dialog asked before replacing a file
        return self._write(self.path)

    def _write(self, path: Path) -> bool:
        if path.suffix != EXTENSION:  # every run of the window: only the version-2 format holds them
            path = self.path = path.with_suffix(EXTENSION)
        disk = self._disk
        if disk is not None and disk.path == path and disk.changed():
            answer = ask_overwrite(self.window, path)
            if answer == "save_as":
                return self.save_as()
            if answer != "overwrite":
                return False
        try:
            save_tree(path, self.controller.workspace.saved_tree())
        except OSError as err:
            warn(self.window, self.tr("Cannot save session"),
                 self.tr("'{path}' could not be written: {why}").format(path=path, why=err.strerror))
            return False
        except ValueError as err:  # e.g. the name is now a FIFO, or the runs are too long for one file
            warn(self.window, self.tr("Cannot save session"), core_error(err))
            return False
        self._mark_saved()
        self._disk = DiskMark.of(path)
        self.shown = path
        self.remember(path)
        self.message.emit(self.tr("Saved {0}").format(path), 3000)
        return True

    # -- recent files and the last folder ----------------------------------------------------
    def recent(self) -> list[str]:
        return self.settings.get("files/recent")

    def remember(self, path: Path) -> None:
        recent = [p for p in self.recent() if p != str(path)]
        self.settings.set("files/recent", [str(path), *recent][:RECENT_MAX])
        self.settings.set("files/last_dir", str(path.parent))
        self.changed.emit()

    def forget_recent(self, path: str) -> None:
        self.settings.set("files/recent", [p for p in self.recent() if p != path])
        self.changed.emit()

    def last_dir(self, name: str = "") -> str:
        folder = self.settings.get("files/last_dir")
        return str(Path(folder) / name) if name else folder


def open_loaded(controller: RunController, window: QtWidgets.QWidget, loaded) -> bool:
    """Show what a session file (or an autosave) holds: a version-2 file's runs as recorded, a
    version-1 file's run replayed (with progress for a long one)."""
    if loaded.needs_replay:
        session = loaded.session
        with replay_progress(window, session.steps) as progress:
            return controller.new_run(session.config, session.events, session.steps, progress=progress)
    return controller.open_runs(loaded.runs)
