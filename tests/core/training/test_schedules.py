import math

import numpy as np
import pytest

from lrmonitor.core.training.schedules import SCHEDULES, PlateauDetector, make_schedule, parse_schedule

A0 = 0.4


@pytest.mark.parametrize("spec, t, expected", [
    ("constant", 7, A0),
    ("inverse:k=0.5", 4, A0 / (1 + 0.5 * 4)),
    ("exponential", 10, A0 * 0.95**10),
    ("exponential:gamma=0.5", 3, A0 * 0.125),
    ("step", 19, A0),
    ("step", 20, A0 * 0.1),
    ("step:factor=0.5,every=3", 7, A0 * 0.25),
    ("cosine:period=10,min=0.01", 5, 0.01 + (A0 - 0.01) / 2),
    ("cosine:period=10", 10, 0.0),
    ("cosine:period=10,min=0.01", 25, 0.01),
])
def test_formulas(spec, t, expected):
    assert parse_schedule(spec).rate(A0, t) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_defaults_match_the_classic_schemes():
    assert make_schedule("exponential").values["gamma"] == 0.95
    step = make_schedule("step").values
    assert (step["factor"], step["every"]) == (0.1, 20)
    plateau = make_schedule("plateau").values
    names = ("factor", "patience", "threshold", "cooldown", "min_lr")
    assert tuple(plateau[name] for name in names) == (0.1, 10, 1e-4, 0, 0.0)


def test_every_schedule_accepts_per_step_and_per_epoch():
    for name in SCHEDULES:
        assert parse_schedule(f"{name}:per=step").per_step
        assert not parse_schedule(f"{name}:per=epoch").per_step
        # one-cycle is stepped every batch in torch; the others once per epoch
        assert parse_schedule(name).per_step == (name == "onecycle")


@pytest.mark.parametrize("spec, fragment", [
    ("step:factor=0", "0 < factor <= 1"),
    ("step:factor=1.5", "0 < factor <= 1"),
    ("exponential:gamma=0", "0 < gamma <= 1"),
    ("exponential:gamma=1.01", "0 < gamma <= 1"),
    ("step:every=0", "1 <= every"),
    ("step:every=-3", "1 <= every"),
    ("step:every=2.5", "whole number"),
    ("cosine:period=0", "0 < period"),
    ("inverse:k=-1", "0 <= k"),
    ("plateau:patience=-1", "0 <= patience"),
    ("step:per=minute", "one of epoch, step"),
    ("step:size=3", "unknown parameter 'size' for schedule 'step': allowed are factor, every, per"),
    ("linear", "unknown schedule 'linear'"),
])
def test_bad_values_name_value_and_range(spec, fragment):
    with pytest.raises(ValueError, match=_re(fragment)):
        parse_schedule(spec)


def _re(text):
    import re

    return re.escape(text)


def test_spec_round_trips_and_short_form_omits_defaults():
    s = parse_schedule("step:every=5")
    assert s.spec() == "step:factor=0.1,every=5,per=epoch"
    assert s.spec(full=False) == "step:every=5"
    assert parse_schedule(s.spec()).values == s.values


def test_formula_text_shows_the_numbers():
    assert parse_schedule("step:factor=0.5,every=10").formula_text() == "α = α0 · 0.5^⌊t/10⌋"


def test_plateau_detector_follows_reduce_lr_on_plateau():
    d = PlateauDetector(patience=2, threshold=0.1, cooldown=1)
    # 1.0 best; 0.95 is not 10% better -> bad; bad; bad (3 > patience 2) -> drop
    assert [d.update(v) for v in (1.0, 0.95, 0.95, 0.95)] == [False, False, False, True]
    # cooldown of one epoch swallows the next bad epoch, then counting restarts
    assert [d.update(v) for v in (0.95, 0.95, 0.95, 0.95)] == [False, False, False, True]
    assert d.best == 1.0
    assert not d.update(0.5) and d.best == 0.5


def test_plateau_schedule_drops_by_factor_and_respects_min_lr():
    s = parse_schedule("plateau:factor=0.5,patience=0,min_lr=0.15")
    rates = []
    for val in (1.0, 1.0, 1.0, 1.0):
        s.observe(val, A0)
        rates.append(s.rate(A0, 0))
    assert rates == [A0, A0 * 0.5, 0.15, 0.15]


def test_plateau_factor_one_is_refused_like_torch():
    with pytest.raises(ValueError, match="factor < 1"):
        parse_schedule("plateau:factor=1")
    assert math.isfinite(parse_schedule("plateau:factor=0.99").values["factor"])


