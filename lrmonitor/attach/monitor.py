"""``Monitor``: stream a PyTorch training's loss to lrmonitor and apply its commands to the optimizer.

::

    from lrmonitor.attach import Monitor
    monitor = Monitor(optimizer)            # finds a running lrmonitor; without one it does nothing
    for step, (x, y) in enumerate(loader):
        loss = criterion(model(x), y); loss.backward(); optimizer.step(); optimizer.zero_grad()
        monitor.log(step, loss=loss.item())  # val_loss=..., epoch=... when known
        if monitor.should_stop: break        # Stop in lrmonitor
    monitor.close()

Commands are applied on the training thread just before an optimizer step, through
``optimizer.register_step_pre_hook``, and re-applied before every step while in force (a
scheduler that recomputes the rate from its base cannot undo them); after the step the
optimizer's rates are put back to the script's own values, so the script's scheduler goes on
from its own state. ``mode="override"``: lrmonitor's rate replaces the script's; ``mode="scale"``:
lrmonitor's factor multiplies the script's own schedule (see :mod:`lrmonitor.core.link.steering`).

The training never waits for lrmonitor: ``log`` appends to a bounded queue (the oldest rows are
dropped and counted when it is full), a background thread sends every 75 ms, reconnects with
backoff, and warns (at most once a minute per kind) instead of raising. Only a Pause from
lrmonitor holds the training, before its next step, until Resume or Stop or until lrmonitor
goes away. ``close`` sends what is left for at most 0.5 s.
"""

from __future__ import annotations

import atexit
import math
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.link.connection import ENV_VAR, Endpoint, candidates, parse_env_value, read_connection_file
from ..core.link.protocol import Command
from ..core.link.steering import Steering
from .link import Channel, Link, Warner, hello_message
from .ranks import RankSync, distributed_rank

CLOSE_FLUSH = 0.5  # seconds close() may take, sending what is left
PAUSE_POLL = 0.05


def _number(value: Any) -> float | None:
    if value is None or type(value) is float:
        return value
    return float(value)  # a 0-d tensor, numpy scalar or int (a GPU tensor syncs: pass loss.item())


