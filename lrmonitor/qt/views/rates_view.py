"""The Rates view (the lecture's picture 1): one setup at several starting rates, overlaid, each
curve labelled with its rate and verdict (``core.run.verdicts``; the rule is the tooltip).

API, for placing it in the window:

- ``RatesView(parent=None, smoothing=0.6, editable=True)``: ``editable`` shows the list of rates as
  an editable field ("0.002, 0.02, 0.2, 2") with a "Train these rates" button.
- ``set_rates_text(rates)``: fill that field (e.g. with ``core.run.sweep.default_rates(config)``).
- ``set_runs(rates, histories)``: the runs to show (same setup, one rate each); histories may grow.
- ``on_frame(ended=False)``: redraw from the histories and re-judge (call once per frame while they
  train; pass ``ended=True`` once every run has finished or diverged, else the verdicts say they are
  provisional).
- ``set_theme(colours)``: draw in a theme's colours (:class:`~lrmonitor.qt.theme.PlotColours`;
  light by default, as the command line's pictures are).
- ``set_show_raw(bool)``: show or hide the faint mini-batch bands under the smoothed lines (hidden,
  a redraw of four runs of 10^6 steps took 16 ms instead of 36 ms offscreen: the bands are most of
  the painting).
- ``verdicts``: the latest :class:`~lrmonitor.core.run.verdicts.Verdict` list.
- signal ``use_rate(float)``: a curve was clicked ("train with this rate").
- signal ``rates_requested(list)``: the user asked to train the rates in the field (floats, checked by
  ``core.run.sweep.parse_rates``; a bad list is named under the field and sends nothing).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ...core.display.series import RunSeries
from ...core.run.history import History
from ...core.run.sweep import parse_rates
from ...core.run.verdicts import GOOD, LOW, RULE, TOO_HIGH, Verdict, judge
from ..language import core_error, core_text
from ..palette import run_colour
from ..ranges import LogTicks, settle
from ..theme import LIGHT, PlotColours
from .common import NotePane, faded, fit_view, style_view_plot, view_colours

JUDGE_SECONDS = 0.5
VERDICT_MARK = {"too high": "✗", "high": "~", "good": "✓", "low": "…"}
# the core's verdict names are keys (the command line prints them); shown translated
VERDICT_WORDS = {"too high": QT_TRANSLATE_NOOP("RatesView", "too high"), "high": QT_TRANSLATE_NOOP("RatesView", "high"),
                 "good": QT_TRANSLATE_NOOP("RatesView", "good"), "low": QT_TRANSLATE_NOOP("RatesView", "low")}


class RatesView(QtWidgets.QWidget):
    use_rate = QtCore.Signal(float)
    rates_requested = QtCore.Signal(list)
    keep_requested = QtCore.Signal()  # "Add to the runs": the rates' runs into the runs panel

    def __init__(self, parent: QtWidgets.QWidget | None = None, smoothing: float = 0.6, editable: bool = True,
                 colours: PlotColours = LIGHT) -> None:
        super().__init__(parent)
        self.colours = colours
        self.graphics = pg.GraphicsLayoutWidget()
        self.rates_edit = QtWidgets.QLineEdit()
        self.rates_edit.setPlaceholderText(self.tr("starting rates, e.g. 0.002, 0.02, 0.2, 2"))
        self.rates_edit.setToolTip(self.tr("The starting rates to train side by side, separated by commas (each > 0)."))
        self.train_button = QtWidgets.QPushButton(self.tr("Train these rates"))
        self.error = QtWidgets.QLabel("")
        self.error.setVisible(False)
        self.keep_button = QtWidgets.QPushButton(self.tr("Add to the runs"))
        self.keep_button.setToolTip(self.tr("Copy these runs into the runs panel: compare them in the table, see "
                                            "their paths on the Surface tab, fork them"))
        self.keep_button.setEnabled(False)
        self.keep_button.clicked.connect(self.keep_requested)
        self.train_button.clicked.connect(self._request)
        self.rates_edit.returnPressed.connect(self._request)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)  # the notes right under the plot, on its background
        if editable:
            row = QtWidgets.QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 2)
            row.addWidget(QtWidgets.QLabel(self.tr("Rates:")))
            row.addWidget(self.rates_edit, 1)
            row.addWidget(self.train_button)
            row.addWidget(self.keep_button)
            layout.addLayout(row)
            layout.addWidget(self.error)
        layout.addWidget(self.graphics, 1)
        self.note = NotePane(self.tr("Verdicts are relative to the rates tried; hover here for the rule."))
        layout.addWidget(self.note)
        self.smoothing = smoothing
        self.plot = self.graphics.addPlot(row=0, col=0)
        self.plot.setLogMode(y=True)
        self._ticks = LogTicks(self.plot, "left")
        self.plot.setLabel("left", self.tr("mini-batch loss (log)"))
        self.plot.setLabel("bottom", self.tr("epoch"))
        self.plot.setTitle(self.tr("The same run at several starting rates"))
        self.legend = self.plot.addLegend(offset=(-10, 10))
        self.plot.getViewBox().sigResized.connect(self._fit_legend)
        self.setToolTip(core_text(RULE))
        self.rates: list[float] = []
        self.histories: list[History] = []
        self.verdicts: list[Verdict] = []
        self._raw: list[pg.PlotDataItem] = []
        self._smooth: list[pg.PlotDataItem] = []
        self._series: list[RunSeries] = []
        self._judged: tuple | None = None
        self._judged_at = -math.inf
        self._show_raw = True
        self.set_theme(colours)

    def set_theme(self, colours: PlotColours) -> None:
        """Draw in ``colours``: background, axes, title, legend, notes and the raw bands."""
        self.colours = colours
        ours = style_view_plot(self.graphics, self.plot, self.legend, self.note, colours)
        self.error.setStyleSheet(f"color: {ours.error};")
        for slot, raw in enumerate(self._raw):
            raw.setPen(pg.mkPen(faded(run_colour(slot), colours), width=1))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """The verdicts take at most a share of a short view, and its title goes: the curves keep the room."""
        super().resizeEvent(event)
        fit_view(self, self.plot, self.note)

    def set_runs(self, rates: Sequence[float], histories: Sequence[History]) -> None:
        if len(rates) != len(histories):
            raise ValueError(f"{len(rates)} rates for {len(histories)} runs: allowed is one rate per run")
        for item in (*self._raw, *self._smooth):
            self.plot.removeItem(item)
        self.legend.clear()
        self.rates, self.histories = list(rates), list(histories)
        self._raw, self._smooth, self._series = [], [], []
        self._judged = None
        for slot, rate in enumerate(self.rates):
            colour = run_colour(slot)
            # 1-px pens: wider ones take Qt's slow stroker (the window's plots measured the same)
            raw = pg.PlotDataItem(pen=pg.mkPen(faded(colour, self.colours), width=1), connect="finite")
            raw.setZValue(-10)
            raw.setVisible(self._show_raw)
            smooth = pg.PlotDataItem(pen=pg.mkPen(colour, width=1), name=f"α0 = {rate:g}", connect="finite")
            smooth.setCurveClickable(True, width=8)
            smooth.sigClicked.connect(lambda _item, _ev=None, r=rate: self.use_rate.emit(r))
            self.plot.addItem(raw)
            self.plot.addItem(smooth)
            self._raw.append(raw)
            self._smooth.append(smooth)
            self._series.append(RunSeries(self.histories[slot], self.smoothing))
        self._fit_legend()
        self.on_frame()

    def _fit_legend(self) -> None:
        """The rates one under the other; side by side where that column would not fit the plot's
        height (at 1100×720 the fourth rate hung below the plot)."""
        count = len(self.legend.items)
        if not count:
            return
        row = max(max(sample.height(), label.height()) for sample, label in self.legend.items)
        room = self.plot.getViewBox().height() - 20  # the legend's offset, and a margin under it
        columns = next((c for c in (1, 2) if math.ceil(count / c) * row <= room), count)
        self.legend.setColumnCount(columns)

    def set_rates_text(self, rates: Sequence[float]) -> None:
        self.rates_edit.setText(", ".join(f"{r:g}" for r in rates))

    def _request(self) -> None:
        try:
            rates = [value for _, value in parse_rates(self.rates_edit.text())]
        except ValueError as err:
            self.error.setText(core_error(err).replace("--lrs", self.tr("rates")))
            self.error.setVisible(True)
            return
        self.error.setVisible(False)
        self.rates_requested.emit(rates)

    def set_show_raw(self, show: bool) -> None:
        for item in self._raw:
            item.setVisible(show)
        self._show_raw = show

    def on_frame(self, ended: bool = False) -> None:
        """Redraw every curve from its history and re-judge the rates.

        Curves are min/max envelopes, about two points per pixel column (``RunSeries.envelope``,
        as the window's loss plot draws), so four runs of a million steps stay cheap to redraw.
        """
        top = 0.0
        lows, highs = [], []
        columns = max(100, int(self.plot.getViewBox().width()) or 1000)
        for history, raw, smooth, series in zip(self.histories, self._raw, self._smooth, self._series):
            series.update()
            steps = series.steps
            if steps == 0:
                continue
            spe = history.steps_per_epoch
            for item, name in ((raw, "loss"), (smooth, "smoothed")) if self._show_raw else ((smooth, "smoothed"),):
                index, values = series.envelope(name, 0, steps, columns)
                values = np.where(np.isfinite(values) & (values > 0), values, np.nan)  # log axis: gaps, not errors
                item.setData((index + 1) / spe, values)
                if name == "smoothed" and np.isfinite(values).any():
                    lows.append(float(np.nanmin(values)))  # the envelope holds every column's minimum
                    highs.append(float(series.smoothed[0]) * 1.5)
            top = max(top, steps / spe)
        epochs = tuple(h.epochs for h in self.histories)
        # verdicts read epoch losses: only new epochs change them; while the runs train (provisional
        # verdicts) at most every JUDGE_SECONDS, since four fast runs have a new epoch every frame
        changed_state = self._judged is None or self._judged[1] != ended  # ended (or not) is said at once
        due = changed_state or not self.verdicts or time.perf_counter() - self._judged_at >= JUDGE_SECONDS
        if (epochs, ended) != self._judged and due:
            self._judged, self._judged_at = (epochs, ended), time.perf_counter()
            self._judge(ended)
        if top > 0:
            self.plot.setXRange(0, top, padding=0.02)
        if lows:
            # from the lowest smoothed loss to above the highest start: a diverged run does not squash the rest
            self.plot.setYRange(np.log10(min(lows) * 0.8), np.log10(max(highs)), padding=0)
        settle(self.graphics)

    def _judge(self, ended: bool) -> None:
        ready = [(r, h) for r, h in zip(self.rates, self.histories) if h.epochs > 0 or h.diverged_at is not None]
        if len(ready) != len(self.rates):
            return
        self.verdicts = judge(ready)
        for (_, label), verdict, rate in zip(self.legend.items, self.verdicts, self.rates):
            label.setText(f"α0 = {rate:g}: {VERDICT_MARK[verdict.verdict]} {self._word(verdict.verdict)}",
                          color=view_colours(self.colours).legend_text)
        lines = [f"α0 = {v.lr:g}: {self._word(v.verdict)} — {self._why(v, h)}"
                 for v, (_, h) in zip(self.verdicts, ready)]
        rule = (self.tr("Verdicts relative to the rates tried; hover for the rule.") if ended else
                self.tr("Verdicts relative to the rates tried (provisional: the runs are still training); hover for "
                        "the rule."))
        self.note.setText("<br>".join(lines) + f"<br><i>{rule}</i>")
        self._fit_legend()

    def _word(self, verdict: str) -> str:
        return self.tr(VERDICT_WORDS[verdict]) if verdict in VERDICT_WORDS else verdict

    def _why(self, v: Verdict, history: History) -> str:
        """The core's ``Verdict.why`` (what the command line prints) worded in the window's language,
        from the numbers the verdict carries; in English the same sentence."""
        if v.verdict == TOO_HIGH:
            if history.diverged_at is not None or not math.isfinite(v.final_train_loss):
                return (self.tr("diverged at step {0}").format(history.diverged_at) if history.diverged_at
                        else self.tr("diverged"))
            return self.tr("final training loss {0} is not below the first step's {1}").format(
                f"{v.final_train_loss:.4g}", f"{v.start_loss:.4g}")
        if v.verdict == GOOD:
            return self.tr("lowest final validation loss of the sweep ({0})").format(f"{v.final_val_loss:.4g}")
        if v.verdict == LOW:
            return self.tr("still falling: {0} % over the last epochs, a trend of {1} standard errors").format(
                f"{100 * v.tail_fall:.1f}", f"{v.trend_t:.0f}")
        best = next((g.final_val_loss for g in self.verdicts if g.verdict == GOOD), math.nan)
        return self.tr("stalled: no significant trend at the end (t = {0}); final validation loss {1} against "
                       "the best {2}").format(f"{v.trend_t:.1f}", f"{v.final_val_loss:.4g}", f"{best:.4g}")
