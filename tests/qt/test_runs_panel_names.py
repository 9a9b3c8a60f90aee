"""The runs panel shows each run's name as it is now (found by the random-action test)."""

from lrmonitor.core.run.events import ApplySchedule


def test_a_first_runs_new_name_shows_in_the_same_frame(qtbot, window, run_until):
    """A first run's name follows its events ('fixed α=0.05' becomes 'α=0.05, step ...'); the frame
    that renamed it listed the old name, until some other change rebuilt the list."""
    c = window.controller
    run_until(window, 100)
    c.post(ApplySchedule("step:factor=0.1,every=20"))  # paused: takes effect and is shown at once
    name = c.workspace.tree[c.workspace.current].name
    assert "step" in name
    assert window.runs.list.topLevelItem(0).text(0) == name


def test_a_refused_name_is_taken_back_in_the_runs_panel(qtbot, window):
    """A name of 300 characters is refused (the status bar says why); the list kept showing it."""
    c = window.controller
    name = c.workspace.tree[c.workspace.current].name
    window.runs.list.topLevelItem(0).setText(0, "a" * 300)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "")
    c.tick()
    assert c.workspace.tree[c.workspace.current].name == name
    assert window.runs.list.topLevelItem(0).text(0) == name


def test_a_run_with_many_planned_decays_can_still_be_set_up_again(qtbot, window):
    """Decays planned before the first step name the run after them; with many, the name passed 80
    characters and changing a setup field (which makes the run again) raised out of the slot."""
    c = window.controller
    for _ in range(8):
        c.decay_now(0.5)
    assert len(c.run.history.events) == 8
    window.setup.seed.setValue(5)  # before the first step: the run is made again, keeping its decays
    c.tick()
    name = c.workspace.tree[c.workspace.current].name
    assert c.run.config.seed == 5 and len(c.run.history.events) == 8
    assert len(name) <= 80 and name.startswith("α=") and name.endswith("and 7 more events")
    assert window.runs.list.topLevelItem(0).text(0) == name
