"""Every message between the window and the worker survives a real pipe unchanged."""

import multiprocessing
import threading
import time

import numpy as np
import pytest

from lrmonitor.core.engine import protocol
from lrmonitor.core.engine.protocol import (
    COMMANDS,
    REPORTS,
    Cancel,
    ColumnBlock,
    ColumnGrown,
    Continue,
    Continued,
    Drop,
    EventApplied,
    Failed,
    Fork,
    Load,
    NewRun,
    Pause,
    Post,
    Progress,
    Quit,
    Ready,
    Recorded,
    RecordOf,
    Refused,
    Select,
    SetPauseOnPlateau,
    SetSpeed,
    Start,
    StartTogether,
    Stopped,
)
from lrmonitor.core.engine.runs import plain_history
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import ApplySchedule, DecayNow, SetOptimizer, SetRate, Stamped
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import RunRecord

CONFIG = RunConfig(problem="linear", optimizer="adam", epochs=None, seed=7).validated()
EVENTS = (Stamped(0, ApplySchedule("step:every=5")), Stamped(12, DecayNow(0.3)),
          Stamped(40, SetRate(0.01)), Stamped(41, SetOptimizer("sgd:momentum=0.9")))
BLOCK = ColumnBlock("loss", "psm_1234", 65536)
COLUMNS = ("loss", "lr", "epoch_lr", "train_loss", "val_loss")


def a_record(steps=1100):
    """A paused run's record as the engines send it: plain history, planned events, checkpoints."""
    events = [Stamped(0, ApplySchedule("plateau:patience=2")), Stamped(1200, DecayNow(0.5))]
    trainer = Trainer(RunConfig(problem="mlp", epochs=40), events)
    trainer.run(steps)
    record = RunRecord.of(trainer)
    return RunRecord(record.config, record.events, plain_history(record.history), record.status,
                     record.checkpoints.until(steps))


RECORD = a_record()

MESSAGES = [
    NewRun(1, CONFIG, EVENTS, 300),
    NewRun(2, CONFIG),
    Start(1),
    Start(1, 32),
    Pause(1),
    Post(1, DecayNow(0.5)),
    Post(1, ApplySchedule("cosine:period=3")),
    Start(2, None, 7),
    StartTogether((1, 2, 3), 8),
    SetSpeed(200.0),
    SetSpeed(None),
    Fork(3, 1, 640, DecayNow(0.1)),
    Fork(4, 3, 0, ApplySchedule("step:factor=0.1,every=20")),
    Load(5, RECORD),
    Select(2),
    Drop(1),
    Continue(5, 50),
    SetPauseOnPlateau(True),
    RecordOf(5),
    RecordOf(5, arrays=False),
    Cancel(3),
    Quit(),
    Ready(1, "psm_header", (BLOCK, ColumnBlock("lr", "psm_5678", 65536)), EVENTS, RunState.PAUSED),
    Ready(5, "psm_header", (BLOCK,), EVENTS, RunState.DIVERGED, "diverged at step 9 (epoch 0): ..."),
    Progress(1, 4096),
    ColumnGrown(1, BLOCK),
    EventApplied(1, Stamped(17, DecayNow(0.5))),
    Stopped(1, RunState.DIVERGED, "diverged at step 9 (epoch 0): the mini-batch loss is inf"),
    Stopped(1, RunState.PAUSED, None),
    Stopped(1, RunState.PAUSED, None, 12),
    Recorded(5, RECORD),
    Continued(5, RunConfig(problem="mlp", epochs=90).validated()),
    Refused(3, "fork step 10000 is outside the recorded run: allowed is 0 <= step <= 3199"),
    Failed(-1, "Traceback ..."),
]


