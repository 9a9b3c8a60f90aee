"""The window's translations: ``lrmonitor_<lang>.ts`` sources and the compiled ``.qm`` files the app loads.

English is the source language (the strings in the code). ``lrmonitor_ko.ts`` is the Korean
translation; ``lrmonitor_en.ts`` holds only the English plural forms (``%n epoch(s)`` → "1 epoch",
"2 epochs"), as Qt's ``lupdate -pluralonly`` makes it. The ``.qm`` files are committed and shipped
as package data, so an installed or bundled lrmonitor needs no Qt tools to show Korean;
``python -m lrmonitor.qt.translations.update`` refreshes both after strings change (see GLOSSARY.md
for the words to use).
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
LANGUAGES = ("en", "ko")  # with a .ts here; "en" only for plural forms


def qm_path(language: str) -> Path:
    return FOLDER / f"lrmonitor_{language}.qm"


def ts_path(language: str) -> Path:
    return FOLDER / f"lrmonitor_{language}.ts"
