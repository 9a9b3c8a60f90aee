"""Every setting the window keeps between sessions: one table of key, default and type.

QSettings hands values back as strings on some platforms (INI files, Linux), so each value is
read through its type here; a damaged or foreign value falls back to the default instead of
breaking the window. Each panel saves and restores its own keys through :class:`Settings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6 import QtCore


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    type: type  # bool, int, str, list or bytes (QByteArray)
    help: str


TABLE = {s.key: s for s in (
    Setting("window/geometry", None, bytes, "window position and size"),
    Setting("view/smoothing", 60, int, "smoothing weight × 100 (0 to 99)"),
    Setting("view/log_loss", False, bool, "logarithmic loss axis"),
    Setting("view/guide", True, bool, "the three-step guide is shown"),
    Setting("view/language", "system", str, "the window's language: system, en or ko (applies at the next start)"),
    Setting("view/theme", "system", str, "colour scheme: system (follow the desktop), light or dark"),
    Setting("view/tab", 0, int, "the plots area's tab shown (0 Training, 1 Rates, 2 Range test, 3 Surface)"),
    Setting("view/band_epochs", 5, int, "the band meter's trailing window in epochs (1 to 1000)"),
    Setting("run/pace", -1, int, "index of the pace choice in epochs/s (-1: the default, 3 epochs/s)"),
    Setting("run/pause_on_plateau", True, bool, "pause the run when the plateau detector fires"),
    Setting("run/config", "", str, "the last run's configuration, as JSON"),
    Setting("files/recent", [], list, "recently opened or saved session files, newest first"),
    Setting("files/last_dir", "", str, "the folder of the last file dialog"),
    Setting("export/kind", "png", str, "what the export dialog offers first"),
    Setting("export/window_colours", False, bool, "pictures in the window's colours (else light, for print)"),
)}


class Settings:
    """Typed access to a QSettings store through :data:`TABLE`."""

    def __init__(self, store: QtCore.QSettings | None = None) -> None:
        self.store = store or QtCore.QSettings()

    def get(self, key: str) -> Any:
        setting = TABLE[key]
        raw = self.store.value(key)
        if raw is None:
            return _default(setting)
        try:
            return _convert(raw, setting.type)
        except (TypeError, ValueError):
            return _default(setting)

    def set(self, key: str, value: Any) -> None:
        setting = TABLE[key]
        if setting.type is bool:
            value = "true" if value else "false"
        self.store.setValue(key, value)

    def sync(self) -> None:
        self.store.sync()


def _default(setting: Setting) -> Any:
    if setting.key == "files/last_dir":
        return str(Path.home())
    return list(setting.default) if isinstance(setting.default, list) else setting.default


def _convert(raw: Any, kind: type) -> Any:
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in ("true", "1"):
            return True
        if str(raw).lower() in ("false", "0"):
            return False
        raise ValueError(raw)
    if kind is int:
        return int(raw)
    if kind is list:
        return [raw] if isinstance(raw, str) else [str(v) for v in raw]
    if kind is str:
        return str(raw)
    return raw  # bytes: a QByteArray, as Qt gave it
