"""Steps per second as the status bar shows it: over the last two seconds of running."""

from __future__ import annotations

WINDOW_SECONDS = 2.0
FIRST_AFTER = 0.25  # seconds of running before a first figure is shown


class SpeedMeter:
    """Feed it (time, steps) every frame; it forgets everything when the run stops."""

    def __init__(self) -> None:
        self._samples: list[tuple[float, int]] = []
        self._rate: float | None = None

    def update(self, running: bool, steps: int, now: float) -> float | None:
        """The speed in steps/s, or None while not running or not yet measured."""
        if not running:
            self._samples.clear()
            self._rate = None
            return None
        self._samples.append((now, steps))
        while len(self._samples) > 2 and now - self._samples[1][0] > WINDOW_SECONDS:
            self._samples.pop(0)
        t0, s0 = self._samples[0]
        if now - t0 >= FIRST_AFTER:
            self._rate = (steps - s0) / (now - t0)
        return self._rate
