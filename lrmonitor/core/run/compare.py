"""Numbers that compare runs, from their histories only: where each ended and how much it wandered.

The lesson is "a fixed rate wanders in a band above the minimum, a decayed rate settles lower",
so per run: the final training and validation loss, the best validation loss and its epoch, the
mean validation loss over the last 10 epochs (the level, less noisy than the last value), and the
band: the standard deviation of the per-step mini-batch loss over the last 10 epochs. A fork is
also compared with its parent in percent, each number recomputed for the parent over the fork's
own epochs, so a parent that was continued further does not shift the window.

Only completed epochs count (a paused run's partial epoch is left out), and the numbers come
from the history alone, so they can be computed for a run loaded from a file as well as a live
one. Writing the table is the caller's job (``rows_csv`` returns the text): ``run/`` must not
import the file layer, whose atomic writers the command line uses.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .events import Event
from .history import History
from .tree import RunRecord, RunTree, describe_action

WINDOW = 10  # epochs in the final window

METRICS = ("final_train_loss", "final_val_loss", "best_val_loss", "last10_val_mean", "band_std")
CHANGES = tuple(f"{name}_change_pct" for name in METRICS)
COLUMNS = ("run", "parent", "fork_epoch", "action", *METRICS[:3], "best_val_epoch", *METRICS[3:], *CHANGES)


@dataclass(frozen=True)
class Metrics:
    """One run's numbers over its first ``epochs`` completed epochs (nan where there is no value)."""

    epochs: int
    final_train_loss: float
    final_val_loss: float
    best_val_loss: float
    best_val_epoch: int | None
    last10_val_mean: float
    band_std: float


def metrics(history: History, epochs: int | None = None) -> Metrics:
    """The numbers of ``history`` over its first ``epochs`` completed epochs (default: all).

    The window is the last 10 of them (all if fewer). The best validation loss is the smallest
    finite one (its first epoch on ties); a diverged run's nan/inf make the other numbers nan/inf,
    which is what happened.
    """
    done = history.epochs if epochs is None else min(epochs, history.epochs)
    _, _, train, val = history.epoch_arrays()
    train, val = train[:done], val[:done]
    if done == 0:
        return Metrics(0, math.nan, math.nan, math.nan, None, math.nan, math.nan)
    window = min(WINDOW, done)
    spe = history.steps_per_epoch
    loss = history.loss.view()[(done - window) * spe : done * spe]
    finite = np.isfinite(val)
    best = int(np.argmin(np.where(finite, val, np.inf))) if finite.any() else None
    with np.errstate(all="ignore"):  # nan/inf in a diverged run's window give nan/inf, which is what happened
        mean, band = float(np.mean(val[-window:])), _std(loss)
    return Metrics(
        epochs=done,
        final_train_loss=float(train[-1]),
        final_val_loss=float(val[-1]),
        best_val_loss=math.nan if best is None else float(val[best]),
        best_val_epoch=best,
        last10_val_mean=mean,
        band_std=band,
    )


def _std(values: np.ndarray) -> float:
    """Population standard deviation; huge finite losses (a run about to diverge reaches 1e290) are
    scaled first, because squaring them would overflow to inf although the spread is finite."""
    top = float(np.max(np.abs(values))) if len(values) else math.nan
    if math.isfinite(top) and top > 1e150:
        return top * float(np.std(values / top))
    return float(np.std(values))


def change_pct(value: float, base: float) -> float | None:
    """(value - base) / base in percent; None when either is not finite or base is 0."""
    if not (math.isfinite(value) and math.isfinite(base)) or base == 0:
        return None
    return 100.0 * (value - base) / base


@dataclass(frozen=True)
class Compared:
    """A run to compare: its name and history and, for a fork, its parent's name, fork step and action."""

    name: str
    history: History
    parent: str | None = None
    fork_step: int | None = None
    action: Event | None = None


@dataclass(frozen=True)
class CompareRow:
    """One row of the comparison table; the ``*_change_pct`` are against the parent (None for a first run)."""

    run: str
    parent: str | None
    fork_epoch: int | float | None
    action: str | None
    label: str | None
    final_train_loss: float
    final_val_loss: float
    best_val_loss: float
    best_val_epoch: int | None
    last10_val_mean: float
    band_std: float
    final_train_loss_change_pct: float | None = None
    final_val_loss_change_pct: float | None = None
    best_val_loss_change_pct: float | None = None
    last10_val_mean_change_pct: float | None = None
    band_std_change_pct: float | None = None


