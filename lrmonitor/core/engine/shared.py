"""History columns in shared memory: a worker process appends, the window reads in place.

A trainer thread inside the GUI process halves training speed through the GIL and makes the
GUI late (engineering notes §3), so the window trains in a worker process instead. The worker
writes each column into a shared-memory block; the window maps the same block and reads it
without copying. A column grows like a :class:`~lrmonitor.core.history.GrowableArray`: when
full, the worker makes a block twice the size, copies, and tells the window the new name.

How many values are valid is published in a small shared *header* block after each chunk of
steps, so the reader never sees a value that is not written yet.
"""

from __future__ import annotations

import contextlib
from multiprocessing import shared_memory
from typing import Callable

import numpy as np

HEADER_SLOTS = 96  # float64 slots: counts per column, run-wide values, a ring of chunk timings
_STILL_MAPPED: list[shared_memory.SharedMemory] = []  # mappings a live view kept open


class SharedColumn:
    """Writer side: a float64 column with GrowableArray's interface, in shared memory."""

    def __init__(self, name: str, capacity: int, on_grow: Callable[["SharedColumn"], None]) -> None:
        self.name = name
        self._on_grow = on_grow
        self._shm, self._data = _create(max(capacity, 64))
        self._size = 0

    @property
    def block(self) -> str:
        return self._shm.name

    @property
    def capacity(self) -> int:
        return len(self._data)

    def __len__(self) -> int:
        return self._size

    def append(self, value: float) -> None:
        if self._size == len(self._data):
            self._grow(self._size + 1)
        self._data[self._size] = value
        self._size += 1

    def extend(self, values: np.ndarray) -> None:
        end = self._size + len(values)
        capacity = len(self._data)
        if end > capacity:
            # fill the old block first: a reader still mapping it may read up to its end
            fit = capacity - self._size
            self._data[self._size :] = values[:fit]
            self._size = capacity
            values = values[fit:]
            self._grow(end)
        self._data[self._size : end] = values
        self._size = end

    def view(self, size: int | None = None) -> np.ndarray:
        return self._data[: self._size if size is None else size]

    def _grow(self, needed: int) -> None:
        shm, data = _create(max(needed, 2 * len(self._data)))
        data[: self._size] = self._data[: self._size]
        old = self._shm
        self._shm, self._data = shm, data
        self._on_grow(self)
        _release(old, unlink=True)

    def release(self) -> None:
        """Free the block (the reader's mapping stays valid until it closes it)."""
        self._data = np.empty(0)
        _release(self._shm, unlink=True)


class SharedColumnReader:
    """Reader side: the same column, mapped from its block; ``len`` comes from the header."""

    def __init__(self, header: np.ndarray, slot: int) -> None:
        self._header = header
        self._slot = slot
        self._shm: shared_memory.SharedMemory | None = None
        self._data = np.empty(0)
        self._retired: list[shared_memory.SharedMemory] = []

    def attach(self, block: str, capacity: int) -> None:
        """Map the block the writer now uses (after it grew); the old mapping is closed."""
        if self._shm is not None and self._shm.name == block:
            return
        shm = shared_memory.SharedMemory(name=block)
        if self._shm is not None:
            self._retired.append(self._shm)
        self._shm = shm
        self._data = np.ndarray((capacity,), dtype=np.float64, buffer=shm.buf)
        self.close_retired()

    def __len__(self) -> int:
        return min(int(self._header[self._slot]), len(self._data))

    def view(self, size: int | None = None) -> np.ndarray:
        n = len(self)
        return self._data[: n if size is None else min(size, n)]

    def close_retired(self) -> None:
        """Close old mappings nobody looks at any more (a view still in use keeps one open)."""
        still = []
        for shm in self._retired:
            try:
                shm.close()
            except BufferError:
                still.append(shm)
        self._retired = still

    def unlink(self) -> None:
        """Remove the block's name (when the writer died and cannot do it any more)."""
        if self._shm is not None:
            with contextlib.suppress(FileNotFoundError):
                self._shm.unlink()

    def close(self) -> None:
        """Unmap everything; a mapping still in use is kept alive (never closed under a view)."""
        self._data = np.empty(0)
        self._header = np.zeros(HEADER_SLOTS)
        if self._shm is not None:
            self._retired.append(self._shm)
            self._shm = None
        self.close_retired()
        _STILL_MAPPED.extend(self._retired)
        self._retired = []


def create_header() -> tuple[shared_memory.SharedMemory, np.ndarray]:
    shm, data = _create(HEADER_SLOTS)
    data[:] = 0.0
    return shm, data


def attach_header(block: str) -> tuple[shared_memory.SharedMemory, np.ndarray]:
    shm = shared_memory.SharedMemory(name=block)
    return shm, np.ndarray((HEADER_SLOTS,), dtype=np.float64, buffer=shm.buf)


def _create(capacity: int) -> tuple[shared_memory.SharedMemory, np.ndarray]:
    shm = shared_memory.SharedMemory(create=True, size=capacity * 8)
    return shm, np.ndarray((capacity,), dtype=np.float64, buffer=shm.buf)


def _release(shm: shared_memory.SharedMemory, unlink: bool) -> None:
    with contextlib.suppress(BufferError):
        shm.close()
    if unlink:
        with contextlib.suppress(FileNotFoundError):
            shm.unlink()
