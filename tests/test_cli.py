import csv
import json
import math
import os
import re
import subprocess
import sys

import pytest

from lrmonitor.cli import BadInputError, build_parser, main
from lrmonitor.core.run.config import SETUP_PARAMS, RunConfig, setup_param
from lrmonitor.core.training.optimizers import OPTIMIZERS
from lrmonitor.core.training.problems import PROBLEMS
from lrmonitor.core.training.schedules import SCHEDULES

FAST = ["--problem", "linear", "--epochs", "5", "--train-size", "200", "--val-size", "50"]


def read_rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_writes_steps_epochs_and_session(tmp_path, capsys):
    steps, epochs, session = tmp_path / "steps.csv", tmp_path / "epochs.csv", tmp_path / "run.json"
    code, out, err = run(capsys, "run", *FAST, "--lr", "0.1", "--at", "2:decay=0.5", "--out", str(steps),
                         "--epoch-out", str(epochs), "--session", str(session))
    assert code == 0, err
    assert out.count("\n") == 1 and "35 steps (5 epochs)" in out and "steps/s" in out
    rows = read_rows(steps)
    assert len(rows) == 35 and list(rows[0]) == ["step", "epoch", "lr", "loss"]
    assert [r["step"] for r in rows[:2]] == ["1", "2"] and rows[-1]["epoch"] == "4"
    assert float(rows[13]["lr"]) == 0.1 and float(rows[14]["lr"]) == 0.05  # decay before epoch 2
    erows = read_rows(epochs)
    assert [r["epoch"] for r in erows] == ["0", "1", "2", "3", "4"]
    assert {"epoch", "lr", "train_loss", "val_loss"} <= set(erows[0])
    data = json.loads(session.read_text())
    assert data["format"] == "lrmonitor-session" and data["version"] == 1
    assert data["events"] == [{"step": 14, "kind": "decay", "factor": 0.5}]
    assert data["summary"]["steps"] == 35


def test_csv_floats_read_back_exactly(tmp_path, capsys):
    from lrmonitor.core.run.config import RunConfig
    from lrmonitor.core.run.trainer import Trainer

    path = tmp_path / "s.csv"
    assert run(capsys, "run", *FAST, "--out", str(path))[0] == 0
    trainer = Trainer(RunConfig(problem="linear", epochs=5, train_size=200, val_size=50))
    trainer.run()
    rows = read_rows(path)
    assert [float(r["loss"]) for r in rows] == trainer.history.loss.view().tolist()


def test_replay_reproduces_steps_csv_byte_for_byte(tmp_path, capsys):
    first, again, session = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "run.json"
    argv = ["run", "--epochs", "8", "--schedule", "exponential:per=step", "--at", "3:decay=0.1",
            "--at", "5:step:factor=0.5,every=1", "--optimizer", "nesterov",
            "--out", str(first), "--session", str(session)]
    assert run(capsys, *argv)[0] == 0
    code, out, _ = run(capsys, "replay", str(session), "--out", str(again))
    assert code == 0 and "matches the recorded summary" in out
    assert first.read_bytes() == again.read_bytes()


def test_seed_example_runs(capsys):
    code, out, _ = run(capsys, "run", "--problem", "mlp", "--optimizer", "momentum", "--epochs", "100",
                       "--at", "50:step:factor=0.1,every=20")
    assert code == 0 and "3200 steps (100 epochs)" in out


def test_divergence_exits_3_and_still_writes_outputs(tmp_path, capsys):
    out_csv = tmp_path / "s.csv"
    code, out, err = run(capsys, "run", *FAST, "--epochs", "50", "--optimizer", "sgd", "--lr", "10",
                         "--out", str(out_csv))
    assert code == 3
    assert "diverged at step" in err and "smaller learning rate" in err
    rows = read_rows(out_csv)
    assert rows and rows[-1]["loss"] in ("nan", "inf") and all(r["loss"] not in ("nan", "inf") for r in rows[:-1])


