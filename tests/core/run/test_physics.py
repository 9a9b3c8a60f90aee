"""The lessons lrmonitor teaches show with the default run, on any computer.

A run's numbers depend on the CPU's BLAS kernel (and numpy's SIMD paths for tanh and exp): the
same seed's trajectory differs from machine to machine (seed 0's mini-batch losses under two
kernels differ in the last bits from step 4 and by more than 1 % from step 277; with the earlier
default rate its fixed run stalled at epoch 23 on one machine and at 32 on another, and a test
pinned to one seed failed there). So no test here pins a trajectory. Each lesson is pinned by
behaviour over ten seeds ("on at least 8 of 10 seeds", medians), with thresholds set below what
was measured under the default, Haswell, Prescott and Sandybridge kernels, with room
(``python -m benchmarks.lessons`` measures them; the README's "What the defaults show" gives the
numbers). ``test_physics_kernels.py`` runs this module again under Prescott and Sandybridge.

Each seed's fixed-rate run and its decayed fork are trained once for the module; the runs at 10×
and 1/100 of the rate once each, in the two tests that use them: about 119,000 steps in all,
8 s of CPU with one BLAS thread (``tests/conftest.py``).
"""

import dataclasses
import math
import statistics

import numpy as np
import pytest

from lrmonitor.core.display.guide import SUGGESTED_DECAY
from lrmonitor.core.engine.runs import PlateauWatch
from lrmonitor.core.run.compare import metrics
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.history import History
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import fork

SEEDS = range(10)
CHANCE = math.log(3)  # the cross-entropy of guessing among the spiral's three classes

# Thresholds, each with the extreme measured over seeds 0-9 under the default (SkylakeX), Haswell,
# Prescott and Sandybridge kernels, and Nehalem (an SSE kernel for older CPUs) in brackets. At this
# rate one seed in ten or twenty may get lost for a while on a given kernel (Nehalem's seed 5 wanders
# between 0.4 and 4.6), so the per-seed lessons are asserted on most seeds, with a seed of room:
PLATEAU_BY = 70  # the detector fires by this epoch on every seed (latest: 41 [35])
MOST = 8  # seeds of 10 that must show a per-seed lesson (fewest measured: 9 [9])
CLOSE = 0.5  # after the plateau the fixed run got below this fraction of its first epoch's loss (0.38 [1 seed: 0.53])
SWING = 2.5  # ... and its validation loss swings by more than this factor (4.9)
LOWERED_40 = 8  # seeds lowered by >= 40 % by the decay (fewest: 9 [9]; median 75-78 % [79 %])
LOWERED_ALL = 0.15  # ... and every seed lowered by at least this (least: 0.36 [0.29])
MEDIAN_LOWERED = 0.60
BAND_AT_MOST = 0.6  # the decayed band over the fixed one, every seed (largest: 0.37 [0.32])
BAND_MEDIAN = 0.25  # ... and its median (0.10-0.13 [0.12])
HIGH_ABOVE = 5  # α0×10 ends above this many times the loss of guessing, every seed (lowest: 21 [11.7])
LOW_ABOVE = 1.25  # α0/100 ends above this many times the decayed run's level (lowest: 2.19 [1.08, then 1.64])
LOW_FALLING = 0.02  # ... and its last 10 epochs are this much below the 10 before, every seed (least: 5.6 %)


@dataclasses.dataclass(frozen=True)
class Lesson:
    """One seed of the default run: at its fixed rate, and forked with the suggested decay where
    the window's plateau detector fires (where the window pauses by itself)."""

    seed: int
    config: RunConfig
    fixed: History
    plateau: int | None  # the epoch at whose end the detector first fired
    decayed: History | None  # the fork, from the next epoch's first step, trained to the end


def lesson(seed: int) -> Lesson:
    config = RunConfig(seed=seed).validated()
    fixed = Trainer(config)
    fixed.run()
    watch = PlateauWatch()  # the detector the window pauses with (ReduceLROnPlateau's logic)
    watch.feed(fixed.history.val_loss.view())
    decayed = None
    if watch.fired_at is not None and watch.fired_at + 1 < config.epochs:
        fork_run = fork(fixed, (watch.fired_at + 1) * config.steps_per_epoch, SUGGESTED_DECAY)
        fork_run.run()
        decayed = fork_run.history
    return Lesson(seed, config, fixed.history, watch.fired_at, decayed)


@pytest.fixture(scope="module")
def lessons() -> list[Lesson]:
    return [lesson(seed) for seed in SEEDS]


def final_val_loss(config: RunConfig) -> float:
    """The run's last validation loss; inf if it diverged (the worst a run can end)."""
    run = Trainer(config, checkpoints=False)
    run.run()
    last = float(run.history.val_loss.view()[-1]) if run.history.epochs else math.inf
    return math.inf if run.status is RunState.DIVERGED or not math.isfinite(last) else last


