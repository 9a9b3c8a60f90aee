"""Smoke-test the standalone bundle under a real X server: ``python3 packaging/smoke.py [dist/lrmonitor/lrmonitor]``.

It needs no Python packages (it runs with the system's python3) and these programs:
``Xvfb`` (apt-get install xvfb) and ``xdotool``. With the bundle's own executable it

1. writes a session with the command line (``lrmonitor run ... --session s.lrmon``), and an SVG
   of its plot drawn headless (Qt's offscreen platform and SVG module, as the command line uses them);
2. starts the window on a new virtual screen, ``lrmonitor open s.lrmon --smoke-png plot.png``,
   with a scratch home folder (the user's settings and autosaves are not touched) and none of
   the ``PYTHON*`` variables, and checks that the Python it runs is the bundle's own;
3. waits for the window titled with the session's name, and for the PNG the window exports
   once it shows the session (the hidden ``--smoke-png``);
4. quits as a user does (a click into the window, then Ctrl+Q) and waits for the app, its
   training worker and every other process it started to end, with exit code 0 and no
   traceback or leaked shared memory reported;
5. checks the PNG: 1200×800, with a coloured curve across it, not a blank page or bare axes;
6. (first) checks the licence notice, ``THIRD-PARTY-NOTICES.txt`` beside the executable and in
   ``_internal/``: PySide6 listed with its LGPL-3.0, the licence texts, how to replace Qt.

Each step waits on a condition, up to ``--timeout`` seconds in all. ``--screenshot FILE`` saves
the virtual screen with the window on it (needs ImageMagick's ``import``). Exit code 0 passed,
1 failed, with one line saying what was not as expected.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZE = (1200, 800)  # what the window's PNG export draws by default


class SmokeError(Exception):
    """What was not as expected: one line."""


def need(program: str, package: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise SmokeError(f"{program} not found: install it (Debian/Ubuntu: apt-get install {package})")
    return found


def wait_for(condition, what: str, deadline: float, app: subprocess.Popen | None = None, pause: float = 0.05):
    """Poll ``condition()`` until it returns something true; SmokeError naming ``what`` at the deadline,
    or at once if ``app`` ended first."""
    while True:
        result = condition()
        if result:
            return result
        if app is not None and app.poll() is not None:
            raise SmokeError(f"the app ended (exit code {app.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise SmokeError(f"timed out waiting for {what}")
        time.sleep(pause)


# -- the PNG ---------------------------------------------------------------------------------
def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of an 8-bit RGB or RGBA PNG, unfiltered (what Qt writes)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SmokeError("the exported file is not a PNG")
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SmokeError(f"unexpected PNG format (depth {depth}, colour type {colour}, interlace {interlace})")
    step = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(b"".join(chunks)), width * step, [], bytes(width * step)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(b for k, b in enumerate(row) if k % step < 3) for row in rows]


def check_png(path: Path) -> str:
    """A drawing of the expected size with a run's curve on it: a coloured (not grey) line across the
    plot, whatever the palette, besides the grey axes and labels."""
    width, height, rows = png_pixels(path.read_bytes())
    if (width, height) != SIZE:
        raise SmokeError(f"the PNG is {width}x{height}, expected {SIZE[0]}x{SIZE[1]}")
    counts: dict[bytes, int] = {}
    for row in rows:
        for i in range(0, len(row), 3):
            counts[row[i:i + 3]] = counts.get(row[i:i + 3], 0) + 1
    background = max(counts, key=counts.get)
    drawn = 1 - counts[background] / (width * height)
    coloured = max((n for rgb, n in counts.items() if max(rgb) - min(rgb) > 60), default=0)
    if drawn < 0.005 or coloured < width // 2:
        raise SmokeError(f"the PNG shows no curve: {drawn:.2%} of it is drawn, the most used colour (not grey) "
                         f"has {coloured} pixels, a curve across the plot has {width // 2} at least")
    return f"{width}x{height}, {drawn:.1%} drawn, {coloured} pixels of the curve's colour"


# -- the licence notice ----------------------------------------------------------------------
NOTICES_NAME = "THIRD-PARTY-NOTICES.txt"


def check_notices(bundle: Path) -> str:
    """The bundle's licence notice, beside the executable and in _internal/ (where the About box reads
    it): it lists PySide6 with its licence, carries the LGPL-3.0's text and says how to replace Qt."""
    for notices in (bundle / NOTICES_NAME, bundle / "_internal" / NOTICES_NAME):
        if not notices.is_file():
            raise SmokeError(f"the bundle has no {notices.relative_to(bundle)}")
    text = (bundle / NOTICES_NAME).read_text(encoding="utf-8", errors="replace")
    summary = text.split("\n\n\n", 1)[0]  # the list of components, before the sections
    listed = [line for line in summary.splitlines() if line.strip().lower().startswith("pyside6")]
    if not listed or "LGPL-3.0" not in listed[0]:
        raise SmokeError(f"{NOTICES_NAME} does not list PySide6 with its licence (LGPL-3.0)")
    for needed in ("GNU LESSER GENERAL PUBLIC LICENSE", "GNU GENERAL PUBLIC LICENSE", "You may replace them",
                   "download.qt.io", "pyqtgraph", "numpy", "Python"):
        if needed not in text:
            raise SmokeError(f"{NOTICES_NAME} lacks {needed!r}")
    return f"{NOTICES_NAME}: {len(text) // 1000} kB, {listed[0].strip()}"


