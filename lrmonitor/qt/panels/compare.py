"""The comparison table: each run against the run it was forked from, in numbers.

The lesson is a comparison, so the student should read it, not compute it: per run the final
and best validation loss, the mean over the last 10 epochs, the wandering band (standard
deviation of the mini-batch loss over the last 10 epochs) and, for a fork, the change of each
against its parent, with one sentence per fork ("decay lowered the validation loss by 58 %
and narrowed the band by 80 %"). The numbers come from the Qt-free
:func:`~lrmonitor.core.run.compare.compare`; "Export CSV…" writes the same table.
"""

from __future__ import annotations

import time

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ...core.display.frame import Frame
from ...core.run.compare import WINDOW, Compared, CompareRow, compare
from ..language import run_name
from ..palette import swatch

REFRESH_SECONDS = 1.0  # while a run trains, the table follows it about once a second
HEADERS = (QT_TRANSLATE_NOOP("ComparePanel", "run"), QT_TRANSLATE_NOOP("ComparePanel", "forked from"),
           QT_TRANSLATE_NOOP("ComparePanel", "at epoch"), QT_TRANSLATE_NOOP("ComparePanel", "val loss, last 10"),
           QT_TRANSLATE_NOOP("ComparePanel", "band, last 10"), QT_TRANSLATE_NOOP("ComparePanel", "final val loss"),
           QT_TRANSLATE_NOOP("ComparePanel", "final train loss"),
           QT_TRANSLATE_NOOP("ComparePanel", "best val loss (epoch)"))  # translated where shown


class ComparePanel(QtWidgets.QWidget):
    export_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QtWidgets.QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(header) for header in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip(self.tr("Band: the standard deviation of the mini-batch loss over the last 10 epochs: "
                                      "how widely a run wanders. In brackets: a fork's change against the run it was "
                                      "forked from, over the same epochs."))
        self.verdicts = QtWidgets.QLabel()
        self.verdicts.setWordWrap(True)
        self.verdicts.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.export_button = QtWidgets.QPushButton(self.tr("Export CSV…"))
        self.export_button.setToolTip(self.tr("Write this table as CSV"))
        self.export_button.clicked.connect(self.export_requested)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.verdicts, 1)
        row.addWidget(self.export_button)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.rows: list[CompareRow] = []
        self._refreshed = 0.0
        self._frame: Frame | None = None

    def rows_now(self) -> list[CompareRow]:
        """The table of this moment (what "Export CSV…" writes)."""
        if self._frame is not None:
            self.show_rows(self._frame)
        return self.rows

    def on_frame(self, frame: Frame) -> None:
        self._frame = frame
        now = time.monotonic()
        due = frame.data_changed and now - self._refreshed > REFRESH_SECONDS
        if not (frame.runs_changed or frame.state_changed or due):
            return
        self._refreshed = now
        self.show_rows(frame)

    def show_rows(self, frame: Frame) -> None:
        runs = [info for info in frame.runs if info.view is not None]
        names = _distinct([info.name for info in runs])
        by_id = {info.id: name for info, name in zip(runs, names)}
        compared = [Compared(by_id[info.id], info.view.history, by_id.get(info.parent), info.fork_step,
                             info.action) for info in runs]
        self.rows = compare(compared)
        self.table.setRowCount(len(self.rows))
        for r, (row, info) in enumerate(zip(self.rows, runs)):
            best = "" if row.best_val_epoch is None else f"{row.best_val_loss:.4g} ({row.best_val_epoch})"
            best_change = "" if row.best_val_loss_change_pct is None else f"  {_pct(row.best_val_loss_change_pct)}"
            numbers = (_with(row.last10_val_mean, row.last10_val_mean_change_pct),
                       _with(row.band_std, row.band_std_change_pct),
                       _with(row.final_val_loss, row.final_val_loss_change_pct),
                       _with(row.final_train_loss, row.final_train_loss_change_pct),
                       best + best_change)
            if row.best_val_epoch is None:  # no epoch finished yet: nothing to measure ("nan" told a student nothing)
                numbers = (NOT_YET,) * len(numbers)
            cells = (row.run, row.parent or "", "" if row.fork_epoch is None else f"{row.fork_epoch:g}", *numbers)
            for c, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
            self.table.item(r, 0).setIcon(swatch(info.colour))
        self.verdicts.setText("\n".join(self.verdict(row) for row in self.rows if row.parent is not None)
                              or self.tr("Fork a run (Ctrl+F) to compare a decay with the fixed rate."))

    def verdict(self, row: CompareRow) -> str:
        """The core's :func:`~lrmonitor.core.run.compare.verdict` sentence (the command line prints it, in
        English), worded here in the window's language: one sentence per direction of the two changes, so
        a translation need not assemble "lowered"/"raised" from pieces. In English it equals the core's."""
        label = run_name(row.label) if row.label else row.action or self.tr("the fork")  # the names' words
        what = label if label == row.run else f"{row.run}: {label}"
        val, band = row.last10_val_mean_change_pct, row.band_std_change_pct
        if val is None or band is None:
            return self.tr("{what} cannot be compared with {parent} (a loss is not finite, or {parent} is "
                           "shorter)").format(what=what, parent=row.parent)
        if val <= 0 and band <= 0:
            text = self.tr("{what} lowered the validation loss by {val} and narrowed the band by {band} "
                           "(last {n} epochs, against {parent})")
        elif val <= 0:
            text = self.tr("{what} lowered the validation loss by {val} and widened the band by {band} "
                           "(last {n} epochs, against {parent})")
        elif band <= 0:
            text = self.tr("{what} raised the validation loss by {val} and narrowed the band by {band} "
                           "(last {n} epochs, against {parent})")
        else:
            text = self.tr("{what} raised the validation loss by {val} and widened the band by {band} "
                           "(last {n} epochs, against {parent})")
        return text.format(what=what, val=_size_pct(val), band=_size_pct(band), n=WINDOW, parent=row.parent)


def _size_pct(value: float) -> str:
    """A change's size as the core's verdict writes it: '72 %', '4.5 %'."""
    return f"{abs(value):.0f} %" if abs(value) >= 10 else f"{abs(value):.1f} %"


def _distinct(names: list[str]) -> list[str]:
    """Names made distinct where two runs share one (a run and its reset twin): 'fixed α=0.2 (2)'."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


NOT_YET = "–"  # a number of a run that has not finished an epoch


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:+.0f} %"


def _with(value: float, change: float | None) -> str:
    """'0.04816 (−58 %)': the number and, for a fork, its change against the parent."""
    return f"{value:.4g}" if change is None else f"{value:.4g} ({_pct(change)})"