def compare(runs: Sequence[Compared]) -> list[CompareRow]:
    """A row per run, in the order given; a fork's parent must be among ``runs`` (by name)."""
    by_name = {run.name: run for run in runs}
    if len(by_name) != len(runs):
        raise ValueError("two runs share a name: allowed are distinct names")
    rows = []
    for run in runs:
        own = metrics(run.history)
        values = {name: getattr(own, name) for name in (*METRICS, "best_val_epoch")}
        fork_epoch = label = action = None
        if run.parent is not None:
            if run.parent not in by_name:
                raise ValueError(
                    f"run {run.name!r} names the parent {run.parent!r}: allowed are {', '.join(map(repr, by_name))}"
                )
            base = metrics(by_name[run.parent].history, own.epochs)
            if base.epochs == own.epochs:  # the parent reaches the fork's final window
                values.update({f"{n}_change_pct": change_pct(getattr(own, n), getattr(base, n)) for n in METRICS})
            if run.fork_step is not None:
                spe = run.history.steps_per_epoch
                whole, part = divmod(run.fork_step, spe)
                fork_epoch = whole if part == 0 else run.fork_step / spe
                if run.action is not None:
                    action, label = run.action.action(), describe_action(run.action, run.fork_step, spe)
        rows.append(CompareRow(run.name, run.parent, fork_epoch, action, label, **values))
    return rows


def compare_tree(tree: RunTree) -> list[CompareRow]:
    """:func:`compare` of every run in ``tree`` by its name (each node's ``run`` has a history)."""
    names = {node.id: node.name for node in tree}
    return compare([
        Compared(node.name, RunRecord.of(node.run).history,
                 None if node.parent is None else names[node.parent], node.fork_step, node.action)
        for node in tree
    ])


def rows_csv(rows: Iterable[CompareRow]) -> str:
    """The table as CSV text (:data:`COLUMNS`): floats in shortest round-trip form, empty for none."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(getattr(row, name)) for name in COLUMNS])
    return out.getvalue()


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


# -- for people -------------------------------------------------------------------------------
def _best(row: CompareRow) -> str:
    return f"{_num(row.best_val_loss)} ({'-' if row.best_val_epoch is None else row.best_val_epoch})"


_TABLE = (  # header, how to show a row
    ("run", lambda r: r.run),
    ("fork of", lambda r: "" if r.parent is None else f"{r.parent} @ epoch {r.fork_epoch}"),
    ("action", lambda r: r.label or ""),
    ("final train", lambda r: _num(r.final_train_loss)),
    ("final val", lambda r: _num(r.final_val_loss)),
    ("best val (epoch)", _best),
    (f"val, last {WINDOW}", lambda r: _num(r.last10_val_mean)),
    ("band std", lambda r: _num(r.band_std)),
    (f"Δ val, last {WINDOW}", lambda r: _signed(r.last10_val_mean_change_pct)),
    ("Δ band", lambda r: _signed(r.band_std_change_pct)),
)
_NUMERIC = {name for name, _ in _TABLE[3:]}


def format_table(rows: Sequence[CompareRow]) -> str:
    """An aligned text table (numbers right-aligned), then one sentence per fork saying what changed."""
    cells = [[name for name, _ in _TABLE], *([show(row) for _, show in _TABLE] for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(_TABLE))]
    lines = []
    for line in cells:
        parts = [c.rjust(w) if name in _NUMERIC else c.ljust(w) for (name, _), c, w in zip(_TABLE, line, widths)]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    sentences = [verdict(row) for row in rows if row.parent is not None]
    return "\n".join(lines + ([""] if sentences else []) + sentences) + "\n"


def verdict(row: CompareRow) -> str:
    """'fork-1: decay ×0.5 at epoch 40 lowered the validation loss by 58 % and narrowed the band by 80 % ...'."""
    label = row.label or row.action or "the fork"
    what = label if label == row.run else f"{row.run}: {label}"
    val, band = row.last10_val_mean_change_pct, row.band_std_change_pct
    if val is None or band is None:
        return f"{what} cannot be compared with {row.parent} (a loss is not finite, or {row.parent} is shorter)"
    return (
        f"{what} {'lowered' if val <= 0 else 'raised'} the validation loss by {_pct(val)} "
        f"and {'narrowed' if band <= 0 else 'widened'} the band by {_pct(band)} "
        f"(last {WINDOW} epochs, against {row.parent})"
    )


def _num(value: float) -> str:
    return f"{value:.4g}"


def _pct(value: float) -> str:
    return f"{abs(value):.0f} %" if abs(value) >= 10 else f"{abs(value):.1f} %"


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.0f} %" if abs(value) >= 10 else f"{value:+.1f} %"

