"""The live plots: loss (raw, smoothed, per-epoch markers) above the learning rate.

Both plots share one x axis in epochs, so a decay shows as a step in the rate exactly under
the change in the loss. Every event is a labelled vertical line across both plots. The same
widget draws the window's plots and the headless ``--png``/``--svg`` snapshots.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtSvg

from ..core.history import History
from ..core.smoothing import Smoother

RAW_PEN = pg.mkPen((150, 170, 200, 90), width=1)
SMOOTH_PEN = pg.mkPen((25, 90, 200), width=2)
LR_PEN = pg.mkPen((200, 90, 20), width=2)
PREVIEW_PEN = pg.mkPen((200, 90, 20), width=2, style=QtCore.Qt.PenStyle.DashLine)
EVENT_PEN = pg.mkPen((90, 90, 90), width=1, style=QtCore.Qt.PenStyle.DashLine)
DIVERGED_PEN = pg.mkPen((200, 30, 30), width=2)
PLATEAU_BRUSH = pg.mkBrush(255, 200, 0, 50)


class RunPlots(pg.GraphicsLayoutWidget):
    """Loss and learning-rate plots of one run, redrawn from its :class:`History`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.loss_plot = self.addPlot(row=0, col=0)
        self.lr_plot = self.addPlot(row=1, col=0)
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 1)
        self.lr_plot.setXLink(self.loss_plot)
        for plot in (self.loss_plot, self.lr_plot):
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
            plot.getAxis("left").setWidth(60)
        self.loss_plot.setLabel("left", "loss")
        self.lr_plot.setLabel("left", "learning rate")
        self.lr_plot.setLabel("bottom", "epoch")
        self.lr_plot.setLogMode(y=True)
        self.lr_plot.getAxis("left").enableAutoSIPrefix(False)
        self.loss_plot.getAxis("left").enableAutoSIPrefix(False)
        self.loss_plot.addLegend(offset=(-10, 10))
        self.raw_curve = self.loss_plot.plot(pen=RAW_PEN, name="mini-batch loss")
        self.smooth_curve = self.loss_plot.plot(pen=SMOOTH_PEN, name="smoothed")
        self.train_points = self.loss_plot.plot(
            pen=None, symbol="o", symbolSize=6, symbolBrush=(40, 150, 60), symbolPen=None, name="train loss (epoch)"
        )
        self.val_points = self.loss_plot.plot(
            pen=None, symbol="t", symbolSize=7, symbolBrush=(200, 40, 40), symbolPen=None, name="validation loss (epoch)"
        )
        self.lr_curve = self.lr_plot.plot(pen=LR_PEN)
        self.preview_curve = self.lr_plot.plot(pen=PREVIEW_PEN)
        for curve in (self.raw_curve, self.smooth_curve, self.lr_curve):
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
        self.plateau_region = pg.LinearRegionItem(brush=PLATEAU_BRUSH, movable=False)
        self.plateau_region.setVisible(False)
        self.loss_plot.addItem(self.plateau_region)
        self._markers: list[pg.InfiniteLine] = []
        self._drawn = (-1, -1, -1, None)
        self.smoother = Smoother(0.6)

    # -- data --------------------------------------------------------------------------
    def set_smoothing(self, weight: float, history: History | None = None) -> None:
        self.smoother = Smoother(weight)
        self._drawn = (-1, -1, -1, None)
        if history is not None:
            self.refresh(history)

    def reset(self) -> None:
        for curve in (self.raw_curve, self.smooth_curve, self.train_points, self.val_points, self.lr_curve, self.preview_curve):
            curve.setData([], [])
        for line in self._markers:
            for plot in (self.loss_plot, self.lr_plot):
                if line in plot.items:
                    plot.removeItem(line)
        self._markers.clear()
        self.plateau_region.setVisible(False)
        self.smoother = Smoother(self.smoother.weight)
        self._drawn = (-1, -1, -1, None)

    def refresh(self, history: History) -> bool:
        """Redraw what changed since the last call; returns True if anything was redrawn."""
        state = (history.steps, history.epochs, len(history.events), history.diverged_at)
        if state == self._drawn:
            return False
        spe = history.steps_per_epoch
        steps, lr, loss = history.step_arrays()
        x = steps / spe
        smoothed = self.smoother.update(loss)
        self.raw_curve.setData(x, loss, connect="finite")
        self.smooth_curve.setData(x, smoothed, connect="finite")
        self.lr_curve.setData(x, lr, connect="finite")
        epochs, _, train, val = history.epoch_arrays()
        self.train_points.setData(epochs + 1.0, train)
        self.val_points.setData(epochs + 1.0, val)
        if len(history.events) != self._drawn[2] or history.diverged_at != self._drawn[3]:
            self._draw_markers(history)
        self._drawn = state
        self._autoscale_loss(loss, smoothed, history.diverged_at)
        return True

    def _draw_markers(self, history: History) -> None:
        for line in self._markers:
            for plot in (self.loss_plot, self.lr_plot):
                if line in plot.items:
                    plot.removeItem(line)
        self._markers.clear()
        spe = history.steps_per_epoch
        marks = [(s.step / spe, s.event.label(), EVENT_PEN) for s in history.events]
        if history.diverged_at is not None:
            marks.append(((history.diverged_at) / spe, "diverged", DIVERGED_PEN))
        for x, label, pen in marks:
            top = pg.InfiniteLine(pos=x, angle=90, pen=pen, movable=False, label=label,
                                  labelOpts={"position": 0.95, "color": (60, 60, 60), "fill": (255, 255, 255, 200), "anchors": [(0, 0), (0, 0)]})
            bottom = pg.InfiniteLine(pos=x, angle=90, pen=pen, movable=False)
            self.loss_plot.addItem(top, ignoreBounds=True)
            self.lr_plot.addItem(bottom, ignoreBounds=True)
            self._markers += [top, bottom]

    def _autoscale_loss(self, loss: np.ndarray, smoothed: np.ndarray, diverged_at: int | None) -> None:
        """Keep the y autorange on the healthy part: a diverging tail must not flatten the curve."""
        vb = self.loss_plot.getViewBox()
        if not vb.autoRangeEnabled()[1] or len(loss) == 0:
            return
        healthy = loss if diverged_at is None else loss[: max(1, int(len(loss) * 0.98))]
        finite = healthy[np.isfinite(healthy)]
        if len(finite) == 0:
            return
        low, high = float(np.min(finite)), float(np.percentile(finite, 99.5))
        if self.loss_plot.ctrl.logYCheck.isChecked():
            low, high = math.log10(max(low, 1e-12)), math.log10(max(high, 1e-12))
        if high <= low:
            high = low + 1.0
        pad = 0.05 * (high - low)
        vb.setYRange(low - pad, high + pad, padding=0, update=False)
        vb.enableAutoRange(axis=pg.ViewBox.YAxis, enable=True)

    # -- decorations -------------------------------------------------------------------
    def set_log_loss(self, on: bool) -> None:
        self.loss_plot.setLogMode(y=on)

    def show_preview(self, x: np.ndarray, lr: np.ndarray) -> None:
        self.preview_curve.setData(x, lr)

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
        generator.setTitle("lrmonitor snapshot")
        painter = QtGui.QPainter(generator)
        self.render(painter)
        painter.end()
        return bytes(buffer.data())


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
