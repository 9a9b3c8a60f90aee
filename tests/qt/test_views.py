"""The lesson views, offscreen: what they draw, what they say, and the signals they send."""

import numpy as np
import pytest
from PySide6 import QtCore

from lrmonitor.core.display.band import reading
from lrmonitor.core.display.surface import PathRecorder, surface_for, zoom_surface
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import Stamped, parse_action
from lrmonitor.core.run.range_test import run_range_test
from lrmonitor.core.run.sweep import default_rates, sweep_trainers
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import fork
from lrmonitor.core.run.verdicts import RULE
from lrmonitor.qt.views import BandMeter, BandOverlay, RangeTestView, RatesView, SurfaceView
from lrmonitor.qt.views.headless import picture

SMALL = dict(problem="linear", optimizer="sgd", epochs=12, train_size=200, val_size=50)


@pytest.fixture
def sweep():
    config = RunConfig(**SMALL).validated()
    rates = default_rates(config)
    trainers = sweep_trainers(config, rates)
    for t in trainers:
        t.run()
    return rates, trainers


def test_rates_view_labels_each_curve_with_rate_and_verdict_and_shows_the_rule(qtbot, sweep):
    rates, trainers = sweep
    view = RatesView()
    qtbot.addWidget(view)
    view.set_runs(rates, [t.history for t in trainers])
    view.on_frame(ended=True)
    labels = [label.text for _, label in view.legend.items]
    assert labels[0].startswith("α0 = 0.001") and "low" in labels[0]
    assert "too high" in labels[3]
    assert [v.verdict for v in view.verdicts].count("good") == 1
    assert view.toolTip() == RULE
    assert "provisional" not in view.note.text
    view.on_frame(ended=False)
    assert "provisional" in view.note.text
    x, y = view._smooth[2].getData()
    assert len(x) == trainers[2].step and x[-1] == pytest.approx(12.0)


def test_the_log_axes_are_labelled_1_2_5_per_decade_without_overlapping(qtbot, sweep):
    rates, trainers = sweep
    view = RatesView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    view.set_runs(rates, [t.history for t in trainers])
    view.on_frame(ended=True)
    qtbot.waitUntil(lambda: view.plot.getAxis("left")._tickLevels is not None)
    (ticks, minor), = [view.plot.getAxis("left")._tickLevels]
    low, high = view.plot.getViewBox().viewRange()[1]
    assert minor == [] and len(ticks) >= 2
    assert len(ticks) <= view.plot.getViewBox().height() / 22  # a label's height apart at least
    for position, text in ticks:
        assert low <= position <= high and float(text) == pytest.approx(10 ** position)
        assert text.lstrip("0.").rstrip("0")[0] in "125" or "e" in text  # 1, 2 or 5 times a power of ten
    view.plot.setLogMode(y=False)  # on a linear axis pyqtgraph's own labels come back
    view._ticks.update()
    assert view.plot.getAxis("left")._tickLevels is None


def test_clicking_a_rate_curve_emits_use_rate(qtbot, sweep):
    rates, trainers = sweep
    view = RatesView()
    qtbot.addWidget(view)
    view.set_runs(rates, [t.history for t in trainers])
    with qtbot.waitSignal(view.use_rate) as signal:
        view._smooth[1].sigClicked.emit(view._smooth[1], None)
    assert signal.args == [rates[1]]


def test_rates_view_grows_live_with_its_histories(qtbot):
    config = RunConfig(**SMALL).validated()
    trainers = sweep_trainers(config, [0.01, 0.1])
    view = RatesView()
    qtbot.addWidget(view)
    view.set_runs([0.01, 0.1], [t.history for t in trainers])
    assert view.verdicts == []  # nothing to judge before an epoch
    for t in trainers:
        t.run(config.steps_per_epoch * 3)
    view.on_frame()
    assert len(view._smooth[0].getData()[0]) == config.steps_per_epoch * 3
    assert len(view.verdicts) == 2


