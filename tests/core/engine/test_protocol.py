"""Every message between the window and the worker survives a real pipe unchanged."""

import multiprocessing

import pytest

from lrmonitor.core.engine import protocol
from lrmonitor.core.engine.protocol import (
    COMMANDS,
    REPORTS,
    ColumnBlock,
    ColumnGrown,
    EventApplied,
    Failed,
    NewRun,
    Pause,
    Post,
    Progress,
    Quit,
    Ready,
    SetSpeed,
    Start,
    Stopped,
)
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import ApplySchedule, DecayNow, SetOptimizer, SetRate, Stamped
from lrmonitor.core.run.state import RunState

CONFIG = RunConfig(problem="linear", optimizer="adam", epochs=None, seed=7).validated()
EVENTS = (Stamped(0, ApplySchedule("step:every=5")), Stamped(12, DecayNow(0.3)),
          Stamped(40, SetRate(0.01)), Stamped(41, SetOptimizer("sgd:momentum=0.9")))
BLOCK = ColumnBlock("loss", "psm_1234", 65536)

MESSAGES = [
    NewRun(1, CONFIG, EVENTS, 300),
    NewRun(2, CONFIG),
    Start(1),
    Start(1, 32),
    Pause(1),
    Post(1, DecayNow(0.5)),
    Post(1, ApplySchedule("cosine:period=3")),
    SetSpeed(200.0),
    SetSpeed(None),
    Quit(),
    Ready(1, "psm_header", (BLOCK, ColumnBlock("lr", "psm_5678", 65536)), EVENTS, RunState.PAUSED),
    Progress(1, 4096),
    ColumnGrown(1, BLOCK),
    EventApplied(1, Stamped(17, DecayNow(0.5))),
    Stopped(1, RunState.DIVERGED, "diverged at step 9 (epoch 0): the mini-batch loss is inf"),
    Stopped(1, RunState.PAUSED, None),
    Failed(-1, "Traceback ..."),
]


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
    assert type(received) is type(message) and received == message
    assert received is not message


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
