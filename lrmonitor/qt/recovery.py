"""Autosave files and crash recovery: nothing is lost if lrmonitor is killed mid-run.

Each window writes its own ``autosave-<token>.lrmon`` (every run of the window) in the user's data folder and holds a
``QLockFile`` beside it while it lives. At start-up, an autosave whose lock nobody holds
belonged to a window that did not close normally (a crash, a kill, a power cut): that run is
offered for restoring. A second window never mistakes the first one's autosave for a crash.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from ..core.display.frame import Frame
from ..core.engine.tuning import give_back_free_memory
from ..core.files.lrmon import Loaded, load_any, save_tree
from ..core.run.state import RunState
from ..core.run.tree import RunTree
from .language import core_error
from .theme import follow_scheme

AUTOSAVE_SECONDS = 5.0


class Autosave:
    """This window's autosave file, locked while the window is alive."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        token = uuid.uuid4().hex[:12]
        self.path = folder / f"autosave-{token}.lrmon"
        self._lock = QtCore.QLockFile(str(self.path.with_suffix(".lock")))
        self._lock.setStaleLockTime(0)  # stale only when the owning process is gone
        self._locked = False

    def save(self, runs: RunTree) -> None:
        if not self._locked:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._locked = self._lock.tryLock(0)
        save_tree(self.path, runs)

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
    for path in [*folder.glob("autosave-*.lrmon"), *folder.glob("autosave-*.json")]:  # .json: older versions
        lock = QtCore.QLockFile(str(path.with_suffix(".lock")))
        lock.setStaleLockTime(0)
        if lock.tryLock(0):  # nobody holds it (a dead owner's stale lock is taken over)
            lock.unlock()
            found.append(path)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def default_folder() -> Path:
    """``<user data>/lrmonitor/autosave`` (``~/.local/share/lrmonitor/autosave`` on Linux).

    Not Qt's AppDataLocation: that is ``<data>/<organization>/<application>``, and with both
    named lrmonitor the autosaves sat in ``~/.local/share/lrmonitor/lrmonitor/``.
    """
    folder = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.StandardLocation.GenericDataLocation)
    return (Path(folder) / "lrmonitor" if folder else Path.home() / ".lrmonitor") / "autosave"


