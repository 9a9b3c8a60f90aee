"""Benchmarks of the lesson's views in the window (issue 9).

14: the Surface view's frame with 10^6 path points stays within 16 ms: two runs' paths of 10^6
   points each (a fixed rate wandering around the minimum, a decayed one settling), both panels
   (the whole path and the zoom on the minimum) as the window shows them; a frame is new points
   for both paths (``set_paths``, decimated to the window's ``SURFACE_POINTS`` each) and a repaint.
15: four rates training concurrently hold the GUI targets of rows 3 and 5: the real window with
   its Rates tab shown, four mlp runs at full speed in the window's rate workers (one per core but
   the window's: on 2 cores one worker, training the four a chunk each in turn); the lateness of a
   5 ms timer (p99 <= 16 ms) and step-to-screen (a step's completion in its worker to the end of
   the first paint of the Rates view that shows it, p95 <= 50 ms), as rows 3 and 5 measure them.
"""

from __future__ import annotations

import time

import numpy as np

from .suite import Row, _app, _close, _spin, _window, idle_lateness, lateness_probe, paint_latencies, spread


def _paths(n: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Two paths of ``n`` points around the minimum: one wide random wander, one narrowing."""
    rng = np.random.default_rng(0)
    theta = np.array([1.5, -0.55])
    start = np.array([-1.0, 2.5])
    approach = np.linspace(0, 1, n // 50)[:, None]
    paths = []
    for width in (0.08, 0.01):
        head = start + (theta - start) * approach
        tail = theta + width * rng.standard_normal((n - len(head), 2))
        paths.append(np.vstack([head, tail]))
    steps = [np.arange(n), np.arange(n)]
    return paths, steps


def bench_surface_frame(quick: bool) -> list[Row]:
    """the Surface view's frame with 10^6 path points: new points + repaint, both panels"""
    from lrmonitor.core.display.surface import linear_surface, zoom_surface
    from lrmonitor.core.run.config import RunConfig
    from lrmonitor.core.run.trainer import Trainer
    from lrmonitor.qt.view_tabs import SURFACE_POINTS
    from lrmonitor.qt.views.surface_view import SurfaceView

    _app()
    n = 100_000 if quick else 1_000_000
    problem = Trainer(RunConfig(problem="linear")).problem
    paths, steps = _paths(n)
    view = SurfaceView(max_points=SURFACE_POINTS)  # as the window's Surface tab draws it
    view.resize(1000, 600)
    view.show()
    first = n // 2
    half = [p[:first] for p in paths], [s[:first] for s in steps]
    view.set_surface(linear_surface(problem, half[0]), half[1], ["fixed", "decayed"],
                     zoom=zoom_surface(problem, half[0], half[1], first - 3200))
    _spin(0.05)
    times, cpu = [], []
    repetitions = 10 if quick else 30
    for k in range(1, repetitions + 1):
        upto = first + (n - first) * k // repetitions  # the paths grew since the last frame
        started, started_cpu = time.perf_counter(), time.thread_time()
        view.set_paths([p[:upto] for p in paths], [s[:upto] for s in steps])
        view.graphics.viewport().repaint()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)  # without the time other processes took the core
    view.close()
    value, low, high = spread(times)
    return [Row(f"14 Surface view frame, 2 paths of {n:,} points, 2 panels", value, "ms", "<= 16 ms",
                f"{SURFACE_POINTS:,} points drawn per path; CPU time {np.median(cpu):.1f} ms", None, value <= 16,
                low, high)]


def _rates_window(seconds_before: float):
    window = _window("mlp")
    window.tabs.setCurrentWidget(window.tabs.rates_view)
    window.tabs.rates_view.train_button.click()
    live = window.tabs.live_rates
    _spin(20.0, until=lambda: live.views and live.training)
    _spin(seconds_before)
    return window, live


def bench_rates_concurrent(quick: bool) -> list[Row]:
    """four rates training concurrently: 5 ms timer lateness and step-to-screen with the Rates tab shown"""
    seconds = 2.0 if quick else 6.0
    floor = idle_lateness(seconds / 2)
    window, live = _rates_window(0.3)
    before = [view.step for view in live.views]
    late = lateness_probe(seconds)
    pace = sum(view.step - b for view, b in zip(live.views, before)) / seconds
    interval = window.controller.timer.interval()
    workers = len(live.engines)
    latencies = _rates_step_to_screen(window, live, seconds)
    _close(window)
    p99 = float(np.percentile(late, 99))
    p95 = float(np.percentile(latencies, 95)) if latencies else float("nan")
    return [
        Row("15 5 ms timer lateness p99, 4 rates training", p99, "ms", "<= 16 ms",
            f"idle window {floor:.1f} ms; frame interval {interval} ms; {pace:,.0f} steps/s in all 4 "
            f"({workers} worker{'s' if workers > 1 else ''})",
            p99 / max(floor, 0.1), p99 <= 16, float(np.percentile(late, 50)), float(max(late))),
        Row("15 step-to-screen p95, 4 rates training", p95, "ms", "<= 50 ms", "—", None, p95 <= 50,
            float(np.percentile(latencies, 50)) if latencies else None, max(latencies) if latencies else None),
    ]


def _rates_step_to_screen(window, live, seconds: float) -> list[float]:
    """Row 5's measurement on the Rates view, for each rate's run."""
    view = window.tabs.rates_view
    return paint_latencies(view.graphics.viewport(), lambda: [series.steps for series in view._series],
                           [run.header for run in live.views], seconds)
