"""The listener with a hand-made training on a raw socket: token, protocol limits, rows, commands, acks."""

from __future__ import annotations

import json
import os
import socket
import stat
import time

import pytest

from lrmonitor.core.link import Listener
from lrmonitor.core.link.connection import ENV_VAR, candidates, parse_env_value, read_connection_file
from lrmonitor.core.link.protocol import MAX_LINE, MAX_RATE
from lrmonitor.core.run.events import DecayNow

WAIT = 20.0  # seconds: a generous bound on a loaded machine, never a pace


@pytest.fixture
def listener(tmp_path):
    with Listener(tmp_path) as running:
        yield running
    assert running.state == "stopped"


def wait_until(condition, what: str, timeout: float = WAIT):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")


OPEN: list[socket.socket] = []  # every test's sockets, closed after it even when it fails


@pytest.fixture(autouse=True)
def close_sockets():
    yield
    while OPEN:
        OPEN.pop().close()


class RawTraining:
    """A training as the protocol sees it: a socket and JSON lines."""

    def __init__(self, listener: Listener, token: str | None = None, run: str = "r1") -> None:
        self.sock = socket.create_connection(("127.0.0.1", listener.endpoint.port), timeout=WAIT)
        OPEN.append(self.sock)
        self.buffer = b""
        self.send({"op": "hello", "token": token or listener.endpoint.token, "protocol": 1, "mode": "override",
                   "lr": 0.1, "run": run, "pid": os.getpid(), "script": "train.py", "world_size": 1})

    def send(self, message: dict) -> None:
        self.sock.sendall(json.dumps(message).encode() + b"\n")

    def receive(self) -> dict | None:
        while b"\n" not in self.buffer:
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buffer += data
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line)

    def close(self) -> None:
        self.sock.close()


def test_connection_file_is_private_and_names_the_endpoint(listener, tmp_path):
    path = listener.connection_file
    assert path.parent == tmp_path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    endpoint = read_connection_file(path)
    assert endpoint == listener.endpoint
    assert len(bytes.fromhex(endpoint.token)) == 32
    assert parse_env_value(listener.env_value) == endpoint
    assert candidates({ENV_VAR: listener.env_value}) == [endpoint]
    assert candidates({ENV_VAR: str(path)}) == [endpoint]
    assert candidates({ENV_VAR: "off"}) == []


def test_tokens_are_fresh_per_listener(tmp_path):
    with Listener(tmp_path, write_file=False) as a, Listener(tmp_path, write_file=False) as b:
        assert a.endpoint.token != b.endpoint.token


def test_stop_removes_the_connection_file(tmp_path):
    listener = Listener(tmp_path).start()
    path = listener.connection_file
    listener.stop()
    listener.stop()  # idempotent
    assert not path.exists()


def test_wrong_token_is_refused_and_nothing_recorded(listener):
    training = RawTraining(listener, token="0" * 64)
    assert training.receive() == {"op": "refused", "error": "wrong token"}
    assert training.receive() is None  # closed
    training.close()
    wait_until(lambda: listener.poll().messages, "the refusal")
    assert listener.run is None
    assert listener.state == "listening"


def test_a_first_line_that_is_not_a_hello_is_refused(listener):
    sock = socket.create_connection(("127.0.0.1", listener.endpoint.port), timeout=WAIT)
    sock.sendall(b'{"op": "steps", "rows": []}\n')
    assert sock.recv(100) == b""  # closed without a word
    sock.close()
    messages = wait_until(lambda: listener.poll().messages, "the message")
    assert "not allowed" in messages[0]


def test_an_overlong_line_closes_the_connection(listener):
    training = RawTraining(listener)
    assert training.receive()["op"] == "welcome"
    training.sock.sendall(b"x" * (MAX_LINE + 10))
    assert training.receive() is None
    training.close()
    wait_until(lambda: listener.state == "disconnected", "the disconnect")