class Recovery(QtCore.QObject):
    """This window's side of "nothing lost": its own autosave, and the runs of windows that died.

    The autosave is written on every event and state change, and every few seconds while a
    run trains (it subscribes to the controller's frames). Orphaned autosaves are offered one
    at a time; a restored one lives on in this window, a discarded one is deleted.
    """

    message = QtCore.Signal(str, int)
    offer_changed = QtCore.Signal(object)  # the text of the offer, or None: nothing to restore
    trouble = QtCore.Signal(object)  # why autosaving fails, or None once it works again

    def __init__(self, folder: Path, runs: Callable[[], RunTree], parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.orphans = orphaned_autosaves(folder)  # found before this window's own autosave exists
        self.autosave = Autosave(folder)
        self._runs = runs
        self.failing: str | None = None  # why the last autosave failed (None: it worked)
        self._saved = (0, 0, "")
        self._interval = AUTOSAVE_SECONDS
        self._last = 0.0

    # -- this window's autosave --------------------------------------------------------------
    def on_frame(self, frame: Frame) -> None:
        """Save on every event and state change, and every few seconds while training."""
        history = frame.run.history
        running = frame.state == RunState.RUNNING
        key = (history.steps, len(history.events), str(frame.state))
        now = time.monotonic()
        due = running and now - self._last >= self._interval
        changed = key[1:] != self._saved[1:] or (not running and key != self._saved) or frame.runs_changed
        empty = len(frame.runs) <= 1 and history.steps == 0 and not history.events
        if empty or not (due or changed):
            return
        self.save_now()
        # a long run takes a while to copy out and write: save it less often while it trains, so
        # that saving takes at most about 5 % of the window's time (every 5 s at least)
        self._interval = max(AUTOSAVE_SECONDS, 20 * (time.monotonic() - now))
        self._last = time.monotonic()
        self._saved = key

    def save_now(self) -> None:
        """Write the autosave at once (the application is quitting with an unsaved run).

        A failure (disk full, folder read-only, a trainer that does not answer) is said by
        :attr:`trouble` until an autosave works again: the runs are not protected meanwhile,
        which a status message gone after five seconds would not tell.
        """
        try:
            self.autosave.save(self._runs())
        except OSError as err:
            self._say_trouble(f"{err.strerror or err}")
        except (RuntimeError, ValueError) as err:  # the trainer did not answer; runs that cannot be written
            self._say_trouble(core_error(err))
        else:
            if self.failing is not None:
                self.failing = None
                self.trouble.emit(None)
        finally:
            give_back_free_memory()  # the copies made for writing are gone: do not keep their pages

    def _say_trouble(self, why: str) -> None:
        # the part before " (" is shown in the status bar (AutosaveWarning), all of it in the tooltip
        text = self.tr("Autosave failed: {why} ({path}). Until it works again, a crash would lose the runs since "
                       "the last save: save them with File → Save As.").format(why=why, path=self.autosave.path)
        if text != self.failing:
            self.failing = text
            self.trouble.emit(text)

    def close(self, keep: bool) -> None:
        """The window closes: keep the autosave for the next start, or remove it (a clean exit)."""
        if keep:
            self.autosave.release()
        else:
            self.autosave.discard()

    # -- runs of windows that died -----------------------------------------------------------
    def offer(self) -> None:
        """Announce the first orphaned autosave that can be read (damaged ones are dropped)."""
        self.orphans = [p for p in self.orphans if p.exists()]
        while self.orphans:
            try:
                loaded = load_any(self.orphans[0])
            except ValueError:
                self._drop_first()
                continue
            others = len(self.orphans) - 1
            more = " " + self.tr("(%n more after this one)", "", others) if others else ""
            offer = self.tr("A window was not closed normally: {what}, saved {when}. Restore it?")
            self.offer_changed.emit(offer.format(what=self._describe(loaded), when=self._age(self.orphans[0])) + more)
            return
        self.offer_changed.emit(None)

    def take(self) -> Loaded | None:
        """The offered run (None if there is none); raises ValueError if it cannot be read."""
        return load_any(self.orphans[0]) if self.orphans else None

    def restored(self) -> None:
        """The offered run lives on in this window (and its autosave) now."""
        self._drop_first()
        self.offer()

    def discard(self) -> None:
        if self.orphans:
            self._drop_first()
        self.offer()

    def _drop_first(self) -> None:
        path = self.orphans.pop(0)
        for leftover in (path, path.with_suffix(".lock")):
            leftover.unlink(missing_ok=True)

    def _age(self, path: Path) -> str:
        """'just now', '5 minutes ago', ... (methods, for self.tr: lupdate sees a plural's count only there)"""
        seconds = max(0.0, time.time() - path.stat().st_mtime)
        # (counts in variables: lupdate misses a count argument with parentheses in it)
        minutes, hours, days = round(seconds / 60), round(seconds / 3600), round(seconds / 86400)
        if seconds < 120:
            return self.tr("just now")
        if seconds < 7200:
            return self.tr("%n minute(s) ago", "", minutes)
        if seconds < 172800:
            return self.tr("%n hour(s) ago", "", hours)
        return self.tr("%n day(s) ago", "", days)

    def _describe(self, loaded: Loaded) -> str:
        """'mlp, 3,200 steps, 1 event' for one run; '3 runs of mlp, up to 3,200 steps' for several."""
        if loaded.needs_replay:
            session = loaded.session
            events = len(session.events)
            return self.tr("{problem}, {steps} steps, %n event(s)", "", events).format(
                problem=session.config.problem, steps=f"{session.steps or 0:,}")
        records = [run.record for run in loaded.runs]
        steps = max((r.history.steps for r in records), default=0)
        problems = ", ".join(dict.fromkeys(r.config.problem for r in records))
        if len(records) == 1:
            events = len(records[0].events)
            return self.tr("{problem}, {steps} steps, %n event(s)", "", events).format(
                problem=problems, steps=f"{steps:,}")
        runs = len(records)
        return self.tr("%n runs of {problems}, up to {steps} steps", "", runs).format(
            problems=problems, steps=f"{steps:,}")


class AutosaveWarning(QtWidgets.QLabel):
    """A lasting warning in the status bar while autosaving fails (hidden while it works)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("⚠ " + self.tr("Autosave failed"))
        follow_scheme(self, lambda tones: f"color:{tones.error}; font-weight:bold;")
        self.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.hide()

    def show_trouble(self, text: str | None) -> None:
        """``text``: what failed, where, and what to do (the tooltip); its first part is shown."""
        if text is not None:
            self.setText("⚠ " + text.split(" (", 1)[0])
        self.setToolTip(text or "")
        self.setVisible(text is not None)
