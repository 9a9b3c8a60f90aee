"""A small real PyTorch training attached to lrmonitor, run as its own process by the window's tests
(and by ``resources/make_attached_screenshot.py``).

python attach_training.py OUT.json [--steps N] [--steps-per-epoch S] [--lr A]

It finds lrmonitor through ``LRMONITOR_ATTACH``, trains until Stop (or N steps), logs every step
and a validation loss at each epoch's end, and writes to OUT.json the rate each optimizer step
actually used (a pre-step hook registered after the monitor's) and the steps done.
"""

from __future__ import annotations

import argparse
import json
import time

import torch


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--steps-per-epoch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--pace", type=float, default=0.002, help="seconds per step: a training a student can watch")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    x = torch.randn(2048, 8)
    y = torch.sin(x.sum(dim=1, keepdim=True)) + 0.3 * torch.randn(2048, 1)
    xv = torch.randn(512, 8)
    yv = torch.sin(xv.sum(dim=1, keepdim=True)) + 0.3 * torch.randn(512, 1)
    from lrmonitor.attach import Monitor

    monitor = Monitor(optimizer, steps_per_epoch=args.steps_per_epoch)
    used: list[float] = []
    optimizer.register_step_pre_hook(lambda opt, a, k: used.append(opt.param_groups[0]["lr"]))
    spe, batch = args.steps_per_epoch, 2048 // args.steps_per_epoch
    for step in range(args.steps):
        i = step % spe
        loss = torch.nn.functional.mse_loss(model(x[i * batch:(i + 1) * batch]), y[i * batch:(i + 1) * batch])
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if i == spe - 1:
            with torch.no_grad():
                val = torch.nn.functional.mse_loss(model(xv), yv).item()
            monitor.log(step, loss=loss.item(), val_loss=val, train_loss=loss.item(), epoch=step // spe)
        else:
            monitor.log(step, loss=loss.item(), epoch=step // spe)
        if monitor.should_stop:
            break
        time.sleep(args.pace)
    monitor.close()
    with open(args.out, "w") as out:
        json.dump({"used": used, "steps": len(used)}, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
