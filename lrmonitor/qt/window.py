"""The main window: setup, transport, live plots, decay panel, guide, files and export.

Data flows one way: the trainer (on its worker thread) appends to its history; a GUI-thread
timer redraws the plots from the history when it changed. User actions flow the other way
as events posted into the trainer. No widget is touched from the worker thread.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from ..core.files.atomic import write_bytes_atomic
from ..core.run.config import RunConfig, suggested_lr
from ..core.run.events import ApplySchedule, DecayNow, SetOptimizer, SetRate
from ..core.training.optimizers import OPTIMIZERS, parse_optimizer
from ..core.training.problems import PROBLEMS
from ..core.engine.engines import make_engine
from ..core.engine.runner import PAUSED, RUNNING
from ..core.training.schedules import SCHEDULES, PlateauDetector, parse_schedule
from ..core.files.session import Session, load_session, save_session
from ..core.files.tables import write_epochs_csv, write_events_csv, write_steps_csv
from ..core.run.trainer import DIVERGED, FINISHED
from .forms import NumberBox, ParamForm
from .recovery import Autosave, default_folder, orphaned_autosaves
from .plots import RunPlots, snapshot

FRAME_MS = 16  # redraw at display rate, only when something changed
AUTOSAVE_SECONDS = 5.0
SPEEDS = [("1 step/s", 1.0), ("10 steps/s", 10.0), ("100 steps/s", 100.0), ("1,000 steps/s", 1000.0),
          ("10,000 steps/s", 10000.0), ("as fast as possible", None)]
SESSION_FILTER = "lrmonitor session (*.json)"
EXPORTS = {
    "png": ("Plot as PNG image", "PNG image (*.png)"),
    "svg": ("Plot as SVG drawing", "SVG drawing (*.svg)"),
    "steps": ("Per-step data as CSV", "CSV (*.csv)"),
    "epochs": ("Per-epoch data as CSV", "CSV (*.csv)"),
    "events": ("Event log as CSV", "CSV (*.csv)"),
}


class MainWindow(QtWidgets.QMainWindow):
    def __init__(self, settings: QtCore.QSettings | None = None, autosave_dir: Path | None = None, engine=None) -> None:
        super().__init__()
        self.settings = settings or QtCore.QSettings()
        folder = autosave_dir or default_folder()
        self._orphans = orphaned_autosaves(folder)  # runs of windows that did not close normally
        self.autosave = Autosave(folder)
        self._autosaved = (0, 0, "")
        self._saved_mark: tuple[int, int] | None = None
        self.session_path: Path | None = None
        self.engine = engine or make_engine()
        self._has_run = False
        self._last_autosave = 0.0
        self._preview_key = None
        self._rate_samples: list[tuple[float, int]] = []
        self._frame_cost = 0.0
        self._steps_per_second = 0.0
        self._guide_epochs = 0
        self._plateau: tuple[int, int] | None = None
        self._detector = PlateauDetector()
        self._building = False
        self._sizes = (RunConfig.train_size, RunConfig.val_size)
        self.setWindowTitle("lrmonitor")
        self.setAcceptDrops(True)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.tick)
        self._build()
        self._restore_settings()
        self.new_run(wait=False)  # the worker starts while the window is shown
        self.timer.start()
        self._offer_restore()

    # ================================================================== construction
    def _build(self) -> None:
        self.plots = RunPlots()
        self.banner = QtWidgets.QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fde2e1; color:#7a1010; padding:6px; border:1px solid #e0a0a0;")
        self.banner.hide()
        self.restore_bar = QtWidgets.QWidget()
        bar = QtWidgets.QHBoxLayout(self.restore_bar)
        self.restore_label = QtWidgets.QLabel()
        self.restore_button = QtWidgets.QPushButton("Restore")
        self.discard_button = QtWidgets.QPushButton("Discard")
        self.restore_button.clicked.connect(self._restore_autosave)
        self.discard_button.clicked.connect(self._discard_autosave)
        bar.addWidget(self.restore_label, 1)
        bar.addWidget(self.restore_button)
        bar.addWidget(self.discard_button)
        self.restore_bar.setStyleSheet("background:#fff4cc;")
        self.restore_bar.hide()
        self.readout = QtWidgets.QLabel("Move the mouse over the plots to read values.")
        self.readout.setStyleSheet("color:#444;")
        right = QtWidgets.QWidget()
        rl = QtWidgets.QVBoxLayout(right)
        rl.setContentsMargins(4, 4, 4, 4)
        rl.addWidget(self.restore_bar)
        self.guide_box = self._build_guide()
        rl.addWidget(self.guide_box)
        rl.addWidget(self.banner)
        rl.addWidget(self.plots, 1)
        rl.addWidget(self.readout)

        side = QtWidgets.QWidget()
        sl = QtWidgets.QVBoxLayout(side)
        # what is used during a run first, so it fits on a laptop screen without scrolling
        setup, transport, view, decay = self._build_setup(), self._build_transport(), self._build_view(), self._build_decay()
        for box in (transport, decay, setup, view):
            sl.addWidget(box)
        sl.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(330)
        self.splitter = QtWidgets.QSplitter()
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self._build_menus()
        self._build_status()
        self.plots.scene().sigMouseMoved.connect(self._hover)

    def _build_setup(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Setup")
        form = QtWidgets.QFormLayout(box)
        self.problem = _registry_combo(PROBLEMS, "The built-in problem to train on (data generated from the seed).")
        self.optimizer = _registry_combo(OPTIMIZERS, "Optimizer, with torch.optim's update rule and defaults.")
        self.optimizer_form = ParamForm()
        self.lr = NumberBox()
        self.lr.setRange(1e-7, 100.0)
        self.lr.setToolTip("Starting learning rate α0 (1e-07 to 100). Changing it mid-run is an event.")
        self.suggest_lr = QtWidgets.QToolButton(text="suggest")
        self.suggest_lr.setToolTip("Use the rate suggested for this problem and optimizer.")
        lr_row = QtWidgets.QHBoxLayout()
        lr_row.addWidget(self.lr, 1)
        lr_row.addWidget(self.suggest_lr)
        self.batch = QtWidgets.QSpinBox()
        self.batch.setToolTip("Mini-batch size: smaller batches give noisier gradients.")
        self.epochs = QtWidgets.QSpinBox()
        self.epochs.setRange(1, 1_000_000)
        self.epochs.setToolTip("Epochs to train (1 to 1,000,000).")
        self.forever = QtWidgets.QCheckBox("until stopped")
        self.forever.setToolTip("Train until you press Pause.")
        ep_row = QtWidgets.QHBoxLayout()
        ep_row.addWidget(self.epochs, 1)
        ep_row.addWidget(self.forever)
        self.seed = QtWidgets.QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setToolTip("Random seed for data, initial weights and shuffling (0 to 2,000,000,000).")
        self.noise = NumberBox()
        self.noise.setRange(0.0, 10.0)
        self.noise.setSingleStep(0.05)
        self.noise.setToolTip("Data noise (0 to 10); its meaning depends on the problem.")
        for w in (self.batch, self.epochs, self.seed):
            w.setKeyboardTracking(False)
        form.addRow("problem", self.problem)
        form.addRow("optimizer", self.optimizer)
        form.addRow(self.optimizer_form)
        form.addRow("α0 (lr)", lr_row)
        form.addRow("batch size", self.batch)
        form.addRow("epochs", ep_row)
        form.addRow("seed", self.seed)
        form.addRow("noise", self.noise)
        self.setup_message = QtWidgets.QLabel()
        self.setup_message.setStyleSheet("color:#a01010;")
        self.setup_message.setWordWrap(True)
        self.setup_message.hide()
        form.addRow(self.setup_message)
        self.problem.currentIndexChanged.connect(self._problem_changed)
        self.optimizer.currentIndexChanged.connect(self._optimizer_changed)
        self.optimizer_form.changed.connect(self._optimizer_edited)
        self.lr.valueChanged.connect(self._lr_edited)
        self.suggest_lr.clicked.connect(self._use_suggested_lr)
        for w in (self.batch, self.epochs, self.seed):
            w.valueChanged.connect(self._setup_edited)
        self.noise.valueChanged.connect(self._setup_edited)
        self.forever.toggled.connect(self._setup_edited)
        self.forever.toggled.connect(lambda on: self.epochs.setEnabled(not on))
        return box

    def _build_transport(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Run")
        grid = QtWidgets.QGridLayout(box)
        self.start_button = QtWidgets.QPushButton("Start")
        self.start_button.setToolTip("Start or pause training (Space)")
        self.step_button = QtWidgets.QPushButton("Step epoch")
        self.step_button.setToolTip("Train to the end of the current epoch (Ctrl+Right)")
        self.reset_button = QtWidgets.QPushButton("Reset")
        self.reset_button.setToolTip("Start over with the setup above (Ctrl+R)")
        self.speed = QtWidgets.QComboBox()
        for label, value in SPEEDS:
            self.speed.addItem(label, value)
        self.speed.setCurrentIndex(len(SPEEDS) - 1)
        self.speed.setToolTip("Training speed: slow enough to watch single steps, or as fast as possible.")
        grid.addWidget(self.start_button, 0, 0)
        grid.addWidget(self.step_button, 0, 1)
        grid.addWidget(self.reset_button, 0, 2)
        grid.addWidget(QtWidgets.QLabel("speed"), 1, 0)
        grid.addWidget(self.speed, 1, 1, 1, 2)
        self.start_button.clicked.connect(self.toggle_run)
        self.step_button.clicked.connect(self.step_epoch)
        self.reset_button.clicked.connect(self.reset)
        self.speed.currentIndexChanged.connect(self._speed_changed)
        return box

    def _build_view(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("View")
        form = QtWidgets.QFormLayout(box)
        self.smoothing = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.smoothing.setRange(0, 99)
        self.smoothing.setValue(60)
        self.smoothing.setToolTip("Smoothing weight of the loss line (TensorBoard's debiased EMA), 0 to 0.99")
        self.smoothing_label = QtWidgets.QLabel("0.60")
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.smoothing, 1)
        row.addWidget(self.smoothing_label)
        self.log_loss = QtWidgets.QCheckBox("log scale")
        self.log_loss.setToolTip("Logarithmic loss axis (Ctrl+L)")
        form.addRow("smoothing", row)
        form.addRow("loss axis", self.log_loss)
        self._smoothing_timer = QtCore.QTimer(self, singleShot=True, interval=120)
        self._smoothing_timer.timeout.connect(self._apply_smoothing)
        self.smoothing.valueChanged.connect(self._smoothing_changed)
        self.log_loss.toggled.connect(self._log_loss_changed)
        return box

    def _build_decay(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Decay")
        form = QtWidgets.QFormLayout(box)
        self.schedule = _registry_combo(SCHEDULES, "Schedule to apply, re-anchored at the current rate.")
        self.schedule.setCurrentText("step")
        self.schedule_form = ParamForm()
        self.formula = QtWidgets.QLabel()
        self.formula.setWordWrap(True)
        self.formula.setStyleSheet("font-family: serif; font-size: 11pt;")
        self.apply_button = QtWidgets.QPushButton("Apply decay")
        self.apply_button.setToolTip("Apply this schedule at the next step (Ctrl+D). The dashed line previews it.")
        self.decay_factor = NumberBox()
        self.decay_factor.setRange(1e-6, 1.0)
        self.decay_factor.setValue(0.1)
        self.decay_factor.setSingleStep(0.05)
        self.decay_factor.setToolTip("Factor for 'Decay now' (0 < F <= 1)")
        self.decay_now_button = QtWidgets.QPushButton("Decay now ×0.1")
        self.decay_now_button.setToolTip("Multiply the rate by F at once (D)")
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.decay_now_button, 1)
        row.addWidget(QtWidgets.QLabel("F"))
        row.addWidget(self.decay_factor)
        form.addRow("schedule", self.schedule)
        form.addRow(self.schedule_form)
        form.addRow(self.formula)
        form.addRow(self.apply_button)
        form.addRow(row)
        self.schedule.currentIndexChanged.connect(self._schedule_changed)
        self.schedule_form.changed.connect(self._update_preview)
        self.apply_button.clicked.connect(self.apply_decay)
        self.decay_now_button.clicked.connect(self.decay_now)
        self.decay_factor.valueChanged.connect(lambda f: self.decay_now_button.setText(f"Decay now ×{f:g}"))
        self._schedule_changed()
        return box

    def _build_guide(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("The three-step procedure   (Ctrl+G hides this guide)")
        grid = QtWidgets.QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 4)
        self.guide_steps = [QtWidgets.QLabel() for _ in range(3)]
        for column, label in enumerate(self.guide_steps):
            label.setWordWrap(True)
            label.setTextFormat(QtCore.Qt.TextFormat.RichText)
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
            label.setMinimumWidth(180)
            grid.addWidget(label, 0, column)
            grid.setColumnStretch(column, 1)
        self.detector_label = QtWidgets.QLabel()
        self.detector_label.setStyleSheet("color:#555;")
        self.detector_label.setWordWrap(True)
        self.suggest_button = QtWidgets.QPushButton("Apply suggested decay")
        self.suggest_button.setToolTip("Apply step decay ×0.1 every 20 epochs from now")
        self.suggest_button.clicked.connect(self.apply_suggested)
        grid.addWidget(self.detector_label, 1, 0, 1, 2)
        grid.addWidget(self.suggest_button, 1, 2)
        return box

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&Open session…", QtGui.QKeySequence.StandardKey.Open, self.open_dialog)
        self.recent_menu = file.addMenu("Open &recent")
        self._action(file, "&Save session", QtGui.QKeySequence.StandardKey.Save, self.save)
        self._action(file, "Save session &as…", QtGui.QKeySequence.StandardKey.SaveAs, self.save_as)
        file.addSeparator()
        self._action(file, "&Export…", "Ctrl+E", self.export_dialog)
        export = file.addMenu("Export &as")
        for kind, (label, _) in EXPORTS.items():
            self._action(export, label + "…", None, lambda checked=False, k=kind: self.export_dialog(k))
        self._action(file, "&Copy plot image", "Ctrl+Shift+C", self.copy_plot)
        file.addSeparator()
        self._action(file, "&Quit", QtGui.QKeySequence.StandardKey.Quit, self.close)
        run = bar.addMenu("&Run")
        self.toggle_action = self._action(run, "Start / pause", "Space", self.toggle_run)
        self._action(run, "Step one epoch", "Ctrl+Right", self.step_epoch)
        self._action(run, "Reset", "Ctrl+R", self.reset)
        run.addSeparator()
        self._action(run, "Apply decay", "Ctrl+D", self.apply_decay)
        self._action(run, "Decay now", "D", self.decay_now)
        view = bar.addMenu("&View")
        self._action(view, "Log-scale loss", "Ctrl+L", lambda: self.log_loss.toggle())
        self._action(view, "Autoscale", "Ctrl+0", self.plots.autoscale)
        guide = self._action(view, "Show the guide", "Ctrl+G", None)
        guide.setCheckable(True)
        guide.setChecked(True)
        guide.toggled.connect(self.guide_box.setVisible)
        self.guide_action = guide
        self._rebuild_recent()

    def _action(self, menu, text, shortcut, slot) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
            action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        if slot is not None:
            action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_status(self) -> None:
        self.status_labels = {}
        for key in ("state", "epoch", "step", "lr", "loss", "speed"):
            label = QtWidgets.QLabel()
            label.setMinimumWidth(90)
            self.statusBar().addPermanentWidget(label)
            self.status_labels[key] = label

    # ================================================================== run control
    @property
    def trainer(self):
        """The run's trainer, or its view when it trains in the worker process."""
        return self.engine.trainer

    @property
    def started(self) -> bool:
        return self._has_run and self.trainer.step > 0

    def config_from_fields(self) -> RunConfig:
        return RunConfig(
            problem=self.problem.currentText(),
            optimizer=self.optimizer_form.spec(self.optimizer.currentText()),
            lr=float(self.lr.value()),
            batch_size=int(self.batch.value()),
            epochs=None if self.forever.isChecked() else int(self.epochs.value()),
            seed=int(self.seed.value()),
            noise=float(self.noise.value()),
            train_size=self._sizes[0],  # not in the panel: kept from the run (e.g. an opened one)
            val_size=self._sizes[1],
        ).validated()

    def new_run(self, config: RunConfig | None = None, events=(), steps: int | None = None, wait: bool = True) -> bool:
        """Replace the run: from the setup fields, or a saved configuration replayed for ``steps``."""
        try:
            config = config or self.config_from_fields()
        except ValueError as err:
            self._setup_error(str(err))
            return False
        self._setup_error(None)
        progress = None
        if steps and steps > 20_000:  # replaying a long run takes a moment: say so
            progress = QtWidgets.QProgressDialog(f"Replaying {steps:,} steps…", "", 0, steps, self)
            progress.setCancelButton(None)
            progress.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(300)
        try:
            self.engine.speed = self.speed.currentData()
            self.engine.new_run(config, events, steps, wait=wait,
                                progress=progress and (lambda done: (progress.setValue(done), QtWidgets.QApplication.processEvents())))
        except RuntimeError as err:
            QtWidgets.QMessageBox.warning(self, "Cannot start the run", str(err))
            return False
        finally:
            if progress is not None:
                progress.close()
        self._has_run = True
        self._sizes = (config.train_size, config.val_size)
        self._saved_mark = None
        self._preview_key = None
        self._rate_samples.clear()
        self.readout.setText("Move the mouse over the plots to read values.")
        self.setWindowTitle("lrmonitor" if self.session_path is None else f"lrmonitor — {self.session_path.name}")
        self.plots.reset()
        self.plots.set_smoothing(self.smoothing.value() / 100)
        self.banner.hide()
        self._detector = PlateauDetector()
        self._guide_epochs = 0
        self._plateau = None
        self._show_config(config)
        if wait:
            self.tick()
        return True

    def toggle_run(self) -> None:
        if self.engine.is_running:
            self.engine.pause()
        else:
            if self.trainer.done:
                self.statusBar().showMessage("The run has ended: Reset (Ctrl+R) to start a new one.", 4000)
                return
            self.engine.start()
        self.tick()

    def step_epoch(self) -> None:
        if not self.engine.is_running and not self.trainer.done:
            self.engine.step_epoch()

    def reset(self) -> None:
        self.session_path = None
        self.new_run()

    def post(self, event) -> None:
        """Send an event to the trainer; while paused it is applied at once (stamped now)."""
        if self.trainer.done:
            self.statusBar().showMessage("The run has ended: Reset (Ctrl+R) to start a new one.", 5000)
            return
        self.engine.post(event)
        self.tick()  # shows it and autosaves it as soon as it has taken effect

    def apply_decay(self) -> None:
        try:
            spec = self.schedule_form.spec(self.schedule.currentText())
            self.post(ApplySchedule(spec))
        except ValueError as err:
            self.statusBar().showMessage(str(err), 6000)

    def decay_now(self) -> None:
        self.post(DecayNow(float(self.decay_factor.value())))

    def apply_suggested(self) -> None:
        self.post(ApplySchedule("step:factor=0.1,every=20"))

    # ================================================================== setup edits
    def _problem_changed(self) -> None:
        if not self._building:
            self.batch.setRange(1, RunConfig().train_size)
            self._use_suggested_lr()
            self._setup_edited()

    def _optimizer_changed(self) -> None:
        name = self.optimizer.currentText()
        self._building = True
        self.optimizer_form.set_params(OPTIMIZERS[name].PARAMS)
        self._building = False
        if not self.started:
            self.lr.blockSignals(True)
            self.lr.setValue(suggested_lr(self.problem.currentText(), name))
            self.lr.blockSignals(False)
        self._optimizer_edited()

    def _optimizer_edited(self) -> None:
        if self._building or not self._has_run:
            return
        spec = self.optimizer_form.spec(self.optimizer.currentText())
        if self.started:
            try:
                self.post(SetOptimizer(spec))
            except ValueError as err:
                self.statusBar().showMessage(str(err), 6000)
        else:
            self._rebuild_unstarted()

    def _lr_edited(self) -> None:
        if self._building or not self._has_run:
            return
        if self.started:
            self.post(SetRate(float(self.lr.value())))
        else:
            self._rebuild_unstarted()

    def _rebuild_unstarted(self) -> None:
        """A setup edit before the first step: a new run, keeping decays planned for step 0."""
        planned = list(self.trainer.history.events)
        self.new_run(events=planned)

    def _use_suggested_lr(self) -> None:
        self.lr.setValue(suggested_lr(self.problem.currentText(), self.optimizer.currentText()))

    def _setup_edited(self) -> None:
        if self._building or not self._has_run:
            return
        if self.started:
            self.statusBar().showMessage("Problem, batch size, epochs, seed and noise apply after Reset (Ctrl+R).", 5000)
        else:
            self._rebuild_unstarted()

    def _setup_error(self, message: str | None) -> None:
        self.setup_message.setText(message or "")
        self.setup_message.setVisible(bool(message))

    def _show_config(self, config: RunConfig) -> None:
        """Put a configuration into the fields without triggering edits."""
        self._building = True
        try:
            self.problem.setCurrentText(config.problem)
            self.batch.setRange(1, config.train_size)
            self.batch.setToolTip(
                f"Mini-batch size (1 to {config.train_size:,}, the training set size): "
                "smaller batches give noisier gradients."
            )
            opt = parse_optimizer(config.optimizer)
            self.optimizer.setCurrentText(opt.name)
            self.optimizer_form.show_values(opt.PARAMS, opt.hyper)
            self.lr.setValue(config.lr)
            self.batch.setValue(config.batch_size)
            self.forever.setChecked(config.epochs is None)
            self.epochs.setEnabled(config.epochs is not None)
            if config.epochs is not None:
                self.epochs.setValue(config.epochs)
            self.seed.setValue(config.seed)
            self.noise.setValue(config.noise)
        finally:
            self._building = False

    def _speed_changed(self) -> None:
        if self._has_run:
            self.engine.speed = self.speed.currentData()

    def _smoothing_changed(self, value: int) -> None:
        """The label follows the slider at once; the curve, once the slider rests (a long run
        is re-smoothed in full, which should not happen on every pixel of a drag)."""
        self.smoothing_label.setText(f"{value / 100:.2f}")
        self._smoothing_timer.start()

    def _apply_smoothing(self) -> None:
        self.plots.set_smoothing(self.smoothing.value() / 100, self.trainer.history if self._has_run else None)

    def _log_loss_changed(self, on: bool) -> None:
        self.plots.set_log_loss(on)
        self.plots.autoscale()

    def _schedule_changed(self) -> None:
        self.schedule_form.set_params(SCHEDULES[self.schedule.currentText()].PARAMS)
        self._update_preview()

    def _update_preview(self) -> None:
        """Formula and dashed preview of the rate the chosen schedule would produce from now."""
        try:
            schedule = parse_schedule(self.schedule_form.spec(self.schedule.currentText()))
        except ValueError as err:
            self.formula.setText(str(err))
            return
        text = schedule.formula_text()
        if "t" in text.replace("threshold", ""):
            text += "   (t = epochs since applied" + (", fractional)" if schedule.per_step else ")")
        self.formula.setText(text)
        if not self._has_run:
            return
        trainer = self.trainer
        if trainer.done:
            self.plots.show_preview([], [])
            return
        spe = trainer.steps_per_epoch
        start = trainer.step
        horizon = trainer.total_steps - start if trainer.total_steps else 50 * spe
        horizon = max(horizon, spe)
        n = np.arange(0, horizon + 1, max(1, horizon // 400))
        alpha0 = trainer.current_lr()
        t = n / spe if schedule.per_step else n // spe
        self.plots.show_preview((start + n) / spe, np.array([schedule.rate(alpha0, float(v)) for v in t]))

    # ================================================================== the frame
    def tick(self) -> None:
        """One frame: take in the worker's reports, redraw what changed, update the panels.

        The frame interval adapts: if frames get expensive (a long curve, a slow machine), the
        window redraws less often rather than fall behind and stop answering the user.
        """
        started = time.perf_counter()
        self._frame()
        spent = time.perf_counter() - started
        self._frame_cost = 0.8 * self._frame_cost + 0.2 * spent
        # about half the time for drawing (the repaint after this costs about as much again)
        interval = int(min(100, max(FRAME_MS, 4000 * self._frame_cost)))
        if abs(interval - self.timer.interval()) > 2:
            self.timer.setInterval(interval)

    def _frame(self) -> None:
        if not self._has_run or self.trainer is None:  # e.g. while a replay is being prepared
            if self.engine.error is not None:
                self._show_banner(f"The training worker could not start: {self.engine.error}")
                self.engine.clear_error()
            return
        self.engine.poll()
        trainer, history = self.trainer, self.trainer.history
        changed = self.plots.refresh(history)
        state = self.engine.state
        self._measure_speed(state, history.steps)
        if self.engine.error is not None:
            self._show_banner(f"The trainer stopped with an error: {self.engine.error}")
            self.engine.clear_error()
        if state == DIVERGED and self.banner.isHidden():
            self._show_banner(
                f"Training diverged at step {history.diverged_at} "
                f"(epoch {(history.diverged_at - 1) // trainer.steps_per_epoch}): the loss is no longer finite. "
                f"The curve up to there is kept and can be exported. Try a lower α0 than {trainer.config.lr:g} and Reset."
            )
        self.start_button.setText("Pause" if state == RUNNING else ("Resume" if state == PAUSED else "Start"))
        self.start_button.setEnabled(state not in (FINISHED, DIVERGED))
        self.step_button.setEnabled(state not in (RUNNING, FINISHED, DIVERGED))
        for w in (self.problem, self.batch, self.epochs, self.seed, self.noise, self.forever):
            w.setEnabled(not self.started and (w is not self.epochs or not self.forever.isChecked()))
        # the preview starts at the current rate: redo it after an event at once, and as the
        # run goes on a few times a second (not every frame: it is a curve of its own)
        preview_key = (len(history.events), state in (FINISHED, DIVERGED), int(time.monotonic() * 3))
        if preview_key != self._preview_key:
            self._preview_key = preview_key
            self._update_preview()
        if changed:
            self._update_guide()
        self._update_status(state)
        self._autosave()

    def _update_status(self, state: str) -> None:
        h, spe = self.trainer.history, self.trainer.steps_per_epoch
        smoothed = self.plots.smoother.values.view()
        labels = self.status_labels
        labels["state"].setText(state)
        labels["epoch"].setText(f"epochs {h.steps / spe:.2f}")
        labels["step"].setText(f"step {h.steps:,}")
        labels["lr"].setText(f"lr {self.trainer.current_lr():.4g}")
        labels["loss"].setText(f"loss {smoothed[-1]:.4g}" if len(smoothed) else "loss –")
        labels["speed"].setText(f"{self._steps_per_second:,.0f} steps/s" if state == RUNNING and self._rate_samples else "– steps/s")

    def _measure_speed(self, state: str, steps: int) -> None:
        """Steps per second over the last two seconds of running (nothing while not running)."""
        if state != RUNNING:
            self._rate_samples.clear()
            return
        now = time.perf_counter()
        self._rate_samples.append((now, steps))
        while len(self._rate_samples) > 2 and now - self._rate_samples[1][0] > 2.0:
            self._rate_samples.pop(0)
        t0, s0 = self._rate_samples[0]
        if now - t0 >= 0.25:
            self._steps_per_second = (steps - s0) / (now - t0)

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def _hover(self, pos) -> None:
        vb = self.plots.loss_plot.getViewBox()
        if not self.plots.loss_plot.sceneBoundingRect().contains(pos) and not self.plots.lr_plot.sceneBoundingRect().contains(pos):
            return
        x = vb.mapSceneToView(pos).x()
        h = self.trainer.history
        step = int(round(x * h.steps_per_epoch))
        if not 1 <= step <= h.steps:
            self.readout.setText("No step under the mouse.")
            return
        smoothed = self.plots.smoother.values.view()
        loss, lr = h.loss.view()[step - 1], h.lr.view()[step - 1]
        sm = smoothed[step - 1] if step <= len(smoothed) else float("nan")
        self.readout.setText(
            f"step {step:,} (in epoch {(step - 1) // h.steps_per_epoch}, x = {step / h.steps_per_epoch:.2f}) · "
            f"loss {loss:.5g} · smoothed {sm:.5g} · lr {lr:.4g}"
        )

    # ================================================================== the guide
    def _update_guide(self) -> None:
        h = self.trainer.history
        val = h.val_loss.view()
        while self._guide_epochs < len(val):
            epoch = self._guide_epochs
            fired = self._detector.update(float(val[epoch]))
            if fired and self._plateau is None:
                best_epoch = int(np.argmin(val[: epoch + 1]))
                self._plateau = (best_epoch, epoch)
            self._guide_epochs += 1
        rate_events = [e for e in h.events if e.event.kind in ("schedule", "decay", "lr")]
        if h.diverged_at is not None:
            self._plateau = None
        spe = h.steps_per_epoch
        done = "✔"
        step1 = f"<b>{done if h.steps else '1'}</b> Run without decay: start with a constant rate and watch the loss."
        if h.diverged_at is not None:
            self.plots.show_plateau(None)
            step2 = "<b>2</b> Inspect: the run diverged, so there is no plateau to find. Lower α0 and Reset."
        elif self._plateau is not None:
            best, at = self._plateau
            self.plots.show_plateau(best + 1.0, at + 1.0)
            step2 = (
                f"<b>{done}</b> Inspect: the validation loss has not improved by more than "
                f"{self._detector.threshold:.2%} for {self._detector.patience} epochs "
                f"(best {val[best]:.4g}, at the end of epoch {best}): it stopped improving, it only wanders. Time to decay."
            )
        else:
            self.plots.show_plateau(None)
            step2 = (
                f"<b>2</b> Inspect: waiting for the loss to stop improving "
                f"(patience {self._detector.patience} epochs, threshold {self._detector.threshold:.2%})."
            )
        if rate_events:
            first = rate_events[0]
            when = first.step / spe
            early = self._plateau is None or when < self._plateau[1] + 1
            step3 = f"<b>{done}</b> Decay applied at epoch {when:.1f} ({first.event.label()})."
            if early:
                step3 += " That was before the loss stopped improving: an early decay slows the progress it was still making."
        else:
            step3 = "<b>3</b> Apply decay: " + (
                "suggested now: step decay ×0.1 every 20 epochs." if self._plateau else "once the loss has flattened."
            )
        for label, text in zip(self.guide_steps, (step1, step2, step3)):
            label.setText(text)
        self.suggest_button.setEnabled(self._plateau is not None and not self.trainer.done)
        self.detector_label.setText(
            f"Plateau detector: ReduceLROnPlateau logic on the validation loss, patience {self._detector.patience}, "
            f"threshold {self._detector.threshold:g} (relative); {self._detector.bad_epochs} epoch(s) without improvement."
        )

    # ================================================================== files
    def current_session(self) -> Session:
        return Session(self.trainer.config, list(self.trainer.history.events), self.trainer.summary())

    def open_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, "Open session", self._last_dir(), SESSION_FILTER)
        if path:
            self.open_session(path)

    def open_session(self, path: str | Path) -> bool:
        try:
            session = load_session(path)
        except ValueError as err:
            if not Path(path).exists():
                self._forget_recent(str(path))
            QtWidgets.QMessageBox.warning(self, "Cannot open session", str(err))
            return False
        if self.unsaved() and not self._confirm_replace():
            return False
        previous = self.session_path
        self.session_path = Path(path)
        if not self.new_run(session.config, session.events, session.steps):
            self.session_path = previous
            return False
        self._saved_mark = (self.trainer.step, len(self.trainer.history.events))
        self._remember_recent(self.session_path)
        return True

    def _confirm_replace(self) -> bool:
        """Before a file replaces an unsaved run: save it, drop it, or keep it (False)."""
        answer = self._ask_save()
        return answer == "discard" or (answer == "save" and self.save())

    def save(self) -> bool:
        if self.session_path is None:
            return self.save_as()
        return self._write_session(self.session_path)

    def save_as(self) -> bool:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save session", self._last_dir("run.json"), SESSION_FILTER)
        if not path:
            return False
        self.session_path = Path(path)
        return self._write_session(self.session_path)

    def _write_session(self, path: Path) -> bool:
        try:
            save_session(path, self.current_session())
        except OSError as err:
            QtWidgets.QMessageBox.warning(self, "Cannot save session", f"'{path}' could not be written: {err.strerror}")
            return False
        self._remember_recent(path)
        self._saved_mark = (self.trainer.step, len(self.trainer.history.events))
        self.setWindowTitle(f"lrmonitor — {path.name}")
        self.statusBar().showMessage(f"Saved {path}", 3000)
        return True

    def export_dialog(self, kind: str | None = None) -> None:
        dialog = ExportDialog(self, kind or self.settings.value("export/kind", "png"))
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        kind, width, height = dialog.choice()
        label, filt = EXPORTS[kind]
        suffix = filt.split("*")[1].rstrip(")")
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, label, self._last_dir(f"lrmonitor-{kind}{suffix}"), filt)
        if path:
            self.settings.setValue("export/kind", kind)
            self.export(kind, path, width, height)

    def export(self, kind: str, path: str | Path, width: int = 1200, height: int = 800) -> bool:
        """Write one snapshot: ``png``/``svg`` of the plots, or ``steps``/``epochs``/``events`` CSV."""
        history = self.trainer.history
        try:
            if kind in ("png", "svg"):
                picture = snapshot(history, kind, width, height, self.smoothing.value() / 100, self.log_loss.isChecked())
                write_bytes_atomic(path, picture)
            elif kind == "steps":
                write_steps_csv(path, history, smoothed=self.plots.smoother.update(history.loss.view()))
            elif kind == "epochs":
                write_epochs_csv(path, history)
            elif kind == "events":
                write_events_csv(path, history)
            else:
                raise ValueError(f"unknown export kind {kind!r}")
        except OSError as err:
            QtWidgets.QMessageBox.warning(self, "Export failed", f"'{path}' could not be written: {err.strerror}")
            return False
        self.settings.setValue("files/last_dir", str(Path(path).parent))
        self.statusBar().showMessage(f"Exported {path}", 3000)
        return True

    def copy_plot(self) -> None:
        QtWidgets.QApplication.clipboard().setImage(self.plots.render_image(self.plots.width(), self.plots.height()))
        self.statusBar().showMessage("Plot image copied to the clipboard", 3000)

    def _last_dir(self, name: str = "") -> str:
        folder = self.settings.value("files/last_dir", str(Path.home()))
        return str(Path(folder) / name) if name else folder

    def _remember_recent(self, path: Path) -> None:
        recent = [p for p in self._recent() if p != str(path)]
        self.settings.setValue("files/recent", [str(path), *recent][:8])
        self.settings.setValue("files/last_dir", str(path.parent))
        self._rebuild_recent()

    def _forget_recent(self, path: str) -> None:
        self.settings.setValue("files/recent", [p for p in self._recent() if p != path])
        self._rebuild_recent()

    def _recent(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda checked=False, p=path: self.open_session(p))
        self.recent_menu.setEnabled(bool(self._recent()))

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_session(url.toLocalFile())
                break

    # ================================================================== nothing lost
    def _autosave(self, force: bool = False) -> None:
        """Save the run to this window's autosave file on every event and state change, and
        every few seconds while running."""
        now = time.monotonic()
        history = self.trainer.history
        key = (history.steps, len(history.events), self.engine.state)
        due = self.engine.is_running and now - self._last_autosave >= AUTOSAVE_SECONDS
        changed = key[1:] != self._autosaved[1:] or (not self.engine.is_running and key != self._autosaved)
        if history.steps == 0 and not history.events or not (force or due or changed):
            return
        try:
            self.autosave.save(self.current_session())
        except OSError as err:
            self.statusBar().showMessage(f"Autosave failed: {err.strerror}", 5000)
        self._last_autosave = now
        self._autosaved = key

    def _offer_restore(self) -> None:
        self._orphans = [p for p in self._orphans if p.exists()]
        if not self._orphans:
            self.restore_bar.hide()
            return
        try:
            session = load_session(self._orphans[0])
        except ValueError:
            self._drop_orphan()
            return self._offer_restore()
        more = f" ({len(self._orphans) - 1} more after this one)" if len(self._orphans) > 1 else ""
        self.restore_label.setText(
            f"A run was not closed normally: {session.config.problem}, {session.steps or 0:,} steps, "
            f"{len(session.events)} events, saved {_age(self._orphans[0])}. Restore it?{more}"
        )
        self.restore_bar.show()

    def _restore_autosave(self) -> None:
        if not self._orphans:
            return
        try:
            session = load_session(self._orphans[0])
        except ValueError as err:
            QtWidgets.QMessageBox.warning(self, "Cannot restore", str(err))
        else:
            if self.new_run(session.config, session.events, session.steps):
                self._drop_orphan()  # it lives on in this window (and its autosave) now
        self._offer_restore()

    def _discard_autosave(self) -> None:
        self._drop_orphan()
        self._offer_restore()

    def _drop_orphan(self) -> None:
        path = self._orphans.pop(0)
        for leftover in (path, path.with_suffix(".lock")):
            leftover.unlink(missing_ok=True)

    # ================================================================== settings and close
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # a first start: as large as fits, up to 1400 x 900
            screen = QtGui.QGuiApplication.primaryScreen()
            room = screen.availableGeometry() if screen is not None else QtCore.QRect(0, 0, 1400, 900)
            self.resize(min(1400, room.width() - 40), min(900, room.height() - 60))
        self.smoothing.setValue(int(self.settings.value("view/smoothing", 60)))
        self.log_loss.setChecked(self.settings.value("view/log_loss", "false") in (True, "true"))
        self.speed.setCurrentIndex(int(self.settings.value("run/speed", len(SPEEDS) - 1)))
        self.guide_action.setChecked(self.settings.value("view/guide", "true") in (True, "true"))
        saved = self.settings.value("run/config")
        config = None
        if saved:
            try:
                import json

                config = RunConfig.from_json(json.loads(saved))
            except (ValueError, TypeError):
                config = None
        if config is None:
            config = RunConfig().validated()
        self._show_config(config)

    def _save_settings(self) -> None:
        import json

        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("view/smoothing", self.smoothing.value())
        self.settings.setValue("view/log_loss", "true" if self.log_loss.isChecked() else "false")
        self.settings.setValue("view/guide", "true" if self.guide_action.isChecked() else "false")
        self.settings.setValue("run/speed", self.speed.currentIndex())
        if self._has_run:
            self.settings.setValue("run/config", json.dumps(self.trainer.config.to_json()))
        self.settings.sync()

    def unsaved(self) -> bool:
        """True if the run has steps or events that no session file holds yet."""
        history = self.trainer.history
        if history.steps == 0 and not history.events:
            return False
        return self._saved_mark != (history.steps, len(history.events))

    def _ask_save(self) -> str:
        """'save', 'discard' or 'cancel': what to do with an unsaved run before closing."""
        box = QtWidgets.QMessageBox(self)
        box.setIcon(QtWidgets.QMessageBox.Icon.Question)
        box.setWindowTitle("Save the run?")
        box.setText(f"The run has {self.trainer.step:,} steps that are not saved in a session file.")
        box.setInformativeText("Save it before closing? (If you don't, it is gone.)")
        buttons = QtWidgets.QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        answer = box.exec()
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(buttons(answer), "cancel")

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self._has_run:
            event.accept()
            return
        if self.unsaved():
            was_running = self.engine.is_running
            if was_running:
                self.engine.pause()
            answer = self._ask_save()
            if answer == "cancel" or (answer == "save" and not self.save()):
                if was_running:
                    self.engine.start()
                event.ignore()
                return
        self._shut_down(keep_autosave=False)
        event.accept()

    def quit_quietly(self) -> None:
        """The application is quitting (not via this window): no questions; an unsaved run is
        kept in the autosave folder and offered for restoring at the next start."""
        if self._has_run:
            unsaved = self.unsaved()
            if unsaved:
                self._autosave(force=True)
            self._shut_down(keep_autosave=unsaved)

    def _shut_down(self, keep_autosave: bool) -> None:
        self.timer.stop()
        self._save_settings()
        self._has_run = False
        self.engine.shutdown()
        if keep_autosave:
            self.autosave.release()
        else:
            self.autosave.discard()


