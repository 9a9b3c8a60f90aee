"""Optimizers with ``torch.optim``'s update rules, defaults and hyperparameter names.

What a student learns here should carry over to PyTorch, so each class follows the
algorithm box in the PyTorch documentation (single-tensor code path). The learning rate is
not a hyperparameter of the optimizer object: the schedule owns it and passes it to every
:meth:`Optimizer.step`, which is what lets a decay take effect at any step.

Public API::

    opt = make_optimizer("sgd", momentum=0.9)
    opt.step(params, grads, lr)   # updates the float64 arrays in ``params`` in place
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..texts import QT_TRANSLATE_NOOP
from .params import Param, build_from_spec, format_spec, lookup, owner_words, registry_help, resolve

_WEIGHT_DECAY = Param(
    "weight_decay", float, 0.0, QT_TRANSLATE_NOOP("core", "L2 penalty: adds weight_decay*param to each gradient."),
                      low=0.0
)


class Optimizer:
    """Base class: holds validated hyperparameters and per-parameter state."""

    name: str = ""
    summary: str = ""
    PARAMS: tuple[Param, ...] = ()

    def __init__(self, **hyperparameters: Any) -> None:
        self.hyper = self._validated(hyperparameters, from_text=False)
        self.state: list[dict[str, Any]] | None = None

    @classmethod
    def _validated(cls, given: dict[str, Any], *, from_text: bool) -> dict[str, Any]:
        return resolve(cls.PARAMS, given, owner_words("optimizer", cls.name), from_text=from_text)

    def spec(self, full: bool = True) -> str:
        """Spec text that rebuilds this object; ``full=False`` omits default values."""
        return format_spec(self.name, self.hyper, self.PARAMS, full)

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray], lr: float) -> None:
        """Update ``params`` in place using ``grads`` and the rate ``lr`` for this step."""
        check_step_rate(lr)
        if self.state is None:
            self.state = [self._init_state(p) for p in params]
        for p, g, s in zip(params, grads, self.state):
            self._update(p, g, s, lr)

    def _init_state(self, p: np.ndarray) -> dict[str, Any]:
        return {}

    def _update(self, p: np.ndarray, g: np.ndarray, s: dict[str, Any], lr: float) -> None:
        raise NotImplementedError


def check_step_rate(lr: float) -> None:
    """Refuse a negative (or NaN) rate, as torch.optim does (``Invalid learning rate``).

    A negative rate silently turns descent into ascent: the loss climbs and nothing says why.
    Zero is allowed (a schedule such as ``poly`` ends there, and torch accepts it).
    """
    if not lr >= 0.0:
        raise ValueError(
            f"learning rate {lr!r} passed to step() is out of range: allowed is lr >= 0 "
            "(a negative rate would climb the loss: gradient ascent)"
        )


def lerp_(start: np.ndarray, end: np.ndarray, weight: float) -> None:
    """``start += weight * (end - start)`` in place, computed as torch's ``lerp_`` does.

    torch switches formula at weight 0.5 so that weight 1 gives ``end`` exactly: with
    ``start + 1·(end − start)`` a large old value would swallow a small new one
    (``1e20 + (1 − 1e20)`` is 0, not 1). Adam's ``betas=(0, ·)`` and RMSprop's ``alpha=0``
    (centered) reach weight 1.
    """
    if abs(weight) < 0.5:
        start += weight * (end - start)
    else:
        np.subtract(end, (end - start) * (1.0 - weight), out=start)


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum, as torch.optim.SGD."""

    name = "sgd"
    summary = QT_TRANSLATE_NOOP("core", "stochastic gradient descent (torch.optim.SGD)")
    PARAMS = (
        Param("momentum", float, 0.0, QT_TRANSLATE_NOOP("core", "Momentum factor: how much of the previous step is "
                                                                "kept."), low=0.0),
        Param("dampening", float, 0.0, QT_TRANSLATE_NOOP("core", "Dampening for momentum: scales the new gradient by "
                                                                 "(1-dampening)."),
              low=0.0, high=1.0),
        Param("nesterov", bool, False, QT_TRANSLATE_NOOP("core", "Nesterov momentum: look ahead along the momentum "
                                                                 "before stepping.")),
        _WEIGHT_DECAY,
    )

    def __init__(self, **hyperparameters: Any) -> None:
        super().__init__(**hyperparameters)
        h = self.hyper
        if h["nesterov"] and (h["momentum"] <= 0 or h["dampening"] != 0):
            raise ValueError(
                f"nesterov=true in optimizer '{self.name}' needs momentum > 0 and dampening = 0 "
                f"(got momentum={h['momentum']}, dampening={h['dampening']})"
            )
        self._momentum = h["momentum"]
        self._dampening = h["dampening"]
        self._nesterov = h["nesterov"]
        self._wd = h["weight_decay"]

    def step(self, params, grads, lr):
        # the hot path of the default optimizer: no per-parameter dicts or method calls
        if not lr >= 0.0:  # also NaN; the message comes from check_step_rate
            check_step_rate(lr)
        if self.state is None:
            self.state = [None] * len(params)
        buffers, momentum, dampening, wd = self.state, self._momentum, self._dampening, self._wd
        for i, (p, g) in enumerate(zip(params, grads)):
            if wd:
                g = g + wd * p
            if momentum:
                buf = buffers[i]
                if buf is None:
                    buf = buffers[i] = g.copy()  # torch: the first buffer is the gradient itself
                else:
                    buf *= momentum
                    if dampening:
                        buf += (1.0 - dampening) * g
                    else:
                        buf += g
                g = g + momentum * buf if self._nesterov else buf
            p -= lr * g


