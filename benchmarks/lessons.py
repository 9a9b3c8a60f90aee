"""What the default run teaches, measured over seeds and BLAS kernels (the README's table).

    python -m benchmarks.lessons                  # seeds 0-9; kernels default, Haswell, Prescott, Sandybridge
    python -m benchmarks.lessons --seeds 20 --json lessons.json
    python -m benchmarks.lessons --lr 0.1 --noise 0.5   # the same for other settings

A run's numbers depend on the CPU's BLAS kernel (and numpy's SIMD paths), so one seed on one
machine says little: each kernel runs in a fresh interpreter with ``OPENBLAS_CORETYPE`` set
before numpy is imported (``default`` leaves it unset; Haswell is what OpenBLAS picks on some
AMD EPYC machines), and the table gives the median and the range over the seeds. Per seed, as
``tests/core/run/test_physics.py`` measures it:

- **fixed**: the default run at its fixed rate; **plateau** is the first epoch at whose end the
  window's plateau detector (ReduceLROnPlateau's logic, patience 10, threshold 1e-4) fires,
  which is where the window pauses by itself;
- **decayed**: a fork of it from there (the next epoch's first step) with the window's suggested
  decay (``step:factor=0.1,every=20``), trained to the end;
- **val, last 10**: the mean validation loss over the last 10 epochs (fixed -> decayed) and how
  much the decay lowered it; **band**: the per-step loss std over the last 10 epochs, decayed
  over fixed (both as ``lrmonitor compare`` computes them);
- **α0×10** and **α0/100**: the final validation loss of the same run at 10× and 1/100 of the
  rate (``diverged`` counts as the worst), and for α0/100 how much its validation loss still
  fell over the last 20 epochs.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

KERNELS = ("default", "Haswell", "Prescott", "Sandybridge")
ROOT = Path(__file__).resolve().parent.parent

CORE_NAME = """
import ctypes
lib = next(line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line and ".so" in line)
name = next(n for n in ("scipy_openblas_get_corename64_", "openblas_get_corename") if hasattr(ctypes.CDLL(lib), n))
function = getattr(ctypes.CDLL(lib), name)
function.restype = ctypes.c_char_p
core = function().decode()
"""


def core_name() -> str:
    """The kernel numpy's OpenBLAS chose in this process (``unknown`` where it cannot be told)."""
    scope: dict = {}
    try:
        exec(CORE_NAME, scope)
    except Exception:
        return "unknown"
    return scope["core"]


def lesson(config) -> dict:
    """One seed's numbers (see the module's docstring)."""
    import numpy as np

    from lrmonitor.core.display.guide import SUGGESTED_DECAY
    from lrmonitor.core.engine.runs import PlateauWatch
    from lrmonitor.core.run.compare import metrics
    from lrmonitor.core.run.state import RunState
    from lrmonitor.core.run.trainer import Trainer
    from lrmonitor.core.run.tree import fork

    config = config.validated()
    fixed = Trainer(config)
    fixed.run()
    watch = PlateauWatch()
    watch.feed(fixed.history.val_loss.view())
    out = {"seed": config.seed, "plateau": watch.fired_at}
    f = metrics(fixed.history)
    out |= {"fixed_last10": f.last10_val_mean, "fixed_final": f.final_val_loss, "fixed_band": f.band_std}
    if watch.fired_at is not None and watch.fired_at + 1 < config.epochs:
        decayed = fork(fixed, (watch.fired_at + 1) * config.steps_per_epoch, SUGGESTED_DECAY)
        decayed.run()
        d = metrics(decayed.history)
        out |= {"decayed_last10": d.last10_val_mean, "reduction": 1 - d.last10_val_mean / f.last10_val_mean,
                "band_ratio": d.band_std / f.band_std}
    for name, lr in (("high", 10 * config.lr), ("low", config.lr / 100)):
        run = Trainer(dataclasses.replace(config, lr=lr), checkpoints=False)
        run.run()
        val = run.history.val_loss.view()
        diverged = run.status is RunState.DIVERGED or not np.isfinite(val[-1])
        out[f"{name}_final"] = None if diverged else float(val[-1])
        if name == "low":
            out["low_still_falling"] = float(1 - np.mean(val[-10:]) / np.mean(val[-20:-10]))
    return out