@pytest.mark.parametrize("argv, fragment", [
    (["--problem", "cnn"], "unknown problem 'cnn': allowed are linear, logistic, mlp"),
    (["--optimizer", "lbfgs"], "unknown optimizer 'lbfgs'"),
    (["--optimizer", "sgd:momentum"], "malformed: expected key=value"),
    (["--optimizer", "sgd:momentum=-1"], "allowed is 0 <= momentum"),
    (["--lr", "0"], "argument --lr: learning rate 0 is out of range: allowed is a finite lr > 0"),
    (["--lr", "-0.1"], "allowed is a finite lr > 0"),
    (["--lr", "inf"], "learning rate inf is out of range: allowed is a finite lr > 0"),
    (["--lr", "fast"], "learning rate 'fast' is not valid: expected a number; a finite lr > 0"),
    (["--schedule", "step:factor=2"], "factor=2 in schedule 'step' is out of range: allowed is 0 < factor <= 1"),
    (["--schedule", "step:factor=0"], "0 < factor <= 1"),
    (["--schedule", "exponential:gamma=1.5"], "0 < gamma <= 1"),
    (["--schedule", "step:every=0"], "1 <= every"),
    (["--schedule", "warp"], "unknown schedule 'warp'"),
    (["--at", "3:decay=0"], "decay factor 0.0 is out of range: allowed is 0 < factor <= 1"),
    (["--at", "3:decay=1.1"], "0 < factor <= 1"),
    (["--at", "9:decay=0.5"], "epoch 9 is beyond the run: allowed is 0 <= epoch <= 4 with --epochs 5"),
    (["--at", "x:decay=0.5"], "is not a whole number"),
    (["--at", "3"], "expected EPOCH:ACTION"),
    (["--at", "3:jump=2"], "action 'jump=2' is not known"),
    (["--batch-size", "0"], "batch size 0 is out of range"),
    (["--batch-size", "201"], "batch size 201 is out of range: allowed is 1 <= batch size <= 200 (a whole number); "
                              "200 is the training set size"),
    (["--batch-size", "2.5"], "batch size '2.5' is not valid: expected a whole number"),
    (["--epochs", "0"], "epochs 0 is out of range: allowed is 1 <= epochs <= 1000000"),
    (["--seed", "-1"], "seed -1 is out of range: allowed is 0 <= seed <= 9223372036854775807"),
    (["--seed", "9223372036854775808"], "seed 9223372036854775808 is out of range"),
    (["--noise", "-1"], "noise -1 is out of range: allowed is 0 <= noise <= 10"),
    (["--noise", "nan"], "noise nan is out of range"),
    (["--train-size", "9"], "train size 9 is out of range: allowed is 10 <= train size <= 10000000"),
    (["--val-size", "0"], "val size 0 is out of range: allowed is 1 <= val size <= 10000000"),
    (["--frobnicate"], "unrecognized arguments: --frobnicate"),
])
def test_bad_input_is_one_line_exit_2(argv, fragment, capsys):
    code, out, err = run(capsys, "run", *FAST, *argv)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("lrmonitor: error: ")
    assert fragment in err
    assert "Traceback" not in err


