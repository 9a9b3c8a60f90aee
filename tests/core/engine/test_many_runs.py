"""Both engines hold many runs: new, forked, loaded, recorded, selected, dropped, continued, paused at a plateau."""

import dataclasses
import sys
import time
from pathlib import Path

import pytest

from lrmonitor.core.engine import ProcessEngine, ThreadEngine
from lrmonitor.core.engine.runs import PLATEAU_PATIENCE, PLATEAU_THRESHOLD
from lrmonitor.core.engine.shared import block_prefix
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import ApplySchedule, DecayNow, SetRate, Stamped
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import RunRecord
from lrmonitor.core.training.schedules import PlateauDetector

ENGINES = [ProcessEngine, ThreadEngine]
COLUMNS = ("loss", "lr", "epoch_lr", "train_loss", "val_loss")
MLP = RunConfig(problem="mlp", epochs=80)  # 32 steps an epoch: checkpoints at epochs 32 and 64
SPE = MLP.steps_per_epoch
LINEAR = RunConfig(problem="linear", epochs=100)
EVENTS = (Stamped(10 * SPE, ApplySchedule("exponential:gamma=0.97")), Stamped(40 * SPE + 7, DecayNow(0.5)),
          Stamped(75 * SPE, SetRate(0.01)))


def shm_blocks(pid):
    folder = Path("/dev/shm")
    return {p.name for p in folder.glob(block_prefix(pid) + "*")} if folder.is_dir() else set()


@pytest.fixture(params=ENGINES, ids=lambda e: e.kind)
def engine(request):
    e = request.param()
    yield e
    e.shutdown()
    process = getattr(e, "process", None)
    if process is not None:
        assert not process.is_alive()
        assert shm_blocks(process.pid) == set()


def wait(engine, condition, timeout=20.0):
    end = time.monotonic() + timeout
    while not condition():
        engine.poll()
        assert time.monotonic() < end, "timed out"
        time.sleep(0.002)
    engine.poll()


def trained(config, events=(), steps=None):
    trainer = Trainer(config, events)
    trainer.run(steps)
    return trainer


def columns(run, steps=None):
    """Every history column as bytes; the step ones cut at ``steps``, the epoch ones at the epochs done by then."""
    h = run.history
    epochs = None if steps is None else steps // h.steps_per_epoch
    return {name: getattr(h, name).view(steps if name in ("loss", "lr") else epochs).tobytes() for name in COLUMNS}


def assert_identical(view, reference):
    assert columns(view) == columns(reference)
    assert list(view.history.events) == list(reference.history.events)
    assert view.status is reference.status and view.history.diverged_at == reference.history.diverged_at
    assert view.summary() == reference.summary()
    assert view.current_lr() == reference.current_lr()


def finish(engine, view, timeout=30.0):
    engine.start()
    wait(engine, lambda: view.done and not engine.is_running, timeout)


# -- many runs --------------------------------------------------------------------------------------
def test_many_runs_are_readable_at_once_and_only_the_current_one_trains(engine):
    first = engine.new_run(LINEAR)
    first_id = engine.current_id
    finish(engine, first)
    second = engine.new_run(dataclasses.replace(LINEAR, seed=5, epochs=None))
    second_id = engine.current_id
    assert second_id != first_id and engine.trainer is second
    engine.start()
    wait(engine, lambda: second.step > 3000)
    fork_id = engine.fork(first_id, 50 * LINEAR.steps_per_epoch, DecayNow(0.1))  # pauses the second first
    assert not engine.is_running and second.status is RunState.PAUSED
    paused_at = second.step
    runs = engine.runs
    assert set(runs) == {first_id, second_id, fork_id} and engine.current_id == fork_id
    assert runs[first_id] is first and runs[second_id] is second and engine.trainer is runs[fork_id]
    assert_identical(first, trained(LINEAR))
    assert runs[fork_id].step == 50 * LINEAR.steps_per_epoch and runs[fork_id].status is RunState.PAUSED
    finish(engine, runs[fork_id])
    engine.poll()
    assert second.step == paused_at  # a run that is not current does not train
    assert_identical(second, trained(dataclasses.replace(LINEAR, seed=5, epochs=None), steps=paused_at))


