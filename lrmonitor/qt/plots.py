"""The live plots: loss (raw, smoothed, per-epoch markers) above the learning rate.

Both plots share one x axis in epochs, so a decay shows as a step in the rate exactly under
the change in the loss. The same widget draws the window's plots and the headless
``--png``/``--svg`` snapshots. It draws from a :class:`~lrmonitor.core.display.series.RunSeries`
(smoothed line, min/max envelopes) that the run controller keeps up to date once per frame.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from ..core.display.drawable import LIMIT, bounded, for_log_axis
from ..core.display.frame import Frame
from ..core.display.guide import PlateauGuide
from ..core.display.preview import clip_rates, rate_floor
from ..core.display.series import RunSeries
from .autoscale import GROWING_HEADROOM, Growth, loss_range, rate_range
from .markers import EventMarkers
from .overlay import Overlay
from .plot_style import style_plot
from .preview import ScheduleAhead
from .ranges import LogTicks, set_range, settle
from .theme import LIGHT, PlotColours

# 1-px pens: a wider pen takes Qt's slow stroker and doubled the repaint time (measured).
# Colours come from the theme (set_theme). The plateau band is opaque and under the curves,
# because ImageMagick's SVG reader ignores fill-opacity (an exported band came out solid orange).
# How far a user can zoom and pan: pyqtgraph's axes overflow ("Cannot set range [-inf, -inf]",
# overflow in AxisItem) far beyond these, and nothing drawn lies outside them (drawable.LIMIT)
X_LIMITS = {"xMin": -1e9, "xMax": 1e10, "minXRange": 1e-6, "maxXRange": 1e10}
LINEAR_LIMITS = {"yMin": -10 * LIMIT, "yMax": 10 * LIMIT, "minYRange": 1e-9, "maxYRange": 20 * LIMIT}
LOG_LIMITS = {"yMin": -330.0, "yMax": 14.0, "minYRange": 1e-6, "maxYRange": 344.0}  # log10 of the values
EPOCH_SYMBOLS_MAX = 300  # more epochs in view than this: draw them as lines, not symbols
LEGEND_SPACING = (16, 6)  # between the legend's columns; the narrow one where the wide does not fit
LR_SHARE = 0.14  # the rate plot's view box: this share of the plots' height (82 px of 590 at 1600×1000)
LR_MIN_HEIGHT = 30  # and at least this (a small window): its steps still show


class RunPlots(pg.GraphicsLayoutWidget):
    """Loss and learning-rate plots of one run.

    Curves are drawn from min/max envelopes of what is in view, about two points per pixel
    column, so a run of millions of steps stays smooth to zoom and pan; the data itself is
    never thinned. The loss y range follows the healthy part of the curve (a diverging tail
    does not flatten it) until the user zooms or pans; the fits are :mod:`~lrmonitor.qt.autoscale`'s.
    """

    hovered = QtCore.Signal(float)  # x (epochs) under the mouse
    fork_requested = QtCore.Signal(float, str)  # x (epochs) right-clicked; "schedule", "decay" or "ask"

    def __init__(self, parent=None, colours: PlotColours = LIGHT) -> None:
        super().__init__(parent)
        # the legend has a row of its own above the plots: inside the loss plot it covered the
        # newest data (top right) or the start of the run (top left)
        self.legend = pg.LegendItem(colCount=3, horSpacing=LEGEND_SPACING[0])
        self.addItem(self.legend, row=0, col=0)
        self.loss_plot = self.addPlot(row=1, col=0)
        self.lr_plot = self.addPlot(row=2, col=0)
        self.ci.layout.setRowStretchFactor(0, 0)
        self.ci.layout.setRowStretchFactor(1, 1)
        self.ci.layout.setRowStretchFactor(2, 0)
        # the rate plot's view box a share of the height (_fit_rate_plot), the loss plot all the rest:
        # with pyqtgraph's preferred 50 px per view box and axis both plots stayed near it in a small
        # window (at 1100×720 the loss plot had 52 px, the rate plot 59)
        for plot in (self.loss_plot, self.lr_plot):
            for item in (plot.getViewBox(), plot.getAxis("left"), plot.getAxis("right")):
                item.setPreferredHeight(0)
        self.lr_plot.setXLink(self.loss_plot)
        for plot in (self.loss_plot, self.lr_plot):
            # no grid: pyqtgraph's grid lines cost 4-15 ms per axis per repaint (measured), more
            # than the curves; the hover readout gives exact values instead
            # ranges are set here, not by pyqtgraph's auto-range: it would scan every point,
            # fight the x link between the plots, and let a diverging tail flatten the curve
            plot.getViewBox().disableAutoRange()
            plot.getViewBox().setLimits(**X_LIMITS)
            plot.getViewBox().sigRangeChangedManually.connect(self._user_zoomed)
        self.scene().contextMenu = []
        self.loss_plot.setLabel("left", self.tr("loss"))
        self.lr_plot.setLabel("left", self.tr("learning rate"))
        self.lr_plot.setLabel("bottom", self.tr("epoch"))
        self.lr_plot.setLogMode(y=True)
        self.lr_plot.getViewBox().setLimits(**LOG_LIMITS)
        self.loss_plot.getViewBox().setLimits(**LINEAR_LIMITS)
        self.raw_curve = self.loss_plot.plot()  # pens: set_colour and set_theme
        self.raw_curve.setZValue(-10)  # the faint band under every run's lines
        self.smooth_curve = self.loss_plot.plot()
        self.train_points = self.loss_plot.plot(pen=None, symbol="o", symbolSize=6, symbolPen=None)
        self.val_points = self.loss_plot.plot(pen=None, symbol="t", symbolSize=7, symbolPen=None)
        # with many epochs in view the markers become lines (one scatter point each is slow)
        self.train_line = self.loss_plot.plot()
        self.val_line = self.loss_plot.plot()
        self.lr_curve = self.lr_plot.plot()
        # two lines ahead of the rate: what the running schedule will do (dashed, the run's
        # colour) and what the decay panel's schedule would do if applied now (dotted, grey)
        self.future_curve = self.lr_plot.plot()
        self.preview_curve = self.lr_plot.plot()
        for curve, name in ((self.raw_curve, self.tr("mini-batch loss")), (self.smooth_curve, self.tr("smoothed")),
                            (self.train_points, self.tr("train loss (epoch end)")),
                            (self.val_points, self.tr("validation loss (epoch end)")),
                            (self.future_curve, self.tr("rate ahead (running schedule)")),
                            (self.preview_curve, self.tr("decay panel's schedule, if applied now"))):
            self.legend.addItem(curve, name)
        self._ahead = ScheduleAhead()
        self.plateau_region = pg.LinearRegionItem(pen=pg.mkPen(None), movable=False)
        self.plateau_region.setVisible(False)
        self.plateau_region.setZValue(-20)  # under every line
        self.loss_plot.addItem(self.plateau_region, ignoreBounds=True)
        self.markers = EventMarkers(self.loss_plot, self.lr_plot)
        self.overlay = Overlay(self.loss_plot, self.lr_plot)
        self._colour = None
        self.colours = colours
        self.series: RunSeries | None = None
        self.set_theme(colours)
        self.set_colour(0)
        self.drawn_steps = -1  # steps the curves show (what benchmarks/ wait for)
        self._drawing = False
        self._epochs_drawn = None
        self._envelope_key = None
        self._growth = Growth()  # whether the run grew lately: the x range then leaves headroom
        self._preview_end = 0.0
        self._future_end = 0.0
        self.auto_range = True  # follow the data until the user zooms or pans
        self.loss_plot.getViewBox().sigXRangeChanged.connect(self._view_changed)
        self.lr_ticks = LogTicks(self.lr_plot, "left")  # 1-2-5 labels: pyqtgraph's minor ones overlap
        self.loss_ticks = LogTicks(self.loss_plot, "left")  # the same once the loss axis is log
        self.scene().sigMouseMoved.connect(self.hover)
        self._mouse_x = 0.0
        for plot in (self.loss_plot, self.lr_plot):  # right-click on a curve: fork the run there
            menu = plot.getViewBox().menu
            menu.addSeparator()
            for kind, text in (("schedule", self.tr("Fork here with the decay panel's schedule")),
                               ("decay", self.tr("Fork here with Decay now ×F")),
                               ("ask", self.tr("Fork here with an action…"))):
                action = menu.addAction(text)
                action.triggered.connect(lambda checked=False, k=kind: self.fork_requested.emit(self._mouse_x, k))

    # -- data --------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if hasattr(self, "lr_plot") and not self.closed:  # not while pyqtgraph sets the widget up or closes it
            self._fit()
        super().resizeEvent(event)

    def _fit(self) -> None:
        """The rate plot's view box :data:`LR_SHARE` of the height, at least :data:`LR_MIN_HEIGHT`; the
        legend's columns closer where they would not fit the width (at 1100×720 the legend widened the
        plots 13 px past the view's right edge)."""
        grid = self.legend.layout
        for spacing in LEGEND_SPACING:
            grid.setHorizontalSpacing(spacing)
            left, _, right, _ = self.ci.layout.getContentsMargins()
            if grid.effectiveSizeHint(QtCore.Qt.SizeHint.MinimumSize).width() + left + right <= self.width():
                break
        box = self.lr_plot.getViewBox()
        height = max(LR_MIN_HEIGHT, round(LR_SHARE * self.height()))
        if box.maximumHeight() != height:
            box.setMinimumHeight(height)
            box.setMaximumHeight(height)

    def on_frame(self, frame: Frame) -> None:
        if frame.first or frame.series is not self.series:
            self.reset()
            self.series = frame.series
        if frame.runs_changed:
            current = frame.current
            self.set_colour(0 if current is None else current.colour)
            self.overlay.show(frame.runs)
            self._redraw()
        if frame.events_changed or frame.runs_changed:
            self.markers.draw(frame.run.history, self.colours.run(self._colour))
        ahead = self._ahead.on_frame(frame)
        if ahead is not None:
            self.show_future(*ahead)
        if frame.data_changed or frame.events_changed:
            plateau = frame.guide.plateau
            if plateau is None:
                self.show_plateau(None)
            else:
                self.show_plateau(plateau.best_epoch + 1.0, plateau.detected_epoch + 1.0)
            self.refresh()
        settle(self)  # one paint per frame

    def set_theme(self, colours: PlotColours) -> None:
        """Draw in ``colours`` (the theme changed, or an export draws light): background, axes,
        legend, epoch markers, event lines, plateau band and the current run's faint band."""
        self.colours = colours
        self.setBackground(colours.background)
        self.legend.setLabelTextColor(colours.text)
        for _, label in self.legend.items:
            label.setText(label.text)  # pyqtgraph keeps the new colour for the next text only
        for plot in (self.loss_plot, self.lr_plot):
            style_plot(plot, colours)
        for points, line, rgb in ((self.train_points, self.train_line, colours.train),
                                  (self.val_points, self.val_line, colours.val)):
            points.setSymbolBrush(rgb)
            line.setPen(pg.mkPen(rgb, width=1))
        self.preview_curve.setPen(pg.mkPen(colours.preview, width=1, style=QtCore.Qt.PenStyle.DotLine))
        self.plateau_region.setBrush(pg.mkBrush(colours.plateau))
        self.plateau_region.update()
        self.markers.set_colours(colours)
        if self._colour is not None:
            slot, self._colour = self._colour, None
            self.set_colour(slot)

    def set_colour(self, slot: int) -> None:
        """Draw the current run in its palette colour (raw band faint, smoothed line and rate full)."""
        if slot == self._colour:
            return
        self._colour = slot
        colour = self.colours.run(slot)
        self.raw_curve.setPen(pg.mkPen(self.colours.raw(colour), width=1))
        self.smooth_curve.setPen(pg.mkPen(colour, width=1))
        self.lr_curve.setPen(pg.mkPen(colour, width=1))
        self.future_curve.setPen(pg.mkPen(colour, width=1, style=QtCore.Qt.PenStyle.DashLine))

    def draw(self, series: RunSeries) -> None:
        """Draw a whole run at once (snapshots: no frames, no live updates), with its plateau band
        as the window's guide finds it."""
        self.reset()
        self.series = series
        series.update()
        self.markers.draw(series.history, self.colours.run(self._colour))  # in the run's colour, as in the window
        plateau = PlateauGuide().update(series.history).plateau
        if plateau is not None:
            self.show_plateau(plateau.best_epoch + 1.0, plateau.detected_epoch + 1.0)
        self.refresh()

    def copy_view(self, other: RunPlots) -> None:
        """Show what ``other`` shows (an export of the window's plots): its runs beside this one, its
        lines ahead, its plateau band, its log axis and exactly its ranges."""
        self.set_colour(other._colour)
        if self.series is not None:
            self.markers.draw(self.series.history, self.colours.run(other._colour))
        if other.log_loss != self.log_loss:
            self.set_log_loss(other.log_loss)
        self.overlay.show(other.overlay.runs)
        for mine, theirs in ((self.future_curve, other.future_curve), (self.preview_curve, other.preview_curve)):
            if theirs.xData is not None:
                mine.setData(theirs.xData, theirs.yData)
        self.plateau_region.setRegion(other.plateau_region.getRegion())
        self.plateau_region.setVisible(other.plateau_region.isVisible())
        self.auto_range = False
        (x0, x1), (y0, y1) = other.loss_plot.getViewBox().viewRange()
        self.loss_plot.getViewBox().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.lr_plot.getViewBox().setYRange(*other.lr_plot.getViewBox().viewRange()[1], padding=0)
        self._redraw()

    def refresh(self) -> None:
        """Redraw the curves from the series as it is now (its owner updated it)."""
        if self.series is not None:
            self.drawn_steps = self.series.steps
            self._redraw()

    def reset(self) -> None:
        for curve in (self.raw_curve, self.smooth_curve, self.train_points, self.val_points, self.train_line,
                      self.val_line, self.lr_curve, self.future_curve, self.preview_curve):
            curve.setData([], [])
        self._ahead.reset()
        self._future_end = 0.0
        self.markers.clear()
        self.plateau_region.setVisible(False)
        self.series = None
        self.drawn_steps = -1
        self._epochs_drawn = None
        self.autoscale()

    def autoscale(self) -> None:
        """Back to following the data: whole x range, y on the healthy part of the loss."""
        self.auto_range = True
        self._redraw()

    def _user_zoomed(self, *_) -> None:
        self.auto_range = False

    def _view_changed(self, *_) -> None:
        """The x range moved (a zoom or pan): redraw if other steps or columns are in view now.

        pyqtgraph also reports the ranges this class set itself, when it applies them while
        painting; redrawing for those would make every frame paint twice.
        """
        if self._drawing or self.series is None:
            return
        series = self.series
        key = (*self._visible_steps(series.steps, series.history.steps_per_epoch), self._columns())
        if key != self._envelope_key:
            self._redraw()

    def _visible_steps(self, n: int, spe: int) -> tuple[int, int]:
        if self.auto_range:
            return 0, n
        x0, x1 = self.loss_plot.getViewBox().viewRange()[0]
        return max(0, int(math.floor(x0 * spe)) - 2), min(n, int(math.ceil(x1 * spe)) + 2)

    def _columns(self) -> int:
        return max(100, int(self.loss_plot.getViewBox().width()))

    def _redraw(self) -> None:
        series = self.series
        if series is None or self._drawing:
            return
        self._drawing = True
        try:
            n, spe = series.steps, series.history.steps_per_epoch
            start, stop = self._visible_steps(n, spe)
            columns = self._columns()
            self._envelope_key = (start, stop, columns)
            loss_values = for_log_axis if self.log_loss else bounded
            for name, curve, drawable in (("loss", self.raw_curve, loss_values),
                                          ("smoothed", self.smooth_curve, loss_values),
                                          ("lr", self.lr_curve, for_log_axis)):  # the rate axis is always log
                idx, values = series.envelope(name, start, stop, columns)
                curve.setData((idx + 1) / spe, drawable(values), connect="finite")
            x_range = None if self.auto_range else self.loss_plot.getViewBox().viewRange()[0]
            self.overlay.redraw(*(x_range or (None, None)), columns)
            # epoch markers change once an epoch, not every frame: following the data, the new
            # steps of a frame (stop) do not move them (rebuilding ~300 symbols cost ~7 ms a frame)
            epoch_view = (series.epochs, columns) if self.auto_range else (series.epochs, start, stop, columns)
            if epoch_view != self._epochs_drawn:
                self._draw_epochs(series)
                self._epochs_drawn = epoch_view
            if self.auto_range:
                self._autoscale_loss(series, start, stop, columns)
                self._autoscale_lr(series, start, stop, columns)
                end = max(n / spe, self._preview_end, self._future_end, 1.0 / spe, self.overlay.end())
                growing = self._growth.growing(n)
                set_range(self.loss_plot.getViewBox(), "x", -0.01 * end, 1.01 * end,
                          grow_only=growing, anchored_low=True, headroom=GROWING_HEADROOM if growing else 0.0)
        finally:
            self._drawing = False

    def _draw_epochs(self, series: RunSeries) -> None:
        epochs = series.epochs
        x = np.arange(epochs) + 1.0
        view = self.loss_plot.getViewBox()
        x0, x1 = (0, epochs + 1) if self.auto_range else view.viewRange()[0]
        in_view = epochs if self.auto_range else int(np.count_nonzero((x >= x0) & (x <= x1)))
        dense = in_view > EPOCH_SYMBOLS_MAX
        empty = np.empty(0)
        drawable = for_log_axis if self.log_loss else bounded
        first, last = max(0, int(x0) - 2), min(epochs, int(x1) + 2)
        pairs = (("train", self.train_points, self.train_line), ("val", self.val_points, self.val_line))
        for name, points, line in pairs:
            if dense:
                points.setData(empty, empty)
                idx, drawn = series.envelope(name, first, last, self._columns())
                line.setData(idx + 1.0, drawable(drawn), connect="finite")
            else:
                line.setData(empty, empty)
                y = drawable(series.data(name))
                shown = np.isfinite(y)  # an attached training may report no train loss: all-NaN points
                points.setData(x[shown], y[shown])  # would make pyqtgraph's bounds warn at every paint

    def _autoscale_loss(self, series: RunSeries, start: int, stop: int, columns: int) -> None:
        """Fit y to the loss in view, leaving out a diverging tail and the rarest spikes."""
        fitted = loss_range(series, start, stop, columns, self.log_loss)
        if fitted is not None:
            set_range(self.loss_plot.getViewBox(), "y", *fitted)

    def _autoscale_lr(self, series: RunSeries, start: int, stop: int, columns: int) -> None:
        """Log axis over the rates drawn (and previewed), at least one decade tall."""
        others = (self.future_curve.yData, self.preview_curve.yData, *self.overlay.rates())
        fitted = rate_range(series, start, stop, columns, others)
        if fitted is not None:
            set_range(self.lr_plot.getViewBox(), "y", *fitted)

    # -- decorations and the mouse -----------------------------------------------------------
    @property
    def log_loss(self) -> bool:
        return self.loss_plot.ctrl.logYCheck.isChecked()

    def set_log_loss(self, on: bool) -> None:
        self.loss_plot.getViewBox().setLimits(**(LOG_LIMITS if on else LINEAR_LIMITS))
        self.loss_plot.setLogMode(y=on)
        self.loss_ticks.update()  # pyqtgraph's linear labels back, or 1-2-5 ones
        self.autoscale()

    def show_preview(self, x: np.ndarray, lr: np.ndarray) -> None:
        """The dotted rate the decay panel's schedule would give if applied now; the axes make room for it."""
        self._show_ahead(self.preview_curve, x, lr, "_preview_end")

    def show_future(self, x: np.ndarray, lr: np.ndarray) -> None:
        """The dashed rate the running schedule gives from now on; the axes make room for it."""
        self._show_ahead(self.future_curve, x, lr, "_future_end")

    def _show_ahead(self, curve: pg.PlotDataItem, x: np.ndarray, lr: np.ndarray, end_attribute: str) -> None:
        """Draw a line ahead down to a few decades under the rates in use (an exponential decay
        over 10^6 epochs reaches 1e-256); rescale the rate axis to it, widen x if it ends later."""
        drawn = self.lr_curve.yData
        used = [float(lr[0])] if len(lr) else []
        if drawn is not None and np.isfinite(drawn).any():
            used.append(float(np.nanmin(drawn)))
        x, lr = clip_rates(x, lr, rate_floor(used))
        curve.setData(x, lr)
        end, old_end = (float(x[-1]) if len(x) else 0.0), getattr(self, end_attribute)
        setattr(self, end_attribute, end)
        if not self.auto_range or self.series is None:
            return
        if end > old_end or end < 0.5 * old_end:
            self._redraw()  # make room for it (the next frame would too)
        else:
            n, spe = self.series.steps, self.series.history.steps_per_epoch
            self._autoscale_lr(self.series, *self._visible_steps(n, spe), self._columns())

    def show_plateau(self, start: float | None, end: float | None = None) -> None:
        if start is None:
            self.plateau_region.setVisible(False)
            return
        self.plateau_region.setRegion((start, end if end is not None else start))
        self.plateau_region.setVisible(True)

    def hover(self, scene_pos) -> None:
        """The mouse moved to ``scene_pos``: say which x it is over, if over a plot."""
        if not any(p.sceneBoundingRect().contains(scene_pos) for p in (self.loss_plot, self.lr_plot)):
            return
        self._mouse_x = self.loss_plot.getViewBox().mapSceneToView(scene_pos).x()
        self.hovered.emit(self._mouse_x)