def test_unwritable_output_is_refused_before_training(tmp_path, capsys):
    code, _, err = run(capsys, "run", *FAST, "--out", str(tmp_path / "missing" / "s.csv"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "run", *FAST, "--out", str(tmp_path))
    assert code == 2 and "is a folder" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_folder_is_refused(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    code, _, err = run(capsys, "run", *FAST, "--out", str(folder / "s.csv"))
    assert code == 2 and "not writable" in err


def test_a_failed_write_leaves_the_existing_file_untouched(tmp_path, monkeypatch, capsys):
    target = tmp_path / "steps.csv"
    target.write_text("precious\n")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # fails after the data was written
    code, _, err = run(capsys, "run", *FAST, "--out", str(target))
    assert code == 2 and "No space left on device" in err and err.count("\n") == 1
    assert target.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["steps.csv"]  # no temporary left behind


V1 = '{"format": "lrmonitor-session", "version": 1, '


@pytest.mark.parametrize("content, fragment", [
    (None, "does not exist"),
    (V1 + '"config": {"problem": "mlp"', "is not valid JSON (truncated or damaged?)"),
    ('{"name": "something else"}', "is not an lrmonitor session file"),
    ("[1, 2, 3]", "is not an lrmonitor session file"),
    ('{"format": "lrmonitor-session", "version": 7, "config": {}}', "format version 7, written by a newer lrmonitor"),
    (V1 + '"config": {"problem": "cnn"}}', "is damaged: unknown problem 'cnn'"),
    (V1 + '"config": {}, "events": [{"step": 3, "kind": "decay", "factor": 7}]}', "decay factor 7 is out of range"),
    (V1 + '"config": {"seed": 9223372036854775808}}', "seed 9223372036854775808 is out of range"),
    (V1 + '"config": {"seed": 1.5}}', "seed 1.5 is not valid: expected a whole number"),
])
def test_bad_session_files_are_refused_clearly(tmp_path, capsys, content, fragment):
    path = tmp_path / "run.json"
    if content is not None:
        path.write_text(content)
    code, _, err = run(capsys, "replay", str(path))
    assert code == 2 and fragment in err and err.count("\n") == 1


def test_binary_session_file_is_refused(tmp_path, capsys):
    path = tmp_path / "run.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    code, _, err = run(capsys, "replay", str(path))
    assert code == 2 and "not" in err


def test_help_lists_every_problem_optimizer_and_schedule_with_defaults(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for name in [*PROBLEMS, *OPTIMIZERS, *SCHEDULES]:
        assert f"  {name}:" in text
    for fragment in ("gamma=0.95", "factor=0.1", "every=20", "patience=10", "betas=(0.9,0.999)",
                     "eps=1e-10", "alpha=0.99", "momentum=0.9", "nesterov=true", "per=epoch", "exit codes"):
        assert fragment in text
    flat = " ".join(text.split())  # argparse wraps the help lines
    for name in SETUP_FLAGS:
        param = setup_param(name)
        assert f"Allowed: {param.range_text()}. Default: {param.default_text()}." in flat


SETUP_FLAGS = {"lr": "--lr", "batch_size": "--batch-size", "epochs": "--epochs", "seed": "--seed",
               "noise": "--noise", "train_size": "--train-size", "val_size": "--val-size"}


def _edges(param):
    """(value, allowed) just inside and just outside each bound of ``param``."""
    if param.kind is int:
        return [(param.low, True), (param.low - 1, False), (param.high, True), (param.high + 1, False)]
    up, down = math.inf, -math.inf
    if param.low_open:
        edges = [(param.low, False), (math.nextafter(param.low, up), True)]
    else:
        edges = [(param.low, True), (math.nextafter(param.low, down), False)]
    if param.high is None:
        edges += [(sys.float_info.max, True), (math.inf, False), (math.nan, False)]
    else:
        edges += [(param.high, True), (math.nextafter(param.high, up), False)]
    return edges


@pytest.mark.parametrize("name", SETUP_FLAGS)
def test_setup_flags_accept_exactly_what_the_core_accepts(name):
    """The flags' types, defaults and ranges are the core's Params: they cannot disagree."""
    param, flag, parser = setup_param(name), SETUP_FLAGS[name], build_parser()
    assert getattr(parser.parse_args(["run"]), name) == param.default == getattr(RunConfig(), name)
    for value, allowed in _edges(param):
        text = repr(value)
        if allowed:
            assert getattr(parser.parse_args(["run", flag, text]), name) == value
            param.check(value)
        else:
            with pytest.raises(BadInputError, match=f"argument {flag}: .*allowed is {re.escape(param.range_text())}"):
                parser.parse_args(["run", f"{flag}={text}"])
            with pytest.raises(ValueError, match=re.escape(param.range_text())):
                param.check(value)


def test_every_setup_param_names_a_config_field_with_its_default():
    assert [p.name for p in SETUP_PARAMS] == [
        "problem", "lr", "batch_size", "epochs", "seed", "noise", "train_size", "val_size"]
    for param in SETUP_PARAMS:
        assert getattr(RunConfig(), param.name) == param.default
        assert param.help and param.label
    assert setup_param("problem").choices == tuple(PROBLEMS)
    assert setup_param("batch_size", train_size=200).high == 200
    with pytest.raises(ValueError, match="unknown setup value 'optimizer'"):
        setup_param("optimizer")


def test_a_seed_beyond_32_bits_runs_and_replays(tmp_path, capsys):
    session = tmp_path / "run.json"
    code, _, err = run(capsys, "run", *FAST, "--seed", "3000000000", "--session", str(session))
    assert code == 0, err
    assert json.loads(session.read_text())["config"]["seed"] == 3_000_000_000
    code, out, _ = run(capsys, "replay", str(session))
    assert code == 0 and "replay matches the recorded summary exactly" in out


def test_python_dash_m_entry_point_and_exit_codes():
    ok = subprocess.run([sys.executable, "-m", "lrmonitor", "run", *FAST, "--quiet"], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout == "" and ok.stderr == ""
    bad = subprocess.run([sys.executable, "-m", "lrmonitor", "run", "--lr", "0"], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1


@pytest.mark.parametrize("config", [
    '{"problem": ["mlp"]}',
    '{"optimizer": 7}',
    '{"lr": 1' + '0' * 400 + '}',
])
def test_damaged_configurations_are_one_line_not_a_traceback(tmp_path, capsys, config):
    path = tmp_path / "run.json"
    path.write_text('{"format": "lrmonitor-session", "version": 1, "config": ' + config + "}")
    code, _, err = run(capsys, "replay", str(path))
    assert code == 2 and "is damaged" in err and err.count("\n") == 1


def test_an_until_stopped_session_without_a_step_count_is_refused(tmp_path, capsys):
    path = tmp_path / "run.json"
    path.write_text('{"format": "lrmonitor-session", "version": 1, "config": {"epochs": null, "problem": "linear"}}')
    code, _, err = run(capsys, "replay", str(path))
    assert code == 2 and "until stopped" in err


# -- session files of format version 2 (.lrmon) ---------------------------------------------------
def members(path):
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(path, found):
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name, data in found.items():
            archive.writestr(name, data)


def test_run_session_lrmon_writes_version_2_with_every_number(tmp_path, capsys):
    from lrmonitor.core.files.lrmon import load_any

    steps, session = tmp_path / "steps.csv", tmp_path / "run.lrmon"
    code, _, err = run(capsys, "run", *FAST, "--at", "2:decay=0.5", "--out", str(steps), "--session", str(session))
    assert code == 0, err
    loaded = load_any(session)
    assert loaded.version == 2 and [r.name for r in loaded.runs] == ["α=0.05, decay ×0.5 at epoch 2"]
    record = loaded.runs[0].record
    assert record.history.loss.view().tolist() == [float(r["loss"]) for r in read_rows(steps)]
    assert record.status == "finished" and record.state.step == 35
    assert json.loads(members(session)["manifest.json"])["runs"][0]["summary"]["steps"] == 35


def test_run_session_needs_a_known_extension(tmp_path, capsys):
    code, out, err = run(capsys, "run", *FAST, "--session", str(tmp_path / "run.session"))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "--session '" in err and "the name must end in .lrmon (format version 2, every recorded number) or .json " \
                                   "(version 1, configuration and events)" in err
    assert list(tmp_path.iterdir()) == []


def test_replay_of_a_faithful_version_2_file_exits_0(tmp_path, capsys):
    session, again, steps = tmp_path / "run.lrmon", tmp_path / "again.lrmon", tmp_path / "s.csv"
    argv = ["run", "--epochs", "6", "--schedule", "plateau:patience=1", "--at", "3:optimizer=adam", "--session",
            str(session), "--out", str(steps)]
    assert run(capsys, *argv)[0] == 0
    copy = tmp_path / "copy.csv"
    code, out, err = run(capsys, "replay", str(session), "--out", str(copy), "--session", str(again))
    assert code == 0 and err == ""
    assert out.splitlines()[-1].startswith("replay matches the recording exactly: 1 run, every number bit for bit")
    assert copy.read_bytes() == steps.read_bytes()
    assert members(again) == members(session)  # the recomputed run, written again, is the same file
    assert run(capsys, "replay", str(session), "--quiet") == (0, "", "")


def test_replay_of_a_doctored_file_says_where_in_one_line_and_exits_4(tmp_path, capsys):
    import io

    import numpy as np

    session = tmp_path / "run.lrmon"
    assert run(capsys, "run", *FAST, "--session", str(session))[0] == 0
    found = members(session)
    loss = np.load(io.BytesIO(found["runs/1/loss.npy"]))
    loss[20] = np.nextafter(loss[20], 0.0)  # one ulp
    buffer = io.BytesIO()
    np.save(buffer, loss)
    found["runs/1/loss.npy"] = buffer.getvalue()
    rewrite(session, found)
    code, out, err = run(capsys, "replay", str(session))
    assert code == 4 and out == "" and err.count("\n") == 1
    assert err.startswith("lrmonitor: run 1 'fixed α=0.05' differs from the recording: first at step 21 (epoch 2): "
                          "loss recorded ")


def test_replay_of_a_recorded_divergence_exits_3(tmp_path, capsys):
    session = tmp_path / "run.lrmon"
    assert run(capsys, "run", *FAST, "--epochs", "50", "--optimizer", "sgd", "--lr", "10", "--session",
               str(session))[0] == 3
    code, out, err = run(capsys, "replay", str(session))
    assert code == 3 and "diverged at step" in err and "replay matches the recording exactly" in out


def test_replay_on_other_blas_kernels_either_matches_or_says_where(tmp_path, capsys):
    """On this machine's default kernels a file replays exactly; with others it may not, and then
    the replay says so in one line (exit 4): that is why version 2 keeps the recorded numbers."""
    session = tmp_path / "run.lrmon"
    assert run(capsys, "run", "--epochs", "3", "--session", str(session), "--quiet")[0] == 0
    env = dict(os.environ, OPENBLAS_CORETYPE="Sandybridge")
    done = subprocess.run([sys.executable, "-m", "lrmonitor", "replay", str(session), "--quiet"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 4), done.stderr
    if done.returncode == 4:
        assert done.stderr.count("\n") == 1 and "run 1 'fixed α=0.3' differs from the recording: first at step" \
            in done.stderr


def test_replay_help_documents_both_versions_and_exit_4(capsys):
    with pytest.raises(SystemExit):
        main(["replay", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Version 2 (.lrmon): every run is recomputed from its configuration and events" in text
    assert "4 a recomputed number differs from the recorded one" in text
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "FILE.lrmon writes format version 2" in text and "FILE.json version 1" in text


def test_warmup_then_cosine_and_the_other_framework_schedules_from_the_command_line(tmp_path, capsys):
    """torch's SequentialLR([LinearLR(0.1, 1, 2), CosineAnnealingLR(3)], milestones=[2]) as two --at actions."""
    epochs = tmp_path / "epochs.csv"
    code, _, err = run(capsys, "run", *FAST, "--lr", "0.1", "--at", "0:warmup:epochs=2,start=0.1",
                       "--at", "2:cosine:period=3", "--epoch-out", str(epochs))
    assert code == 0, err
    want = [0.01, 0.055, 0.1, 0.075, 0.025]  # LinearLR, then cosine from the warmed-up rate
    assert [float(r["lr"]) for r in read_rows(epochs)] == pytest.approx(want, rel=1e-12)
    for spec in ("multistep:milestones=1/3,factor=0.5", "poly:epochs=4,power=2", "sgdr:period=2,mult=1",
                 "onecycle:max=0.2,epochs=5"):
        assert run(capsys, "run", *FAST, "--schedule", spec)[0] == 0, spec


@pytest.mark.parametrize("argv, message", [
    (["--at", "0:multistep:milestones=3/x"], "milestones='3/x' in schedule 'multistep' is not valid: expected whole "
                                             "numbers separated by /"),
    (["--schedule", "onecycle:pct=1.5"], "pct=1.5 in schedule 'onecycle' is out of range: allowed is 0 < pct < 1"),
    (["--schedule", "warmup:start=0"], "start=0 in schedule 'warmup' is out of range: allowed is 0 < start <= 1"),
])
def test_framework_schedules_refuse_bad_values_with_the_range(capsys, argv, message):
    code, _, err = run(capsys, "run", *FAST, *argv)
    assert code == 2 and message in err
