"""The plots area as tabs: the lesson's pictures side by side with the live plots.

- **Training** (Ctrl+1): the live loss and rate plots (``plots.RunPlots``) with the band meter
  under them and the band shaded around the smoothed curve (``views.live_band``);
- **Rates** (Ctrl+2): the setup at several starting rates, trained at once (``views.live_rates``);
- **Range test** (Ctrl+3): the learning-rate range test, run on demand (``views.live_range``);
- **Surface** (Ctrl+4): every visible run's path on the loss surface (``views.live_surface``).

The tabs subscribe to the controller's frames like any panel and talk upward only by signals;
a tab that is not shown does no work in a frame. ``set_theme(colours)`` draws every tab in the
window's theme (the window calls it when the theme changes, as it does the Training plots').
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from ..core.display.frame import Frame
from ..core.run.config import RunConfig
from .plots import RunPlots
from .theme import LIGHT, PlotColours
from .views.band_meter import BandMeter
from .views.common import view_colours
from .views.live_band import LiveBand
from .views.live_range import RangeTestPage
from .views.live_rates import LiveRates
from .views.live_surface import BUDGET, LiveSurface
from .views.rates_view import RatesView
from .views.surface_view import SurfaceView

# points drawn per path in the window (the command line's pictures draw 20,000): with two runs and
# both panels, 20,000 each took 16 ms a frame at 10^6 path points on a loaded 2-core machine, 6,000
# about 7 ms (benchmarks/ row 14); a path of 10^6 steps still shows its wandering at every 170th
SURFACE_POINTS = 6000


class ViewTabs(QtWidgets.QTabWidget):
    step_selected = QtCore.Signal(int, int)  # run id, step: a path point was clicked
    fork_requested = QtCore.Signal(int, int)  # run id, step: a path point was Shift+clicked

    use_rate = QtCore.Signal(float)  # "Use this rate" (Range test) or a rate's curve clicked (Rates): α0

    def __init__(self, plots: RunPlots, config: Callable[[], RunConfig | None], parent: QtWidgets.QWidget | None = None,
                 engine_kind: str | None = None, colours: PlotColours = LIGHT) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.plots = plots
        training = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(training)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(plots, 1)
        self.band_meter = BandMeter()
        column.addWidget(self.band_meter)
        self.live_band = LiveBand(self.band_meter, plots.loss_plot, self)
        self.selected_line = pg.InfiniteLine(angle=90, movable=False)
        self.selected_line.setVisible(False)
        plots.loss_plot.addItem(self.selected_line, ignoreBounds=True)
        self.training = training
        self.addTab(training, self.tr("Training"))
        self.setTabToolTip(0, self.tr("The live loss and learning rate of the current run"))
        self.rates_view = RatesView()
        self.live_rates = LiveRates(self.rates_view, engine_kind, self)
        index = self.addTab(self.rates_view, self.tr("Rates"))
        self.setTabToolTip(index, self.tr("The setup trained at several starting rates at once, each with its verdict"))
        self.range_page = RangeTestPage(config)
        index = self.addTab(self.range_page, self.tr("Range test"))
        self.setTabToolTip(index, self.tr("The learning-rate range test: the loss as the rate grows, with hints"))
        self.range_page.use_rate.connect(self.use_rate)
        self.rates_view.use_rate.connect(self.use_rate)
        self.surface_view = SurfaceView(max_points=SURFACE_POINTS)
        self.live_surface = LiveSurface(self.surface_view, self)
        self.surface_index = self.addTab(self.surface_view, self.tr("Surface"))
        self.setTabToolTip(self.surface_index, self.tr("The path of the parameters on the loss surface, for every "
                                                       "visible run"))
        for index in range(self.count()):  # the View menu's shortcuts, in tab order
            self.setTabToolTip(index, f"{self.tabToolTip(index)} (Ctrl+{index + 1})")
        self.surface_view.step_selected.connect(self._path_clicked)
        self.surface_view.fork_requested.connect(self._path_fork)
        self.currentChanged.connect(self._shown)
        self.set_theme(colours)

    def set_theme(self, colours: PlotColours) -> None:
        """Draw the lesson's views, and the step marked on the loss plot, in ``colours`` (the Training
        plots themselves follow the theme on their own: ``RunPlots.set_theme``)."""
        self.selected_line.setPen(pg.mkPen(view_colours(colours).selected, width=1,
                                           style=QtCore.Qt.PenStyle.DashDotLine))
        for view in (self.rates_view, self.range_page.view, self.surface_view):
            view.set_theme(colours)

    def restore_settings(self, settings) -> None:
        """The tab and the band meter's window of the last session (out of range: the defaults)."""
        tab = settings.get("view/tab")
        self.setCurrentIndex(tab if 0 <= tab < self.count() else 0)
        epochs = settings.get("view/band_epochs")
        if 1 <= epochs <= self.band_meter.spin.maximum():
            self.band_meter.spin.setValue(epochs)

    def save_settings(self, settings) -> None:
        settings.set("view/tab", self.currentIndex())
        settings.set("view/band_epochs", self.band_meter.epochs)

    def on_frame(self, frame: Frame) -> None:
        if frame.first:
            self.selected_line.setVisible(False)
        self.live_band.on_frame(frame)
        self.live_rates.on_frame(frame)
        self.range_page.on_frame(frame)
        self.live_surface.on_frame(frame)

    def _shown(self, _index: int) -> None:
        if self.currentWidget() is self.surface_view:  # catch up at once, not one frame later
            self.live_surface.advance(time.perf_counter() + BUDGET)
        elif self.currentWidget() is self.rates_view and self.live_rates.engines:
            self.rates_view.on_frame(ended=self.live_rates.ended)

    def shutdown(self) -> None:
        """Stop what the tabs train (the Rates tab's workers) and let go of every run's history: the
        engines free their shared memory next, and a closed window may still be resized or restyled
        (a redraw then would read freed memory)."""
        self.live_rates.shutdown()
        self.live_band.forget()
        self.live_surface.forget()

    def mark_step(self, step: int, steps_per_epoch: int) -> None:
        """Mark ``step`` on the loss plot (a path point was clicked) and show the Training tab."""
        self.selected_line.setValue(step / steps_per_epoch)
        self.selected_line.setVisible(True)
        self.setCurrentWidget(self.training)

    def _path_clicked(self, name: str, step: int) -> None:
        run_id = self.live_surface.run_id(name)
        if run_id is not None:
            self.step_selected.emit(run_id, step)

    def _path_fork(self, name: str, step: int) -> None:
        run_id = self.live_surface.run_id(name)
        if run_id is not None:
            self.fork_requested.emit(run_id, step)