def test_select_and_the_transport_act_on_the_current_run_only(engine):
    a = engine.new_run(LINEAR)
    a_id = engine.current_id
    b = engine.new_run(dataclasses.replace(LINEAR, seed=2))
    b_id = engine.current_id
    engine.select(a_id)
    assert engine.current_id == a_id and engine.trainer is a
    engine.start()
    wait(engine, lambda: a.step > 500)
    engine.select(b_id)  # pauses the running one
    assert not engine.is_running and a.status is RunState.PAUSED and engine.state is RunState.IDLE
    a_step = a.step
    engine.post(DecayNow(0.5))
    assert [s.event for s in b.history.events] == [DecayNow(0.5)] and a.history.events == []
    engine.step_epoch()
    wait(engine, lambda: not engine.is_running)
    assert b.step == b.steps_per_epoch and a.step == a_step
    assert engine.state is RunState.PAUSED
    engine.speed = 500.0
    started = time.monotonic()
    engine.start()
    wait(engine, lambda: b.step >= b.steps_per_epoch + 20, timeout=60.0)  # b goes on, not a
    engine.pause()
    elapsed = time.monotonic() - started
    # at its speed limit: at most speed × elapsed plus one chunk of speed / 60 steps since start
    assert a.step == a_step and b.steps_per_epoch + 20 <= b.step <= b.steps_per_epoch + 500.0 * elapsed + 500 // 60 + 1


def test_new_run_keeps_the_previous_one_and_drop_frees_it(engine):
    a = engine.new_run(LINEAR)
    a_id = engine.current_id
    engine.start()
    wait(engine, lambda: a.step > 100)
    b = engine.new_run(LINEAR)
    assert not engine.is_running and a.status is RunState.PAUSED and engine.runs[a_id] is a
    engine.drop(a_id)
    assert set(engine.runs) == {engine.current_id} and engine.trainer is b
    engine.drop(engine.current_id)
    assert engine.current_id is None and engine.trainer is None and engine.runs == {}
    assert engine.state is RunState.IDLE and not engine.is_running
    for act in (engine.start, engine.pause, engine.step_epoch, engine.poll):
        act()  # nothing current: nothing happens
    engine.post(DecayNow(0.5))
    with pytest.raises(KeyError, match="allowed are none"):
        engine.select(a_id)
    engine.new_run(LINEAR)
    assert engine.current_id == a_id + 2  # ids are never reused


def test_a_run_prepared_without_waiting_shows_up_in_the_runs(engine):
    engine.new_run(LINEAR)
    engine.new_run(LINEAR, steps=3000, wait=False)
    runs = engine.runs
    assert len(runs) == 2 and runs[engine.current_id].step == 3000 and engine.state is RunState.PAUSED


def test_a_run_prepared_without_waiting_is_ready_even_if_a_poll_comes_first(engine):
    engine.new_run(LINEAR, steps=3000, wait=False)
    end = time.monotonic() + 5
    while isinstance(engine, ProcessEngine) and time.monotonic() < end and engine._early is None:
        engine.poll()  # the frame timer may poll before anything asks for the run
        time.sleep(0.01)
    assert engine.trainer is not None and engine.trainer.step == 3000 and engine.error is None


def test_preparing_says_whether_the_run_is_ready_without_waiting_for_it(engine):
    if isinstance(engine, ThreadEngine):
        engine.new_run(LINEAR, steps=3000, wait=False)
        assert not engine.preparing  # ready as soon as asked for
        return
    engine.new_run(RunConfig(problem="linear", epochs=None), steps=50_000_000, wait=False)
    assert engine.preparing  # the worker needs many seconds for 5e7 steps: this answer did not wait
    assert engine.current_id is not None and engine.error is None


