"""Atomic file writes: a reader sees the old file or the new one, never half of one.

What a write does with what is already at the output path:

* nothing there: a new regular file, with the usual permissions (``0666`` less the umask);
* a regular file: replaced by a rename of a temporary file written beside it, which keeps its
  permission bits and, where the writer is allowed to set them (root, or the owner's group), its
  owner and group;
* a symbolic link: the file it points to is written (as above), the link stays a link;
* a character device such as ``/dev/null``: written through, in place (it cannot be replaced by a
  rename, and a user who names one means it, as with ``> /dev/null`` in a shell); a write
  through a device is not atomic and not undone;
* a folder, a named pipe (FIFO: writing blocks until someone reads), a socket or a block device:
  refused with one sentence, never replaced and never opened.

:func:`together` groups the writes of one command: inside it, every :func:`atomic_writer` writes
its temporary file, and the files are renamed into place only when the whole block succeeded; if
any write fails, every temporary is removed and no output is touched ("exit code 2: nothing was
written"). An ``OSError`` while writing names the file (``err.filename``).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

_REFUSED = (
    (stat.S_ISDIR, "a folder: expected a file name"),
    (stat.S_ISFIFO, "a named pipe (FIFO): lrmonitor writes regular files and devices such as /dev/null only"),
    (stat.S_ISSOCK, "a socket: lrmonitor writes regular files and devices such as /dev/null only"),
    (stat.S_ISBLK, "a block device: lrmonitor writes regular files and devices such as /dev/null only"),
)


def _kind_problem(mode: int) -> str | None:
    for test, what in _REFUSED:
        if test(mode):
            return what
    return None


def resolve_output(path: str | os.PathLike) -> tuple[Path, os.stat_result | None]:
    """The file a write to ``path`` writes (a symlink's target) and what is there now (None: nothing).

    Raises ``ValueError`` with one sentence for a name that cannot be written (empty, ending in a
    folder separator, a folder, a FIFO, a socket, a block device, a dangling link's missing folder).
    """
    text = os.fspath(path)
    if not str(text).strip():
        raise ValueError("the output file name is empty: give a file name")
    if str(text).endswith(("/", os.sep)):
        raise ValueError(f"output path '{text}' ends in '/' and so names a folder: expected a file name")
    target = Path(os.path.realpath(text)) if os.path.islink(text) else Path(text)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target, None
    except OSError as err:
        raise ValueError(f"output path '{text}' cannot be examined: {err.strerror}") from None
    problem = _kind_problem(info.st_mode)
    if problem:
        raise ValueError(f"output path '{text}' is {problem}")
    return target, info


def check_writable(path: str | os.PathLike) -> Path:
    """Fail early, before a long run, if ``path`` cannot be written; returns it as a Path."""
    target, info = resolve_output(path)
    shown = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(f"output path '{shown}': the folder '{folder}' does not exist")
    if info is not None and stat.S_ISCHR(info.st_mode):
        if not os.access(target, os.W_OK):
            raise ValueError(f"output path '{shown}' is a device that cannot be written")
        return shown
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"output path '{shown}': the folder '{folder}' is not writable")
    if info is not None and not os.access(target, os.W_OK):
        raise ValueError(f"output path '{shown}' is read-only")
    return shown


class _Batch:
    def __init__(self) -> None:
        self.pending: list[tuple[str, Path]] = []  # (temporary, target), renamed when all succeeded
        self.targets: set[str] = set()


_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar("lrmonitor_atomic_batch", default=None)


@contextlib.contextmanager
def together() -> Iterator[None]:
    """Inside this block, atomic writes are renamed into place only when the whole block succeeded.

    Nested blocks join the outer one. If the block raises, every temporary file is removed and no
    output is touched. (Writes through a device such as /dev/null happen at once: there is nothing
    to rename.)
    """
    if _batch.get() is not None:
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    except BaseException:
        for tmp, _ in batch.pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    finally:
        _batch.reset(token)
    for i, (tmp, target) in enumerate(batch.pending):
        try:
            os.replace(tmp, target)
        except OSError as err:
            for later, _ in batch.pending[i:]:
                with contextlib.suppress(OSError):
                    os.unlink(later)
            raise OSError(err.errno, err.strerror, str(target)) from None


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, newline: str | None = "", binary: bool = False) -> Iterator[IO]:
    """Write to a temporary file beside ``path`` (or beside the file a symlink points to), then rename
    it over that file; a character device is written through (see the module's description).

    If the body raises, the temporary file is removed and ``path`` is left untouched. A replaced
    file keeps its permission bits and, where permitted, its owner and group; a new one gets the
    usual permissions (umask). Inside :func:`together`, the rename waits for the whole group.
    Raises ``ValueError`` for a target that is not written (a folder, a FIFO, ...), ``OSError``
    with the file's name when writing fails.
    """
    target, info = resolve_output(path)
    if info is not None and stat.S_ISCHR(info.st_mode):
        with _named(target):
            flags = os.O_WRONLY | getattr(os, "O_BINARY", 0)
            fd = os.open(target, flags)
            handle = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline=newline)
            with handle:
                yield handle
        return
    folder = target.parent if str(target.parent) else Path(".")
    batch = _batch.get()
    if batch is not None and str(target.absolute()) in batch.targets:
        raise ValueError(f"output path '{path}' is written twice by one command")
    with _named(target):
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with _named(target):
            handle = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline=newline)
            with handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            _keep_attributes(tmp, info)
            if batch is None:
                os.replace(tmp, target)
            else:
                batch.pending.append((tmp, target))
                batch.targets.add(str(target.absolute()))
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _named(target: Path) -> Iterator[None]:
    """An OSError inside names ``target`` (a full disk says which file it could not write)."""
    try:
        yield
    except OSError as err:
        if err.filename == str(target) or err.errno is None:
            raise
        raise OSError(err.errno, err.strerror, str(target)) from None


def _keep_attributes(tmp: str, info: os.stat_result | None) -> None:
    if info is None:
        os.chmod(tmp, 0o666 & ~_umask())
        return
    if hasattr(os, "chown"):
        with contextlib.suppress(OSError):  # not permitted (another owner): the writer's own
            os.chown(tmp, info.st_uid, info.st_gid)
    os.chmod(tmp, stat.S_IMODE(info.st_mode))  # after chown, which may clear set-id bits


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
