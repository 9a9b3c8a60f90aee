"""The command line's parser: commands, options, and argument types whose errors name the value
and the allowed range (bad input is one line on stderr and exit code 2, never a traceback)."""

from __future__ import annotations

import argparse
import os
import re

from .. import __version__
from ..core.run.compare import COLUMNS as COMPARE_COLUMNS
from ..core.run.config import setup_param
from ..core.training.optimizers import optimizer_help
from ..core.training.problems import problem_help
from ..core.training.schedules import schedule_help

EXIT_OK, EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_DIFFERS = 0, 2, 3, 4
PROGRESS_AFTER = 1.0  # seconds before progress is shown
PROG = "lrmonitor"


class BadInputError(Exception):
    """A user error: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A value that starts with '-' and a digit is a value, not an option: '--at -1:decay=0.1' is
        # then refused for its epoch, not with "expected one argument" (lrmonitor has no such options).
        self._negative_number_matcher = re.compile(r"^-\d")

    def error(self, message: str):  # one line, not usage + traceback
        flag = re.match(r"argument (\S+): ", message)  # "argument --out: --out is empty": once is enough
        rest = message[flag.end():] if flag else ""
        if flag and (rest.startswith(flag.group(1).split("/")[0] + " ") or rest.startswith("the session file")):
            message = message[flag.end():]
        raise BadInputError(f"{shorten_values(message)} (see '{self.prog} --help')")


SHOWN = 60  # characters of a long value that a message shows
SHOWN_PATH = 300


def shorten_values(message: str) -> str:
    """``message`` with every quoted value longer than :data:`SHOWN` characters (and every other run
    of more than 80 characters without a space) cut to its first :data:`SHOWN` and "…". A file's path
    (a value with a '/') is shown whole up to :data:`SHOWN_PATH` characters: it says which file."""
    def cut(match: re.Match) -> str:
        quote, inner = match.group(1), match.group(2)
        keep = SHOWN_PATH if "/" in inner else SHOWN
        return f"{quote}{inner[:SHOWN]}…{quote}" if len(inner) > keep else match.group(0)

    message = re.sub(r"(?<![^\s(=:])(['\"])([^'\"\n]*)\1(?=[\s:,;.)]|$)", cut, message)
    message = re.sub(rf"[^\s'\"]{{{SHOWN_PATH + 1},}}", lambda m: m.group(0)[:SHOWN] + "…", message)
    return message if len(message) <= 2000 else message[:2000] + "…"


def check_text(flag: str, text: str, what: str = "a value") -> str:
    """A command-line value: not empty, and its digits (if any) are 0-9 (full-width digits such as
    '１２' look like numbers but are other characters)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"{flag} is empty: give {what}")
    if any(ch.isdigit() and not ch.isascii() for ch in text):
        raise argparse.ArgumentTypeError(
            f"{flag} {text!r} has digits other than 0-9: write numbers with the digits 0 to 9")
    return text


def _text(flag: str, what: str):
    def convert(text: str) -> str:
        return check_text(flag, text, what)

    convert.__name__ = flag.lstrip("-")
    return convert


def _path(flag: str):
    def convert(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError(f"{flag} is empty: give a file name")
        if text.endswith(("/", "\\")):
            raise argparse.ArgumentTypeError(f"{flag} {text!r} ends in '/' and so names a folder: give a file name")
        return text

    convert.__name__ = flag.lstrip("-")
    return convert


# -- argument types: each error names the value and the allowed range ----------------------
def _arg_type(name: str):
    """The argparse type of a run setup flag: the core's :class:`Param` for ``name`` parses it,
    so the command line accepts exactly what :meth:`RunConfig.validated` does."""
    param = setup_param(name)

    def convert(text: str):
        check_text(f"--{name.replace('_', '-')}", text, f"a {param.label or name}")
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
    check_text("--size", text, "a size WIDTHxHEIGHT")
    width, x, height = text.lower().partition("x")
    try:
        w, h = int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"size {text!r} is malformed: expected WIDTHxHEIGHT, e.g. 1600x1000") from None
    if not (200 <= w <= 8000 and 150 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"size {text} is out of range: allowed is 200..8000 x 150..8000 pixels")
    return w, h


