"""Opening a file to read it, refusing what is not a regular file or is too large, in one sentence.

A session file is opened by name from a dialog, a drop, the command line or the recent list, so
the name may point at anything: a folder, a named pipe (opening one blocks until something
writes to it), a device such as ``/dev/zero`` (reading one never ends) or a file far too large.
:func:`open_regular` refuses each of these before reading a byte, and checks again on the open
file, so a file swapped after the first check is refused too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder, not a file"),
    (stat.S_ISFIFO, "a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "a device, not a regular file"),
    (stat.S_ISBLK, "a device, not a regular file"),
    (stat.S_ISSOCK, "a socket, not a regular file"),
)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)  # a FIFO must not block


def _check_kind(label: str, mode: int) -> None:
    for test, what in _KINDS:
        if test(mode):
            raise ValueError(f"{label} is {what}")
    if not stat.S_ISREG(mode):
        raise ValueError(f"{label} is not a regular file")


def open_regular(path: str | os.PathLike, limit: int, what: str = "session file") -> tuple[BinaryIO, int]:
    """Open ``path`` for reading in binary mode if it is a regular file of at most ``limit`` bytes.

    Returns the open file and its size. Raises ``ValueError`` with one sentence naming the file
    and what is wrong with it (missing, a folder, a FIFO, a device, unreadable, too large).
    """
    target = Path(path)
    label = f"{what} '{target}'"
    try:
        _check_kind(label, os.stat(target).st_mode)
        fd = os.open(target, _FLAGS)
    except FileNotFoundError:
        raise ValueError(f"{label} does not exist") from None
    except IsADirectoryError:
        raise ValueError(f"{label} is a folder, not a file") from None
    except OSError as err:
        raise ValueError(f"{label} cannot be read: {err.strerror}") from None
    try:
        info = os.fstat(fd)
        _check_kind(label, info.st_mode)  # again on what was opened: it may have been swapped
        if info.st_size > limit:
            raise ValueError(
                f"{label} is {info.st_size:,} bytes: larger than the {limit:,} bytes a {what} may have"
            )
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike, limit: int, what: str = "session file") -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes (see :func:`open_regular`)."""
    handle, _ = open_regular(path, limit, what)
    label = f"{what} '{Path(path)}'"
    try:
        with handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise ValueError(f"{label} cannot be read: {err.strerror}") from None
    if len(data) > limit:  # it grew while being read
        raise ValueError(f"{label} is larger than the {limit:,} bytes a {what} may have")
    return data
