"""The main window: it composes the panels, the plots and the menus, and wires their signals.

It holds no run logic. The :class:`~lrmonitor.qt.controller.RunController` owns the run and
emits one frame per display tick; the panels, plots, preview and autosave subscribe to it.
User actions go from the panels' signals to the controller's methods, which post events into
the trainer. Files (:mod:`session_files`), exports (:mod:`exports`) and crash recovery
(:mod:`recovery`) are small classes of their own; settings live in one table (:mod:`settings`).
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from ..core.display.guide import SUGGESTED_DECAY
from ..core.engine import Engine
from ..core.link.view import AttachedView
from ..core.run.config import RunConfig
from ..core.run.events import ApplySchedule, DecayNow
from .controller import RunController
from .dialogs import save_question
from .dialogs.fork_action import ask_action
from .dialogs.messages import warn
from .exports import Exporter
from .language import core_error
from .menus import build_menus
from .panels.banner import Banner
from .panels.compare import ComparePanel
from .panels.decay import DecayPanel
from .panels.guide import GuidePanel
from .panels.readout import Readout
from .panels.restore import RestoreBar
from .panels.run import RunPanel
from .panels.runs import RunsPanel
from .panels.setup import SetupPanel
from .panels.status import StatusPanel
from .panels.view import ViewPanel
from .plots import RunPlots
from .preview import RatePreview
from .recovery import AutosaveWarning, Recovery, default_folder
from .session_files import SessionFiles, open_loaded
from .settings import Settings
from .tab_wiring import wire_tabs
from .theme import Theme
from .view_tabs import ViewTabs

SIDE_MIN_WIDTH = 310
SIDE_MAX_WIDTH = 460  # the splitter dragged right: the plots' column keeps its room (its checkbox was cut)
RUNS_WIDTH = 340  # the runs list's first width beside the comparison table
PLOTS_MIN_HEIGHT = 260  # both plots readable: below it the right column scrolls
FIRST_SIZE = (1400, 900)  # a first start: as large as fits, up to this


class _Column(QtWidgets.QWidget):
    """The right column, in a scroll area that scrolls only when the window is smaller than its minimum.

    Its word-wrapped labels give it a height for each width, and a scroll area sizes such a widget
    to that height (the preferred one, from the plots' 700 pixels): it scrolled at 1280×720. Without
    it the scroll area fits the column to the window and scrolls only below its minimum size.
    """

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return False

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override; the scroll area asks its layout)
        return self.minimumSizeHint().height()


def _compact(panel: QtWidgets.QWidget) -> None:
    """Tighter rows than the style's default, so the side panel fits 720 pixels of height."""
    for layout in [panel.layout(), *panel.findChildren(QtWidgets.QLayout)]:
        if isinstance(layout, (QtWidgets.QFormLayout, QtWidgets.QGridLayout)):
            layout.setVerticalSpacing(3)
    margins = panel.layout().contentsMargins()
    panel.layout().setContentsMargins(margins.left(), 4, margins.right(), 4)


class MainWindow(QtWidgets.QMainWindow):
    def __init__(self, settings: QtCore.QSettings | None = None, autosave_dir: Path | None = None,
                 engine: Engine | None = None) -> None:
        super().__init__()
        self.settings = Settings(settings)
        self.theme = Theme(self.settings.get("view/theme"), self)  # first: the panels are made in its palette
        self.controller = RunController(engine, parent=self)
        self.recovery = Recovery(autosave_dir or default_folder(), self.controller.workspace.saved_tree, self)
        self.files = SessionFiles(self.controller, self.settings, self, ask_save=lambda: self.ask_save())
        self.preview = RatePreview(self)
        self.setWindowTitle("lrmonitor")
        self.setAcceptDrops(True)
        self._shut = False  # the engine is stopped and the autosave settled: nothing more to do
        self._build()
        self.exporter = Exporter(self.controller, self.settings, self, log_loss=self.view.log_loss.isChecked,
                                 compare_rows=self.compare.rows_now, window_colours=lambda: self.theme.colours)
        build_menus(self)
        self._show_recent()
        self._connect()
        self._restore_settings()
        self.new_run(wait=False)  # the worker starts while the window is shown
        self.controller.start()
        self.recovery.offer()

    # -- composition -------------------------------------------------------------------------
    def _build(self) -> None:
        self.plots = RunPlots(colours=self.theme.colours)
        self.banner = Banner()
        self.restore_bar = RestoreBar()
        self.readout = Readout()
        self.guide = GuidePanel()
        right = _Column()
        column = QtWidgets.QVBoxLayout(right)
        column.setContentsMargins(4, 4, 4, 4)
        for widget in (self.restore_bar, self.guide, self.banner):
            column.addWidget(widget)
        self.runs, self.compare = RunsPanel(), ComparePanel()
        below = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)  # the runs beside their comparison
        below.addWidget(self.runs)
        below.addWidget(self.compare)
        below.setStretchFactor(1, 1)
        below.setSizes([RUNS_WIDTH, 3 * RUNS_WIDTH])  # the runs' names readable; the table takes the rest
        self.plots_splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.tabs = ViewTabs(self.plots, lambda: self.setup.config(), engine_kind=self.controller.engine.kind,
                             colours=self.theme.colours)
        self.plots_splitter.addWidget(self.tabs)
        self.plots_splitter.addWidget(below)
        self.plots_splitter.setStretchFactor(0, 1)
        self.plots_splitter.setSizes([700, 170])
        column.addWidget(self.plots_splitter, 1)
        self.setup, self.run_panel, self.view, self.decay = SetupPanel(), RunPanel(), ViewPanel(), DecayPanel()
        under = QtWidgets.QHBoxLayout()  # the view settings act on the plots: under them, beside the readout
        under.addWidget(self.readout, 1)
        under.addWidget(self.view)
        column.addLayout(under)
        side = QtWidgets.QWidget()
        panels = QtWidgets.QVBoxLayout(side)
        panels.setContentsMargins(4, 2, 4, 2)
        panels.setSpacing(4)
        # what is used during a run first; all of it fits a laptop screen (1280×720) without scrolling
        for panel in (self.run_panel, self.decay, self.setup):
            panels.addWidget(panel)
            _compact(panel)
        panels.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        # as wide as the panels need beside a vertical scroll bar: with a larger font (11 pt) the side
        # panel scrolls at 1100×720, and its scroll bar cut 5 px off the fields' right edge
        bar = scroll.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_ScrollBarExtent)
        scroll.setMinimumWidth(max(SIDE_MIN_WIDTH, side.minimumSizeHint().width() + bar + 2 * scroll.frameWidth()))
        # wider helps no field, and the splitter dragged right squeezed the right column below its
        # minimum: it scrolled sideways and the view settings at its right edge (log loss axis) were cut
        scroll.setMaximumWidth(max(SIDE_MAX_WIDTH, scroll.minimumWidth()))
        # a small window (800×500) scrolls the right column rather than squeeze the plots to a strip
        self.plots.setMinimumHeight(PLOTS_MIN_HEIGHT)
        right_scroll = QtWidgets.QScrollArea()
        right_scroll.setWidget(right)
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.splitter = QtWidgets.QSplitter()
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right_scroll)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.status = StatusPanel()
        self.statusBar().addPermanentWidget(self.status)
        self.autosave_warning = AutosaveWarning()
        self.statusBar().addPermanentWidget(self.autosave_warning)
        # a message longer than the room left of the labels is cut (in Korean at 1100×720): whole on hover
        self.statusBar().messageChanged.connect(lambda text: self.statusBar().setToolTip(text))

    def _connect(self) -> None:
        c = self.controller
        for subscriber in (self.plots, self.status, self.guide, self.setup, self.run_panel, self.banner,
                           self.readout, self.preview, self.runs, self.compare, self.recovery):
            c.frame.connect(subscriber.on_frame)
        c.run_replaced.connect(lambda config: c.attached.owns_current or self.setup.show_config(config))
        c.frame.connect(self._setup_for_attached)
        c.error.connect(self.banner.show_text)
        c.lost_changed.connect(self.banner.show_lost)
        c.lost_changed.connect(self.run_panel.set_lost)
        self.banner.restart_clicked.connect(c.restart)
        c.failed.connect(lambda title, text: warn(self, title, text))
        for source in (c, self.files, self.exporter, self.recovery):
            source.message.connect(self.statusBar().showMessage)
        self.run_panel.toggle_clicked.connect(c.toggle)
        self.run_panel.step_clicked.connect(c.step_epoch)
        self.run_panel.reset_clicked.connect(self.reset)
        self.run_panel.speed_changed.connect(c.set_speed)
        self.run_panel.pause_on_plateau_changed.connect(lambda on: setattr(c, "pause_on_plateau", on))
        self.setup.changed.connect(c.setup_changed)
        self.decay.apply_requested.connect(c.apply_schedule)
        self.decay.decay_now_requested.connect(c.decay_now)
        self.decay.refused.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.decay.schedule_changed.connect(self.preview.set_schedule)
        self.preview.set_schedule(self.decay.chosen())
        self.preview.changed.connect(self.plots.show_preview)
        self.guide.apply_suggested.connect(c.apply_suggested)
        self.guide.fork_suggested.connect(lambda: c.fork_here(ApplySchedule(SUGGESTED_DECAY)))
        self.runs.selected.connect(c.select)
        self.runs.visibility_changed.connect(c.set_visible)
        self.runs.renamed.connect(c.rename)
        self.runs.delete_requested.connect(self.delete_run)
        self.runs.fork_requested.connect(self.fork_here)
        self.runs.continue_requested.connect(c.continue_run)
        self.plots.fork_requested.connect(self.fork_at)
        self.compare.export_requested.connect(lambda: self.exporter.dialog("compare"))
        self.view.smoothing_changed.connect(c.set_smoothing)
        self.view.log_loss_changed.connect(self.plots.set_log_loss)
        self.plots.hovered.connect(self.readout.show_at)
        wire_tabs(self)
        self.restore_bar.restore_clicked.connect(self.restore)
        self.restore_bar.discard_clicked.connect(self.recovery.discard)
        self.recovery.offer_changed.connect(self.restore_bar.offer)
        self.recovery.trouble.connect(self.autosave_warning.show_trouble)
        self.files.changed.connect(self._show_recent)
        self.files.changed.connect(lambda: self.setWindowTitle(self.files.title()))
        self.theme.changed.connect(self.plots.set_theme)
        self.theme.changed.connect(self.tabs.set_theme)  # the lesson's views, as the Training plots
        self.theme.choice_changed.connect(lambda choice: self.settings.set("view/theme", choice))

    def _setup_for_attached(self, frame) -> None:
        """An attached training's setup is its script's: the fields keep the last built-in run's setup (what
        Reset makes), greyed while the attached run is current."""
        if frame.first:
            attached = isinstance(frame.run, AttachedView)
            self.setup.setEnabled(not attached)
            self.setup.setToolTip(self.tr("This run is an attached training: its setup is in its own script. "
                                          "Steer its rate with the decay panel.") if attached else "")

    # -- what the window itself does ---------------------------------------------------------
    def new_run(self, wait: bool = True, keep: bool = False) -> bool:
        """A new run from the setup fields (their error is shown if they do not make one)."""
        config = self.setup.config()
        return config is not None and self.controller.new_run(config, wait=wait, keep=keep)

    def reset(self) -> None:
        """A new run from the setup; the current one stays in the runs panel, to compare with."""
        self.files.forget_path()
        self.new_run(keep=True)

    def fork_here(self) -> None:
        """Fork the current run where it is, with the decay panel's schedule."""
        self.controller.fork_here(ApplySchedule(self.decay.spec()))

    def fork_at(self, x: float, kind: str) -> None:
        """Fork the current run at ``x`` epochs (a right-click on the plots)."""
        run = self.controller.run
        if run is None:
            return
        if kind == "ask":
            event = ask_action(self, x, self.decay.spec())
            if event is None:
                return
        elif kind == "schedule":
            event = ApplySchedule(self.decay.spec())
        else:
            event = DecayNow(self.decay.decay_factor.value())
        self.controller.fork(self.controller.workspace.current, round(x * run.steps_per_epoch), event)

    def delete_run(self, run_id: int) -> None:
        """Delete a run (Ctrl+Z undoes it); with none left, a new one from the setup."""
        self.controller.delete(run_id)
        if not self.controller.has_run:
            self.new_run(keep=True)

    def restore(self) -> None:
        """Restore the run offered by the restore bar."""
        try:
            loaded = self.recovery.take()
        except ValueError as err:
            warn(self, self.tr("Cannot restore"), core_error(err))
            self.recovery.discard()
            return
        if loaded is None:
            return
        restored = open_loaded(self.controller, self, loaded)
        self.recovery.restored() if restored else self.recovery.offer()

    def ask_save(self) -> str:
        """'save', 'discard' or 'cancel': what to do with an unsaved run."""
        run = self.controller.run
        return save_question.ask_save(self, run.step if run is not None else 0)

    def _show_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.files.recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda checked=False, p=path: self.files.open(p))
        self.recent_menu.setEnabled(bool(self.files.recent()))

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:  # noqa: N802 (Qt override)
        local = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if local:
            self.files.open(local[0])

    # -- settings and closing ----------------------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.get("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = QtGui.QGuiApplication.primaryScreen()
            room = screen.availableGeometry() if screen is not None else QtCore.QRect(0, 0, *FIRST_SIZE)
            self.resize(min(FIRST_SIZE[0], room.width() - 40), min(FIRST_SIZE[1], room.height() - 60))
        self.view.restore_settings(self.settings)
        self.tabs.restore_settings(self.settings)
        self.run_panel.restore_settings(self.settings)
        self.guide_action.setChecked(self.settings.get("view/guide"))
        self.controller.set_speed(self.run_panel.epochs_per_second)
        self.controller.pause_on_plateau = self.run_panel.pause_on_plateau.isChecked()
        self.controller.set_smoothing(self.view.weight)
        self.plots.set_log_loss(self.view.log_loss.isChecked())
        try:
            config = RunConfig.from_json(json.loads(self.settings.get("run/config")))
        except (ValueError, TypeError):
            config = RunConfig().validated()
        self.setup.show_config(config)

    def _save_settings(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.view.save_settings(self.settings)
        self.tabs.save_settings(self.settings)
        self.run_panel.save_settings(self.settings)
        self.settings.set("view/guide", self.guide_action.isChecked())
        if self.controller.run is not None and not isinstance(self.controller.run, AttachedView):
            self.settings.set("run/config", json.dumps(self.controller.run.config.to_json()))
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 (Qt override)
        c = self.controller
        if self._shut:  # already shut down (the application quit): nothing to ask or stop
            event.accept()
            return
        if self.files.unsaved():
            was_running = c.engine.is_running
            if was_running:
                c.pause()
            answer = self.ask_save()
            if answer == "cancel" or (answer == "save" and not self.files.save()):
                if was_running:
                    c.resume()
                event.ignore()
                return
        self._shut_down(keep_autosave=False)
        event.accept()

    def quit_quietly(self) -> None:
        """The application is quitting (not via this window): no questions; an unsaved run is
        kept in the autosave folder and offered for restoring at the next start."""
        if self._shut:
            return
        unsaved = self.files.unsaved()
        if unsaved:
            self.recovery.save_now()
        self._shut_down(keep_autosave=unsaved)

    def _shut_down(self, keep_autosave: bool) -> None:
        self._shut = True
        self._save_settings()
        self.tabs.shutdown()
        self.controller.shutdown()
        self.recovery.close(keep=keep_autosave)
