"""Refresh the translations: ``python -m lrmonitor.qt.translations.update``.

1. ``pyside6-lupdate`` reads every Python file of the window (``lrmonitor/qt``) and the core's files
   that mark sentences with ``QT_TRANSLATE_NOOP("core", …)`` (see :mod:`lrmonitor.core.texts`), and
   updates ``lrmonitor_ko.ts`` (new strings come in as unfinished, vanished ones are dropped) and
   ``lrmonitor_en.ts`` (plural forms only, ``-pluralonly``).
2. ``pyside6-lrelease`` compiles both into the ``.qm`` files the app loads.
3. It prints every source string that still has no finished translation, and every translation
   that lost or invented a ``{field}``, ``%n`` or ``<b>`` of its source, and exits with 1 if there is
   one: translate them (Qt Linguist: ``pyside6-linguist lrmonitor_ko.ts``, or edit the XML, removing
   ``type="unfinished"``), following GLOSSARY.md, and run this again. Counted strings (``%n``) also
   need their English singular and plural in ``lrmonitor_en.ts``.

The ``.ts`` files keep no source line numbers (``-locations none``), so an edit elsewhere in a file
does not change them, and branches that add strings merge without conflicts over line numbers.
``--check`` only reports what is untranslated (it writes nothing); the tests use :func:`check_current`
and :func:`mismatched`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from . import FOLDER, qm_path, ts_path

PACKAGE = FOLDER.parents[1]  # lrmonitor/
MARKER = "QT_TRANSLATE_NOOP("


def tool(name: str) -> str | None:
    """``pyside6-<name>`` (lupdate, lrelease): beside this Python (a venv), on PATH, or in PySide6's folder."""
    for candidate in (Path(sys.executable).parent / f"pyside6-{name}", shutil.which(f"pyside6-{name}")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    try:
        import PySide6
    except ImportError:
        return None
    bundled = Path(PySide6.__file__).parent / (name + (".exe" if sys.platform == "win32" else ""))
    return str(bundled) if bundled.exists() else None


def sources() -> list[Path]:
    """The window's Python files, and the core's files that mark sentences for translation."""
    window = sorted((PACKAGE / "qt").rglob("*.py"))
    core = [path for path in sorted((PACKAGE / "core").rglob("*.py"))
            if path.name != "texts.py" and MARKER in path.read_text(encoding="utf-8")]
    return [path for path in window + core if "translations" not in path.parts]


def lupdate(ts: Path, plural_only: bool = False) -> None:
    """Update ``ts`` from the sources (created if missing)."""
    program = tool("lupdate")
    if program is None:
        raise SystemExit("pyside6-lupdate not found: install PySide6-Essentials")
    args = [program, *map(str, sources()), "-locations", "none", "-no-obsolete", "-source-language", "en",
            "-target-language", ts.stem.split("_")[-1], "-ts", str(ts)]
    if plural_only:
        args.insert(-2, "-pluralonly")
    subprocess.run(args, check=True, capture_output=True, text=True)


def lrelease(ts: Path, qm: Path) -> None:
    program = tool("lrelease")
    if program is None:
        raise SystemExit("pyside6-lrelease not found: install PySide6-Essentials")
    subprocess.run([program, "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True, text=True)


def unfinished(ts: Path) -> list[str]:
    """Source strings of ``ts`` without a finished translation, as ``context: source``."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [translation.text] if translation is not None and not len(translation) else [
                form.text for form in (translation if translation is not None else [])]
            if (translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete")
                    or not all(forms)):
                missing.append(f"{name}: {message.findtext('source')}")
    return missing


_KEPT = re.compile(r"\{\w*\}|%n|</?b>")  # what a translation must keep: .format() fields, the count, bold tags


def mismatched(ts: Path) -> list[str]:
    """Translations whose ``{fields}``, ``%n`` or ``<b>`` tags differ from their source's: a field missing
    drops a number from the sentence, an unknown one makes ``.format()`` raise in the window."""
    wrong = []
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            source, translation = message.findtext("source") or "", message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
                continue
            texts = [translation.text] if not len(translation) else [form.text for form in translation]
            for text in texts:
                if sorted(set(_KEPT.findall(text or ""))) != sorted(set(_KEPT.findall(source))):
                    wrong.append(f"{context.findtext('name')}: {source} -> {text}")
    return wrong


def check_current() -> list[str]:
    """The strings of today's sources that ``lrmonitor_ko.ts`` does not translate, and the counted ones
    without English plural forms in ``lrmonitor_en.ts`` (nothing is written)."""
    with tempfile.TemporaryDirectory() as scratch:
        missing = []
        for language, prefix in (("ko", ""), ("en", "(en plural) ")):
            copy = Path(scratch) / ts_path(language).name
            shutil.copyfile(ts_path(language), copy)
            lupdate(copy, plural_only=language == "en")
            missing += [prefix + line for line in unfinished(copy)]
        return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lrmonitor.qt.translations.update",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only list untranslated strings; write nothing")
    args = parser.parse_args(argv)
    if args.check:
        missing = check_current()
    else:
        lupdate(ts_path("ko"))
        lupdate(ts_path("en"), plural_only=True)
        for language in ("ko", "en"):
            lrelease(ts_path(language), qm_path(language))
        missing = unfinished(ts_path("ko")) + [f"(en plural) {s}" for s in unfinished(ts_path("en"))]
    wrong = mismatched(ts_path("ko")) + mismatched(ts_path("en"))
    for line in wrong:
        print(f"placeholders differ: {line}")
    for line in missing:
        print(f"untranslated: {line}")
    print(f"{len(missing)} string(s) untranslated" if missing else "every string is translated")
    return 1 if missing or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
