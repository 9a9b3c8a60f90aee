"""The trainer thread, without Qt: start, pause, one epoch, speed limit, errors."""

import threading
import time

import pytest

from lrmonitor.core.engine.trainer_thread import TrainerThread
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import DecayNow
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer

CFG = RunConfig(problem="linear", epochs=None, train_size=320, val_size=50)


def wait_for(condition, timeout=30.0):
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.001)


@pytest.fixture
def thread():
    r = TrainerThread(Trainer(CFG))
    yield r
    r.pause()
    assert not r.is_running
    assert not [t for t in threading.enumerate() if t.name == "lrmonitor-trainer"]


def test_start_pause_resume(thread):
    assert thread.state is RunState.IDLE
    thread.start()
    wait_for(lambda: thread.trainer.step > 500)
    assert thread.state is RunState.RUNNING
    thread.pause()
    assert thread.state is RunState.PAUSED and thread.trainer.status is RunState.PAUSED
    at = thread.trainer.step
    time.sleep(0.02)
    assert thread.trainer.step == at
    thread.start()
    wait_for(lambda: thread.trainer.step > at + 100)


def test_step_epoch_stops_at_the_epoch_boundary(thread):
    thread.step_epoch()
    wait_for(lambda: not thread.is_running)
    assert thread.trainer.step == thread.trainer.steps_per_epoch
    thread.start(5)
    wait_for(lambda: not thread.is_running)
    thread.step_epoch()  # from mid-epoch: only to its end
    wait_for(lambda: not thread.is_running)
    assert thread.trainer.step == 2 * thread.trainer.steps_per_epoch


def test_speed_limit_is_respected(thread):
    """The limit is an upper bound on the steps done since start, whatever the machine's load:
    at most speed × elapsed plus the one chunk (speed / 60 steps) it trains before it waits.
    It waits for 60 steps (not for a fixed time), so a slow machine only takes longer."""
    thread.speed = 200.0
    started = time.monotonic()
    thread.start()
    wait_for(lambda: thread.trainer.step >= 60, timeout=60.0)
    thread.pause()
    elapsed = time.monotonic() - started
    assert 60 <= thread.trainer.step <= 200.0 * elapsed + 200 // 60 + 1


def test_events_posted_while_running_take_effect(thread):
    thread.start()
    wait_for(lambda: thread.trainer.step > 100)
    thread.trainer.post(DecayNow(0.5))
    wait_for(lambda: thread.trainer.history.events)
    stamped = thread.trainer.history.events[0]
    lr = thread.trainer.history
    wait_for(lambda: lr.steps > stamped.step + 1)
    assert lr.lr.view()[stamped.step] == pytest.approx(0.5 * lr.lr.view()[stamped.step - 1])


def test_a_finished_run_reports_finished():
    r = TrainerThread(Trainer(RunConfig(problem="linear", epochs=2, train_size=100, val_size=10)))
    r.start()
    wait_for(lambda: not r.is_running)
    assert r.state is RunState.FINISHED
    r.start()  # nothing left to do: no thread
    assert not r.is_running


def test_errors_in_the_thread_are_kept_for_the_window(thread, monkeypatch):
    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(thread.trainer, "run", broken)
    thread.start()
    wait_for(lambda: not thread.is_running)
    assert isinstance(thread.error, RuntimeError)