def position_action(flag: str, unit: str = "epoch", example: str = "50:decay=0.1"):
    """The argparse type of ``flag UNIT:ACTION`` (``--at`` and ``--fork`` at an epoch; ``watch --at`` at an
    optimizer step): (position, action text), the position a whole number >= 0."""
    form = f"{unit.upper()}:ACTION, e.g. {example}"

    def convert(text: str) -> tuple[int, str]:
        check_text(flag, text, form)
        position, colon, action = text.partition(":")
        if not colon or not action.strip():
            raise argparse.ArgumentTypeError(f"{flag} {text!r} is malformed: expected {form}")
        try:
            number = int(position)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} {text!r}: {unit} {position!r} is not a whole number") from None
        if number < 0:
            raise argparse.ArgumentTypeError(
                f"{flag} {text!r}: {unit} {number} is out of range: allowed is {unit} >= 0")
        return number, action

    convert.__name__ = flag.lstrip("-")  # argparse names the type in some messages
    return convert


_at = position_action("--at")
_fork = position_action("--fork")


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
        help="re-run a saved session exactly and check it",
        description="Re-run a session file. Version 1 (.json): its configuration and events; the outputs equal "
        "the original run's byte for byte. Version 2 (.lrmon): every run is recomputed from its configuration "
        "and events (a fork from its parent's recomputed run at its fork step) and compared, bit for bit, with "
        "the numbers the file recorded (on another computer, other BLAS kernels may give other numbers). "
        "--out, --epoch-out, --png and --svg hold the recomputed first run; --session FILE.lrmon all "
        "recomputed runs.",
        epilog="exit codes: 0 done (and, for version 2, every number as recorded), 2 bad input, 3 a run "
        "diverged (as recorded), 4 a recomputed number differs from the recorded one (one line names the "
        "run and the first step that differs)",
    )
    replay.add_argument("session_file", metavar="FILE", type=_path("the session file name"),
                        help="session file written by 'lrmonitor run --session' or 'compare --session' "
                        "(run.json, version 1, or run.lrmon, version 2)")
    _add_outputs(replay)

    _add_compare(commands)
    from .lessons import add_lesson_parsers  # sweep, lrfind, path; imported here, they import this module

    add_lesson_parsers(commands, _add_run_setup, _size)
    from .desktop import add_desktop_parser

    add_desktop_parser(commands)
    from .watch import add_watch_parser  # attach (issue 12); imported here, it imports this module

    add_watch_parser(commands, _path)

    open_ = commands.add_parser(
        "open", help="open a saved session in the window ('lrmonitor FILE.lrmon' does the same)",
        description="Open the window with a session file (.lrmon, or a version-1 .json); without FILE, "
        "an empty window, as 'lrmonitor' alone (what a desktop launcher runs when no file was chosen).")
    open_.add_argument("session_file", metavar="FILE", nargs="?", type=_path("the session file name"),
                       help="session file to open: runs.lrmon or run.json")
    # The standalone bundle's smoke test (packaging/smoke.py): once the session is shown, export
    # its plot as a PNG, so the test can check that the built app draws. Not for users: hidden.
    open_.add_argument("--smoke-png", metavar="plot.png", type=_path("--smoke-png"), help=argparse.SUPPRESS)
    parser.command_names = frozenset(commands.choices)  # for open_shortcut
    return parser


