"""The training worker process dies (killed, out of memory): the window says so and offers to go on."""

import os
import signal

import pytest
from PySide6 import QtCore

from lrmonitor.core.engine.process import ProcessEngine
from lrmonitor.core.run.events import DecayNow
from lrmonitor.core.run.state import RunState


def _segments(engine):
    """The names in /dev/shm of the shared memory the window maps for its runs."""
    names = set()
    for view in engine.runs.values():
        names.add(view.header.block)
        names.update(reader._shm.name for reader in view._readers.values() if reader._shm is not None)
    return {n.lstrip("/") for n in names}


@pytest.fixture
def killed(qtbot, window, run_until):
    """A window whose worker was killed (SIGKILL, as the out-of-memory killer does) after a run of
    200 steps and a fork of it trained 100 more; the frame after it has been taken in."""
    c = window.controller
    if not isinstance(c.engine, ProcessEngine):
        pytest.skip("only the process engine has a worker process")
    run_until(window, 200)
    c.fork_here(DecayNow(0.5))
    c.engine.start(100)
    qtbot.waitUntil(lambda: not c.engine.is_running)
    window.steps_before = {n.id: c.workspace.view(n.id).history.steps for n in c.workspace.tree}
    window.segments = _segments(c.engine)
    assert window.segments and all(os.path.exists(f"/dev/shm/{n}") for n in window.segments)
    os.kill(c.engine.process.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: not c.engine.process.is_alive())
    for _ in range(3):  # the frames after it too: the banner must not be taken back by a later one
        c.tick()
    qtbot.wait(50)
    return window


def test_the_window_says_the_trainer_stopped_and_frees_its_memory(qtbot, killed):
    w, c = killed, killed.controller
    assert w.banner.isVisible() and "trainer stopped" in w.banner.text()
    assert w.banner.restart_button.isVisible() and w.banner.restart_button.isEnabled()
    assert not any(os.path.exists(f"/dev/shm/{n}") for n in w.segments)  # no name left behind
    assert not c.engine.is_running and w.status.labels["state"].text() != "running"


def test_resume_and_decay_now_say_why_they_cannot_act(qtbot, killed):
    """Resume stayed enabled and did nothing, Decay now was silently dropped."""
    w, c = killed, killed.controller
    assert not w.run_panel.start_button.isEnabled() and not w.run_panel.step_button.isEnabled()
    c.toggle()
    assert "Restart" in w.statusBar().currentMessage()
    w.statusBar().clearMessage()
    qtbot.keyClick(w, QtCore.Qt.Key.Key_D)
    assert "Restart" in w.statusBar().currentMessage()
    assert not c.engine.is_running


def test_restart_goes_on_from_the_recorded_state(qtbot, killed):
    w, c = killed, killed.controller
    names = [n.name for n in c.workspace.tree]
    current = c.workspace.current
    qtbot.mouseClick(w.banner.restart_button, QtCore.Qt.MouseButton.LeftButton)
    assert c.engine.process.is_alive()
    assert [n.name for n in c.workspace.tree] == names and c.workspace.current == current
    assert {n.id: c.workspace.view(n.id).history.steps for n in c.workspace.tree} == w.steps_before
    c.tick()
    assert not w.banner.isVisible()
    assert w.run_panel.start_button.isEnabled()
    step = c.run.step
    c.toggle()
    qtbot.waitUntil(lambda: c.run.step > step + 50, timeout=20000)
    c.pause()
    c.tick()
    assert c.state == RunState.PAUSED
    c.decay_now(0.5)
    assert c.run.history.events[-1].event.kind == "decay"
