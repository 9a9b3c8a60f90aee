"""What a user would otherwise write: the same training as a plain PyTorch CPU loop.

Same data, starting parameters, model, loss, batch size, optimizer (``torch.optim.SGD`` with
momentum 0.9 and the trainer's rate) and per-epoch evaluation of the full training and
validation loss as lrmonitor's trainer; each step's loss is taken with ``.item()`` (a user
records the curve). One thread (``torch.set_num_threads(1)``), as lrmonitor trains on one BLAS
thread; float64 (lrmonitor's precision) and float32 (torch's default). Written as the PyTorch
tutorials write it: ``nn.Linear`` layers, ``F.*`` losses, ``zero_grad``/``backward``/``step``,
evaluation under ``torch.no_grad()``. Shuffling by ``torch.randperm`` (another permutation than
the trainer's: the work per step is the same, the numbers are not compared).

torch is optional (the ``bench`` extra): :func:`available` says why not when it is missing.
"""

from __future__ import annotations

import time

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.trainer import Trainer


def available() -> str | None:
    """None if torch can be imported, else the reason to print in place of the rows."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return "torch not installed (pip install -e '.[bench]')"
    return None


def rate(problem: str, dtype_name: str, steps: int) -> float:
    """Steps per second of the PyTorch loop for ``problem`` in ``dtype_name`` ("float64"/"float32")."""
    import torch
    import torch.nn.functional as F  # noqa: N812 (the name every PyTorch tutorial uses)
    from torch import nn

    torch.set_num_threads(1)
    dtype = getattr(torch, dtype_name)
    config = RunConfig(problem=problem, epochs=None).validated()
    trainer = Trainer(config, checkpoints=False)
    p = trainer.problem
    params = [torch.tensor(a, dtype=dtype) for a in trainer.params]
    X, Xv = torch.tensor(p.X_train, dtype=dtype), torch.tensor(p.X_val, dtype=dtype)
    if problem == "linear":
        X, Xv = X[:, None], Xv[:, None]
        model = nn.Linear(1, 1).to(dtype)
        with torch.no_grad():
            model.weight.copy_(params[0][:1].reshape(1, 1))
            model.bias.copy_(params[0][1:])
        y, yv = torch.tensor(p.y_train, dtype=dtype)[:, None], torch.tensor(p.y_val, dtype=dtype)[:, None]
        loss_fn = F.mse_loss
    elif problem == "logistic":
        model = nn.Linear(2, 1).to(dtype)
        with torch.no_grad():
            model.weight.copy_(params[0][None, :])
            model.bias.copy_(params[1])
        y, yv = torch.tensor(p.y_train, dtype=dtype)[:, None], torch.tensor(p.y_val, dtype=dtype)[:, None]
        loss_fn = F.binary_cross_entropy_with_logits
    else:
        layers = [nn.Linear(a.shape[0], a.shape[1]).to(dtype) for a in params[0::2]]
        with torch.no_grad():
            for layer, W, b in zip(layers, params[0::2], params[1::2]):
                layer.weight.copy_(W.T)
                layer.bias.copy_(b)
        model = nn.Sequential(layers[0], nn.Tanh(), layers[1], nn.Tanh(), layers[2])
        y, yv = torch.tensor(p.y_train), torch.tensor(p.y_val)
        loss_fn = F.cross_entropy
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr, momentum=0.9)
    batch, n, per_epoch = config.batch_size, len(y), config.steps_per_epoch
    generator = torch.Generator().manual_seed(config.seed)
    losses, order = [], None
    started = time.perf_counter()
    for step in range(steps):
        pos = step % per_epoch
        if pos == 0:
            order = torch.randperm(n, generator=generator)
        idx = order[pos * batch : (pos + 1) * batch]
        loss = loss_fn(model(X[idx]), y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if pos == per_epoch - 1:
            with torch.no_grad():
                _train = loss_fn(model(X), y).item()
                _val = loss_fn(model(Xv), yv).item()
    return steps / (time.perf_counter() - started)
