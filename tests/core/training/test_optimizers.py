"""Optimizers follow torch.optim: same rules, defaults and names.

The expected parameters below were produced once by torch 2.13.0 (float64) running the same
six steps with the same gradients and per-step rates; torch is not needed to run the tests.
"""

import math

import numpy as np
import pytest

from lrmonitor.core.training.optimizers import OPTIMIZERS, make_optimizer, parse_optimizer

LRS = [0.1, 0.1, 0.05, 0.05, 0.2, 0.02]

TORCH_RESULTS = [
    ("sgd", {}, [1.0846459522086804, -1.8979921691912416, 0.545985540335203]),
    ("sgd", {"momentum": 0.9}, [0.8857482436792977, -2.308320455964088, -0.06376845350341934]),
    ("sgd", {"momentum": 0.9, "dampening": 0.5}, [0.9428741218396489, -2.2356106404875367, -0.021364707895757815]),
    ("sgd", {"momentum": 0.9, "nesterov": True, "weight_decay": 0.01},
     [0.9654211247767271, -2.132119102248235, 0.03974204465434757]),
    ("adagrad", {}, [1.0132585711139943, -2.0889146087295005, 0.4074047477279796]),
    ("adagrad", {"lr_decay": 0.1, "initial_accumulator_value": 0.5, "weight_decay": 0.1},
     [0.9707718970023437, -2.01938003208933, 0.4014078744632114]),
    ("rmsprop", {}, [1.1417984837349808, -2.8804865551738104, -0.4182292241042054]),
    ("rmsprop", {"momentum": 0.5, "centered": True, "weight_decay": 0.05},
     [-0.8296315571137022, -3.5304012605621784, -1.1221445001203167]),
    ("adam", {}, [0.900166129353997, -2.210733469817682, 0.2840360848869739]),
    ("adam", {"betas": (0.8, 0.99), "amsgrad": True, "weight_decay": 0.02},
     [0.8167777567639403, -2.1721506836144893, 0.3146077151742203]),
]


def _run(opt):
    p = np.array([1.0, -2.0, 0.5])
    for t, lr in enumerate(LRS):
        g = np.array([math.sin(1.3 * t + 0.2 * i) * (i + 1) for i in range(3)])
        opt.step([p], [g], lr)
    return p


@pytest.mark.parametrize("name, hyper, expected", TORCH_RESULTS)
def test_matches_torch_optim(name, hyper, expected):
    np.testing.assert_allclose(_run(make_optimizer(name, **hyper)), expected, rtol=1e-12, atol=1e-14)


def test_presets_are_sgd_with_momentum():
    np.testing.assert_array_equal(_run(make_optimizer("momentum")), _run(make_optimizer("sgd", momentum=0.9)))
    np.testing.assert_array_equal(
        _run(make_optimizer("nesterov")), _run(make_optimizer("sgd", momentum=0.9, nesterov=True))
    )


def test_defaults_are_torch_defaults():
    assert make_optimizer("sgd").hyper == {"momentum": 0.0, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0}
    assert make_optimizer("adagrad").hyper == {
        "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10,
    }
    assert make_optimizer("rmsprop").hyper == {
        "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0, "centered": False,
    }
    assert make_optimizer("adam").hyper == {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}


def test_updates_every_array_in_place_and_uses_the_given_rate():
    params = [np.zeros(2), np.zeros((2, 2))]
    ids = [id(p) for p in params]
    make_optimizer("sgd").step(params, [np.ones(2), np.full((2, 2), 2.0)], 0.5)
    assert [id(p) for p in params] == ids
    np.testing.assert_array_equal(params[0], [-0.5, -0.5])
    np.testing.assert_array_equal(params[1], np.full((2, 2), -1.0))


@pytest.mark.parametrize("name, hyper, fragment", [
    ("sgd", {"momentum": -0.1}, "momentum=-0.1 in optimizer 'sgd' is out of range: allowed is 0 <= momentum"),
    ("sgd", {"nesterov": True}, "needs momentum > 0 and dampening = 0"),
    ("nesterov", {"dampening": 0.1}, "needs momentum > 0 and dampening = 0"),
    ("adam", {"betas": (0.9, 1.0)}, "allowed is 0 <= each of betas < 1"),
    ("adam", {"eps": -1.0}, "0 <= eps"),
    ("rmsprop", {"alpha": 1.5}, "0 <= alpha <= 1"),
    ("adagrad", {"lr_decay": -1}, "0 <= lr_decay"),
    ("adam", {"lr": 0.1}, "unknown parameter 'lr' for optimizer 'adam'"),
    ("lbfgs", {}, "unknown optimizer 'lbfgs': allowed are sgd, momentum, nesterov, adagrad, rmsprop, adam"),
])
def test_bad_values_raise_value_error_naming_value_and_range(name, hyper, fragment):
    with pytest.raises(ValueError) as err:
        make_optimizer(name, **hyper)
    assert fragment in str(err.value)


