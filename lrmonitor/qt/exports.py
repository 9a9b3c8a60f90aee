"""File → Export: the plots as PNG or SVG, the run's tables as CSV, or the plot image copied.

Pictures are drawn by a separate offscreen plot widget at the size asked (see ``snapshot``),
light by default whatever the window's theme (for print and slides), or in the window's colours
if the user asked for them in the export dialog (a persisted choice, also used when copying the
plot image); tables are the history itself, with the smoothed line the window shows. Writes are atomic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from ..core.files.atomic import write_bytes_atomic, write_text_atomic
from ..core.files.tables import write_epochs_csv, write_events_csv, write_steps_csv
from ..core.run.compare import rows_csv
from .controller import RunController
from .dialogs.export import EXPORTS, ExportDialog, suffix
from .dialogs.messages import warn
from .render import render_image
from .settings import Settings
from .snapshot import snapshot
from .theme import LIGHT, PlotColours

CONTENTS = {"png": "plot", "svg": "plot", "steps": "steps", "epochs": "epochs", "events": "events",
            "compare": "comparison"}  # what a default file name says is in it


class Exporter(QtCore.QObject):
    message = QtCore.Signal(str, int)

    def __init__(self, controller: RunController, settings: Settings, parent: QtWidgets.QWidget,
                 log_loss: Callable[[], bool], compare_rows: Callable[[], list],
                 window_colours: Callable[[], PlotColours] = lambda: LIGHT) -> None:
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.window = parent
        self.log_loss = log_loss  # exports draw the loss axis as the window shows it
        self.compare_rows = compare_rows  # the comparison table as the window shows it
        self.window_colours = window_colours  # the theme's plot colours now

    def dialog(self, kind: str | None = None) -> None:
        dialog = ExportDialog(self.window, kind or self.settings.get("export/kind"),
                              self.settings.get("export/window_colours"))
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        kind, width, height = dialog.choice()
        self.settings.set("export/window_colours", dialog.window_colours.isChecked())
        label, file_filter = EXPORTS[kind]
        folder = Path(self.settings.get("files/last_dir"))
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.window, self.tr(label), str(folder / self.default_name(kind)), self.tr(file_filter))
        if path:
            self.settings.set("export/kind", kind)
            self.export(kind, path, width, height)

    def default_name(self, kind: str) -> str:
        """The file name offered: the current run's name and what is in the file, e.g.
        ``mlp-sgd-plot.png`` or ``mlp-sgd-epochs.csv`` (not ``lrmonitor-png.png``)."""
        workspace = self.controller.workspace
        run = "lrmonitor"
        if workspace.current is not None:
            run = re.sub(r"[^\w.+-]+", "-", workspace.tree[workspace.current].name).strip("-.")[:60] or "lrmonitor"
        return f"{run}-{CONTENTS.get(kind, kind)}{suffix(kind)}"

    def export(self, kind: str, path: str | Path, width: int = 1200, height: int = 800) -> bool:
        """Write one snapshot: ``png``/``svg`` of the plots, or ``steps``/``epochs``/``events`` CSV."""
        self.controller.tick()  # a frame now: what was recorded since the last one is exported too
        series = self.controller.series
        if series is None:
            self.message.emit(self.tr("There is no run to export yet."), 4000)
            return False
        history = series.history
        try:
            if kind in ("png", "svg"):
                picture = snapshot(history, kind, width, height, series.smoothing, self.log_loss(),
                                   like=getattr(self.window, "plots", None),  # what the screen shows
                                   colours=self.picture_colours())
                write_bytes_atomic(path, picture)
            elif kind == "steps":
                write_steps_csv(path, history, smoothed=series.smoothed)
            elif kind == "epochs":
                write_epochs_csv(path, history)
            elif kind == "events":
                write_events_csv(path, history)
            elif kind == "compare":
                write_text_atomic(path, rows_csv(self.compare_rows()))
            else:
                raise ValueError(f"unknown export kind {kind!r}: allowed are {', '.join(EXPORTS)}")
        except OSError as err:
            warn(self.window, self.tr("Export failed"),
                 self.tr("'{path}' could not be written: {why}").format(path=path, why=err.strerror))
            return False
        self.settings.set("files/last_dir", str(Path(path).parent))
        self.message.emit(self.tr("Exported {0}").format(path), 3000)
        return True

    def picture_colours(self) -> PlotColours:
        """Light, unless the user asked for pictures in the window's colours."""
        return self.window_colours() if self.settings.get("export/window_colours") else LIGHT

    def copy_plot(self, plots: QtWidgets.QWidget) -> None:
        """The plots as shown, in the colours pictures are exported in."""
        colours = self.picture_colours()
        series = self.controller.series
        if colours == getattr(plots, "colours", colours) or series is None:
            image = render_image(plots, plots.width(), plots.height())
        else:  # the window's plots redrawn in the export colours, same view and size
            self.controller.tick()
            image = QtGui.QImage.fromData(snapshot(series.history, "png", plots.width(), plots.height(),
                                                   series.smoothing, self.log_loss(), like=plots, colours=colours))
        QtWidgets.QApplication.clipboard().setImage(image)
        self.message.emit(self.tr("Plot image copied to the clipboard"), 3000)
