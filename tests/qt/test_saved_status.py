"""A session file says where each run stood: a paused run is saved as paused, never as running."""

import json
import zipfile

import pytest

from lrmonitor.core.run.state import RunState


def _statuses(path):
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    found = []

    def walk(value):
        if isinstance(value, dict):
            if "status" in value:
                found.append(value["status"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(manifest)
    return found


@pytest.mark.parametrize("how", ["by the student", "at the plateau", "while training"])
def test_a_paused_run_is_saved_as_paused(qtbot, window, run_until, tmp_path, how):
    c = window.controller
    if how == "by the student":
        run_until(window, 200)
    elif how == "at the plateau":
        window.run_panel.pause_on_plateau.setChecked(True)
        c.toggle()
        qtbot.waitUntil(lambda: not c.engine.is_running and c.run.step > 0, timeout=20000)
    else:  # Save while it trains: the file is what a reopened window will show, a run at rest
        window.run_panel.speed.setCurrentText("10 epochs/s")
        c.toggle()
        qtbot.waitUntil(lambda: c.run.step > 100)
    window.files.path = tmp_path / "run.lrmon"
    assert window.files.save()
    statuses = _statuses(tmp_path / "run.lrmon")
    assert statuses and "running" not in statuses
    if how != "while training":
        c.tick()
        assert c.state == RunState.PAUSED and set(statuses) == {"paused"}
