"""Make Qt's SVG output a drawing every renderer shows alike (issue 11, item 21).

``QSvgGenerator`` writes each plot curve in data coordinates inside a group whose transform
scales them to pixels (e.g. ``matrix(21.3,0,0,-129.9,80,349)``) and keeps its 1-px line 1 px
wide with ``vector-effect="non-scaling-stroke"``. Browsers honour that; librsvg, ImageMagick and
Qt's own SVG Tiny renderer do not all do so, and draw the line scaled by the matrix: a band 100
px thick. It also writes no clipping (a curve beyond its plot's frame is drawn over the axes)
and names the font "Sans Serif", which no browser knows (it falls back to a serif font).

:func:`portable_svg` rewrites the file so none of that matters: geometry in scaled groups is
moved to pixel coordinates (the group then needs no transform, the stroke no vector-effect),
open lines in a plot's group are clipped to the plot's frame, and fonts name a real family with
the generic ``sans-serif`` after it. Qt-free: it works on the text and on the frames given.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_MATRIX = re.compile(r"matrix\(\s*([^)]*)\)")
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SHAPES = {"path", "polyline", "polygon", "rect", "line"}


@dataclass(frozen=True)
class Frame:
    """A plot's data area: the transform from its data to pixels, and its rectangle in pixels."""

    matrix: tuple[float, float, float, float, float, float]  # a, b, c, d, e, f as in SVG
    left: float
    top: float
    right: float
    bottom: float


def portable_svg(text: str, frames: Sequence[Frame] = (), font_family: str = "DejaVu Sans") -> str:
    """The SVG ``text`` rewritten: pixel coordinates, no vector-effect, clipped to ``frames``, real fonts."""
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    root = ET.fromstring(text)
    for parent in list(root.iter()):
        for index, group in reversed(list(enumerate(list(parent)))):
            if group.tag == f"{{{SVG}}}g" and group.get("transform"):
                _bake_group(parent, index, group, frames)
    for group in root.iter(f"{{{SVG}}}g"):
        _push_down(group)
    family = f"{font_family}, sans-serif" if font_family else "sans-serif"
    for element in root.iter():
        element.attrib.pop("vector-effect", None)
        if "font-family" in element.attrib:
            element.set("font-family", family)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _push_down(group: ET.Element) -> None:
    """Give the group's style and transform to each of its shapes and texts.

    ImageMagick's own SVG reader does not pass a group's ``fill-opacity`` on (the plateau band came
    out opaque) nor a group's rotation to its text (the axis titles were missing); on the elements
    themselves every renderer reads them.
    """
    children = [c for c in group if c.tag.rpartition("}")[2] in _SHAPES | {"text"}]
    if not children or len(children) != len(group):
        return
    for child in children:
        for key, value in group.attrib.items():
            if key == "transform":
                if _matrix(value) not in (None, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)):
                    child.set("transform", value)
            else:
                child.attrib.setdefault(key, value)
    group.attrib.pop("transform", None)


def _bake_group(parent: ET.Element, index: int, group: ET.Element, frames: Sequence[Frame]) -> None:
    """Move the shapes of a scaling group to pixel coordinates, in a new group just before it."""
    m = _matrix(group.get("transform", ""))
    if m is None or _orthonormal(m):
        return  # a translation or rotation: 1 px stays 1 px, whatever the renderer does
    frame = next((f for f in frames if np.allclose(f.matrix, m, rtol=1e-6, atol=1e-3)), None)
    baked = ET.Element(group.tag, {k: v for k, v in group.attrib.items() if k != "transform"})
    for child in list(group):
        tag = child.tag.rpartition("}")[2]
        if tag not in _SHAPES:
            continue
        filled = child.get("fill", group.get("fill", "black")) != "none"
        moved = _bake(child, tag, m, frame, filled)
        if moved is False:
            continue  # cannot be moved: it keeps the transform
        group.remove(child)
        if moved is not None:
            baked.append(moved)
    if len(baked):
        parent.insert(index, baked)
    if len(group) == 0:
        parent.remove(group)


