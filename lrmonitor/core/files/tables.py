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


def write_steps_csv(path: str | os.PathLike, history: History, smoothed: np.ndarray | None = None) -> None:
    """``step,epoch,lr,loss`` per update, plus a ``smoothed`` column when it is given."""
    steps, lr, loss = history.step_arrays()
    epochs = history.step_epochs(steps)
    columns = [steps.tolist(), epochs.tolist(), lr.tolist(), loss.tolist()]
    header = list(STEP_COLUMNS)
    if smoothed is not None:
        columns.append(smoothed[: len(steps)].tolist())
        header.append("smoothed")
    with atomic_writer(path) as out:
        out.write(",".join(header) + "\n")
        if smoothed is None:
            out.writelines(f"{s},{e},{r!r},{x!r}\n" for s, e, r, x in zip(*columns))
        else:
            out.writelines(f"{s},{e},{r!r},{x!r},{m!r}\n" for s, e, r, x, m in zip(*columns))


def write_epochs_csv(path: str | os.PathLike, history: History) -> None:
    epochs, lr, train, val = history.epoch_arrays()
    spe = history.steps_per_epoch
    with atomic_writer(path) as out:
        out.write(",".join(EPOCH_COLUMNS) + "\n")
        out.writelines(
            f"{e},{(e + 1) * spe},{r!r},{t!r},{v!r}\n"
            for e, r, t, v in zip(epochs.tolist(), lr.tolist(), train.tolist(), val.tolist())
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
