"""Command line: ``lrmonitor run``, ``replay`` and ``compare`` run the core headless.

``lrmonitor`` with no arguments opens the window. Exit codes: 0 done, 2 bad input,
3 diverged (outputs are still written up to the diverging step). Bad input gets one line
on stderr naming the value and what is allowed; no traceback, no half-written file.
"""

from __future__ import annotations

import os

# One BLAS thread, set before numpy loads: lrmonitor's matrices are tiny, and a second BLAS
# thread that spins for a core something else is using made training 2.4x slower (measured:
# 15.7k -> 6.5k steps/s on the mlp with the other core busy; 15.4k with one thread).
# Written out, not looped: ruff (E402) accepts os.environ calls before imports, not a loop.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .core.engine.tuning import keep_heap_slack
from .core.files.atomic import check_writable, write_text_atomic
from .core.files.session import Session, load_session, save_session
from .core.files.tables import write_epochs_csv, write_steps_csv
from .core.run.compare import COLUMNS as COMPARE_COLUMNS
from .core.run.compare import Compared, compare, format_table, rows_csv
from .core.run.config import RunConfig, setup_param
from .core.run.events import ApplySchedule, Event, Stamped, parse_action
from .core.run.state import RunState
from .core.run.trainer import Trainer
from .core.run.tree import fork, fork_range
from .core.training.optimizers import optimizer_help, parse_optimizer
from .core.training.problems import problem_help
from .core.training.schedules import schedule_help

EXIT_OK, EXIT_BAD_INPUT, EXIT_DIVERGED = 0, 2, 3
PROGRESS_AFTER = 1.0  # seconds before progress is shown
PROG = "lrmonitor"


