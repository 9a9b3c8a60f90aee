"""Benchmark 12: the window on a loaded machine, and what pacing its frames buys.

A student's laptop is rarely idle: a browser, a video call, an IDE. With 2 cores, one busy
neighbour leaves the window and the training worker one core to share. This benchmark starts
such a neighbour (a process spinning on the CPU, ended by its pid afterwards) and measures:

- rows 3 and 5 again (timer lateness, step-to-screen) with the neighbour running;
- the trainer's steps/s with the window open against headless, both beside the neighbour:
  does training keep its share;
- the same with the frame interval fixed at 16 ms instead of paced
  (:mod:`lrmonitor.core.display.pacing`): the interval the pacer chose, the window thread's
  share of a core, and the trainer's steps/s, paced against fixed.
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import time

from .suite import Row, _close, _headless, _spin, _window, bench_responsiveness, bench_step_to_screen


@contextlib.contextmanager
def busy_neighbour():
    """A second process keeping one core busy (pure Python: no BLAS threads, no memory traffic)."""
    process = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def _window_run(seconds: float, paced: bool) -> dict:
    """The mlp at full speed in the real window: steps/s, frame intervals, window thread's CPU share."""
    from lrmonitor.core.display.pacing import FASTEST_MS, FramePacer

    window = _window("mlp")
    controller = window.controller
    if not paced:
        controller.pacer = FramePacer(slowest_ms=FASTEST_MS)  # every frame 16 ms apart, whatever it costs
    controller.toggle()
    _spin(0.5)  # the worker is up, the pacer has settled
    intervals = []
    controller.frame.connect(lambda _frame: intervals.append(controller.timer.interval()))
    s0, t0, cpu0 = controller.run.step, time.perf_counter(), time.thread_time()
    _spin(seconds)
    wall = time.perf_counter() - t0
    result = {"rate": (controller.run.step - s0) / wall, "share": (time.thread_time() - cpu0) / wall,
              "interval": statistics.median(intervals) if intervals else float("nan"), "frames": len(intervals) / wall}
    _close(window)
    return result


def bench_loaded(quick: bool) -> list[Row]:
    """the window with a second process busy on the other core: GUI rows, training share, pacing"""
    seconds = 2.0 if quick else 5.0
    reps = 1 if quick else 3
    quiet = _window_run(seconds, paced=True)
    rows = [Row("12 window thread, frames paced, no neighbour", quiet["share"] * 100, "% of a core", "—",
                f"frame interval {quiet['interval']:.0f} ms ({quiet['frames']:.0f} frames/s); "
                f"trainer {quiet['rate']:,.0f} steps/s")]
    with busy_neighbour():
        for row in (*bench_responsiveness(quick), *bench_step_to_screen(quick)):
            row.metric = "12" + row.metric[1:] + ", other core busy"  # rows 3 and 5, renumbered
            rows.append(row)
        paced, fixed, heads = [], [], []
        for _ in range(reps):  # interleaved: the load changes alike for all three
            heads.append(_headless("rate", "mlp", seconds / 2)["trainer"])
            paced.append(_window_run(seconds, paced=True))
            fixed.append(_window_run(seconds, paced=False))
    head = statistics.median(heads)
    for name, runs in (("paced", paced), ("fixed 16 ms", fixed)):
        rates = [r["rate"] for r in runs]
        ratio, low, high = statistics.median([r / h for r, h in zip(rates, heads)]), min(rates), max(rates)
        interval = statistics.median([r["interval"] for r in runs])
        share = statistics.median([r["share"] for r in runs])
        frames = statistics.median([r["frames"] for r in runs])
        rows.append(Row(f"12 steps/s with window, mlp, other core busy, frames {name}", statistics.median(rates),
                        "steps/s", ">= 0.8 of headless" if name == "paced" else "—",
                        f"headless beside the same neighbour {head:,.0f} steps/s", ratio,
                        ratio >= 0.8 if name == "paced" else None, low, high))
        rows.append(Row(f"12 window thread, frames {name}, other core busy", share * 100, "% of a core", "—",
                        f"frame interval {interval:.0f} ms ({frames:.0f} frames/s)", None, None))
    paced_rate = statistics.median([r["rate"] for r in paced])
    fixed_rate = statistics.median([r["rate"] for r in fixed])
    rows.append(Row("12 trainer steps/s, paced vs fixed 16 ms frames, other core busy", paced_rate, "steps/s", "—",
                    f"fixed 16 ms {fixed_rate:,.0f} steps/s", paced_rate / fixed_rate, None))
    return rows