class Adagrad(Optimizer):
    """Per-coordinate rates that shrink with the sum of squared gradients (torch.optim.Adagrad)."""

    name = "adagrad"
    summary = QT_TRANSLATE_NOOP("core", "AdaGrad (torch.optim.Adagrad): adapts a rate per coordinate")
    PARAMS = (
        Param("lr_decay", float, 0.0, QT_TRANSLATE_NOOP("core", "Built-in inverse-time decay: lr/(1+(t-1)*lr_decay)."),
              low=0.0),
        _WEIGHT_DECAY,
        Param("initial_accumulator_value", float, 0.0, QT_TRANSLATE_NOOP("core", "Starting value of the "
                                                                                 "squared-gradient sum."), low=0.0),
        Param("eps", float, 1e-10, QT_TRANSLATE_NOOP("core", "Added to the denominator for numerical stability."),
              low=0.0),
    )

    def _init_state(self, p):
        return {"step": 0, "sum": np.full_like(p, self.hyper["initial_accumulator_value"])}

    def _update(self, p, g, s, lr):
        h = self.hyper
        s["step"] += 1
        if h["weight_decay"]:
            g = g + h["weight_decay"] * p
        clr = lr / (1.0 + (s["step"] - 1) * h["lr_decay"])
        s["sum"] += g * g
        p -= clr * (g / (np.sqrt(s["sum"]) + h["eps"]))


class RMSprop(Optimizer):
    """Divides by a running RMS of the gradients (torch.optim.RMSprop)."""

    name = "rmsprop"
    summary = QT_TRANSLATE_NOOP("core", "RMSProp (torch.optim.RMSprop): divides by a running RMS of gradients")
    PARAMS = (
        Param("alpha", float, 0.99, QT_TRANSLATE_NOOP("core", "Smoothing constant of the squared-gradient average."),
              low=0.0, high=1.0),
        Param("eps", float, 1e-8, QT_TRANSLATE_NOOP("core", "Added to the denominator for numerical stability."),
              low=0.0),
        _WEIGHT_DECAY,
        Param("momentum", float, 0.0, QT_TRANSLATE_NOOP("core", "Momentum factor applied to the scaled step."),
              low=0.0),
        Param("centered", bool, False, QT_TRANSLATE_NOOP("core", "Divide by the estimated variance instead of the raw "
                                                                 "second moment.")),
    )

    def _init_state(self, p):
        s = {"square_avg": np.zeros_like(p)}
        if self.hyper["momentum"] > 0:
            s["momentum_buffer"] = np.zeros_like(p)
        if self.hyper["centered"]:
            s["grad_avg"] = np.zeros_like(p)
        return s

    def _update(self, p, g, s, lr):
        h = self.hyper
        alpha = h["alpha"]
        if h["weight_decay"]:
            g = g + h["weight_decay"] * p
        sq = s["square_avg"]
        sq *= alpha
        sq += (1.0 - alpha) * g * g
        if h["centered"]:
            ga = s["grad_avg"]
            lerp_(ga, g, 1.0 - alpha)
            # A variance is never negative; rounding can make sq − ga² a hair below 0 when the
            # gradients barely vary (alpha=0: exactly g² − g²), and its square root is NaN.
            # torch 2.13 computes it with a fused multiply-add, so there it comes out ±1e-18 and
            # gives NaN or a step of ~lr·g/1e-9 depending on the CPU; 0 is the exact value.
            avg = np.sqrt(np.maximum(sq - ga * ga, 0.0)) + h["eps"]
        else:
            avg = np.sqrt(sq) + h["eps"]
        if h["momentum"] > 0:
            buf = s["momentum_buffer"]
            buf *= h["momentum"]
            buf += g / avg
            p -= lr * buf
        else:
            p -= lr * (g / avg)


