"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def check_writable(path: str | os.PathLike) -> Path:
    """Fail early, before a long run, if ``path`` cannot be written; returns it as a Path."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ValueError(f"output path '{target}' is a folder: expected a file name")
    if not folder.is_dir():
        raise ValueError(f"output path '{target}': the folder '{folder}' does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"output path '{target}': the folder '{folder}' is not writable")
    if target.exists() and not os.access(target, os.W_OK):
        raise ValueError(f"output path '{target}' is read-only")
    return target


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, newline: str | None = "", binary: bool = False) -> Iterator[IO]:
    """Write to a temporary file beside ``path``, then rename it over ``path``.

    If the body raises, the temporary file is removed and ``path`` is left untouched.
    A replaced file keeps its permissions; a new one gets the usual ones (umask).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        handle = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    with atomic_writer(path) as handle:
        handle.write(text)


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    with atomic_writer(path, binary=True) as handle:
        handle.write(data)
