"""``lrmonitor sweep``, ``lrfind`` and ``path``: outputs, equality with ``run``, bad input."""

import csv

import pytest

from lrmonitor.cli import main

FAST = ["--problem", "linear", "--optimizer", "sgd", "--epochs", "12", "--train-size", "200", "--val-size", "50"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_each_rate_of_a_sweep_equals_run_with_that_rate_byte_for_byte(tmp_path, capsys):
    folder = tmp_path / "sweep"
    code, out, err = run(capsys, "sweep", *FAST, "--lrs", "0.001,1e-2,0.1,1", "--out-dir", folder,
                         "--table", tmp_path / "sweep.csv", "--at", "6:decay=0.5")
    assert code == 0, err
    for text in ("0.001", "1e-2", "0.1", "1"):
        steps, epochs = tmp_path / "s.csv", tmp_path / "e.csv"
        assert run(capsys, "run", *FAST, "--lr", text, "--at", "6:decay=0.5", "--out", steps,
                   "--epoch-out", epochs, "--quiet")[0] in (0, 3)
        assert (folder / f"lr-{text}-steps.csv").read_bytes() == steps.read_bytes()
        assert (folder / f"lr-{text}-epochs.csv").read_bytes() == epochs.read_bytes()
    table = rows(tmp_path / "sweep.csv")
    assert [r["lr"] for r in table] == ["0.001", "1e-2", "0.1", "1"]
    assert table[0]["verdict"] == "low" and table[3]["verdict"] == "too high"
    assert "too high" in out and "good" in out


@pytest.mark.parametrize("lrs, named", [("0.1,,1", "malformed"), ("0.1,0", "0"), ("a", "'a'")])
def test_bad_rates_are_one_line_naming_the_value(tmp_path, capsys, lrs, named):
    code, _, err = run(capsys, "sweep", *FAST, "--lrs", lrs, "--out-dir", tmp_path / "x")
    assert code == 2 and named in err and err.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_lrfind_prints_hints_and_writes_the_curve(tmp_path, capsys):
    code, out, err = run(capsys, "lrfind", "--problem", "linear", "--optimizer", "sgd", "--train-size", "400",
                         "--val-size", "20", "--csv", tmp_path / "lr.csv")
    assert code == 0, err
    assert "hint, steepest descent" in out and "minimum of the smoothed loss / 10" in out
    table = rows(tmp_path / "lr.csv")
    assert list(table[0]) == ["step", "lr", "loss", "smoothed"]
    assert float(table[0]["lr"]) == 1e-6 and [int(r["step"]) for r in table] == list(range(1, len(table) + 1))


@pytest.mark.parametrize("argv, named", [(["--start", "0"], "--start"), (["--start", "1", "--end", "0.5"], "--end"),
                                         (["--steps", "3"], "--steps"), (["--lr", "0.1"], "--lr")])
def test_lrfind_bad_input(capsys, argv, named):
    code, _, err = run(capsys, "lrfind", *FAST, *argv)
    assert code == 2 and named in err


def test_path_writes_every_step_of_base_and_fork(tmp_path, capsys):
    code, out, err = run(capsys, "path", *FAST, "--fork", "6:decay=0.1", "--csv", tmp_path / "p.csv")
    assert code == 0, err
    table = rows(tmp_path / "p.csv")
    assert list(table[0]) == ["run", "step", "x", "y"]
    steps = 12 * 7  # 200 examples in batches of 32
    assert [r["run"] for r in table].count("base") == steps + 1
    assert [r["run"] for r in table].count("fork-1") == steps + 1
    assert (float(table[0]["x"]), float(table[0]["y"])) == (-1.0, 2.5)
    assert "spread" in out


def test_path_fork_outside_the_run_is_bad_input(capsys):
    code, _, err = run(capsys, "path", *FAST, "--fork", "20:decay=0.1")
    assert code == 2 and "--fork 20" in err


def test_pictures_are_drawn_headless_for_each_command(tmp_path, capsys):
    assert run(capsys, "sweep", *FAST, "--lrs", "0.01,0.1", "--png", tmp_path / "r.png", "--svg", tmp_path / "r.svg",
               "--size", "640x400", "--quiet")[0] == 0
    assert run(capsys, "lrfind", "--problem", "linear", "--train-size", "200", "--val-size", "20",
               "--png", tmp_path / "l.png", "--size", "640x400", "--quiet")[0] == 0
    assert run(capsys, "path", *FAST, "--fork", "6:decay=0.1", "--png", tmp_path / "p.png", "--svg", tmp_path / "p.svg",
               "--size", "640x400", "--quiet")[0] == 0
    for name in ("r.png", "l.png", "p.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for name in ("r.svg", "p.svg"):
        svg = (tmp_path / name).read_text()
        assert 'width="640px"' in svg and "<path" in svg
    assert "α0 = 0.1" in (tmp_path / "r.svg").read_text()


def test_sweep_refuses_lr_and_two_outputs_on_one_file(tmp_path, capsys):
    code, _, err = run(capsys, "sweep", *FAST, "--lrs", "0.1", "--lr", "0.2")
    assert code == 2 and "--lrs" in err
    code, _, err = run(capsys, "sweep", *FAST, "--lrs", "0.1", "--png", tmp_path / "x", "--table", tmp_path / "x")
    assert code == 2 and "same file" in err