def test_spec_text_round_trip():
    opt = parse_optimizer("adam:betas=(0.8,0.99),amsgrad=true")
    assert opt.hyper["betas"] == (0.8, 0.99) and opt.hyper["amsgrad"] is True
    assert parse_optimizer(opt.spec()).hyper == opt.hyper
    assert parse_optimizer("sgd:momentum=0.9").spec(full=False) == "sgd:momentum=0.9"
    assert set(OPTIMIZERS) == {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}


# --- corners, with expected values from torch's documented update rules ---------------------


def test_adam_with_beta1_zero_keeps_a_small_gradient_after_a_huge_one():
    """torch: exp_avg.lerp_(grad, 1 - beta1), and lerp with weight 1 returns grad exactly."""
    opt = make_optimizer("adam", betas=(0.0, 0.0))
    p = np.array([1.0])
    opt.step([p], [np.array([1e20])], 0.1)
    opt.step([p], [np.array([1.0])], 0.1)
    # step 1: m = v**0.5 = 1e20 -> p -= 0.1; step 2: m = 1, v = 1, bias corrections 1
    assert opt.state[0]["exp_avg"][0] == 1.0
    assert p[0] == pytest.approx(0.9 - 0.1 * 1.0 / (1.0 + 1e-8), rel=1e-15)


def test_adam_lerp_matches_torch_on_both_sides_of_weight_one_half():
    """Weights below 0.5 use start + w(end - start), the others end - (end - start)(1 - w)."""
    for beta1 in (0.9, 0.3):
        opt = make_optimizer("adam", betas=(beta1, 0.999))
        p, m = np.array([0.5, -0.25]), np.zeros(2)
        for g in ([3.0, -1.0], [0.1, 7.0]):
            g = np.array(g)
            w = 1.0 - beta1
            m = m + w * (g - m) if w < 0.5 else g - (g - m) * (1.0 - w)
            opt.step([p], [g], 0.01)
        np.testing.assert_array_equal(opt.state[0]["exp_avg"], m)


def test_centered_rmsprop_with_alpha_zero_stays_finite():
    """alpha=0: square_avg = g², grad_avg = g (lerp weight 1), variance exactly 0: the step is lr·g/eps."""
    opt = make_optimizer("rmsprop", alpha=0.0, centered=True, eps=1e-3)
    p = np.array([1.0, -2.0, 0.5])
    rng = np.random.default_rng(0)
    for _ in range(50):
        g = rng.normal(size=3)
        before = p.copy()
        opt.step([p], [g], 1e-6)
        np.testing.assert_array_equal(p, before - 1e-6 * (g / (0.0 + 1e-3)))
    assert np.all(np.isfinite(p))


def test_centered_rmsprop_with_constant_gradients_stays_finite():
    """The variance of a constant gradient is 0; rounding must not make its square root NaN."""
    for alpha in (0.0, 0.3, 0.5, 0.9, 0.99):
        opt = make_optimizer("rmsprop", alpha=alpha, centered=True)
        p = np.zeros(64)
        g = np.linspace(0.1, 7.3, 64)
        for _ in range(200):
            opt.step([p], [g], 1e-3)
        assert np.all(np.isfinite(p)), alpha


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("lr", [-0.1, -1e-300, float("nan")])
def test_a_negative_rate_is_refused_like_torch(name, lr):
    p = np.array([1.0])
    with pytest.raises(ValueError, match=r"passed to step\(\) is out of range: allowed is lr >= 0"):
        make_optimizer(name).step([p], [np.array([1.0])], lr)
    assert p[0] == 1.0


def test_a_zero_rate_is_allowed_and_changes_nothing():
    for name in OPTIMIZERS:
        p = np.array([1.0, 2.0])
        make_optimizer(name).step([p], [np.array([0.5, -0.5])], 0.0)
        np.testing.assert_array_equal(p, [1.0, 2.0])