def test_rows_commands_and_acks_flow_both_ways(listener):
    early = listener.send("decay=0.5")  # before any training: delivered on connect
    training = RawTraining(listener)
    assert training.receive()["op"] == "welcome"
    assert training.receive() == {"op": "command", "id": early, "action": "decay=0.5", "at_step": None}
    training.send({"op": "steps", "rows": [[1, 0, 0.1, 2.5, None, 1.0, None], [2, 0, 0.1, "nan", 2.0, None, 2.2]]})
    updates = []
    wait_until(lambda: updates.append(listener.poll()) or sum(u.new_rows for u in updates) == 2, "rows")
    assert [u.new_run for u in updates].count(True) == 1
    run = listener.run
    assert run.info.script == "train.py" and run.info.lr == 0.1
    lr, loss = run.history.step_values()
    assert list(lr) == [0.1, 0.1] and loss[0] == 2.5 and loss[1] != loss[1]  # NaN kept
    assert list(run.history.val_loss.view()) == [2.0] and list(run.history.train_loss.view()) == [2.2]
    training.send({"op": "ack", "id": early, "ok": True, "step": 2, "lr": 0.05})
    later = listener.send(DecayNow(0.1), at_step=10)
    assert training.receive() == {"op": "command", "id": later, "action": "decay=0.1", "at_step": 10}
    acks = wait_until(lambda: listener.poll().acks, "the ack")
    assert acks[0].id == early and acks[0].ok and acks[0].step == 2 and acks[0].lr == 0.05
    assert [(s.step, s.event) for s in run.history.events] == [(2, DecayNow(0.5))]
    training.send({"op": "bye"})
    wait_until(lambda: listener.state == "finished", "finished")
    training.close()
    listener.poll()
    assert run.finished
    assert updates[-1].state == "connected"


def test_one_training_at_a_time_and_a_reconnect_continues_the_run(listener):
    first = RawTraining(listener)
    assert first.receive()["op"] == "welcome"
    second = RawTraining(listener, run="other")
    assert second.receive()["op"] == "refused"
    second.close()
    pending = listener.send("lr=0.01")
    assert first.receive()["id"] == pending
    first.send({"op": "steps", "rows": [[1, None, 0.1, 1.0, None, None, None]]})
    wait_until(lambda: listener.poll().new_rows, "a row")
    run = listener.run
    first.close()
    wait_until(lambda: listener.state == "disconnected", "the disconnect")
    again = RawTraining(listener)  # same run id: same run, the unacknowledged command again
    assert again.receive()["op"] == "welcome"
    assert again.receive()["id"] == pending
    again.send({"op": "steps", "rows": [[2, None, 0.1, 0.9, None, None, None]]})
    wait_until(lambda: listener.poll().new_rows, "a row")
    assert listener.run is run and list(run.steps.view()) == [1, 2]
    again.close()


@pytest.mark.parametrize("action", ["lr=0", "lr=-1", f"lr={MAX_RATE * 10}", "lr=nan", "lr=inf", "decay=2",
                                    "decay=0", "optimizer=adam", "explode", ""])
def test_bad_commands_are_refused_at_once(listener, action):
    with pytest.raises(ValueError, match="allowed"):
        listener.send(action)


def test_bad_rows_close_the_connection(listener):
    training = RawTraining(listener)
    assert training.receive()["op"] == "welcome"
    training.send({"op": "steps", "rows": [["one", 0, 0.1, 1.0, None, None, None]]})
    assert training.receive() is None
    training.close()
    messages = wait_until(lambda: listener.poll().messages, "the message")
    assert "step 'one'" in messages[0]


@pytest.mark.skipif(os.name != "posix", reason="stale files are recognised by their process id on POSIX only")
def test_a_new_listener_removes_connection_files_of_listeners_that_are_gone(tmp_path):
    stale = tmp_path / "attach-4194305-1234.json"  # beyond Linux's largest process id: no such process
    stale.write_text("{}")
    alive = tmp_path / f"attach-{os.getpid()}-1.json"
    alive.write_text("{}")
    with Listener(tmp_path) as listener:
        assert not stale.exists() and alive.exists() and listener.connection_file.exists()


def test_a_flood_of_silent_connections_does_not_stop_a_training(listener):
    silent = [socket.create_connection(("127.0.0.1", listener.endpoint.port), timeout=WAIT) for _ in range(40)]
    try:
        wait_until(lambda: sum(1 for s in silent if _closed(s)) >= 40 - 16, "the surplus to be refused")
    finally:
        for sock in silent:
            sock.close()
    trainings = []

    def attach() -> bool:  # the listener may not have seen the silent ones close yet: try again
        training = RawTraining(listener)
        trainings.append(training)
        answer = training.receive()
        return answer is not None and answer["op"] == "welcome"

    try:
        wait_until(attach, "a training to be welcomed")
    finally:
        for training in trainings:
            training.close()


def _closed(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
