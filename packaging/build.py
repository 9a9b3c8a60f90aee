"""Build the standalone lrmonitor (one folder, no Python needed to run it): ``python3 packaging/build.py``.

On a fresh machine this needs only Python 3.11 or newer (built with its shared library, as
distributions' and python.org's are) and the network to PyPI once. It

1. makes its own virtual environment, ``build/bundle/venv`` (kept between builds; ``--fresh``
   starts it over), and installs into it PyInstaller and lrmonitor itself from this checkout,
   *not* editable, with its runtime dependencies only: what is in that environment is all the
   bundle can hold, so nothing from a development environment (torch, pytest, ...) gets in;
2. runs PyInstaller on ``packaging/lrmonitor.spec`` (what is left out, and why, is written there),
   and strips the debugging symbols of Python's own libraries;
3. checks the result (no torch, no tests, the executable answers ``--version``, the licence notice
   is there), puts ``README.txt`` and ``THIRD-PARTY-NOTICES.txt`` beside the executable, and prints
   its size and the time the build took.

The bundle is ``dist/lrmonitor/``; start it with ``dist/lrmonitor/lrmonitor`` (on Windows also
``lrmonitor-gui.exe``, the same program without a console window). ``--smoke`` then
runs ``packaging/smoke.py`` on it. Exit code 0 built (and smoke-tested), 1 failed, with one line
saying which step.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERE = REPO / "packaging"
WORK = REPO / "build" / "bundle"
DIST = REPO / "dist"
# PyInstaller 6 is the spec's API (collect_data_files, the _internal folder); a new major version
# may change it, so the build asks for 6.x. Measured with 6.22.3.
PYINSTALLER = "pyinstaller>=6.10,<7"
NOTICES_NAME = "THIRD-PARTY-NOTICES.txt"  # lrmonitor.licences.NOTICES_NAME (this script imports no lrmonitor)
NEVER_BUNDLED = ("torch", "pytest", "_pytest", "tests", "benchmarks", "tkinter")


class BuildError(Exception):
    """A step failed: one line for the user."""


def run(command: list, step: str, shown: str | None = None, **kwargs) -> subprocess.CompletedProcess:
    print(f"build: {shown or ' '.join(str(c) for c in command)}", flush=True)
    done = subprocess.run([str(c) for c in command], **kwargs)
    if done.returncode != 0:
        raise BuildError(f"{step} failed (exit code {done.returncode}); its output is above")
    return done


def check_python() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (this script may be started by an older python3: say so)
        raise BuildError(f"Python {sys.version.split()[0]} is too old: lrmonitor needs 3.11 or newer")
    if sys.platform.startswith("linux") and not sysconfig.get_config_var("Py_ENABLE_SHARED"):
        raise BuildError(f"{sys.executable} was built without its shared library (libpython), which PyInstaller "
                         "bundles: use the distribution's python3, or rebuild it with --enable-shared "
                         "(pyenv: PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install 3.11)")


def venv_python(fresh: bool) -> Path:
    """The build environment's Python, made (or remade) and filled with PyInstaller and lrmonitor."""
    env_dir = WORK / "venv"
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if fresh and env_dir.exists():
        shutil.rmtree(env_dir)
    if not python.exists():
        print(f"build: making the build environment {env_dir}", flush=True)
        venv.create(env_dir, with_pip=True, clear=True)
    run([python, "-m", "pip", "install", "--quiet", PYINSTALLER], "installing PyInstaller")
    # this checkout as it is now, not editable (an editable install is a link to the sources, which
    # PyInstaller would follow, package data and all); --force-reinstall: the version number has not
    # changed since the last build, the code may have
    run([python, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", str(REPO)],
        "installing lrmonitor")
    run([python, "-m", "pip", "install", "--quiet", str(REPO)], "installing lrmonitor's dependencies")
    return python


def strip_python(bundle: Path) -> None:
    """Remove the debugging symbols of Python's own library and extension modules (30 MB in a Python
    built from source; none in a distribution's). Only those: stripping the wheels' libraries broke
    numpy's OpenBLAS (see the spec)."""
    tool = shutil.which("strip")
    if tool is None or not sys.platform.startswith("linux"):
        print("build: note: not stripping Python's debugging symbols (no GNU strip here)", flush=True)
        return
    internal = bundle / "_internal"
    files = [*internal.glob("libpython3*.so*"), *internal.glob("python3.*/lib-dynload/*.so")]
    files = sorted(p for p in files if p.is_file() and not p.is_symlink())
    run([tool, "--strip-debug", *files], "stripping Python's debugging symbols",
        shown=f"strip --strip-debug libpython and {len(files) - 1} extension modules")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def check_bundle(bundle: Path) -> Path:
    exe = bundle / ("lrmonitor.exe" if os.name == "nt" else "lrmonitor")
    if not exe.is_file():
        raise BuildError(f"PyInstaller made no {exe}")
    if os.name == "nt" and not (bundle / "lrmonitor-gui.exe").is_file():  # the windowed one (see the spec)
        raise BuildError(f"PyInstaller made no {bundle / 'lrmonitor-gui.exe'}")
    internal = bundle / "_internal"
    found = [name for name in NEVER_BUNDLED if (internal / name).exists()]
    if found:
        raise BuildError(f"the bundle holds {', '.join(found)}, which it must not: see the spec's UNUSED_MODULES")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}  # nothing from outside may help it
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, timeout=120)
    if done.returncode != 0 or not done.stdout.startswith("lrmonitor "):
        raise BuildError(f"the built {exe} does not start: {(done.stderr or done.stdout).strip()[-500:]}")
    notices = internal / NOTICES_NAME  # written by the spec; beside README.txt for whoever reads the folder
    if not notices.is_file() or "PySide6" not in notices.read_text(encoding="utf-8"):
        raise BuildError(f"the bundle has no {NOTICES_NAME} naming PySide6 (the spec writes it)")
    shutil.copyfile(notices, bundle / NOTICES_NAME)
    shutil.copyfile(HERE / "bundle-README.txt", bundle / "README.txt")
    return exe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/build.py", description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="make the build environment anew")
    parser.add_argument("--smoke", action="store_true", help="smoke-test the bundle after building it")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        check_python()
        python = venv_python(args.fresh)
        built = time.monotonic()
        # Run from the build folder: from the checkout, Python's current folder comes first on sys.path,
        # and PyInstaller took lrmonitor (its files and metadata) from the sources, not the installed copy.
        run([python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
             "--distpath", DIST, "--workpath", WORK / "pyinstaller", HERE / "lrmonitor.spec"], "PyInstaller",
            cwd=WORK)
        strip_python(DIST / "lrmonitor")
        exe = check_bundle(DIST / "lrmonitor")
        finished = time.monotonic()
        print(f"build: {exe.parent} is {folder_size(exe.parent) / 1e6:.0f} MB; built in {finished - started:.0f} s "
              f"({finished - built:.0f} s of it PyInstaller); start it with {exe}", flush=True)
        if args.smoke:
            run([sys.executable, HERE / "smoke.py", exe], "the smoke test")
    except BuildError as err:
        print(f"build: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
