"""The training's connection to lrmonitor: one background thread that sends and receives.

The training thread only appends to bounded deques (:class:`Channel`); this thread connects
(``LRMONITOR_ATTACH`` or the runtime directory's connection files, see
:mod:`lrmonitor.core.link.connection`), presents the token, then every :data:`BATCH_INTERVAL`
sends the rows and acks gathered meanwhile and reads commands. Every socket call has a timeout.
When lrmonitor is absent, closes or is killed, it tries again with backoff (0.5 s doubling to
10 s) while the training goes on. Nothing here ever raises into the training: problems become
rate-limited warnings on the ``lrmonitor.attach`` logger.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from ..core.link.connection import Endpoint, candidates
from ..core.link.protocol import (
    LISTENER_OPS,
    MAX_ROWS,
    PROTOCOL_VERSION,
    Command,
    LineReader,
    ProtocolError,
    decode,
    encode,
    wire_number,
)

BATCH_INTERVAL = 0.075  # seconds between sends: 50-100 ms, as the issue asks
SOCKET_TIMEOUT = 2.0
BACKOFF_FIRST, BACKOFF_MAX = 0.5, 10.0
WARN_EVERY = 60.0  # seconds between two warnings of one kind

log = logging.getLogger("lrmonitor.attach")


class Warner:
    """Warnings at most once per :data:`WARN_EVERY` seconds per kind (a training loop is not a log)."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}

    def __call__(self, kind: str, text: str) -> None:
        now = time.monotonic()
        if now - self._last.get(kind, -WARN_EVERY) >= WARN_EVERY:
            self._last[kind] = now
            with contextlib.suppress(Exception):
                log.warning("lrmonitor: %s", text)


class Channel:
    """What the training thread and the link thread hand each other (deques: no lock needed)."""

    def __init__(self, queue_size: int) -> None:
        self.rows: deque[tuple] = deque(maxlen=queue_size)
        self.dropped = 0  # rows the bounded queue dropped (oldest first)
        self.acks: deque[dict[str, Any]] = deque()
        self.commands: deque[Command] = deque()
        self.connected = threading.Event()


