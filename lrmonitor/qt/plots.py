"""The live plots: loss (raw, smoothed, per-epoch markers) above the learning rate.

Both plots share one x axis in epochs, so a decay shows as a step in the rate exactly under
the change in the loss. Every event is a labelled vertical line across both plots. The same
widget draws the window's plots and the headless ``--png``/``--svg`` snapshots.
"""

from __future__ import annotations

import math
import re
import time

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtSvg

from ..core.display.decimate import MinMaxPyramid
from ..core.run.history import History
from ..core.display.smoothing import Smoother

# 1-px pens: a wider pen takes Qt's slow stroker and doubled the repaint time (measured)
RAW_PEN = pg.mkPen((150, 175, 215), width=1)
SMOOTH_PEN = pg.mkPen((15, 60, 170), width=1)
LR_PEN = pg.mkPen((200, 90, 20), width=1)
PREVIEW_PEN = pg.mkPen((200, 90, 20), width=1, style=QtCore.Qt.PenStyle.DashLine)
EVENT_PEN = pg.mkPen((90, 90, 90), width=1, style=QtCore.Qt.PenStyle.DashLine)
DIVERGED_PEN = pg.mkPen((200, 30, 30), width=2)
PLATEAU_BRUSH = pg.mkBrush(255, 200, 0, 50)
TRAIN_PEN = pg.mkPen((40, 150, 60), width=1)
VAL_PEN = pg.mkPen((200, 40, 40), width=1)
TRAIN_SYMBOL = {"symbol": "o", "symbolSize": 6, "symbolBrush": (40, 150, 60), "symbolPen": None}
VAL_SYMBOL = {"symbol": "t", "symbolSize": 7, "symbolBrush": (200, 40, 40), "symbolPen": None}
MARKER_LABEL = {"position": 0.93, "color": (50, 50, 50), "fill": (255, 255, 255, 210), "anchors": [(0, 0), (0, 0)]}


