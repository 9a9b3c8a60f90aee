"""The rate a schedule would give from a step on: the decay panel's dashed preview.

The preview starts at the rate the next step would use, so what is drawn is exactly what
"Apply decay" would do now: the schedule re-anchored there, for the rest of the run (or 50
epochs of a run without an end), in a few hundred points.
"""

from __future__ import annotations

import numpy as np

from ..training.schedules import Schedule

OPEN_HORIZON_EPOCHS = 50  # how far to preview a run that trains until stopped
POINTS = 400


def rate_preview(schedule: Schedule, alpha0: float, start_step: int, steps_per_epoch: int,
                 total_steps: int | None) -> tuple[np.ndarray, np.ndarray]:
    """(x in epochs, rate) of ``schedule`` applied at ``start_step`` with the rate ``alpha0``."""
    spe = steps_per_epoch
    horizon = total_steps - start_step if total_steps else OPEN_HORIZON_EPOCHS * spe
    horizon = max(horizon, spe)
    n = np.arange(0, horizon + 1, max(1, horizon // POINTS))
    return (start_step + n) / spe, np.array([schedule.rate_at(alpha0, int(k), spe) for k in n])