class Link(threading.Thread):
    """Connects, sends rows and acks, receives commands; reconnects with backoff; stops on :meth:`close`."""

    def __init__(self, channel: Channel, hello: dict[str, Any], warn: Warner,
                 targets: Callable[[], list[Endpoint]] = candidates) -> None:
        super().__init__(name="lrmonitor-attach", daemon=True)
        self.channel = channel
        self.hello = hello
        self.warn = warn
        self.targets = targets
        self.first_attempt = threading.Event()  # set when the first connection attempt is over
        self._closing = threading.Event()
        self._flush_until = 0.0
        self._seen: set[int] = set()
        self._sock: socket.socket | None = None
        self._reader = LineReader()
        self._pending_lines: list[bytes] = []  # received, not yet handled
        self._sent_dropped = 0

    # -- the thread -------------------------------------------------------------------------------

    def run(self) -> None:
        backoff = BACKOFF_FIRST
        try:
            while not self._closing.is_set():
                if self._sock is None:
                    connected = self._connect()
                    self.first_attempt.set()
                    if not connected:
                        self._closing.wait(backoff)
                        backoff = min(2 * backoff, BACKOFF_MAX)
                        continue
                    backoff = BACKOFF_FIRST
                try:
                    self._exchange(BATCH_INTERVAL)
                except (OSError, ProtocolError, ValueError) as err:
                    self._disconnect(f"lost the connection to lrmonitor ({err}); the training goes on and "
                                     "reconnects when lrmonitor is back")
            self._final_flush()
        except Exception as err:  # never let the thread die noisily; the training is unaffected
            self.warn("link", f"the link to lrmonitor stopped: {err!r}")
        finally:
            self._drop_socket()
            self.first_attempt.set()

    def close(self, timeout: float) -> None:
        """Send what is left and ``bye`` for at most ``timeout`` seconds, then stop (a connection
        attempt still under way then ends by itself, within its socket timeout)."""
        self._flush_until = time.monotonic() + 0.9 * timeout
        self._closing.set()
        self.join(timeout)

    # -- connecting -----------------------------------------------------------------------------

    def _connect(self) -> bool:
        try:
            targets = self.targets()
        except ValueError as err:
            self.warn("config", str(err))
            return False
        for target in targets:
            if self._closing.is_set():
                return False
            sock = None
            try:
                sock = socket.create_connection((target.host, target.port), timeout=SOCKET_TIMEOUT)
                sock.settimeout(SOCKET_TIMEOUT)
                sock.sendall(encode({**self.hello, "token": target.token}))
                self._reader, self._pending_lines = LineReader(), []
                answer = self._read_message(sock, SOCKET_TIMEOUT)
                if answer.get("op") != "welcome":
                    self.warn("refused", f"lrmonitor at {target.host}:{target.port} refused this training: "
                              f"{str(answer.get('error', 'no reason'))[:100]}")
                    sock.close()
                    continue
                self._sock = sock
                pending = answer.get("pending")
                for _ in range(pending if isinstance(pending, int) and 0 < pending < 10_000 else 0):
                    self._command(self._read_message(sock, SOCKET_TIMEOUT))
                self.channel.connected.set()
                return True
            except (OSError, ProtocolError, ValueError):
                if sock is not None:
                    sock.close()
                self._sock = None
                continue
        return False

    def _read_message(self, sock: socket.socket, timeout: float) -> dict[str, Any]:
        """The next message from lrmonitor, waiting at most ``timeout`` seconds."""
        end = time.monotonic() + timeout
        while not self._pending_lines:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("lrmonitor did not answer")
            sock.settimeout(left)
            data = sock.recv(65536)
            if not data:
                raise ConnectionError("lrmonitor closed the connection")
            self._pending_lines.extend(self._reader.feed(data))
        return decode(self._pending_lines.pop(0), LISTENER_OPS)

    # -- connected --------------------------------------------------------------------------------

    def _exchange(self, wait: float) -> None:
        sock = self._sock
        assert sock is not None
        while self._pending_lines:
            self._command(decode(self._pending_lines.pop(0), LISTENER_OPS))
        readable, _, _ = select.select([sock], [], [], wait)
        if readable:
            data = sock.recv(65536)
            if not data:
                raise ConnectionError("lrmonitor closed the connection")
            for line in self._reader.feed(data):
                self._command(decode(line, LISTENER_OPS))
        self._send_pending(sock)

    def _command(self, message: dict[str, Any]) -> None:
        if message.get("op") != "command":
            raise ProtocolError(f"{message.get('op')!r} is not expected now")
        try:
            command = Command.from_json(message)
        except ValueError as err:  # an action this version does not accept: say so, do not apply
            cid = message.get("id")
            if isinstance(cid, int) and cid not in self._seen:
                self._seen.add(cid)
                self.channel.acks.append({"op": "ack", "id": cid, "ok": False, "error": str(err)[:300]})
            return
        if command.id not in self._seen:  # a command sent again after a reconnect is not applied twice
            self._seen.add(command.id)
            self.channel.commands.append(command)

    def _send_pending(self, sock: socket.socket) -> None:
        channel = self.channel
        out = bytearray()
        while channel.acks:
            out += encode(channel.acks.popleft())
        rows = [channel.rows.popleft() for _ in range(min(len(channel.rows), MAX_ROWS * 8))]
        for start in range(0, len(rows), MAX_ROWS):
            out += _steps_line(rows[start:start + MAX_ROWS])
        if channel.dropped != self._sent_dropped:
            self._sent_dropped = channel.dropped
            out += encode({"op": "dropped", "count": channel.dropped})
        if out:
            sock.settimeout(SOCKET_TIMEOUT)
            sock.sendall(out)

    def _final_flush(self) -> None:
        """At close: the rows and acks left, then ``bye``, within the time :meth:`close` allows."""
        if self._sock is None:
            return
        try:
            while (self.channel.rows or self.channel.acks) and time.monotonic() < self._flush_until:
                self._send_pending(self._sock)
            left = self._flush_until - time.monotonic()
            if left > 0:
                self._sock.settimeout(left)
                self._sock.sendall(encode({"op": "bye"}))
        except (OSError, ProtocolError, ValueError):
            pass

    def _disconnect(self, text: str) -> None:
        self.warn("lost", text)
        self._drop_socket()

    def _drop_socket(self) -> None:
        self.channel.connected.clear()
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
        self._sock = None
        self._pending_lines = []


def _steps_line(rows: list[tuple]) -> bytes:
    """A ``steps`` message; rows holding a non-finite number (a diverged loss) take the slow path."""
    try:
        return encode({"op": "steps", "rows": rows})  # tuples are JSON arrays
    except ProtocolError:
        raise
    except ValueError:  # NaN or infinity: JSON has none, the protocol spells them "nan", "inf"
        return encode({"op": "steps", "rows": [[row[0], *map(wire_number, row[1:])] for row in rows]})


def hello_message(mode: str, lr: float | None, steps_per_epoch: int | None, world_size: int,
                  framework: str, loss_label: str = "mini-batch loss") -> dict[str, Any]:
    """The first line, without the token (added per endpoint)."""
    return {"op": "hello", "protocol": PROTOCOL_VERSION, "mode": mode, "lr": lr,
            "steps_per_epoch": steps_per_epoch, "world_size": world_size, "framework": framework,
            "loss_label": loss_label,
            "run": os.urandom(8).hex(), "pid": os.getpid(),
            "script": os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python"}