def test_preparing_turns_false_once_the_run_is_ready(engine):
    engine.new_run(LINEAR, steps=3000, wait=False)
    end = time.monotonic() + 30
    while engine.preparing and time.monotonic() < end:
        time.sleep(0.01)
    assert not engine.preparing and engine.trainer.step == 3000


# -- forks ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("epoch", [0, 33, 70])  # before any checkpoint, just after one, late
def test_a_fork_is_its_parent_up_to_the_step_then_a_fresh_run_with_the_action(engine, epoch):
    parent = engine.new_run(MLP, EVENTS)
    parent_id = engine.current_id
    finish(engine, parent)
    step = epoch * SPE
    fork_id = engine.fork(parent_id, step, DecayNow(0.3))
    child = engine.runs[fork_id]
    assert engine.current_id == fork_id and not engine.is_running
    assert child.status is (RunState.IDLE if step == 0 else RunState.PAUSED) and child.step == step
    assert columns(child) == columns(parent, step)
    finish(engine, child)
    assert columns(child, step) == columns(parent, step)
    kept = [s for s in EVENTS if s.step <= step]
    assert_identical(child, trained(MLP, [*kept, Stamped(step, DecayNow(0.3))]))


def test_a_fork_inside_an_epoch_and_a_fork_of_a_fork(engine):
    parent = engine.new_run(MLP, EVENTS)
    parent_id = engine.current_id
    finish(engine, parent)
    fork_id = engine.fork(parent_id, 66 * SPE + 5, ApplySchedule("cosine:period=10"))
    child = engine.runs[fork_id]
    assert columns(child) == columns(parent, 66 * SPE + 5)
    finish(engine, child)
    grandchild_id = engine.fork(fork_id, 70 * SPE, DecayNow(0.5))
    grandchild = engine.runs[grandchild_id]
    finish(engine, grandchild)
    events = [*[s for s in EVENTS if s.step <= 66 * SPE + 5], Stamped(66 * SPE + 5, ApplySchedule("cosine:period=10")),
              Stamped(70 * SPE, DecayNow(0.5))]
    assert_identical(grandchild, trained(MLP, events))


def test_a_bad_fork_step_is_a_value_error_naming_the_range(engine):
    parent = engine.new_run(LINEAR)
    parent_id = engine.current_id
    finish(engine, parent)
    last = parent.step - 1
    for step in (-1, parent.step, 10**9):
        with pytest.raises(ValueError, match=f"allowed is 0 <= step <= {last}"):
            engine.fork(parent_id, step, DecayNow(0.5))
    assert set(engine.runs) == {parent_id} and engine.current_id == parent_id
    with pytest.raises(KeyError, match=f"allowed are {parent_id}"):
        engine.fork(parent_id + 1, 10, DecayNow(0.5))


def test_a_diverged_run_can_be_forked_before_it_diverged_but_not_continued(engine):
    config = RunConfig(problem="linear", optimizer="sgd", lr=5.0, epochs=50)
    parent = engine.new_run(config)
    parent_id = engine.current_id
    finish(engine, parent)
    assert parent.status is RunState.DIVERGED
    with pytest.raises(ValueError, match="a diverged run cannot go on"):
        engine.continue_run(parent_id, 5)
    fork_id = engine.fork(parent_id, 3, SetRate(0.01))
    finish(engine, engine.runs[fork_id])
    assert_identical(engine.runs[fork_id], trained(config, [Stamped(3, SetRate(0.01))]))


# -- continue ---------------------------------------------------------------------------------------
def test_a_finished_run_continued_equals_one_longer_run(engine):
    run = engine.new_run(MLP, EVENTS)
    run_id = engine.current_id
    finish(engine, run)
    engine.continue_run(run_id, 12)
    assert engine.state is RunState.PAUSED and run.status is RunState.PAUSED and engine.runs[run_id] is run
    assert run.config.epochs == 92 and run.total_steps == 92 * SPE
    finish(engine, run)
    assert_identical(run, trained(dataclasses.replace(MLP, epochs=92), EVENTS))
    with pytest.raises(ValueError, match="more epochs is out of range"):
        engine.continue_run(run_id, 0)
    engine.new_run(dataclasses.replace(LINEAR, epochs=None))
    with pytest.raises(ValueError, match="'until stopped' run has no end to move"):
        engine.continue_run(engine.current_id, 5)


