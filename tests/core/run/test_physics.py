"""The lessons lrmonitor teaches must show with the default settings (pinned by seed).

Default run: mlp (3-class spiral), momentum 0.9, alpha0 = 0.2, batch 32, 100 epochs.
"""

import numpy as np
import pytest

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import Stamped, parse_action
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.training.schedules import PlateauDetector

SEEDS = [0, 1, 2]


def train(config, events=()):
    trainer = Trainer(config, events)
    trainer.run()
    return trainer


def plateau_epoch(val_loss):
    """First epoch at which ReduceLROnPlateau's logic (PyTorch defaults) says: stalled."""
    detector = PlateauDetector()
    return next(i for i, v in enumerate(val_loss) if detector.update(v))


@pytest.fixture(scope="module", params=SEEDS)
def runs(request):
    config = RunConfig(seed=request.param).validated()
    constant = train(config)
    stall = plateau_epoch(constant.history.val_loss.view())
    decayed = train(config, [Stamped((stall + 1) * config.steps_per_epoch, parse_action("step:factor=0.1,every=20"))])
    return config, constant, decayed, stall


def last_epochs_mean(trainer, n=10):
    return float(np.mean(trainer.history.val_loss.view()[-n:]))


def test_defaults_are_the_documented_ones():
    c = RunConfig().validated()
    assert (c.problem, c.optimizer.split(":")[0], c.lr, c.batch_size, c.epochs) == ("mlp", "momentum", 0.2, 32, 100)


def test_fixed_rate_stalls_and_wanders_in_a_band(runs):
    _, constant, _, stall = runs
    assert stall < 60  # the plateau detector fires well before the end
    val = constant.history.val_loss.view()
    late = val[stall:]
    assert late.min() < val[0] / 5  # it got close ...
    assert late.max() > 1.5 * late.min()  # ... then wanders instead of settling


def test_step_decay_at_the_plateau_lowers_validation_loss_clearly(runs):
    _, constant, decayed, _ = runs
    assert last_epochs_mean(decayed) < 0.6 * last_epochs_mean(constant)
    assert decayed.history.val_loss.view()[-1] < constant.history.val_loss.view()[-1]


def test_per_step_loss_spread_is_clearly_smaller_after_decay(runs):
    config, constant, decayed, _ = runs
    window = 10 * config.steps_per_epoch
    assert decayed.history.loss.view()[-window:].std() < 0.4 * constant.history.loss.view()[-window:].std()


@pytest.mark.parametrize("seed", SEEDS)
def test_rate_ten_times_too_high_diverges_or_ends_far_worse(seed):
    good = train(RunConfig(seed=seed))
    high = train(RunConfig(seed=seed, lr=2.0))
    assert high.status is RunState.DIVERGED or high.history.val_loss.view()[-1] > 20 * good.history.val_loss.view()[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_rate_hundred_times_too_low_ends_far_worse(seed):
    good = train(RunConfig(seed=seed))
    low = train(RunConfig(seed=seed, lr=0.002))
    assert low.history.val_loss.view()[-1] > 4 * good.history.val_loss.view()[-1]