class BadInputError(Exception):
    """A user error: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not usage + traceback
        raise BadInputError(f"{message} (see '{self.prog} --help')")


# -- argument types: each error names the value and the allowed range ----------------------
def _arg_type(name: str):
    """The argparse type of a run setup flag: the core's :class:`Param` for ``name`` parses it,
    so the command line accepts exactly what :meth:`RunConfig.validated` does."""
    param = setup_param(name)

    def convert(text: str):
        try:
            return param.parse(text)
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err)) from None

    convert.__name__ = name  # argparse names the type in some messages
    return convert


def _setup_option(group, flag: str, name: str, metavar: str) -> None:
    """Add ``flag`` for the setup value ``name``: type, default and help from its Param."""
    param = setup_param(name)
    group.add_argument(
        flag, dest=name, type=_arg_type(name), default=param.default, metavar=metavar,
        help=f"{param.help} Allowed: {param.range_text()}. Default: {param.default_text()}.",
    )


def _size(text: str) -> tuple[int, int]:
    width, x, height = text.lower().partition("x")
    try:
        w, h = int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"size {text!r} is malformed: expected WIDTHxHEIGHT, e.g. 1600x1000") from None
    if not (200 <= w <= 8000 and 150 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"size {text} is out of range: allowed is 200..8000 x 150..8000 pixels")
    return w, h


def _epoch_action(flag: str):
    """The argparse type of ``flag EPOCH:ACTION`` (``--at``, ``--fork``): (epoch, action text)."""

    def convert(text: str) -> tuple[int, str]:
        epoch, colon, action = text.partition(":")
        if not colon or not action.strip():
            raise argparse.ArgumentTypeError(f"{flag} {text!r} is malformed: expected EPOCH:ACTION, e.g. 50:decay=0.1")
        try:
            number = int(epoch)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} {text!r}: epoch {epoch!r} is not a whole number") from None
        if number < 0:
            raise argparse.ArgumentTypeError(f"{flag} {text!r}: epoch {number} is out of range: allowed is epoch >= 0")
        return number, action

    convert.__name__ = flag.lstrip("-")  # argparse names the type in some messages
    return convert


_at = _epoch_action("--at")
_fork = _epoch_action("--fork")


def _epilog() -> str:
    return (
        "problems (--problem):\n" + problem_help()
        + "\n\noptimizers (--optimizer name[:key=value,...]), torch.optim names and defaults:\n"
        + optimizer_help()
        + "\n\nschedules (--schedule / --at EPOCH:SPEC), t = epochs since applied, "
        "alpha0 = rate when applied:\n" + schedule_help()
        + "\n\nactions (--at EPOCH:ACTION, before the first step of that 0-based epoch):\n"
        "  a schedule spec   apply it, re-anchored at the current rate\n"
        "  decay=F           multiply the current rate by F (0 < F <= 1) now\n"
        "  lr=V              use the constant rate V from now on\n"
        "  optimizer=SPEC    switch optimizer (fresh state), keep the rate\n"
        "\nexample (train, see the plateau, decay at epoch 50):\n"
        "  lrmonitor run --problem mlp --optimizer momentum --epochs 100 --at 50:step:factor=0.1,every=20\n"
        "\nexit codes: 0 done, 2 bad input, 3 diverged (outputs written up to the diverging step)"
    )


def _compare_epilog() -> str:
    return (
        _epilog().rpartition("\n\nexample")[0]
        + "\n\nforks (--fork EPOCH:ACTION, ACTION as for --at): each fork starts from the base run at EPOCH "
        "with the base's\nactions up to and including that epoch, then its own; the base's later actions are "
        "not in it.\nA fork's CSVs equal those of 'lrmonitor run' with the same options, the base's --at up to "
        "EPOCH\nand --at EPOCH:ACTION.\n"
        "\nexample (a fixed rate against a step decay and a one-off halving from epoch 25):\n"
        "  lrmonitor compare --epochs 100 --fork 25:step:factor=0.1,every=20 --fork 25:decay=0.5 --table compare.csv\n"
        "\nexit codes: 0 done, 2 bad input, 3 a run diverged (outputs written up to the diverging step)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Watch a noisy mini-batch training run and learn when and how to decay the "
        "learning rate. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    run = commands.add_parser(
        "run",
        help="train headless and write CSV/session files",
        description="Train headless: the same core as the window, driven from the command line.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_run_setup(run)
    _add_outputs(run)

    replay = commands.add_parser(
        "replay",
        help="re-run a saved session exactly",
        description="Re-run a session file's configuration and events; "
        "the outputs equal the original run's byte for byte.",
    )
    replay.add_argument("session_file", metavar="run.json", help="session file written by 'lrmonitor run --session'")
    _add_outputs(replay)

    _add_compare(commands)

    open_ = commands.add_parser("open", help="open a saved session in the window")
    open_.add_argument("session_file", metavar="run.json")
    return parser


def _add_compare(commands) -> None:
    """``lrmonitor compare``: the run options, ``--fork`` and its own outputs."""
    compare_ = commands.add_parser(
        "compare",
        help="train a run and forks of it, and compare them",
        description="Train a base run (its --schedule and --at actions included) and one fork of it per --fork: "
        "the same run up to that epoch (same initial weights, same mini-batch order, same numbers), then the "
        "fork's action, trained to the end. Prints a table comparing them: final, best and last-10-epoch "
        "validation loss, the band (std of the per-step loss over the last 10 epochs), and each fork's change "
        "against the base in percent.",
        epilog=_compare_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,  # else 'run's --out would be taken as --out-dir and make a folder named steps.csv
    )
    _add_run_setup(compare_)
    forks = compare_.add_argument_group("forks")
    forks.add_argument("--fork", type=_fork, action="append", required=True, metavar="EPOCH:ACTION",
                       help="a fork of the base run: the base up to EPOCH (0-based; its actions up to and "
                       "including that epoch), then ACTION; repeatable, at least one")
    out = compare_.add_argument_group("outputs (written atomically)")
    out.add_argument("--table", metavar="compare.csv",
                     help=f"the comparison as CSV: {','.join(COMPARE_COLUMNS)}")
    out.add_argument("--out-dir", metavar="DIR",
                     help="write DIR/<run>-steps.csv and DIR/<run>-epochs.csv per run, as 'run --out/--epoch-out' "
                     "do; runs are named base, fork-1, fork-2, ... in the order given; DIR is made if missing")
    out.add_argument("--session", metavar="run.json",
                     help="the base run's session file (version 1; the forks are not in it yet)")
    out.add_argument("--png", metavar="plot.png",
                     help="snapshot of the base run's plots as a PNG image (the overlay of the forks comes "
                     "with the window's comparison view)")
    out.add_argument("--svg", metavar="plot.svg",
                     help="snapshot of the base run's plots as an SVG drawing (the overlay of the forks comes "
                     "with the window's comparison view)")
    out.add_argument("--size", type=_size, default=(1600, 1000), metavar="WxH",
                     help="snapshot size in pixels, 200x150 to 8000x8000 (default: 1600x1000)")
    out.add_argument("--quiet", action="store_true", help="print no progress and no table")


def _add_run_setup(run: argparse.ArgumentParser) -> None:
    """The run setup and learning-rate control options, shared by ``run`` and ``compare``."""
    setup = run.add_argument_group("run setup")
    problem = setup_param("problem")  # no type: RunConfig reads it in any case, e.g. MLP
    setup.add_argument("--problem", default=problem.default, metavar="P",
                       help=f"{problem.help} Allowed: {', '.join(problem.choices)}. Default: {problem.default}.")
    setup.add_argument("--optimizer", default="momentum", metavar="SPEC",
                       help="Optimizer spec, e.g. sgd:momentum=0.9 or 'adam:betas=(0.9,0.99)'. Default: momentum.")
    _setup_option(setup, "--lr", "lr", "A0")
    _setup_option(setup, "--batch-size", "batch_size", "B")
    _setup_option(setup, "--epochs", "epochs", "E")
    _setup_option(setup, "--seed", "seed", "S")
    _setup_option(setup, "--noise", "noise", "X")
    _setup_option(setup, "--train-size", "train_size", "N")
    _setup_option(setup, "--val-size", "val_size", "N")
    control = run.add_argument_group("learning-rate control")
    control.add_argument("--schedule", metavar="SPEC",
                         help="schedule from the first step, e.g. exponential:gamma=0.95 (default: constant)")
    control.add_argument("--at", type=_at, action="append", default=[], metavar="EPOCH:ACTION",
                         help="an action before the first step of EPOCH (0-based); repeatable")


def _add_outputs(parser: argparse.ArgumentParser) -> None:
    out = parser.add_argument_group("outputs (written atomically)")
    out.add_argument("--out", metavar="steps.csv", help="per-step CSV: step,epoch,lr,loss")
    out.add_argument("--epoch-out", metavar="epochs.csv", help="per-epoch CSV: epoch,step,lr,train_loss,val_loss")
    out.add_argument("--session", metavar="run.json", help="session file (configuration, events, summary)")
    out.add_argument("--png", metavar="plot.png", help="snapshot of the plots as a PNG image (drawn offscreen)")
    out.add_argument("--svg", metavar="plot.svg", help="snapshot of the plots as an SVG drawing (drawn offscreen)")
    out.add_argument("--size", type=_size, default=(1600, 1000), metavar="WxH",
                     help="snapshot size in pixels, 200x150 to 8000x8000 (default: 1600x1000)")
    out.add_argument("--quiet", action="store_true", help="print no progress and no summary")


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
        return _Outputs(*paths, args.size)

    def write(self, trainer: Trainer) -> None:
        if self.steps:
            write_steps_csv(self.steps, trainer.history)
        if self.epochs:
            write_epochs_csv(self.epochs, trainer.history)
        if self.session:
            save_session(self.session, Session(trainer.config, list(trainer.history.events), trainer.summary()))
        if self.png or self.svg:
            from .qt.snapshot import write_snapshots  # Qt only when a picture is asked for

            write_snapshots(trainer.history, self.png, self.svg, self.size)


def _config_from(args: argparse.Namespace) -> tuple[RunConfig, list[Stamped]]:
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
            if epoch >= config.epochs:
                raise ValueError(
                    f"--at {epoch}:{action}: epoch {epoch} is beyond the run: "
                    f"allowed is 0 <= epoch <= {config.epochs - 1} with --epochs {config.epochs}"
                )
            try:
                event = parse_action(action)
            except ValueError as err:
                raise ValueError(f"--at {epoch}:{action}: {err}") from None
            events.append(Stamped(epoch * config.steps_per_epoch, event))
    except ValueError as err:
        raise BadInputError(str(err)) from None
    events.sort(key=lambda s: s.step)  # stable: same-step events keep the order given
    return config, events


def _train(trainer: Trainer, steps: int | None, quiet: bool) -> float:
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
        rate = s["steps"] / seconds if seconds > 0 else float("inf")
        optimizer = parse_optimizer(trainer.config.optimizer).spec(full=False)
        print(
            f"{s['steps']} steps ({s['epochs']} epochs) of {trainer.config.problem} with {optimizer}: "
            f"final train loss {_fmt(s['final_train_loss'])}, val loss {_fmt(s['final_val_loss'])}, "
            f"lr {_fmt(s['final_lr'])}; {rate:,.0f} steps/s"
        )
    return EXIT_OK


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.6g}"


def cmd_run(args: argparse.Namespace) -> int:
    keep_heap_slack()
    outputs = _Outputs.checked(args)
    config, events = _config_from(args)
    trainer = Trainer(config, events)
    seconds = _train(trainer, None, args.quiet)
    outputs.write(trainer)
    return _report(trainer, seconds, args.quiet)


def cmd_replay(args: argparse.Namespace) -> int:
    keep_heap_slack()
    outputs = _Outputs.checked(args)
    try:
        session = load_session(args.session_file)
    except ValueError as err:
        raise BadInputError(str(err)) from None
    if session.steps is None and session.config.epochs is None:
        raise BadInputError(
            f"session file '{args.session_file}' is an 'until stopped' run without summary.steps: "
            "there is no way to know where it ended"
        )
    trainer = Trainer(session.config, session.events)
    seconds = _train(trainer, session.steps, args.quiet)
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


@dataclass
class _CompareOutputs:
    table: Path | None
    out_dir: Path | None
    session: Path | None
    png: Path | None
    svg: Path | None
    size: tuple[int, int]
    names: list[str]  # base, fork-1, ...

    @staticmethod
    def checked(args: argparse.Namespace, forks: int) -> _CompareOutputs:
        """Every output checked before any training: a bad one is refused with nothing written."""
        names = ["base", *(f"fork-{i}" for i in range(1, forks + 1))]
        try:
            paths = [check_writable(p) if p else None for p in (args.table, args.session, args.png, args.svg)]
            out_dir = _checked_folder(Path(args.out_dir)) if args.out_dir else None
            run_files = []
            if out_dir is not None and out_dir.is_dir():
                run_files = [check_writable(f) for f in _run_files(out_dir, names)]
        except ValueError as err:
            raise BadInputError(str(err)) from None
        named = [p.resolve() for p in [*paths, *run_files] if p is not None]
        if len(set(named)) != len(named):
            raise BadInputError("two outputs name the same file: give each output its own path")
        return _CompareOutputs(paths[0], out_dir, paths[1], paths[2], paths[3], args.size, names)

    def write(self, trainers: list[Trainer], rows_text: str) -> None:
        if self.table:
            write_text_atomic(self.table, rows_text)
        if self.out_dir:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for trainer, (steps, epochs) in zip(trainers, _run_files_by_run(self.out_dir, self.names)):
                write_steps_csv(steps, trainer.history)
                write_epochs_csv(epochs, trainer.history)
        base = trainers[0]
        if self.session:
            save_session(self.session, Session(base.config, list(base.history.events), base.summary()))
        if self.png or self.svg:
            from .qt.snapshot import write_snapshots  # Qt only when a picture is asked for

            write_snapshots(base.history, self.png, self.svg, self.size)


def _run_files_by_run(folder: Path, names: list[str]) -> list[tuple[Path, Path]]:
    return [(folder / f"{name}-steps.csv", folder / f"{name}-epochs.csv") for name in names]


def _run_files(folder: Path, names: list[str]) -> list[Path]:
    return [path for pair in _run_files_by_run(folder, names) for path in pair]


def _checked_folder(folder: Path) -> Path:
    """``--out-dir``: an existing writable folder, or one that can be made (its nearest existing parent is)."""
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"--out-dir '{folder}' is a file: expected a folder (made if missing)")
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise ValueError(f"--out-dir '{folder}': '{existing}' is a file, so the folder cannot be made")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ValueError(f"--out-dir '{folder}': the folder '{existing}' is not writable")
    return folder


def _forks_from(args: argparse.Namespace, config: RunConfig) -> list[tuple[int, str, Event]]:
    """The --fork options as (epoch, action text, event); an epoch outside the run is bad input."""
    forks = []
    for epoch, action in args.fork:
        if epoch >= config.epochs:
            raise BadInputError(
                f"--fork {epoch}:{action}: epoch {epoch} is beyond the run: "
                f"allowed is 0 <= epoch <= {config.epochs - 1} with --epochs {config.epochs}"
            )
        try:
            forks.append((epoch, action, parse_action(action)))
        except ValueError as err:
            raise BadInputError(f"--fork {epoch}:{action}: {err}") from None
    return forks


def cmd_compare(args: argparse.Namespace) -> int:
    keep_heap_slack()
    config, events = _config_from(args)
    forks = _forks_from(args, config)
    outputs = _CompareOutputs.checked(args, len(forks))
    spe = config.steps_per_epoch
    base = Trainer(config, events)
    seconds = _train(base, None, args.quiet)
    _, last = fork_range(base)
    for epoch, action, _ in forks:  # only now known: the base may have diverged before a fork's epoch
        if epoch * spe > last:
            raise BadInputError(
                f"--fork {epoch}:{action}: epoch {epoch} is after the base run diverged at step "
                f"{base.history.diverged_at}: "
                f"allowed is 0 <= epoch <= {last // spe}; nothing was written"
            )
    trainers = [base]
    for epoch, _, event in forks:
        trainer = fork(base, epoch * spe, event)
        seconds += _train(trainer, None, args.quiet)
        trainers.append(trainer)
    names = outputs.names
    rows = compare([
        Compared(names[0], base.history),
        *(Compared(name, t.history, names[0], epoch * spe, event)
          for name, t, (epoch, _, event) in zip(names[1:], trainers[1:], forks)),
    ])
    outputs.write(trainers, rows_csv(rows))
    if not args.quiet:
        print(format_table(rows), end="")
        print(f"{len(trainers)} runs of up to {max(t.step for t in trainers)} steps in {seconds:.1f} s")
    code = EXIT_OK
    for name, trainer in zip(names, trainers):
        if trainer.status == RunState.DIVERGED:
            print(f"{PROG}: {name}: {trainer.divergence}; outputs written up to step {trainer.step}", file=sys.stderr)
            code = EXIT_DIVERGED
    return code


def cmd_gui(session_file: str | None) -> int:
    from .qt.app import run_app  # Qt is imported only when the window is wanted

    return run_app(session_file)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "run":
            return cmd_run(args)
        if args.command == "replay":
            return cmd_replay(args)
        if args.command == "compare":
            return cmd_compare(args)
        if args.command == "open":
            return cmd_gui(args.session_file)
        return cmd_gui(None)
    except BadInputError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except OSError as err:  # e.g. the disk filled up while writing an output
        print(f"{PROG}: error: {err.filename or ''}: {err.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
