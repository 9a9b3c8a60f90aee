"""The verdict rule pins the lecture's picture 1 by behaviour across seeds, not one seed's numbers."""

import dataclasses

import numpy as np
import pytest

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.history import History
from lrmonitor.core.run.sweep import default_rates, parse_rates, sweep_trainers
from lrmonitor.core.run.verdicts import GOOD, HIGH, LOW, RULE, TOO_HIGH, judge


def sweep(problem, optimizer, seed, **sizes):
    config = RunConfig(problem=problem, optimizer=optimizer, seed=seed, epochs=30, train_size=200, val_size=100)
    config = dataclasses.replace(config, **sizes).validated()
    rates = default_rates(config)
    trainers = sweep_trainers(config, rates)
    for trainer in trainers:
        trainer.run()
    return judge([(r, t.history) for r, t in zip(rates, trainers)])


@pytest.mark.parametrize("problem, optimizer, sizes", [
    ("linear", "sgd", {}),
    ("mlp", "momentum", {"train_size": 300, "epochs": 40}),
])
def test_x10_is_too_high_or_high_and_x001_is_low_across_seeds(problem, optimizer, sizes):
    for seed in range(4):
        verdicts = [v.verdict for v in sweep(problem, optimizer, seed, **sizes)]
        assert verdicts[3] in (TOO_HIGH, HIGH), (seed, verdicts)
        assert verdicts[0] == LOW, (seed, verdicts)
        assert verdicts.count(GOOD) == 1, (seed, verdicts)


def synthetic(train, step_losses=None, diverged_at=None):
    history = History(1)
    train = np.asarray(train, dtype=float)
    history.loss.extend(np.asarray(step_losses if step_losses is not None else train, dtype=float))
    history.lr.extend(np.full(len(history.loss), 0.1))
    history.epoch_lr.extend(np.full(len(train), 0.1))
    history.train_loss.extend(train)
    history.val_loss.extend(train)
    history.diverged_at = diverged_at
    return history


def test_the_rule_on_curves_whose_answer_is_known():
    n = 30
    rng = np.random.default_rng(0)
    stalled = np.concatenate([[5.0], np.full(n - 1, 1.0) + 0.05 * rng.normal(size=n - 1)])
    slow = np.linspace(5.0, 2.0, n)  # still falling steadily
    best = np.geomspace(5.0, 0.1, n)
    best[-8:] = 0.1 + 0.001 * rng.normal(size=8)
    rising = np.linspace(1.0, 3.0, n)  # ends above where it started
    verdicts = judge([(1.0, synthetic(stalled)), (0.01, synthetic(slow)), (0.1, synthetic(best)),
                      (10.0, synthetic(rising)), (20.0, synthetic([5.0, np.inf], diverged_at=2))])
    assert [v.verdict for v in verdicts] == [HIGH, LOW, GOOD, TOO_HIGH, TOO_HIGH]
    assert "diverged" in verdicts[4].why


def test_the_rule_text_names_every_verdict():
    for name in (TOO_HIGH, HIGH, GOOD, LOW):
        assert f"• {name}:" in RULE


def test_rates_are_parsed_as_given_and_bad_ones_are_named():
    assert parse_rates("0.001, 1e-2,0.1") == [("0.001", 0.001), ("1e-2", 0.01), ("0.1", 0.1)]
    for text, named in [("0.1,,1", "malformed"), ("0.1,-1", "-1"), ("0.1,x", "x"), ("0.1,0.10", "twice")]:
        with pytest.raises(ValueError, match=named):
            parse_rates(text)
