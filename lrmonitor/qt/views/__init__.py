"""The lesson's pictures as self-contained widgets (issue 9): rates side by side, the range test,
the path on the loss surface, the band meter. Each is built from core objects, updated by plain
method calls, and talks upward only through Qt signals; ``headless`` draws them for the CLI."""

from .band_meter import BandMeter, BandOverlay
from .range_view import RangeTestView
from .rates_view import RatesView
from .surface_view import SurfaceView

__all__ = ["BandMeter", "BandOverlay", "RangeTestView", "RatesView", "SurfaceView"]