class RunPlots(pg.GraphicsLayoutWidget):
    """Loss and learning-rate plots of one run, redrawn from its :class:`History`.

    Curves are drawn from min/max envelopes (:mod:`lrmonitor.core.display.decimate`) of what is in
    view, about two points per pixel column, so a run of millions of steps stays smooth to
    zoom and pan; the data itself is never thinned. The loss y range follows the healthy part
    of the curve (a diverging tail does not flatten it) until the user zooms or pans.
    """

    EPOCH_SYMBOLS_MAX = 300  # more epochs in view than this: draw them as lines, not symbols

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.loss_plot = self.addPlot(row=0, col=0)
        self.lr_plot = self.addPlot(row=1, col=0)
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 1)
        self.lr_plot.setXLink(self.loss_plot)
        for plot in (self.loss_plot, self.lr_plot):
            # no grid: pyqtgraph's grid lines cost 4-15 ms per axis per repaint (measured), more
            # than the curves; the hover readout gives exact values instead
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                axis.setTextPen((50, 50, 50))
                axis.setPen((120, 120, 120))
                axis.enableAutoSIPrefix(False)
            plot.getAxis("left").setWidth(64)
        self.loss_plot.setLabel("left", "loss")
        self.lr_plot.setLabel("left", "learning rate")
        self.lr_plot.setLabel("bottom", "epoch")
        self.lr_plot.setLogMode(y=True)
        legend = self.loss_plot.addLegend(offset=(-10, 10), labelTextColor=(40, 40, 40), brush=(255, 255, 255, 200))
        legend.setZValue(20)
        self.raw_curve = self.loss_plot.plot(pen=RAW_PEN, name="mini-batch loss")
        self.smooth_curve = self.loss_plot.plot(pen=SMOOTH_PEN, name="smoothed")
        self.train_points = self.loss_plot.plot(pen=None, name="train loss (epoch end)", **TRAIN_SYMBOL)
        self.val_points = self.loss_plot.plot(pen=None, name="validation loss (epoch end)", **VAL_SYMBOL)
        # with many epochs in view the markers become lines (one scatter point each is slow)
        self.train_line = self.loss_plot.plot(pen=TRAIN_PEN)
        self.val_line = self.loss_plot.plot(pen=VAL_PEN)
        self.lr_curve = self.lr_plot.plot(pen=LR_PEN)
        self.preview_curve = self.lr_plot.plot(pen=PREVIEW_PEN)
        self.plateau_region = pg.LinearRegionItem(brush=PLATEAU_BRUSH, pen=pg.mkPen(None), movable=False)
        self.plateau_region.setVisible(False)
        self.loss_plot.addItem(self.plateau_region, ignoreBounds=True)
        self._markers: list[pg.InfiniteLine] = []
        self._history: History | None = None
        self._pyramids = {name: MinMaxPyramid() for name in ("loss", "smoothed", "lr", "train", "val")}
        self._drawn = (-1, -1, -1, None)
        self._drawing = False
        self._epochs_drawn = None
        self._envelope_key = None
        self._last_ticks = None
        self._last_n = -1
        self._grew_at = 0.0
        self._preview_end = 0.0
        self._start_level: float | None = None
        self._last_healthy = 0
        self._scanned = 0
        self.auto_range = True  # follow the data until the user zooms or pans
        self.smoother = Smoother(0.6)
        self.loss_plot.getViewBox().sigXRangeChanged.connect(self._view_changed)
        for plot in (self.loss_plot, self.lr_plot):
            plot.getViewBox().sigRangeChangedManually.connect(self._user_zoomed)
        # ranges are set here, not by pyqtgraph's auto-range: it would scan every point, fight the
        # x link between the plots, and let a diverging tail flatten the curve
        for plot in (self.loss_plot, self.lr_plot):
            plot.getViewBox().disableAutoRange()
        # pyqtgraph's own menus: its Export writes thinned data (and its SVG exporter fails on
        # this PySide6), its Transforms fight the window's log toggle. The window's File menu
        # exports instead; the view menu (zoom, mouse mode) stays.
        for plot in (self.loss_plot, self.lr_plot):
            plot.setMenuEnabled(enableMenu=False, enableViewBoxMenu=True)
        self.scene().contextMenu = []
        self.lr_plot.getViewBox().sigYRangeChanged.connect(self._lr_ticks)
        self.lr_plot.getViewBox().sigResized.connect(self._lr_ticks)

    # -- data --------------------------------------------------------------------------
    def set_smoothing(self, weight: float, history: History | None = None) -> None:
        self.smoother = Smoother(weight)
        self._pyramids["smoothed"].reset()
        self._drawn = (-1, -1, -1, None)
        if history is not None:
            self.refresh(history)

    def reset(self) -> None:
        for curve in (self.raw_curve, self.smooth_curve, self.train_points, self.val_points, self.train_line,
                      self.val_line, self.lr_curve, self.preview_curve):
            curve.setData([], [])
        self._clear_markers()
        self.plateau_region.setVisible(False)
        self.smoother = Smoother(self.smoother.weight)
        for pyramid in self._pyramids.values():
            pyramid.reset()
        self._history = None
        self._drawn = (-1, -1, -1, None)
        self._epochs_drawn = None
        self._start_level = None
        self._last_healthy = 0
        self._scanned = 0
        self.autoscale()

    def refresh(self, history: History) -> bool:
        """Redraw if the history changed since the last call; returns True if it did."""
        state = (history.steps, history.epochs, len(history.events), history.diverged_at)
        if state == self._drawn and history is self._history:
            return False
        if history is not self._history:
            self.reset()
            self._history = history
        lr, loss = history.step_values()
        smoothed = self.smoother.update(loss)
        self._pyramids["loss"].update(loss)
        self._pyramids["smoothed"].update(smoothed)
        self._pyramids["lr"].update(lr)
        self._track_healthy(loss, history.steps_per_epoch)
        if len(history.events) != self._drawn[2] or history.diverged_at != self._drawn[3]:
            self._draw_markers(history)
        self._drawn = state
        self._redraw()
        return True

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
        if self._drawing or self._history is None:
            return
        history = self._history
        key = (*self._visible_steps(history.steps, history.steps_per_epoch), self._columns())
        if key != self._envelope_key:
            self._redraw()

    def _visible_steps(self, n: int, spe: int) -> tuple[int, int]:
        if self.auto_range:
            return 0, n
        x0, x1 = self.loss_plot.getViewBox().viewRange()[0]
        return max(0, int(math.floor(x0 * spe)) - 2), min(n, int(math.ceil(x1 * spe)) + 2)

    def _redraw(self) -> None:
        history = self._history
        if history is None or self._drawing:
            return
        self._drawing = True
        try:
            n, spe = history.steps, history.steps_per_epoch
            lr, loss = history.step_values()
            smoothed = self.smoother.values.view(n)
            start, stop = self._visible_steps(n, spe)
            columns = self._columns()
            self._envelope_key = (start, stop, columns)
            for name, data, curve in (("loss", loss, self.raw_curve), ("smoothed", smoothed, self.smooth_curve), ("lr", lr, self.lr_curve)):
                idx, values = self._pyramids[name].envelope(data, start, stop, columns)
                curve.setData((idx + 1) / spe, values, connect="finite")
            epoch_view = (history.epochs, start, stop)
            if epoch_view != self._epochs_drawn:  # epoch markers change once an epoch, not every frame
                self._draw_epochs(history)
                self._epochs_drawn = epoch_view
            if self.auto_range:
                self._autoscale_loss(loss, start, stop, columns, history)
                self._autoscale_lr(lr, start, stop, columns)
                end = max(n / spe, self._preview_end, 1.0 / spe)
                now = time.monotonic()
                if n != self._last_n:
                    self._last_n, self._grew_at = n, now
                growing = now - self._grew_at < 0.5
                _set_range(self.loss_plot.getViewBox(), "x", -0.01 * end, 1.01 * end,
                           grow_only=growing, anchored_low=True, headroom=0.1 if growing else 0.0)
        finally:
            self._drawing = False

    def _columns(self) -> int:
        return max(100, int(self.loss_plot.getViewBox().width()))

    def _draw_epochs(self, history: History) -> None:
        epochs, _, train, val = history.epoch_arrays()
        x = epochs + 1.0
        if self.auto_range:
            in_view = len(x)
        else:
            x0, x1 = self.loss_plot.getViewBox().viewRange()[0]
            in_view = int(np.count_nonzero((x >= x0) & (x <= x1)))
        dense = in_view > self.EPOCH_SYMBOLS_MAX
        empty = np.empty(0)
        columns = max(100, int(self.loss_plot.getViewBox().width()))
        x0, x1 = self.loss_plot.getViewBox().viewRange()[0] if not self.auto_range else (0, len(x) + 1)
        first, last = max(0, int(x0) - 2), min(len(x), int(x1) + 2)
        for name, points, line, values in (("train", self.train_points, self.train_line, train), ("val", self.val_points, self.val_line, val)):
            if dense:
                points.setData(empty, empty)
                pyramid = self._pyramids[name]
                pyramid.update(values)
                idx, drawn = pyramid.envelope(values, first, last, columns)
                line.setData(idx + 1.0, drawn, connect="finite")
            else:
                line.setData(empty, empty)
                points.setData(x, values.copy())

    def _draw_markers(self, history: History) -> None:
        self._clear_markers()
        spe = history.steps_per_epoch
        marks = [(s.step / spe, s.event.label(), EVENT_PEN) for s in history.events]
        if history.diverged_at is not None:
            marks.append((history.diverged_at / spe, "diverged", DIVERGED_PEN))
        end = max(history.steps / spe, 1e-9)
        for index, (x, label, pen) in enumerate(marks):
            # labels of nearby events step down so they do not print over each other; near the
            # right end they sit left of their line so they are not cut off
            left = x > 0.8 * end
            options = dict(MARKER_LABEL, position=0.74 - 0.08 * (index % 4),  # below the legend
                           anchors=[(1, 0), (1, 0)] if left else [(0, 0), (0, 0)])
            top = pg.InfiniteLine(pos=x, angle=90, pen=pen, movable=False, label=label, labelOpts=options)
            bottom = pg.InfiniteLine(pos=x, angle=90, pen=pen, movable=False)
            self.loss_plot.addItem(top, ignoreBounds=True)
            self.lr_plot.addItem(bottom, ignoreBounds=True)
            self._markers += [top, bottom]

    def _clear_markers(self) -> None:
        for line in self._markers:
            line.getViewBox() and line.getViewBox().removeItem(line)
        self._markers.clear()

    def _track_healthy(self, loss: np.ndarray, spe: int) -> None:
        """Remember the last step whose loss was at most twice the worst of the first steps.

        Everything after it, if it lasts, is a run blowing up: the y autorange leaves it out.
        Incremental, so a live run costs only its new points.
        """
        if self._start_level is None:
            first = min(spe, 8)
            if len(loss) < first:
                return
            start = loss[:first]
            start = start[np.isfinite(start)]
            self._start_level = 2.0 * float(start.max()) if len(start) else math.inf
        new = loss[self._scanned :]
        ok = np.flatnonzero(new <= self._start_level)
        if len(ok):
            self._last_healthy = self._scanned + int(ok[-1]) + 1
        self._scanned = len(loss)

    def _autoscale_loss(self, loss: np.ndarray, start: int, stop: int, columns: int, history: History) -> None:
        """Fit y to the loss in view, leaving out a diverging tail and the rarest spikes."""
        if len(loss) - self._last_healthy > history.steps_per_epoch:
            stop = min(stop, max(start + 1, self._last_healthy))
        _, values = self._pyramids["loss"].envelope(loss, start, stop, columns)
        finite = values[np.isfinite(values)]
        if self.loss_plot.ctrl.logYCheck.isChecked():
            finite = finite[finite > 0]
        if len(finite) == 0:
            return
        low, high = float(finite.min()), float(np.percentile(finite, 99.5))
        if self.loss_plot.ctrl.logYCheck.isChecked():
            low, high = math.log10(low), math.log10(high)
        if high <= low:
            high = low + (abs(low) * 0.1 or 1.0)
        pad = 0.05 * (high - low)
        _set_range(self.loss_plot.getViewBox(), "y", low - pad, high + pad)

    def _autoscale_lr(self, lr: np.ndarray, start: int, stop: int, columns: int) -> None:
        """Log axis over the rates drawn (and previewed), at least one decade tall."""
        _, drawn = self._pyramids["lr"].envelope(lr, start, stop, columns)
        values = [drawn[np.isfinite(drawn) & (drawn > 0)]]
        preview = self.preview_curve.yData
        if preview is not None and len(preview):
            values.append(preview[np.isfinite(preview) & (preview > 0)])
        finite = np.concatenate(values) if values else np.empty(0)
        if len(finite) == 0:
            return
        low, high = np.log10(finite.min()), np.log10(finite.max())
        middle, half = (low + high) / 2, max((high - low) / 2, 0.5)
        _set_range(self.lr_plot.getViewBox(), "y", middle - half * 1.08, middle + half * 1.08)

    def _lr_ticks(self, *_) -> None:
        """Rate labels at 1-2-5 steps per decade as room allows (pyqtgraph's own log ticks
        print every minor tick on a short axis, on top of each other)."""
        low, high = self.lr_plot.getViewBox().viewRange()[1]
        if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
            return
        rows = max(2, int(self.lr_plot.getViewBox().height() / 22))  # a label needs ~22 px
        decades = high - low
        for multiples in ((1, 2, 5), (1, 3), (1,)):
            ticks = [
                (math.log10(m) + k, f"{m * 10.0 ** k:g}")
                for k in range(math.floor(low) - 1, math.ceil(high) + 1)
                for m in multiples
                if low <= math.log10(m) + k <= high
            ]
            if len(ticks) <= rows:
                break
        if len(ticks) > rows:  # many decades: every n-th decade
            every = math.ceil(decades / rows)
            ticks = [(float(k), f"{10.0 ** k:g}") for k in range(math.ceil(low), math.floor(high) + 1) if k % every == 0]
        if ticks != self._last_ticks:  # setting ticks repaints the axis: only when they change
            self._last_ticks = ticks
            self.lr_plot.getAxis("left").setTicks([ticks, []])

    # -- decorations -------------------------------------------------------------------
    def set_log_loss(self, on: bool) -> None:
        self.loss_plot.setLogMode(y=on)

    def show_preview(self, x: np.ndarray, lr: np.ndarray) -> None:
        """The dashed rate a schedule would give from now; the x range makes room for it."""
        self.preview_curve.setData(x, lr)
        end = float(x[-1]) if len(x) else 0.0
        if end > self._preview_end or end < 0.5 * self._preview_end:
            self._preview_end = end
            self._redraw()  # make room for it (the next frame would too)
        self._preview_end = end

    def show_plateau(self, start: float | None, end: float | None = None) -> None:
        if start is None:
            self.plateau_region.setVisible(False)
            return
        self.plateau_region.setRegion((start, end if end is not None else start))
        self.plateau_region.setVisible(True)

    # -- snapshots ---------------------------------------------------------------------
    def render_image(self, width: int, height: int) -> QtGui.QImage:
        """The plots drawn at exactly ``width`` x ``height`` pixels."""
        image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32)
        image.fill(QtGui.QColor("white"))
        painter = QtGui.QPainter(image)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        self.render(painter)
        painter.end()
        return image

    def render_svg(self, width: int, height: int) -> bytes:
        """SVG through Qt's own generator (pyqtgraph 0.14's exporter fails on PySide6 >= 6.11)."""
        buffer = QtCore.QBuffer()
        buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
        generator = QtSvg.QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QtCore.QSize(width, height))
        generator.setViewBox(QtCore.QRect(0, 0, width, height))
        generator.setResolution(self.logicalDpiX())  # else text and axes come out at 72/96 scale
        generator.setTitle("lrmonitor snapshot")
        painter = QtGui.QPainter(generator)
        self.render(painter)
        painter.end()
        svg = bytes(buffer.data()).decode("utf-8")
        # say the size in pixels (Qt writes millimetres), so viewers show it at the size asked
        svg = re.sub(r'(<svg[^>]*?)width="[^"]*" height="[^"]*"', rf'\1width="{width}px" height="{height}px"', svg, count=1)
        return svg.encode("utf-8")


