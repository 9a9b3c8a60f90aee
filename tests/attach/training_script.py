"""A real PyTorch training with ``lrmonitor.attach``, run as its own process by the attach tests.

python training_script.py OUT.json [--steps N] [--until-stop] [--kill PID:STEP] [--no-monitor]
                                   [--distributed] [--width W] [--mode override|scale]

Writes what happened to OUT.json: the rate each optimizer step used (a pre-step hook registered
after the monitor's), the steps done, whether Stop was seen, and the process CPU time and wall
time of the training loop alone (imports and setup excluded); and, split by thread, the CPU time
of each step on the training thread (the monitor's share of a step included) and the CPU time
the process's other threads (the monitor's link thread) used during the loop.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time

import torch


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--until-stop", action="store_true", help="run until Stop (at most --steps)")
    parser.add_argument("--kill", default="", help="PID:STEP: SIGKILL that process (lrmonitor, or 'self') at that step")
    parser.add_argument("--no-monitor", action="store_true")
    parser.add_argument("--distributed", action="store_true", help="gloo, from RANK/WORLD_SIZE/MASTER_*")
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--mode", default="override")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rank = 0
    if args.distributed:
        import torch.distributed as dist

        dist.init_process_group("gloo")
        rank = dist.get_rank()
    model = torch.nn.Sequential(torch.nn.Linear(16, args.width), torch.nn.Tanh(), torch.nn.Linear(args.width, 1))
    if args.distributed:
        model = torch.nn.parallel.DistributedDataParallel(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    x, y = torch.randn(1024, 16), torch.randn(1024, 1)
    monitor = None
    if not args.no_monitor:
        from lrmonitor.attach import Monitor

        monitor = Monitor(optimizer, mode=args.mode, steps_per_epoch=16)
    used: list[float] = []
    optimizer.register_step_pre_hook(lambda opt, a, k: used.append(opt.param_groups[0]["lr"]))
    kill_pid, kill_step = (int(v) for v in args.kill.replace("self", str(os.getpid())).split(":")) \
        if args.kill else (0, -1)
    stopped_at = None
    step_cpu: list[float] = []
    cpu, wall, thread_cpu = time.process_time(), time.perf_counter(), time.thread_time()
    for step in range(args.steps):
        step_start = time.thread_time()
        if step == kill_step:
            os.kill(kill_pid, signal.SIGKILL)
        batch = slice(64 * (step % 16), 64 * (step % 16 + 1))
        loss = torch.nn.functional.mse_loss(model(x[batch]), y[batch])
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if monitor is not None:
            monitor.log(step, loss=loss.item(), epoch=step // 16)
            if args.until_stop and monitor.should_stop:
                stopped_at = step + 1
                step_cpu.append(time.thread_time() - step_start)
                break
        step_cpu.append(time.thread_time() - step_start)
    thread_cpu = time.thread_time() - thread_cpu
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if monitor is not None:
        monitor.close()
    with open(args.out, "w") as out:
        json.dump({"rank": rank, "used": used, "steps": len(used), "stopped_at": stopped_at, "cpu": cpu,
                   "wall": wall, "step_cpu": step_cpu, "other_threads_cpu": max(0.0, cpu - thread_cpu)}, out)
    if args.distributed:
        torch.distributed.barrier()  # both ranks done before either tears gloo down (else gloo may abort)
        torch.distributed.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
