"""The configuration that, with the event log, fully determines a run."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from ..training.optimizers import parse_optimizer
from ..training.problems import PROBLEMS, problem_class

# Starting rates that show the lessons on each problem: a fixed rate gets close quickly,
# then wanders in a band that a decay visibly narrows. Measured by sweeping rates over
# 100 epochs at the default sizes; "momentum" also covers nesterov and sgd with momentum.
SUGGESTED_LR = {
    "linear": {"sgd": 0.1, "momentum": 0.05, "adagrad": 0.3, "rmsprop": 0.03, "adam": 0.03},
    "logistic": {"sgd": 2.0, "momentum": 0.2, "adagrad": 0.3, "rmsprop": 0.03, "adam": 0.03},
    "mlp": {"sgd": 2.0, "momentum": 0.2, "adagrad": 0.3, "rmsprop": 0.03, "adam": 0.03},
}


def suggested_lr(problem: str, optimizer_spec: str) -> float:
    """A starting rate for this problem and optimizer that shows the wandering band."""
    optimizer = parse_optimizer(optimizer_spec)
    family = optimizer.name
    if family in ("sgd", "momentum", "nesterov"):
        family = "momentum" if optimizer.hyper["momentum"] > 0 else "sgd"
    return SUGGESTED_LR[problem_class(problem).name][family]


@dataclass(frozen=True)
class RunConfig:
    """Problem, data sizes, noise, seed, optimizer and its hyperparameters, alpha0, batch size.

    ``epochs=None`` means "until stopped". ``lr=None`` and ``noise=None`` are resolved to the
    problem's suggested values by :meth:`validated`, which also canonicalises the optimizer
    spec and checks every range, so a validated config is what gets saved and replayed.
    """

    problem: str = "mlp"
    optimizer: str = "momentum"
    lr: float | None = None
    batch_size: int = 32
    epochs: int | None = 100
    seed: int = 0
    noise: float | None = None
    train_size: int = 1000
    val_size: int = 500

    def validated(self) -> "RunConfig":
        problem = problem_class(self.problem).name
        optimizer = parse_optimizer(self.optimizer).spec()
        lr = suggested_lr(problem, optimizer) if self.lr is None else self.lr
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
            raise ValueError(f"learning rate {lr!r} is out of range: allowed is a finite lr > 0")
        noise = PROBLEMS[problem].default_noise if self.noise is None else self.noise
        if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not (0 <= noise <= 10):
            raise ValueError(f"noise {noise!r} is out of range: allowed is 0 <= noise <= 10")
        for name, low, high in (("train_size", 10, 10_000_000), ("val_size", 1, 10_000_000)):
            _check_int(name, getattr(self, name), low, high)
        _check_int("batch_size", self.batch_size, 1, self.train_size,
                   f"1 <= batch size <= {self.train_size} (the training set size)")
        if self.epochs is not None:
            _check_int("epochs", self.epochs, 1, 1_000_000)
        _check_int("seed", self.seed, 0, 2**63 - 1)
        return dataclasses.replace(self, problem=problem, optimizer=optimizer, lr=float(lr), noise=float(noise))

    @property
    def steps_per_epoch(self) -> int:
        """Mini-batches per shuffled pass; the last batch of an epoch may be smaller."""
        return -(-self.train_size // self.batch_size)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @staticmethod
    def from_json(data: Any) -> "RunConfig":
        if not isinstance(data, dict):
            raise ValueError("the configuration is not an object")
        fields = {f.name for f in dataclasses.fields(RunConfig)}
        return RunConfig(**{k: v for k, v in data.items() if k in fields}).validated()


def _check_int(name: str, value: Any, low: int, high: int, allowed: str | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not (low <= value <= high):
        allowed = allowed or f"{low} <= {name.replace('_', ' ')} <= {high}"
        raise ValueError(f"{name.replace('_', ' ')} {value!r} is out of range: allowed is {allowed}")
