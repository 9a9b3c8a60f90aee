"""The hidden ``open --smoke-png``: the standalone bundle's smoke test (packaging/smoke.py) relies
on it to see that the built app opens a session and draws it."""

import os
import subprocess
import sys

from PySide6 import QtGui

from lrmonitor.cli import main
from lrmonitor.qt.app import smoke_export

# Quits once the PNG is there (it is written atomically: there means complete), or exits 9
# after a generous minute; the PNG is written by the window, not by this script.
SMOKED_APP = (
    "import os, sys, time; from PySide6 import QtCore; from lrmonitor.cli import main;"
    "from lrmonitor.qt.app import make_app; app = make_app(); end = time.monotonic() + 60\n"
    "def check():\n"
    "    if os.path.exists({png!r}):\n"
    "        app.quit()\n"
    "    elif time.monotonic() > end:\n"
    "        print('no PNG within 60 s', file=sys.stderr)\n"
    "        app.exit(9)\n"
    "timer = QtCore.QTimer(); timer.timeout.connect(check); timer.start(20)\n"
    "sys.exit(main(['open', {session!r}, '--smoke-png', {png!r}]))\n"
)


def drawn(png) -> QtGui.QImage:
    image = QtGui.QImage(str(png))
    assert not image.isNull(), f"{png} is not a PNG Qt can read"
    return image


def test_the_window_exports_the_opened_session_and_says_so(tmp_path):
    session, png = tmp_path / "runs.lrmon", tmp_path / "smoke.png"
    assert main(["run", "--problem", "linear", "--epochs", "3", "--quiet", "--session", str(session)]) == 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path)}
    code = SMOKED_APP.format(png=str(png), session=str(session))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=90)
    assert out.returncode == 0, out.stderr
    assert f"lrmonitor: smoke: exported {png}" in out.stdout
    image = drawn(png)
    assert (image.width(), image.height()) == (1200, 800)
    colours = {image.pixel(x, y) for x in range(0, 1200, 7) for y in range(0, 800, 7)}
    assert len(colours) > 3  # axes, text and the run's curves, not a blank picture


def test_a_failed_smoke_export_says_so_on_stderr(qtbot, window, run_until, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr("lrmonitor.qt.exports.warn", lambda *args: None)  # no modal box in a test
    run_until(window, 64)
    target = str(tmp_path / "no such folder" / "smoke.png")
    assert not smoke_export(window, target)
    out, err = capsys.readouterr()
    assert f"lrmonitor: smoke: could not export {target}" in err and "smoke" not in out
