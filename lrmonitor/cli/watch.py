"""``lrmonitor watch``: attach one training without a window, record it, steer it with ``--at``.

It listens (:class:`~lrmonitor.core.link.Listener`), prints the line the training needs, waits
for one training, sends every ``--at STEP:ACTION`` at once (the training applies each when it has
done STEP optimizer steps, before the next update), prints each command's ack, and exits when
the training disconnects. An ``--at`` action not acknowledged within
:data:`~lrmonitor.core.link.deadline.ACK_DEADLINE` seconds after the training reported STEP steps
(a long data-loading step, a stuck link) is said once on stderr; it stays sent, and a late ack
is printed as any other. ``--out`` and ``--session`` are written at the end, together and
atomically (also after Ctrl+C or a training that went away): the session is an attached-run
record (``format: lrmonitor-attached``), which says that it cannot be replayed.

Exit codes: 0 the training closed normally; 1 none came within ``--wait`` seconds, or it went
away without closing (crashed or killed: what was recorded is still written); 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..core.files.atomic import check_writable, together
from ..core.link import Listener
from ..core.link.deadline import ACK_DEADLINE, Deadlines
from ..core.link.files import save_attached, write_attached_csv
from ..core.link.protocol import parse_command_action
from .arguments import PROG, BadInputError, check_text, position_action

EXIT_NO_TRAINING = 1
POLL = 0.05  # seconds between two polls of the listener
RECONNECT_GRACE = 10.0  # seconds a training that lost its connection has to come back
MAX_WAIT = 7 * 24 * 3600


_step_position = position_action("--at", "step", "500:decay=0.1")


def _step_action(text: str) -> tuple[int, str]:
    """``--at STEP:ACTION``: the step as ``run --at`` reads an epoch, and an action the training can take."""
    number, action = _step_position(text)
    try:
        parse_command_action(action)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"--at {text!r}: {err}") from None
    return number, action.strip()


_step_action.__name__ = "at"


def _wait(text: str) -> float:
    check_text("--wait", text, "seconds, e.g. 600")
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--wait {text!r} is not a number of seconds") from None
    if not 0 < value <= MAX_WAIT:
        raise argparse.ArgumentTypeError(f"--wait {text} is out of range: allowed is 0 < seconds <= {MAX_WAIT}")
    return value


_wait.__name__ = "wait"


def add_watch_parser(commands, path_type) -> None:
    watch = commands.add_parser(
        "watch",
        help="record and steer your own training (lrmonitor.attach) without a window",
        description="Wait for one training that uses lrmonitor.attach (Monitor(optimizer) in PyTorch, or an "
        "adapter), record it, apply the --at actions when it reaches those optimizer steps, and exit when it "
        "disconnects. The training finds lrmonitor by itself (a connection file in your runtime directory) or "
        "through LRMONITOR_ATTACH (printed on stderr).",
        epilog="exit codes: 0 the training closed normally, 1 no training came within --wait seconds or it went "
        "away without closing (what was recorded is still written), 2 bad input",
        allow_abbrev=False,
    )
    watch.add_argument("--at", type=_step_action, action="append", default=[], metavar="STEP:ACTION",
                       help="an action when the training has done STEP optimizer steps (before the next update): a "
                       "schedule spec, decay=F, lr=V, pause, resume or stop; repeatable. Schedules count epochs of "
                       "the training's steps per epoch (Monitor(..., steps_per_epoch=N) or logged epochs)")
    watch.add_argument("--out", metavar="steps.csv", type=path_type("--out"),
                       help="per-step CSV: step,epoch,lr,loss,val_loss,grad_norm (empty where not reported)")
    watch.add_argument("--session", metavar="run.json", type=path_type("--session"),
                       help="the attached run's record (format lrmonitor-attached: rows, events, acks); it cannot "
                       "be replayed (lrmonitor has only what the training reported); the name must end in .json")
    watch.add_argument("--connection-file", metavar="PATH", type=path_type("--connection-file"),
                       help="write the connection file (mode 0600) here instead of the runtime directory; start "
                       "the training with LRMONITOR_ATTACH=PATH")
    watch.add_argument("--wait", type=_wait, default=600.0, metavar="SECONDS",
                       help="how long to wait for a training to connect (default: 600)")
    watch.add_argument("--quiet", action="store_true", help="print nothing but errors")


def _checked_outputs(args: argparse.Namespace) -> tuple[Path | None, Path | None, Path | None]:
    try:
        out, session, connection = (check_writable(p) if p else None
                                    for p in (args.out, args.session, args.connection_file))
    except ValueError as err:
        raise BadInputError(str(err)) from None
    if session is not None and session.suffix.lower() != ".json":
        raise BadInputError(f"--session '{session}': the name must end in .json (an attached run's record; it "
                            "cannot be replayed, so it is not a .lrmon session)")
    named = [p.resolve() for p in (out, session, connection) if p is not None]
    if len(set(named)) != len(named):
        raise BadInputError("two outputs name the same file: give each its own path")
    return out, session, connection


def cmd_watch(args: argparse.Namespace, ack_deadline: float = ACK_DEADLINE) -> int:
    out, session, connection = _checked_outputs(args)
    say = (lambda text: None) if args.quiet else (lambda text: print(text, flush=True))
    try:
        listener = Listener(path=connection).start()
    except OSError as err:
        raise BadInputError(f"lrmonitor could not listen for a training: {err}") from None
    try:
        asked = {listener.send(action, at_step=step): (step, action) for step, action in args.at}
        if not args.quiet:
            print(f"{PROG}: waiting for a training: it finds this lrmonitor by itself, or start it with "
                  f"LRMONITOR_ATTACH={listener.env_value}", file=sys.stderr, flush=True)
        try:
            code = _follow(listener, args.wait, say, asked, ack_deadline=ack_deadline)
        finally:
            if listener.run is not None:
                with together():
                    if out is not None:
                        write_attached_csv(out, listener.run)
                    if session is not None:
                        save_attached(session, listener.run)
    finally:
        listener.stop()
    run = listener.run
    if run is None:
        print(f"{PROG}: no training connected within {args.wait:g} s; nothing was written", file=sys.stderr)
        return EXIT_NO_TRAINING
    done = {a.id for a in run.acks}
    for cid, (step, action) in asked.items():
        if cid not in done:
            print(f"{PROG}: --at {step}:{action} never took effect: the training ended after "
                  f"{int(run.steps.view()[-1]) if len(run.steps) else 0} optimizer steps", file=sys.stderr)
    _summary(run, say)
    if code:
        print(f"{PROG}: the training went away without closing (crashed or killed?); what was recorded is written",
              file=sys.stderr)
    return code


def _warn(text: str) -> None:
    print(f"{PROG}: {text}", file=sys.stderr, flush=True)


def _follow(listener: Listener, wait: float, say, asked: dict[int, tuple[int, str]] | None = None, *,
            ack_deadline: float = ACK_DEADLINE, warn=_warn) -> int:
    """Poll until the training closes (0) or is gone (1), or none came within ``wait`` seconds (1).

    ``asked``: the ``--at`` commands by id, as (step, action); each waits ``ack_deadline`` seconds for
    its ack from the poll at which the training is connected and has reported its step, then ``warn``
    says so, once.
    """
    deadline = time.monotonic() + wait
    lost_since: float | None = None
    due = dict(asked or {})  # --at commands not yet waited for and not acknowledged
    waiting = Deadlines(ack_deadline)
    while True:
        update = listener.poll()
        if update.new_run:
            info = listener.run.info  # type: ignore[union-attr]
            say(f"attached: {info.script} (pid {info.pid}, {info.mode} mode, world size {info.world_size})")
        for ack in update.acks:
            due.pop(ack.id, None)
            waiting.acknowledged(ack.id)
            if ack.ok:
                rate = f", lr {ack.lr:g}" if ack.lr is not None else ""
                say(f"step {ack.step}: {ack.action} took effect{rate}")
            else:
                say(f"{ack.action} was refused by the training: {ack.error}")
        for message in update.messages:
            say(f"note: {message}")
        now = time.monotonic()
        _check_acks(listener, update.state, due, waiting, now, warn)
        if update.state == "finished":
            return 0
        if update.state == "listening" and now > deadline:
            return EXIT_NO_TRAINING
        if update.state == "disconnected":
            lost_since = lost_since or now
            if now - lost_since > RECONNECT_GRACE:
                return EXIT_NO_TRAINING
        else:
            lost_since = None
        time.sleep(POLL)


def _check_acks(listener: Listener, state: str, due: dict[int, tuple[int, str]], waiting: Deadlines, now: float,
                warn) -> None:
    """Start the wait of each ``--at`` command the connected training has reached; warn of those overdue."""
    run = listener.run
    if state == "connected" and run is not None and due:
        reached = int(run.steps.view()[-1]) if len(run.steps) else 0
        for cid in [cid for cid, (step, _) in due.items() if step <= reached]:
            step, action = due.pop(cid)
            waiting.start(cid, f"{step}:{action}", now)
    for _, text in waiting.overdue(now):
        warn(f"--at {text} was not acknowledged within {waiting.seconds:g} s of the training reaching that step: "
             "it may be busy (a long data-loading step?) or its link stuck; it stays sent and may still apply "
             "when the training reaches its next optimizer step")


def _summary(run, say) -> None:
    lr, loss = run.history.step_values()
    last = f", last loss {loss[-1]:.6g}" if len(loss) else ""
    applied = sum(1 for a in run.acks if a.ok)
    dropped = f", {run.dropped} rows dropped by the training's queue" if run.dropped else ""
    say(f"watch: {len(run.steps)} steps recorded{last}, {applied} command(s) applied{dropped}")