# -- load and record --------------------------------------------------------------------------------
@pytest.mark.parametrize("steps", [None, 50 * SPE, 70 * SPE + 9, 0])  # finished, at an epoch end, mid-epoch, idle
def test_a_loaded_run_is_not_replayed_and_goes_on_as_the_uninterrupted_run(engine, steps, monkeypatch):
    original = trained(MLP, EVENTS, steps)
    record = RunRecord.of(original)
    if isinstance(engine, ThreadEngine):  # nothing trains while it loads (the process engine: see the timing test)
        with monkeypatch.context() as m:
            m.setattr(Trainer, "run", lambda *a: pytest.fail("load replayed the run"))
            run_id = engine.load(record)
    else:
        run_id = engine.load(record)
    view = engine.runs[run_id]
    assert engine.current_id == run_id and engine.trainer is view
    assert_identical(view, original)
    assert engine.state is original.status
    if steps is None:
        engine.continue_run(run_id, 10)
        assert view.status is RunState.PAUSED
    finish(engine, view)
    longer = dataclasses.replace(MLP, epochs=90) if steps is None else MLP
    assert_identical(view, trained(longer, EVENTS))
    assert view.history is engine.runs[run_id].history  # the run went on in the history it showed


def test_a_loaded_run_without_checkpoints_replays_from_the_start_when_it_goes_on(engine):
    original = trained(MLP, EVENTS, 45 * SPE + 3)
    record = dataclasses.replace(RunRecord.of(original), checkpoints=None)
    run_id = engine.load(record)
    view = engine.runs[run_id]
    assert_identical(view, original)
    engine.post(DecayNow(0.5))  # it wakes for the event
    finish(engine, view)
    assert_identical(view, trained(MLP, [*EVENTS[:2], Stamped(45 * SPE + 3, DecayNow(0.5)), EVENTS[2]]))


def test_a_loaded_run_can_be_forked_at_once(engine):
    original = trained(MLP, EVENTS)
    parent_id = engine.load(RunRecord.of(original))
    fork_id = engine.fork(parent_id, 68 * SPE, DecayNow(0.2))
    finish(engine, engine.runs[fork_id])
    assert_identical(engine.runs[fork_id], trained(MLP, [*EVENTS[:2], Stamped(68 * SPE, DecayNow(0.2))]))


def test_record_drop_load_round_trip(engine):
    run = engine.new_run(MLP, EVENTS)
    run_id = engine.current_id
    engine.start(70 * SPE + 11)
    wait(engine, lambda: not engine.is_running)
    engine.post(DecayNow(0.5))
    record = engine.record(run_id)
    assert record.history is not run.history  # a copy, or (worker) a read-only prefix of the shared values
    assert record.status is RunState.PAUSED and record.history.steps == 70 * SPE + 11
    assert record.events == (*run.history.events, EVENTS[2])  # the planned future too
    assert [c.step for c in record.checkpoints] == [32 * SPE, 64 * SPE]
    assert columns(record) == columns(run)
    engine.drop(run_id)
    again = engine.load(record)
    assert again != run_id
    assert columns(engine.runs[again]) == columns(record)
    second = engine.record(again)
    assert (second.config, second.events, second.status) == (record.config, record.events, record.status)
    assert columns(second) == columns(record)
    assert [c.step for c in second.checkpoints] == [c.step for c in record.checkpoints]
    kept = columns(second)
    finish(engine, engine.runs[again])
    assert columns(second) == kept and second.history.steps == 70 * SPE + 11  # the run went on; its record did not
    assert_identical(engine.runs[again], trained(MLP, [*EVENTS[:2], Stamped(70 * SPE + 11, DecayNow(0.5)), EVENTS[2]]))


