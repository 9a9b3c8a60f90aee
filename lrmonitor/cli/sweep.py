"""``lrmonitor sweep``: the same run at several starting rates, each with its verdict (picture 1).

Each rate's run is exactly ``lrmonitor run --lr RATE`` with the same options (same data, initial
weights and mini-batch order), so its CSVs are byte for byte those ``run --out/--epoch-out`` write.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from ..core.engine.tuning import keep_heap_slack
from ..core.files.atomic import check_writable, write_text_atomic
from ..core.files.tables import write_epochs_csv, write_steps_csv
from ..core.run.state import RunState
from ..core.run.sweep import parse_rates, sweep_trainers
from ..core.run.verdicts import RULE, Verdict, judge
from .arguments import EXIT_DIVERGED, EXIT_OK, PROG, BadInputError
from .commands import config_from, train
from .compare import _checked_folder

TABLE_COLUMNS = ("lr", "verdict", "final_train_loss", "final_val_loss", "best_val_loss", "why")


def add_sweep_parser(commands, add_run_setup, size_type) -> None:
    sweep = commands.add_parser(
        "sweep",
        help="train the same run at several learning rates and give each a verdict",
        description="Train the same setup (same data, initial weights and mini-batch order) at each rate of "
        "--lrs, and print one row per rate: its verdict (too high, high, good, low), final training and "
        "validation loss and best validation loss. Each rate's run equals 'lrmonitor run --lr RATE' with the "
        "same options, bit for bit.",
        epilog=RULE + "\n\nexample:\n"
        "  lrmonitor sweep --problem mlp --lrs 0.002,0.02,0.2,2 --epochs 40 --png rates.png",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    add_run_setup(sweep)
    sweep.add_argument("--lrs", required=True, metavar="A,B,C",
                       help="the starting rates, separated by commas (each > 0), e.g. 0.002,0.02,0.2,2; "
                       "the run setup's --lr is not used")
    out = sweep.add_argument_group("outputs (written atomically)")
    out.add_argument("--table", metavar="sweep.csv", help=f"the verdicts as CSV: {','.join(TABLE_COLUMNS)}")
    out.add_argument("--out-dir", metavar="DIR", help="write DIR/lr-<rate>-steps.csv and DIR/lr-<rate>-epochs.csv "
                     "per rate (the rate as given), in the formats of 'run --out/--epoch-out'; DIR is made if missing")
    out.add_argument("--png", metavar="plot.png", help="the Rates view as a PNG image (drawn offscreen)")
    out.add_argument("--svg", metavar="plot.svg", help="the Rates view as an SVG drawing (drawn offscreen)")
    out.add_argument("--size", type=size_type, default=(1600, 1000), metavar="WxH",
                     help="picture size in pixels, 200x150 to 8000x8000 (default: 1600x1000)")
    out.add_argument("--quiet", action="store_true", help="print no progress and no table")


def _fmt(value: float) -> str:
    return f"{value:.6g}" if math.isfinite(value) else str(value)


def format_verdicts(texts: list[str], verdicts: list[Verdict]) -> str:
    """The table for people: rate as given, verdict, the three losses."""
    rows = [("lr", "verdict", "final train", "final val", "best val")]
    rows += [(t, v.verdict, _fmt(v.final_train_loss), _fmt(v.final_val_loss), _fmt(v.best_val_loss))
             for t, v in zip(texts, verdicts)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n" for r in rows)


def verdicts_csv(texts: list[str], verdicts: list[Verdict]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TABLE_COLUMNS)
    for text, v in zip(texts, verdicts):
        losses = (v.final_train_loss, v.final_val_loss, v.best_val_loss)
        writer.writerow([text, v.verdict, *map(repr, losses), v.why])
    return out.getvalue()


def cmd_sweep(args: argparse.Namespace) -> int:
    keep_heap_slack()
    try:
        rates = parse_rates(args.lrs)
    except ValueError as err:
        raise BadInputError(str(err)) from None
    if args.lr is not None:
        raise BadInputError(f"--lr {args.lr:g}: a sweep takes its rates from --lrs; give the rate there")
    config, events = config_from(args)
    texts = [text for text, _ in rates]
    try:
        paths = [check_writable(p) if p else None for p in (args.table, args.png, args.svg)]
        out_dir = _checked_folder(Path(args.out_dir)) if args.out_dir else None
        files = [(out_dir / f"lr-{t}-steps.csv", out_dir / f"lr-{t}-epochs.csv") for t in texts] if out_dir else []
        if out_dir is not None and out_dir.is_dir():
            for pair in files:
                for path in pair:
                    check_writable(path)
    except ValueError as err:
        raise BadInputError(str(err)) from None
    named = [p.resolve() for p in paths if p is not None]
    if len(set(named)) != len(named):
        raise BadInputError("two outputs name the same file: give each output its own path")
    trainers = sweep_trainers(config, [value for _, value in rates], events)
    seconds = sum(train(trainer, None, args.quiet) for trainer in trainers)
    verdicts = judge([(value, t.history) for (_, value), t in zip(rates, trainers)])
    table, png, svg = paths
    if table:
        write_text_atomic(table, verdicts_csv(texts, verdicts))
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        for trainer, (steps, epochs) in zip(trainers, files):
            write_steps_csv(steps, trainer.history)
            write_epochs_csv(epochs, trainer.history)
    if png or svg:
        from ..qt.views.headless import write_rates

        write_rates([t.history for t in trainers], texts, verdicts, png, svg, args.size)
    if not args.quiet:
        print(format_verdicts(texts, verdicts), end="")
        print(f"{len(trainers)} runs in {seconds:.1f} s")
    code = EXIT_OK
    for text, trainer in zip(texts, trainers):
        if trainer.status == RunState.DIVERGED and not args.quiet:
            print(f"{PROG}: lr {text}: {trainer.divergence}", file=sys.stderr)
    if all(t.status == RunState.DIVERGED for t in trainers):
        code = EXIT_DIVERGED  # a diverged rate is an answer of the sweep, not a failure; all diverged is
    return code
