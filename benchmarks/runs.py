"""Benchmarks of the workspace of runs: forking a long run, and drawing many long runs at once.

9: a fork anywhere in a long run is ready to train within 200 ms: the run is loaded into the
   window's worker process (as opening a saved session does), then forked at steps spread over
   it, each timed until the fork's view is ready (worst case: the steps farthest after a
   checkpoint). The reference is replaying the run from step 0 to the same steps, which is what
   a fork without checkpoints would cost.
10: opening a session of a 10^6-step run shows it within 2 s: the real window opens the file
   (the runs are loaded into the worker as recorded, no replay) and paints the first frame.
11: a frame with 10 shown runs of 10^6 steps each stays within 16 ms: the plots redraw every
   run after a pan (the worst case: every envelope is recomputed), then repaint.
"""

from __future__ import annotations

import time

import numpy as np

from .suite import Row, _app, _spin, spread


def bench_fork(quick: bool) -> list[Row]:
    """fork latency: a fork anywhere in a long run, in the window's worker process"""
    from lrmonitor.core.engine import make_engine
    from lrmonitor.core.run.config import RunConfig
    from lrmonitor.core.run.events import DecayNow
    from lrmonitor.core.run.trainer import Trainer
    from lrmonitor.core.run.tree import RunRecord

    rows = []
    for problem, steps in (("linear", 100_000 if quick else 1_000_000), ("mlp", 20_000 if quick else 200_000)):
        config = RunConfig(problem=problem, epochs=steps // 32)
        trainer = Trainer(config)
        trainer.run()
        engine = make_engine("process")
        try:
            parent = engine.load(RunRecord.of(trainer))
            rng = np.random.default_rng(0)
            targets = sorted(rng.integers(1, trainer.step - 1, 5 if quick else 9).tolist())
            targets[-1] = (trainer.step // 2048) * 2048 - 1  # just before a checkpoint: the most to replay
            times = []
            for step in targets:
                started = time.perf_counter()
                fork = engine.fork(parent, step, DecayNow(0.5))
                assert engine.runs[fork].step == step
                times.append((time.perf_counter() - started) * 1000)
                engine.drop(fork)
            replay = Trainer(config)
            started = time.perf_counter()
            replay.run(targets[-1])
            from_zero = (time.perf_counter() - started) * 1000
        finally:
            engine.shutdown()
        worst = max(times)
        rows.append(Row(f"9 fork latency, {problem}, {trainer.step:,} steps", worst, "ms (worst)", "<= 200 ms",
                        f"replay from step 0 {from_zero:,.0f} ms", worst / from_zero, worst <= 200,
                        min(times), worst))
    return rows


def bench_open(quick: bool) -> list[Row]:
    """open latency: a saved session of a long run, from File > Open to the first painted frame"""
    import tempfile
    from pathlib import Path

    from lrmonitor.core.files.lrmon import save_tree
    from lrmonitor.core.run.config import RunConfig
    from lrmonitor.core.run.events import DecayNow, Stamped
    from lrmonitor.core.run.trainer import Trainer

    from .suite import _close, _window

    steps = 100_000 if quick else 1_000_000
    trainer = Trainer(RunConfig(problem="linear", epochs=steps // 32), [Stamped(steps // 2, DecayNow(0.1))])
    trainer.run()
    path = Path(tempfile.mkdtemp(prefix="lrmonitor-bench-")) / "long.lrmon"
    save_tree(path, [trainer])
    times = []
    for _ in range(3 if quick else 5):
        window = _window("linear")
        _spin(0.3)
        started = time.perf_counter()
        assert window.files.open(path)
        window.plots.viewport().repaint()
        times.append((time.perf_counter() - started) * 1000)
        assert window.plots.drawn_steps == trainer.step
        _close(window)
    value, low, high = spread(times)
    return [Row(f"10 open a session of {trainer.step:,} steps", value, "ms", "<= 2000 ms",
                f"{path.stat().st_size / 1e6:.1f} MB file", None, value <= 2000, low, high)]


class _View:
    """What the overlay reads of a run: its steps per epoch (the series holds the rest)."""

    steps_per_epoch = 32


def bench_many_runs(quick: bool) -> list[Row]:
    """one frame with 10 shown runs of long curves: redraw after a pan + repaint"""
    from lrmonitor.core.display.frame import RunInfo
    from lrmonitor.core.display.series import RunSeries
    from lrmonitor.core.run.history import History
    from lrmonitor.qt.plots import RunPlots

    _app()
    n = 100_000 if quick else 1_000_000
    rng = np.random.default_rng(0)
    infos = []
    for k in range(10):
        history = History(32)
        history.loss.extend(np.abs(1.0 + np.cumsum(rng.normal(0, 0.01, n))) + 0.1 * k)
        history.lr.extend(np.full(n, 0.1 / (k + 1)))
        for e in range(n // 32):
            history.epoch_lr.append(0.1)
            history.train_loss.append(1.0 / (e + 1))
            history.val_loss.append(1.1 / (e + 1))
        series = RunSeries(history)
        series.update()
        infos.append(RunInfo(k + 1, f"run {k + 1}", k, None, None, True, k == 0, _View(), series))
    plots = RunPlots()
    plots.resize(1000, 600)
    plots.show()
    plots.draw(infos[0].series)
    plots.overlay.show(tuple(infos))
    plots.refresh()
    _spin(0.05)
    times = []
    end = n / 32
    for k in range(5 if quick else 15):
        middle = end * (0.2 + 0.6 * k / 15)
        plots.auto_range = False
        started = time.perf_counter()
        plots.loss_plot.getViewBox().setXRange(middle - end / 10, middle + end / 10, padding=0)  # a pan
        plots.refresh()
        plots.viewport().repaint()
        times.append((time.perf_counter() - started) * 1000)
    plots.close()
    value, low, high = spread(times)
    return [Row(f"11 frame with 10 shown runs of {n:,} steps, after a pan", value, "ms", "<= 16 ms", "—", None,
                value <= 16, low, high)]