# -- the run ---------------------------------------------------------------------------------
def start_screen(scratch: Path) -> tuple[subprocess.Popen, str]:
    """A new Xvfb on a display number it picks itself (no clash with other screens)."""
    read, write = os.pipe()
    with open(scratch / "xvfb.log", "wb") as log:
        screen = subprocess.Popen([need("Xvfb", "xvfb"), "-displayfd", str(write), "-screen", "0", "1400x900x24",
                                   "-nolisten", "tcp"], pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=log)
    os.close(write)
    with os.fdopen(read) as handle:
        number = handle.readline().strip()
    if not number:
        raise SmokeError(f"Xvfb did not start: {(scratch / 'xvfb.log').read_text()[-300:]}")
    return screen, f":{number}"


def runs_bundled_python(pid: int, bundle: Path) -> bool:
    """Whether every Python library the process has mapped is the bundle's (Linux /proc)."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return True  # not Linux, or gone: nothing to check
    pythons = {line.split()[-1] for line in maps.splitlines() if "libpython" in line or "lib-dynload" in line}
    return bool(pythons) and all(Path(p).resolve().is_relative_to(bundle.resolve()) for p in pythons)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def smoke(exe: Path, timeout: float, screenshot: Path | None) -> None:
    xdotool = need("xdotool", "xdotool")
    notices = check_notices(exe.parent)
    started = time.monotonic()
    deadline = started + timeout
    with tempfile.TemporaryDirectory(prefix="lrmonitor-smoke-") as folder:
        scratch = Path(folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "XDG_"))}
        env.update(HOME=str(scratch), XDG_CONFIG_HOME=str(scratch / "config"), XDG_DATA_HOME=str(scratch / "data"),
                   XDG_CACHE_HOME=str(scratch / "cache"), LANG="C.UTF-8", LC_ALL="C.UTF-8")
        session, png, svg = scratch / "s.lrmon", scratch / "plot.png", scratch / "headless.svg"
        made = subprocess.run([str(exe), "run", "--problem", "linear", "--epochs", "5", "--quiet", "--session",
                               str(session), "--svg", str(svg)], env=env, capture_output=True, text=True,
                              timeout=timeout)
        if made.returncode != 0 or not session.is_file():
            raise SmokeError(f"'lrmonitor run --session' failed (exit code {made.returncode}): {made.stderr[-500:]}")
        drawing = svg.read_text(encoding="utf-8", errors="replace")
        if "<svg" not in drawing or "<path" not in drawing:
            raise SmokeError("'lrmonitor run --svg' (drawn headless, through Qt's SVG module) wrote no drawing")
        screen, display = start_screen(scratch)
        app = None
        try:
            env["DISPLAY"] = display
            out, err = scratch / "app.out", scratch / "app.err"
            with open(out, "wb") as out_file, open(err, "wb") as err_file:
                app = subprocess.Popen([str(exe), "open", str(session), "--smoke-png", str(png)], env=env,
                                       stdout=out_file, stderr=err_file, start_new_session=True)  # own group: step 4

            def window() -> str:
                found = subprocess.run([xdotool, "search", "--onlyvisible", "--name", "^lrmonitor — s.lrmon$"],
                                       env=env, capture_output=True, text=True).stdout.split()
                return found[0] if found else ""

            wid = wait_for(window, "the window showing s.lrmon", deadline, app)
            shown = time.monotonic()
            if not runs_bundled_python(app.pid, exe.parent):
                raise SmokeError("the app runs a Python from outside the bundle")
            wait_for(lambda: png.exists() and "smoke: exported" in out.read_text(errors="replace"),
                     "the window's PNG export", deadline, app)
            exported = time.monotonic()
            if screenshot is not None:
                subprocess.run([need("import", "imagemagick"), "-display", display, "-window", "root",
                                str(screenshot)], check=True, timeout=60)
            geometry = dict(line.split("=") for line in subprocess.run(
                [xdotool, "getwindowgeometry", "--shell", wid], env=env, capture_output=True, text=True,
                check=True).stdout.split())
            # a click on the status bar (no window manager gives the window the keyboard), then Ctrl+Q
            subprocess.run([xdotool, "mousemove", "--window", wid, str(int(geometry["WIDTH"]) // 2),
                            str(int(geometry["HEIGHT"]) - 6), "click", "1", "sleep", "0.3", "key", "ctrl+q"],
                           env=env, check=True)
            wait_for(lambda: app.poll() is not None, "the app to quit after Ctrl+Q", deadline)
            wait_for(lambda: not group_alive(app.pid), "the training worker to end", deadline)
            quit_ = time.monotonic()
            errors = err.read_text(errors="replace")
            if app.returncode != 0:
                raise SmokeError(f"the app exited with code {app.returncode}: {errors[-500:]}")
            for bad in ("Traceback", "leaked shared_memory", "Fatal Python error"):
                if bad in errors:
                    raise SmokeError(f"the app reported {bad!r}: {errors[-800:]}")
            picture = check_png(png)
        finally:
            if app is not None and app.poll() is None:
                os.killpg(app.pid, signal.SIGKILL)
                app.wait()
            screen.terminate()
            screen.wait(timeout=30)
    print(f"smoke: passed: window after {shown - started:.1f} s, PNG after {exported - started:.1f} s "
          f"({picture}), quit after {quit_ - started:.1f} s; {notices}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/smoke.py", description=__doc__.split("\n")[0])
    parser.add_argument("exe", nargs="?", type=Path, default=REPO / "dist" / "lrmonitor" / "lrmonitor",
                        help="the bundle's executable (default: dist/lrmonitor/lrmonitor)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds for the whole test (default: 180)")
    parser.add_argument("--screenshot", type=Path, help="save the screen with the window on it as this PNG")
    args = parser.parse_args(argv)
    if not args.exe.is_file():
        print(f"smoke: error: {args.exe} does not exist: build it first (python3 packaging/build.py)", file=sys.stderr)
        return 1
    try:
        smoke(args.exe.absolute(), args.timeout, args.screenshot)
    except (SmokeError, subprocess.SubprocessError, OSError) as err:
        print(f"smoke: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
