"""The window's session files: names shown as plain text, a file changed on disk is not silently
overwritten, and 'lrmonitor open' of a damaged file leaves no worker or shared memory behind."""

import os
import subprocess
import sys
import textwrap

from PySide6 import QtGui, QtWidgets

from lrmonitor.cli import main


def test_a_file_name_is_shown_as_plain_text(qtbot, window, tmp_path, monkeypatch):
    """Item 13: a name with <font …> restyled the "Cannot open session" message."""
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *args: shown.append(args[2]))
    bad = tmp_path / '<font color="red" size="7"><b>big.json'  # no '/': a file name
    bad.write_text("{ not json")
    assert not window.files.open(bad)
    assert len(shown) == 1
    document = QtGui.QTextDocument()
    document.setHtml(shown[0])  # what the box shows: the name as written, tags and all
    assert f"'{bad}'" in document.toPlainText().replace("\u2029", "\n")


def _save(window, path, tmp_path):
    window.files.path = path
    assert window.files.save()


def test_a_file_changed_on_disk_is_not_overwritten_without_asking(qtbot, window, tmp_path, monkeypatch, run_until):
    """Item 12: two windows saving the same file: the last writer won silently."""
    asked = []
    answer = {"value": "cancel"}

    def ask(parent, path):
        asked.append(path)
        return answer["value"]

    monkeypatch.setattr("lrmonitor.qt.session_files.ask_overwrite", ask)
    path = tmp_path / "shared.lrmon"
    run_until(window, 100)
    _save(window, path, tmp_path)
    assert window.files.save() and asked == []  # unchanged on disk: no question

    os.utime(path, ns=(1, 1))  # touched, not changed: no question either
    assert window.files.save() and asked == []

    other = tmp_path / "other.lrmon"
    assert main(["run", "--problem", "linear", "--epochs", "2", "--quiet", "--session", str(other)]) == 0
    theirs = other.read_bytes()
    path.write_bytes(theirs)  # another window saved its runs there
    assert not window.files.save() and asked == [path]
    assert path.read_bytes() == theirs  # cancelled: their file stays

    answer["value"] = "overwrite"
    assert window.files.save() and len(asked) == 2
    assert path.read_bytes() != theirs
    assert window.files.save() and len(asked) == 2  # written by this window: no question


def test_a_file_opened_then_changed_on_disk_asks(qtbot, make_window, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr("lrmonitor.qt.session_files.ask_overwrite", lambda parent, path: asked.append(path) or "cancel")
    path = tmp_path / "runs.lrmon"
    assert main(["run", "--problem", "linear", "--epochs", "2", "--quiet", "--session", str(path)]) == 0
    first = make_window()
    assert first.files.open(path)
    assert main(["run", "--problem", "linear", "--epochs", "3", "--quiet", "--session", str(path)]) == 0
    before = path.read_bytes()
    assert not first.files.save() and asked == [path]
    assert path.read_bytes() == before


OPEN_DAMAGED = textwrap.dedent("""
    import sys, time
    from PySide6 import QtWidgets

    def warning(*args):  # a modal box runs the event loop while it is shown: so does this
        end = time.monotonic() + 1.5
        while time.monotonic() < end:
            QtWidgets.QApplication.processEvents()
        print("shown:", args[2], file=sys.stderr)

    if __name__ == "__main__":
        QtWidgets.QMessageBox.warning = staticmethod(warning)
        from lrmonitor.cli import main
        sys.exit(main(["open", sys.argv[1]]))
""")


def test_opening_a_damaged_file_from_the_command_line_stops_the_worker(tmp_path):
    """Item 14: 'lrmonitor open <damaged file>' exited without stopping the worker (6 leaked segments)."""
    damaged = tmp_path / "damaged.json"
    damaged.write_text("{ not json")
    script = tmp_path / "open_damaged.py"
    script.write_text(OPEN_DAMAGED)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, str(script), str(damaged)], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 2, out.stderr
    assert "shown: session file" in out.stderr and "not valid JSON" in out.stderr
    assert "leaked" not in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_the_replay_progress_counts_any_number_of_steps(qtbot):
    """Item 7: a summary.steps above 2^31 raised OverflowError in the progress dialog (the reader
    bounds it now; the dialog copes anyway)."""
    from lrmonitor.qt.dialogs.replay_progress import replay_progress

    with replay_progress(None, 2**40) as progress:
        progress(2**39)
        progress(2**40)
