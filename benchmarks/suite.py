"""The benchmarks, one function each, numbered as the rows of the table they return.

This module is longer than the project's 400 lines on purpose: each benchmark is a short,
self-contained function with its own reference, and keeping them in one file in table order
lets a reader check a row against the code that produced it without jumping between modules.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import reference


@dataclass
class Row:
    metric: str
    value: float
    unit: str
    target: str
    reference: str = "—"
    ratio: float | None = None
    met: bool | None = None
    low: float | None = None
    high: float | None = None
    load: tuple[float | None, float | None] = (None, None)  # 1-min load average before/after its benchmark

    def to_json(self) -> dict:
        return {
            "metric": self.metric, "value": self.value, "unit": self.unit, "target": self.target,
            "reference": self.reference, "ratio": self.ratio, "met": self.met, "min": self.low, "max": self.high,
            "load_before": self.load[0], "load_after": self.load[1],
        }


def spread(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def table(rows: list[Row]) -> str:
    head = ("metric", "value (min–max)", "target", "reference", "ratio", "met", "load")
    lines = []
    for r in rows:
        value = "—" if r.value is None or math.isnan(r.value) else f"{_fmt(r.value)} {r.unit}"
        if r.low is not None and r.high is not None:
            value += f" ({_fmt(r.low)}–{_fmt(r.high)})"
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}"
        met = "—" if r.met is None else ("yes" if r.met else "NO")
        load = "—" if r.load[0] is None else f"{r.load[0]:.2f}→{r.load[1]:.2f}"
        lines.append((r.metric, value, r.target, r.reference, ratio, met, load))
    widths = [max(len(str(x)) for x in column) for column in zip(head, *lines)]
    out = [" | ".join(str(x).ljust(w) for x, w in zip(head, widths))]
    out.append("-+-".join("-" * w for w in widths))
    out += [" | ".join(str(x).ljust(w) for x, w in zip(line, widths)) for line in lines]
    return "\n".join(out)


def _fmt(x: float) -> str:
    if x is None or not math.isfinite(x):
        return str(x)
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


# -- Qt helpers ---------------------------------------------------------------------------
def _app():
    from lrmonitor.qt.app import make_app

    return make_app()


def _window(problem: str):
    """A real main window, offscreen, with its own settings and autosave folder."""
    from PySide6 import QtCore

    from lrmonitor.qt.window import MainWindow

    _app()
    folder = Path(tempfile.mkdtemp(prefix="lrmonitor-bench-"))
    settings = QtCore.QSettings(str(folder / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings, folder / "autosave")
    window.resize(1400, 900)
    window.show()
    window.setup.problem.setCurrentText(problem)
    window.setup.forever.setChecked(True)
    window.run_panel.speed.setCurrentText("as fast as possible")
    window.run_panel.pause_on_plateau.setChecked(False)  # train on, whatever the loss does
    window.ask_save = lambda: "discard"
    return window


def _spin(seconds: float, until=None) -> None:
    """Run the Qt event loop for a while (as the application would)."""
    from PySide6 import QtCore

    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(int(seconds * 1000), loop.quit)
    if until is not None:
        check = QtCore.QTimer()
        check.setInterval(20)
        check.timeout.connect(lambda: until() and loop.quit())
        check.start()
    loop.exec()


def _close(window) -> None:
    window.close()
    _spin(0.05)


def _headless(kind: str, problem: str, amount: float) -> dict:
    """A headless measurement in a fresh process set up like ``lrmonitor run`` (benchmarks/headless.py)."""
    import json

    out = subprocess.run([sys.executable, "-m", "benchmarks.headless", kind, problem, str(amount)],
                         capture_output=True, text=True, timeout=600, cwd=Path(__file__).resolve().parent.parent)
    if out.returncode != 0:
        raise RuntimeError(f"headless measurement failed: {out.stderr[-500:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- 1 ------------------------------------------------------------------------------------
def bench_headless(quick: bool) -> list[Row]:
    """headless trainer steps/s vs the fastest straightforward numpy loop and a plain PyTorch loop"""
    sizes = {"linear": 32_000, "logistic": 16_000, "mlp": 6_400}  # whole epochs: the numbers are compared
    torch_sizes = {"linear": 3_200, "logistic": 3_200, "mlp": 1_600}  # torch is slower: fewer steps, same seconds
    reps = 3 if quick else 7
    pairs: dict[str, list[dict]] = {name: [] for name in reference.LOOPS}
    torch_runs: list[dict] = []
    for _ in range(reps):  # interleaved, so that a change in the machine's load hits every loop alike
        for name in reference.LOOPS:
            pairs[name].append(_headless("pair", name, sizes[name] // (10 if quick else 1)))
        torch_runs.append(_headless("torch", ",".join(torch_sizes),
                                    ",".join(str(s // (4 if quick else 1)) for s in torch_sizes.values())))
    rows = []
    for name, results in pairs.items():
        mine = [r["trainer"] for r in results]
        refs = [r["reference"] for r in results]
        ratio, low, high = spread([m / r for m, r in zip(mine, refs)])
        same = {r["same"] for r in results}
        numbers = "same numbers" if same == {"same"} else "; ".join(sorted(same))
        cpu_ratio = statistics.median([r["trainer_cpu"] / r["reference_cpu"] for r in results])
        rows.append(Row(f"1 headless steps/s, {name}", statistics.median(mine), "steps/s", ">= 0.8 of reference",
                        f"numpy loop {statistics.median(refs):,.0f} steps/s ({numbers}; CPU time {cpu_ratio:.2f})",
                        ratio, ratio >= 0.8, min(mine), max(mine)))
    for name, results in pairs.items():
        if "skipped" in torch_runs[0]:
            rows.append(Row(f"1 vs PyTorch loop, {name}", math.nan, "", "—",
                            f"skipped: {torch_runs[0]['skipped']}"))
            continue
        for dtype in ("float64", "float32"):
            theirs = [t[name][dtype] for t in torch_runs]
            ratio, low, high = spread([r["trainer"] / t for r, t in zip(results, theirs)])
            rows.append(Row(f"1 vs PyTorch loop, {name}, {dtype}", ratio, "x", ">= 1x (lrmonitor faster)",
                            f"PyTorch {dtype} 1 thread {statistics.median(theirs):,.0f} steps/s", ratio, ratio >= 1,
                            low, high))
    return rows


# -- 2 ------------------------------------------------------------------------------------
def bench_with_window(quick: bool) -> list[Row]:
    """trainer steps/s with the window open and plotting live vs headless"""
    seconds = 1.5 if quick else 4.0
    reps = 2 if quick else 3
    rows = []
    for name in ("mlp", "linear"):
        ratios, mine, heads = [], [], []
        for _ in range(reps):
            head = _headless("rate", name, seconds / 2)["trainer"]
            window = _window(name)
            window.controller.toggle()
            _spin(0.3)  # the worker is up and running
            s0, t0 = window.controller.run.step, time.perf_counter()
            _spin(seconds)
            got = (window.controller.run.step - s0) / (time.perf_counter() - t0)
            _close(window)
            ratios.append(got / head)
            mine.append(got)
            heads.append(head)
        ratio, low, high = spread(ratios)
        rows.append(Row(f"2 steps/s with window, {name}", statistics.median(mine), "steps/s", ">= 0.9 of headless",
                        f"headless {statistics.median(heads):,.0f} steps/s", ratio, ratio >= 0.9, min(mine), max(mine)))
    return rows


# -- 3 ------------------------------------------------------------------------------------
def lateness_probe(seconds: float) -> list[float]:
    """Run the event loop ``seconds`` with a 5 ms precise timer; how late (ms) each tick came."""
    from PySide6 import QtCore

    late, last = [], [None]

    def probe():
        now = time.perf_counter()
        if last[0] is not None:
            late.append((now - last[0]) * 1000 - 5.0)
        last[0] = now

    timer = QtCore.QTimer()
    timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
    timer.setInterval(5)
    timer.timeout.connect(probe)
    timer.start()
    _spin(seconds)
    timer.stop()
    return late


def idle_lateness(seconds: float) -> float:
    """p99 lateness of the same probe beside an idle pyqtgraph window: what the machine itself
    (its scheduler, its load) adds, the floor under row 3."""
    import pyqtgraph as pg

    _app()
    bare = pg.PlotWidget()
    bare.resize(1400, 900)
    bare.show()
    late = lateness_probe(seconds)
    bare.close()
    return float(np.percentile(late, 99))


def bench_responsiveness(quick: bool) -> list[Row]:
    """GUI responsiveness: lateness of a 5 ms QTimer while training at full speed on a long curve"""
    points = 100_000 if quick else 1_000_000
    seconds = 2.0 if quick else 6.0
    floor = idle_lateness(seconds / 2)
    window = _window("linear")
    window.controller.new_run(window.setup.config(), [], points)  # the curve already holds `points` steps
    window.controller.toggle()
    _spin(0.3)
    late = lateness_probe(seconds)
    shown = window.controller.run.step
    interval = window.controller.timer.interval()
    _close(window)
    p99 = float(np.percentile(late, 99))
    return [Row(f"3 5 ms timer lateness p99, {shown:,} points", p99, "ms", "<= 16 ms",
                f"idle window {floor:.1f} ms; frame interval {interval} ms", p99 / max(floor, 0.1), p99 <= 16,
                float(np.percentile(late, 50)), float(max(late)))]


# -- 4 ------------------------------------------------------------------------------------
def bench_plot_update(quick: bool) -> list[Row]:
    """one plot update + repaint of a long loss curve vs pyqtgraph's own peak downsampling"""
    import pyqtgraph as pg

    from lrmonitor.core.display.series import RunSeries
    from lrmonitor.core.run.history import History
    from lrmonitor.qt.plots import RunPlots

    _app()
    sizes = (100_000, 1_000_000) if quick else (1_000_000, 10_000_000)
    frames = 5 if quick else 9
    rows = []
    rng = np.random.default_rng(0)
    for n in sizes:
        loss = np.abs(1.0 + np.cumsum(rng.normal(0, 0.01, n + frames * 1000))) + 0.1
        lr = np.full(len(loss), 0.1)
        history = History(32)
        history.loss.extend(loss[:n])
        history.lr.extend(lr[:n])
        plots = RunPlots()
        plots.resize(1000, 600)
        plots.show()
        series = RunSeries(history)
        plots.draw(series)
        _spin(0.05)
        ref = pg.PlotWidget()
        ref.resize(1000, 600)
        ref.show()
        curve = ref.plot(pen=pg.mkPen((40, 80, 200), width=1))
        ref.getPlotItem().setDownsampling(auto=True, mode="peak")
        ref.getPlotItem().setClipToView(True)
        curve.setData(np.arange(1, n + 1) / 32, history.loss.view())
        _spin(0.05)  # both shown and painted once before timing
        for view in ("full view", "zoomed to 1%"):
            mine, theirs = [], []
            for k in range(frames):
                end = n + (k + 1) * 1000  # a frame's worth of new steps, as when training live
                history.loss.extend(loss[end - 1000 : end])
                history.lr.extend(lr[end - 1000 : end])
                x = np.arange(1, end + 1) / 32
                if view == "zoomed to 1%":
                    middle = end / 32 / 2
                    plots.auto_range = False
                    low, high = middle - end / 32 / 200, middle + end / 32 / 200
                    plots.loss_plot.getViewBox().setXRange(low, high, padding=0)
                    ref.getPlotItem().getViewBox().setXRange(low, high, padding=0)
                t = time.perf_counter()
                series.update()  # what the controller does once per frame, then the plot redraws
                plots.refresh()
                plots.viewport().repaint()
                mine.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                curve.setData(x, history.loss.view())
                ref.viewport().repaint()
                theirs.append((time.perf_counter() - t) * 1000)
            value, low, high = spread(mine)
            other = statistics.median(theirs)
            target = "<= 16 ms" if (n == 10_000_000 and view == "full view") else "—"
            met = value <= 16 if target != "—" else None
            rows.append(Row(f"4 update+repaint, {n:,} points, {view}", value, "ms", target,
                            f"pyqtgraph peak downsampling {other:.1f} ms", value / other, met, low, high))
        plots.close()
        ref.close()
    return rows


