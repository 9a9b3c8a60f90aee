"""The licences of what lrmonitor runs on: one plain-text notice, made from the installed distributions.

The standalone bundle redistributes Qt and PySide6 (LGPL-3.0), pyqtgraph (MIT), numpy (BSD, with
OpenBLAS and the GCC runtime in its wheel), Python (PSF) and a few libraries of the build machine.
``packaging/lrmonitor.spec`` writes :func:`notices_text` into the bundle as
``THIRD-PARTY-NOTICES.txt`` at build time; Help → About → Licences shows that file in a bundle, and
the same text made on the fly from this installation's metadata when lrmonitor runs from a pip
install or a checkout (there, the packages and their licence files are in site-packages already).

Everything comes from ``importlib.metadata``: a distribution's licence (``License-Expression``, else
a short ``License`` field, else its ``License ::`` classifiers) and the text of the licence files
it carries (``License-File``, or files under ``licenses/`` in its ``.dist-info``). PySide6 and
shiboken6 carry none: their LGPL-3.0 and the GPL-3.0 it builds on are package data of this
package (``LGPL-3.0.txt``, ``GPL-3.0.txt``, the FSF's texts). Standard library only: the build
imports this without Qt.
"""

from __future__ import annotations

import hashlib
import platform
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

NOTICES_NAME = "THIRD-PARTY-NOTICES.txt"
HERE = Path(__file__).resolve().parent
LGPL_DISTRIBUTIONS = ("PySide6-Essentials", "PySide6", "shiboken6")  # no licence file in their wheels
RULE = "=" * 78


@dataclass(frozen=True)
class Section:
    """A component of the notice: a title line, its licence in short, and the texts that follow."""
    title: str
    licence: str
    texts: tuple[tuple[str, str], ...] = ()  # (where the text comes from, the text)
    note: str = ""


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _applies(marker: str) -> bool:
    """Whether a requirement's environment marker holds here, without extras (``packaging``
    evaluates it where installed, as pip's environments have it; else only extras are ruled out)."""
    if not marker.strip():
        return True
    if "extra" in marker:
        return False
    try:
        from packaging.markers import Marker
    except ImportError:
        return True
    try:
        return Marker(marker).evaluate()
    except Exception:  # a marker this packaging cannot read: keep the requirement
        return True


def runtime_distributions(root: str = "lrmonitor") -> list[metadata.Distribution]:
    """``root`` and everything it requires at run time, recursively (requirements of extras left
    out; a requirement whose marker excludes this system is simply not installed, so not found)."""
    found: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        if _key(name) in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[_key(name)] = dist
        for requirement in dist.requires or []:
            if not _applies(requirement.partition(";")[2]):
                continue
            match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
            if match:
                todo.append(match.group(1))
    return sorted(found.values(), key=lambda d: (_key(d.metadata["Name"]) != _key(root), _key(d.metadata["Name"])))


def licence_of(dist: metadata.Distribution) -> str:
    """The distribution's licence in short: its SPDX expression, a one-line License field, or its
    licence classifiers."""
    meta = dist.metadata
    if meta.get("License-Expression"):
        return meta["License-Expression"].strip()
    licence = (meta.get("License") or "").strip()
    if licence and "\n" not in licence and len(licence) < 100:
        return licence
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return "; ".join(classifiers) or "not stated (see its licence files below)"


