"""Runs started together (the Rates tab's runs): trained at once, each exactly as alone, paused as one."""

import numpy as np
import pytest

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.trainer import Trainer

from .test_engines import engine, wait  # noqa: F401 (the fixture: both engines)

RATES = (0.02, 0.1, 0.4)


def runs_of(engine, epochs=30, problem="mlp"):  # noqa: F811
    configs = [RunConfig(problem=problem, epochs=epochs, seed=4, lr=lr) for lr in RATES]
    ids = []
    for config in configs:
        engine.new_run(config)
        ids.append(engine.current_id)
    return configs, ids


def test_runs_started_together_train_at_once_and_each_equals_its_run_alone(engine):  # noqa: F811
    configs, ids = runs_of(engine)
    current = engine.current_id
    engine.start_together(ids)
    assert engine.is_running and engine.current_id == current
    views = [engine.runs[i] for i in ids]
    wait(engine, lambda: any(v.done for v in views))
    total = views[0].total_steps
    # they take turns: when the first ends, the others are well on their way, not waiting to start
    assert min(v.step for v in views) >= 0.25 * total
    wait(engine, lambda: all(v.done for v in views))
    assert not engine.is_running
    for config, view in zip(configs, views):
        alone = Trainer(config)
        alone.run()
        np.testing.assert_array_equal(view.history.loss.view(), alone.history.loss.view())
        np.testing.assert_array_equal(view.history.val_loss.view(), alone.history.val_loss.view())


def test_pause_stops_every_run_started_together(engine):  # noqa: F811
    _, ids = runs_of(engine, epochs=None)
    engine.start_together(ids)
    views = [engine.runs[i] for i in ids]
    wait(engine, lambda: all(v.step > 64 for v in views))
    engine.pause()
    assert not engine.is_running
    stopped = [v.step for v in views]
    engine.poll()
    assert [v.step for v in views] == stopped  # nothing trained after pause returned
    engine.start_together(ids[:2])  # again, two of them: the third stays where it was
    wait(engine, lambda: all(v.step > s + 64 for v, s in zip(views[:2], stopped)))
    engine.pause()
    assert views[2].step == stopped[2]


def test_a_run_dropped_while_training_together_leaves_the_others_training(engine):  # noqa: F811
    _, ids = runs_of(engine, epochs=10, problem="linear")
    engine.start_together(ids)
    engine.drop(ids[1])
    views = [engine.runs[i] for i in (ids[0], ids[2])]
    wait(engine, lambda: all(v.done for v in views))
    assert ids[1] not in engine.runs and not engine.is_running


def test_an_unknown_run_is_refused_naming_the_known_ones(engine):  # noqa: F811
    _, ids = runs_of(engine, epochs=5, problem="linear")
    with pytest.raises(KeyError, match="allowed are"):
        engine.start_together([ids[0], 999])
    assert not engine.is_running
