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

from ..texts import QT_TRANSLATE_NOOP, WordedError, Words

_KINDS = (
    (stat.S_ISDIR, QT_TRANSLATE_NOOP("core", "{file} is a folder, not a file")),
    (stat.S_ISFIFO, QT_TRANSLATE_NOOP("core", "{file} is a named pipe (FIFO), not a regular file")),
    (stat.S_ISCHR, QT_TRANSLATE_NOOP("core", "{file} is a device, not a regular file")),
    (stat.S_ISBLK, QT_TRANSLATE_NOOP("core", "{file} is a device, not a regular file")),
    (stat.S_ISSOCK, QT_TRANSLATE_NOOP("core", "{file} is a socket, not a regular file")),
)
# the sentences of a refusal (see lrmonitor.core.texts.Words): the window shows them in its language
NAMED = QT_TRANSLATE_NOOP("core", "{what} '{path}'")
WHAT = {"session file": QT_TRANSLATE_NOOP("core", "session file"),
        "version 1 session file": QT_TRANSLATE_NOOP("core", "version 1 session file"),
        "attached-run file": QT_TRANSLATE_NOOP("core", "attached-run file")}
NOT_REGULAR = QT_TRANSLATE_NOOP("core", "{file} is not a regular file")
MISSING = QT_TRANSLATE_NOOP("core", "{file} does not exist")
FOLDER = _KINDS[0][1]
UNREADABLE = QT_TRANSLATE_NOOP("core", "{file} cannot be read: {reason}")
TOO_LARGE = QT_TRANSLATE_NOOP("core", "{file} is {size} bytes: larger than the {limit} bytes a {what} may have")
GREW = QT_TRANSLATE_NOOP("core", "{file} is larger than the {limit} bytes a {what} may have")


def file_words(path: str | os.PathLike, what: str = "session file") -> Words:
    """``session file '/path/x.lrmon'``: how a message names a file."""
    return Words(NAMED, what=what_words(what), path=str(Path(path)))


def what_words(what: str) -> Words | str:
    return Words(WHAT[what]) if what in WHAT else what
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)  # a FIFO must not block


def _check_kind(label: Words, mode: int) -> None:
    for test, sentence in _KINDS:
        if test(mode):
            raise WordedError(sentence, file=label)
    if not stat.S_ISREG(mode):
        raise WordedError(NOT_REGULAR, file=label)


def open_regular(path: str | os.PathLike, limit: int, what: str = "session file") -> tuple[BinaryIO, int]:
    """Open ``path`` for reading in binary mode if it is a regular file of at most ``limit`` bytes.

    Returns the open file and its size. Raises ``ValueError`` with one sentence naming the file
    and what is wrong with it (missing, a folder, a FIFO, a device, unreadable, too large).
    """
    target = Path(path)
    label = file_words(target, what)
    try:
        _check_kind(label, os.stat(target).st_mode)
        fd = os.open(target, _FLAGS)
    except FileNotFoundError:
        raise WordedError(MISSING, file=label) from None
    except IsADirectoryError:
        raise WordedError(FOLDER, file=label) from None
    except OSError as err:
        raise WordedError(UNREADABLE, file=label, reason=err.strerror) from None
    try:
        info = os.fstat(fd)
        _check_kind(label, info.st_mode)  # again on what was opened: it may have been swapped
        if info.st_size > limit:
            raise WordedError(TOO_LARGE, file=label, size=f"{info.st_size:,}", limit=f"{limit:,}",
                              what=what_words(what))
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike, limit: int, what: str = "session file") -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes (see :func:`open_regular`)."""
    handle, _ = open_regular(path, limit, what)
    label = file_words(path, what)
    try:
        with handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise WordedError(UNREADABLE, file=label, reason=err.strerror) from None
    if len(data) > limit:  # it grew while being read
        raise WordedError(GREW, file=label, limit=f"{limit:,}", what=what_words(what))
    return data