class ExportDialog(QtWidgets.QDialog):
    """Choose what to export and, for pictures, the size in pixels."""

    def __init__(self, parent: QtWidgets.QWidget, kind: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export snapshot")
        form = QtWidgets.QFormLayout(self)
        self.kind = QtWidgets.QComboBox()
        for key, (label, _) in EXPORTS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.width_box = QtWidgets.QSpinBox()
        self.width_box.setRange(200, 8000)
        self.width_box.setValue(1600)
        self.height_box = QtWidgets.QSpinBox()
        self.height_box.setRange(150, 8000)
        self.height_box.setValue(1000)
        for box in (self.width_box, self.height_box):
            box.setSuffix(" px")
            box.setToolTip("Picture size in pixels (200–8000 wide, 150–8000 high)")
        form.addRow("export", self.kind)
        form.addRow("width", self.width_box)
        form.addRow("height", self.height_box)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        picture = self.kind.currentData() in ("png", "svg")
        self.width_box.setEnabled(picture)
        self.height_box.setEnabled(picture)

    def choice(self) -> tuple[str, int, int]:
        return self.kind.currentData(), self.width_box.value(), self.height_box.value()


def _registry_combo(registry, tip: str) -> QtWidgets.QComboBox:
    """A choice of the core's problems, optimizers or schedules; each item's tooltip is its summary."""
    combo = QtWidgets.QComboBox()
    for name, cls in registry.items():
        combo.addItem(name)
        combo.setItemData(combo.count() - 1, cls.summary, QtCore.Qt.ItemDataRole.ToolTipRole)
    combo.setToolTip(tip)
    return combo


def _age(path: Path) -> str:
    seconds = max(0.0, time.time() - path.stat().st_mtime)
    if seconds < 120:
        return "just now"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes ago"
    if seconds < 172800:
        return f"{seconds / 3600:.0f} hours ago"
    return f"{seconds / 86400:.0f} days ago"
