"""An attached training in the window: File → Attach a training…, a real PyTorch training (its own
process, or a thread where a test needs speed) streams into a run of the runs panel, Decay now
reaches its next optimizer step with the exact rate, and the run ends, kept, when it goes away."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from lrmonitor.attach import Monitor  # noqa: E402
from lrmonitor.core.link.view import AttachedView  # noqa: E402
from lrmonitor.core.run.events import DecayNow  # noqa: E402
from lrmonitor.core.run.state import RunState  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("attach_training.py")
WAIT = 60000  # ms: a generous bound for a training process to start on a loaded machine


def listen(window):
    """File → Attach a training…: the dialog shows the line to paste and waits."""
    window.attach_action.trigger()
    dialog = window.attach_dialog
    listener = window.controller.attached.listener
    assert dialog.isVisible()
    assert dialog.env_line.text() == f"export LRMONITOR_ATTACH={listener.env_value}"
    assert str(listener.connection_file) in dialog.file_label.text()
    assert "from lrmonitor.attach import Monitor" in dialog.snippet.toPlainText()
    assert dialog.state.text() == "Waiting for a training…"
    return dialog, listener


def attached_run(window):
    run = window.controller.run
    return run if isinstance(run, AttachedView) else None


def test_a_training_process_attaches_takes_a_decay_at_its_next_step_and_ends(window, make_window, qtbot, tmp_path,
                                                                             read_rows):
    c = window.controller
    dialog, listener = listen(window)
    out = tmp_path / "used.json"
    env = {**os.environ, "LRMONITOR_ATTACH": listener.env_value,
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, str(SCRIPT), str(out)], env=env)
    try:
        qtbot.waitUntil(lambda: attached_run(window) is not None and c.run.step >= 40, timeout=WAIT)
        assert not dialog.isVisible()  # the run is current in the window now
        window.attach_action.trigger()  # opened again while attached: it says so, and stays open
        assert dialog.isVisible() and dialog.state.text().startswith("A training is attached")
        dialog.close_button.click()  # Close: keeps listening
        assert not dialog.isVisible() and c.attached.listening
        assert c.state is RunState.RUNNING
        info = window.runs.list.topLevelItem(window.runs.list.topLevelItemCount() - 1)
        assert info.text(0) == "attached: attach_training.py"
        qtbot.waitUntil(lambda: window.plots.drawn_steps >= 40)  # the loss arrives in the plot
        _, loss = window.plots.raw_curve.getData()
        assert len(loss) > 0 and all(v == v for v in loss)
        before = c.run.current_lr()
        assert before == 0.05
        window.decay.decay_factor.setValue(0.5)
        window.decay.decay_now()  # D
        qtbot.waitUntil(lambda: len(c.run.history.events) == 1, timeout=WAIT)
        stamped = c.run.history.events[0]
        assert stamped.event == DecayNow(0.5)
        assert stamped.lr == 0.05 * 0.5  # the rate the training actually used
        assert f"took effect at optimizer step {stamped.step}" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: window.plots.markers.count == 2)  # one line on each plot  # the marker is on the plots
        c.attached.stop_training()  # Run → Stop the attached training
        qtbot.waitUntil(lambda: c.run.done, timeout=WAIT)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    used = json.loads(out.read_text())["used"]
    assert used[stamped.step - 1] == 0.05  # the update before the command: the script's rate
    assert used[stamped.step] == 0.05 * 0.5  # the next optimizer step: exactly the decayed rate
    assert set(used[stamped.step:]) == {0.05 * 0.5}
    assert c.state is RunState.FINISHED
    assert "The training finished" in window.statusBar().currentMessage()
    assert attached_run(window).step == len(used)  # every step arrived, and the run is kept

    # saved and opened again: the recorded run, ended, with its decay; it cannot be trained or forked
    run = attached_run(window)
    window.files.path = tmp_path / "attached.lrmon"
    assert window.files.save()
    assert window.exporter.export("steps", tmp_path / "steps.csv")  # exports as for a built-in run
    rows = read_rows(tmp_path / "steps.csv")
    assert len(rows) == run.step and float(rows[stamped.step]["lr"]) == 0.05 * 0.5
    assert float(rows[stamped.step - 1]["lr"]) == 0.05
    assert [r["action"] for r in (window.exporter.export("events", tmp_path / "ev.csv") and
                                  read_rows(tmp_path / "ev.csv"))] == ["decay=0.5"]
    second = make_window()
    assert second.files.open(tmp_path / "attached.lrmon")
    again = attached_run(second)
    assert again is not None and again.done and second.controller.state is RunState.FINISHED
    assert list(again.history.loss.view()) == list(run.history.loss.view())
    assert list(again.history.val_loss.view()) == list(run.history.val_loss.view())
    assert [(s.step, s.event) for s in again.history.events] == [(stamped.step, DecayNow(0.5))]
    assert again.steps_per_epoch == 16
    names = [second.runs.list.topLevelItem(i).text(0) for i in range(second.runs.list.topLevelItemCount())]
    assert names[-1] == "attached: attach_training.py"  # beside the built-in run of the first window
    second.toggle_action.trigger()
    assert "no longer attached" in second.statusBar().currentMessage()
    assert not second.controller.fork_here(DecayNow(0.5))
    assert "cannot be replayed" in second.statusBar().currentMessage()


class ThreadTraining:
    """A tiny training on a thread of the test process, attached to ``endpoint`` (for speed)."""

    def __init__(self, endpoint, log_every: int = 1) -> None:
        torch.manual_seed(0)
        self.log_every = log_every  # log one optimizer step in so many (a training that logs less often)
        self.done = 0  # optimizer steps made
        self.model = torch.nn.Linear(4, 1)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.1)
        self.monitor = Monitor(self.optimizer, connect=endpoint, steps_per_epoch=8)
        self.go = threading.Event()
        self.leave = threading.Event()
        self.thread = threading.Thread(target=self.train, name="test-training")
        self.thread.start()

    def train(self) -> None:
        x, y = torch.randn(64, 4), torch.randn(64, 1)
        step = 0
        while not self.leave.is_set():
            self.go.wait()
            loss = torch.nn.functional.mse_loss(self.model(x), y)
            loss.backward()
            self.optimizer.step()
            self.optimizer.zero_grad()
            step += 1
            self.done = step
            if step % self.log_every == 0:
                self.monitor.log(step, loss=loss.item(), epoch=(step - 1) // 8)
            self.go.clear()

    def steps(self, n: int, qtbot, run) -> None:
        """Make ``n`` more steps and wait until the window has them."""
        target = run.step + n
        for _ in range(n):
            self.go.set()
            qtbot.waitUntil(lambda: not self.go.is_set())
        qtbot.waitUntil(lambda: run.step >= target)

    def step_until(self, condition, qtbot) -> None:
        """Make steps, one at a time, until ``condition`` holds (a command reaches the training at
        the step after it arrived: when, depends on the machine)."""
        while not condition():
            self.go.set()
            qtbot.waitUntil(lambda: not self.go.is_set() or condition(), timeout=WAIT)

    def close(self) -> None:
        self.leave.set()
        self.go.set()
        self.thread.join()
        self.monitor.close()


def test_space_pauses_and_resumes_the_training_and_its_end_keeps_the_run(window, qtbot):
    c = window.controller
    _, listener = listen(window)
    training = ThreadTraining(listener.endpoint)
    try:
        qtbot.waitUntil(lambda: attached_run(window) is not None, timeout=WAIT)
        run = attached_run(window)
        assert not window.setup.isEnabled()  # its setup is its script's
        assert not window.runs.fork_button.isEnabled() and not window.runs.more_button.isEnabled()
        assert "cannot be forked" in window.runs.fork_button.toolTip()
        training.steps(5, qtbot, run)
        window.toggle_action.trigger()  # Space: pause the training
        assert "Sent pause" in window.statusBar().currentMessage()
        training.step_until(lambda: c.state is RunState.PAUSED, qtbot)  # before a next step, which then waits
        assert window.run_panel.start_button.text() == "Resume"
        assert "paused before optimizer step" in window.statusBar().currentMessage()
        window.toggle_action.trigger()  # Space again: resume (acknowledged while the training waits)
        qtbot.waitUntil(lambda: c.state is RunState.RUNNING, timeout=WAIT)
        qtbot.waitUntil(lambda: not training.go.is_set(), timeout=WAIT)  # the held step was made
        c.step_epoch()
        assert "Step one epoch is not for an attached training" in window.statusBar().currentMessage()
        assert not c.fork_here(DecayNow(0.5))
        assert "cannot be forked" in window.statusBar().currentMessage()
        assert c.run is run
    finally:
        if c.state is RunState.PAUSED:  # a failed check must not leave the training held
            c.attached.stop_listening()
        training.close()  # the training closes its monitor: it finished
    qtbot.waitUntil(lambda: c.run.done)
    assert c.state is RunState.FINISHED
    assert "The training finished" in window.statusBar().currentMessage()
    window.decay.decay_now()
    assert "no longer attached" in window.statusBar().currentMessage()
    assert run.history.events == []  # nothing was sent
    window.reset()  # a built-in run beside it; the attached run stays, and can be current again
    assert not isinstance(c.run, AttachedView) and window.setup.isEnabled()
    assert c.run.config.problem == "linear"  # Reset makes a run of the last built-in setup
    assert "cannot be forked" not in window.runs.fork_button.toolTip()
    ids = [node.id for node in c.workspace.tree]
    c.select(ids[-2])
    assert c.run is run and c.state is RunState.FINISHED and not window.setup.isEnabled()
    assert listener.state != "stopped"  # still listening for the next training


def test_a_training_that_vanishes_ends_its_run_and_unanswered_commands_are_said(window, qtbot):
    import socket

    from lrmonitor.attach.link import hello_message
    from lrmonitor.core.link.protocol import encode

    c = window.controller
    _, listener = listen(window)
    sock = socket.create_connection((listener.endpoint.host, listener.endpoint.port))
    try:
        sock.sendall(encode({**hello_message("override", 0.1, 4, 1, "torch"), "token": listener.endpoint.token}))
        rows = [[i + 1, i // 4, 0.1, 1.0 / (i + 1), None, None, None] for i in range(12)]
        sock.sendall(encode({"op": "steps", "rows": rows}))
        qtbot.waitUntil(lambda: attached_run(window) is not None and c.run.step == 12, timeout=WAIT)
        c.delete(c.workspace.current)  # deleted and brought back: still the live training's run
        assert attached_run(window) is None
        c.undo()
        assert attached_run(window) is not None and c.run.step == 12 and c.state is RunState.RUNNING
        window.decay.decay_now()  # sent, never acknowledged: the training is gone before its next step
    finally:
        sock.close()  # killed: no goodbye
    qtbot.waitUntil(lambda: c.run.done, timeout=WAIT)
    message = window.statusBar().currentMessage()
    assert "The training disconnected" in message and "Not acknowledged, the training is gone: decay=0.1" in message
    assert c.run.step == 12 and c.run.history.events == []


def test_cancel_stops_listening_and_closing_the_window_stops_the_listener(make_window, qtbot):
    window = make_window()
    dialog, listener = listen(window)
    path = listener.connection_file
    assert path.exists()
    dialog.cancel_button.click()
    assert not dialog.isVisible() and window.controller.attached.listener is None
    assert not path.exists()
    assert listener.state == "stopped"
    window.attach_action.trigger()  # listening again: a fresh port and token
    again = window.controller.attached.listener
    assert again is not listener and dialog.isVisible()
    window.close()
    assert again.state == "stopped" and not again.connection_file.exists()
    qtbot.waitUntil(lambda: not [t for t in threading.enumerate() if t.name == "lrmonitor-listener"])


def test_pause_when_the_loss_stops_improving_pauses_an_attached_training_once(window, qtbot):
    import json as json_module
    import socket

    from lrmonitor.attach.link import hello_message
    from lrmonitor.core.link.protocol import encode

    c = window.controller
    window.run_panel.pause_on_plateau.setChecked(True)
    _, listener = listen(window)
    sock = socket.create_connection((listener.endpoint.host, listener.endpoint.port))
    try:
        sock.sendall(encode({**hello_message("override", 0.1, 4, 1, "torch"), "token": listener.endpoint.token}))
        reader = sock.makefile("rb")
        assert json_module.loads(reader.readline())["op"] == "welcome"
        # 20 epochs of 4 steps, the validation loss flat from epoch 2: the detector fires after 10 more
        rows = [[i + 1, i // 4, 0.1, 0.5, (1.0 if i < 8 else 0.5) if i % 4 == 3 else None, None, None]
                for i in range(80)]
        sock.sendall(encode({"op": "steps", "rows": rows}))
        qtbot.waitUntil(lambda: attached_run(window) is not None and c.run.history.epochs == 20, timeout=WAIT)
        qtbot.waitUntil(lambda: "Pausing the training" in window.statusBar().currentMessage())
        command = json_module.loads(reader.readline())
        assert command["op"] == "command" and command["action"] == "pause"
        sock.sendall(encode({"op": "ack", "id": command["id"], "ok": True, "step": 80, "lr": 0.1}))
        qtbot.waitUntil(lambda: c.state is RunState.PAUSED)
        assert c.run.history.events == []  # a pause is not a rate event: no marker
        window.toggle_action.trigger()  # Space: go on (the plateau does not pause it again)
        command = json_module.loads(reader.readline())
        assert command["action"] == "resume"
        sock.sendall(encode({"op": "ack", "id": command["id"], "ok": True, "step": 80, "lr": 0.1}))
        qtbot.waitUntil(lambda: c.state is RunState.RUNNING)
        sock.sendall(encode({"op": "steps", "rows": [[81, 20, 0.1, 0.5, None, None, None]]}))
        qtbot.waitUntil(lambda: c.run.step == 81)
        assert c.attached.unacknowledged == []
        sock.sendall(encode({"op": "bye"}))
        qtbot.waitUntil(lambda: c.run.done)
    finally:
        sock.close()


def test_a_second_training_after_the_first_ended_is_a_run_of_its_own(window, qtbot):
    import socket

    from lrmonitor.attach.link import hello_message
    from lrmonitor.core.link.protocol import encode

    c = window.controller
    _, listener = listen(window)
    views = []
    for script, steps in (("first.py", 5), ("second.py", 7)):
        sock = socket.create_connection((listener.endpoint.host, listener.endpoint.port))
        try:
            hello = {**hello_message("override", 0.1, 4, 1, "torch"), "script": script}
            sock.sendall(encode({**hello, "token": listener.endpoint.token}))
            sock.sendall(encode({"op": "steps", "rows": [[i + 1, None, 0.1, 1.0, None, None, None]
                                                         for i in range(steps)]}))
            qtbot.waitUntil(lambda s=steps: attached_run(window) is not None and attached_run(window) not in views
                            and c.run.step == s, timeout=WAIT)
            views.append(c.run)
            sock.sendall(encode({"op": "bye"}))
            qtbot.waitUntil(lambda: c.run.done, timeout=WAIT)
        finally:
            sock.close()
    names = [node.name for node in c.workspace.tree]
    assert names[-2:] == ["attached: first.py", "attached: second.py"]
    assert [v.step for v in views] == [5, 7] and all(v.done for v in views)
    assert window.controller.attached.state == "ended"  # and still listening for the next one
    assert listener is c.attached.listener


def test_a_saved_attached_run_keeps_its_optimizer_steps_and_the_acknowledged_rate(window, make_window, qtbot, tmp_path):
    """Save and open again: every row keeps the optimizer step it reported (the training logs every third step
    after its decay), the event its step, and the marker the rate the training said it used."""
    c = window.controller
    _, listener = listen(window)
    training = ThreadTraining(listener.endpoint)
    try:
        qtbot.waitUntil(lambda: attached_run(window) is not None, timeout=WAIT)
        run = attached_run(window)
        training.steps(10, qtbot, run)
        window.decay.decay_factor.setValue(0.1)
        window.decay.decay_now()
        training.step_until(lambda: len(run.history.events) == 1, qtbot)
        training.log_every = 3
        target = training.done + 12 - training.done % 3  # a step the training logs
        training.step_until(lambda: training.done >= target, qtbot)
        qtbot.waitUntil(lambda: run.training_step == target, timeout=WAIT)
    finally:
        training.close()
    qtbot.waitUntil(lambda: c.run.done, timeout=WAIT)
    stamped = run.history.events[0]
    assert stamped.label() == "decay ×0.1 → lr 0.01"  # the rate the training said it used (0.1 × 0.1)
    steps = [int(s) for s in run.attached.steps.view()]
    assert steps[:10] == list(range(1, 11)) and steps[-1] == target
    assert all(b - a == 3 for a, b in zip(steps[-4:], steps[-3:]))  # every third step: the rows are not 1, 2, 3…
    qtbot.waitUntil(lambda: "decay ×0.1 → lr 0.01" in window.plots.markers.labels)
    window.files.path = tmp_path / "attached.lrmon"
    assert window.files.save()

    second = make_window()
    assert second.files.open(tmp_path / "attached.lrmon")
    again = attached_run(second)
    assert again is not None and again.done
    assert [(s.step, s.label()) for s in again.history.events] == [(stamped.step, "decay ×0.1 → lr 0.01")]
    assert again.history.events == run.history.events
    assert [int(s) for s in again.attached.steps.view()] == steps  # the optimizer step of every row
    assert again.training_step == run.training_step == steps[-1]
    assert list(again.attached.epochs.view()) == list(run.attached.epochs.view())
    qtbot.waitUntil(lambda: "decay ×0.1 → lr 0.01" in second.plots.markers.labels)
    third = tmp_path / "again.lrmon"  # saved once more from the opened run: still the same
    second.files.path = third
    assert second.files.save()
    assert make_window().files.open(third)


def test_a_command_the_training_never_acknowledges_is_said_once_its_deadline_passes(window, qtbot):
    """A training stuck before its next optimizer step (a long data-loading step, a wedged link thread):
    the status bar says which command was not acknowledged, the window waits no longer, and the late ack
    still becomes its marker."""
    import json as json_module
    import socket

    from lrmonitor.attach.link import hello_message
    from lrmonitor.core.link.protocol import encode

    c = window.controller
    _, listener = listen(window)
    c.attached.ack_deadline = 0.2  # seconds on the window's clock (10 s by default)
    sock = socket.create_connection((listener.endpoint.host, listener.endpoint.port))
    reader = sock.makefile("rb")
    try:
        sock.sendall(encode({**hello_message("override", 0.1, 4, 1, "torch"), "token": listener.endpoint.token}))
        assert json_module.loads(reader.readline())["op"] == "welcome"
        sock.sendall(encode({"op": "steps", "rows": [[i + 1, i // 4, 0.1, 1.0, None, None, None] for i in range(12)]}))
        qtbot.waitUntil(lambda: attached_run(window) is not None and c.run.step == 12, timeout=WAIT)
        window.decay.decay_factor.setValue(0.1)
        window.decay.decay_now()
        assert c.attached.unacknowledged == ["decay=0.1"]
        command = json_module.loads(reader.readline())  # it reached the training, which never answers
        assert command["action"] == "decay=0.1"
        qtbot.waitUntil(lambda: "has not acknowledged" in window.statusBar().currentMessage(), timeout=WAIT)
        message = window.statusBar().currentMessage()
        assert "The training has not acknowledged decay=0.1 within 0.2 s" in message
        assert "may still apply when the training reaches its next optimizer step" in message
        assert c.attached.unacknowledged == [] and c.state is RunState.RUNNING  # nothing waits for it now
        window.toggle_action.trigger()  # the window is not stuck: Space sends a pause
        assert "Sent pause" in window.statusBar().currentMessage() and c.attached.unacknowledged == ["pause"]
        assert json_module.loads(reader.readline())["action"] == "pause"
        qtbot.waitUntil(lambda: "has not acknowledged pause" in window.statusBar().currentMessage(), timeout=WAIT)
        assert c.state is RunState.RUNNING  # a pause never acknowledged did not pause the run
        # the training reaches its next optimizer step: the late ack is taken as any other
        sock.sendall(encode({"op": "ack", "id": command["id"], "ok": True, "step": 12, "lr": 0.01}))
        qtbot.waitUntil(lambda: len(c.run.history.events) == 1, timeout=WAIT)
        assert c.run.history.events[0].step == 12 and c.run.history.events[0].label() == "decay ×0.1 → lr 0.01"
        assert "decay=0.1 took effect at optimizer step 12: the training's rate is now 0.01" in (
            window.statusBar().currentMessage())
        qtbot.waitUntil(lambda: "decay ×0.1 → lr 0.01" in window.plots.markers.labels, timeout=WAIT)
    finally:
        reader.close()
        sock.close()  # gone without a goodbye: the pause it never acknowledged is said
    qtbot.waitUntil(lambda: c.run.done, timeout=WAIT)
    assert "Not acknowledged, the training is gone: pause." in window.statusBar().currentMessage()
