"""packaging/smoke.py's own check of the exported PNG (the script runs without Qt or Pillow, so it
decodes the PNG itself): compared here with what Qt wrote and reads."""

import importlib.util
import random
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "smoke.py"


@pytest.fixture(scope="module")
def smoke():
    spec = importlib.util.spec_from_file_location("lrmonitor_smoke_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def saved(image: QtGui.QImage, path: Path) -> Path:
    assert image.save(str(path), "PNG")
    return path


def picture(draw, size=(1200, 800)) -> QtGui.QImage:
    image = QtGui.QImage(*size, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    draw(painter)
    painter.end()
    return image


def test_the_decoder_reads_every_pixel_as_qt_does(smoke, tmp_path):
    """Noise and flat areas make Qt's PNG writer use every row filter (sub, up, average, Paeth)."""
    rng = random.Random(7)
    image = QtGui.QImage(61, 37, QtGui.QImage.Format.Format_ARGB32)
    for y in range(37):
        for x in range(61):
            image.setPixelColor(x, y, QtGui.QColor(rng.randrange(256), (x * 4) % 256, y * 6, rng.choice((255, 128))))
    path = saved(image, tmp_path / "noise.png")
    width, height, rows = smoke.png_pixels(path.read_bytes())
    back = QtGui.QImage(str(path))
    assert (width, height) == (61, 37)
    for y in range(height):
        for x in range(width):
            colour = back.pixelColor(x, y)
            assert tuple(rows[y][3 * x:3 * x + 3]) == (colour.red(), colour.green(), colour.blue()), (x, y)


def test_a_curve_passes_and_blank_or_bare_axes_fail(qapp, smoke, tmp_path):  # text needs the application
    def axes(painter):
        painter.setPen(QtGui.QPen(QtGui.QColor(120, 120, 120), 2))
        painter.drawLine(60, 20, 60, 760)
        painter.drawLine(60, 760, 1180, 760)
        for x in range(60, 1180, 50):
            painter.drawText(x, 780, str(x))

    def curve(painter):
        axes(painter)
        painter.setPen(QtGui.QPen(QtGui.QColor(0, 114, 178), 2))
        painter.drawPolyline(QtGui.QPolygonF([QtCore.QPointF(60 + x, 700 - 600 / (1 + x / 40)) for x in range(1120)]))

    assert "1200x800" in smoke.check_png(saved(picture(curve), tmp_path / "curve.png"))
    for name, draw in (("blank", lambda painter: None), ("axes", axes)):
        with pytest.raises(smoke.SmokeError, match="shows no curve"):
            smoke.check_png(saved(picture(draw), tmp_path / f"{name}.png"))
    with pytest.raises(smoke.SmokeError, match="is 600x400, expected 1200x800"):
        smoke.check_png(saved(picture(curve, (600, 400)), tmp_path / "small.png"))
    (tmp_path / "text.png").write_text("not a picture")
    with pytest.raises(smoke.SmokeError, match="not a PNG"):
        smoke.check_png(tmp_path / "text.png")


def test_the_notice_check_wants_pyside6_with_its_licence_in_both_places(smoke, tmp_path):
    from lrmonitor.licences import NOTICES_NAME, notices_text

    assert smoke.NOTICES_NAME == NOTICES_NAME
    (tmp_path / "_internal").mkdir()
    text = notices_text(bundle=True)
    (tmp_path / NOTICES_NAME).write_text(text, encoding="utf-8")
    with pytest.raises(smoke.SmokeError, match="_internal"):
        smoke.check_notices(tmp_path)
    (tmp_path / "_internal" / NOTICES_NAME).write_text(text, encoding="utf-8")
    assert "LGPL-3.0" in smoke.check_notices(tmp_path)
    (tmp_path / NOTICES_NAME).write_text(text.replace("PySide6_Essentials 6", "Something 6").replace(
        "PySide6-Essentials 6", "Something 6"), encoding="utf-8")
    with pytest.raises(smoke.SmokeError, match="PySide6"):
        smoke.check_notices(tmp_path)
