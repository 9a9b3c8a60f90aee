"""Benchmark 13: what attaching costs a user's training (``lrmonitor.attach``).

13: ``Monitor.log`` per call, median over batches of 1,000 calls, connected to a real
    ``lrmonitor watch`` process and with no lrmonitor running (target: median <= 5 us);
    a small PyTorch training (2-layer MLP, width 256, batch 64, one thread) with a Monitor
    attached to ``lrmonitor watch`` and a decay in force (re-applied before every step), vs the
    same training without a Monitor, interleaved: the training process's CPU time, target >= 0.9
    (the wall-clock ratio beside it); and what the step hooks add to one optimizer step.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .suite import Row, spread


def _watch(folder: Path) -> tuple[subprocess.Popen, Path]:
    """A real ``lrmonitor watch`` waiting for a training; its connection file."""
    connection = folder / "lrmonitor.conn"
    process = subprocess.Popen([sys.executable, "-m", "lrmonitor", "watch", "--quiet", "--wait", "120",
                                "--at", "0:decay=0.5", "--connection-file", str(connection)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 60
    while not connection.exists() and time.monotonic() < end and process.poll() is None:
        time.sleep(0.01)
    return process, connection


def _stop(process: subprocess.Popen) -> None:
    try:
        process.wait(30)  # it exits by itself when the training closes
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _log_costs(monitor, batches: int) -> list[float]:
    costs = []
    for b in range(batches):
        started = time.perf_counter_ns()
        for i in range(1000):
            monitor.log(i, loss=0.5, epoch=b)
        costs.append((time.perf_counter_ns() - started) / 1000 / 1000)  # us per call
    return costs


def _training(env_value: str, steps: int) -> tuple[float, float]:
    """(steps/s, CPU s) of the small training, with a Monitor unless ``env_value`` is 'off'."""
    import torch

    from lrmonitor.attach import Monitor

    os.environ["LRMONITOR_ATTACH"] = env_value
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(16, 256), torch.nn.Tanh(), torch.nn.Linear(256, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    x, y = torch.randn(1024, 16), torch.randn(1024, 1)
    monitor = Monitor(optimizer, steps_per_epoch=16) if env_value != "off" else None
    wall, cpu = time.perf_counter(), time.process_time()
    for step in range(steps):
        batch = slice(64 * (step % 16), 64 * (step % 16 + 1))
        loss = torch.nn.functional.mse_loss(model(x[batch]), y[batch])
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if monitor is not None:
            monitor.log(step, loss=loss.item(), epoch=step // 16)
        else:
            loss.item()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if monitor is not None:
        monitor.close()
    return steps / wall, cpu


def _hook_row(quick: bool) -> Row:
    """The optimizer step hooks' own cost: SGD steps of a tiny model with and without a decay in force."""
    import torch

    from lrmonitor.attach import Monitor
    from lrmonitor.core.link import Listener

    def per_step(optimizer, n: int) -> float:
        started = time.process_time()
        for _ in range(n):
            optimizer.step()
        return (time.process_time() - started) / n * 1e6

    n, reps = (5_000, 3) if quick else (20_000, 7)
    costs, plains = [], []
    for _ in range(reps):
        model = torch.nn.Linear(4, 1)
        for p in model.parameters():
            p.grad = torch.zeros_like(p)
        plain = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        steered = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        with Listener(write_file=False) as listener:
            listener.send("decay=0.5", at_step=0)
            monitor = Monitor(steered, connect=listener.env_value, steps_per_epoch=16)
            per_step(steered, 10)
            plains.append(per_step(plain, n))
            costs.append(per_step(steered, n) - plains[-1])
            monitor.close()
    median, low, high = spread(costs)
    return Row("13 optimizer step hooks, decay in force (added per step)", median, "us", "—",
               f"a plain SGD step of a 5-parameter model {statistics.median(plains):.1f} us", None, None, low, high)


def bench_attach(quick: bool) -> list[Row]:
    """Monitor.log overhead and a PyTorch training with vs without a Monitor attached to lrmonitor watch"""
    try:
        import torch
    except ImportError:
        return [Row("13 attach", float("nan"), "", "—", "skipped: torch not installed (pip install -e '.[bench]')")]
    from lrmonitor.attach import Monitor

    torch.set_num_threads(1)
    saved = os.environ.get("LRMONITOR_ATTACH")
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="lrmonitor-bench-") as name:
            folder = Path(name)
            os.environ["XDG_RUNTIME_DIR"] = name  # no other lrmonitor is found
            batches = 50 if quick else 300
            process, connection = _watch(folder)
            optimizer = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)
            monitor = Monitor(optimizer, connect=str(connection), queue_size=1_000_000)
            connected = monitor.connected
            costs = _log_costs(monitor, batches)
            monitor.close()
            _stop(process)
            median, low, high = spread(costs)
            rows.append(Row("13 Monitor.log, attached to lrmonitor watch", median, "us", "<= 5 us",
                            "connected" if connected else "NOT connected", None, median <= 5, low, high))
            os.environ["LRMONITOR_ATTACH"] = str(folder / "nobody.conn")  # no lrmonitor running
            alone = Monitor(optimizer, queue_size=20_000)
            costs = _log_costs(alone, batches)
            alone.close()
            median, low, high = spread(costs)
            rows.append(Row("13 Monitor.log, no lrmonitor running", median, "us", "<= 5 us",
                            "queue of 20,000 rows full: the oldest dropped", None, median <= 5, low, high))
            steps, reps = (600, 3) if quick else (3000, 5)
            ratios, cpu_ratios, with_rates, without_rates = [], [], [], []
            for _ in range(reps):  # interleaved: a change in the machine's load hits both alike
                process, connection = _watch(folder)
                attached, attached_cpu = _training(str(connection), steps)
                _stop(process)
                plain, plain_cpu = _training("off", steps)
                ratios.append(attached / plain)
                cpu_ratios.append(plain_cpu / attached_cpu)
                with_rates.append(attached)
                without_rates.append(plain)
            # CPU time (the training's process: its thread and the Monitor's) is the verdict: on a loaded
            # 2-core machine the wall clock mostly says how often the scheduler ran something else
            ratio, low, high = spread(cpu_ratios)
            rows.append(Row("13 PyTorch MLP, Monitor attached + decay in force vs none, CPU time", ratio, "x",
                            ">= 0.9", f"steps/s {statistics.median(with_rates):,.0f} attached, "
                            f"{statistics.median(without_rates):,.0f} without (wall ratio "
                            f"{statistics.median(ratios):.2f})", ratio, ratio >= 0.9, low, high))
            rows.append(_hook_row(quick))
    finally:
        if saved is None:
            os.environ.pop("LRMONITOR_ATTACH", None)
        else:
            os.environ["LRMONITOR_ATTACH"] = saved
    return rows
