import numpy as np
import pytest

from lrmonitor.core.training.problems import PROBLEMS, LinearRegression, problem_class


def make(name, seed=0, noise=None):
    return problem_class(name)(200, 100, noise, np.random.default_rng(seed))


def numeric_grad(problem, params, X, y, h=1e-6):
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + h
            up = problem.loss(params, X, y)
            p[i] = old - h
            down = problem.loss(params, X, y)
            p[i] = old
            g[i] = (up - down) / (2 * h)
        grads.append(g)
    return grads


@pytest.mark.parametrize("name", list(PROBLEMS))
def test_analytic_gradient_matches_finite_differences(name):
    problem = make(name)
    rng = np.random.default_rng(1)
    params = [p + 0.3 * rng.normal(size=p.shape) for p in problem.initial_params(rng)]
    X, y = problem.X_train[:40], problem.y_train[:40]
    loss, grads = problem.loss_grad(params, X, y)
    assert loss == pytest.approx(problem.loss(params, X, y), rel=1e-12)
    for analytic, numeric in zip(grads, numeric_grad(problem, params, X, y)):
        assert analytic.shape == numeric.shape
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", list(PROBLEMS))
def test_data_comes_from_the_seed_and_is_split(name):
    a, b, c = make(name, seed=3), make(name, seed=3), make(name, seed=4)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.X_train, c.X_train)
    assert len(a.y_train) == 200 and len(a.y_val) == 100
    assert a.X_train.dtype == np.float64


def test_linear_has_two_parameters_and_elongated_contours():
    problem = make("linear")
    params = problem.initial_params(np.random.default_rng(0))
    assert sum(p.size for p in params) == 2
    X = problem.X_train
    hessian = 2 * np.array([[np.mean(X * X), np.mean(X)], [np.mean(X), 1.0]])
    eig = np.linalg.eigvalsh(hessian)
    assert eig.max() / eig.min() > 10  # contours are long thin ellipses


def test_linear_optimum_is_near_the_true_line_and_the_noise_floor():
    problem = LinearRegression(5000, 10, 0.5, np.random.default_rng(0))
    theta, loss = problem.optimum()
    np.testing.assert_allclose(theta, [LinearRegression.TRUE_W, LinearRegression.TRUE_B], atol=0.05)
    assert loss == pytest.approx(0.25, rel=0.1)


def test_logistic_is_two_class_and_mlp_is_three_class():
    assert set(np.unique(make("logistic").y_train)) == {0.0, 1.0}
    assert set(np.unique(make("mlp").y_train)) == {0, 1, 2}


def test_unknown_problem_names_the_choices():
    with pytest.raises(ValueError, match="unknown problem 'cnn': allowed are linear, logistic, mlp"):
        problem_class("cnn")
