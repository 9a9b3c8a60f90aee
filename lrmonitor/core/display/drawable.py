"""Values a plot can draw: finite, in a range its painter can map, positive on a log axis.

pyqtgraph maps every value to pixels while painting. A diverging run's 1e300 or an overflow to
inf makes that mapping overflow ("invalid value encountered in cast", overflow in the axis
code), and those warnings surface inside paint, where they cannot be handled (issue 11, item 22).
On a log axis it takes log10 of every value: a mini-batch loss of exactly 0 becomes NaN, and an
envelope whose column minima are 0 then has no two finite points in a row, so the curve
vanished (item 20). So the plots are given only what these functions return.
"""

from __future__ import annotations

import numpy as np

LIMIT = 1e12  # beyond any loss or rate worth reading; far outside any range the plots set


def bounded(values: np.ndarray) -> np.ndarray:
    """A copy with non-finite values as NaN (a gap) and the rest clipped to +-``LIMIT``."""
    values = np.array(values, dtype=float)
    finite = np.isfinite(values)
    values[~finite] = np.nan
    np.clip(values, -LIMIT, LIMIT, out=values, where=finite)
    return values


def for_log_axis(values: np.ndarray) -> np.ndarray:
    """:func:`bounded`, with zero and negative values raised to the smallest positive value present.

    A log axis cannot show them; drawn at the bottom of the curve they still show where the loss
    reached zero, and the rest of the curve stays joined. With no positive value at all, NaN.
    """
    values = bounded(values)
    with np.errstate(invalid="ignore"):
        low = values <= 0
        positive = values[values > 0]
    values[low] = positive.min() if len(positive) else np.nan
    return values