def _set_range(view: pg.ViewBox, axis: str, low: float, high: float, grow_only: bool = False,
               anchored_low: bool = False, headroom: float = 0.0) -> None:
    """Change a range only when it matters: the data left it, or it is far too roomy.

    While training, the ranges would otherwise move a little every frame, and each move makes
    pyqtgraph rebuild the axes and paint twice (measured): with headroom, they rarely move.
    ``anchored_low``: the low end is a fixed origin (x = 0), kept within 5 % of the span.
    """
    index = 0 if axis == "x" else 1
    current_low, current_high = view.viewRange()[index]
    span = high - low
    if anchored_low:
        low_ok = abs(current_low - low) <= 0.05 * span
    else:
        low_ok = current_low <= low and low - current_low < 0.3 * span
    high_ok = high <= current_high and (grow_only or current_high - high < 0.6 * span)
    if low_ok and high_ok:
        return
    high += headroom * span  # room to grow into, so the next frames need no change
    if axis == "x":
        view.setXRange(low, high, padding=0)
    else:
        view.setYRange(low, high, padding=0)


def snapshot(history: History, kind: str, width: int, height: int, smoothing: float = 0.6, log_loss: bool = False) -> bytes:
    """PNG or SVG bytes of a run's plots at a chosen size, drawn by an offscreen :class:`RunPlots`.

    A separate widget, so an export never disturbs the window's own plots or their zoom.
    """
    plots = RunPlots()
    plots.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen)
    plots.set_smoothing(smoothing)
    plots.set_log_loss(log_loss)
    plots.resize(width, height)
    plots.show()
    plots.refresh(history)
    QtCore.QCoreApplication.processEvents()
    try:
        if kind == "png":
            return _encode(plots.render_image(width, height))
        if kind == "svg":
            return plots.render_svg(width, height)
        raise ValueError(f"unknown snapshot kind {kind!r}: allowed are png, svg")
    finally:
        plots.close()
        plots.deleteLater()


def _encode(image: QtGui.QImage) -> bytes:
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())