# --- the schedules of frameworks, against torch's documented formulas -----------------------
# Each reference is written from the torch documentation (closed forms, or the algorithm of
# get_lr), independently of lrmonitor's code; ``t`` is torch's last_epoch.


def torch_linear(a0, start, total, t):
    return a0 * (start + (1.0 - start) * min(total, t) / total)


def torch_multistep(a0, milestones, gamma, t):
    return a0 * gamma ** sum(1 for m in milestones if m <= t)


def torch_poly(a0, total, power, t):
    return a0 * (1.0 - min(total, t) / total) ** power


def torch_warm_restarts(a0, t0, mult, eta_min, epoch):
    """CosineAnnealingWarmRestarts.step(epoch) with an explicit (possibly fractional) epoch."""
    if epoch >= t0:
        if mult == 1:
            t_cur, t_i = epoch % t0, t0
        else:
            n = int(math.log(epoch / t0 * (mult - 1) + 1, mult))
            t_cur, t_i = epoch - t0 * (mult**n - 1) / (mult - 1), t0 * mult**n
    else:
        t_cur, t_i = epoch, t0
    return eta_min + (a0 - eta_min) * (1 + math.cos(math.pi * t_cur / t_i)) / 2


def torch_one_cycle(max_lr, total, pct_start, div, final_div, step):
    """OneCycleLR.get_lr, anneal_strategy='cos', three_phase=False."""
    initial = max_lr / div
    low = initial / final_div
    phases = [(float(pct_start * total) - 1, initial, max_lr), (total - 1, max_lr, low)]
    start_step = 0.0
    for i, (end_step, a, b) in enumerate(phases):
        if step <= end_step or i == len(phases) - 1:
            pct = (step - start_step) / (end_step - start_step)
            return b + (a - b) / 2.0 * (math.cos(math.pi * pct) + 1)
        start_step = end_step


def close(got, want):
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("epochs, start", [(5, 0.1), (7, 0.25), (1, 0.5), (30, 1 / 3), (4, 1.0)])
def test_warmup_is_torch_linear_lr(epochs, start):
    s = parse_schedule(f"warmup:epochs={epochs},start={start!r}")
    ts = range(3 * epochs + 5)
    close([s.rate(A0, t) for t in ts], [torch_linear(A0, start, epochs, t) for t in ts])
    steps = parse_schedule(f"warmup:epochs={epochs},start={start!r},per=step")  # LinearLR(total_iters=E*spe)
    close([steps.rate_at(A0, n, 7) for n in range((epochs + 2) * 7)],
          [torch_linear(A0, start, epochs * 7, n) for n in range((epochs + 2) * 7)])


@pytest.mark.parametrize("milestones, factor", [((30, 60, 90), 0.1), ((1, 2, 5), 0.5), ((3,), 0.3)])
def test_multistep_is_torch_multistep_lr(milestones, factor):
    text = "/".join(map(str, milestones))
    s = parse_schedule(f"multistep:milestones={text},factor={factor}")
    close([s.rate(A0, t) for t in range(120)], [torch_multistep(A0, milestones, factor, t) for t in range(120)])
    steps = parse_schedule(f"multistep:milestones={text},factor={factor},per=step")
    close([steps.rate_at(A0, n, 7) for n in range(100 * 7)],
          [torch_multistep(A0, [m * 7 for m in milestones], factor, n) for n in range(100 * 7)])


@pytest.mark.parametrize("epochs, power", [(50, 1.0), (10, 2.0), (7, 0.9), (3, 3.5)])
def test_poly_is_torch_polynomial_lr(epochs, power):
    s = parse_schedule(f"poly:epochs={epochs},power={power}")
    close([s.rate(A0, t) for t in range(epochs + 10)], [torch_poly(A0, epochs, power, t) for t in range(epochs + 10)])
    steps = parse_schedule(f"poly:epochs={epochs},power={power},per=step")
    close([steps.rate_at(A0, n, 7) for n in range((epochs + 2) * 7)],
          [torch_poly(A0, epochs * 7, power, n) for n in range((epochs + 2) * 7)])
    assert s.rate(A0, epochs) == 0.0


@pytest.mark.parametrize("period, mult, low", [(10, 2, 0.0), (5, 1, 0.01), (3, 3, 0.001), (1, 2, 0.0), (7, 1, 0.0)])
def test_sgdr_is_torch_cosine_annealing_warm_restarts(period, mult, low):
    s = parse_schedule(f"sgdr:period={period},mult={mult},min={low}")
    close([s.rate(A0, t) for t in range(200)], [torch_warm_restarts(A0, period, mult, low, t) for t in range(200)])
    steps = parse_schedule(f"sgdr:period={period},mult={mult},min={low},per=step")  # torch: step(epoch + i/spe)
    close([steps.rate_at(A0, n, 7) for n in range(100 * 7)],
          [torch_warm_restarts(A0, period, mult, low, n / 7) for n in range(100 * 7)])


