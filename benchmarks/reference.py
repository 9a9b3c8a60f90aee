"""Minimal hand-written numpy training loops: the yardstick for the trainer's speed.

Same data, model, mini-batching and optimizer (SGD with momentum 0.9, torch's rule) as
lrmonitor's trainer, and the same required work: each step's mini-batch loss (the curve)
and, at each epoch's end, the full training and validation loss (the markers). Nothing
else: no history, no events, no schedule, no divergence check, written inline.
Each returns the seconds its training loop took (set-up excluded, as for the trainer).
"""

from __future__ import annotations

import time

import numpy as np

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.trainer import Trainer


def _setup(problem: str):
    trainer = Trainer(RunConfig(problem=problem, epochs=None))  # the same generated data and start
    p = trainer.problem
    return p, [a.copy() for a in trainer.params], trainer.config


def linear(steps: int) -> float:
    problem, (theta,), config = _setup("linear")
    X, y, Xv, yv = problem.X_train, problem.y_train, problem.X_val, problem.y_val
    lr, batch, n = config.lr, config.batch_size, len(y)
    rng, buf, order = np.random.default_rng(0), None, None
    per_epoch = -(-n // batch)
    started = time.perf_counter()
    for step in range(steps):
        pos = step % per_epoch
        if pos == 0:
            order = rng.permutation(n)
        idx = order[pos * batch : (pos + 1) * batch]
        xb, yb = X[idx], y[idx]
        r = theta[0] * xb + theta[1] - yb
        _loss = float(np.dot(r, r)) / len(r)
        g = np.array([2.0 * float(np.dot(r, xb)) / len(r), 2.0 * float(r.sum()) / len(r)])
        buf = g.copy() if buf is None else buf * 0.9 + g
        theta -= lr * buf
        if pos == per_epoch - 1:
            for A, b in ((X, y), (Xv, yv)):
                r = theta[0] * A + theta[1] - b
                _epoch_loss = float(np.dot(r, r)) / len(r)
    return time.perf_counter() - started


def logistic(steps: int) -> float:
    problem, (w, b), config = _setup("logistic")
    X, y, Xv, yv = problem.X_train, problem.y_train, problem.X_val, problem.y_val
    lr, batch, n = config.lr, config.batch_size, len(y)
    rng, bw, bb, order = np.random.default_rng(0), None, None, None
    per_epoch = -(-n // batch)
    started = time.perf_counter()
    for step in range(steps):
        pos = step % per_epoch
        if pos == 0:
            order = rng.permutation(n)
        idx = order[pos * batch : (pos + 1) * batch]
        xb, yb = X[idx], y[idx]
        z = xb @ w + b[0]
        _loss = float(np.mean(np.logaddexp(0.0, z) - yb * z))
        d = (0.5 * (1.0 + np.tanh(0.5 * z)) - yb) / len(yb)
        gw, gb = xb.T @ d, np.array([d.sum()])
        bw = gw.copy() if bw is None else bw * 0.9 + gw
        bb = gb.copy() if bb is None else bb * 0.9 + gb
        w -= lr * bw
        b -= lr * bb
        if pos == per_epoch - 1:
            for A, t in ((X, y), (Xv, yv)):
                z = A @ w + b[0]
                _epoch_loss = float(np.mean(np.logaddexp(0.0, z) - t * z))
    return time.perf_counter() - started


def mlp(steps: int) -> float:
    problem, params, config = _setup("mlp")
    X, y, Xv, yv = problem.X_train, problem.y_train, problem.X_val, problem.y_val
    W1, b1, W2, b2, W3, b3 = params
    lr, batch, n = config.lr, config.batch_size, len(y)
    rng, bufs, order = np.random.default_rng(0), None, None
    per_epoch = -(-n // batch)
    started = time.perf_counter()
    for step in range(steps):
        pos = step % per_epoch
        if pos == 0:
            order = rng.permutation(n)
        idx = order[pos * batch : (pos + 1) * batch]
        xb, yb = X[idx], y[idx]
        h1 = np.tanh(xb @ W1 + b1)
        h2 = np.tanh(h1 @ W2 + b2)
        logits = h2 @ W3 + b3
        shifted = logits - logits.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        rows = np.arange(len(yb))
        _loss = float(-logp[rows, yb].mean())
        d3 = np.exp(logp)
        d3[rows, yb] -= 1.0
        d3 /= len(yb)
        d2 = (d3 @ W3.T) * (1.0 - h2 * h2)
        d1 = (d2 @ W2.T) * (1.0 - h1 * h1)
        grads = [xb.T @ d1, d1.sum(axis=0), h1.T @ d2, d2.sum(axis=0), h2.T @ d3, d3.sum(axis=0)]
        if bufs is None:
            bufs = [g.copy() for g in grads]
        else:
            for buf, g in zip(bufs, grads):
                buf *= 0.9
                buf += g
        for p, buf in zip((W1, b1, W2, b2, W3, b3), bufs):
            p -= lr * buf
        if pos == per_epoch - 1:
            for A, t in ((X, y), (Xv, yv)):
                z = np.tanh(np.tanh(A @ W1 + b1) @ W2 + b2) @ W3 + b3
                z = z - z.max(axis=1, keepdims=True)
                z = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
                _epoch_loss = float(-z[np.arange(len(t)), t].mean())
    return time.perf_counter() - started


LOOPS = {"linear": linear, "logistic": logistic, "mlp": mlp}