# -- 5 and 6 -----------------------------------------------------------------------------
class _PaintClock:
    """Paints the watched widget itself inside an event filter, to know when a frame is done."""

    def __init__(self, widget) -> None:
        from PySide6 import QtCore

        class Filter(QtCore.QObject):
            def eventFilter(inner, obj, event):  # noqa: N802, N805
                if event.type() == QtCore.QEvent.Type.Paint:
                    obj.removeEventFilter(inner)
                    QtCore.QCoreApplication.sendEvent(obj, event)
                    obj.installEventFilter(inner)
                    self.frames.append(time.perf_counter())
                    return True
                return False

        self.frames: list[float] = []
        self.filter = Filter()
        widget.installEventFilter(self.filter)


def step_done_at(chunks: list[tuple[int, float]], step: int) -> float | None:
    """When the worker finished ``step`` (perf_counter seconds), from its chunk timings: the chunk
    holding it, plus its place in the chunk at the run's mean pace; None before two chunks."""
    before = [c for c in chunks if c[0] <= step]
    if not before or len(chunks) < 2:
        return None
    first, done = before[-1]
    per_step = (chunks[-1][1] - chunks[0][1]) / max(1, chunks[-1][0] - chunks[0][0])
    return done + (step - first) * per_step


def paint_latencies(widget, shown_steps, headers, seconds: float) -> list[float]:
    """Step-to-screen (rows 5 and 15), in ms: at each paint of ``widget``, for each run whose shown steps
    grew (``shown_steps()``: one count per run), from the completion of its oldest newly shown step
    (its worker's chunk timings, ``headers``) to the end of the paint; for ``seconds``."""
    from PySide6 import QtCore

    clock = _PaintClock(widget)
    shown = list(shown_steps())
    latencies: list[float] = []
    painted = [len(clock.frames)]

    def on_paint():
        if len(clock.frames) == painted[0]:
            return
        painted[0] = len(clock.frames)
        for k, (now, header) in enumerate(zip(shown_steps(), headers)):
            oldest_new, shown[k] = shown[k] + 1, now
            if now < oldest_new:
                continue
            done = step_done_at(header.chunk_timings(), oldest_new)
            if done is not None:
                latencies.append((clock.frames[-1] - done) * 1000)

    watcher = QtCore.QTimer()
    watcher.setInterval(1)
    watcher.timeout.connect(on_paint)
    watcher.start()
    _spin(seconds)
    watcher.stop()
    return latencies


