"""The live path: a replay that follows a growing history, and a projection computed row by row."""

import math
import time

import numpy as np
import pytest

from lrmonitor.core.display.live_path import PathReplay, ProjectionBuilder
from lrmonitor.core.display.surface import PathRecorder, projected_surface
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import DecayNow, Stamped
from lrmonitor.core.run.trainer import Trainer

LINEAR = RunConfig(problem="linear", epochs=6, train_size=200, val_size=50).validated()
MLP = RunConfig(problem="mlp", epochs=6, train_size=200, val_size=50).validated()


def _follow_to_end(replay, history):
    while replay.step < history.steps:
        replay.follow(history, time.perf_counter() + 0.01)


def test_a_replay_follows_a_live_run_in_pieces_and_takes_its_later_events():
    live = Trainer(LINEAR)
    replay = PathReplay(LINEAR)
    for piece in (7, 30, 1, 20):
        live.run(piece)
        _follow_to_end(replay, live.history)
        assert replay.step == live.step and replay.matches
    live.post(DecayNow(0.1))  # learnt by the replay only after it was stamped
    live.run()
    _follow_to_end(replay, live.history)
    assert replay.matches and not replay.stale
    headless = PathRecorder(Trainer(LINEAR, list(live.history.events)))
    headless.run()
    np.testing.assert_array_equal(replay.steps, headless.steps)
    np.testing.assert_allclose(replay.states, headless.states, rtol=1e-12, atol=1e-12)


def test_a_replay_stops_at_its_deadline_and_goes_on_later():
    live = Trainer(LINEAR)
    live.run()
    replay = PathReplay(LINEAR)
    assert not replay.follow(live.history, time.perf_counter() - 1.0)  # deadline passed: nothing done
    assert replay.step == 0
    _follow_to_end(replay, live.history)
    assert replay.step == live.step and len(replay.states) == live.step + 1


def test_an_event_for_a_step_already_replayed_makes_the_replay_stale():
    live = Trainer(LINEAR)
    live.run(40)
    replay = PathReplay(LINEAR)
    _follow_to_end(replay, live.history)
    live.history.events.append(Stamped(10, DecayNow(0.5)))  # as if it had been there all along
    assert not replay.follow(live.history, time.perf_counter() + 1)
    assert replay.stale


def test_a_replay_of_other_numbers_says_it_does_not_match():
    live = Trainer(LINEAR)
    live.run(40)
    other = PathReplay(RunConfig(problem="linear", epochs=6, train_size=200, val_size=50, seed=1).validated())
    _follow_to_end(other, live.history)
    assert not other.matches


def test_trainer_plan_refuses_a_step_already_passed():
    trainer = Trainer(LINEAR)
    trainer.run(5)
    with pytest.raises(ValueError, match="allowed are steps >= 5"):
        trainer.plan(Stamped(4, DecayNow(0.5)))


def test_the_projection_built_row_by_row_equals_the_command_lines():
    recorder = PathRecorder(Trainer(MLP))
    recorder.run()
    trainer = recorder.trainer
    builder = ProjectionBuilder(trainer.problem, trainer.params, [recorder.states], grid=9)
    calls = 0
    while not builder.advance(time.perf_counter() - 1.0):  # one row per call when the deadline has passed
        calls += 1
    assert calls == 8
    live = builder.surface()
    reference = projected_surface(trainer.problem, trainer.params, [recorder.states], grid=9)
    np.testing.assert_allclose(live.loss, reference.loss, rtol=1e-12)
    np.testing.assert_allclose(live.paths[0], reference.paths[0], atol=1e-9)
    assert live.projection and math.isclose(sum(live.explained), sum(reference.explained))


def test_a_projection_needs_three_states():
    recorder = PathRecorder(Trainer(MLP))
    recorder.run(trainer_steps := MLP.steps_per_epoch)
    assert recorder.trainer.step == trainer_steps
    with pytest.raises(ValueError, match="at least 3"):
        ProjectionBuilder(recorder.trainer.problem, recorder.trainer.params, [recorder.states])


def test_an_event_that_arrives_after_the_steps_that_followed_it_outdates_the_replay():
    """A worker's steps are read in place, its events come by message: a replay can pass an event's step
    before it knows of the event. Its losses then differ, and once the event is known it is made again."""
    live = Trainer(LINEAR)
    live.run(20)
    live.post(DecayNow(0.1))
    live.run(20)

    class Late:  # the history as the window saw it: every step, but not yet the event
        steps, loss, events = live.history.steps, live.history.loss, []

    replay = PathReplay(LINEAR)
    _follow_to_end(replay, Late)
    assert not replay.matches and not replay.outdated(Late)
    assert replay.outdated(live.history)
    again = PathReplay(LINEAR, live.history.events)
    _follow_to_end(again, live.history)
    assert again.matches and not again.outdated(live.history)
