"""Run colours told apart by everyone, on both themes' backgrounds.

Distances are CIEDE2000 between colours as people see them: with normal vision, and with
protanopia, deuteranopia and tritanopia simulated (Machado, Oliveira and Fernandes 2009, at
severity 1, on linear RGB). A ΔE00 of about 2 is just noticeable; the floors below are what the
Okabe-Ito palette reaches (normal vision about 22, the deficiencies about 11: it was designed for
them) with a margin, so a new colour that two people would confuse fails here. The arithmetic
itself is checked against published values first.
"""

import itertools
import math

import numpy as np
import pytest

from lrmonitor.qt.palette import RUN_COLOURS
from lrmonitor.qt.theme import DARK, LIGHT

VISIONS = (None, "protanopia", "deuteranopia", "tritanopia")
RUNS_APART = {None: 20.0, "protanopia": 10.0, "deuteranopia": 10.0, "tritanopia": 10.0}  # every pair of runs
ON_BACKGROUND = 20.0  # every run colour against the plot background, in every vision
TRAIN_VAL_APART = 20.0  # training and validation markers, in every vision
MIN_CONTRAST = 2.0  # WCAG luminance contrast of a line against its background (Okabe-Ito orange on white: 2.25)

# Machado et al. 2009, Table 1 at severity 1.0, applied to linear RGB
CVD = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _linear(rgb):
    c = np.asarray(rgb, dtype=float) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _encoded(linear):
    c = np.clip(linear, 0.0, 1.0)
    return 255.0 * np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate(rgb, deficiency: str | None):
    if deficiency is None:
        return tuple(float(v) for v in rgb)
    return tuple(float(v) for v in _encoded(CVD[deficiency] @ _linear(rgb)))


def lab(rgb):
    x, y, z = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]]) @ _linear(rgb)
    white = (0.95047, 1.0, 1.08883)

    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip((x, y, z), white))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1, lab2) -> float:
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    cbar = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(cbar ** 7 / (cbar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lbar, cbarp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbar = (h1p + h2p) / 2
    else:
        hbar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hbar - 30)) + 0.24 * math.cos(math.radians(2 * hbar))
         + 0.32 * math.cos(math.radians(3 * hbar + 6)) - 0.20 * math.cos(math.radians(4 * hbar - 63)))
    sl = 1 + 0.015 * (lbar - 50) ** 2 / math.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbarp, 1 + 0.015 * cbarp * t
    rt = (-2 * math.sqrt(cbarp ** 7 / (cbarp ** 7 + 25 ** 7))
          * math.sin(math.radians(60 * math.exp(-(((hbar - 275) / 25) ** 2)))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh))


def distance(rgb1, rgb2, deficiency: str | None = None) -> float:
    return ciede2000(lab(simulate(rgb1, deficiency)), lab(simulate(rgb2, deficiency)))


def contrast(rgb1, rgb2) -> float:
    def lum(rgb):
        return float(np.array([0.2126, 0.7152, 0.0722]) @ _linear(rgb))
    hi, lo = sorted((lum(rgb1), lum(rgb2)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_arithmetic_matches_published_values():
    # Sharma, Wu and Dalal (2005), test pairs 1 and 17
    assert ciede2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50.0, 2.5, 0.0), (73.0, 25.0, -18.0)) == pytest.approx(27.1492, abs=1e-4)
    assert lab((255, 255, 255)) == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert simulate((128, 128, 128), "deuteranopia") == pytest.approx((128, 128, 128), abs=1.0)  # greys stay grey
    red, green = (200, 40, 40), (40, 150, 60)
    assert distance(red, green) > 60 and distance(red, green, "deuteranopia") < 10  # the classic confusion


@pytest.mark.parametrize("vision", VISIONS)
def test_every_pair_of_run_colours_stays_apart(vision):
    closest = min(distance(a, b, vision) for a, b in itertools.combinations(RUN_COLOURS, 2))
    assert closest >= RUNS_APART[vision]


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=lambda c: c.name)
@pytest.mark.parametrize("vision", VISIONS)
def test_run_colours_show_on_both_backgrounds(colours, vision):
    for rgb in RUN_COLOURS:
        assert distance(rgb, colours.background, vision) >= ON_BACKGROUND, rgb
        assert contrast(rgb, colours.background) >= MIN_CONTRAST, rgb


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=lambda c: c.name)
@pytest.mark.parametrize("vision", VISIONS)
def test_training_and_validation_markers_are_told_apart(colours, vision):
    assert distance(colours.train, colours.val, vision) >= TRAIN_VAL_APART
    for rgb in (colours.train, colours.val, colours.preview, colours.text, colours.event):
        assert distance(rgb, colours.background, vision) >= ON_BACKGROUND, rgb


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=lambda c: c.name)
def test_text_reads_and_the_raw_band_stays_faint(colours):
    assert contrast(colours.text, colours.background) >= 7.0  # WCAG AAA for text
    assert contrast(colours.label_text, colours.label_fill[:3]) >= 7.0
    for rgb in RUN_COLOURS:  # the raw mini-batch band: between the background and the run's line
        raw = colours.raw(rgb)
        assert 1.0 < contrast(raw, colours.background) < contrast(rgb, colours.background)
