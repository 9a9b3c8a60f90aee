"""``lrmonitor lrfind``: the learning-rate range test, headless (Smith 2015, fastai's lr_find)."""

from __future__ import annotations

import argparse
import math

from ..core.engine.tuning import keep_heap_slack
from ..core.files.atomic import check_writable, write_text_atomic
from ..core.run.range_test import DEFAULT_END, DEFAULT_START, DEFAULT_STEPS, RangeTest, check_range, run_range_test
from .arguments import EXIT_OK, BadInputError
from .commands import config_from

CSV_COLUMNS = ("step", "lr", "loss", "smoothed")


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number: allowed is a number > 0") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"{text} is out of range: allowed is a number > 0")
    return value


def add_lrfind_parser(commands, add_run_setup, size_type) -> None:
    lrfind = commands.add_parser(
        "lrfind",
        help="learning-rate range test: the loss as the rate grows, with suggested rates",
        description="One short run whose rate grows exponentially from --start to --end over --steps mini-batch "
        "steps, stopped when the smoothed loss exceeds 4x its best. Prints two suggested rates: where the "
        "smoothed loss falls steepest, and the rate of its minimum divided by 10. They are hints: on a noisy "
        "curve they move between seeds; look at the curve (--png).",
        allow_abbrev=False,
    )
    add_run_setup(lrfind)
    test = lrfind.add_argument_group("range test")
    test.add_argument("--start", type=_positive, default=DEFAULT_START, metavar="S",
                      help=f"first rate (default {DEFAULT_START:g})")
    test.add_argument("--end", type=_positive, default=DEFAULT_END, metavar="E",
                      help=f"last rate, > start (default {DEFAULT_END:g})")
    test.add_argument("--steps", type=int, default=DEFAULT_STEPS, metavar="N",
                      help=f"mini-batch steps from start to end, 13..100000 (default {DEFAULT_STEPS})")
    out = lrfind.add_argument_group("outputs (written atomically)")
    out.add_argument("--csv", metavar="lrfind.csv", help=f"the curve as CSV: {','.join(CSV_COLUMNS)}")
    out.add_argument("--png", metavar="plot.png", help="the range-test view as a PNG image (drawn offscreen)")
    out.add_argument("--size", type=size_type, default=(1600, 1000), metavar="WxH",
                     help="picture size in pixels, 200x150 to 8000x8000 (default: 1600x1000)")
    out.add_argument("--quiet", action="store_true", help="print nothing")


def range_csv(result: RangeTest) -> str:
    lines = [",".join(CSV_COLUMNS)]
    lines += [f"{i + 1},{lr!r},{loss!r},{s!r}" for i, (lr, loss, s) in
              enumerate(zip(result.lr.tolist(), result.loss.tolist(), result.smoothed.tolist()))]
    return "\n".join(lines) + "\n"


def _hint(value: float | None) -> str:
    return "none (the curve is too short)" if value is None else f"{value:.3g}"


def cmd_lrfind(args: argparse.Namespace) -> int:
    keep_heap_slack()
    try:
        check_range(args.start, args.end, args.steps)
        paths = [check_writable(p) if p else None for p in (args.csv, args.png)]
    except ValueError as err:
        raise BadInputError(str(err)) from None
    if args.lr is not None or args.schedule or args.at:
        raise BadInputError("lrfind sets the rate itself: --lr, --schedule and --at are not allowed here")
    config, _ = config_from(args)
    result = run_range_test(config, args.start, args.end, args.steps)
    csv_path, png = paths
    if csv_path:
        write_text_atomic(csv_path, range_csv(result))
    if png:
        from ..qt.views.headless import write_range_test

        write_range_test(result, config.lr, png, args.size)
    if not args.quiet:
        ended = "stopped: the smoothed loss passed 4x its best" if result.stopped_early else "reached --end"
        print(f"{result.steps} steps from {result.lr[0]:.3g} to {result.lr[-1]:.3g} ({ended})")
        print(f"hint, steepest descent of the smoothed loss: {_hint(result.steepest)}")
        print(f"hint, minimum of the smoothed loss / 10:     {_hint(result.min_over_10)}")
        print(f"(the suggested default rate for this setup is {config.lr:g}; hints are fragile on noisy curves)")
    return EXIT_OK