def test_range_view_marks_both_hints_on_a_log_axis_and_uses_a_rate(qtbot):
    config = RunConfig(problem="linear", optimizer="sgd", train_size=400, val_size=20).validated()
    result = run_range_test(config)
    view = RangeTestView()
    qtbot.addWidget(view)
    view.set_result(result, config.lr)
    assert view.plot.getAxis("bottom").logMode
    for name, rate in view.hints.items():
        assert rate is not None and view.lines[name].isVisible()
        assert view.lines[name].value() == pytest.approx(np.log10(rate))
        assert "hint" in view.lines[name].label.textItem.toPlainText()
    with qtbot.waitSignal(view.use_rate) as signal:
        view.buttons["minimum / 10"].click()
    assert signal.args == [pytest.approx(result.min_over_10)]
    view.on_step(result.lr[:5], result.loss[:5])  # too short for hints: buttons off, no crash
    assert not view.buttons["steepest"].isEnabled()


@pytest.fixture
def linear_paths():
    config = RunConfig(problem="linear", optimizer="sgd", epochs=20, train_size=320, val_size=50).validated()
    base = Trainer(config)
    recorder = PathRecorder(base)
    recorder.run()
    spe = config.steps_per_epoch
    decayed = PathRecorder(fork(base, 10 * spe, "decay=0.1"), prefix=(recorder.steps, recorder.states))
    decayed.run()
    return base, [recorder, decayed], spe


def test_surface_view_draws_contours_markers_and_each_path(qtbot, linear_paths):
    base, recorders, spe = linear_paths
    surface = surface_for(base, [r.states for r in recorders])
    steps = [r.steps for r in recorders]
    zoom = zoom_surface(base.problem, surface.paths, steps, 10 * spe)
    view = SurfaceView()
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    view.set_problem(base.problem)
    view.set_surface(surface, steps, ["base", "fork-1"], from_steps=[0, 10 * spe], zoom=zoom)
    main = view.panels[0]
    assert len(view.panels) == 2 and len(main.isocurves) == len(surface.levels) > 5
    assert main.minimum.data["x"][0] == pytest.approx(surface.minimum[0])
    assert (main.start.data["x"][0], main.start.data["y"][0]) == (-1.0, 2.5)
    x0, _ = main.curves[0].getData()
    x1, _ = main.curves[1].getData()
    assert len(x0) == len(recorders[0].steps) and len(x1) == len(recorders[1].steps) - 10 * spe
    assert "full-batch" in view.title.text


def test_hover_and_click_on_a_path_point_report_its_step(qtbot, linear_paths):
    base, recorders, spe = linear_paths
    surface = surface_for(base, [recorders[0].states])
    view = SurfaceView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.set_problem(base.problem)
    view.set_surface(surface, [recorders[0].steps], ["base"])
    qtbot.waitExposed(view)
    vb = view.panels[0].plot.getViewBox()
    point = recorders[0].states[3]
    scene = vb.mapViewToScene(QtCore.QPointF(*point))
    view._hover(scene)
    assert "base: step 3," in view.readout.text()
    expected = base.problem.train_loss([point])
    assert f"{expected:.5g}" in view.readout.text()
    clicks = []
    view.step_selected.connect(lambda name, step: clicks.append((name, step)))
    view.fork_requested.connect(lambda name, step: clicks.append(("fork", name, step)))
    assert view.pick(scene)[1] == 3

    class Click:
        def __init__(self, shift):
            self.shift = shift

        def scenePos(self):  # noqa: N802 (the Qt event method it stands in for)
            return scene

        def modifiers(self):
            return QtCore.Qt.KeyboardModifier.ShiftModifier if self.shift else QtCore.Qt.KeyboardModifier.NoModifier

        def accept(self):
            pass

    view._clicked(Click(False))
    view._clicked(Click(True))
    assert clicks == [("base", 3), ("fork", "base", 3)]