def licence_files(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """The texts of the licence files a distribution carries: (its name, its text)."""
    names = list(dict.fromkeys(dist.metadata.get_all("License-File") or []))
    texts = []
    for name in names:  # metadata 2.4 puts them under .dist-info/licenses/; older wheels beside METADATA
        text = dist.read_text(f"licenses/{name}") or dist.read_text(name)
        if text:
            texts.append((name, text))
    if not texts:  # no License-File field: whatever files the record lists under licenses/
        for file in dist.files or []:
            parts = file.parts
            if len(parts) > 2 and parts[0].endswith(".dist-info") and parts[1] in ("licenses", "license_files"):
                text = file.read_text(encoding="utf-8", errors="replace")
                texts.append(("/".join(parts[2:]), text))
    return texts


def _home(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    if meta.get("Home-page"):
        return meta["Home-page"]
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository", "source code"):
            return url.strip()
    return ""


def lgpl_texts() -> tuple[tuple[str, str], ...]:
    return (("GNU Lesser General Public License, version 3 (LGPL-3.0)", (HERE / "LGPL-3.0.txt").read_text()),
            ("GNU General Public License, version 3 (GPL-3.0), which the LGPL-3.0 adds permissions to",
             (HERE / "GPL-3.0.txt").read_text()))


def qt_section(qt_version: str, pyside_version: str, bundle: bool) -> str:
    """What the LGPL-3.0 asks of a program that uses Qt and PySide6 as shared libraries."""
    series = ".".join(qt_version.split(".")[:2])
    where = ("This folder holds them as separate shared libraries, not linked statically into the program:\n"
             "the Qt libraries are the libQt6*.so.6 files in _internal/PySide6/Qt/lib/ (linked to from\n"
             "_internal/; on Windows the Qt6*.dll files in _internal/PySide6/, on macOS the Qt*.framework\n"
             "folders in _internal/PySide6/Qt/lib/), Qt's plugins are in _internal/PySide6/Qt/plugins/, and\n"
             "PySide6 and shiboken6 are the extension modules and libraries in _internal/PySide6/ and\n"
             "_internal/shiboken6/.") if bundle else (
            "They are installed as the PySide6-Essentials and shiboken6 packages in this Python environment,\n"
             "as separate shared libraries (site-packages/PySide6/Qt/lib, site-packages/PySide6).")
    return f"""\
Qt {qt_version}, PySide6 and shiboken6 {pyside_version}: GNU LGPL version 3
{RULE}
lrmonitor uses the Qt libraries (The Qt Company Ltd. and other contributors) through PySide6 and
shiboken6 (Qt for Python), unmodified, as published on PyPI (PySide6-Essentials). They are
available under the GNU Lesser General Public License version 3 (LGPL-3.0), which lrmonitor uses
them under (Qt and PySide6 are also available under the GPL and under commercial licences). The
texts of the LGPL-3.0 and of the GPL-3.0 that it adds permissions to are at the end of this file.

{where}

You may replace them: put a modified or other build of Qt {series} / PySide6 {pyside_version}
(the same major and minor version, built for the same platform) in their place, and lrmonitor uses
it the next time it starts. lrmonitor itself is under the MIT licence, which permits modifying it
and reverse engineering it to debug such modifications.

Their source code:
  Qt {qt_version}:       https://download.qt.io/official_releases/qt/{series}/{qt_version}/single/
                   (older releases: https://download.qt.io/archive/qt/{series}/{qt_version}/single/)
                   https://code.qt.io/cgit/qt/ (git tag v{qt_version})
  PySide6 {pyside_version}:  https://download.qt.io/official_releases/QtForPython/pyside6/
                   https://code.qt.io/cgit/pyside/pyside-setup.git/ (git tag v{pyside_version})
Qt's licensing: https://www.qt.io/licensing/open-source-lgpl-obligations
"""


def python_licence() -> tuple[tuple[str, str], ...]:
    """The licence text of the Python that runs this, where its installation keeps it (python.org's
    and pyenv's builds: LICENSE.txt; Debian: its copyright file)."""
    series = f"{sys.version_info.major}.{sys.version_info.minor}"
    base = Path(sys.base_prefix)
    for path in (base / "lib" / f"python{series}" / "LICENSE.txt", base / "LICENSE.txt",
                 base / "Lib" / "LICENSE.txt", Path(f"/usr/lib/python{series}/LICENSE.txt"),
                 Path(f"/usr/share/doc/python{series}/copyright")):
        try:
            return ((str(path.name), path.read_text(encoding="utf-8", errors="replace")),)
        except OSError:
            continue
    return ()


def sections(extra: Iterable[Section] = ()) -> list[Section]:
    """lrmonitor, its runtime dependencies, Python, and ``extra`` (the bundle's system libraries)."""
    found = []
    for dist in runtime_distributions():
        name, version = dist.metadata["Name"], dist.version
        texts = tuple(licence_files(dist))
        if not texts and _key(name) in map(_key, LGPL_DISTRIBUTIONS):
            texts = (("see the Qt section above for the LGPL-3.0", ""),)
        home = _home(dist)
        found.append(Section(f"{name} {version}", licence_of(dist), texts, home))
    found.append(Section(f"Python {platform.python_version()}", "PSF-2.0", python_licence(),
                         "https://docs.python.org/3/license.html"))
    return [*found, *extra]


def notices_text(qt_version: str | None = None, extra: Iterable[Section] = (), bundle: bool = False) -> str:
    """The whole notice. ``qt_version`` defaults to PySide6's (its wheels bring the Qt of their
    version); ``extra``: more components; ``bundle``: the text describes the standalone folder."""
    try:
        pyside = metadata.version("PySide6-Essentials")
    except metadata.PackageNotFoundError:
        try:
            pyside = metadata.version("PySide6")
        except metadata.PackageNotFoundError:
            pyside = "?"
    qt_version = qt_version or pyside
    parts = sections(extra)
    what = ("This folder (the standalone lrmonitor) contains" if bundle else
            "lrmonitor runs on, from this Python environment,")
    lines = ["lrmonitor: third-party software and licences", RULE,
             f"{what} the following software, each under its own licence.",
             "lrmonitor itself is free software under the MIT licence. Each component's licence, and the",
             "texts of its licence files, follow.", ""]
    width = min(max(len(s.title) for s in parts), 34) + 2
    for s in parts:
        lines += [f"  {s.title:<{width}}{s.licence}"] if len(s.title) < width else [f"  {s.title}",
                                                                                  f"  {'':<{width}}{s.licence}"]
    lines += ["", "", qt_section(qt_version, pyside, bundle)]
    seen: dict[str, str] = {}
    for section in parts:
        lines += ["", section.title, RULE, f"Licence: {section.licence}"]
        if section.note:
            lines.append(section.note)
        for name, text in section.texts:
            if not text:
                lines.append(f"({name})")
                continue
            digest = hashlib.sha256(text.encode()).hexdigest()
            if digest in seen:
                lines.append(f"{name}: the same text as {seen[digest]} above.")
                continue
            seen[digest] = f"{section.title}'s {name}"
            lines += ["", f"--- {name} ---", text.rstrip(), ""]
    for name, text in lgpl_texts():
        lines += ["", name, RULE, "", text.rstrip()]
    return "\n".join(lines) + "\n"


def _owner_copyright(path: Path) -> tuple[str, Path] | None:
    """The package that installed a system library, and its copyright or licence file (Debian's
    dpkg, else RPM's), or None."""
    import shutil
    import subprocess

    candidates = list(dict.fromkeys([str(path), str(path.resolve())]))
    for candidate in list(candidates):  # merged /usr: dpkg knows a file under the path it was packaged at
        if candidate.startswith("/usr/lib/"):
            candidates.append(candidate[4:])
        elif candidate.startswith("/lib/"):
            candidates.append("/usr" + candidate)
    if shutil.which("dpkg-query"):
        for candidate in candidates:
            done = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
            if done.returncode == 0 and ":" in done.stdout:
                package = done.stdout.split(":")[0].split(",")[0].strip()
                copyright_file = Path("/usr/share/doc") / package / "copyright"
                if copyright_file.is_file():
                    return package, copyright_file
    if shutil.which("rpm"):
        done = subprocess.run(["rpm", "-qf", "--qf", "%{NAME}\\n", str(path)], capture_output=True, text=True)
        package = done.stdout.split("\n")[0].strip() if done.returncode == 0 else ""
        files = sorted((Path("/usr/share/licenses") / package).glob("*")) if package else []
        if files:
            return package, files[0]
    return None


def system_libraries(paths: Iterable[Path]) -> list[Section]:
    """Sections for shared libraries taken from the build machine (not from a wheel or Python):
    each package's copyright file, as its distribution ships it; a library whose package is not
    found is listed as such."""
    by_package: dict[str, tuple[list[str], Path]] = {}
    unknown = []
    for path in sorted(set(paths), key=lambda p: p.name):
        owner = _owner_copyright(path)
        if owner is None:
            unknown.append(path.name)
        else:
            by_package.setdefault(owner[0], ([], owner[1]))[0].append(path.name)
    found = []
    for package, (names, copyright_file) in sorted(by_package.items()):
        text = copyright_file.read_text(encoding="utf-8", errors="replace")
        # Debian's machine-readable copyright files name their licences ("License: LGPL-2.1+"),
        # the main one first (the "Files: *" paragraph)
        licences = list(dict.fromkeys(m.strip() for m in re.findall(r"^License:[ \t]*(\S[^\n]*)", text, re.M)))
        found.append(Section(f"{package} ({', '.join(names)})",
                             ("its copyright file below names: " + "; ".join(licences[:3])
                              + ("; ..." if len(licences) > 3 else "")) if licences
                             else "see its copyright file below",
                             ((str(copyright_file), text),), "a library of the build system, from its package"))
    if unknown:
        found.append(Section(", ".join(unknown), "not found on the build system (no dpkg or rpm package owns them)"))
    return found


def bundled_notices() -> Path | None:
    """The standalone bundle's notice file, or None when lrmonitor is not running from a bundle."""
    if not getattr(sys, "frozen", False):
        return None
    # beside the executable, where the folder's reader sees it; else _internal/ (a macOS .app has only that)
    for folder in (Path(sys.executable).parent, getattr(sys, "_MEIPASS", None)):
        if folder and (Path(folder) / NOTICES_NAME).is_file():
            return Path(folder) / NOTICES_NAME
    return None