def test_sgdr_restarts_at_alpha0_after_each_longer_period():
    s = parse_schedule("sgdr:period=2,mult=3,min=0.01")
    assert [s.rate(A0, t) for t in (0, 2, 8, 26)] == [A0] * 4  # periods 2, 6, 18
    assert s.rate(A0, 1) == pytest.approx(0.01 + (A0 - 0.01) / 2, rel=1e-12)


@pytest.mark.parametrize("peak, epochs, pct, div, final_div", [
    (0.1, 100, 0.3, 25.0, 1e4), (1.0, 10, 0.25, 10.0, 100.0), (0.5, 3, 0.5, 4.0, 1e3), (2.0, 7, 0.1, 1.0, 1.0),
])
def test_onecycle_is_torch_one_cycle_lr_per_step(peak, epochs, pct, div, final_div):
    spe = 7
    s = parse_schedule(f"onecycle:max={peak},epochs={epochs},pct={pct},div={div},final_div={final_div}")
    assert s.per_step
    total = epochs * spe
    want = [torch_one_cycle(peak, total, pct, div, final_div, n) for n in range(total)]
    close([s.rate_at(A0, n, spe) for n in range(total)], want)
    # torch refuses to step past total_steps; here the cycle's last rate is held
    assert [s.rate_at(A0, n, spe) for n in (total, total + 50)] == [want[-1]] * 2
    per_epoch = parse_schedule(s.spec().replace("per=step", "per=epoch"))  # total_steps = epochs
    close([per_epoch.rate_at(A0, n, spe) for n in range(0, total, spe)],
          [torch_one_cycle(peak, epochs, pct, div, final_div, e) for e in range(epochs)])


def test_onecycle_sets_its_own_rate_and_ends_at_max_over_div_final_div():
    s = parse_schedule("onecycle:max=0.2,epochs=10,pct=0.3,div=20,final_div=100")
    assert s.rate_at(5.0, 0, 10) == pytest.approx(0.01, rel=1e-12)  # alpha0 = 5 is not used
    assert max(s.rate_at(5.0, n, 10) for n in range(100)) == pytest.approx(0.2, rel=1e-12)
    assert s.rate_at(5.0, 99, 10) == pytest.approx(0.2 / 20 / 100, rel=1e-12)
    one_step = parse_schedule("onecycle:epochs=1,pct=0.5")  # a phase of one step: torch divides 0 by 0
    assert [one_step.rate_at(1.0, n, 2) for n in range(2)] == pytest.approx([0.1, 0.1 / 25 / 1e4], rel=1e-12)


@pytest.mark.parametrize("period, low", [(50.0, 0.0), (10.0, 0.01), (3.0, 0.001)])
def test_cosine_periodic_is_torch_cosine_annealing_lr_and_hold_holds(period, low):
    periodic = parse_schedule(f"cosine:period={period},min={low},after=periodic")
    want = [low + (A0 - low) * (1 + math.cos(math.pi * t / period)) / 2 for t in range(int(5 * period))]
    close([periodic.rate(A0, t) for t in range(int(5 * period))], want)
    assert periodic.rate(A0, 2 * period) == pytest.approx(A0, rel=1e-12)  # torch's period is 2T
    hold = parse_schedule(f"cosine:period={period},min={low}")
    close([hold.rate(A0, t) for t in range(int(period) + 1)], want[: int(period) + 1])
    assert [hold.rate(A0, t) for t in (period + 1, 2 * period, 7 * period)] == [low] * 3