def test_a_record_of_a_running_run_leaves_it_running(engine):
    run = engine.new_run(dataclasses.replace(LINEAR, epochs=None))
    run_id = engine.current_id
    engine.start()
    wait(engine, lambda: run.step > 2000)
    record = engine.record(run_id)
    assert record.history.steps >= 2000 and record.status is RunState.PAUSED
    assert columns(record) == columns(run, record.history.steps)
    assert engine.is_running
    kept = columns(record)
    wait(engine, lambda: run.step > record.history.steps + 1000)
    assert columns(record) == kept  # it stays what the run was when it was taken
    assert all(s.step <= record.history.steps for s in record.history.events)


def test_a_worker_record_shares_the_mapped_values_instead_of_piping_them():
    engine = ProcessEngine()
    try:
        run = engine.new_run(MLP)
        engine.start(5 * SPE)
        wait(engine, lambda: not engine.is_running)
        sent = []
        send = engine._send
        engine._send = lambda command: (sent.append(command), send(command))
        record = engine.record(engine.current_id)
        assert [type(c).__name__ for c in sent] == ["RecordOf"] and not sent[0].arrays
        assert columns(record) == columns(run) and record.history.steps == 5 * SPE
        with pytest.raises(ValueError):  # read-only: a record cannot be changed through the shared values
            record.history.loss.view()[0] = 1.0
    finally:
        engine.shutdown()


def test_a_record_that_does_not_hold_together_is_refused(engine):
    original = trained(LINEAR, steps=100)
    record = RunRecord.of(original)
    original.history.lr.append(1.0)  # one more lr than losses
    with pytest.raises(ValueError, match="differ in length"):
        engine.load(record)
    assert engine.runs == {}


# -- pause on plateau -------------------------------------------------------------------------------
def detector_epoch(config):
    """The (0-based) epoch at whose end the plateau detector first fires on a headless run."""
    trainer = trained(config)
    detector = PlateauDetector(PLATEAU_PATIENCE, PLATEAU_THRESHOLD)
    return next(e for e, v in enumerate(trainer.history.val_loss.view()) if detector.update(float(v)))


def test_pause_on_plateau_stops_at_the_detector_s_epoch_once(engine):
    config = RunConfig()  # the default mlp run, seed 0
    epoch = detector_epoch(config)
    assert engine.pause_on_plateau is False
    engine.pause_on_plateau = True
    run = engine.new_run(config)
    engine.start()  # at full speed
    wait(engine, lambda: not engine.is_running)
    assert engine.state is RunState.PAUSED and run.status is RunState.PAUSED
    assert run.history.epochs == epoch + 1 and run.step == (epoch + 1) * run.steps_per_epoch
    finish(engine, run)  # only the first firing pauses
    assert run.status is RunState.FINISHED
    assert_identical(run, trained(config))
    engine.pause_on_plateau = False
    other = engine.new_run(config)
    finish(engine, other)
    assert other.status is RunState.FINISHED


def test_pause_on_plateau_at_a_limited_speed_and_in_a_fork_after_the_plateau(engine):
    config = RunConfig()
    epoch = detector_epoch(config)
    engine.pause_on_plateau = True
    engine.speed = 5000.0
    run = engine.new_run(config)
    run_id = engine.current_id
    engine.start()
    wait(engine, lambda: not engine.is_running)
    assert run.step == (epoch + 1) * run.steps_per_epoch
    late = engine.fork(run_id, run.step, DecayNow(0.5))  # it fired in the part the fork shares: no pause
    engine.speed = None
    finish(engine, engine.runs[late])
    assert engine.runs[late].status is RunState.FINISHED
    same_rate = SetRate(config.validated().lr)  # the default rate again: the same run from epoch 5, fires again
    early = engine.fork(run_id, 5 * run.steps_per_epoch, same_rate)
    engine.start()
    wait(engine, lambda: not engine.is_running)
    assert engine.runs[early].step == (epoch + 1) * run.steps_per_epoch


