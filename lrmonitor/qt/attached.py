"""The window's side of attach: listening for a training, its run in the workspace, its commands.

File → Attach a training… starts a :class:`~lrmonitor.core.link.Listener`. The controller polls
it in its frame (no second timer): when a training connects, its run (an
:class:`~lrmonitor.core.link.view.AttachedView`) joins the workspace as the current run, and from
then on the plots, the guide, the comparison, exports and saving read it like any run. What the
student does to it goes through the link instead of an engine: Space pauses or resumes the
training, Decay now and Apply decay become commands, and each command's acknowledgement (the
step at which the training applied it and the rate it used) is said in the status bar, while
the run's event log gets the marker. A command not acknowledged within
:data:`~lrmonitor.core.link.deadline.ACK_DEADLINE` seconds (the training is in a long data-loading
step, or its link is stuck) is said in the status bar once, checked in the frame on the window's
clock; it stays sent, and its late ack still becomes its marker. When the training disconnects the
run ends and is kept.

Why here and not in the controller: one concept per module; the controller only routes the
current run's transport here when that run is attached.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ..core.link import Ack, Listener
from ..core.link.deadline import ACK_DEADLINE, Deadlines
from ..core.link.record import NOT_REPLAYABLE
from ..core.link.view import AttachedView
from ..core.run.events import Event
from ..core.run.names import attached_name
from ..core.workspace.attaching import AttachingEngine
from ..core.workspace.workspace import Workspace
from .language import core_error, core_text, run_name

ENDED_SECONDS = 10000  # ms: how long a sentence about the link stays in the status bar
# the link's command words (sent as they are), shown translated in the status bar's sentences
ACTION_WORDS = {"pause": QT_TRANSLATE_NOOP("AttachedTraining", "pause"),
                "resume": QT_TRANSLATE_NOOP("AttachedTraining", "resume"),
                "stop": QT_TRANSLATE_NOOP("AttachedTraining", "stop")}


def format_rate(lr: float | None) -> str:
    return "?" if lr is None else f"{lr:.4g}"


class AttachedTraining(QtCore.QObject):
    """Listens for one training at a time and steers the one attached (see the module docstring)."""

    message = QtCore.Signal(str, int)  # a sentence for the status bar and how long to show it (ms)
    changed = QtCore.Signal()  # listening started or stopped, a training connected or went away

    def __init__(self, engine: AttachingEngine, workspace: Workspace, parent: QtCore.QObject | None = None, *,
                 ack_deadline: float = ACK_DEADLINE, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.engine = engine
        self.workspace = workspace
        self.listener: Listener | None = None
        self.view: AttachedView | None = None  # the run of the training attached now (or last)
        self._pending = Deadlines(ack_deadline)  # commands sent and not yet acknowledged, within their deadline
        self._overdue: dict[int, str] = {}  # past their deadline, said, and still not acknowledged: id -> text
        self._clock = clock  # the window's clock (seconds), read once per frame
        self._state = "stopped"
        self._held_at_plateau: set[int] = set()  # ids of the training runs already paused at their plateau

    # -- listening -----------------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        return self.listener is not None

    @property
    def ack_deadline(self) -> float:
        """Seconds a command sent from now on waits for its ack before the status bar says so."""
        return self._pending.seconds

    @ack_deadline.setter
    def ack_deadline(self, seconds: float) -> None:
        self._pending.seconds = seconds

    @property
    def unacknowledged(self) -> list[str]:
        """The commands sent and not yet acknowledged, within their deadline (as sent: ``decay=0.1``)."""
        return self._pending.texts()

    @property
    def state(self) -> str:
        """'stopped', 'listening' (waiting for a training), 'connected', or 'ended' (it went away)."""
        return self._state

    @property
    def env_line(self) -> str:
        """The one line a student pastes into the training's shell."""
        if self.listener is None:
            return ""
        setting = "set" if sys.platform == "win32" else "export"  # cmd.exe, else a POSIX shell
        return f"{setting} LRMONITOR_ATTACH={self.listener.env_value}"

    @property
    def connection_file(self) -> Path | None:
        return None if self.listener is None else self.listener.connection_file

    def listen(self) -> bool:
        """Start listening (nothing if already listening); False, with the reason said, if it cannot."""
        if self.listener is not None:
            return True
        try:
            self.listener = Listener().start()
        except OSError as err:
            self.message.emit(self.tr("Cannot listen for a training: {0}").format(err), ENDED_SECONDS)
            return False
        self._set_state("listening")
        self.message.emit(self.tr("Listening for a training: start it with lrmonitor.attach.Monitor."), 5000)
        return True

    def stop_listening(self) -> None:
        """Close the port and the connection (the training goes on without lrmonitor) and remove the
        connection file. The attached run ends and stays in the window."""
        if self.listener is None:
            return
        self.poll()  # what arrived before the stop is kept
        self.listener.stop()
        self.listener = None
        self._pending.clear()  # a next listener numbers its commands from 1 again
        self._overdue.clear()
        self._end_view()
        self._set_state("stopped")

    # -- the frame -----------------------------------------------------------------------------
    def poll(self) -> bool:
        """Take in what the listener received (the controller calls it once per frame); True when a
        training connected and its run became current."""
        if self.listener is None:
            return False
        update = self.listener.poll()
        became_current = False
        self._follow_undo()
        if update.new_run and self.listener.run is not None:
            self._end_view()
            self.view = AttachedView(self.listener.run)
            engine_id = self.engine.add_attached(self.view)
            self.workspace.add_attached(engine_id, self._name(self.view))
            became_current = True
            self.message.emit(self.tr("A training attached: {0}. Space pauses it, D decays its rate.")
                              .format(run_name(self._name(self.view))), ENDED_SECONDS)
        for text in update.messages:
            self.message.emit(self.tr("Attach: {0}").format(text), ENDED_SECONDS)
        for ack in update.acks:
            self._acknowledged(ack)
        self._check_deadlines()
        if self.view is not None:
            if update.state == "connected" and not self.view.connected and self.view.attached is self.listener.run:
                self.view.connected = True  # the same training reconnected: its run goes on
                self.workspace.changed = True
            elif update.state in ("disconnected", "finished") and self.view.connected:
                self._ended(update.state)
        self._set_state({"connected": "connected", "listening": "listening"}.get(
            update.state, "ended" if self.view is not None else "listening"))
        return became_current

    def _follow_undo(self) -> None:
        """The live run was deleted and brought back (Ctrl+Z): the view brought back is the live one now."""
        live = self.view
        if live is None or self.listener is None or any(v is live for v in self.engine.attached.values()):
            return
        again = next((v for v in self.engine.attached.values() if v.attached is live.attached), None)
        if again is not None:
            again.connected, again.paused = live.connected, live.paused
            self.view = again

    def _name(self, view: AttachedView) -> str:
        info = view.info
        script = os.path.basename(info.script) if info.script else info.framework
        return attached_name(script)  # kept in English, shown in the window's language (core.run.names)

    def _said(self, action: str) -> str:
        """A command as the status bar says it: pause, resume and stop translated; ``decay=0.1`` as sent."""
        return self.tr(ACTION_WORDS[action]) if action in ACTION_WORDS else action

    def _check_deadlines(self) -> None:
        """Say, once, which commands the training has not acknowledged in time (no longer waited for)."""
        late = self._pending.overdue(self._clock())
        if not late:
            return
        self._overdue.update(late)
        said = ", ".join(self._said(text) for _, text in late)
        self.message.emit(self.tr("The training has not acknowledged {0} within {1} s: it may be busy (a long "
                                  "data-loading step?) or its link stuck. The command stays sent and may still "
                                  "apply when the training reaches its next optimizer step.")
                          .format(said, f"{self._pending.seconds:g}"), ENDED_SECONDS)

    def _acknowledged(self, ack: Ack) -> None:
        action = self._pending.acknowledged(ack.id) or self._overdue.pop(ack.id, None) or ack.action
        view = self.view
        if not ack.ok:
            self.message.emit(self.tr("The training refused {0}: {1}").format(self._said(action), ack.error),
                              ENDED_SECONDS)
            return
        if view is not None and action in ("pause", "resume"):
            view.paused = action == "pause"
            self.workspace.changed = True
        if action == "pause":
            text = self.tr("The training paused before optimizer step {0}.").format((ack.step or 0) + 1)
        elif action == "resume":
            text = self.tr("The training goes on from optimizer step {0}.").format((ack.step or 0) + 1)
        elif action == "stop":
            text = self.tr("The training was asked to stop at optimizer step {0}.").format(ack.step)
        else:
            text = self.tr("{0} took effect at optimizer step {1}: the training's rate is now {2}.").format(
                self._said(action), ack.step, format_rate(ack.lr))
        self.message.emit(text, ENDED_SECONDS)

    def _ended(self, state: str) -> None:
        self._end_view()
        why = self.tr("finished") if state == "finished" else self.tr("disconnected")
        text = self.tr("The training {0}: its run has ended and is kept (save it with Ctrl+S).").format(why)
        unanswered = [*self._overdue.values(), *self._pending.texts()]
        if unanswered:
            lost = ", ".join(self._said(action) for action in unanswered)
            text += " " + self.tr("Not acknowledged, the training is gone: {0}.").format(lost)
        self._pending.clear()
        self._overdue.clear()
        self.message.emit(text, ENDED_SECONDS)

    def _end_view(self) -> None:
        if self.view is not None and self.view.connected:
            self.view.connected = False
            self.view.paused = False
            self.workspace.changed = True

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.changed.emit()

    # -- the current run's transport, when it is attached ----------------------------------------
    @property
    def owns_current(self) -> bool:
        """The current run is an attached training: the transport goes through the link."""
        return self.engine.attached_current is not None

    def send(self, action: Event | str) -> bool:
        """Send a command to the current (attached) training; False, with the reason said, if it cannot."""
        view = self.engine.attached_current
        if view is None or self.listener is None or view is not self.view or not view.connected:
            self.message.emit(self.tr("This training is no longer attached, so nothing can reach it: "
                                      "its run is a record now ({0}).").format(core_text(NOT_REPLAYABLE)),
                              ENDED_SECONDS)
            return False
        try:
            command_id = self.listener.send(action)
        except ValueError as err:
            self.message.emit(core_error(err), ENDED_SECONDS)
            return False
        text = action if isinstance(action, str) else action.action()
        self._pending.start(command_id, text, self._clock())
        self.message.emit(self.tr("Sent {0}: the training applies it before its next optimizer step.")
                          .format(self._said(text)), 5000)
        return True

    def pause_at_plateau(self, plateau) -> None:
        """'Pause when the loss stops improving' for an attached training: once per training, when the
        plateau detector fires on the validation loss it reports, as for a built-in run."""
        view = self.engine.attached_current
        if (plateau is None or view is None or view is not self.view or not view.connected or view.paused
                or id(view.attached) in self._held_at_plateau):
            return
        self._held_at_plateau.add(id(view.attached))
        if self.send("pause"):
            self.message.emit(self.tr("Pausing the training: its validation loss stopped improving (best at epoch "
                                      "{0}). Apply a decay, or press Space to go on.").format(plateau.best_epoch),
                              ENDED_SECONDS)

    def toggle(self) -> None:
        """Space on an attached run: pause the training, or resume it."""
        view = self.engine.attached_current
        self.send("resume" if view is not None and view.paused else "pause")

    def stop_training(self) -> None:
        """Ask the current training to stop (its script sees ``monitor.should_stop``)."""
        if self.owns_current:
            self.send("stop")
        else:
            self.message.emit(self.tr("The current run is not an attached training: nothing to stop."), 5000)

    def refuse(self, what: str) -> None:
        """Say why a built-in run's action does nothing for an attached training."""
        self.message.emit(self.tr("{0} is not for an attached training: it trains in its own script, "
                                  "and {1}.").format(what, core_text(NOT_REPLAYABLE)), ENDED_SECONDS)
