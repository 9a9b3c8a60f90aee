"""The lesson's views in the window: the tabs, their shortcuts, the live band and the live surface."""

import dataclasses

import numpy as np
import pytest
from PySide6 import QtCore

from lrmonitor.core.display.surface import PathRecorder
from lrmonitor.core.run.events import DecayNow
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.qt.views.live_rates import rate_workers


def _tab_names(window):
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_the_plots_area_is_tabs_switched_by_ctrl_number(qtbot, window):
    names = _tab_names(window)
    assert names[0] == "Training" and "Surface" in names
    assert window.tabs.currentWidget() is window.tabs.training
    assert window.plots.isVisible() and window.tabs.band_meter.isVisible()
    for index in reversed(range(len(names))):
        key = QtCore.Qt.Key(QtCore.Qt.Key.Key_1 + index)
        qtbot.keyClick(window.tabs, key, QtCore.Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == index
    texts = [a.text() for a in window.tab_actions]
    assert texts == [f"Show the {name} tab" for name in names]
    assert [a.shortcut().toString() for a in window.tab_actions] == [f"Ctrl+{i + 1}" for i in range(len(names))]
    assert "(Ctrl+1)" in window.tabs.tabToolTip(0)


def test_the_band_meter_reads_the_run_and_states_the_narrowing_of_a_decayed_fork(qtbot, window, run_until):
    c = window.controller
    run_until(window, 40 * 32)
    qtbot.waitUntil(lambda: window.tabs.band_meter.label.text().startswith("band "))
    assert "narrowed" not in window.tabs.band_meter.label.text()  # no decay yet: just the number
    upper = window.tabs.live_band.overlay.upper.getData()[1]
    lower = window.tabs.live_band.overlay.lower.getData()[1]
    assert len(upper) > 0 and np.all(upper[np.isfinite(upper)] >= lower[np.isfinite(upper)])
    assert c.fork(c.workspace.current, 20 * 32, DecayNow(0.1))
    c.toggle()
    qtbot.waitUntil(lambda: c.run.step >= 40 * 32, timeout=10000)
    c.pause()
    c.tick()
    text = window.tabs.band_meter.label.text()
    assert "narrowed" in text  # against its parent over the same epochs
    pct = float(text.split("narrowed")[1].split("%")[0])
    assert pct > 0


def _surface_tab(window, qtbot):
    index = window.tabs.indexOf(window.tabs.surface_view)
    qtbot.keyClick(window.tabs, QtCore.Qt.Key(QtCore.Qt.Key.Key_1 + index), QtCore.Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.tabs.surface_view


def test_the_surface_path_grows_while_the_run_trains_and_equals_a_headless_replay(qtbot, window):
    c = window.controller
    window.run_panel.speed.setCurrentText("30 epochs/s")
    window.tabs.resize(1000, 600)
    _surface_tab(window, qtbot)
    qtbot.waitUntil(lambda: c.run is not None and not c.engine.preparing)
    c.toggle()
    live = window.tabs.live_surface
    qtbot.waitUntil(lambda: bool(live.replays))
    replay = next(iter(live.replays.values()))
    seen = []
    qtbot.waitUntil(lambda: seen.append(len(replay.states)) or len(seen) > 3 and seen[-1] > seen[0] > 0, timeout=10000)
    assert not c.run.done  # it grew while the run trained
    c.pause()
    c.tick()
    qtbot.waitUntil(lambda: replay.step == c.run.step, timeout=10000)  # catches up while paused
    assert replay.matches
    headless = PathRecorder(Trainer(c.run.config, list(c.run.history.events)))
    headless.run(c.run.step)
    np.testing.assert_allclose(replay.states, headless.states, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(replay.steps, headless.steps)
    drawn_x, drawn_y = window.tabs.surface_view.panels[0].curves[0].getData()
    assert drawn_x[-1] == pytest.approx(headless.states[-1, 0]) and drawn_y[-1] == pytest.approx(headless.states[-1, 1])
    assert window.tabs.surface_view.zoom_panel is not None  # the wandering region, framed


def test_a_decay_posted_while_the_path_follows_is_replayed_at_its_step(qtbot, window):
    c = window.controller
    window.run_panel.speed.setCurrentText("30 epochs/s")
    _surface_tab(window, qtbot)
    qtbot.waitUntil(lambda: c.run is not None and not c.engine.preparing)
    c.toggle()
    qtbot.waitUntil(lambda: c.run.step >= 5 * 32, timeout=10000)
    c.decay_now(0.1)
    qtbot.waitUntil(lambda: c.run.step >= 10 * 32, timeout=10000)
    c.pause()
    c.tick()
    live = window.tabs.live_surface

    def known(replay):  # the events the replay applied, then those it will apply at their steps
        return [s.step for s in (*replay.trainer.history.events, *replay.trainer.pending_events())]

    def caught_up():
        replay = next(iter(live.replays.values()))  # made again if the decay reached the window late
        return replay.step == c.run.step and known(replay) == [s.step for s in c.run.history.events]

    qtbot.waitUntil(caught_up, timeout=10000)
    replay = next(iter(live.replays.values()))
    assert replay.matches and not replay.stale and len(known(replay)) == 1


def test_clicking_a_path_point_selects_that_step_in_the_loss_plot(qtbot, window, run_until):
    c = window.controller
    run_until(window, 10 * 32)
    window.tabs.resize(1000, 600)
    _surface_tab(window, qtbot)
    view = window.tabs.surface_view
    qtbot.waitUntil(lambda: view.surface is not None and len(view.panels[0].drawn) == 1
                    and len(view.panels[0].drawn[0][0]) == c.run.step + 1, timeout=10000)
    points, steps = view.panels[0].drawn[0]
    k = 5  # an early point: far from the others near the minimum, so it is the one under the mouse
    scene = view.panels[0].plot.getViewBox().mapViewToScene(QtCore.QPointF(*points[k]))
    position = view.graphics.mapFromScene(scene)
    qtbot.mouseClick(view.graphics.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=position)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.tabs.training)
    line = window.tabs.selected_line
    assert line.isVisible() and line.value() == pytest.approx(steps[k] / 32)
    assert f"step {steps[k]}" in window.readout.text()


def test_the_rates_tab_trains_four_rates_at_once_and_judges_them_when_they_end(qtbot, window):
    window.setup.epochs.setValue(6)
    qtbot.waitUntil(lambda: window.controller.run is not None and window.controller.run.config.epochs == 6)
    rates_view, live = window.tabs.rates_view, window.tabs.live_rates
    assert rates_view.rates_edit.text() == "0.0005, 0.005, 0.05, 0.5"  # the setup's α0 ×0.01, ×0.1, ×1, ×10
    index = window.tabs.indexOf(rates_view)
    qtbot.keyClick(window.tabs, QtCore.Qt.Key(QtCore.Qt.Key.Key_1 + index), QtCore.Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(rates_view.train_button, QtCore.Qt.MouseButton.LeftButton)
    assert len(live.engines) == rate_workers(4, live.cores)  # a core for the window, the rest train
    workers = [engine.process for engine in live.engines]
    assert all(w.is_alive() for w in workers)  # none of them trains in the window's process
    qtbot.waitUntil(lambda: live.ended, timeout=30000)
    assert window.controller.run.step == 0  # the window's own run was left alone
    histories = [view.history for view in live.views]
    assert [h.lr.view()[0] for h in histories] == [0.0005, 0.005, 0.05, 0.5]
    first = [h.loss.view()[0] for h in histories]
    assert len(set(first)) == 1  # the same initial weights and first mini-batch: the same first loss
    labels = [label.text for _, label in rates_view.legend.items]
    assert len(labels) == 4 and all(any(v in text for v in ("too high", "high", "good", "low")) for text in labels)
    assert [v.verdict for v in rates_view.verdicts].count("good") == 1
    assert "provisional" not in rates_view.note.text
    window.close()
    assert not any(w.is_alive() for w in workers)  # nothing left running after the window closes


def test_the_rates_share_one_worker_per_core_but_the_windows_and_each_run_is_the_rate_alone(qtbot, window):
    assert [rate_workers(4, cores) for cores in (1, 2, 3, 4, 8)] == [1, 1, 2, 3, 4]
    assert rate_workers(2, 8) == 2  # never more workers than runs
    window.setup.epochs.setValue(3)
    qtbot.waitUntil(lambda: window.controller.run is not None and window.controller.run.config.epochs == 3)
    rates_view, live = window.tabs.rates_view, window.tabs.live_rates
    live.cores = 3  # two workers for three rates: one trains two of them in turn
    window.tabs.setCurrentWidget(rates_view)
    rates_view.rates_edit.setText("0.3, 0.01, 0.1")
    qtbot.mouseClick(rates_view.train_button, QtCore.Qt.MouseButton.LeftButton)
    assert len(live.engines) == 2
    qtbot.waitUntil(lambda: live.ended, timeout=30000)
    config = window.controller.run.config
    for rate, view in zip((0.3, 0.01, 0.1), live.views):
        alone = Trainer(dataclasses.replace(config, lr=rate))
        alone.run()
        np.testing.assert_array_equal(view.history.loss.view(), alone.history.loss.view())
    assert [name for name, _ in live.records()][0].startswith("α0=0.3")


def test_a_bad_list_of_rates_is_named_and_trains_nothing(qtbot, window):
    rates_view = window.tabs.rates_view
    window.tabs.setCurrentWidget(rates_view)
    rates_view.rates_edit.setText("0.1, -2")
    qtbot.mouseClick(rates_view.train_button, QtCore.Qt.MouseButton.LeftButton)
    assert rates_view.error.isVisible() and "-2" in rates_view.error.text()
    assert window.tabs.live_rates.engines == []


def test_the_range_test_runs_in_its_tab_and_use_this_rate_sets_alpha0(qtbot, window, run_until):
    page = window.tabs.range_page
    window.tabs.setCurrentWidget(page)
    qtbot.mouseClick(page.run_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.test is not None and page.test.done, timeout=10000)
    view = page.view
    assert view.plot.getAxis("bottom").logMode  # loss against rate on a log x axis
    assert "hint" in view.lines["minimum / 10"].label.textItem.toPlainText()
    assert "hints" in view.note.text.lower()  # the view says they are hints
    assert "steps" in page.status.text() and "hints" in page.status.text()
    rate = view.hints["minimum / 10"]
    assert rate is not None and view.buttons["minimum / 10"].isEnabled()
    run_until(window, 64)  # a started run: α0 from the setup becomes an event of the run
    qtbot.mouseClick(view.buttons["minimum / 10"], QtCore.Qt.MouseButton.LeftButton)
    assert window.setup.lr.value() == pytest.approx(rate, rel=1e-3)
    window.controller.tick()
    qtbot.waitUntil(lambda: any(s.event.kind == "lr" for s in window.controller.run.history.events))
    assert window.controller.config_now().lr == pytest.approx(rate, rel=1e-3)


def test_a_bad_range_is_named_and_runs_nothing(qtbot, window):
    page = window.tabs.range_page
    page.end.setText("1e-7")
    page.run()
    assert page.test is None and "to 1e-07" in page.status.text() and "allowed" in page.status.text()
    page.end.setText("ten")
    page.run()
    assert page.test is None and "'ten'" in page.status.text()


def test_the_rates_runs_can_join_the_runs_panel_and_the_comparison(qtbot, window):
    window.setup.epochs.setValue(4)
    qtbot.waitUntil(lambda: window.controller.run is not None and window.controller.run.config.epochs == 4)
    rates_view, live = window.tabs.rates_view, window.tabs.live_rates
    window.tabs.setCurrentWidget(rates_view)
    assert not rates_view.keep_button.isEnabled()
    rates_view.rates_edit.setText("0.005, 0.05")
    qtbot.mouseClick(rates_view.train_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live.ended, timeout=30000)
    assert rates_view.keep_button.isEnabled()
    qtbot.mouseClick(rates_view.keep_button, QtCore.Qt.MouseButton.LeftButton)
    c = window.controller
    names = [node.name for node in c.workspace.tree]
    assert len(names) == 3 and names[1].startswith("α0=0.005 (") and names[2].startswith("α0=0.05 (")
    kept = c.workspace.view(list(c.workspace.tree)[-1].id)
    np.testing.assert_array_equal(kept.history.loss.view(), live.views[1].history.loss.view())
    c.tick()
    qtbot.waitUntil(lambda: len(window.compare.rows_now()) == 3)


def test_closing_the_window_while_the_rates_train_stops_their_workers(qtbot, window):
    rates_view, live = window.tabs.rates_view, window.tabs.live_rates
    window.setup.problem.setCurrentText("mlp")
    window.setup.forever.setChecked(True)  # they would train until stopped
    qtbot.mouseClick(rates_view.train_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(not e.preparing and e.is_running for e in live.engines), timeout=20000)
    workers = [engine.process for engine in live.engines]
    window.close()
    assert live.engines == [] and not any(w.is_alive() for w in workers)


def test_the_tab_and_the_band_window_persist_and_bad_values_fall_back(qtbot, make_window, tmp_path):
    w = make_window()
    w.tabs.setCurrentWidget(w.tabs.surface_view)
    w.tabs.band_meter.spin.setValue(8)
    w.close()
    again = make_window()
    assert again.tabs.currentWidget() is again.tabs.surface_view and again.tabs.band_meter.epochs == 8
    again.close()
    (tmp_path / "settings.ini").write_text("[view]\ntab=17\nband_epochs=-3\n")
    damaged = make_window()
    assert damaged.tabs.currentIndex() == 0 and damaged.tabs.band_meter.epochs == 5


def test_the_surface_tab_shows_a_projection_for_the_mlp(qtbot, window, run_until):
    window.setup.problem.setCurrentText("mlp")
    qtbot.waitUntil(lambda: window.controller.run is not None and window.controller.run.config.problem == "mlp")
    run_until(window, 4 * 32)
    _surface_tab(window, qtbot)
    view = window.tabs.surface_view
    qtbot.waitUntil(lambda: view.surface is not None and view.surface.projection, timeout=20000)
    assert "PROJECTION" in view.title.text and view.zoom_panel is None
    drawn, steps = view.panels[0].drawn[0]
    assert len(drawn) >= 4 and steps[0] == 0 and np.all(np.diff(steps) == 32)  # the epoch-end states
