"""Everything a run produced, in growable numpy arrays (no Python object per step).

The trainer appends; readers on other threads take a consistent prefix with
:meth:`History.step_arrays`. Every step is kept: decimation, if any, is for drawing only.
"""

from __future__ import annotations

import numpy as np

from .events import Stamped


class GrowableArray:
    """A float64 array with amortised O(1) append; ``view()`` is the filled prefix."""

    def __init__(self, capacity: int = 1024, dtype=np.float64) -> None:
        self._data = np.empty(capacity, dtype=dtype)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def append(self, value: float) -> None:
        if self._size == len(self._data):
            grown = np.empty(2 * len(self._data), dtype=self._data.dtype)
            grown[: self._size] = self._data[: self._size]
            self._data = grown
        self._data[self._size] = value
        self._size += 1

    def extend(self, values: np.ndarray) -> None:
        """Append many values at once."""
        end = self._size + len(values)
        if end > len(self._data):
            grown = np.empty(max(end, 2 * len(self._data)), dtype=self._data.dtype)
            grown[: self._size] = self._data[: self._size]
            self._data = grown
        self._data[self._size : end] = values
        self._size = end

    def view(self, size: int | None = None) -> np.ndarray:
        """The first ``size`` values (all by default) without copying."""
        data = self._data  # read the buffer before the size: a later grow copies the prefix
        return data[: self._size if size is None else size]


class FixedArray:
    """A column that no longer grows: a fixed, read-only array.

    Often a view into another column's buffer: a prefix of a column that only grows by
    appending never changes, so a record of a run so far can share the values instead of
    copying them (a 10^7-step run holds 160 MB of them).
    """

    def __init__(self, values: np.ndarray) -> None:
        self._values = values.view()
        self._values.setflags(write=False)

    def __len__(self) -> int:
        return len(self._values)

    def view(self, size: int | None = None) -> np.ndarray:
        return self._values if size is None else self._values[:size]


# History's columns by name: a worker process shares each one under this name.
STEP_COLUMNS = ("loss", "lr")
EPOCH_COLUMNS = ("epoch_lr", "train_loss", "val_loss")


class History:
    """Per-step rate and mini-batch loss, per-epoch losses, and the stamped event log.

    ``column(name, capacity)`` makes each column; by default a :class:`GrowableArray` in this
    process, or a shared-memory column when a worker process trains and the window reads.
    """

    def __init__(self, steps_per_epoch: int, column=None) -> None:
        column = column or (lambda name, capacity: GrowableArray(capacity))
        self.steps_per_epoch = steps_per_epoch
        self.loss = column("loss", 1024)
        self.lr = column("lr", 1024)
        self.epoch_lr = column("epoch_lr", 64)
        self.train_loss = column("train_loss", 64)
        self.val_loss = column("val_loss", 64)
        self.events: list[Stamped] = []
        self.diverged_at: int | None = None

    @property
    def steps(self) -> int:
        return len(self.loss)

    @property
    def epochs(self) -> int:
        """Completed epochs (epochs with a training and validation loss)."""
        return len(self.val_loss)

    def step_values(self) -> tuple[np.ndarray, np.ndarray]:
        """(lr, loss) of the steps recorded so far: views, no copy (safe to call every frame)."""
        n = min(len(self.loss), len(self.lr))
        return self.lr.view(n), self.loss.view(n)

    def step_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(step numbers 1..n, lr, loss) for the steps recorded so far."""
        lr, loss = self.step_values()
        return np.arange(1, len(lr) + 1), lr, loss

    def step_epochs(self, steps: np.ndarray) -> np.ndarray:
        """The 0-based epoch each (1-based) step belongs to."""
        return (steps - 1) // self.steps_per_epoch

    def epoch_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(epoch 0..m-1, lr of the epoch's last step, train loss, val loss)."""
        m = len(self.val_loss)
        return np.arange(m), self.epoch_lr.view(m), self.train_loss.view(m), self.val_loss.view(m)


def history_prefix(history: History, steps: int, epochs: int) -> History:
    """``history``'s first ``steps`` steps and ``epochs`` epochs, sharing its values (no copy).

    Only for a history that grows by appending alone (a trainer's, or a worker's shared one):
    the prefix then never changes. Its columns are :class:`FixedArray`; events are those
    applied by ``steps``.
    """
    size = dict.fromkeys(STEP_COLUMNS, steps) | dict.fromkeys(EPOCH_COLUMNS, epochs)
    for name, n in size.items():
        if len(getattr(history, name)) < n:
            raise ValueError(f"the history holds {len(getattr(history, name))} values of {name}, not {n}")
    prefix = History(history.steps_per_epoch, column=lambda name, capacity: FixedArray(
        getattr(history, name).view(size[name])))
    prefix.events = [s for s in history.events if s.step <= steps]
    diverged = history.diverged_at
    prefix.diverged_at = diverged if diverged is not None and diverged <= steps else None
    return prefix


def is_fixed(history: History) -> bool:
    """Whether no column of ``history`` can change any more (it needs no snapshot)."""
    return all(isinstance(getattr(history, name), FixedArray) for name in (*STEP_COLUMNS, *EPOCH_COLUMNS))