def test_a_million_path_points_reach_pyqtgraph_decimated(qtbot, linear_paths):
    base, recorders, _ = linear_paths
    surface = surface_for(base, [recorders[0].states])
    view = SurfaceView(max_points=20_000)
    qtbot.addWidget(view)
    view.set_surface(surface, [recorders[0].steps], ["base"])
    t = np.linspace(0, 200 * np.pi, 1_000_000)
    big = np.column_stack([1.5 + 0.05 * np.cos(t), -0.5 + 0.05 * np.sin(t)])
    view.set_paths([big], [np.arange(len(big))])
    x, _ = view.panels[0].curves[0].getData()
    assert len(x) <= 20_001 and view.panels[0].drawn[0][1][-1] == 999_999


def test_projection_is_labelled_as_one(qtbot):
    trainer = Trainer(RunConfig(problem="mlp", epochs=5, train_size=120, val_size=20))
    recorder = PathRecorder(trainer)
    recorder.run()
    view = SurfaceView()
    qtbot.addWidget(view)
    view.set_surface(surface_for(trainer, [recorder.states]), [recorder.steps], ["base"])
    assert "PROJECTION" in view.title.text and len(view.panels) == 1


def test_band_meter_states_the_change_after_a_decay(qtbot):
    config = RunConfig(problem="mlp", seed=2, epochs=20, train_size=320, val_size=50).validated()
    spe = config.steps_per_epoch
    trainer = Trainer(config, [Stamped(10 * spe, parse_action("decay=0.1"))])
    trainer.run()
    meter = BandMeter(epochs=5)
    qtbot.addWidget(meter)
    meter.show_reading(trainer.history, since_step=10 * spe)
    assert meter.label.text() == reading(trainer.history, 5, 10 * spe).text
    assert "narrowed" in meter.label.text()
    with qtbot.waitSignal(meter.epochs_changed) as signal:
        meter.spin.setValue(3)
    assert signal.args == [3] and meter.last == reading(trainer.history, 3, 10 * spe)


def test_band_overlay_shades_one_trailing_std_around_the_smoothed_curve(qtbot):
    import pyqtgraph as pg

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    overlay = BandOverlay(widget.getPlotItem())
    loss = np.tile([1.0, 3.0], 50)
    overlay.update(np.arange(100.0), np.full(100, 2.0), loss, window_steps=10)
    _, upper = overlay.upper.getData()
    _, lower = overlay.lower.getData()
    assert upper[-1] == pytest.approx(3.0) and lower[-1] == pytest.approx(1.0)


def test_each_view_renders_png_and_svg_with_its_content(qtbot, sweep):
    rates, trainers = sweep

    def make():
        view = RatesView()
        view.set_runs(rates, [t.history for t in trainers])
        view.on_frame(ended=True)
        return view

    png = picture(make, "png", 800, 500)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg = picture(make, "svg", 800, 500).decode()
    assert 'width="800px"' in svg and "<path" in svg and "too high" in svg
    assert "vector-effect" not in svg and "sans-serif" in svg  # made portable like the window's exports


def test_hiding_the_raw_bands_keeps_the_verdict_lines(qtbot, sweep):
    rates, trainers = sweep
    view = RatesView()
    qtbot.addWidget(view)
    view.set_runs(rates, [t.history for t in trainers])
    view.set_show_raw(False)
    view.on_frame(ended=True)
    assert not any(item.isVisible() for item in view._raw)
    assert all(item.isVisible() for item in view._smooth) and len(view.verdicts) == 4


def test_the_rates_list_is_editable_and_a_bad_list_is_named(qtbot):
    view = RatesView()
    qtbot.addWidget(view)
    view.set_rates_text(default_rates(RunConfig(**SMALL)))
    assert view.rates_edit.text() == "0.001, 0.01, 0.1, 1"
    with qtbot.waitSignal(view.rates_requested) as signal:
        view.train_button.click()
    assert signal.args == [[0.001, 0.01, 0.1, 1.0]]
    view.rates_edit.setText("0.1, -2")
    sent = []
    view.rates_requested.connect(sent.append)
    view.train_button.click()
    assert sent == [] and not view.error.isHidden() and "-2" in view.error.text()
