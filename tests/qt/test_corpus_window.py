"""The damaged session files of ``tests/session_corpus.py`` through the window's open path: each is
refused with one message naming it, or opened, exactly when 'lrmonitor replay' refuses or replays it
(one reader, one verdict); nothing escapes, nothing hangs, no file is changed."""

import contextlib
import importlib.util
import io
import signal
from pathlib import Path

from PySide6 import QtWidgets

from lrmonitor.cli import main


def _load(name: str, file: str):
    """A module of tests/ by its path: tests are not a package (--import-mode=importlib)."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[1] / file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


session_corpus = _load("session_corpus", "session_corpus.py")
corpus_cli = _load("corpus_cli", "test_corpus_cli.py")

SECONDS = 30


def _cli_refuses(path: Path) -> bool:
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        return main(["replay", "--quiet", str(path)]) == 2


def test_the_window_agrees_with_the_command_line_on_every_damaged_file(qtbot, window, tmp_path, monkeypatch):
    files = session_corpus.make_corpus(tmp_path / "corpus")
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *args: shown.append(args[2]))
    problems = []

    def hang(*_):
        raise corpus_cli.Hang("an open took more than 30 s")

    before_handler = signal.signal(signal.SIGALRM, hang)
    try:
        for name, path in files:
            before = corpus_cli.fingerprint(path)
            shown.clear()
            signal.alarm(SECONDS)
            try:
                refused = _cli_refuses(path)
                opened = window.files.open(path)
            except BaseException as err:  # whatever escapes is the finding
                problems.append(f"{name}: {type(err).__name__}: {str(err)[:200]}")
                continue
            finally:
                signal.alarm(0)
            if opened == refused:
                problems.append(f"{name}: the command line {'refuses' if refused else 'replays'} it, the window "
                                f"{'opens' if opened else 'refuses'} it ({shown[:1]})")
            elif not opened and not (len(shown) == 1 and path.name in shown[0] and "\n" not in shown[0]):
                problems.append(f"{name}: refused unclearly: {shown!r:.300}")
            elif opened and shown:
                problems.append(f"{name}: opened with a warning: {shown!r:.300}")
            if corpus_cli.fingerprint(path) != before:
                problems.append(f"{name}: the file changed")
    finally:
        signal.signal(signal.SIGALRM, before_handler)
    assert not problems, "\n".join(problems)