def open_shortcut(argv: list[str], commands: frozenset[str]) -> list[str]:
    """``lrmonitor FILE`` means ``lrmonitor open FILE``: what a user typing a file name, or a file
    manager's "Open with", expects. Only one argument that is neither an option nor a command,
    and that names a file or ends in a session file's suffix; anything else goes to the parser
    unchanged (so ``lrmonitor rnu`` is still "invalid choice", not a missing file)."""
    if len(argv) != 1 or argv[0].startswith("-") or argv[0] in commands:
        return argv
    name = argv[0]
    if os.path.isfile(name) or name.lower().endswith((".lrmon", ".json")):
        return ["open", name]
    return argv


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
    out.add_argument("--table", metavar="compare.csv", type=_path("--table"),
                     help=f"the comparison as CSV: {','.join(COMPARE_COLUMNS)}")
    out.add_argument("--out-dir", metavar="DIR", type=_text("--out-dir", "a folder name"),
                     help="write DIR/<run>-steps.csv and DIR/<run>-epochs.csv per run, as 'run --out/--epoch-out' "
                     "do; runs are named base, fork-1, fork-2, ... in the order given; DIR is made if missing")
    out.add_argument("--session", metavar="runs.lrmon", type=_path("--session"),
                     help="session file of format version 2 holding the whole tree, the base run and its forks, "
                     "with every recorded number; the name must end in .lrmon")
    out.add_argument("--png", metavar="plot.png", type=_path("--png"),
                     help="snapshot of the plots as a PNG image: the base run, its forks overlaid in their "
                     "colours (fork-1 vermillion, fork-2 green, ...)")
    out.add_argument("--svg", metavar="plot.svg", type=_path("--svg"),
                     help="snapshot of the plots as an SVG drawing: the base run and its forks overlaid")
    out.add_argument("--size", type=_size, default=(1600, 1000), metavar="WxH",
                     help="snapshot size in pixels, 200x150 to 8000x8000 (default: 1600x1000)")
    out.add_argument("--quiet", action="store_true", help="print no progress and no table")


def _add_run_setup(run: argparse.ArgumentParser) -> None:
    """The run setup and learning-rate control options, shared by ``run`` and ``compare``."""
    setup = run.add_argument_group("run setup")
    problem = setup_param("problem")  # no type: RunConfig reads it in any case, e.g. MLP
    setup.add_argument("--problem", default=problem.default, metavar="P", type=_text("--problem", "a problem name"),
                       help=f"{problem.help} Allowed: {', '.join(problem.choices)}. Default: {problem.default}.")
    setup.add_argument("--optimizer", default="momentum", metavar="SPEC",
                       type=_text("--optimizer", "an optimizer spec, e.g. sgd"),
                       help="Optimizer spec, e.g. sgd:momentum=0.9 or 'adam:betas=(0.9,0.99)'. Default: momentum.")
    _setup_option(setup, "--lr", "lr", "A0")
    _setup_option(setup, "--batch-size", "batch_size", "B")
    _setup_option(setup, "--epochs", "epochs", "E")
    _setup_option(setup, "--seed", "seed", "S")
    _setup_option(setup, "--noise", "noise", "X")
    _setup_option(setup, "--train-size", "train_size", "N")
    _setup_option(setup, "--val-size", "val_size", "N")
    control = run.add_argument_group("learning-rate control")
    control.add_argument("--schedule", metavar="SPEC", type=_text("--schedule", "a schedule spec, e.g. cosine"),
                         help="schedule from the first step, e.g. exponential:gamma=0.95 (default: constant)")
    control.add_argument("--at", type=_at, action="append", default=[], metavar="EPOCH:ACTION",
                         help="an action before the first step of EPOCH (0-based); repeatable")


def _add_outputs(parser: argparse.ArgumentParser) -> None:
    out = parser.add_argument_group("outputs (written atomically)")
    out.add_argument("--out", metavar="steps.csv", type=_path("--out"), help="per-step CSV: step,epoch,lr,loss")
    out.add_argument("--epoch-out", metavar="epochs.csv", type=_path("--epoch-out"),
                     help="per-epoch CSV: epoch,step,lr,train_loss,val_loss")
    out.add_argument("--session", metavar="FILE", type=_path("--session"),
                     help="session file: FILE.lrmon writes format version 2 (every recorded number: it opens "
                     "with the same curves on any computer), FILE.json version 1 (configuration, events and "
                     "summary: replayed when opened)")
    out.add_argument("--png", metavar="plot.png", type=_path("--png"),
                     help="snapshot of the plots as a PNG image (drawn offscreen)")
    out.add_argument("--svg", metavar="plot.svg", type=_path("--svg"),
                     help="snapshot of the plots as an SVG drawing (drawn offscreen)")
    out.add_argument("--size", type=_size, default=(1600, 1000), metavar="WxH",
                     help="snapshot size in pixels, 200x150 to 8000x8000 (default: 1600x1000)")
    out.add_argument("--quiet", action="store_true", help="print no progress and no summary")


