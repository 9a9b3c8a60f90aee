"""``lrmonitor watch --at``: an action the training never acknowledges is said once its deadline passes
(counted from when the training reported that step), and a late ack is still taken in."""

from __future__ import annotations

import json
import os
import socket
import threading

from lrmonitor.cli.watch import _follow
from lrmonitor.core.link import Listener
from lrmonitor.core.run.events import Acknowledged, DecayNow

WAIT = 30.0  # seconds: a generous bound on a loaded machine, never a pace


def stuck_training(listener: Listener, overdue: threading.Event, failures: list[str]) -> None:
    """A training that receives the --at commands, reports 5 steps, answers the one at step 1 at once
    and the one at step 3 only after lrmonitor said it was overdue (its link was stuck), then closes."""
    try:
        with socket.create_connection(("127.0.0.1", listener.endpoint.port), timeout=WAIT) as sock, \
                sock.makefile("rb") as reader:
            def send(message):
                sock.sendall(json.dumps(message).encode() + b"\n")

            send({"op": "hello", "token": listener.endpoint.token, "protocol": 1, "mode": "override", "lr": 0.1,
                  "run": "r1", "pid": os.getpid(), "script": "stuck.py", "world_size": 1})
            welcome = json.loads(reader.readline())
            commands = [json.loads(reader.readline()) for _ in range(welcome["pending"])]
            by_step = {c["at_step"]: c for c in commands}
            # as the training's link sends them: the acks of a batch before its rows
            send({"op": "ack", "id": by_step[1]["id"], "ok": True, "step": 1, "lr": 0.05})
            send({"op": "steps", "rows": [[1, 0, 0.1, 1.0, None, None, None]]})
            send({"op": "steps", "rows": [[s, 0, 0.05, 1.0, None, None, None] for s in range(2, 6)]})
            if not overdue.wait(WAIT):
                failures.append("watch never said the command at step 3 was overdue")
            send({"op": "ack", "id": by_step[3]["id"], "ok": True, "step": 3, "lr": 0.005})
            send({"op": "bye"})
    except Exception as err:  # reported by the test, not lost on this thread
        failures.append(repr(err))


def test_watch_says_an_at_action_not_acknowledged_in_time_once_and_takes_its_late_ack(tmp_path):
    said, warned, failures = [], [], []
    overdue = threading.Event()

    def warn(text):
        warned.append(text)
        overdue.set()

    with Listener(tmp_path) as listener:
        asked = {listener.send(action, at_step=step): (step, action)
                 for step, action in ((1, "lr=0.05"), (3, "decay=0.1"), (100, "decay=0.5"))}
        training = threading.Thread(target=stuck_training, args=(listener, overdue, failures))
        training.start()
        try:
            code = _follow(listener, WAIT, said.append, asked, ack_deadline=0.2, warn=warn)
        finally:
            overdue.set()
            training.join(WAIT)
        run = listener.run
    assert failures == []
    assert code == 0  # the training closed normally
    # only the action at step 3 was overdue: the one at step 1 was answered at once, step 100 never came
    assert warned == ["--at 3:decay=0.1 was not acknowledged within 0.2 s of the training reaching that step: it "
                      "may be busy (a long data-loading step?) or its link stuck; it stays sent and may still apply "
                      "when the training reaches its next optimizer step"]
    assert "step 1: lr=0.05 took effect, lr 0.05" in said
    assert "step 3: decay=0.1 took effect, lr 0.005" in said  # the late ack, printed as any other
    assert run.history.events[-1] == Acknowledged(3, DecayNow(0.1), 0.005)  # and its event, with its rate
