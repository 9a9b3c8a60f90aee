"""Helpers of the attach tests: waiting on a condition, and a tiny real PyTorch training.

Loaded by file path (the tests are not a package: ``--import-mode=importlib``).
"""

from __future__ import annotations

import time

import torch

WAIT = 30.0  # seconds: a generous bound on a loaded machine, never a pace


def wait_until(condition, what: str, timeout: float = WAIT):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")


class Training:
    """A small regression network, SGD, and the rate each optimizer step actually used."""

    def __init__(self, lr: float = 0.1, seed: int = 0) -> None:
        torch.manual_seed(seed)
        self.model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=lr, momentum=0.9)
        self.x, self.y = torch.randn(256, 8), torch.randn(256, 1)
        self.used: list[float] = []

    def record_rates(self) -> None:
        """Register after the monitor's hook: sees the rate the update really uses."""
        self.optimizer.register_step_pre_hook(lambda opt, args, kwargs: self.used.append(opt.param_groups[0]["lr"]))

    def step(self, i: int) -> float:
        batch = slice(32 * (i % 8), 32 * (i % 8 + 1))
        loss = torch.nn.functional.mse_loss(self.model(self.x[batch]), self.y[batch])
        loss.backward()
        self.optimizer.step()
        self.optimizer.zero_grad()
        return loss.item()
