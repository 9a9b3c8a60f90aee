"""Hundreds of damaged session files (``tests/session_corpus.py``), both versions and special files:
'lrmonitor replay' refuses each in one plain line naming it (exit 2), or replays it; no traceback, no
hang, and the file is left as it was."""

import hashlib
import importlib.util
import os
import signal
import stat
from pathlib import Path

from lrmonitor.cli import main

_spec = importlib.util.spec_from_file_location("session_corpus", Path(__file__).with_name("session_corpus.py"))
session_corpus = importlib.util.module_from_spec(_spec)  # tests are not a package (--import-mode=importlib)
_spec.loader.exec_module(session_corpus)

SECONDS = 30  # per file: far more than any needs; a file that blocks or reads for ever trips it


class Hang(BaseException):
    """Raised by the alarm: not an Exception, so nothing in lrmonitor catches it."""


def fingerprint(path: Path):
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISREG(info.st_mode) and info.st_size < 50 << 20:
        return info.st_mode, info.st_size, hashlib.sha256(path.read_bytes()).hexdigest()
    return info.st_mode, info.st_size, info.st_mtime_ns


def replay(path: Path) -> int:
    def hang(*_):
        raise Hang(f"replay of {path.name} took more than {SECONDS} s")

    before = signal.signal(signal.SIGALRM, hang)
    signal.alarm(SECONDS)
    try:
        return main(["replay", "--quiet", str(path)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def test_every_damaged_file_is_refused_cleanly_or_replayed(tmp_path, capsys):
    files = session_corpus.make_corpus(tmp_path / "corpus")
    capsys.readouterr()
    assert len(files) >= 200
    problems, refused = [], 0
    for name, path in files:
        before = fingerprint(path)
        try:
            code = replay(path)
        except BaseException as err:  # whatever escapes is the finding
            problems.append(f"{name}: {type(err).__name__}: {str(err)[:200]}")
            continue
        out, err = capsys.readouterr()
        if fingerprint(path) != before:
            problems.append(f"{name}: the file changed")
        if code == 2:
            refused += 1
            if not (err.startswith("lrmonitor: error: ") and err.count("\n") == 1 and path.name in err
                    and len(err) < 1000 and "Traceback" not in err):
                problems.append(f"{name}: refused unclearly: {err[:300]!r}")
        elif code not in (0, 3, 4) or "Traceback" in err:
            problems.append(f"{name}: exit {code}: {err[:300]!r}")
    assert not problems, "\n".join(problems)
    assert refused >= 200  # the corpus is damaged: most of it is refused