def bench_step_to_screen(quick: bool) -> list[Row]:
    """step-to-screen: a step's completion to the first frame that shows it"""
    seconds = 2.0 if quick else 6.0
    window = _window("mlp")
    window.controller.toggle()
    _spin(0.3)
    latencies = paint_latencies(window.plots.viewport(), lambda: [window.plots.drawn_steps],
                                [window.controller.run.header], seconds)
    _close(window)
    p95 = float(np.percentile(latencies, 95))
    return [Row("5 step-to-screen p95", p95, "ms", "<= 50 ms", "—", None, p95 <= 50,
                float(np.percentile(latencies, 50)), float(max(latencies)))]


def bench_decay_now(quick: bool) -> list[Row]:
    """'Decay now' pressed -> first step that uses the new rate, at full speed"""
    presses = 5 if quick else 15
    window = _window("mlp")
    window.decay.decay_factor.setValue(0.99)
    window.controller.toggle()
    _spin(0.3)
    latencies = []
    for _ in range(presses):
        known = len(window.controller.run.history.events)
        pressed = time.perf_counter()
        window.decay.decay_now()
        _spin(1.0, until=lambda known=known: len(window.controller.run.history.events) > known)
        step = window.controller.run.history.events[-1].step
        timings = dict(window.controller.run.header.chunk_timings())
        if step + 1 in timings:
            latencies.append((timings[step + 1] - pressed) * 1000)
        _spin(0.1)
    _close(window)
    value, low, high = spread(latencies)
    return [Row("6 decay now -> first step with new rate", value, "ms", "<= 20 ms", "—", None, high <= 20, low, high)]