def _bake(element: ET.Element, tag: str, m, frame: Frame | None, filled: bool) -> ET.Element | None | bool:
    """The element in pixel coordinates (its lines clipped to ``frame``); None if nothing of it is
    left, False if it cannot be moved."""
    if tag == "rect":
        if m[1] or m[2]:
            return False
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        w, h = float(element.get("width", 0)), float(element.get("height", 0))
        (x0, y0), (x1, y1) = _apply(m, np.array([[x, y], [x + w, y + h]]))
        x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        if frame is not None:
            x0, x1 = max(x0, frame.left), min(x1, frame.right)
            y0, y1 = max(y0, frame.top), min(y1, frame.bottom)
            if x1 <= x0 or y1 <= y0:
                return None
        for key, value in (("x", x0), ("y", y0), ("width", x1 - x0), ("height", y1 - y0)):
            element.set(key, _num(value))
        return element
    if tag == "line":
        points = np.array([[float(element.get(k, 0)) for k in pair] for pair in (("x1", "y1"), ("x2", "y2"))])
        subpaths, closed = [points], False
    elif tag in ("polyline", "polygon"):
        numbers = [float(v) for v in _TOKEN.findall(element.get("points", "")) if not v.isalpha()]
        subpaths, closed = [np.array(numbers[: len(numbers) // 2 * 2]).reshape(-1, 2)], tag == "polygon"
    else:
        parsed = _path(element.get("d", ""))
        if parsed is None:
            return False
        if isinstance(parsed, str) or filled:  # curves or filled shapes: every point moved, nothing clipped
            template = parsed if isinstance(parsed, str) else _template(element.get("d", ""))
            element.set("d", template.format(*(_num(v) for v in _apply(m, _path_points(element.get("d", ""))).ravel())))
            return element
        subpaths, closed = parsed, False
    moved = [_apply(m, points) for points in subpaths if len(points)]
    if frame is not None and not closed:
        moved = [piece for points in moved for piece in _clip(points, frame)]
    if closed:
        element.set("points", " ".join(f"{_num(x)},{_num(y)}" for x, y in moved[0]))
        return element
    if not moved:
        return None
    d = " ".join("M" + " L".join(f"{_num(x)},{_num(y)}" for x, y in points) for points in moved)
    attrib = {k: v for k, v in element.attrib.items() if k not in ("points", "x1", "y1", "x2", "y2", "d")}
    attrib.setdefault("fill", "none")
    path = ET.Element(f"{{{SVG}}}path", attrib)
    path.set("d", d)
    return path


def _path(d: str) -> list[np.ndarray] | str | None:
    """A path of lines (M/L/Z) as its subpaths, a closed one ending at its start again; a path with
    curves as a format string of its numbers (to move them all); None for other commands."""
    tokens = _TOKEN.findall(d)
    commands = {t for t in tokens if t.isalpha()}
    if not commands <= set("MLCZ"):
        return None
    if "C" in commands:
        return _template(d)
    subpaths: list[list[float]] = []
    for token in tokens:
        if token == "M":
            subpaths.append([])
        elif token == "Z":
            if subpaths and len(subpaths[-1]) > 2:
                subpaths[-1] += subpaths[-1][:2]
        elif token != "L":
            if not subpaths:
                subpaths.append([])
            subpaths[-1].append(float(token))
    return [np.array(p[: len(p) // 2 * 2]).reshape(-1, 2) for p in subpaths]


def _template(d: str) -> str:
    """The path with "{}" for each number, to be filled with the moved ones."""
    return "".join(t + " " if t.isalpha() else "{}" + ("," if i % 2 == 0 else " ")
                   for i, t in _numbered(_TOKEN.findall(d)))


def _numbered(tokens: list[str]):
    """Tokens with, for numbers, their position among the numbers (x even, y odd)."""
    count = 0
    for token in tokens:
        if token.isalpha():
            yield -1, token
        else:
            yield count, token
            count += 1


def _path_points(d: str) -> np.ndarray:
    numbers = [float(t) for t in _TOKEN.findall(d) if not t.isalpha()]
    return np.array(numbers).reshape(-1, 2)


def _clip(points: np.ndarray, frame: Frame) -> list[np.ndarray]:
    """The parts of a polyline inside the frame (Liang-Barsky on every segment at once)."""
    if len(points) < 2:
        inside = (len(points) == 1 and frame.left <= points[0, 0] <= frame.right
                  and frame.top <= points[0, 1] <= frame.bottom)
        return [points] if inside else []
    p0, d = points[:-1], np.diff(points, axis=0)
    t0, t1 = np.zeros(len(d)), np.ones(len(d))
    visible = np.ones(len(d), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-d[:, 0], p0[:, 0] - frame.left), (d[:, 0], frame.right - p0[:, 0]),
                     (-d[:, 1], p0[:, 1] - frame.top), (d[:, 1], frame.bottom - p0[:, 1])):
            parallel = p == 0
            visible &= ~(parallel & (q < 0))
            t = q / p
            t0 = np.where(~parallel & (p < 0), np.maximum(t0, t), t0)
            t1 = np.where(~parallel & (p > 0), np.minimum(t1, t), t1)
    visible &= t0 <= t1
    q0, q1 = p0 + t0[:, None] * d, p0 + t1[:, None] * d
    pieces: list[np.ndarray] = []
    current: list[np.ndarray] = []
    for i in np.flatnonzero(visible).tolist():
        joined = current and i > 0 and visible[i - 1] and t1[i - 1] == 1.0 and t0[i] == 0.0
        if not joined:
            if current:
                pieces.append(np.array(current))
            current = [q0[i]]
        current.append(q1[i])
    if current:
        pieces.append(np.array(current))
    return pieces


def _matrix(text: str) -> tuple[float, ...] | None:
    found = _MATRIX.search(text)
    if not found:
        return None
    values = [float(v) for v in re.split(r"[\s,]+", found.group(1).strip())]
    return tuple(values) if len(values) == 6 else None


def _orthonormal(m) -> bool:
    a, b, c, d = m[:4]
    return abs(a * a + b * b - 1) < 1e-9 and abs(c * c + d * d - 1) < 1e-9 and abs(a * c + b * d) < 1e-9


def _apply(m, points: np.ndarray) -> np.ndarray:
    a, b, c, d, e, f = m
    x, y = points[:, 0], points[:, 1]
    return np.column_stack([a * x + c * y + e, b * x + d * y + f])


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"
