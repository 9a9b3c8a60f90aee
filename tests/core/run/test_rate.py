"""Manual decays on a running schedule behave as torch's ``param_group['lr'] *= F`` between
scheduler steps, checked against small reference loops of torch's documented update rules
(ReduceLROnPlateau on the group's rate, CosineAnnealingLR's recursive form); torch is not needed.
"""

import math

import pytest

from lrmonitor.core.run.events import parse_action
from lrmonitor.core.run.rate import RateController
from lrmonitor.core.training.schedules import parse_schedule


def rates(alpha0, actions, epochs, spe=1, losses=None):
    """The rate of every step: ``actions`` is {epoch: [action text, ...]} applied at its start."""
    rc, out = RateController(alpha0, spe), []
    for e in range(epochs):
        for text in actions.get(e, ()):
            rc.apply(parse_action(text), e * spe)
        out += [rc.rate(e * spe + k) for k in range(spe)]
        rc.epoch_end(1.0 if losses is None else losses[e])
    return out


def torch_plateau(alpha0, factor, patience, min_lr, decays, epochs, losses=None, threshold=1e-4, cooldown=0):
    """ReduceLROnPlateau (mode min, rel threshold, eps 1e-8) on the group's rate, which the
    manual decays multiply: ``for g in opt.param_groups: g['lr'] *= F``."""
    lr, best, bad, cool, out = alpha0, math.inf, 0, 0, []
    for e in range(epochs):
        lr *= decays.get(e, 1.0)
        out.append(lr)
        loss = 1.0 if losses is None else losses[e]
        if loss < best * (1 - threshold):
            best, bad = loss, 0
        else:
            bad += 1
        if cool > 0:
            cool, bad = cool - 1, 0
        if bad > patience:
            new = max(lr * factor, min_lr)
            if lr - new > 1e-8:
                lr = new
            cool, bad = cooldown, 0
    return out


def torch_cosine(alpha0, period, low, decays, epochs):
    """CosineAnnealingLR's recursive form, the one that carries a manual change on."""
    lr, out = alpha0, []
    for e in range(epochs):
        lr *= decays.get(e, 1.0)
        out.append(lr)
        t = e + 1
        if t == epochs:
            break
        lr = (1 + math.cos(math.pi * t / period)) / (1 + math.cos(math.pi * (t - 1) / period)) * (lr - low) + low
    return out


def test_plateau_with_a_manual_decay_stays_at_min_lr_like_torch():
    # the example: alpha0 = 0.1, decay 0.1 at epoch 5, constant validation loss
    got = rates(0.1, {0: ["plateau:factor=0.1,patience=2,min_lr=0.001"], 5: ["decay=0.1"]}, 30)
    assert got == pytest.approx(torch_plateau(0.1, 0.1, 2, 0.001, {5: 0.1}, 30), rel=1e-12)
    assert got[-1] == pytest.approx(0.001, rel=1e-12) and min(got) >= 0.001 * (1 - 1e-12)


def test_plateau_ignores_reductions_below_eps_of_the_rate_in_effect():
    # 1e-7 decayed to 5e-8: each further halving is below torch's eps of 1e-8 once under 2e-8
    got = rates(1e-7, {0: ["plateau:factor=0.5,patience=1"], 1: ["decay=0.5"]}, 20)
    want = torch_plateau(1e-7, 0.5, 1, 0.0, {1: 0.5}, 20)
    assert got == pytest.approx(want, rel=1e-12)
    assert want[-1] == pytest.approx(1.25e-8)


def test_plateau_and_decays_follow_torch_on_a_moving_loss():
    losses = [1.0 / (1 + e) if e < 8 else 0.12 + 0.01 * math.sin(e) for e in range(60)]
    got = rates(0.2, {0: ["plateau:factor=0.5,patience=3,min_lr=0.002,cooldown=2"], 12: ["decay=0.3"],
                      30: ["decay=0.5"]}, 60, losses=losses)
    want = torch_plateau(0.2, 0.5, 3, 0.002, {12: 0.3, 30: 0.5}, 60, losses, cooldown=2)
    assert got == pytest.approx(want, rel=1e-12)