# -- 7 ------------------------------------------------------------------------------------
def _pss(pid: int) -> int:
    """Proportional set size in bytes: shared pages counted once across processes."""
    with open(f"/proc/{pid}/smaps_rollup") as handle:
        for line in handle:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return 0


def bench_memory(quick: bool) -> list[Row]:
    """memory per stored step (resident growth of window + worker / steps)"""
    import os

    steps = int(os.environ.get("LRMONITOR_BENCH_MEMORY_STEPS", 200_000 if quick else 10_000_000))
    window = _window("linear")
    window.controller.toggle()
    _spin(0.5)
    worker = window.controller.engine.process.pid
    start_steps = window.controller.run.step
    before = _pss(os.getpid()) + _pss(worker)
    _spin(600, until=lambda: window.controller.run.step >= steps)
    window.controller.engine.pause()
    _spin(0.2)
    stored = window.controller.run.step - start_steps
    after = _pss(os.getpid()) + _pss(worker)
    _close(window)
    per_step = (after - before) / stored
    return [Row(f"7 memory per stored step, {stored:,} steps", per_step, "bytes", "<= 24 bytes", "—", None,
                per_step <= 24)]


# -- 8 ------------------------------------------------------------------------------------
FIRST_PAINT = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6 import QtCore, QtWidgets
{setup}
class Clock(QtCore.QObject):
    def eventFilter(self, obj, event):
        if event.type() == QtCore.QEvent.Type.Paint:
            print(time.perf_counter(), flush=True)
            os._exit(0)
        return False
