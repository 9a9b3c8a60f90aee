"""The shared-memory header: named slots, chunk timings, and a status never ahead of its data."""

import time
from itertools import combinations_with_replacement

import numpy as np

from lrmonitor.core.engine import ProcessEngine
from lrmonitor.core.engine.shared import Header
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.state import RunState


class RecordingArray(np.ndarray):
    """A header array that keeps a copy of itself after every single store."""

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.snapshots.append(np.array(self))


class ChangingArray:
    """What a reader in another process may see: the n-th read finds the header as it was after ``times[n]`` stores."""

    def __init__(self, snapshots, times):
        self.snapshots, self.times, self.reads = snapshots, list(times), 0

    def __getitem__(self, key):
        moment = self.times[min(self.reads, len(self.times) - 1)]
        self.reads += 1
        return self.snapshots[moment][key]


def recorded_writes(publishes):
    data = np.zeros(Header.SLOTS).view(RecordingArray)
    data.snapshots = []
    header = Header(data)
    header.clear()
    data.snapshots = [np.array(data)]
    for publish in publishes:
        header.publish(**publish)
    return data.snapshots


PUBLISHES = [
    dict(counts={"loss": 30, "lr": 30}, next_lr=0.5, status=RunState.RUNNING, diverged_at=None),
    dict(counts={"loss": 61, "lr": 61, "epoch_lr": 1, "train_loss": 1, "val_loss": 1}, next_lr=5.0,
         status=RunState.DIVERGED, diverged_at=61),
]


def test_a_reader_never_sees_diverged_without_the_step_whenever_it_reads():
    snapshots = recorded_writes(PUBLISHES)
    seen_diverged = 0
    for times in combinations_with_replacement(range(len(snapshots)), 2):  # every interleaving
        status, diverged_at = Header(ChangingArray(snapshots, times)).status_and_divergence()
        if status is RunState.DIVERGED:
            seen_diverged += 1
            assert diverged_at == 61, times
    assert seen_diverged > 0


def test_a_status_is_published_after_the_data_it_describes():
    snapshots = recorded_writes(PUBLISHES)
    for snapshot in snapshots:
        header = Header(snapshot)
        status, _ = header.status_and_divergence()
        if status is RunState.DIVERGED:
            assert header.count("loss") == 61 and header.count("val_loss") == 1 and header.next_lr == 5.0


def test_chunk_timings_keep_the_last_ring_full_oldest_first():
    header = Header(np.zeros(Header.SLOTS))
    header.clear()
    assert header.chunk_timings() == []
    for k in range(40):
        header.record_chunk(100 * k + 1, float(k))
    timings = header.chunk_timings()
    assert len(timings) == Header.RING_SIZE
    assert timings[0] == (100 * 8 + 1, 8.0) and timings[-1] == (100 * 39 + 1, 39.0)


def test_a_new_header_says_idle_and_not_diverged():
    header = Header.create()
    try:
        reader = Header.attach(header.block)
        assert reader.status_and_divergence() == (RunState.IDLE, None)
        assert [reader.count(name) for name in Header.COLUMNS] == [0] * len(Header.COLUMNS)
        reader.close()
        assert reader.status_and_divergence() == (RunState.IDLE, None)  # closed: an empty run
    finally:
        header.release()


def test_the_window_never_sees_diverged_without_diverged_at():
    """Read the status as the window's frame does, with no poll() in between."""
    engine = ProcessEngine()
    try:
        trainer = engine.new_run(RunConfig(problem="linear", optimizer="sgd", lr=5.0, epochs=50))
        engine.start()
        end = time.monotonic() + 10
        while trainer.status is not RunState.DIVERGED:
            assert time.monotonic() < end, "it did not diverge"
        assert trainer.history.diverged_at is not None
        assert trainer.history.diverged_at == trainer.step
    finally:
        engine.shutdown()
