"""Exported pictures: SVG drawn alike by Qt, librsvg and ImageMagick, and PNG/SVG exports that show
what the window's plots show (issue 11, item 21).

Each SVG is rendered back and compared with the PNG of the same plots, block by block (8x8
pixel means, so antialiasing and font hinting do not count, a line 100 px thick does). Qt's
renderer always runs; the external ones are skipped, with a note, where they are not installed.
"""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtSvg

from lrmonitor.core.display.series import RunSeries
from lrmonitor.core.run.events import DecayNow, SetOptimizer, Stamped
from lrmonitor.core.run.history import History
from lrmonitor.qt.palette import run_colour
from lrmonitor.qt.plots import RunPlots
from lrmonitor.qt.render import render_image
from lrmonitor.qt.snapshot import snapshot

SVG = "{http://www.w3.org/2000/svg}"
W, H = 800, 500


def a_run(epochs=40, spe=20, diverge=False):
    """A recorded run: a loss falling to a plateau, three events, optionally a blow-up at the end."""
    rng = np.random.default_rng(3)
    n = epochs * spe
    loss = 0.3 + np.exp(-np.linspace(0, 8, n)) + rng.uniform(0, 0.05, n)
    if diverge:
        loss[-3 * spe:] = np.geomspace(1, 1e200, 3 * spe)
    h = History(spe)
    h.loss.extend(loss)
    h.lr.extend(np.where(np.arange(n) < n // 2, 0.1, 0.01))
    per_epoch = loss.reshape(epochs, spe).mean(axis=1)
    h.epoch_lr.extend(np.full(epochs, 0.1))
    h.train_loss.extend(per_epoch)
    h.val_loss.extend(np.maximum(per_epoch, 0.33) + 0.02)  # flat from about epoch 12: a plateau
    h.events = [Stamped(n // 2, DecayNow(0.1)), Stamped(n // 2 + 5 * spe, SetOptimizer("adagrad")),
                Stamped(n - spe, DecayNow(0.5))]
    if diverge:
        h.diverged_at = n
    return h


def grey(image: QtGui.QImage) -> np.ndarray:
    image = image.convertToFormat(QtGui.QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width()].astype(float)


def colours(image: QtGui.QImage) -> list[np.ndarray]:
    """The red, green and blue planes of an image."""
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    pixels = rows[:, : 3 * image.width()].reshape(image.height(), image.width(), 3).astype(float)
    return [pixels[:, :, i] for i in range(3)]


def block_difference(a: np.ndarray, b: np.ndarray, k: int = 8) -> float:
    """Mean difference of k x k block means, 0 (same) to 1 (black against white)."""
    assert a.shape == b.shape
    h, w = a.shape[0] // k * k, a.shape[1] // k * k
    blocks = [x[:h, :w].reshape(h // k, k, w // k, k).mean(axis=(1, 3)) for x in (a, b)]
    return float(np.abs(blocks[0] - blocks[1]).mean() / 255)


def qt_rendering(svg: bytes) -> np.ndarray:
    renderer = QtSvg.QSvgRenderer(QtCore.QByteArray(svg))
    assert renderer.isValid()
    image = QtGui.QImage(W, H, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    renderer.render(painter)
    painter.end()
    return grey(image)


def external_rendering(command, svg_path, png_path) -> np.ndarray:
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return grey(QtGui.QImage(str(png_path)))


def renderers(tmp_path, svg: bytes):
    """(name, picture) for Qt and each external renderer found."""
    path = tmp_path / "plot.svg"
    path.write_bytes(svg)
    yield "Qt", qt_rendering(svg)
    for name, tool, args in (("librsvg", "rsvg-convert", ["-b", "white", str(path), "-o"]),
                             ("ImageMagick", "convert", ["-background", "white", "-flatten", str(path)])):
        found = shutil.which(tool)
        if found is None:
            print(f"note: {tool} is not installed, {name} not checked (apt-get install librsvg2-bin imagemagick)")
            continue
        out = tmp_path / f"{name}.png"
        yield name, external_rendering([found, *args, str(out)], path, out)


@pytest.mark.parametrize("diverge", [False, True])
def test_svg_renders_like_the_png_in_qt_librsvg_and_imagemagick(qtbot, tmp_path, diverge):
    history = a_run(diverge=diverge)
    png = grey(QtGui.QImage.fromData(snapshot(history, "png", W, H)))
    svg = snapshot(history, "svg", W, H)
    text = svg.decode()
    assert "vector-effect" not in text and "<image" not in text  # no blob-makers, no raster markers
    fonts = set(re.findall(r'font-family="([^"]*)"', text))
    assert fonts and all(f.endswith("sans-serif") for f in fonts)  # a generic family browsers know
    root = ET.fromstring(svg)
    symbols = [p for p in root.iter(f"{SVG}path") if " C" in p.get("d", "")]  # train markers: vector circles
    assert len(symbols) >= 30
    for path in root.iter(f"{SVG}path"):  # every line inside the picture (clipped to its plot)
        numbers = [float(v) for v in re.findall(r"-?[\d.]+(?:e[-+]?\d+)?", path.get("d", ""))]
        if path.get("fill", "") == "none" and numbers:
            assert min(numbers) >= -1 and max(numbers) <= W + 1
    checked = []
    for name, picture in renderers(tmp_path, svg):
        difference = block_difference(picture, png)
        checked.append((name, round(difference, 4)))
        assert difference < 0.02, (name, difference)  # vector-effect blobs measured 0.09-0.18
    print("block differences from the PNG:", checked)


def test_exports_show_what_the_screen_shows(qtbot):
    """The plateau band, the zoom, the log axis and the lines ahead of the window's plots."""
    screen = RunPlots()
    qtbot.addWidget(screen)
    screen.resize(W, H)
    screen.show()
    history = a_run()
    screen.draw(RunSeries(history))
    assert screen.plateau_region.isVisible()  # the guide's plateau, as the window shows it
    screen.set_log_loss(True)
    screen.loss_plot.getViewBox().setRange(xRange=(5, 25), yRange=(-0.6, 0.2), padding=0)  # a zoom
    screen.auto_range = False
    screen.show_future(np.array([40.0, 50.0, 50.0, 60.0]), np.array([0.01, 0.01, 0.001, 0.001]))
    screen.set_colour(3)  # a fork's colour: its lines and event markers
    screen.markers.draw(history, run_colour(3))
    shown = render_image(screen, W, H)
    seen = grey(shown)
    exported = QtGui.QImage.fromData(snapshot(history, "png", W, H, like=screen))
    for mine, theirs in zip(colours(exported), colours(shown)):
        assert block_difference(mine, theirs) < 0.005
    inked = [int(np.all([np.abs(plane - value) < 40 for plane, value in zip(colours(image), run_colour(3))],
                        axis=0).sum()) for image in (exported, shown)]
    assert inked[1] > 1000 and abs(inked[0] - inked[1]) < 0.05 * inked[1]  # its markers in its colour too
    svg = qt_rendering(snapshot(history, "svg", W, H, like=screen))
    assert block_difference(svg, seen) < 0.02
