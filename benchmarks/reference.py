"""The fastest straightforward hand-written numpy loops: the yardstick for the trainer's speed.

Same data, starting parameters, shuffling, mini-batching and optimizer (SGD with momentum 0.9,
torch's rule) as lrmonitor's trainer, and the same required work: each step's mini-batch loss
recorded (the curve) and, at each epoch's end, the full training and validation loss (the
markers). Nothing else: no history columns, events, schedule or divergence check.

"Fastest straightforward" means what a careful numpy programmer writes inline: Python floats
for scalar parameters (the linear problem's w and b, the logistic bias) and their momentum,
in-place operations on fresh mini-batch arrays instead of chains of temporaries, row indices
made once. Each loop does the trainer's arithmetic in the trainer's order, so it ends with the
same numbers bit for bit: :func:`check` makes the benchmark prove it did the same work
(a faster loop that computed something else would not be a fair yardstick).

Each loop returns ``(seconds, CPU seconds, last validation loss)``; the seconds cover the training
loop only (set-up excluded, as for the trainer).
"""

from __future__ import annotations

import time

import numpy as np

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.trainer import Trainer

MOMENTUM = 0.9


def _setup(problem: str):
    """The trainer's own data, starting parameters, rate and shuffling generator."""
    config = RunConfig(problem=problem, epochs=None).validated()
    trainer = Trainer(config, checkpoints=False)  # the same generated data and start
    shuffle_seed = np.random.SeedSequence(config.seed).spawn(3)[2]  # as Trainer.__init__ spawns it
    p = trainer.problem
    per_epoch = config.steps_per_epoch
    return p, [a.copy() for a in trainer.params], config, np.random.default_rng(shuffle_seed), per_epoch


def linear(steps: int) -> tuple[float, float, float]:
    problem, (theta,), config, rng, per_epoch = _setup("linear")
    X, y, Xv, yv = problem.X_train, problem.y_train, problem.X_val, problem.y_val
    lr, batch, n, dot = config.lr, config.batch_size, len(y), np.dot
    w, b = theta.tolist()
    vw = vb = 0.0  # momentum buffers; 0*0.9 + g is g, as torch's first buffer
    order, losses, val = None, [], float("nan")
    started, cpu = time.perf_counter(), time.process_time()
    for step in range(steps):
        pos = step % per_epoch
        if pos == 0:
            order = rng.permutation(n)
        idx = order[pos * batch : (pos + 1) * batch]
        xb = X[idx]
        r = xb * w
        r += b
        r -= y[idx]
        m = len(r)
        losses.append(float(dot(r, r)) / m)
        scale = 2.0 / m
        vw = vw * MOMENTUM + scale * float(dot(r, xb))
        vb = vb * MOMENTUM + scale * float(r.sum())
        w -= lr * vw
        b -= lr * vb
        if pos == per_epoch - 1:
            for A, t in ((X, y), (Xv, yv)):
                r = A * w
                r += b
                r -= t
                val = float(dot(r, r)) / len(r)
    return time.perf_counter() - started, time.process_time() - cpu, val


def logistic(steps: int) -> tuple[float, float, float]:
    problem, (w, b_array), config, rng, per_epoch = _setup("logistic")
    X, y, Xv, yv = problem.X_train, problem.y_train, problem.X_val, problem.y_val
    lr, batch, n = config.lr, config.batch_size, len(y)
    b, vw, vb = float(b_array[0]), np.zeros_like(w), 0.0
    logaddexp, tanh = np.logaddexp, np.tanh
    order, losses, val = None, [], float("nan")
    started, cpu = time.perf_counter(), time.process_time()
    for step in range(steps):
        pos = step % per_epoch
        if pos == 0:
            order = rng.permutation(n)
        idx = order[pos * batch : (pos + 1) * batch]
        xb, yb = X[idx], y[idx]
        m = len(yb)
        z = xb @ w
        z += b
        losses.append(float(np.mean(logaddexp(0.0, z) - yb * z)))
        d = z * 0.5  # the sigmoid as the trainer computes it: 0.5 * (1 + tanh(z / 2))
        tanh(d, out=d)
        d += 1.0
        d *= 0.5
        d -= yb
        d /= m
        vw *= MOMENTUM
        vw += xb.T @ d
        vb = vb * MOMENTUM + float(d.sum())
        w -= lr * vw
        b -= lr * vb
        if pos == per_epoch - 1:
            for A, t in ((X, y), (Xv, yv)):
                z = A @ w
                z += b
                val = float(np.mean(logaddexp(0.0, z) - t * z))
    return time.perf_counter() - started, time.process_time() - cpu, val


def mlp(steps: int) -> tuple[float, float, float]:
    problem, params, config, rng, per_epoch = _setup("mlp")
    X, y, Xv, yv = problem.X_train, problem.y_train, problem.X_val, problem.y_val
    W1, b1, W2, b2, W3, b3 = params
    lr, batch, n = config.lr, config.batch_size, len(y)
    bufs = [np.zeros_like(p) for p in params]
    pairs = list(zip(params, bufs))
    tanh, exp, log = np.tanh, np.exp, np.log
    rows = {m: np.arange(m) for m in {batch, n - (per_epoch - 1) * batch}}  # full and last batch
    order, losses, val = None, [], float("nan")
    started, cpu = time.perf_counter(), time.process_time()
    for step in range(steps):
        pos = step % per_epoch
        if pos == 0:
            order = rng.permutation(n)
        idx = order[pos * batch : (pos + 1) * batch]
        xb, yb = X[idx], y[idx]
        m = len(yb)
        h1 = xb @ W1
        h1 += b1
        tanh(h1, out=h1)
        h2 = h1 @ W2
        h2 += b2
        tanh(h2, out=h2)
        logp = h2 @ W3
        logp += b3
        logp -= logp.max(axis=1, keepdims=True)
        s = exp(logp).sum(axis=1, keepdims=True)
        log(s, out=s)
        logp -= s
        r = rows[m]
        losses.append(float(-logp[r, yb].mean()))
        d3 = exp(logp)
        d3[r, yb] -= 1.0
        d3 /= m
        d2 = d3 @ W3.T
        d2 *= 1.0 - h2 * h2
        d1 = d2 @ W2.T
        d1 *= 1.0 - h1 * h1
        grads = (xb.T @ d1, d1.sum(axis=0), h1.T @ d2, d2.sum(axis=0), h2.T @ d3, d3.sum(axis=0))
        for (p, buf), g in zip(pairs, grads):
            buf *= MOMENTUM
            buf += g
            p -= lr * buf
        if pos == per_epoch - 1:
            for A, t in ((X, y), (Xv, yv)):
                z = np.tanh(np.tanh(A @ W1 + b1) @ W2 + b2) @ W3 + b3
                z = z - z.max(axis=1, keepdims=True)
                z = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
                val = float(-z[np.arange(len(t)), t].mean())
    return time.perf_counter() - started, time.process_time() - cpu, val


LOOPS = {"linear": linear, "logistic": logistic, "mlp": mlp}


def check(problem: str, steps: int, trainer: Trainer, reference_val: float) -> str:
    """Whether the reference loop computed the trainer's numbers: "same", or how they differ.

    Compares the last epoch's validation loss (so ``steps`` should end on an epoch).
    """
    if steps < trainer.steps_per_epoch:
        return "no epoch to compare"
    mine = float(trainer.history.val_loss.view()[-1])
    if mine == reference_val:
        return "same"
    return f"differs: trainer {mine!r}, reference {reference_val!r}"