# -- shared memory ----------------------------------------------------------------------------------
def test_shutdown_with_several_runs_leaves_nothing_in_dev_shm():
    engine = ProcessEngine()
    try:
        pid = engine.process.pid
        first = engine.new_run(MLP)
        first_id = engine.current_id
        finish(engine, first)
        engine.new_run(LINEAR, steps=500)
        engine.fork(first_id, 40 * SPE, DecayNow(0.5))
        engine.load(RunRecord.of(trained(LINEAR, steps=300)))
        assert len(engine.runs) == 4
        if sys.platform == "linux":
            assert len(shm_blocks(pid)) == 4 * 6  # each run: a header and five columns
        engine.drop(first_id)
        wait(engine, lambda: sys.platform != "linux" or len(shm_blocks(pid)) == 3 * 6, timeout=5)
    finally:
        engine.shutdown()
    assert not engine.process.is_alive() and shm_blocks(pid) == set()


def test_a_dead_worker_loses_every_run_but_they_stay_readable_and_can_be_loaded_again():
    engine = ProcessEngine()
    try:
        pid = engine.process.pid
        a = engine.new_run(MLP, EVENTS)
        a_id = engine.current_id
        finish(engine, a)
        b = engine.new_run(dataclasses.replace(LINEAR, epochs=None))
        engine.start()
        wait(engine, lambda: b.step > 1000)
        engine.process.kill()
        engine.process.join(5)
        engine.poll()
        assert "stopped unexpectedly" in engine.error and not engine.is_running
        assert shm_blocks(pid) == set()  # every run's blocks unlinked
        assert columns(a) == columns(trained(MLP, EVENTS)) and b.step > 1000
        with pytest.raises(RuntimeError, match="was lost"):
            engine.fork(a_id, 10, DecayNow(0.5))
        engine.start()  # refused, not hung
        assert "lost" in engine.error
        record = engine.record(a_id)
        assert record.checkpoints is None and record.status is RunState.FINISHED
        again = engine.load(record)  # a new worker
        assert engine.process.pid != pid and engine.error is None
        engine.continue_run(again, 5)
        finish(engine, engine.runs[again])
        assert_identical(engine.runs[again], trained(dataclasses.replace(MLP, epochs=85), EVENTS))
    finally:
        engine.shutdown()


# -- long runs: what the checkpoints buy --------------------------------------------------------------
@pytest.fixture(scope="module")
def million():
    """A finished 10^6-step linear run, trained headless once (about 7 s)."""
    config = RunConfig(problem="linear", epochs=31_250)
    trainer = trained(config)
    assert trainer.step == 1_000_000
    return RunRecord.of(trainer)


def test_load_and_fork_of_a_million_step_run_are_fast(engine, million, capsys):
    started = time.perf_counter()
    run_id = engine.load(million)
    loaded = time.perf_counter() - started
    view = engine.runs[run_id]
    assert view.step == 1_000_000 and view.status is RunState.FINISHED
    timings = {}
    for step in (999_999, 997_375, 500_000 + 2047, 12_345):  # the last step, just before checkpoints, early
        started = time.perf_counter()
        fork_id = engine.fork(run_id, step, DecayNow(0.5))
        timings[step] = time.perf_counter() - started
        fork = engine.runs[fork_id]
        assert fork.step == step
        assert fork.history.loss.view()[-2000:].tobytes() == million.history.loss.view(step)[-2000:].tobytes()
        engine.drop(fork_id)
    started = time.perf_counter()
    record = engine.record(run_id)
    recorded = time.perf_counter() - started
    assert record.history.loss.view().tobytes() == million.history.loss.view().tobytes()
    with capsys.disabled():
        print(f"\n[{engine.kind}] load 10^6 steps: {loaded * 1e3:.0f} ms; record: {recorded * 1e3:.0f} ms; "
              "fork: " + ", ".join(f"step {s}: {t * 1e3:.0f} ms" for s, t in timings.items()))
    assert loaded < 2.0 and recorded < 2.0
    assert max(timings.values()) < 2.0