@pytest.mark.parametrize("spec, fragment", [
    ("warmup:epochs=0", "epochs=0 in schedule 'warmup' is out of range: allowed is 1 <= epochs (a whole number)"),
    ("warmup:start=0", "start=0 in schedule 'warmup' is out of range: allowed is 0 < start <= 1"),
    ("warmup:start=1.5", "allowed is 0 < start <= 1"),
    ("multistep:milestones=30/20", "milestones=30/20 in schedule 'multistep' is out of range: allowed is "
                                   "1 <= each of milestones (whole numbers, increasing, separated by /)"),
    ("multistep:milestones=0/20", "milestones=0/20 in schedule 'multistep' is out of range"),
    ("multistep:milestones=10,20", "'20' in spec 'multistep:milestones=10,20' is malformed"),
    ("multistep:milestones=10.5", "milestones='10.5' in schedule 'multistep' is not valid: expected whole numbers "
                                  "separated by /, like 30/60/90"),
    ("multistep:factor=2", "factor=2 in schedule 'multistep' is out of range: allowed is 0 < factor <= 1"),
    ("poly:power=0", "power=0 in schedule 'poly' is out of range: allowed is 0 < power"),
    ("poly:epochs=-1", "allowed is 1 <= epochs"),
    ("sgdr:period=0", "period=0 in schedule 'sgdr' is out of range: allowed is 1 <= period (a whole number)"),
    ("sgdr:mult=1.5", "mult='1.5' in schedule 'sgdr' is not valid: expected a whole number; 1 <= mult"),
    ("sgdr:min=-0.1", "allowed is 0 <= min"),
    ("onecycle:max=0", "max=0 in schedule 'onecycle' is out of range: allowed is 0 < max"),
    ("onecycle:pct=1", "pct=1 in schedule 'onecycle' is out of range: allowed is 0 < pct < 1"),
    ("onecycle:div=0.5", "allowed is 1 <= div"),
    ("onecycle:final_div=0", "allowed is 1 <= final_div"),
    ("onecycle:epochs=0", "allowed is 1 <= epochs"),
    ("cosine:after=restart", "after='restart' in schedule 'cosine' is not valid: expected one of hold, periodic"),
])
def test_new_schedules_refuse_bad_values_naming_value_and_range(spec, fragment):
    with pytest.raises(ValueError, match=_re(fragment)):
        parse_schedule(spec)


def test_new_schedules_have_torch_like_defaults_and_round_trip():
    assert parse_schedule("warmup").spec() == "warmup:epochs=5,start=0.1,per=epoch"
    assert parse_schedule("multistep").spec() == "multistep:milestones=30/60/90,factor=0.1,per=epoch"
    assert parse_schedule("poly").spec() == "poly:epochs=50,power=1,per=epoch"
    assert parse_schedule("sgdr").spec() == "sgdr:period=10,mult=2,min=0,per=epoch"
    assert parse_schedule("onecycle").spec() == "onecycle:max=0.1,epochs=100,pct=0.3,div=25,final_div=10000,per=step"
    # after= came later: written only when periodic, so the specs in older files stay canonical
    assert parse_schedule("cosine").spec() == "cosine:period=50,min=0,per=epoch"
    assert parse_schedule("cosine:after=periodic").spec() == "cosine:period=50,min=0,after=periodic,per=epoch"
    assert parse_schedule("cosine:after=periodic").spec(full=False) == "cosine:after=periodic"
    for name in SCHEDULES:
        s = parse_schedule(name)
        assert parse_schedule(s.spec()).values == s.values
        assert make_schedule(name, **s.values).values == s.values


@pytest.mark.parametrize("spec, formula, label", [
    ("warmup:epochs=5,start=0.1", "α = α0 · (0.1 + (1 − 0.1)·min(t,5)/5), then α0", "warmup ×0.1→1 in 5"),
    ("multistep:milestones=10/25,factor=0.5", "α = α0 · 0.5^(number of 10/25 that t has reached)",
     "multistep ×0.5 at 10/25"),
    ("poly:epochs=40,power=2", "α = α0 · (1 − min(t,40)/40)^2", "poly^2 T=40"),
    ("sgdr:period=10,mult=2,min=0.001", "α = 0.001 + (α0 − 0.001)·(1 + cos(π·t_cur/T_i))/2", "sgdr T=10×2→0.001"),
    ("onecycle:max=0.5,epochs=20", "α rises from 0.5/25 to 0.5 in the first 0.3 of 20 epochs, falls to "
     "0.5/(25·10000) by their end", "onecycle max=0.5 T=20"),
    ("onecycle:per=epoch", "α0 is not used", "onecycle max=0.1 T=100 per epoch"),
    ("cosine:period=30", "α = α0·(1 + cos(π·min(t,30)/30))/2: held at 0 after 30", "cosine T=30"),
    ("cosine:period=30,min=0.01,after=periodic", "back up to α0 at 2·30 (torch CosineAnnealingLR)",
     "cosine T=30→0.01 periodic"),
    ("step:every=5,per=step", "α = α0 · 0.1^⌊t/5⌋", "step ×0.1/5 per step"),
])
def test_formula_text_and_labels_say_what_the_schedule_does(spec, formula, label):
    s = parse_schedule(spec)
    assert formula in s.formula_text()
    assert s.label() == label
