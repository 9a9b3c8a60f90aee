import numpy as np

from lrmonitor.core.display.band import band, last_decay_step, reading, rolling_band
from lrmonitor.core.display.surface import (
    PathRecorder,
    decimate_path,
    linear_loss_grid,
    path_spread,
    surface_for,
    tail,
)
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import Stamped, parse_action
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import fork


def linear(seed, epochs=40):
    return RunConfig(problem="linear", optimizer="sgd", seed=seed, epochs=epochs, train_size=320, val_size=50)


def test_on_linear_the_decayed_path_wanders_at_most_half_as_widely_for_8_of_10_seeds():
    narrower = 0
    for seed in range(10):
        base = Trainer(linear(seed))
        recorder = PathRecorder(base)
        recorder.run()
        spe = base.steps_per_epoch
        decayed = PathRecorder(fork(base, 20 * spe, "decay=0.1"), prefix=(recorder.steps, recorder.states))
        decayed.run()
        fixed_spread = path_spread(tail(recorder.steps, recorder.states, 30 * spe))
        decayed_spread = path_spread(tail(decayed.steps, decayed.states, 30 * spe))
        narrower += decayed_spread <= fixed_spread / 2
    assert narrower >= 8


def test_the_recorded_path_is_the_uninterrupted_runs_and_ends_at_its_parameters():
    config = linear(3, epochs=5)
    whole = Trainer(config)
    whole.run()
    stepped = Trainer(config)
    recorder = PathRecorder(stepped)
    recorder.run()
    assert np.array_equal(whole.history.loss.view(), stepped.history.loss.view())
    assert list(recorder.steps) == list(range(whole.step + 1))
    assert np.array_equal(recorder.states[-1], whole.params[0])


def test_the_linear_surface_is_the_full_batch_loss_with_its_minimum_and_start():
    trainer = Trainer(linear(0, epochs=3))
    recorder = PathRecorder(trainer)
    recorder.run()
    surface = surface_for(trainer, [recorder.states])
    problem = trainer.problem
    i, j = 7, 11
    direct = problem.train_loss([np.array([surface.xs[i], surface.ys[j]])])
    assert surface.loss[j, i] == direct or abs(surface.loss[j, i] - direct) < 1e-9 * direct
    assert surface.loss.min() >= problem.optimum()[1] - 1e-9
    assert surface.start == (-1.0, 2.5) and not surface.projection
    assert np.all(np.diff(np.log(surface.levels)) > 0)
    assert linear_loss_grid(problem, np.array([1.0]), np.array([0.0])).shape == (1, 1)


def test_other_problems_are_projected_on_two_principal_directions():
    config = RunConfig(problem="mlp", seed=1, epochs=6, train_size=120, val_size=20)
    trainer = Trainer(config)
    recorder = PathRecorder(trainer)
    recorder.run()
    assert len(recorder.steps) == 7  # the start and 6 epoch ends
    surface = surface_for(trainer, [recorder.states])
    assert surface.projection and surface.minimum is None
    assert np.allclose(surface.paths[0][-1], 0.0)  # centred on the final state
    assert 0.5 < sum(surface.explained) <= 1.0 + 1e-12
    assert surface.loss.shape == (len(surface.ys), len(surface.xs))


def test_decimation_keeps_the_ends_and_bounds_the_count():
    points = np.column_stack([np.arange(1_000_003.0), np.zeros(1_000_003)])
    drawn = decimate_path(points, 20_000)
    assert len(drawn) <= 20_001 and drawn[0, 0] == 0 and drawn[-1, 0] == 1_000_002


def test_the_band_narrows_after_a_decay_on_the_mlp():
    narrowed = 0
    for seed in range(4):
        config = RunConfig(problem="mlp", seed=seed, epochs=40, train_size=320, val_size=50).validated()
        spe = config.steps_per_epoch
        fixed = Trainer(config)
        fixed.run()
        decayed = Trainer(config, [Stamped(30 * spe, parse_action("decay=0.1"))])
        decayed.run()
        assert last_decay_step(decayed.history) == 30 * spe
        meter = reading(decayed.history, since_step=30 * spe)
        against = reading(decayed.history, compared=fixed.history)
        narrowed += meter.change_pct < -50 and against.change_pct < -50
        assert "narrowed" in meter.text
    assert narrowed >= 3


def test_band_reads_the_trailing_whole_epochs_and_rolling_band_matches_numpy():
    config = RunConfig(problem="linear", seed=0, epochs=8, train_size=100, val_size=20)
    trainer = Trainer(config)
    trainer.run()
    loss = trainer.history.loss.view()
    spe = trainer.steps_per_epoch
    assert band(trainer.history, 5) == float(np.std(loss[3 * spe : 8 * spe]))
    rolled = rolling_band(loss, 10)
    assert abs(rolled[-1] - np.std(loss[-10:])) < 1e-9


def test_recording_in_chunks_gives_the_same_path_and_leaves_the_problem_as_it_was():
    config = linear(5, epochs=4)
    whole = PathRecorder(Trainer(config))
    whole.run()
    chunked_trainer = Trainer(config)
    chunked = PathRecorder(chunked_trainer)
    for _ in range(7):
        chunked.run(19)
    chunked.run()
    assert np.array_equal(whole.steps, chunked.steps) and np.array_equal(whole.states, chunked.states)
    assert "loss_grad" not in vars(chunked_trainer.problem)


def test_a_diverging_path_ends_at_the_last_state_the_run_had():
    trainer = Trainer(RunConfig(problem="linear", optimizer="sgd", lr=1.0, epochs=50, train_size=320, val_size=20))
    recorder = PathRecorder(trainer)
    recorder.run()
    assert trainer.history.diverged_at is not None
    assert recorder.steps[-1] == trainer.history.diverged_at - 1
    assert list(recorder.steps) == list(range(len(recorder.steps)))


def test_a_surface_knows_whether_new_points_are_on_its_grid():
    trainer = Trainer(linear(0, epochs=2))
    recorder = PathRecorder(trainer)
    recorder.run()
    surface = surface_for(trainer, [recorder.states])
    assert surface.contains(recorder.states[-5:])
    assert not surface.contains(np.array([[surface.xs[-1] + 1.0, 0.0]]))
    assert surface.contains(np.array([[np.nan, np.nan]]))


def test_the_rolling_band_of_a_blow_up_is_not_finite_and_warns_nothing():
    import warnings

    loss = np.concatenate([np.full(50, 1.0), [1e200, 1e300, np.inf, np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spread = rolling_band(loss, 10)
    assert np.all(spread[:50] == 0.0) and not np.all(np.isfinite(spread[50:]))


def test_the_trailing_band_kept_as_a_run_grows_equals_the_rolling_band():
    from lrmonitor.core.display.band import TrailingBand

    rng = np.random.default_rng(0)
    loss = np.abs(rng.normal(1.0, 0.3, 5000))
    loss[1234] = np.nan  # a missing value counts as nothing, as in rolling_band
    kept = TrailingBand()
    for end in (1, 7, 1030, 1031, 4000, 5000):  # grown in pieces, across the buffer's doubling
        kept.update(loss[:end])
    assert kept.steps == 5000
    steps = np.array([1, 2, 50, 1234, 1235, 1300, 4999, 5000])
    for window in (1, 32, 160):  # (both subtract squares: a window of 1 is 0 within ~1e-6)
        np.testing.assert_allclose(kept.at(steps, window), rolling_band(loss, window)[steps - 1], rtol=1e-6, atol=1e-5)
