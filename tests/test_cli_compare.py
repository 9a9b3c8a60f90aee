import csv
import os
import sys
import types

import pytest

from lrmonitor.cli import main
from lrmonitor.core.files.lrmon import load_any
from lrmonitor.core.run.compare import COLUMNS

FAST = ["--problem", "linear", "--epochs", "12", "--train-size", "200", "--val-size", "50", "--quiet"]
MLP = ["--problem", "mlp", "--epochs", "30", "--train-size", "160", "--val-size", "60", "--batch-size", "16"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def read_rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("base, fork, same_as", [
    ([], "5:decay=0.5", ["--at", "5:decay=0.5"]),
    (["--schedule", "exponential:gamma=0.9,per=step", "--at", "3:decay=0.5", "--at", "9:lr=0.001"],
     "6:step:factor=0.5,every=2",  # the base's --at 9 is its own future: not in the fork
     ["--schedule", "exponential:gamma=0.9,per=step", "--at", "3:decay=0.5", "--at", "6:step:factor=0.5,every=2"]),
    (["--at", "4:decay=0.5"], "4:optimizer=adam",  # the base's action at the fork's epoch comes first
     ["--at", "4:decay=0.5", "--at", "4:optimizer=adam"]),
])
def test_a_forks_csvs_equal_those_of_run_with_the_action(tmp_path, capsys, base, fork, same_as):
    folder = tmp_path / "cmp"
    code, _, err = run(capsys, "compare", *MLP, *base, "--fork", "1:lr=0.01", "--fork", fork,
                       "--out-dir", folder, "--quiet")
    assert code == 0, err
    steps, epochs = tmp_path / "s.csv", tmp_path / "e.csv"
    assert run(capsys, "run", *MLP, *same_as, "--out", steps, "--epoch-out", epochs, "--quiet")[0] == 0
    assert (folder / "fork-2-steps.csv").read_bytes() == steps.read_bytes()
    assert (folder / "fork-2-epochs.csv").read_bytes() == epochs.read_bytes()
    assert run(capsys, "run", *MLP, *base, "--out", steps, "--epoch-out", epochs, "--quiet")[0] == 0
    assert (folder / "base-steps.csv").read_bytes() == steps.read_bytes()
    assert (folder / "base-epochs.csv").read_bytes() == epochs.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == [
        "base-epochs.csv", "base-steps.csv", "fork-1-epochs.csv", "fork-1-steps.csv",
        "fork-2-epochs.csv", "fork-2-steps.csv"]


def test_compare_prints_the_table_and_writes_it(tmp_path, capsys):
    table = tmp_path / "compare.csv"
    code, out, err = run(capsys, "compare", *MLP, "--fork", "10:step:factor=0.1,every=5", "--fork", "10:decay=0.5",
                         "--table", table)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["run", "fork", "of"]
    assert [line.split()[0] for line in lines[2:5]] == ["base", "fork-1", "fork-2"]
    assert "fork-1: step ×0.1/5 from epoch 10 lowered the validation loss by " in out
    assert "and narrowed the band by " in out and lines[-1].startswith("3 runs of up to 300 steps in ")
    rows = read_rows(table)
    assert tuple(rows[0]) == COLUMNS
    assert [(r["run"], r["parent"], r["fork_epoch"], r["action"]) for r in rows] == [
        ("base", "", "", ""), ("fork-1", "base", "10", "step:factor=0.1,every=5,per=epoch"),
        ("fork-2", "base", "10", "decay=0.5")]
    assert float(rows[1]["last10_val_mean_change_pct"]) < 0 and float(rows[1]["band_std_change_pct"]) < 0
    assert [p.name for p in tmp_path.iterdir()] == ["compare.csv"]  # nothing else, no temporary left


def test_quiet_prints_nothing(tmp_path, capsys):
    code, out, err = run(capsys, "compare", *FAST, "--fork", "3:decay=0.5")
    assert (code, out, err) == (0, "", "")


def test_out_dir_is_made_when_missing_and_session_holds_the_whole_tree(tmp_path, capsys):
    folder, session = tmp_path / "a" / "b", tmp_path / "runs.lrmon"
    code, _, err = run(capsys, "compare", *FAST, "--at", "2:decay=0.5", "--fork", "5:lr=0.01", "--fork", "3:decay=0.1",
                       "--out-dir", folder, "--session", session)
    assert code == 0, err
    assert (folder / "fork-1-steps.csv").exists()
    loaded = load_any(session)
    assert loaded.version == 2 and not loaded.needs_replay
    spe = 7
    assert [(r.id, r.name, r.parent, r.fork_step, r.action and r.action.action()) for r in loaded.runs] == [
        (1, "base", None, None, None), (2, "fork-1", 1, 5 * spe, "lr=0.01"), (3, "fork-2", 1, 3 * spe, "decay=0.1")]
    assert [s.to_json() for s in loaded.runs[0].record.events] == [{"step": 14, "kind": "decay", "factor": 0.5}]
    for run_, name in zip(loaded.runs, ["base", "fork-1", "fork-2"]):  # the recorded numbers are the CSVs' numbers
        rows = read_rows(folder / f"{name}-steps.csv")
        assert [float(r["loss"]) for r in rows] == run_.record.history.loss.view().tolist()
        assert run_.record.state is not None and run_.record.state.step == run_.record.history.steps
    again = tmp_path / "again.csv"
    code, out, err = run(capsys, "replay", session, "--out", again)
    assert code == 0, err
    assert out.splitlines()[-1].startswith("replay matches the recording exactly: 3 runs, every number bit for bit")
    assert again.read_bytes() == (folder / "base-steps.csv").read_bytes()


def test_compare_session_must_be_lrmon(tmp_path, capsys):
    code, out, err = run(capsys, "compare", *FAST, "--fork", "3:decay=0.5", "--session", tmp_path / "base.json")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "compare writes the whole tree (the base run and its forks) as a session file of format version 2: " \
           "give a name ending in .lrmon" in err
    assert list(tmp_path.iterdir()) == []


def test_png_and_svg_draw_the_base_run_with_its_forks(tmp_path, capsys, monkeypatch):
    calls = []
    fake = types.ModuleType("lrmonitor.qt.snapshot")
    fake.write_snapshots = lambda history, png, svg, size, others: calls.append(
        (history.steps, png, svg, size, [h.steps for h in others]))
    monkeypatch.setitem(sys.modules, "lrmonitor.qt.snapshot", fake)  # no Qt needed to see what is asked for
    png = tmp_path / "p.png"
    code, _, err = run(capsys, "compare", *FAST, "--fork", "3:decay=0.5", "--png", png, "--size", "800x600")
    assert code == 0, err
    assert calls == [(12 * 7, png, None, (800, 600), [12 * 7])]


@pytest.mark.parametrize("argv, fragment", [
    (["--fork", "12:decay=0.5"], "--fork 12:decay=0.5: epoch 12 is beyond the run: allowed is 0 <= epoch <= 11 "
                                 "with --epochs 12"),
    (["--fork", "3:decay=2"], "--fork 3:decay=2: decay factor 2.0 is out of range: allowed is 0 < factor <= 1"),
    (["--fork", "3:jump"], "action 'jump' is not known"),
    (["--fork", "3"], "--fork '3' is malformed: expected EPOCH:ACTION"),
    (["--fork", "x:decay=0.5"], "--fork 'x:decay=0.5': epoch 'x' is not a whole number"),
    (["--fork=-1:decay=0.5"], "epoch -1 is out of range: allowed is epoch >= 0"),
    ([], "the following arguments are required: --fork"),
    (["--fork", "3:decay=0.5", "--at", "20:decay=0.5"], "--at 20:decay=0.5: epoch 20 is beyond the run"),
    (["--fork", "3:decay=0.5", "--lr", "0"], "learning rate 0 is out of range"),
    (["--fork", "3:decay=0.5", "--out", "x.csv"], "unrecognized arguments: --out"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, argv, fragment):
    table, folder = tmp_path / "t.csv", tmp_path / "dir"
    code, out, err = run(capsys, "compare", *FAST, *argv, "--table", table, "--out-dir", folder)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("lrmonitor: error: ") and fragment in err, err
    assert list(tmp_path.iterdir()) == []


def test_bad_outputs_are_refused_before_training(tmp_path, capsys):
    afile = tmp_path / "file"
    afile.write_text("x")
    cases = [
        (["--out-dir", afile], f"--out-dir '{afile}' is a file: expected a folder"),
        (["--out-dir", afile / "sub"], "is a file, so the folder cannot be made"),
        (["--table", tmp_path / "missing" / "t.csv"], "does not exist"),
        (["--table", tmp_path], "is a folder"),
        (["--table", tmp_path / "same", "--session", tmp_path / "same"], "two outputs name the same file"),
        (["--table", tmp_path / "d" / "base-steps.csv", "--out-dir", tmp_path / "d"], "two outputs name the same"),
    ]
    (tmp_path / "d").mkdir()
    for extra, fragment in cases:
        code, _, err = run(capsys, "compare", *FAST, "--fork", "3:decay=0.5", *extra)
        assert code == 2 and fragment in err and err.count("\n") == 1, (extra, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d", "file"] and list((tmp_path / "d").iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_out_dir_is_refused(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    code, _, err = run(capsys, "compare", *FAST, "--fork", "3:decay=0.5", "--out-dir", folder / "new")
    assert code == 2 and f"the folder '{folder}' is not writable" in err


def test_a_fork_after_the_base_diverged_is_refused_with_nothing_written(tmp_path, capsys):
    table = tmp_path / "t.csv"
    code, _, err = run(capsys, "compare", *FAST, "--epochs", "50", "--optimizer", "sgd", "--lr", "1.5",
                       "--fork", "30:decay=0.5", "--table", table)
    assert code == 2 and err.count("\n") == 1
    assert "--fork 30:decay=0.5: epoch 30 is after the base run diverged at step " in err
    assert "allowed is 0 <= epoch <= " in err and not table.exists()


def test_a_diverged_run_exits_3_with_its_outputs_written(tmp_path, capsys):
    folder = tmp_path / "out"
    code, _, err = run(capsys, "compare", *FAST, "--fork", "2:lr=20", "--out-dir", folder, "--table",
                       tmp_path / "t.csv")
    assert code == 3
    assert err.startswith("lrmonitor: fork-1: diverged at step ") and "outputs written up to step" in err
    rows = read_rows(folder / "fork-1-steps.csv")
    assert rows[-1]["loss"] in ("nan", "inf") or float(rows[-1]["loss"]) > 1e300
    assert len(read_rows(tmp_path / "t.csv")) == 2


def test_help_says_what_the_pictures_and_session_hold(capsys):
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "the base run, its forks overlaid in their colours" in text
    assert "session file of format version 2 holding the whole tree, the base run and its forks" in text
    assert "the name must end in .lrmon" in text
    assert "--fork EPOCH:ACTION" in text and "base, fork-1, fork-2" in text and "exit codes" in text


def test_the_picture_overlays_the_forks(tmp_path):
    import os
    import subprocess
    import sys

    png = tmp_path / "compare.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "lrmonitor", "compare", "--problem", "linear", "--epochs", "20",
                          "--fork", "5:decay=0.1", "--png", str(png), "--size", "800x500", "--quiet"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    from PySide6 import QtGui

    image = QtGui.QImage(str(png))
    vermillion = QtGui.QColor(213, 94, 0).rgb()  # fork-1's colour
    found = sum(image.pixel(x, y) == vermillion for x in range(0, 800, 2) for y in range(0, 500, 2))
    assert found > 50  # the fork's curves are in the picture