def test_a_decay_never_takes_plateau_below_min_lr():
    got = rates(0.01, {0: ["plateau:patience=100,min_lr=0.005"], 2: ["decay=0.1"]}, 4)
    assert got == [0.01, 0.01, 0.005, 0.005]  # torch would go to 0.001: min_lr is a promise here


@pytest.mark.parametrize("period, low, at, factor", [(50, 0.01, 20, 0.5), (30, 0.0, 10, 0.1), (12, 0.02, 3, 0.3)])
def test_cosine_with_a_decay_still_ends_at_min_like_torch(period, low, at, factor):
    got = rates(0.1, {0: [f"cosine:period={period},min={low}"], at: [f"decay={factor}"]}, period + 10)
    want = torch_cosine(0.1, period, low, {at: factor}, period + 1)
    assert got[: period + 1] == pytest.approx(want, rel=1e-12, abs=1e-17)
    assert got[period:] == pytest.approx([low] * 10, rel=1e-12, abs=1e-17)  # held at min, not below


def test_a_decay_that_would_cross_min_stops_at_min():
    # at epoch 35 of 40 the rate is ~0.0048; x0.2 would be ~0.00095 < min: it becomes min
    got = rates(0.1, {0: ["cosine:period=40,min=0.001"], 35: ["decay=0.2"]}, 45)
    assert got[35:] == pytest.approx([0.001] * 10, rel=1e-12)


def test_a_decay_at_the_floor_changes_nothing_and_multiplicative_schedules_scale():
    got = rates(0.1, {0: ["cosine:period=5,min=0.01"], 7: ["decay=0.5"]}, 9)
    assert got[7:] == pytest.approx([0.01, 0.01], rel=1e-12)
    got = rates(0.1, {0: ["multistep:milestones=2/4,factor=0.5"], 3: ["decay=0.1"]}, 6)
    assert got == pytest.approx([0.1, 0.1, 0.05, 0.005, 0.0025, 0.0025], rel=1e-12)


def test_warm_restarts_with_a_decay_keep_restarting_above_min():
    got = rates(0.1, {0: ["sgdr:period=4,mult=1,min=0.02"], 2: ["decay=0.5"]}, 12)
    plain = [parse_schedule("sgdr:period=4,mult=1,min=0.02").rate(0.1, e) for e in range(12)]
    assert got[2] == pytest.approx(0.5 * plain[2], rel=1e-12)
    gain = (got[2] - 0.02) / (plain[2] - 0.02)
    assert got[4] == pytest.approx(0.02 + gain * (0.1 - 0.02), rel=1e-12)  # a restart, lowered
    assert min(got) >= 0.02 * (1 - 1e-12)


def test_one_cycle_with_a_decay_still_ends_at_its_final_rate():
    spec = "onecycle:max=0.1,epochs=10,pct=0.3,div=25,final_div=1e4"
    got = rates(0.5, {0: [spec], 4: ["decay=0.5"]}, 12, spe=3)
    plain = rates(0.5, {0: [spec]}, 12, spe=3)
    final = 0.1 / 25 / 1e4
    assert got[:12] == plain[:12] and got[12] == pytest.approx(0.5 * plain[12], rel=1e-12)
    gain = (got[12] - final) / (plain[12] - final)
    assert got[12:] == pytest.approx([final + gain * (r - final) for r in plain[12:]], rel=1e-12)
    assert got[-1] == pytest.approx(final, rel=1e-12)


def test_a_new_schedule_after_a_decay_starts_from_the_decayed_rate():
    got = rates(0.1, {0: ["cosine:period=10,min=0.01"], 2: ["decay=0.5"], 4: ["warmup:epochs=2,start=0.5"]}, 7)
    alpha0 = torch_cosine(0.1, 10, 0.01, {2: 0.5}, 5)[4]  # the decayed cosine's rate at epoch 4
    assert got[4:] == pytest.approx([0.5 * alpha0, 0.75 * alpha0, alpha0], rel=1e-12)