def per_seed(values) -> str:
    return ", ".join(f"seed {seed}: {value:.3g}" for seed, value in values)


def test_defaults_are_the_documented_ones():
    c = RunConfig().validated()
    assert (c.problem, c.optimizer.split(":")[0], c.lr, c.batch_size, c.epochs, c.noise) == \
        ("mlp", "momentum", 0.3, 32, 100, 0.4)


def test_the_plateau_detector_fires_early_enough_to_decay_and_compare(lessons):
    """The window pauses where the detector fires; the decay needs epochs after it to show."""
    fired = [(s.seed, s.plateau if s.plateau is not None else math.inf) for s in lessons]
    assert all(epoch <= PLATEAU_BY for _, epoch in fired), per_seed(fired)


def test_a_fixed_rate_gets_close_then_wanders_in_a_band(lessons):
    """After the plateau the fixed-rate run neither settles nor leaves, on most seeds: its
    validation loss got below half of where it started, and keeps swinging by a wide factor."""
    shown = []
    for s in lessons:
        assert s.plateau is not None, f"seed {s.seed}: the plateau detector never fired"
        val = s.fixed.val_loss.view()
        late = val[s.plateau:]
        shown.append((s.seed, late.min() / val[0], late.max() / late.min()))
    text = ", ".join(f"seed {seed}: lowest {low:.2f} of the start, swing ×{swing:.1f}" for seed, low, swing in shown)
    assert sum(low < CLOSE and swing > SWING for _, low, swing in shown) >= MOST, text


def test_step_decay_at_the_plateau_lowers_the_validation_loss_clearly(lessons):
    """The lesson itself: the suggested step decay, applied where the detector fires, lowers the
    mean validation loss over the last 10 epochs clearly. The defaults were chosen so that it does
    by at least 40 % on at least 9 of 10 seeds under each kernel measured (the README's table);
    the test keeps a seed of room below that, because another CPU is another kernel, and asks
    every seed to be lowered by some margin and the median by much more."""
    lowered = [(s.seed, 1 - metrics(s.decayed).last10_val_mean / metrics(s.fixed).last10_val_mean)
               for s in lessons if s.decayed is not None]
    assert len(lowered) == len(SEEDS), per_seed(lowered)
    assert sum(r >= 0.40 for _, r in lowered) >= LOWERED_40, per_seed(lowered)
    assert all(r >= LOWERED_ALL for _, r in lowered), per_seed(lowered)
    assert statistics.median(r for _, r in lowered) >= MEDIAN_LOWERED, per_seed(lowered)


def test_the_decayed_per_step_loss_spread_is_much_smaller(lessons):
    """The band, the per-step loss std over the last 10 epochs, narrows: the decayed run settles."""
    ratios = [(s.seed, metrics(s.decayed).band_std / metrics(s.fixed).band_std) for s in lessons
              if s.decayed is not None]
    assert len(ratios) == len(SEEDS) and all(r < BAND_AT_MOST for _, r in ratios), per_seed(ratios)
    assert statistics.median(r for _, r in ratios) < BAND_MEDIAN, per_seed(ratios)


def test_ten_times_the_rate_ends_far_above_it(lessons):
    """α0×10 diverges or ends far worse than guessing (5 × ln 3), on every seed."""
    finals = [(s.seed, final_val_loss(dataclasses.replace(s.config, lr=10 * s.config.lr))) for s in lessons]
    assert all(v > HIGH_ABOVE * CHANCE for _, v in finals), per_seed(finals)


def test_a_hundredth_of_the_rate_is_still_high_and_still_falling(lessons):
    """α0/100 is slow: after the whole run its validation loss is still falling on every seed, and
    on most seeds still well above where the decayed run settled (on a seed whose decayed run
    settled badly, the two can end close)."""
    above, falling = [], []
    for s in lessons:
        assert s.decayed is not None, f"seed {s.seed}: no decayed run (the plateau detector never fired)"
        run = Trainer(dataclasses.replace(s.config, lr=s.config.lr / 100), checkpoints=False)
        run.run()
        val = run.history.val_loss.view()
        above.append((s.seed, val[-1] / metrics(s.decayed).last10_val_mean))
        falling.append((s.seed, 1 - np.mean(val[-10:]) / np.mean(val[-20:-10])))
    assert sum(ratio > LOW_ABOVE for _, ratio in above) >= MOST, "final over decayed: " + per_seed(above)
    assert all(fall > LOW_FALLING for _, fall in falling), "fall over the last 10 epochs: " + per_seed(falling)
