"""CSV tables of a run: per step, per epoch and the event log.

Floats are written with Python's shortest round-trip repr, so reading a file back gives the
exact same float64 values, and replaying a run writes the same bytes. ``nan``/``inf`` mark a
diverged step. Spreadsheet tools and ``pandas.read_csv`` read these files as they are.
"""

from __future__ import annotations

import os

import numpy as np

from ..run.history import History
from .atomic import atomic_writer

STEP_COLUMNS = ("step", "epoch", "lr", "loss")
EPOCH_COLUMNS = ("epoch", "step", "lr", "train_loss", "val_loss")
EVENT_COLUMNS = ("step", "epoch", "kind", "action")  # epoch: the x position, step / steps per epoch


BLOCK = 1 << 16  # rows formatted at a time: memory stays bounded (a few MB) however long the run


def write_steps_csv(path: str | os.PathLike, history: History, smoothed: np.ndarray | None = None) -> None:
    """``step,epoch,lr,loss`` per update, plus a ``smoothed`` column when it is given.

    Rows are formatted and written a block at a time, so writing a run of 10^7 steps costs a few
    MB beyond the run's own columns (converting whole columns to Python lists cost 1.9 GB)."""
    lr, loss = history.step_values()
    n = len(lr)
    header = list(STEP_COLUMNS)
    if smoothed is not None:
        header.append("smoothed")
    spe = history.steps_per_epoch
    with atomic_writer(path) as out:
        out.write(",".join(header) + "\n")
        for start in range(0, n, BLOCK):
            end = min(start + BLOCK, n)
            steps = range(start + 1, end + 1)
            rates, losses = lr[start:end].tolist(), loss[start:end].tolist()
            if smoothed is None:
                out.writelines(f"{s},{(s - 1) // spe},{r!r},{x!r}\n" for s, r, x in zip(steps, rates, losses))
            else:
                means = smoothed[start:end].tolist()
                out.writelines(f"{s},{(s - 1) // spe},{r!r},{x!r},{m!r}\n"
                               for s, r, x, m in zip(steps, rates, losses, means))


def write_epochs_csv(path: str | os.PathLike, history: History) -> None:
    """``epoch,step,lr,train_loss,val_loss`` per completed epoch, written a block at a time."""
    _, lr, train, val = history.epoch_arrays()
    spe = history.steps_per_epoch
    with atomic_writer(path) as out:
        out.write(",".join(EPOCH_COLUMNS) + "\n")
        for start in range(0, len(lr), BLOCK):
            end = min(start + BLOCK, len(lr))
            out.writelines(
                f"{e},{(e + 1) * spe},{r!r},{t!r},{v!r}\n"
                for e, r, t, v in zip(range(start, end), lr[start:end].tolist(), train[start:end].tolist(),
                                      val[start:end].tolist())
            )


def write_events_csv(path: str | os.PathLike, history: History) -> None:
    spe = history.steps_per_epoch
    with atomic_writer(path) as out:
        out.write(",".join(EVENT_COLUMNS) + "\n")
        for stamped in history.events:
            action = stamped.event.action().replace('"', '""')
            out.write(f'{stamped.step},{stamped.step / spe!r},{stamped.event.kind},"{action}"\n')
        if history.diverged_at is not None:
            step = history.diverged_at
            out.write(f'{step},{step / spe!r},diverged,""\n')
