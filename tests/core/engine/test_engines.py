"""The two places training can run for the window: a worker process and a thread."""

import sys
import time
from pathlib import Path

import numpy as np
import pytest

from lrmonitor.core.engine import ProcessEngine, ThreadEngine, make_engine
from lrmonitor.core.engine.shared import block_prefix
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import ApplySchedule, DecayNow, SetOptimizer, Stamped
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer

ENGINES = [ProcessEngine, ThreadEngine]


def shm_blocks(pid):
    """The shared-memory blocks process ``pid`` made that still exist (other tests may run at the same time)."""
    folder = Path("/dev/shm")
    return {p.name for p in folder.glob(block_prefix(pid) + "*")} if folder.is_dir() else set()


@pytest.fixture(params=ENGINES, ids=lambda e: e.kind)
def engine(request):
    e = request.param()
    yield e
    e.shutdown()
    process = getattr(e, "process", None)
    assert process is None or not process.is_alive()
    if process is not None:
        assert Path("/dev/shm").is_dir() or sys.platform != "linux"
        assert shm_blocks(process.pid) == set()  # every shared block was freed


def wait(engine, condition, timeout=30.0):
    end = time.monotonic() + timeout
    while not condition():
        engine.poll()
        assert time.monotonic() < end, "timed out"
        time.sleep(0.002)
    engine.poll()


def test_same_configuration_and_events_same_numbers_in_either_engine(engine):
    config = RunConfig(problem="mlp", epochs=30, seed=3)
    trainer = engine.new_run(config, [Stamped(0, ApplySchedule("exponential:per=step"))])
    engine.start()
    wait(engine, lambda: trainer.step > 200)
    engine.post(DecayNow(0.5))  # while running: takes effect at a step boundary
    wait(engine, lambda: len(trainer.history.events) == 2)
    engine.pause()
    engine.post(SetOptimizer("adam"))  # while paused: takes effect at once
    assert len(trainer.history.events) == 3 and trainer.history.events[-1].step == trainer.step
    engine.start()
    wait(engine, lambda: trainer.done)
    reference = Trainer(config, trainer.history.events)
    reference.run()
    for name in ("loss", "lr", "train_loss", "val_loss", "epoch_lr"):
        np.testing.assert_array_equal(getattr(trainer.history, name).view(), getattr(reference.history, name).view())
    assert trainer.summary() == reference.summary()
    assert trainer.current_lr() == reference.current_lr()


def test_opening_a_run_replays_it(engine):
    config = RunConfig(problem="linear", epochs=20)
    events = [Stamped(100, DecayNow(0.1))]
    trainer = engine.new_run(config, events, steps=300)
    assert trainer.step == 300 and trainer.history.events == events
    assert trainer.history.lr.view()[100] == pytest.approx(0.005)
    assert engine.state is RunState.PAUSED  # an opened run goes on from where it was
    assert trainer.status is RunState.PAUSED and trainer.summary()["status"] == "paused"


def test_process_engine_reads_every_step_after_the_columns_grow():
    engine = ProcessEngine()
    try:
        config = RunConfig(problem="linear", epochs=2200)  # 70,400 steps: past the first block
        trainer = engine.new_run(config)
        assert len(shm_blocks(engine.process.pid)) == 6  # the header and five columns, named by their maker
        engine.start()
        wait(engine, lambda: trainer.done, timeout=30)
        assert trainer.step == 70_400
        reference = Trainer(config)
        reference.run()
        np.testing.assert_array_equal(trainer.history.loss.view(), reference.history.loss.view())
    finally:
        engine.shutdown()


def test_divergence_is_reported(engine):
    trainer = engine.new_run(RunConfig(problem="linear", optimizer="sgd", lr=5.0, epochs=50))
    engine.start()
    wait(engine, lambda: not engine.is_running)
    assert engine.state is RunState.DIVERGED and trainer.history.diverged_at == trainer.step
    assert "diverged at step" in trainer.divergence


def test_a_dead_worker_is_reported_not_hung():
    engine = ProcessEngine()
    try:
        engine.new_run(RunConfig(problem="linear", epochs=None))
        engine.start()
        engine.process.kill()
        engine.process.join(5)
        engine.poll()
        assert "stopped unexpectedly" in engine.error
        engine.pause()  # no hang, no exception
        trainer = engine.new_run(RunConfig(problem="linear", epochs=2))  # a new worker takes over
        assert engine.error is None and engine.process.is_alive()
        engine.start()
        wait(engine, lambda: trainer.done)
    finally:
        engine.shutdown()


def test_speed_limit_in_the_worker():
    engine = ProcessEngine()
    try:
        trainer = engine.new_run(RunConfig(problem="linear", epochs=None))
        engine.speed = 200.0
        started = time.monotonic()
        engine.start()
        wait(engine, lambda: trainer.step >= 60, timeout=60.0)  # a slow machine only takes longer
        engine.pause()
        elapsed = time.monotonic() - started
        # the limit bounds the steps since start, whatever the load: speed × elapsed plus one
        # chunk of speed / 60 steps
        assert 60 <= trainer.step <= 200.0 * elapsed + 200 // 60 + 1
    finally:
        engine.shutdown()


def test_engine_choice(monkeypatch):
    assert isinstance(make_engine("thread"), ThreadEngine)
    monkeypatch.setenv("LRMONITOR_ENGINE", "Thread")
    assert isinstance(make_engine(), ThreadEngine)
    with pytest.raises(ValueError, match="allowed are process, thread"):
        make_engine("gpu")


def test_a_decay_posted_just_before_pause_is_applied_at_the_pause(engine):
    trainer = engine.new_run(RunConfig(problem="linear", epochs=None))
    engine.start()
    wait(engine, lambda: trainer.step > 500)
    before = trainer.current_lr()
    engine.post(DecayNow(0.5))
    engine.pause()
    engine.poll()
    assert [e.event.action() for e in trainer.history.events] == ["decay=0.5"]
    assert trainer.current_lr() == pytest.approx(before * 0.5)


def test_the_window_never_reads_unwritten_values_when_a_column_grows():
    engine = ProcessEngine()
    try:
        trainer = engine.new_run(RunConfig(problem="linear", epochs=None, batch_size=30))  # 34 steps an epoch
        engine.start()
        end = time.monotonic() + 20
        while trainer.step < 140_000 and time.monotonic() < end:
            engine.poll()
            loss = trainer.history.loss.view()
            assert not np.any(loss == 0.0), np.flatnonzero(loss == 0.0)[:5]
            time.sleep(0.001)
        engine.pause()
    finally:
        engine.shutdown()


def test_a_run_prepared_without_waiting_is_there_when_first_asked_for(engine):
    seen = []
    result = engine.new_run(RunConfig(problem="linear", epochs=None), steps=5000, progress=seen.append, wait=False)
    assert result is None or result is engine.trainer  # the thread engine has nothing to wait for
    trainer = engine.trainer
    assert trainer is not None and trainer.step == 5000 and engine.error is None
    assert engine.state is RunState.PAUSED
    assert all(step <= 5000 for step in seen)


def test_status_words_in_a_summary(engine):
    trainer = engine.new_run(RunConfig(problem="linear", epochs=3))
    assert engine.state is RunState.IDLE and trainer.summary()["status"] == "idle"
    engine.step_epoch()
    wait(engine, lambda: not engine.is_running)
    assert engine.state is RunState.PAUSED and trainer.summary()["status"] == "paused"
    engine.start()
    wait(engine, lambda: trainer.done)
    assert engine.state is RunState.FINISHED and trainer.summary()["status"] == "finished"
