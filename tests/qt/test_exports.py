"""Exports: pictures of the plots, the run's tables, the clipboard, and the headless --png/--svg."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6 import QtGui, QtWidgets

from lrmonitor.cli import main


def longest_path(svg_root):
    lines = [p.get("d", "") for p in svg_root.iter("{http://www.w3.org/2000/svg}path")]
    lines += [p.get("points", "") for p in svg_root.iter("{http://www.w3.org/2000/svg}polyline")]
    return max(len(d.split()) for d in lines)


def test_exports(qtbot, window, tmp_path, run_until, read_rows):
    run_until(window, 500)
    window.decay.decay_now()
    run_until(window, 900)
    window.controller.tick()
    export = window.exporter.export
    assert export("png", tmp_path / "p.png", 900, 500)
    image = QtGui.QImage(str(tmp_path / "p.png"))
    assert (image.width(), image.height()) == (900, 500)
    assert export("svg", tmp_path / "p.svg", 800, 600)
    assert longest_path(ET.parse(tmp_path / "p.svg").getroot()) > 100  # the loss curve is in the drawing
    h = window.controller.run.history
    assert export("steps", tmp_path / "s.csv")
    rows = read_rows(tmp_path / "s.csv")
    assert [float(r["loss"]) for r in rows] == h.loss.view().tolist()
    assert [float(r["lr"]) for r in rows] == h.lr.view().tolist()
    assert [float(r["smoothed"]) for r in rows] == window.controller.series.smoothed.tolist()
    assert export("epochs", tmp_path / "e.csv")
    assert [float(r["val_loss"]) for r in read_rows(tmp_path / "e.csv")] == h.val_loss.view().tolist()
    assert export("events", tmp_path / "ev.csv")
    events = read_rows(tmp_path / "ev.csv")
    assert [e["kind"] for e in events] == ["decay"] and events[0]["action"] == "decay=0.1"


def test_a_failed_export_says_which_file(qtbot, window, tmp_path, run_until, monkeypatch):
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *args: shown.append(args[2]))
    run_until(window, 100)
    assert not window.exporter.export("steps", tmp_path / "missing" / "s.csv")
    assert shown and "missing" in shown[0] and "could not be written" in shown[0]


def test_copy_plot_puts_an_image_on_the_clipboard(qtbot, window, run_until):
    run_until(window, 100)
    window.exporter.copy_plot(window.plots)
    assert not QtWidgets.QApplication.clipboard().image().isNull()


def test_headless_png_and_svg_from_the_command_line(tmp_path):
    png, svg = tmp_path / "plot.png", tmp_path / "plot.svg"
    env = {**os.environ, "QT_QPA_PLATFORM": ""}  # the command must choose offscreen by itself
    env.pop("DISPLAY", None)
    out = subprocess.run(
        [sys.executable, "-m", "lrmonitor", "run", "--problem", "linear", "--epochs", "20", "--at", "10:decay=0.1",
         "--png", str(png), "--svg", str(svg), "--size", "900x600", "--quiet"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    image = QtGui.QImage(str(png))
    assert (image.width(), image.height()) == (900, 600)
    root = ET.parse(svg).getroot()
    assert root.get("viewBox") == "0 0 900 600"
    assert longest_path(root) > 100


@pytest.mark.parametrize("size", ["900", "10x10", "axb", "90000x600"])
def test_bad_snapshot_size_is_refused(size, capsys):
    assert main(["run", "--epochs", "1", "--png", "x.png", "--size", size]) == 2
    err = capsys.readouterr().err
    assert "size" in err and err.count("\n") == 1


def test_an_export_between_frames_leaves_the_plots_complete(qtbot, window, tmp_path):
    c = window.controller
    c.timer.stop()  # no frames but the ones this test asks for
    c.step_epoch()
    qtbot.waitUntil(lambda: c.engine.poll() or (not c.engine.is_running and c.run.step == 32))  # no frame
    assert window.exporter.export("steps", tmp_path / "s.csv")  # the export takes in the new steps...
    c.tick()
    assert window.plots.drawn_steps == 32 and window.status.labels["step"].text() == "step 32"  # ...and so do the plots


def corner(path) -> tuple[int, int, int]:
    """The colour of a picture's top-left corner: the plot widget's background."""
    colour = QtGui.QImage(str(path)).pixelColor(3, 3)
    return colour.red(), colour.green(), colour.blue()


def test_pictures_are_light_unless_the_windows_colours_are_asked_for(qtbot, window, tmp_path, run_until):
    from lrmonitor.qt.theme import DARK, LIGHT

    run_until(window, 200)
    window.theme.set_choice("dark")
    assert window.exporter.export("png", tmp_path / "light.png", 600, 400)
    assert corner(tmp_path / "light.png") == LIGHT.background  # for print and slides, whatever the screen shows
    window.exporter.copy_plot(window.plots)
    clipboard = QtWidgets.QApplication.clipboard().image()
    assert clipboard.size() == window.plots.size() and clipboard.pixelColor(3, 3).lightness() > 240
    window.settings.set("export/window_colours", True)
    assert window.exporter.export("png", tmp_path / "seen.png", 600, 400)
    assert corner(tmp_path / "seen.png") == DARK.background
    window.exporter.copy_plot(window.plots)
    assert QtWidgets.QApplication.clipboard().image().pixelColor(3, 3).getRgb()[:3] == DARK.background
    assert window.plots.colours == DARK  # the window's own plots were not touched by the exports
    window.theme.set_choice("system")


def test_the_export_dialog_keeps_the_choice_of_colours(qtbot, window, monkeypatch):
    from lrmonitor.qt.dialogs.export import ExportDialog

    offered = []

    def answer(dialog):
        offered.append(dialog.window_colours.isChecked())
        dialog.kind.setCurrentIndex(dialog.kind.findData("steps"))
        assert not dialog.window_colours.isEnabled()  # a table has no colours
        dialog.kind.setCurrentIndex(dialog.kind.findData("png"))
        dialog.window_colours.setChecked(not dialog.window_colours.isChecked())
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", answer)
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *args: ("", ""))  # then cancelled
    window.exporter.dialog("png")
    assert window.settings.get("export/window_colours") is True
    window.exporter.dialog("png")
    assert offered == [False, True] and window.settings.get("export/window_colours") is False
