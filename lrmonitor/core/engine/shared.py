"""History columns in shared memory, and the header block that says how much of them is valid.

Why shared memory: the window trains in a worker process (a trainer thread in the GUI process
shares the GIL with drawing: next to a live plot it trained at about 0.2-0.5x its headless speed
and made GUI timers about 100 ms late). Sending every step to the window as a message would
cost as much again (one Qt ``Signal.emit`` per step cut throughput 3-4x), so the worker writes
each history column into a shared-memory block and the window maps the same block and reads it
in place, without copying, once per frame.

A column grows like :class:`~lrmonitor.core.run.history.GrowableArray`: when full, the worker
makes a block twice the size, copies, and tells the window the new block's name. It fills the
old block to its end first, so a window still mapping it reads valid values until it moves.

The :class:`Header` is one small block written only by the worker after each chunk of steps:
how many values of each column are valid, the run's state, where it diverged, the rate of the
next step, and a ring of chunk timings. Its writer stores what a slot describes before the slot
(column values before their counts, everything before the status) and its reader reads the
status before the rest, so the window never sees a state the data does not show yet: never
``DIVERGED`` without the step it diverged at. The stores are plain memory writes; they reach
the other process in the order made (x86-64 guarantees it; the counts have relied on it from
the start).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import weakref
from collections.abc import Callable, Mapping
from multiprocessing import shared_memory
from typing import ClassVar

import numpy as np

from ..run.history import EPOCH_COLUMNS, STEP_COLUMNS
from ..run.state import RunState

# Mappings closed while a numpy view of them was still alive (a plot may hold one): closing
# raises BufferError, and dropping the object would retry in its __del__ and warn. They stay
# mapped until the process exits; the worker has already removed their names.
_still_mapped: list[shared_memory.SharedMemory] = []

BLOCK_PREFIX = "lrmonitor_"  # then the creating process's id: /dev/shm/lrmonitor_<pid>_<random>


class Header:
    """The header block's named slots (float64 each), for the worker that writes and the window that reads.

    ``Header(data)`` wraps any float64 array of :attr:`SLOTS` values (tests use plain arrays);
    :meth:`create` and :meth:`attach` make or map the shared block.
    """

    COLUMNS = STEP_COLUMNS + EPOCH_COLUMNS  # slot i: how many values of column i are valid
    SLOTS = 96
    _COUNT: ClassVar[dict[str, int]] = {name: slot for slot, name in enumerate(COLUMNS)}
    _STATUS = len(COLUMNS)  # RunState.code
    _DIVERGED_AT = _STATUS + 1  # the step it diverged at, -1 while it has not
    _NEXT_LR = _STATUS + 2  # the rate the next step will use
    _RING_NEXT = _STATUS + 3  # how many chunk timings were ever written
    _RING_START, RING_SIZE = 32, 32  # (first step, when it was done) pairs of the last chunks

    def __init__(self, data: np.ndarray, shm: shared_memory.SharedMemory | None = None) -> None:
        self._data = data
        self._shm = shm

    @classmethod
    def create(cls) -> Header:
        """A new header block for a run that has made no step (the worker's side)."""
        shm, data = _create(cls.SLOTS)
        header = cls(data, shm)
        header.clear()
        return header

    @classmethod
    def attach(cls, block: str) -> Header:
        """Map the header block the worker created (the window's side)."""
        shm = shared_memory.SharedMemory(name=block)
        return cls(np.ndarray((cls.SLOTS,), dtype=np.float64, buffer=shm.buf), shm)

    @property
    def block(self) -> str:
        """The shared-memory name the window attaches to."""
        assert self._shm is not None
        return self._shm.name

    # -- the writer (the worker) ---------------------------------------------------------
    def clear(self) -> None:
        self._data[:] = 0.0
        self._data[self._DIVERGED_AT] = -1
        self._data[self._STATUS] = RunState.IDLE.code

    def publish(self, counts: Mapping[str, int], next_lr: float, status: RunState, diverged_at: int | None) -> None:
        """Make a chunk's results visible; the status last (see the module docstring for why)."""
        data = self._data
        data[self._DIVERGED_AT] = -1 if diverged_at is None else diverged_at
        data[self._NEXT_LR] = next_lr
        for name, count in counts.items():  # the values they count are written already
            data[self._COUNT[name]] = count
        data[self._STATUS] = status.code

    def record_chunk(self, first_step: int, done_at: float) -> None:
        """Note that step ``first_step`` (1-based, the chunk's first) was done at ``done_at``."""
        k = int(self._data[self._RING_NEXT])
        slot = self._RING_START + 2 * (k % self.RING_SIZE)
        self._data[slot], self._data[slot + 1] = first_step, done_at
        self._data[self._RING_NEXT] = k + 1

    # -- the reader (the window) ---------------------------------------------------------
    def count(self, column: str) -> int:
        return int(self._data[self._COUNT[column]])

    @property
    def next_lr(self) -> float:
        return float(self._data[self._NEXT_LR])

    def status_and_divergence(self) -> tuple[RunState, int | None]:
        """The run's state and the step it diverged at, read in that order.

        The writer stores the step before the status, so if the status read says
        ``DIVERGED`` the step read after it is there.
        """
        status = RunState.from_code(int(self._data[self._STATUS]))
        diverged_at = int(self._data[self._DIVERGED_AT])
        return status, (None if diverged_at < 0 else diverged_at)

    def chunk_timings(self) -> list[tuple[int, float]]:
        """(first step, when it was done) of the last chunks trained, oldest first.

        The time is the worker's ``time.perf_counter``; on Linux and macOS that is the same
        monotonic clock in every process, so the window (and benchmarks/) can tell how long
        a step took to be seen.
        """
        written = int(self._data[self._RING_NEXT])
        entries = []
        for k in range(max(0, written - self.RING_SIZE), written):
            slot = self._RING_START + 2 * (k % self.RING_SIZE)
            entries.append((int(self._data[slot]), float(self._data[slot + 1])))
        return entries

    # -- the end -------------------------------------------------------------------------
    def close(self) -> None:
        """Unmap (the window's side); reads afterwards see an empty run, never a closed buffer."""
        mapped, self._data = self._data, np.zeros(self.SLOTS)
        self.clear()
        if self._shm is not None:
            close_when_unused(mapped, self._shm)
            self._shm = None

    def unlink(self) -> None:
        """Remove the block's name: the worker died and cannot do it any more."""
        if self._shm is not None:
            with contextlib.suppress(FileNotFoundError):
                self._shm.unlink()

    def release(self) -> None:
        """Unmap and remove the block (the worker's side, when the run is replaced or it exits)."""
        self._data = np.zeros(self.SLOTS)
        self.clear()
        if self._shm is not None:
            _release(self._shm)
            self._shm = None


class SharedColumn:
    """Writer side: a float64 column with GrowableArray's interface, in shared memory."""

    def __init__(self, name: str, capacity: int, on_grow: Callable[[SharedColumn], None]) -> None:
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
        _release(old)

    def release(self) -> None:
        """Free the block (the reader's mapping stays valid until it closes it)."""
        self._data = np.empty(0)
        _release(self._shm)


class SharedColumnReader:
    """Reader side: the same column, mapped from its block; how much is valid comes from the header.

    A mapping is never closed under an array made from it: a block given up (the column grew,
    the run was dropped) stays mapped until the last view of it is gone (a record of the run
    may share its values: see :func:`~lrmonitor.core.run.history.history_prefix`).
    """

    def __init__(self, header: Header, name: str) -> None:
        self._header = header
        self._name = name
        self._shm: shared_memory.SharedMemory | None = None
        self._data = np.empty(0)

    def attach(self, block: str, capacity: int) -> None:
        """Map the block the writer now uses (after it grew); the old mapping goes once unused."""
        if self._shm is not None and self._shm.name == block:
            return
        shm = shared_memory.SharedMemory(name=block)
        self._give_up()
        self._shm = shm
        self._data = np.ndarray((capacity,), dtype=np.float64, buffer=shm.buf)

    def __len__(self) -> int:
        return min(self._header.count(self._name), len(self._data))

    def view(self, size: int | None = None) -> np.ndarray:
        n = len(self)
        return self._data[: n if size is None else min(size, n)]

    def unlink(self) -> None:
        """Remove the block's name (when the writer died and cannot do it any more)."""
        if self._shm is not None:
            with contextlib.suppress(FileNotFoundError):
                self._shm.unlink()

    def close(self) -> None:
        """Stop reading; the mapping is closed as soon as no view of it is alive."""
        self._give_up()

    def _give_up(self) -> None:
        if self._shm is not None:
            close_when_unused(self._data, self._shm)
        self._shm, self._data = None, np.empty(0)


def close_when_unused(data: np.ndarray, shm: shared_memory.SharedMemory) -> None:
    """Unmap ``shm`` once ``data`` (an array on it) and every view of it are gone.

    numpy releases the buffer it was made from at once, so closing the block under a live
    view succeeds and the next read through the view faults (a segfault, not an exception).
    Views keep ``data`` alive (it is their base); its finalizer closes the block.
    """
    weakref.finalize(data, _close, shm)


def block_prefix(pid: int) -> str:
    """How the names of the blocks process ``pid`` creates begin (to tell a leak from whose it is)."""
    return f"{BLOCK_PREFIX}{pid}_"


def remove_blocks_of(pid: int) -> int:
    """Remove the names of every block dead process ``pid`` left behind; how many there were.

    A worker that was killed cannot remove its blocks, and the window knows only those of the
    runs it was told about, not one the worker was still setting up. Where the names can be
    listed (Linux: /dev/shm) every block of the process goes; elsewhere the known ones only.
    """
    folder = "/dev/shm"
    if not os.path.isdir(folder):
        return 0
    removed = 0
    for name in os.listdir(folder):
        if name.startswith(block_prefix(pid)):
            with contextlib.suppress(FileNotFoundError):
                shm = shared_memory.SharedMemory(name=name)  # unlinking it this way also tells the tracker
                _release(shm)
                removed += 1
    return removed


def _create(capacity: int) -> tuple[shared_memory.SharedMemory, np.ndarray]:
    while True:  # a random name, as the standard library makes them, plus who made it
        name = f"{block_prefix(os.getpid())}{secrets.token_hex(4)}"
        try:
            shm = shared_memory.SharedMemory(name=name, create=True, size=capacity * 8)
        except FileExistsError:
            continue
        return shm, np.ndarray((capacity,), dtype=np.float64, buffer=shm.buf)


def _close(shm: shared_memory.SharedMemory) -> None:
    """Unmap, or keep the mapping for good if a numpy view of it is still alive."""
    try:
        shm.close()
    except BufferError:
        _still_mapped.append(shm)


def _release(shm: shared_memory.SharedMemory) -> None:
    """The writer is done with a block: unmap it (if no view holds it) and remove its name."""
    with contextlib.suppress(BufferError):
        shm.close()
    with contextlib.suppress(FileNotFoundError):
        shm.unlink()
