"""Where a training finds a listening lrmonitor: the connection file and the environment variable.

A listener writes ``{"host": "127.0.0.1", "port": P, "token": T, "pid": ...}`` to a file only
its user can read (mode 0600, in a folder only its user can enter, mode 0700): the user's runtime
directory ``$XDG_RUNTIME_DIR/lrmonitor`` or, without one, ``<temp dir>/lrmonitor-<user>``. The
same information fits in one environment variable, ``LRMONITOR_ATTACH=127.0.0.1:PORT:TOKEN``
(or ``LRMONITOR_ATTACH=/path/to/connection.json``), for a training started from another shell,
another machine through an SSH tunnel, or a job script. ``LRMONITOR_ATTACH=off`` turns attaching
off. Without the variable, a training tries the connection files in the runtime directory,
newest first. Only loopback addresses are accepted: the training never connects anywhere else.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "LRMONITOR_ATTACH"
HOST = "127.0.0.1"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
TOKEN_BYTES = 32
MAX_FILE = 4096
_ENV_FORM = re.compile(r"^(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5}):([0-9a-f]{64})$")


@dataclass(frozen=True)
class Endpoint:
    """Where to connect and the token to present."""

    host: str
    port: int
    token: str

    def env_value(self) -> str:
        """The ``LRMONITOR_ATTACH`` value: ``127.0.0.1:PORT:TOKEN``."""
        return f"{self.host}:{self.port}:{self.token}"


def runtime_dir(create: bool = False) -> Path:
    """The folder of connection files: ``$XDG_RUNTIME_DIR/lrmonitor``, else ``<tmp>/lrmonitor-<user>``.

    With ``create``, it is made with mode 0700; an existing one must be a real folder (not a link)
    owned by this user and closed to others, else ``OSError`` says why.
    """
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and os.path.isabs(base) and os.path.isdir(base):
        folder = Path(base) / "lrmonitor"
    else:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = str(getattr(os, "getuid", lambda: "user")())
        folder = Path(tempfile.gettempdir()) / f"lrmonitor-{re.sub(r'[^A-Za-z0-9_.-]', '_', user)}"
    if create:
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        _check_private(folder)
    return folder


def _check_private(folder: Path) -> None:
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise OSError(f"'{folder}' is not a folder: lrmonitor keeps its connection files there")
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
        raise OSError(f"'{folder}' is open to other users or not yours: remove it, lrmonitor makes it "
                      "again with mode 0700")


def write_connection_file(endpoint: Endpoint, folder: Path | None = None, path: Path | None = None) -> Path:
    """Write the connection file (mode 0600, atomically) and return its path.

    By default ``attach-<pid>-<port>.json`` in ``folder`` (the runtime directory), where a
    training finds it by itself; ``path`` names the file instead (``lrmonitor watch
    --connection-file``: the training is then given ``LRMONITOR_ATTACH=<path>``).
    """
    if path is None:
        folder = folder or runtime_dir(create=True)
        path = folder / f"attach-{os.getpid()}-{endpoint.port}.json"
    folder = path.parent
    data = json.dumps({"host": endpoint.host, "port": endpoint.port, "token": endpoint.token,
                       "pid": os.getpid()}).encode()
    tmp = folder / f".{path.name}.{os.urandom(4).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def read_connection_file(path: str | os.PathLike) -> Endpoint:
    """The endpoint in a connection file; ``ValueError`` naming the file if it is not one."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE:
            raise ValueError(f"'{path}' is not a connection file (a small regular file)")
        with open(path, "rb") as source:
            data = json.loads(source.read(MAX_FILE).decode())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"'{path}' could not be read as a connection file: {err}") from None
    if not isinstance(data, dict):
        raise ValueError(f"'{path}' is not a connection file")
    return checked_endpoint(data.get("host"), data.get("port"), data.get("token"), str(path))


def checked_endpoint(host, port, token, where: str) -> Endpoint:
    if host not in LOOPBACK:
        raise ValueError(f"{where}: host {host!r} is not allowed: a training connects to this computer's "
                         "loopback (127.0.0.1) only; for a remote training forward the port with SSH")
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise ValueError(f"{where}: port {port!r} is out of range: allowed is 1..65535")
    if not isinstance(token, str) or not re.fullmatch(r"[0-9a-f]{64}", token):
        raise ValueError(f"{where}: the token is not 64 hexadecimal digits")
    return Endpoint("::1" if host == "[::1]" else host, port, token)


def parse_env_value(text: str) -> Endpoint | Path | None:
    """``LRMONITOR_ATTACH``'s value: an endpoint, a connection file's path, or None for ``off``."""
    value = text.strip()
    if value.lower() in ("off", "0", "no", "none"):
        return None
    match = _ENV_FORM.match(value)
    if match:
        return checked_endpoint(match.group(1).strip("[]"), int(match.group(2)), match.group(3), ENV_VAR)
    if "/" in value or value.endswith(".json") or os.sep in value:
        return Path(value)
    raise ValueError(f"{ENV_VAR}={value[:60]!r} is malformed: expected 127.0.0.1:PORT:TOKEN (64 hex digits), "
                     "the path of a connection file, or off")


def remove_stale_files(folder: Path | None = None) -> None:
    """Remove connection files of listeners that are gone (their process no longer exists; POSIX only)."""
    if os.name != "posix":  # on Windows, os.kill(pid, 0) would end the process
        return
    for path in discovered_files(folder):
        match = re.fullmatch(r"attach-(\d+)-\d+\.json", path.name)
        if not match:
            continue
        try:
            os.kill(int(match.group(1)), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                path.unlink()
        except (PermissionError, OverflowError, ValueError):
            continue


def discovered_files(folder: Path | None = None) -> list[Path]:
    """Connection files in the runtime directory, newest first."""
    folder = folder or runtime_dir()
    try:
        files = [p for p in folder.glob("attach-*.json") if p.is_file()]
    except OSError:
        return []
    return sorted(files, key=lambda p: p.stat().st_mtime if p.exists() else 0, reverse=True)


def candidates(env: dict[str, str] | None = None) -> list[Endpoint]:
    """Endpoints to try, in order: ``LRMONITOR_ATTACH`` if set, else the runtime directory's files.

    Raises ``ValueError`` for a malformed variable or a named file that cannot be read; a
    discovered file that cannot be read (a listener just stopped) is skipped.
    """
    env = os.environ if env is None else env
    if ENV_VAR in env:
        target = parse_env_value(env[ENV_VAR])
        if target is None:
            return []
        return [target] if isinstance(target, Endpoint) else [read_connection_file(target)]
    found = []
    for path in discovered_files():
        try:
            found.append(read_connection_file(path))
        except ValueError:
            continue
    return found