class Adam(Optimizer):
    """Momentum plus RMS scaling with bias correction (torch.optim.Adam)."""

    name = "adam"
    summary = QT_TRANSLATE_NOOP("core", "Adam (torch.optim.Adam): momentum + per-coordinate scaling")
    PARAMS = (
        Param("betas", "pair", (0.9, 0.999), QT_TRANSLATE_NOOP("core", "Decay rates of the first and second moment "
                                                                       "averages."),
              low=0.0, high=1.0, high_open=True),
        Param("eps", float, 1e-8, QT_TRANSLATE_NOOP("core", "Added to the denominator for numerical stability."),
              low=0.0),
        _WEIGHT_DECAY,
        Param("amsgrad", bool, False, QT_TRANSLATE_NOOP("core", "Use the maximum of past second moments (AMSGrad).")),
    )

    def _init_state(self, p):
        s = {"step": 0, "exp_avg": np.zeros_like(p), "exp_avg_sq": np.zeros_like(p)}
        if self.hyper["amsgrad"]:
            s["max_exp_avg_sq"] = np.zeros_like(p)
        return s

    def _update(self, p, g, s, lr):
        h = self.hyper
        beta1, beta2 = h["betas"]
        s["step"] += 1
        t = s["step"]
        if h["weight_decay"]:
            g = g + h["weight_decay"] * p
        m, v = s["exp_avg"], s["exp_avg_sq"]
        lerp_(m, g, 1.0 - beta1)
        v *= beta2
        v += (1.0 - beta2) * g * g
        step_size = lr / (1.0 - beta1**t)
        bc2_sqrt = math.sqrt(1.0 - beta2**t)
        if h["amsgrad"]:
            vmax = s["max_exp_avg_sq"]
            np.maximum(vmax, v, out=vmax)
            denom = np.sqrt(vmax) / bc2_sqrt + h["eps"]
        else:
            denom = np.sqrt(v) / bc2_sqrt + h["eps"]
        p -= step_size * (m / denom)


def _with_defaults(params: tuple[Param, ...], **defaults: Any) -> tuple[Param, ...]:
    return tuple(dataclasses.replace(p, default=defaults.get(p.name, p.default)) for p in params)


class Momentum(SGD):
    """SGD with momentum 0.9 by default: the optimizer for which decay matters most."""

    name = "momentum"
    summary = QT_TRANSLATE_NOOP("core", "SGD with momentum (momentum=0.9 by default)")
    PARAMS = _with_defaults(SGD.PARAMS, momentum=0.9)


class Nesterov(SGD):
    """SGD with Nesterov momentum 0.9 by default."""

    name = "nesterov"
    summary = QT_TRANSLATE_NOOP("core", "SGD with Nesterov momentum (momentum=0.9, nesterov=true by default)")
    PARAMS = _with_defaults(SGD.PARAMS, momentum=0.9, nesterov=True)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adam": Adam,
}


def make_optimizer(name: str, **hyperparameters: Any) -> Optimizer:
    """Build an optimizer by name; raises ``ValueError`` naming any bad value and its range."""
    return lookup(OPTIMIZERS, name, "optimizer")(**hyperparameters)


def parse_optimizer(spec: str) -> Optimizer:
    """Build an optimizer from spec text such as ``sgd:momentum=0.9,nesterov=true``."""
    return build_from_spec(spec, OPTIMIZERS, "optimizer")


def optimizer_help() -> str:
    """Text for ``--help``: every optimizer with its hyperparameters and defaults."""
    return registry_help(OPTIMIZERS)
