"""The Surface view (the lecture's picture 3): filled contours of the loss with log-spaced levels,
the minimum and the start marked, and each run's path in its colour.

For ``linear`` the plane is (w, b) and the loss is the real full-batch loss; a second panel
frames the last epochs around the minimum, where the fixed rate's wandering and the decayed
rate's settling are a few hundredths wide (invisible beside the whole path). For other problems
it is the plane of the first two principal directions of the epoch-boundary states (Li et al.
2018 §7), and the title says it is a projection.

API, for placing it in the window:

- ``SurfaceView(parent=None, max_points=20_000, colours=LIGHT)``; ``set_theme(colours)`` draws it in a
  theme's colours (:class:`~lrmonitor.qt.theme.PlotColours`). The filled contours keep their colour
  map in both themes; the lines, markers and labels over them read on it and in the dark legend.
- ``set_surface(surface, steps, names, slots=None, from_steps=None, zoom=None)``: a
  :class:`~lrmonitor.core.display.surface.Surface` with, per path, its step numbers and run name
  (``slots``: palette slots, default 0, 1, ...; ``from_steps``: the first step to draw per path,
  e.g. a fork's fork step, so a fork does not paint over its parent's shared prefix; ``zoom``: the
  second panel's surface, ``core.display.surface.zoom_surface``).
- ``set_paths(paths, steps)``: live, new path points on the same surfaces (no contour recomputation).
  Live, call ``set_surface`` again with a fresh ``surface_for(...)`` when ``surface.contains(new points)``
  is False (linear), or once per epoch for a projection (its plane moves as the run grows).
- ``set_problem(problem)``: for linear, the hover readout then shows the exact full-batch loss.
- signals ``step_selected(str, int)`` (run name, step: a path point was clicked) and
  ``fork_requested(str, int)`` (the same with Shift held: fork that run at that step).
- ``readout`` (a QLabel in the view): what is under the mouse (run, step, loss).

Drawing stays cheap with millions of points: each path is decimated to at most ``max_points``
(``core.display.surface.decimate_path``) before it reaches pyqtgraph.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from ...core.display.surface import Surface, decimated_index, linear_loss_grid
from ..language import core_text
from ..palette import run_colour
from ..plot_style import style_plot
from ..ranges import settle
from ..theme import LIGHT, PlotColours
from .common import recolour_label, style_legend, view_colours

translate = QtCore.QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

PICK_PIXELS = 10  # a click or hover this close to a drawn path point picks it


def _filled_colours(count: int) -> np.ndarray:
    """A light blue ramp (low loss darker), so paths in the run colours stay readable on top (the
    same in both themes: the paths were chosen to read on it)."""
    t = np.linspace(0.0, 1.0, max(count, 2))[:, None]
    low, high = np.array([120, 160, 215]), np.array([248, 250, 255])
    return (low + (high - low) * t).astype(np.uint8)


class _Panel:
    """One plot of the view: a surface (filled bands + isocurves), markers and the path lines."""

    def __init__(self, plot: pg.PlotItem, colours: PlotColours = LIGHT) -> None:
        self.plot = plot
        self.legend = plot.addLegend(offset=(-10, 10))
        self.image = pg.ImageItem()
        self.image.setZValue(-20)
        plot.addItem(self.image)
        self.isocurves: list[pg.IsocurveItem] = []
        self.minimum = pg.ScatterPlotItem(symbol="star", size=18)
        self.start = pg.ScatterPlotItem(symbol="o", size=11)
        for item in (self.minimum, self.start):
            item.setZValue(20)
            plot.addItem(item)
        self.legend.addItem(self.minimum, translate("SurfaceView", "minimum"))
        self.legend.addItem(self.start, translate("SurfaceView", "start"))
        self.curves: list[pg.PlotDataItem] = []
        self.drawn: list[tuple[np.ndarray, np.ndarray]] = []  # per path: drawn points, their steps
        self.set_theme(colours)

    def set_theme(self, colours: PlotColours) -> None:
        self.colours = colours
        ours = view_colours(colours)
        style_plot(self.plot, colours)
        if self.plot.titleLabel.text:
            self.plot.setTitle(self.plot.titleLabel.text, color=ours.subtitle)
        style_legend(self.legend, colours)
        self.minimum.setBrush(pg.mkBrush(ours.minimum_fill))
        self.minimum.setPen(pg.mkPen(ours.minimum_edge, width=1.5))
        self.start.setBrush(pg.mkBrush(ours.start_fill))
        self.start.setPen(pg.mkPen(None) if ours.start_edge is None else pg.mkPen(ours.start_edge, width=1.5))
        for iso in self.isocurves:
            iso.setPen(pg.mkPen(ours.contour_line, width=1))

    def draw_surface(self, surface: Surface) -> None:
        for iso in self.isocurves:
            if iso.scene() is not None:
                iso.scene().removeItem(iso)
        self.isocurves = []
        levels = surface.levels
        bands = np.digitize(surface.loss, levels).astype(np.float64)  # filled: one colour per level band
        self.image.setImage(bands.T, levels=(0, len(levels)), lut=_filled_colours(len(levels) + 1), autoLevels=False)
        nx, ny = len(surface.xs), len(surface.ys)
        dx, dy = surface.xs[-1] - surface.xs[0], surface.ys[-1] - surface.ys[0]
        # pixel centres sit on the grid points
        self.image.setRect(QtCore.QRectF(surface.xs[0] - dx / (nx - 1) / 2, surface.ys[0] - dy / (ny - 1) / 2,
                                         dx * nx / (nx - 1), dy * ny / (ny - 1)))
        data = surface.loss.T
        for level in levels:
            iso = pg.IsocurveItem(data=data, level=float(level),
                                  pen=pg.mkPen(view_colours(self.colours).contour_line, width=1))
            iso.setParentItem(self.image)
            self.isocurves.append(iso)
        if surface.minimum is not None:
            self.minimum.setData([surface.minimum[0]], [surface.minimum[1]])
        else:
            self.minimum.setData([], [])
        self.start.setData([surface.start[0]], [surface.start[1]])
        self.plot.setXRange(surface.xs[0], surface.xs[-1], padding=0)
        self.plot.setYRange(surface.ys[0], surface.ys[-1], padding=0)
        self.plot.setLabel("bottom", core_text(surface.x_label))
        self.plot.setLabel("left", core_text(surface.y_label))

    def set_runs(self, names: Sequence[str], slots: Sequence[int]) -> None:
        for curve in self.curves:
            self.plot.removeItem(curve)
            self.legend.removeItem(curve)
        self.curves = []
        for name, slot in zip(names, slots):
            curve = pg.PlotDataItem(pen=pg.mkPen(run_colour(slot), width=1), name=name, connect="finite")
            curve.setZValue(10)
            self.plot.addItem(curve)
            self.curves.append(curve)

    def set_paths(self, paths: Sequence[np.ndarray], steps: Sequence[np.ndarray], limit: int) -> None:
        self.drawn = []
        for curve, points, numbers in zip(self.curves, paths, steps):
            n = len(points)
            if n == 0:
                curve.setData([], [])
                self.drawn.append((np.empty((0, 2)), np.empty(0, dtype=np.int64)))
                continue
            index = decimated_index(n, limit)
            drawn = np.asarray(points)[index, :2]
            curve.setData(drawn[:, 0], drawn[:, 1])
            self.drawn.append((drawn, np.asarray(numbers)[index]))

    def pick(self, scene_pos: QtCore.QPointF) -> tuple[float, int, int, np.ndarray] | None:
        """(squared pixel distance, path index, step, point) of the nearest drawn point in reach."""
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        origin = vb.mapViewToScene(QtCore.QPointF(0, 0))
        unit_x = vb.mapViewToScene(QtCore.QPointF(1, 0)) - origin
        unit_y = vb.mapViewToScene(QtCore.QPointF(0, 1)) - origin
        best = None
        for k, (points, numbers) in enumerate(self.drawn):
            if len(points) == 0:
                continue
            px = origin.x() + points[:, 0] * unit_x.x() + points[:, 1] * unit_y.x()
            py = origin.y() + points[:, 0] * unit_x.y() + points[:, 1] * unit_y.y()
            d2 = (px - scene_pos.x()) ** 2 + (py - scene_pos.y()) ** 2
            i = int(np.argmin(d2))
            if d2[i] <= PICK_PIXELS**2 and (best is None or d2[i] < best[0]):
                best = (float(d2[i]), k, int(numbers[i]), points[i])
        return best


class SurfaceView(QtWidgets.QWidget):
    step_selected = QtCore.Signal(str, int)
    fork_requested = QtCore.Signal(str, int)

    def __init__(self, parent: QtWidgets.QWidget | None = None, max_points: int = 20_000,
                 colours: PlotColours = LIGHT) -> None:
        super().__init__(parent)
        self.max_points = max_points
        self.colours = colours
        self.graphics = pg.GraphicsLayoutWidget()
        self.title = self.graphics.addLabel("", row=0, col=0, colspan=2, size="10pt")
        self.panels = [_Panel(self.graphics.addPlot(row=1, col=0), colours)]
        self.zoom_panel: _Panel | None = None
        self.readout = QtWidgets.QLabel(self.tr("Hover a path to see its step and loss; click to select the step, "
                                                "Shift+click to fork there."))
        self.readout.setWordWrap(True)  # a narrow window wraps it rather than widen the window
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.readout)
        self.surface: Surface | None = None
        self.names: list[str] = []
        self.slots: list[int] = []
        self.from_steps: list[int] = []
        self._problem = None
        self.graphics.scene().sigMouseMoved.connect(self._hover)
        self.graphics.scene().sigMouseClicked.connect(self._clicked)
        self.set_theme(colours)

    def set_theme(self, colours: PlotColours) -> None:
        """Draw in ``colours``: background, axes, titles, legends, markers, contour lines, the readout."""
        self.colours = colours
        ours = view_colours(colours)
        self.graphics.setBackground(colours.background)
        recolour_label(self.title, ours.title)
        self.readout.setStyleSheet(f"color: {ours.readout}; padding: 2px 6px;")
        for panel in self.panels:
            panel.set_theme(colours)

    def set_problem(self, problem) -> None:
        """For ``linear``, the problem: the hover readout then shows the exact full-batch loss."""
        self._problem = problem

    def set_surface(self, surface: Surface, steps: Sequence[np.ndarray], names: Sequence[str],
                    slots: Sequence[int] | None = None, from_steps: Sequence[int] | None = None,
                    zoom: Surface | None = None) -> None:
        if not (len(surface.paths) == len(steps) == len(names)):
            raise ValueError(f"{len(surface.paths)} paths, {len(steps)} step arrays and {len(names)} names: "
                             "allowed is one of each per run")
        self.surface = surface
        self.names = list(names)
        self.slots = list(slots) if slots is not None else list(range(len(names)))
        self.from_steps = list(from_steps) if from_steps is not None else [0] * len(names)
        if zoom is not None and self.zoom_panel is None:
            self.zoom_panel = _Panel(self.graphics.addPlot(row=1, col=1), self.colours)
            self.panels.append(self.zoom_panel)
        elif zoom is None and self.zoom_panel is not None:
            self.graphics.removeItem(self.zoom_panel.plot)
            self.panels.remove(self.zoom_panel)
            self.zoom_panel = None
        self.panels[0].draw_surface(surface)
        if self.zoom_panel is not None:
            self.zoom_panel.draw_surface(zoom)
            subtitle = view_colours(self.colours).subtitle
            self.zoom_panel.plot.setTitle(self.tr("around the minimum (framing the last 10 epochs)"),
                                          color=subtitle, size="9pt")
            self.panels[0].plot.setTitle(self.tr("the whole path"), color=subtitle, size="9pt")
        for panel in self.panels:
            panel.set_runs(self.names, self.slots)
        self.set_paths(surface.paths, steps)
        kind = (self.tr("PROJECTION on the first two principal directions of the epoch-end states (Li et al. 2018 "
                        "§7), loss on that plane") if surface.projection
                else self.tr("full-batch training loss over (w, b)"))
        if surface.explained is not None:
            kind += "<br>" + self.tr("{0} % of the path's variance in this plane").format(
                f"{100 * sum(surface.explained):.0f}")
        self.title.setText(self.tr("Loss surface: {0}; contours log-spaced").format(kind))

    def set_paths(self, paths: Sequence[np.ndarray], steps: Sequence[np.ndarray]) -> None:
        """New points of the same runs: only the path lines are redrawn (decimated)."""
        shown_paths, shown_steps = [], []
        for points, numbers, first in zip(paths, steps, self.from_steps):
            numbers = np.asarray(numbers)
            begin = int(np.searchsorted(numbers, first))  # steps are increasing: no pass over the path
            shown_paths.append(np.asarray(points)[begin:])
            shown_steps.append(numbers[begin:])
        for panel in self.panels:
            panel.set_paths(shown_paths, shown_steps, self.max_points)
        settle(self.graphics)

    def pick(self, scene_pos: QtCore.QPointF) -> tuple[int, int, np.ndarray] | None:
        """(path index, step, plane point) of the path point under ``scene_pos``, if any."""
        hits = [hit for panel in self.panels if (hit := panel.pick(scene_pos)) is not None]
        if not hits:
            return None
        _, k, step, point = min(hits, key=lambda h: h[0])
        return k, step, point

    def loss_at(self, point: np.ndarray) -> tuple[float, str]:
        """The loss at a plane point: exact for linear (given the problem), else from the grid."""
        s = self.surface
        if self._problem is not None and s is not None and not s.projection:
            value = linear_loss_grid(self._problem, np.array([point[0]]), np.array([point[1]]))[0, 0]
            return float(value), translate("SurfaceView", "full-batch loss")
        i = int(np.clip(np.searchsorted(s.xs, point[0]), 0, len(s.xs) - 1))
        j = int(np.clip(np.searchsorted(s.ys, point[1]), 0, len(s.ys) - 1))
        return float(s.loss[j, i]), translate("SurfaceView", "loss on the plane (nearest grid point)")

    def _hover(self, scene_pos: QtCore.QPointF) -> None:
        picked = self.pick(scene_pos)
        if picked is None:
            return
        k, step, point = picked
        loss, what = self.loss_at(point)
        self.readout.setText(self.tr("{name}: step {step}, {what} {loss} at ({x}, {y})").format(
            name=self.names[k], step=step, what=what, loss=f"{loss:.5g}", x=f"{point[0]:.4g}", y=f"{point[1]:.4g}"))

    def _clicked(self, event) -> None:
        picked = self.pick(event.scenePos())
        if picked is None:
            return
        k, step, _ = picked
        shift = bool(event.modifiers() & QtCore.Qt.KeyboardModifier.ShiftModifier)
        (self.fork_requested if shift else self.step_selected).emit(self.names[k], step)
        event.accept()