def child(args) -> None:
    """Measure every seed in this interpreter (whose kernel the parent chose) and print JSON."""
    from lrmonitor.core.run.config import RunConfig

    base = {k: v for k, v in (("problem", args.problem), ("lr", args.lr), ("noise", args.noise),
                              ("epochs", args.epochs), ("batch_size", args.batch_size),
                              ("train_size", args.train_size), ("val_size", args.val_size)) if v is not None}
    rows = [lesson(RunConfig(seed=seed, **base)) for seed in range(args.first_seed, args.first_seed + args.seeds)]
    config = RunConfig(**base).validated()
    print(json.dumps({"core": core_name(), "config": config.to_json(), "rows": rows}))


def measure(kernel: str, argv: list[str]) -> dict:
    """Run :func:`child` in a fresh interpreter with ``OPENBLAS_CORETYPE=kernel``."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env.pop("OPENBLAS_CORETYPE", None)
    if kernel != "default":
        env["OPENBLAS_CORETYPE"] = kernel
    done = subprocess.run([sys.executable, "-m", "benchmarks.lessons", "--child", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"kernel {kernel}: the measurement failed:\n{done.stderr}")
    return json.loads(done.stdout)


def spread(values: list, fmt: str, none: str = "diverged") -> str:
    """``median (min–max)``; None (a diverged run, a plateau never found) counts as the largest value."""
    if not values:
        return "—"
    key = [float("inf") if v is None else v for v in values]
    med, lo, hi = statistics.median(key), min(key), max(key)

    def show(v: float) -> str:
        return none if v == float("inf") else format(v, fmt)

    return f"{show(med)} ({show(lo)}–{show(hi)})"


def table(results: dict[str, dict]) -> str:
    """The README's table: per kernel, median (min–max) over the seeds."""
    lines = [
        "| kernel (OpenBLAS core) | plateau at epoch | val loss, last 10 epochs: fixed → decayed | lowered by "
        "| seeds lowered ≥ 40 % | band std, decayed / fixed | α0×10: final val loss | α0/100: final val loss "
        "| α0/100: fall over its last 20 epochs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kernel, result in results.items():
        rows = result["rows"]
        decayed = [r for r in rows if "reduction" in r]
        pct = [100 * r["reduction"] for r in decayed]
        lines.append(
            f"| {kernel} ({result['core']}) "
            f"| {spread([r['plateau'] for r in rows], 'g', 'never')} "
            f"| {spread([r['fixed_last10'] for r in rows], '.3f')} "
            f"→ {spread([r['decayed_last10'] for r in decayed], '.3f')} "
            f"| {spread(pct, '.0f')} % "
            f"| {sum(p >= 40 for p in pct)} of {len(rows)} "
            f"| {spread([r['band_ratio'] for r in decayed], '.2f')} "
            f"| {spread([r['high_final'] for r in rows], '.3g')} "
            f"| {spread([r['low_final'] for r in rows], '.3f')} "
            f"| {spread([100 * r['low_still_falling'] for r in rows], '.0f')} % |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lessons", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=10, help="how many seeds (default 10)")
    parser.add_argument("--first-seed", type=int, default=0, help="the first seed (default 0)")
    parser.add_argument("--kernels", default=",".join(KERNELS),
                        help="OPENBLAS_CORETYPE values, comma-separated; 'default' leaves it unset")
    parser.add_argument("--problem")
    parser.add_argument("--lr", type=float)
    parser.add_argument("--noise", type=float)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--train-size", type=int)
    parser.add_argument("--val-size", type=int)
    parser.add_argument("--json", metavar="FILE", help="also write every seed's numbers as JSON to FILE")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return 0
    passed = ["--seeds", str(args.seeds), "--first-seed", str(args.first_seed)]
    for name in ("problem", "lr", "noise", "epochs", "batch_size", "train_size", "val_size"):
        if getattr(args, name) is not None:
            passed += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    results = {kernel: measure(kernel, passed) for kernel in args.kernels.split(",")}
    config = next(iter(results.values()))["config"]
    print(f"{config['problem']}, {config['optimizer'].split(':')[0]}, α0 = {config['lr']:g}, batch "
          f"{config['batch_size']}, {config['epochs']} epochs, noise {config['noise']:g}; "
          f"seeds {args.first_seed}–{args.first_seed + args.seeds - 1}; median (min–max) over the seeds\n")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