clock = Clock()
window.installEventFilter(clock)
for child in window.findChildren(QtWidgets.QWidget):
    child.installEventFilter(clock)
app.exec()
"""

LRMONITOR_SETUP = """
import tempfile
from pathlib import Path
from lrmonitor.qt.app import make_app
from lrmonitor.qt.window import MainWindow
app = make_app()
folder = Path(tempfile.mkdtemp())
window = MainWindow(QtCore.QSettings(str(folder / "s.ini"), QtCore.QSettings.Format.IniFormat), folder / "autosave")
window.show()
"""

BARE_SETUP = """
import pyqtgraph as pg
import numpy as np
app = QtWidgets.QApplication([])
window = pg.PlotWidget()
window.plot(np.arange(10.0))
window.resize(1280, 800)
window.show()
"""


def _first_paint(setup: str, cache: str) -> float:
    script = textwrap.dedent(FIRST_PAINT).replace("{setup}", textwrap.dedent(setup))
    # Both programs start from compiled bytecode, as they do for users: pip compiles an installed
    # package, an editable checkout writes __pycache__ on its first start. Where the environment
    # forbids writing bytecode (PYTHONDONTWRITEBYTECODE, set on some CI machines), lrmonitor's
    # modules would be compiled at every start while pyqtgraph's were compiled at install: both
    # keep theirs in one cache folder of this run instead, filled by a first, untimed start.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPYCACHEPREFIX": cache}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"first-paint probe failed: {out.stderr[-500:]}")
    return float(lines[-1]) - started


def bench_startup(quick: bool) -> list[Row]:
    """start to first painted window vs a bare pyqtgraph window started the same way"""
    reps = 3 if quick else 7
    mine, bare, ratios = [], [], []
    with tempfile.TemporaryDirectory(prefix="lrmonitor-bench-pycache-") as cache:
        _first_paint(BARE_SETUP, cache)  # untimed: compiles both programs' bytecode into the cache
        _first_paint(LRMONITOR_SETUP, cache)
        for _ in range(reps):
            b = _first_paint(BARE_SETUP, cache)
            m = _first_paint(LRMONITOR_SETUP, cache)
            mine.append(m * 1000)
            bare.append(b * 1000)
            ratios.append(m / b)
    ratio = statistics.median(ratios)
    value, low, high = spread(mine)
    return [Row("8 start to first painted window", value, "ms", "<= 1.5x bare pyqtgraph",
                f"bare pyqtgraph window {statistics.median(bare):.0f} ms", ratio, ratio <= 1.5, low, high)]


BENCHMARKS = {
    1: bench_headless,
    2: bench_with_window,
    3: bench_responsiveness,
    4: bench_plot_update,
    5: bench_step_to_screen,
    6: bench_decay_now,
    7: bench_memory,
    8: bench_startup,
}


def _more() -> None:
    """The benchmarks of the workspace of runs (benchmarks/runs.py) join the table in their order."""
    from . import attach, load, runs, views

    BENCHMARKS[9] = runs.bench_fork
    BENCHMARKS[10] = runs.bench_open
    BENCHMARKS[11] = runs.bench_many_runs
    BENCHMARKS[12] = load.bench_loaded
    BENCHMARKS[13] = attach.bench_attach
    BENCHMARKS[14] = views.bench_surface_frame
    BENCHMARKS[15] = views.bench_rates_concurrent


_more()
