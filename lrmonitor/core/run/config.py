"""The configuration that, with the event log, fully determines a run, and its allowed ranges.

Each setup value is described once, by a :class:`Param` in :data:`SETUP_PARAMS`: the checks in
:meth:`RunConfig.validated`, the command line's argument types and ``--help``, and the window's
input fields and tooltips are all made from it, so a run one of them accepts, the others accept
too (a session made with ``lrmonitor run --seed 3000000000`` opens in the window).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..texts import QT_TRANSLATE_NOOP, WordedError, words_of
from ..training.optimizers import parse_optimizer
from ..training.params import Param
from ..training.problems import PROBLEMS, problem_class

MAX_EXAMPLES = 10_000_000  # per set: beyond this the data alone would not fit in memory

SETUP_PARAMS: tuple[Param, ...] = (
    Param("problem", "choice", "mlp", QT_TRANSLATE_NOOP("core", "The built-in problem to train on; its data is "
                                                                "generated from the seed."),
          choices=tuple(PROBLEMS), label=QT_TRANSLATE_NOOP("core", "problem")),
    Param("lr", float, None, QT_TRANSLATE_NOOP("core", "Starting learning rate alpha0, before any decay."),
          low=0.0, low_open=True, label=QT_TRANSLATE_NOOP("core", "learning rate"),
          default_note=QT_TRANSLATE_NOOP("core", "suggested for the problem and optimizer")),
    Param("batch_size", int, 32,
          QT_TRANSLATE_NOOP("core", "Examples per mini-batch, at most the training set size: smaller batches give "
                                    "noisier gradients."),
          low=1, high=MAX_EXAMPLES, label=QT_TRANSLATE_NOOP("core", "batch size")),
    Param("epochs", int, 100, QT_TRANSLATE_NOOP("core", "Shuffled passes over the training set to train for."),
          low=1, high=1_000_000, label=QT_TRANSLATE_NOOP("core", "epochs")),
    Param("seed", int, 0, QT_TRANSLATE_NOOP("core", "Random seed for the data, the initial weights and the shuffling."),
          low=0, high=2**63 - 1, label=QT_TRANSLATE_NOOP("core", "seed")),
    Param("noise", float, None, QT_TRANSLATE_NOOP("core", "Data noise; what it means depends on the problem."),
          low=0.0, high=10.0, label=QT_TRANSLATE_NOOP("core", "noise"),
          default_note=QT_TRANSLATE_NOOP("core", "the problem's own")),
    Param("train_size", int, 1000, QT_TRANSLATE_NOOP("core", "Training examples."),
          low=10, high=MAX_EXAMPLES, label=QT_TRANSLATE_NOOP("core", "train size")),
    Param("val_size", int, 500, QT_TRANSLATE_NOOP("core", "Validation examples."),
          low=1, high=MAX_EXAMPLES, label=QT_TRANSLATE_NOOP("core", "val size")),
)
_SETUP = {p.name: p for p in SETUP_PARAMS}
BATCH_OVER = QT_TRANSLATE_NOOP("core", "{error}; {size} is the training set size")


def setup_param(name: str, *, train_size: int | None = None) -> Param:
    """The :class:`Param` of the setup value ``name`` (a :class:`RunConfig` field name).

    The batch size's upper bound is the training set size: pass ``train_size`` to get that
    bound; without it the bound is the largest training set allowed.
    """
    try:
        param = _SETUP[name]
    except KeyError:
        raise ValueError(f"unknown setup value {name!r}: allowed are {', '.join(_SETUP)}") from None
    if name == "batch_size" and train_size is not None:
        param = dataclasses.replace(param, high=train_size)
    return param


# Starting rates that show the lessons on each problem: a fixed rate gets close quickly,
# then wanders in a band that a decay visibly narrows. Measured by sweeping rates over
# 100 epochs at the default sizes; "momentum" also covers nesterov and sgd with momentum.
# mlp with momentum (the default run) is 0.3 because the lesson must show on any computer:
# step decay where the plateau detector fires lowers the mean validation loss over the last
# 10 epochs by >= 40 % on 19 of 20 seeds under each of four BLAS kernels at 0.3, but on only
# 14-17 of 20 at 0.2 (whose fixed-rate band is too close to where a decayed run settles);
# from 0.35 the fixed rate no longer wanders in a band but is simply too high
# (``python -m benchmarks.lessons --lr ...`` measures it).
SUGGESTED_LR = {
    "linear": {"sgd": 0.1, "momentum": 0.05, "adagrad": 0.3, "rmsprop": 0.03, "adam": 0.03},
    "logistic": {"sgd": 2.0, "momentum": 0.2, "adagrad": 0.3, "rmsprop": 0.03, "adam": 0.03},
    "mlp": {"sgd": 2.0, "momentum": 0.3, "adagrad": 0.3, "rmsprop": 0.03, "adam": 0.03},
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
    spec and checks every value against its :data:`SETUP_PARAMS` entry, so a validated config
    is what gets saved and replayed. The defaults here are those of :data:`SETUP_PARAMS`.
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

    def validated(self) -> RunConfig:
        problem = problem_class(self.problem).name
        optimizer = parse_optimizer(self.optimizer).spec()
        lr = suggested_lr(problem, optimizer) if self.lr is None else _SETUP["lr"].check(self.lr)
        noise = PROBLEMS[problem].default_noise if self.noise is None else _SETUP["noise"].check(self.noise)
        train_size = _SETUP["train_size"].check(self.train_size)
        val_size = _SETUP["val_size"].check(self.val_size)
        try:
            batch_size = setup_param("batch_size", train_size=train_size).check(self.batch_size)
        except ValueError as err:
            raise WordedError(BATCH_OVER, error=words_of(err) or str(err), size=train_size) from None
        epochs = None if self.epochs is None else _SETUP["epochs"].check(self.epochs)
        seed = _SETUP["seed"].check(self.seed)
        return RunConfig(
            problem=problem, optimizer=optimizer, lr=lr, batch_size=batch_size, epochs=epochs, seed=seed,
            noise=noise, train_size=train_size, val_size=val_size,
        )

    @property
    def steps_per_epoch(self) -> int:
        """Mini-batches per shuffled pass; the last batch of an epoch may be smaller."""
        return -(-self.train_size // self.batch_size)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @staticmethod
    def from_json(data: Any) -> RunConfig:
        if not isinstance(data, dict):
            raise ValueError("the configuration is not an object")
        fields = {f.name for f in dataclasses.fields(RunConfig)}
        return RunConfig(**{k: v for k, v in data.items() if k in fields}).validated()