def test_a_long_replay_in_the_worker_is_a_sign_of_life():
    """A fork of a record without checkpoints replays from step 0 and says how far it got as it goes."""
    config = RunConfig(problem="linear", epochs=3_000)  # 96,000 steps: about 0.6 s to replay
    record = dataclasses.replace(RunRecord.of(trained(config)), checkpoints=None)
    engine = ProcessEngine()
    try:
        engine.REPLY_TIMEOUT = 0.3  # much less than the replay takes
        run_id = engine.load(record)
        fork_id = engine.fork(run_id, 95_000, DecayNow(0.5))
        assert engine.runs[fork_id].step == 95_000 and engine.error is None
        finish(engine, engine.runs[fork_id])
        assert_identical(engine.runs[fork_id], trained(config, [Stamped(95_000, DecayNow(0.5))]))
    finally:
        engine.shutdown()


def test_a_stopped_report_from_an_earlier_training_does_not_stop_the_window_s_run():
    """A plateau stop and a user's pause can cross: the pause's answer must not end the next start."""
    from lrmonitor.core.engine.protocol import Stopped

    engine = ProcessEngine()
    try:
        run = engine.new_run(dataclasses.replace(LINEAR, epochs=None))
        run_id = engine.current_id
        engine.start()
        engine.pause()
        engine.start()
        engine._handle(Stopped(run_id, RunState.PAUSED, None, engine._serial - 1))  # late, about the first start
        assert engine.is_running
        wait(engine, lambda: run.step > 1000)
        engine.pause()
        assert not engine.is_running and run.status is RunState.PAUSED
    finally:
        engine.shutdown()


def test_shutdown_after_the_worker_died_unlinks_every_run_s_blocks():
    engine = ProcessEngine()
    pid = engine.process.pid
    try:
        engine.new_run(LINEAR, steps=200)
        engine.new_run(MLP, steps=100)
        assert sys.platform != "linux" or len(shm_blocks(pid)) == 2 * 6
        engine.process.kill()
        engine.process.join(5)
    finally:
        engine.shutdown()  # no poll in between
    assert shm_blocks(pid) == set()


def test_a_record_asked_for_just_after_the_worker_died_is_what_the_window_holds():
    """Save (Ctrl+S) in the moment between the worker's death and the next frame's poll raised
    'the training worker did not answer' out of the slot (found by the random-action test)."""
    engine = ProcessEngine()
    try:
        run = engine.new_run(LINEAR, steps=300)
        run_id = engine.current_id
        engine.process.kill()
        engine.process.join(5)
        record = engine.record(run_id)  # no poll() in between
        assert record.history.steps == 300 and record.checkpoints is None
        assert engine.lost and run.step == 300
    finally:
        engine.shutdown()


def test_a_long_replay_can_be_cancelled_and_the_engine_goes_on(engine):
    """Opening a saved run of hours must be cancellable (issue 11, item 7): the progress callback
    raises CancelledError; the engine stops the replay, holds no such run, and serves the next one."""
    from lrmonitor.core.engine.interface import CancelledError

    first = engine.new_run(LINEAR, steps=500)
    first_id = engine.current_id
    heard = []

    def progress(step):
        heard.append(step)
        raise CancelledError(f"cancelled at step {step}")

    with pytest.raises(CancelledError):
        engine.new_run(RunConfig(problem="linear", epochs=None), steps=50_000_000, progress=progress)
    assert heard and heard[0] < 50_000_000  # it stopped at the first report, long before the end
    assert set(engine.runs) == {first_id} and engine.error is None
    engine.select(first_id)
    assert engine.trainer is first and first.step == 500
    again = engine.new_run(LINEAR, steps=300)  # the worker is alive and takes the next run
    assert again.step == 300 and len(engine.runs) == 2
