"""The command line's outputs: all or nothing, named in every message, never replacing what is not a
file; and its arguments: empty, folder-like, full-width, negative and huge values refused clearly."""

import errno
import os
import stat

import pytest

from lrmonitor.cli import main
from lrmonitor.core.files.atomic import atomic_writer

FAST = ["--problem", "linear", "--epochs", "2"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_failed_output_leaves_every_output_as_it_was(tmp_path, monkeypatch, capsys):
    """Item 9: '--out big.csv --png full-disk/plot.png' exited 2 after replacing big.csv."""
    steps, epochs, session = tmp_path / "steps.csv", tmp_path / "epochs.csv", tmp_path / "run.json"
    steps.write_text("precious\n")

    def disk_full(path, _session):
        with atomic_writer(path) as handle:
            handle.write("{")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("lrmonitor.cli.commands.save_session", disk_full)
    code, _, err = run(capsys, "run", *FAST, "--quiet", "--out", str(steps), "--epoch-out", str(epochs),
                       "--session", str(session))
    assert code == 2 and err.count("\n") == 1
    assert f"'{session}' could not be written: No space left on device; no output was written" in err
    assert steps.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["steps.csv"]  # no new file, no temporary


def test_a_disk_full_message_names_the_file(tmp_path, monkeypatch, capsys):
    target = tmp_path / "steps.csv"
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    code, _, err = run(capsys, "run", *FAST, "--quiet", "--out", str(target))
    assert code == 2 and f"'{target}' could not be written: No space left on device" in err
    assert ": : " not in err


def test_compare_outputs_are_all_or_nothing(tmp_path, monkeypatch, capsys):
    table = tmp_path / "compare.csv"
    table.write_text("precious\n")
    out_dir = tmp_path / "runs"

    def disk_full(path, runs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr("lrmonitor.cli.compare.save_tree", disk_full)
    code, _, err = run(capsys, "compare", *FAST, "--quiet", "--fork", "1:decay=0.5", "--table", str(table),
                       "--out-dir", str(out_dir), "--session", str(tmp_path / "runs.lrmon"))
    assert code == 2 and "runs.lrmon' could not be written" in err
    assert table.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compare.csv"]  # the folder it made is gone again


def test_a_device_node_output_is_written_through_not_replaced(tmp_path, capsys):
    """Item 6: as root, '--out /tmp/x/null' (a 'c 1 3' node) became a regular file. (Never the real
    /dev/null here: code without the fix would replace it for the whole machine.)"""
    nodes = [tmp_path / "null", tmp_path / "null2"]
    try:
        for node in nodes:
            os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    code, _, _ = run(capsys, "run", *FAST, "--quiet", "--out", str(nodes[0]), "--epoch-out", str(nodes[1]))
    assert code == 0
    assert all(stat.S_ISCHR(os.stat(node).st_mode) for node in nodes)


def test_a_fifo_output_is_refused_before_training(tmp_path, capsys):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "run", *FAST, "--quiet", "--out", str(fifo))
    assert code == 2 and f"'{fifo}' is a named pipe (FIFO)" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_symlinked_output_stays_a_link(tmp_path, capsys):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    code, _, _ = run(capsys, "run", *FAST, "--quiet", "--out", str(link))
    assert code == 0 and link.is_symlink() and real.read_text().startswith("step,epoch,lr,loss\n")


@pytest.mark.parametrize("argv, fragment", [
    (["--out", ""], "--out is empty: give a file name"),
    (["--session", " "], "--session is empty: give a file name"),
    (["--schedule", ""], "--schedule is empty: give a schedule spec"),
    (["--optimizer", ""], "--optimizer is empty"),
    (["--out", "newdir/"], "--out 'newdir/' ends in '/' and so names a folder"),
    (["--epochs", "１２"], "--epochs '１２' has digits other than 0-9"),
    (["--lr", "０.１"], "has digits other than 0-9"),
    (["--at", "１:decay=0.5"], "has digits other than 0-9"),
    (["--optimizer", "sgd:momentum=０.５"], "has digits other than 0-9"),
    (["--at", "-1:decay=0.1"], "--at '-1:decay=0.1': epoch -1 is out of range: allowed is epoch >= 0"),
])
def test_arguments_that_were_accepted_or_unclear_are_refused_naming_the_value(tmp_path, monkeypatch, capsys,
                                                                               argv, fragment):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "run", *FAST, "--quiet", *argv)
    assert code == 2 and err.count("\n") == 1 and fragment in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [
    ["--problem", "x" * 130_000],
    ["--at", "1" * 130_000 + ":decay=0.5"],
    ["--seed", "1" * 130_000],
    ["--optimizer", "sgd:momentum=" + "9" * 130_000],
    ["--schedule", "step:every=" + "9" * 130_000],
    ["--size", "9" * 130_000 + "x100"],
])
def test_long_values_are_shortened_in_messages(capsys, argv):
    code, _, err = run(capsys, "run", *FAST, *argv)
    assert code == 2 and err.count("\n") == 1 and len(err) < 400, err[:400]
    assert "set_int_max_str_digits" not in err and "Traceback" not in err
def test_messages_are_sentences_not_python_internals(tmp_path, capsys):
    bom = tmp_path / "bom.json"
    assert main(["run", *FAST, "--quiet", "--session", str(bom)]) == 0
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes())  # saved by an editor that marks UTF-8
    code, _, err = run(capsys, "replay", "--quiet", str(bom))
    assert code == 0 and "utf-8-sig" not in err
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format": "lrmonitor-session", "version": 1, "config": {"optimizer": 7}}')
    code, _, err = run(capsys, "replay", str(wrong))
    assert code == 2 and "object has no attribute" not in err and "optimizer" in err


def test_a_run_with_many_events_is_saved_in_a_file_it_can_read(tmp_path, capsys):
    """Its default name (the rate and every event) was longer than a run name may be: the file that
    'run --session x.lrmon' wrote was refused by 'replay' and by the window."""
    path = tmp_path / "many.lrmon"
    many = [arg for epoch in range(1, 31) for arg in ("--at", f"{epoch}:decay=0.9")]
    assert main(["run", "--problem", "linear", "--epochs", "40", "--quiet", *many, "--session", str(path)]) == 0
    code, _, err = run(capsys, "replay", "--quiet", str(path))
    assert code == 0, err


@pytest.mark.parametrize("command", ["replay", "open"])
def test_an_empty_session_file_name_is_refused_in_a_sentence(capsys, command):
    code, _, err = run(capsys, command, "")
    assert code == 2 and err.startswith("lrmonitor: error: the session file name is empty: give a file name")
