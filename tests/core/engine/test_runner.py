"""The background runner, without Qt: start, pause, one epoch, speed limit, shutdown."""

import threading
import time

import pytest

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import DecayNow
from lrmonitor.core.engine.runner import BackgroundRunner
from lrmonitor.core.run.trainer import Trainer

CFG = RunConfig(problem="linear", epochs=None, train_size=320, val_size=50)


def wait_for(condition, timeout=5.0):
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.001)


@pytest.fixture
def runner():
    r = BackgroundRunner(Trainer(CFG))
    yield r
    r.shutdown()
    assert not r.is_running
    assert not [t for t in threading.enumerate() if t.name == "lrmonitor-trainer"]


def test_start_pause_resume(runner):
    assert runner.state == "idle"
    runner.start()
    wait_for(lambda: runner.trainer.step > 500)
    assert runner.state == "running"
    runner.pause()
    assert runner.state == "paused"
    at = runner.trainer.step
    time.sleep(0.02)
    assert runner.trainer.step == at
    runner.start()
    wait_for(lambda: runner.trainer.step > at + 100)


def test_step_epoch_stops_at_the_epoch_boundary(runner):
    runner.step_epoch()
    wait_for(lambda: not runner.is_running)
    assert runner.trainer.step == runner.trainer.steps_per_epoch
    runner.start(5)
    wait_for(lambda: not runner.is_running)
    runner.step_epoch()  # from mid-epoch: only to its end
    wait_for(lambda: not runner.is_running)
    assert runner.trainer.step == 2 * runner.trainer.steps_per_epoch


def test_speed_limit_is_respected(runner):
    runner.speed = 200.0
    runner.start()
    time.sleep(0.5)
    runner.pause()
    assert 50 <= runner.trainer.step <= 130  # about 100 steps in half a second


def test_events_posted_while_running_take_effect(runner):
    runner.start()
    wait_for(lambda: runner.trainer.step > 100)
    runner.trainer.post(DecayNow(0.5))
    wait_for(lambda: runner.trainer.history.events)
    stamped = runner.trainer.history.events[0]
    lr = runner.trainer.history
    wait_for(lambda: lr.steps > stamped.step + 1)
    assert lr.lr.view()[stamped.step] == pytest.approx(0.5 * lr.lr.view()[stamped.step - 1])


def test_a_finished_run_reports_finished():
    r = BackgroundRunner(Trainer(RunConfig(problem="linear", epochs=2, train_size=100, val_size=10)))
    r.start()
    wait_for(lambda: not r.is_running)
    assert r.state == "finished"
    r.start()  # nothing left to do: no thread
    assert not r.is_running


def test_errors_in_the_worker_are_kept_for_the_window(runner, monkeypatch):
    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(runner.trainer, "run", broken)
    runner.start()
    wait_for(lambda: not runner.is_running)
    assert isinstance(runner.error, RuntimeError)
