"""The listener: lrmonitor's side of attach, used by the window and by ``lrmonitor watch``.

How to use it (the window polls from a timer, ``lrmonitor watch`` from its main loop)::

    from lrmonitor.core.link import Listener

    listener = Listener().start()         # binds 127.0.0.1 on a free port, fresh 32-byte token
                                          # (Listener(path=P): the connection file at P)
    listener.env_value                    # "127.0.0.1:PORT:TOKEN": LRMONITOR_ATTACH=<that> for the training
    listener.connection_file              # the same in a 0600 file; a training finds it by itself
    ...
    update = listener.poll()              # what arrived since the last poll (never blocks)
    update.state                          # "listening", "connected", "disconnected", "finished", "stopped"
    update.new_rows                       # rows added to listener.run since the last poll
    update.acks                           # Ack(id, action, ok, step, lr, error) of sent commands
    update.new_run                        # a new training connected: listener.run is a new AttachedRun
    listener.run                          # AttachedRun or None: .history (a core History), .steps, .acks, .info
    cid = listener.send("decay=0.5")      # or an Event, "lr=0.01", a schedule spec, "pause"/"resume"/"stop";
                                          # at_step=S: when the training has done S optimizer steps
    listener.stop()                       # closes everything, removes the connection file (idempotent)

    # the attached run, for plots, CSV and comparison like any run:
    run.history                           # a core History: lr and loss per logged row, val_loss per epoch,
                                          # events = the acknowledged rate commands, Stamped at their step
    run.step_table()                      # columns step (optimizer steps), epoch, lr, loss, grad_norm
    run.info                              # TrainingInfo: script, pid, mode, framework, loss_label, world_size...
    run.finished                          # the training closed (``monitor.close()``), vs lost
    # files (lrmonitor.core.link.files): write_attached_csv, save_attached / load_attached (a JSON
    # record that says it cannot be replayed: run.replayable is False)

Threading: socket I/O runs on one background thread (I/O only; it never touches the run).
``poll`` moves what it received into :attr:`Listener.run` on the calling thread, so the run,
its :class:`~lrmonitor.core.run.history.History` and its acks belong to the thread that polls;
``send``, ``poll`` and ``stop`` may be called from any thread. ``send`` validates the action at
once (``ValueError`` naming the value and the allowed range) and returns the command's id; a
command sent before a training connects is delivered when one does. Each command is acknowledged
once, by the training, with the step at which it took effect and the rate actually used; an
acknowledged rate command becomes an event of the run (``run.history.events``).

One training at a time: while one is connected, another is refused ("busy"). A training that
reconnects (same ``run`` id in its hello) goes on recording into the same run; commands not yet
acknowledged are sent again (the training ignores ids it has seen). Security: loopback only, the
token is checked in constant time on the first line (see :mod:`.protocol`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import selectors
import socket
import threading
import time
from pathlib import Path
from typing import Any

from ..run.events import Event
from .connection import HOST, TOKEN_BYTES, Endpoint, remove_stale_files, write_connection_file
from .protocol import (
    HELLO_TIMEOUT,
    MAX_HELLO,
    PROTOCOL_VERSION,
    TRAINING_OPS,
    Command,
    LineReader,
    ProtocolError,
    check_row,
    decode,
    encode,
    parse_command_action,
    token_matches,
)
from .record import Ack, AttachedRun, LinkUpdate, TrainingInfo

POLL_INTERVAL = 0.02  # seconds the I/O thread waits for sockets before looking at its outbox
MAX_PEERS = 16  # connections at once, most of them not yet past their hello


class _Peer:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.reader = LineReader(MAX_HELLO)
        self.deadline = time.monotonic() + HELLO_TIMEOUT
        self.authed = False
        self.out = bytearray()


class Listener:
    """Listens on 127.0.0.1 for one training at a time (see the module docstring)."""

    def __init__(self, folder: Path | None = None, *, write_file: bool = True, path: Path | None = None) -> None:
        self._folder = folder
        self._path = path
        self._write_file = write_file
        self.endpoint: Endpoint | None = None
        self.connection_file: Path | None = None
        self.run: AttachedRun | None = None
        self._lock = threading.Lock()
        self._inbox: list[tuple[str, Any]] = []  # (kind, payload) from the I/O thread
        self._outbox: list[Command] = []  # commands not yet written to the current training
        self._unacked: dict[int, Command] = {}
        self._next_id = 1
        self._state = "listening"
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._server: socket.socket | None = None
        self._training: _Peer | None = None  # the I/O thread's: the authenticated connection

    # -- public API -----------------------------------------------------------------------------

    def start(self) -> Listener:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            server.bind((HOST, 0))
            server.listen(4)
            server.setblocking(False)
            self.endpoint = Endpoint(HOST, server.getsockname()[1], secrets.token_hex(TOKEN_BYTES))
            if self._write_file:
                if self._path is None:
                    remove_stale_files(self._folder)
                self.connection_file = write_connection_file(self.endpoint, self._folder, self._path)
        except BaseException:
            server.close()
            raise
        self._server = server
        self._thread = threading.Thread(target=self._serve, name="lrmonitor-listener", daemon=True)
        self._thread.start()
        return self

    @property
    def env_value(self) -> str:
        """``LRMONITOR_ATTACH``'s value for a training: ``127.0.0.1:PORT:TOKEN``."""
        if self.endpoint is None:
            raise RuntimeError("the listener is not started")
        return self.endpoint.env_value()

    @property
    def state(self) -> str:
        with self._lock:
            return self._state

    def send(self, action: str | Event, at_step: int | None = None) -> int:
        """Queue a command for the training; returns its id (``ValueError`` for a bad action)."""
        parsed = parse_command_action(action if isinstance(action, str) else action.action())
        if at_step is not None and (isinstance(at_step, bool) or not isinstance(at_step, int) or at_step < 0):
            raise ValueError(f"step {at_step!r} is out of range: allowed is a whole number >= 0")
        with self._lock:
            command = Command(self._next_id, parsed, at_step)
            self._next_id += 1
            self._unacked[command.id] = command
            self._outbox.append(command)
        return command.id

    def poll(self) -> LinkUpdate:
        """Move what arrived into :attr:`run` and say what changed (call it from one thread)."""
        with self._lock:
            inbox, self._inbox = self._inbox, []
            state = self._state
        update = LinkUpdate(state)
        for kind, payload in inbox:
            if kind == "hello":
                info: TrainingInfo = payload
                if self.run is None or self.run.info.run != info.run:
                    self.run = AttachedRun(info)
                    update.new_run = True
                self.run.finished = False
            elif kind == "rows" and self.run is not None:
                self.run.add_rows(payload)
                update.new_rows += len(payload)
            elif kind == "ack" and self.run is not None:
                ack, command = payload
                event = None if command is None or isinstance(command.action, str) else command.action
                self.run.add_ack(ack, event)
                update.acks.append(ack)
            elif kind == "dropped" and self.run is not None:
                self.run.dropped = payload
            elif kind == "bye" and self.run is not None:
                self.run.finished = True
            elif kind == "message":
                update.messages.append(payload)
        return update

    def stop(self, timeout: float = 2.0) -> None:
        """Close the training's connection and the port, remove the connection file."""
        self._stopping.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        if self.connection_file is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.connection_file)
        with self._lock:
            self._state = "stopped"

    def __enter__(self) -> Listener:
        return self.start() if self._thread is None else self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- the I/O thread ---------------------------------------------------------------------------

    def _post(self, kind: str, payload: Any = None) -> None:
        with self._lock:
            self._inbox.append((kind, payload))

    def _serve(self) -> None:
        selector = selectors.DefaultSelector()
        assert self._server is not None
        selector.register(self._server, selectors.EVENT_READ, None)
        peers: dict[socket.socket, _Peer] = {}
        try:
            while not self._stopping.is_set():
                for key, _ in selector.select(POLL_INTERVAL):
                    if key.data is None:
                        self._accept(selector, peers)
                        continue
                    peer = peers[key.fileobj]
                    try:
                        self._receive(peer)
                    except (OSError, ProtocolError, ValueError) as err:
                        if isinstance(err, ProtocolError):
                            self._post("message", f"a connection was closed: {err}")
                        self._drop(selector, peers, peer)
                now = time.monotonic()
                for peer in [p for p in peers.values() if not p.authed and now > p.deadline]:
                    self._post("message", "a connection sent no hello in time and was closed")
                    self._drop(selector, peers, peer)
                if self._training is not None:
                    try:
                        self._flush(self._training)
                    except OSError:
                        self._drop(selector, peers, self._training)
        finally:
            for peer in list(peers.values()):
                with contextlib.suppress(OSError):
                    peer.sock.close()
            selector.close()
            self._server.close()

    def _accept(self, selector: selectors.BaseSelector, peers: dict) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            sock, _ = self._server.accept()  # type: ignore[union-attr]
            if len(peers) >= MAX_PEERS:  # a flood of connections that say nothing: refuse the surplus
                sock.close()
                return
            sock.setblocking(False)
            peers[sock] = _Peer(sock)
            selector.register(sock, selectors.EVENT_READ, True)

    def _drop(self, selector, peers: dict, peer: _Peer) -> None:
        with contextlib.suppress(KeyError, ValueError):
            selector.unregister(peer.sock)
        peers.pop(peer.sock, None)
        with contextlib.suppress(OSError):
            peer.sock.close()
        if peer is self._training:
            self._training = None
            with self._lock:
                if self._state == "connected":
                    self._state = "disconnected"

    def _receive(self, peer: _Peer) -> None:
        try:
            data = peer.sock.recv(65536)
        except BlockingIOError:  # readable, yet nothing to read after all
            return
        if not data:
            raise OSError("closed")
        for line in peer.reader.feed(data):
            if not peer.authed:
                self._hello(peer, line)
            else:
                self._message(decode(line, TRAINING_OPS))

    def _hello(self, peer: _Peer, line: bytes) -> None:
        message = decode(line, ("hello",))
        if not token_matches(message.get("token"), self.endpoint.token):  # type: ignore[union-attr]
            peer.sock.sendall(encode({"op": "refused", "error": "wrong token"}))
            raise ProtocolError("a training presented a wrong token")
        if message.get("protocol") != PROTOCOL_VERSION:
            peer.sock.sendall(encode({"op": "refused", "error": f"protocol {PROTOCOL_VERSION} needed"}))
            raise ProtocolError(f"protocol version {message.get('protocol')!r} is not {PROTOCOL_VERSION}")
        if self._training is not None:
            peer.sock.sendall(encode({"op": "refused", "error": "busy: another training is attached"}))
            raise ProtocolError("a second training was refused: one is attached already")
        peer.authed = True
        peer.reader = LineReader()
        info = TrainingInfo.from_hello(message)
        with self._lock:
            self._state = "connected"
            self._inbox.append(("hello", info))
            self._outbox = sorted(self._unacked.values(), key=lambda c: c.id)  # (again) all not acknowledged
            pending = len(self._outbox)
        # "pending": how many commands follow at once, so a training can wait for them before its
        # first step (``lrmonitor watch --at 0:...`` then acts on step 0, whatever the timing)
        peer.out += encode({"op": "welcome", "protocol": PROTOCOL_VERSION, "pending": pending})
        self._training = peer

    def _message(self, message: dict[str, Any]) -> None:
        op = message["op"]
        if op == "steps":
            rows = message.get("rows")
            if not isinstance(rows, list):
                raise ProtocolError("steps without rows")
            self._post("rows", [check_row(r) for r in rows])
        elif op == "ack":
            self._post("ack", self._ack(message))
        elif op == "dropped":
            count = message.get("count")
            if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
                self._post("dropped", count)
        elif op == "bye":
            with self._lock:
                self._state = "finished"
                self._inbox.append(("bye", None))
        else:
            raise ProtocolError(f"operation {op!r} is not expected after the hello")

    def _ack(self, message: dict[str, Any]) -> tuple[Ack, Command | None]:
        cid = message.get("id")
        with self._lock:
            command = self._unacked.pop(cid, None) if isinstance(cid, int) else None
        if command is None:
            raise ProtocolError(f"ack for unknown command {cid!r}")
        step, lr = message.get("step"), message.get("lr")
        ok = message.get("ok") is True
        ack = Ack(
            id=command.id, action=command.text(), ok=ok,
            step=step if ok and isinstance(step, int) and not isinstance(step, bool) and step >= 0 else None,
            lr=float(lr) if ok and isinstance(lr, (int, float)) and not isinstance(lr, bool) else None,
            error="" if ok else str(message.get("error", "refused"))[:300],
        )
        return ack, command

    def _flush(self, peer: _Peer) -> None:
        with self._lock:
            outbox, self._outbox = self._outbox, []
        for command in outbox:
            peer.out += encode(command.to_json())
        if peer.out:
            try:
                sent = peer.sock.send(peer.out)
            except BlockingIOError:  # the training reads slowly: the rest goes next time
                return
            del peer.out[:sent]
