"""``python -m benchmarks``: lrmonitor's performance, measured against references in one run.

Runs every benchmark on the offscreen Qt platform, prints a table (metric, value, target,
reference, ratio) and, with ``--json FILE``, writes the same rows as JSON. Timings are
compared as ratios measured in the same run, because these machines are noisy; each figure is
the median of several repetitions, with min and max. ``--quick`` uses small sizes so the whole
suite runs in well under a minute (CI runs it so the suite never rots; no threshold is enforced
there).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # as lrmonitor itself runs (lrmonitor/cli.py says why)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: every benchmark, well under a minute")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON to FILE")
    parser.add_argument("--only", metavar="N", type=int, action="append",
                        help="run only benchmark N; repeatable")
    args = parser.parse_args(argv)

    from . import machine, suite

    started = time.perf_counter()
    about = machine.describe()
    rows = []
    for number, bench in suite.BENCHMARKS.items():
        if args.only and number not in args.only:
            continue
        print(f"[{number}] {bench.__doc__.strip().splitlines()[0]} ...", file=sys.stderr, flush=True)
        before = machine.load()
        got = bench(args.quick)
        after = machine.load()
        for row in got:
            row.load = (before, after)
        rows.extend(got)
    seconds = time.perf_counter() - started
    print(suite.table(rows))
    print(f"\n{platform.node()}: {machine.summary(about)}; {'quick' if args.quick else 'full'} sizes; "
          f"{seconds:.0f} s; load = 1-minute load average before→after each benchmark, on {about['cores']} cores")
    if args.json:
        from lrmonitor.core.files.atomic import write_text_atomic

        result = {
            "command": "python -m benchmarks " + " ".join(sys.argv[1:] if argv is None else argv),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "sizes": "quick" if args.quick else "full",
            "seconds": round(seconds, 1),
            "machine": about,
            "rows": [row.to_json() for row in rows],
        }
        write_text_atomic(args.json, json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