def same_record(a, b):
    assert (a.config, a.events, a.status) == (b.config, b.events, b.status)
    for name in COLUMNS:
        assert getattr(a.history, name).view().tobytes() == getattr(b.history, name).view().tobytes()
    assert (a.history.events, a.history.diverged_at) == (b.history.events, b.history.diverged_at)
    assert [c.step for c in a.checkpoints] == [c.step for c in b.checkpoints]
    for x, y in zip(a.checkpoints, b.checkpoints, strict=True):
        assert all(p.tobytes() == q.tobytes() for p, q in zip(x.params, y.params, strict=True))
        assert (x.rng_state, x.schedule, x.pending) == (y.rng_state, y.schedule, y.pending)
        assert {k: vars(v) if hasattr(v, "__dict__") else v for k, v in x.schedule_state.items()} == {
            k: vars(v) if hasattr(v, "__dict__") else v for k, v in y.schedule_state.items()}
    return True


def same(a, b):
    """Equal messages; a record (whose history and checkpoints compare by identity) compared by content."""
    if isinstance(a, (Load, Recorded)):
        return type(a) is type(b) and a.run_id == b.run_id and same_record(a.record, b.record)
    return a == b


def test_every_message_class_is_covered_here():
    assert {type(m) for m in MESSAGES} == set(COMMANDS) | set(REPORTS)
    defined = {
        value for value in vars(protocol).values()
        if isinstance(value, type) and value.__module__ == protocol.__name__ and value is not ColumnBlock
    }
    assert defined == set(COMMANDS) | set(REPORTS)


@pytest.fixture(scope="module")
def pipe():
    a, b = multiprocessing.get_context("spawn").Pipe()
    yield a, b
    a.close()
    b.close()


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: type(m).__name__)
def test_round_trip_through_a_pipe(pipe, message):
    sender, receiver = pipe
    sender.send(message)
    received = receiver.recv()
    assert type(received) is type(message) and same(received, message)
    assert received is not message


def test_a_record_goes_on_after_the_pipe_as_before_it(pipe):
    sender, receiver = pipe
    sender.send(Recorded(1, RECORD))
    record = receiver.recv().record
    step = record.history.steps
    checkpoint = record.checkpoints.at_or_before(step)
    went_on = Trainer.from_checkpoint(record.config, record.events, checkpoint, history=record.history)
    went_on.run()
    whole = Trainer(record.config, record.events)
    whole.run()
    assert went_on.history.loss.view().tobytes() == whole.history.loss.view().tobytes()


def test_a_million_step_record_through_the_pipe(capsys):
    """16 MB of history: pickled through a real pipe in a few tens of milliseconds (measured, bound generous)."""
    history = RECORD.history
    big = plain_history(history)
    for name in ("loss", "lr"):
        getattr(big, name).extend(np.random.default_rng(0).random(1_000_000))
    record = RunRecord(RECORD.config, RECORD.events, big, RECORD.status, RECORD.checkpoints)
    a, b = multiprocessing.get_context("spawn").Pipe()
    try:
        received = []
        reader = threading.Thread(target=lambda: received.append(b.recv()))
        reader.start()
        started = time.perf_counter()
        a.send(Recorded(1, record))
        reader.join(10)
        took = time.perf_counter() - started
    finally:
        a.close()
        b.close()
    assert same_record(received[0].record, record)
    with capsys.disabled():
        print(f"\n[pipe] a record of {big.steps} steps ({16 * big.steps / 1e6:.0f} MB): {took * 1e3:.0f} ms")
    assert took < 2.0


def test_domain_objects_arrive_as_themselves_without_being_checked_again(pipe, monkeypatch):
    sender, receiver = pipe
    sender.send(Post(3, DecayNow(0.25)))

    def checked_again(*args):
        raise AssertionError("an event was validated again on arrival")

    monkeypatch.setattr(DecayNow, "__post_init__", checked_again)
    received = receiver.recv()
    assert isinstance(received.event, DecayNow) and received.event.factor == 0.25


def test_messages_are_immutable():
    with pytest.raises(AttributeError):
        Start(1).steps = 5