class Monitor:
    """One training attached to lrmonitor (see the module docstring).

    ``optimizer``: a ``torch.optim`` optimizer (None: only ``log``, for adapters without hooks).
    ``mode``: ``"override"`` (lrmonitor's rate replaces the script's) or ``"scale"`` (a factor
    on the script's own schedule). ``steps_per_epoch``: optimizer steps in an epoch, for
    schedules (else learnt from the logged epochs). ``connect``: ``"127.0.0.1:PORT:TOKEN"``, a
    connection file's path, or ``"off"`` (default: ``LRMONITOR_ATTACH``, else the connection
    files of the user's runtime directory). ``queue_size``: rows kept while lrmonitor is away.
    ``sync_every``: in a distributed run, broadcast rank 0's rate every N steps. ``wait``: seconds
    to wait, once, for a found lrmonitor to answer (so commands queued there apply from step 0).
    """

    def __init__(self, optimizer: Any = None, *, mode: str = "override", steps_per_epoch: int | None = None,
                 connect: str | os.PathLike | Endpoint | None = None, queue_size: int = 20_000, sync_every: int = 1,
                 wait: float = 2.0, framework: str = "torch", loss_label: str = "mini-batch loss") -> None:
        for name, value, low in (("queue_size", queue_size, 1), ("sync_every", sync_every, 1)):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"{name} {value!r} is out of range: allowed is a whole number >= {low}")
        if not (isinstance(wait, (int, float)) and 0 <= wait <= 60):
            raise ValueError(f"wait {wait!r} is out of range: allowed is 0..60 seconds")
        self._steering = Steering(mode, steps_per_epoch)
        self._warn = Warner()
        self._channel = Channel(queue_size)
        self._queue_size = queue_size
        self._optimizer = optimizer
        self._steps = 0  # optimizer steps done
        self._later: list[Command] = []  # commands for a later step (at_step), in order
        self._last_lr: float | None = None
        self._restore: list[Any] | None = None
        self._applied: list[float] | None = None
        self._stop_seen = False
        self._closed = False
        self._handles: list[Any] = []
        self._wake = threading.Event()
        ranks = distributed_rank()
        self._sync = RankSync(ranks[0], sync_every) if ranks else None
        self._talks = ranks is None or ranks[0] == 0
        self._link: Link | None = None
        targets = _targets(connect)
        if self._talks and targets is not None:
            script_lr = self._script_rates()[0] if optimizer is not None and optimizer.param_groups else None
            hello = hello_message(mode, script_lr if script_lr is None or math.isfinite(script_lr) else None,
                                  steps_per_epoch, ranks[1] if ranks else 1, framework, loss_label)
            self._link = Link(self._channel, hello, self._warn, targets)
            self._link.start()
            # a found lrmonitor gets up to `wait` s to answer, so commands queued there apply from step 0;
            # with none to be found the first attempt is over at once
            self._link.first_attempt.wait(wait)
        if optimizer is not None:
            self._handles = [optimizer.register_step_pre_hook(self._pre_hook),
                             optimizer.register_step_post_hook(self._post_hook)]
        atexit.register(self.close)

    # -- what the training calls --------------------------------------------------------------------

    def log(self, step: int, loss: Any = None, *, val_loss: Any = None, epoch: Any = None, lr: Any = None,
            grad_norm: Any = None, train_loss: Any = None) -> None:
        """Record one step (never blocks, never raises).

        ``step`` is used only without an optimizer; with one, the row carries the number of
        optimizer steps done (the count lrmonitor's commands use). ``lr`` defaults to the rate
        the last update actually used. A ``val_loss`` marks the end of an epoch: with a ``loss``
        the row is both, without one (``log(step, val_loss=v)`` after validating) it adds only the
        epoch's validation loss. ``plateau`` schedules decide on these validation losses.
        """
        if not self._talks or self._closed:
            return
        try:
            row_step = self._steps if self._optimizer is not None else int(step)
            epoch = _number(epoch)
            val_loss = _number(val_loss)
            rows = self._channel.rows
            if len(rows) == self._queue_size:
                self._channel.dropped += 1
            rows.append((row_step, epoch, self._last_lr if lr is None else _number(lr), _number(loss), val_loss,
                         _number(grad_norm), _number(train_loss)))
            if epoch is not None:
                self._steering.learn_epoch(row_step, epoch)
            if val_loss is not None:
                self._steering.observe(val_loss)
        except Exception as err:
            self._warn("log", f"a step could not be recorded: {err!r}")

    @property
    def should_stop(self) -> bool:
        """True once Stop was pressed in lrmonitor (the training decides where to stop).

        A Stop that has arrived counts at once, without waiting for the next optimizer step (in
        a distributed run it comes with rank 0's broadcast, so that all ranks stop together).
        """
        if not self._steering.stop_requested and self._sync is None and self._talks:
            try:
                self._take_due_stop()
            except Exception as err:
                self._warn("stop", f"a Stop could not be read: {err!r}")
        return self._steering.stop_requested or self._stop_seen

    def _take_due_stop(self) -> None:
        commands = self._channel.commands
        while commands:
            self._later.append(commands.popleft())
        step = self._steps
        for command in self._later:
            if command.action == "stop" and (command.at_step is None or command.at_step <= step):
                self._later.remove(command)
                self._channel.acks.append({"op": "ack", "id": command.id, "ok": True, "step": step,
                                           **({"lr": self._last_lr} if self._last_lr is not None else {})})
                self._steering.stop_requested = True
                self._steering.paused = False
                return

    @property
    def pending(self) -> int:
        """Commands received from lrmonitor that have not taken effect yet (they will at a coming step)."""
        return len(self._channel.commands) + len(self._later)

    @property
    def steps(self) -> int:
        """Optimizer steps done since the monitor was made (the count lrmonitor's commands use)."""
        return self._steps

    @property
    def connected(self) -> bool:
        return self._channel.connected.is_set()

    @property
    def dropped(self) -> int:
        """Rows dropped because the queue was full (lrmonitor away for long, or a very fast loop)."""
        return self._channel.dropped

    def close(self) -> None:
        """Remove the hooks, send what is left (at most 0.5 s) and disconnect. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._wake.set()
        try:
            atexit.unregister(self.close)
            for handle in self._handles:
                handle.remove()
            if self._link is not None:
                self._link.close(CLOSE_FLUSH)
        except Exception as err:
            self._warn("close", f"closing the link failed: {err!r}")

    def __enter__(self) -> Monitor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- before and after each optimizer step ----------------------------------------------------------

    def before_update(self, script_rates: list[float]) -> list[float] | None:
        """The rates the coming update must use (None: the script's own), applying due commands.

        Called on the training thread just before each optimizer step (by the hooks, or by an
        adapter whose framework has no such hook); :meth:`after_update` follows the step.
        """
        step, steering = self._steps, self._steering
        at_sync = self._sync is None or step % self._sync.sync_every == 0
        if self._talks and at_sync and (self._channel.commands or self._later):
            self._apply_due(step, script_rates)
        if self._talks and steering.paused:
            self._hold(step, script_rates)
        if self._sync is not None:
            value = steering.decided(step)
            active, value, _, stop = self._sync.exchange(
                step, (float(value is not None), value or 0.0, float(steering.paused), float(steering.stop_requested)))
            self._stop_seen = self._stop_seen or stop > 0
            rates = steering.follow(value, script_rates) if active else None
        else:
            rates = steering.rates(step, script_rates) if steering.active else None
        self._last_lr = (rates or script_rates or [None])[0]
        return rates

    def after_update(self) -> None:
        self._steps += 1

    def _apply_due(self, step: int, script_rates: list[float]) -> None:
        commands = self._channel.commands
        while commands:
            self._later.append(commands.popleft())
        due = [c for c in self._later if c.at_step is None or c.at_step <= step]
        if not due:
            return
        self._later = [c for c in self._later if c not in due]
        for command in due:
            outcome = self._steering.apply(command, step, script_rates)
            ack: dict[str, Any] = {"op": "ack", "id": outcome.id, "ok": outcome.ok, "step": outcome.step}
            if outcome.lr is not None and math.isfinite(outcome.lr):
                ack["lr"] = outcome.lr
            if outcome.error:
                ack["error"] = outcome.error[:300]
            self._channel.acks.append(ack)

    def _hold(self, step: int, script_rates: list[float]) -> None:
        """Paused from lrmonitor: wait before this step until Resume, Stop, lrmonitor gone, or close."""
        while self._steering.paused and not self._closed:
            if self._link is None or not self._link.is_alive() or not self._channel.connected.is_set():
                self._warn("pause", "lrmonitor went away while the training was paused: it goes on")
                self._steering.paused = False
                break
            self._wake.wait(PAUSE_POLL)
            if self._channel.commands:
                self._apply_due(step, script_rates)

    # -- torch optimizer hooks ------------------------------------------------------------------------

    def _script_rates(self) -> list[float]:
        return [float(g["lr"]) for g in self._optimizer.param_groups]

    def _pre_hook(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        try:
            script = self._script_rates()
            rates = self.before_update(script)
            if rates is not None:
                self._restore = script
                self._applied = rates
                for group, rate in zip(optimizer.param_groups, rates):
                    _set_lr(group, rate)
        except Exception as err:
            self._warn("hook", f"a command could not be applied before this step: {err!r}")

    def _post_hook(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        try:
            if self._restore is not None:
                for group, own, mine in zip(optimizer.param_groups, self._restore, self._applied or []):
                    if float(group["lr"]) == mine:  # unless the step itself changed it
                        _set_lr(group, own)
                self._restore = None
            self.after_update()
        except Exception as err:
            self._warn("hook", f"the script's rate could not be put back after this step: {err!r}")


def _set_lr(group: dict, value: Any) -> None:
    """Set a group's rate, in place when it is a tensor (``capturable``/fused optimizers keep it so)."""
    current = group["lr"]
    if hasattr(current, "fill_"):
        current.fill_(float(value) if not hasattr(value, "item") else value.item())
    else:
        group["lr"] = value



def _targets(connect: str | os.PathLike | Endpoint | None) -> Callable[[], list[Endpoint]] | None:
    """Where the link looks for lrmonitor at each attempt; None when attaching is off."""
    if connect is None:
        if ENV_VAR in os.environ:
            try:
                if parse_env_value(os.environ[ENV_VAR]) is None:
                    return None
            except ValueError:
                pass  # the link warns, naming the variable
        return candidates
    if isinstance(connect, Endpoint):
        return lambda: [connect]
    target = parse_env_value(os.fspath(connect)) if isinstance(connect, str) else Path(connect)
    if target is None:
        return None
    if isinstance(target, Endpoint):
        return lambda: [target]
    return lambda: [read_connection_file(target)]
