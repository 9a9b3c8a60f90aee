"""The fused SGD steps (linear, logistic) give the generic path's numbers bit for bit, in every SGD variant."""

import numpy as np
import pytest

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import DecayNow, SetOptimizer, Stamped
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.training import fused
from lrmonitor.core.training.fused import stepper
from lrmonitor.core.training.optimizers import parse_optimizer


def generic(problem, params, optimizer):
    """The unfused path, whatever the problem: the reference the fused step must equal."""
    X, Y = problem.X_train, problem.y_train

    def step(batch, lr):
        loss, grads = problem.loss_grad(params, X[batch], Y[batch])
        if np.isfinite(loss):
            optimizer.step(params, grads, lr)
        return loss

    return step, lambda: None


@pytest.mark.parametrize("spec", ["sgd", "momentum", "nesterov", "sgd:momentum=0.5,dampening=0.3",
                                  "sgd:momentum=0.9,weight_decay=0.01", "nesterov:weight_decay=0.1"])
@pytest.mark.parametrize("problem", ["linear", "logistic"])
def test_fused_sgd_equals_the_generic_step(monkeypatch, spec, problem):
    config = RunConfig(problem=problem, optimizer=spec, epochs=7, seed=3)
    events = [Stamped(40, DecayNow(0.5)), Stamped(100, SetOptimizer("adam")), Stamped(150, SetOptimizer(spec))]
    fast = Trainer(config, events)
    fast.run(70)
    fast.run()  # stopped and resumed between epochs: the state goes through sync and back
    monkeypatch.setattr(fused, "stepper", generic)
    monkeypatch.setattr("lrmonitor.core.run.trainer.stepper", generic)
    slow = Trainer(config, events)
    slow.run()
    np.testing.assert_array_equal(fast.history.loss.view(), slow.history.loss.view())
    for a, b in zip(fast.params, slow.params):
        np.testing.assert_array_equal(a, b)
    assert fast.optimizer.state is not None and len(fast.optimizer.state) == len(slow.optimizer.state)
    for a, b in zip(fast.optimizer.state, slow.optimizer.state):
        assert (a is None and b is None) or np.array_equal(a, b)


def test_the_fused_step_is_used_for_linear_and_logistic_sgd_only():
    linear = Trainer(RunConfig(problem="linear")).problem
    logistic = Trainer(RunConfig(problem="logistic")).problem
    mlp = Trainer(RunConfig(problem="mlp")).problem
    params = [np.array([0.0, 0.0])]
    assert stepper(linear, params, parse_optimizer("momentum"))[1] is not fused._nothing
    assert stepper(linear, params, parse_optimizer("adam"))[1] is fused._nothing
    assert stepper(logistic, [np.zeros(2), np.zeros(1)], parse_optimizer("sgd"))[1] is not fused._nothing
    assert stepper(mlp, params, parse_optimizer("momentum"))[1] is fused._nothing


@pytest.mark.parametrize("problem", ["linear", "logistic"])
def test_no_optimizer_state_before_the_first_step(problem):
    trainer = Trainer(RunConfig(problem=problem))
    trainer.run(0)
    assert trainer.optimizer.state is None  # as SGD.step leaves it: checkpoints at step 0 say so
    trainer.run(1)
    assert trainer.optimizer.state is not None
