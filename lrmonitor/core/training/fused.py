"""One call per training step: the problem's loss and gradient, then the optimizer's update.

:func:`stepper` gives the trainer a function ``step(batch, lr) -> loss`` that computes the
mini-batch loss and, if it is finite, updates the parameters; and ``sync()``, which makes
``params`` and the optimizer's state current (the trainer calls it before anything else reads
them: epoch ends, checkpoints, events, the end of a run).

For the linear and logistic problems with an SGD-family optimizer (the default optimizer), the
step is fused: scalar parameters (the linear w and b, the logistic bias) and their momentum stay
Python floats between steps, array ones are updated in place. The generic path spends
about half of this problem's step on numpy calls over 2-element arrays (building the gradient
array, ``buf *= m``, ``buf += g``, ``lr * g``, ``p -= ...``: ~0.4 µs each, the mini-batch
arithmetic itself is ~3 µs), which is why the linear trainer reached only 0.5-0.6 of a plain
numpy loop with Python floats (benchmarks/, row 1), the logistic one about 0.7-0.8. Every float
operation is the one numpy does element-wise, in the same order, so the numbers are the same bit
for bit (tests/core).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from .optimizers import SGD, Optimizer
from .problems import LinearRegression, LogisticRegression, Problem

Step = Callable[[np.ndarray, float], float]


def stepper(problem: Problem, params: Sequence[np.ndarray], optimizer: Optimizer) -> tuple[Step, Callable[[], None]]:
    """``(step, sync)`` for this problem, parameters and optimizer (see the module's docstring)."""
    own_step = getattr(optimizer.step, "__func__", None) is SGD.step  # SGD's rule, not a subclass's or a patched one
    own_grad = "loss_grad" not in vars(problem)  # the problem's own gradient, not one wrapped to watch each step
    if isinstance(optimizer, SGD) and own_step and own_grad:
        if isinstance(problem, LinearRegression):
            return _linear_sgd(problem, params, optimizer)
        if isinstance(problem, LogisticRegression):
            return _logistic_sgd(problem, params, optimizer)
    X, Y, loss_grad, update = problem.X_train, problem.y_train, problem.loss_grad, optimizer.step
    isfinite = math.isfinite

    def step(batch: np.ndarray, lr: float) -> float:
        loss, grads = loss_grad(params, X[batch], Y[batch])
        if isfinite(loss):  # a non-finite loss ends the run: no update from it
            update(params, grads, lr)
        return loss

    return step, _nothing


def _nothing() -> None:
    pass


def _linear_sgd(problem: LinearRegression, params: Sequence[np.ndarray], optimizer: SGD):
    """LinearRegression.loss_grad followed by SGD.step, on Python floats."""
    X, Y, dot, isfinite = problem.X_train, problem.y_train, np.dot, math.isfinite
    theta = params[0]
    momentum, dampening, nesterov, wd = optimizer._momentum, optimizer._dampening, optimizer._nesterov, optimizer._wd
    buf = None if optimizer.state is None else optimizer.state[0]
    w, b = theta.tolist()
    have = buf is not None  # a momentum buffer exists (after the first step with momentum)
    stepped = False
    vw, vb = buf.tolist() if have else (0.0, 0.0)

    def step(batch: np.ndarray, lr: float) -> float:
        nonlocal w, b, vw, vb, have, stepped
        x = X[batch]
        r = w * x + b - Y[batch]
        n = len(r)
        loss = float(dot(r, r)) / n
        if not isfinite(loss):
            return loss
        scale = 2.0 / n
        gw, gb = scale * float(dot(r, x)), scale * float(r.sum())
        if wd:
            gw, gb = gw + wd * w, gb + wd * b
        if momentum:
            if have:
                if dampening:
                    vw, vb = vw * momentum + (1.0 - dampening) * gw, vb * momentum + (1.0 - dampening) * gb
                else:
                    vw, vb = vw * momentum + gw, vb * momentum + gb
            else:
                vw, vb, have = gw, gb, True  # torch: the first buffer is the gradient itself
            if nesterov:
                gw, gb = gw + momentum * vw, gb + momentum * vb
            else:
                gw, gb = vw, vb
        w -= lr * gw
        b -= lr * gb
        stepped = True
        return loss

    def sync() -> None:
        theta[0], theta[1] = w, b
        if stepped and optimizer.state is None:  # as SGD.step: a state once it has stepped
            optimizer.state = [None] * len(params)
        if have:
            buffers = optimizer.state
            if buffers[0] is None:
                buffers[0] = np.array([vw, vb])
            else:
                buffers[0][0], buffers[0][1] = vw, vb

    return step, sync


def _logistic_sgd(problem: LogisticRegression, params: Sequence[np.ndarray], optimizer: SGD):
    """LogisticRegression.loss_grad followed by SGD.step: the weights in place, the bias a Python float."""
    X, Y, tanh, logaddexp, isfinite = problem.X_train, problem.y_train, np.tanh, np.logaddexp, math.isfinite
    subtract = np.subtract
    w, b_array = params
    momentum, dampening, nesterov, wd = optimizer._momentum, optimizer._dampening, optimizer._nesterov, optimizer._wd
    state = optimizer.state
    vw = None if state is None else state[0]  # the weights' momentum buffer: updated in place, as SGD.step does
    b = float(b_array[0])
    have_b = state is not None and state[1] is not None
    vb = float(state[1][0]) if have_b else 0.0
    stepped = False

    def step(batch: np.ndarray, lr: float) -> float:
        nonlocal vw, b, vb, have_b, stepped
        x, y = X[batch], Y[batch]
        z = x @ w + b
        loss = float(np.mean(logaddexp(0.0, z) - y * z))
        if not isfinite(loss):
            return loss
        d = 0.5 * (1.0 + tanh(0.5 * z))
        d -= y
        d /= len(y)
        gw, gb = x.T @ d, float(d.sum())
        if wd:
            gw, gb = gw + wd * w, gb + wd * b
        if momentum:
            if vw is None:
                vw = gw.copy()  # torch: the first buffer is the gradient itself
            else:
                vw *= momentum
                if dampening:
                    vw += (1.0 - dampening) * gw
                else:
                    vw += gw
            if have_b:
                vb = vb * momentum + ((1.0 - dampening) * gb if dampening else gb)
            else:
                vb, have_b = gb, True
            if nesterov:
                gw, gb = gw + momentum * vw, gb + momentum * vb
            else:
                gw, gb = vw, vb
        subtract(w, lr * gw, out=w)  # in place, as SGD.step's p -= lr * g
        b -= lr * gb
        stepped = True
        return loss

    def sync() -> None:
        b_array[0] = b
        if stepped and optimizer.state is None:  # as SGD.step: a state once it has stepped
            optimizer.state = [None] * len(params)
        if vw is not None:
            optimizer.state[0] = vw
        if have_b:
            if optimizer.state[1] is None:
                optimizer.state[1] = np.array([vb])
            else:
                optimizer.state[1][0] = vb

    return step, sync
