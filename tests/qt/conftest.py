"""Fixtures for the window's tests: windows with their own settings and autosave folder, and
a guarantee that no trainer thread or worker process outlives a test."""

import csv
import os
import threading

import pytest

pytest.importorskip("PySide6")
from PySide6 import QtCore

from lrmonitor.qt import language
from lrmonitor.qt.window import MainWindow


@pytest.fixture(autouse=True, scope="session")
def english(qapp):
    """The window's English, as the app installs it (plural forms: "1 epoch", "9 epochs");
    test_language.py tests Korean in a process of its own."""
    language.install(qapp, "en")


@pytest.fixture(autouse=True)
def answers(monkeypatch):
    """What the 'save the run?' question answers (tests that care change it)."""
    given = {"answer": "discard", "asked": 0}

    def ask(window):
        given["asked"] += 1
        return given["answer"]

    monkeypatch.setattr(MainWindow, "ask_save", ask)
    return given


@pytest.fixture
def make_window(qtbot, tmp_path):
    made = []

    def make():
        settings = QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)
        window = MainWindow(settings, tmp_path / "autosave")
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
    assert not [t for t in threading.enumerate() if t.name == "lrmonitor-trainer"]
    for window in made:
        process = getattr(window.controller.engine, "process", None)
        assert process is None or not process.is_alive()


@pytest.fixture
def window(make_window):
    w = make_window()
    w.setup.problem.setCurrentText("linear")  # fast: 32 steps per epoch, 100 epochs
    w.run_panel.speed.setCurrentText("300 epochs/s")  # 9,600 steps/s: fast, and a test can act mid-run
    w.run_panel.pause_on_plateau.setChecked(False)  # these tests train through the plateau
    return w


@pytest.fixture
def run_until(qtbot):
    """``run_until(window, step)``: train to exactly ``step`` (or the end), then pause.

    The trainer is told where to stop (``start(steps)``), rather than paused once the test sees
    it got there: at 300 epochs/s the run makes about 100 steps per 10 ms, and on a loaded
    machine the window's thread can be off the CPU for far longer than that, so "pause once it
    is past ``step``" stopped it anywhere up to its end (a decay applied 10 epochs late, or
    refused because the run had ended)."""

    def run(window, step):
        c = window.controller
        todo = step - c.run.step
        if todo > 0 and not c.run.done:
            c.engine.start(todo)
            c.tick()
        qtbot.waitUntil(lambda: c.run.step >= step or c.run.done, timeout=10000)
        c.pause()

    return run


@pytest.fixture
def read_rows():
    """The rows of a CSV file as dictionaries."""

    def read(path):
        with open(path, newline="") as handle:
            return list(csv.DictReader(handle))

    return read


@pytest.fixture
def process_alive():
    """``process_alive(pid)``: the process exists and is not a zombie."""

    def alive(pid):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        with open(f"/proc/{pid}/stat") as handle:  # a zombie waiting for its (killed) parent is gone too
            return handle.read().split()[2] != "Z"

    return alive
