"""The setup panel: problem, optimizer and its hyperparameters, α0, batch size, epochs, seed, noise.

Every field is built from the core's own description of what it accepts, so a field's range,
default and tooltip are exactly the core's and the command line's. Once the run has made a
step, problem, batch size, epochs, seed and noise are locked (they would make another run);
changing the optimizer or α0 mid-run is an event in the log, which the controller posts.
Problem, batch size, epochs, seed and noise are built by :func:`~lrmonitor.qt.forms.make_field`
from :func:`~lrmonitor.core.run.config.setup_param`. Noise means something else for each problem
(a target's standard deviation, a blob's spread, a spiral's jitter), so choosing a problem puts
that problem's default noise in the field, and the tooltip says what it means for this problem.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ...core.display.frame import Frame
from ...core.run.config import RunConfig, setup_param, suggested_lr
from ...core.training.optimizers import OPTIMIZERS, parse_optimizer
from ...core.training.problems import PROBLEMS
from ..combos import registry_combo
from ..forms import ParamForm, make_field, update_field
from ..language import core_error, core_text, core_words
from ..theme import follow_scheme


class SetupPanel(QtWidgets.QGroupBox):
    """Emits ``changed(what, config)``: ``what`` is ``optimizer``, ``lr`` or ``setup``."""

    changed = QtCore.Signal(str, object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Setup"))
        self._sizes = (RunConfig.train_size, RunConfig.val_size)  # not fields: kept from the run
        self._started = False
        form = QtWidgets.QFormLayout(self)
        self.problem = registry_combo(PROBLEMS, core_text(setup_param("problem").help))
        self.optimizer = registry_combo(OPTIMIZERS, self.tr("Optimizer, with torch.optim's update rule and defaults."))
        self.optimizer_form = ParamForm()
        self.lr = make_field(setup_param("lr"))
        self.lr.multiplicative = True  # a rate spans decades: 0.1, 0.2, 0.5, 1, ...
        self.suggest_lr = QtWidgets.QToolButton(text=self.tr("suggest"))
        self.suggest_lr.setToolTip(self.tr("Use the rate suggested for this problem and optimizer."))
        self.batch = make_field(setup_param("batch_size", train_size=self._sizes[0]))
        self.epochs = make_field(setup_param("epochs"))
        self.forever = QtWidgets.QCheckBox(self.tr("until stopped"))
        self.forever.setToolTip(self.tr("Train until you press Pause."))
        self.seed = make_field(setup_param("seed"))
        self.noise = make_field(setup_param("noise"))
        self.noise.setSingleStep(0.05)
        self._describe_noise()
        self.message = QtWidgets.QLabel()
        follow_scheme(self.message, lambda tones: f"color:{tones.error};")
        self.message.setWordWrap(True)
        self.message.hide()
        form.addRow(self.tr("problem"), self.problem)
        form.addRow(self.tr("optimizer"), self.optimizer)
        form.addRow(self.optimizer_form)
        form.addRow(self.tr("α0 (lr)"), _row(self.lr, self.suggest_lr))
        form.addRow(self.tr("batch size"), self.batch)
        form.addRow(self.tr("epochs"), _row(self.epochs, self.forever))
        form.addRow(self.tr("seed"), self.seed)
        form.addRow(self.tr("noise"), self.noise)
        form.addRow(self.message)
        for field in (self.lr, self.batch, self.epochs, self.seed, self.noise, self.optimizer_form):
            field.refused.connect(self.show_error)
        self.problem.currentIndexChanged.connect(self._problem_changed)
        self.optimizer.currentIndexChanged.connect(self._optimizer_changed)
        self.optimizer_form.changed.connect(lambda: self._emit("optimizer"))
        self.lr.valueChanged.connect(lambda: self._emit("lr"))
        self.suggest_lr.clicked.connect(self._use_suggested_lr)
        for w in (self.batch, self.epochs, self.seed, self.noise):
            w.valueChanged.connect(lambda: self._emit("setup"))
        self.forever.toggled.connect(lambda on: (self.epochs.setEnabled(not on), self._emit("setup")))

    # -- what the fields say -----------------------------------------------------------------
    def config(self) -> RunConfig | None:
        """The configuration the fields describe, or None (and the reason shown) if invalid."""
        try:
            config = RunConfig(
                problem=self.problem.currentText(),
                optimizer=self.optimizer_form.spec(self.optimizer.currentText()),
                lr=float(self.lr.value()),
                batch_size=int(self.batch.value()),
                epochs=None if self.forever.isChecked() else int(self.epochs.value()),
                seed=int(self.seed.value()),
                noise=float(self.noise.value()),
                train_size=self._sizes[0],
                val_size=self._sizes[1],
            ).validated()
        except ValueError as err:
            self.show_error(core_error(err))
            return None
        self.show_error(None)
        return config

    def show_error(self, message: str | None) -> None:
        self.message.setText(message or "")
        self.message.setVisible(bool(message))

    def show_config(self, config: RunConfig) -> None:
        """Put a configuration into the fields; nothing is emitted."""
        self.show_error(None)  # a complaint about the fields shown before is no longer true
        with QtCore.QSignalBlocker(self):
            self._sizes = (config.train_size, config.val_size)
            self.problem.setCurrentText(config.problem)
            update_field(self.batch, setup_param("batch_size", train_size=config.train_size))
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
        self._describe_noise()

    def on_frame(self, frame: Frame) -> None:
        """Lock the fields that would make another run once this one has made a step."""
        started = frame.started
        if started == self._started and not frame.first:
            return
        self._started = started
        for w in (self.problem, self.batch, self.epochs, self.seed, self.noise, self.forever):
            w.setEnabled(not started and (w is not self.epochs or not self.forever.isChecked()))

    # -- edits -------------------------------------------------------------------------------
    def _emit(self, what: str) -> None:
        if self.signalsBlocked():
            return
        config = self.config()
        if config is not None:
            self.changed.emit(what, config)

    def _problem_changed(self) -> None:
        if self.signalsBlocked():
            return
        update_field(self.batch, setup_param("batch_size", train_size=self._sizes[0]))
        with QtCore.QSignalBlocker(self):
            self._use_suggested_lr()
            self.noise.setValue(PROBLEMS[self.problem.currentText()].default_noise)
        self._describe_noise()
        self._emit("setup")

    def _describe_noise(self) -> None:
        """The noise field's tooltip: what noise means for this problem, its range and default."""
        name = self.problem.currentText()
        problem, param = PROBLEMS[name], setup_param("noise")
        self.noise.setToolTip(self.tr(
            "Data noise: for {name}, the {meaning}.\nAllowed: {range}. Default for {name}: {default}."
        ).format(name=name, meaning=core_text(problem.noise_help), range=core_words(param.range_words()),
                 default=f"{problem.default_noise:g}"))

    def _optimizer_changed(self) -> None:
        if self.signalsBlocked():
            return  # show_config is filling in the fields: it shows the optimizer's own values
        with QtCore.QSignalBlocker(self.optimizer_form):
            self.optimizer_form.set_params(OPTIMIZERS[self.optimizer.currentText()].PARAMS)
        if not self._started:
            with QtCore.QSignalBlocker(self.lr):
                self.lr.setValue(suggested_lr(self.problem.currentText(), self.optimizer.currentText()))
        self._emit("optimizer")

    def _use_suggested_lr(self) -> None:
        self.lr.setValue(suggested_lr(self.problem.currentText(), self.optimizer.currentText()))


def _row(*widgets: QtWidgets.QWidget) -> QtWidgets.QHBoxLayout:
    row = QtWidgets.QHBoxLayout()
    for index, w in enumerate(widgets):
        row.addWidget(w, 1 if index == 0 else 0)
    return row
