"""``lrmonitor run`` and ``lrmonitor replay``: train headless and write the outputs, checked first.

``--session FILE`` writes format version 2 when FILE ends in ``.lrmon`` (every recorded number:
the file opens with the same curves on any computer) and version 1 when it ends in ``.json``
(configuration and events, replayed when opened). ``replay`` reads both: a version-2 file is
recomputed run by run and compared with what it recorded (exit 4 at the first difference).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.engine.tuning import keep_heap_slack
from ..core.files.atomic import check_writable, together
from ..core.files.lrmon import EXTENSION, Loaded, load_any, save_tree
from ..core.files.session import Session, save_session
from ..core.files.tables import write_epochs_csv, write_steps_csv
from ..core.run.config import RunConfig
from ..core.run.events import ApplySchedule, Event, Stamped, parse_action
from ..core.run.state import RunState
from ..core.run.trainer import Trainer
from ..core.run.tree import RunNode
from ..core.training.optimizers import parse_optimizer
from .arguments import EXIT_DIFFERS, EXIT_DIVERGED, EXIT_OK, PROG, PROGRESS_AFTER, BadInputError

SESSION_SUFFIXES = (EXTENSION, ".json")  # version 2, version 1


@dataclass
class _Outputs:
    steps: Path | None
    epochs: Path | None
    session: Path | None
    png: Path | None
    svg: Path | None
    size: tuple[int, int]

    @staticmethod
    def checked(args: argparse.Namespace) -> _Outputs:
        try:
            names = (args.out, args.epoch_out, args.session, args.png, args.svg)
            paths = [check_writable(p) if p else None for p in names]
        except ValueError as err:
            raise BadInputError(str(err)) from None
        named = [p.resolve() for p in paths if p is not None]
        if len(set(named)) != len(named):
            raise BadInputError("two outputs name the same file: give each output its own path")
        session = paths[2]
        if session is not None and session.suffix.lower() not in SESSION_SUFFIXES:
            raise BadInputError(
                f"--session '{session}': the name must end in {EXTENSION} (format version 2, every recorded "
                "number) or .json (version 1, configuration and events)"
            )
        return _Outputs(*paths, args.size)

    def write(self, trainer: Trainer, nodes: list[RunNode] | None = None) -> None:
        """Write the outputs of ``trainer``; a version-2 session holds ``nodes`` if given (a tree), else it.

        All or nothing: the files are renamed into place only when every one was written."""
        try:
            with together():
                self._write(trainer, nodes)
        except ValueError as err:  # e.g. an output swapped for a FIFO since it was checked
            raise BadInputError(f"{err}; no output was written") from None

    def _write(self, trainer: Trainer, nodes: list[RunNode] | None) -> None:
        if self.steps:
            write_steps_csv(self.steps, trainer.history)
        if self.epochs:
            write_epochs_csv(self.epochs, trainer.history)
        if self.session:
            if self.session.suffix.lower() == EXTENSION:
                try:
                    save_tree(self.session, nodes or [trainer])
                except ValueError as err:  # e.g. a run too long for one file
                    raise BadInputError(f"--session '{self.session}': {err}") from None
            else:
                save_session(self.session, Session(trainer.config, list(trainer.history.events), trainer.summary()))
        if self.png or self.svg:
            from ..qt.snapshot import write_snapshots  # Qt only when a picture is asked for

            write_snapshots(trainer.history, self.png, self.svg, self.size)


def config_from(args: argparse.Namespace) -> tuple[RunConfig, list[Stamped]]:
    try:
        config = RunConfig(
            problem=args.problem, optimizer=args.optimizer, lr=args.lr, batch_size=args.batch_size,
            epochs=args.epochs, seed=args.seed, noise=args.noise,
            train_size=args.train_size, val_size=args.val_size,
        ).validated()
        events = []
        if args.schedule:
            events.append(Stamped(0, ApplySchedule(args.schedule)))
        for epoch, action in args.at:
            event = epoch_action("--at", epoch, action, config)
            events.append(Stamped(epoch * config.steps_per_epoch, event))
    except ValueError as err:
        raise BadInputError(str(err)) from None
    events.sort(key=lambda s: s.step)  # stable: same-step events keep the order given
    return config, events


def epoch_action(flag: str, epoch: int, action: str, config: RunConfig) -> Event:
    """The event of ``--at``/``--fork EPOCH:ACTION``; ValueError naming the option when it is bad."""
    if epoch >= config.epochs:
        raise ValueError(
            f"{flag} {epoch}:{action}: epoch {epoch} is beyond the run: "
            f"allowed is 0 <= epoch <= {config.epochs - 1} with --epochs {config.epochs}"
        )
    try:
        return parse_action(action)
    except ValueError as err:
        raise ValueError(f"{flag} {epoch}:{action}: {err}") from None


def train(trainer: Trainer, steps: int | None, quiet: bool) -> float:
    """Run to the end (or ``steps``), showing progress on stderr for long runs; returns seconds.

    On a terminal the progress line is redrawn in place; in a log, a line every 10 s.
    """
    total = steps if steps is not None else trainer.total_steps
    tty = sys.stderr.isatty()
    start = time.perf_counter()
    next_report = start + PROGRESS_AFTER
    shown = False
    while not trainer.done and (total is None or trainer.step < total):
        trainer.run(trainer.steps_per_epoch if total is None else min(trainer.steps_per_epoch, total - trainer.step))
        now = time.perf_counter()
        if not quiet and now >= next_report:
            epochs = f"/{trainer.config.epochs}" if trainer.config.epochs else ""
            line = f"epoch {trainer.step // trainer.steps_per_epoch}{epochs}, step {trainer.step}/{total}"
            print(f"\r{line} " if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)
            shown = True
            next_report = now + (0.2 if tty else 10.0)
    if shown and tty:
        print("\r" + " " * 60 + "\r", end="", file=sys.stderr, flush=True)
    return time.perf_counter() - start


def _report(trainer: Trainer, seconds: float, quiet: bool) -> int:
    s = trainer.summary()
    if trainer.status == RunState.DIVERGED:
        print(f"{PROG}: {trainer.divergence}; outputs written up to step {s['steps']}", file=sys.stderr)
        return EXIT_DIVERGED
    if not quiet:
        print(_summary_line(trainer, seconds))
    return EXIT_OK


def _summary_line(trainer: Trainer, seconds: float | None) -> str:
    """One line on the run; with ``seconds``, its speed too."""
    s = trainer.summary()
    optimizer = parse_optimizer(trainer.config.optimizer).spec(full=False)
    line = (
        f"{s['steps']} steps ({s['epochs']} epochs) of {trainer.config.problem} with {optimizer}: "
        f"final train loss {_fmt(s['final_train_loss'])}, val loss {_fmt(s['final_val_loss'])}, "
        f"lr {_fmt(s['final_lr'])}"
    )
    if seconds is None:
        return line
    rate = s["steps"] / seconds if seconds > 0 else float("inf")
    return f"{line}; {rate:,.0f} steps/s"


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.6g}"


def cmd_run(args: argparse.Namespace) -> int:
    keep_heap_slack()
    outputs = _Outputs.checked(args)
    config, events = config_from(args)
    trainer = Trainer(config, events)
    seconds = train(trainer, None, args.quiet)
    outputs.write(trainer)
    return _report(trainer, seconds, args.quiet)


def cmd_replay(args: argparse.Namespace) -> int:
    keep_heap_slack()
    outputs = _Outputs.checked(args)
    try:
        loaded = load_any(args.session_file)
    except ValueError as err:
        raise BadInputError(str(err)) from None
    if not loaded.needs_replay:
        return _replay_recorded(args, loaded, outputs)
    session = loaded.session  # checked by the reader the window uses too: steps and events within the run
    trainer = Trainer(session.config, session.events)
    seconds = train(trainer, session.steps, args.quiet)
    outputs.write(trainer)
    code = _report(trainer, seconds, args.quiet)
    recorded = session.summary
    fresh = trainer.summary()
    keys = ("steps", "final_train_loss", "final_val_loss", "final_lr")
    if recorded and any(k in recorded and recorded[k] != fresh[k] for k in keys):
        print(f"{PROG}: warning: the replay differs from the recorded summary", file=sys.stderr)
    elif recorded and not args.quiet:
        print("replay matches the recorded summary exactly")
    return code


def _replay_recorded(args: argparse.Namespace, loaded: Loaded, outputs: _Outputs) -> int:
    """A version-2 file: recompute every run (a fork from its parent's recomputed run) and compare
    every number with the recording. One line and exit 4 at the first difference."""
    from ..core.files.verify import recompute

    start = time.perf_counter()
    result = recompute(loaded, lambda trainer, step: train(trainer, step, args.quiet))
    seconds = time.perf_counter() - start
    nodes = [RunNode(r.id, r.name, r.parent, r.fork_step, r.action, r.colour, result.trainers[r.id])
             for r in loaded.runs if r.id in result.trainers]
    outputs.write(nodes[0].run, nodes)  # the first run is always recomputed: it starts from its configuration
    if result.differences:
        first, more = result.differences[0], len(result.differences) - 1
        also = f" ({more} more run{'s' if more > 1 else ''} differ)" if more else ""
        print(f"{PROG}: {first.sentence()}{also}", file=sys.stderr)
        return EXIT_DIFFERS
    code = EXIT_OK
    for node in nodes:
        trainer = node.run
        if trainer.status == RunState.DIVERGED:
            print(f"{PROG}: {node.name}: {trainer.divergence}", file=sys.stderr)
            code = EXIT_DIVERGED
        elif not args.quiet:
            print(f"{node.name}: {_summary_line(trainer, None)}")
    if not args.quiet:
        runs = f"{len(nodes)} run{'s' if len(nodes) > 1 else ''}"
        print(f"replay matches the recording exactly: {runs}, every number bit for bit ({seconds:.1f} s)")
    return code
