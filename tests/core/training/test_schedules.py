import math

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


def test_every_schedule_accepts_per_step():
    for name in SCHEDULES:
        assert parse_schedule(f"{name}:per=step").per_step
        assert not parse_schedule(name).per_step


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
