"""``lrmonitor watch`` with a real PyTorch training in another process, and the attached run's files."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from lrmonitor.core.link.files import FORMAT, load_attached, save_attached
from lrmonitor.core.run.events import DecayNow, SetRate

pytest.importorskip("torch", reason="the attach tests train a real PyTorch model (torch is in the test extra)")
_spec = importlib.util.spec_from_file_location("attach_helpers", Path(__file__).with_name("helpers.py"))
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)
wait_until = helpers.wait_until

SCRIPT = Path(__file__).with_name("training_script.py")
ROOT = Path(__file__).resolve().parents[2]


def environment(**extra: str) -> dict[str, str]:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    return dict(os.environ, PYTHONPATH=path, OMP_NUM_THREADS="1", **extra)


def watch_and_train(tmp_path: Path, watch_args: list[str], train_args: list[str]):
    connection = tmp_path / "lrmonitor.conn"
    env = environment(XDG_RUNTIME_DIR=str(tmp_path))
    watch = subprocess.Popen([sys.executable, "-m", "lrmonitor", "watch", "--connection-file", str(connection),
                              "--wait", "120", *watch_args], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: connection.exists() or watch.poll() is not None, "the connection file")
        assert stat.S_IMODE(os.stat(connection).st_mode) == 0o600
        result = tmp_path / "training.json"
        training = subprocess.run([sys.executable, str(SCRIPT), str(result), *train_args],
                                  env=dict(env, LRMONITOR_ATTACH=str(connection)), capture_output=True, text=True,
                                  timeout=300)
        assert training.returncode == 0, training.stderr
        out, err = watch.communicate(timeout=120)
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.communicate()
    assert not connection.exists()  # removed when watch ends
    return watch.returncode, out, err, json.loads(result.read_text())


def test_watch_records_the_training_and_applies_at_actions_at_those_steps(tmp_path):
    code, out, err, training = watch_and_train(
        tmp_path, ["--at", "40:decay=0.5", "--at", "70:lr=0.01", "--out", str(tmp_path / "steps.csv"),
                   "--session", str(tmp_path / "run.json")], ["--steps", "100"])
    assert code == 0, err
    used = training["used"]
    assert used[:40] == [0.05] * 40 and used[40:70] == [0.025] * 30 and used[70:] == [0.01] * 30
    assert "step 40: decay=0.5 took effect, lr 0.025" in out
    assert "step 70: lr=0.01 took effect, lr 0.01" in out
    assert "watch: 100 steps recorded" in out
    with open(tmp_path / "steps.csv", newline="") as source:
        rows = list(csv.DictReader(source))
    assert [int(r["step"]) for r in rows] == list(range(1, 101))
    assert [float(r["lr"]) for r in rows] == used  # the rate each update used
    assert rows[0]["val_loss"] == "" and rows[17]["epoch"] == "1.0"
    record = json.loads((tmp_path / "run.json").read_text())
    assert record["format"] == FORMAT and record["replayable"] is False and "cannot be replayed" in record["note"]
    run = load_attached(tmp_path / "run.json")
    assert [(s.step, s.event) for s in run.history.events] == [(40, DecayNow(0.5)), (70, SetRate(0.01))]
    assert list(run.history.step_values()[0]) == used and run.finished
    assert run.history.steps_per_epoch == 16  # declared by the training


def test_watch_stop_action_ends_the_training_where_asked(tmp_path):
    code, out, err, training = watch_and_train(tmp_path, ["--at", "25:stop", "--quiet"],
                                               ["--steps", "100000", "--until-stop"])
    assert code == 0 and out == "", err
    assert training["stopped_at"] == 25  # monitor.should_stop after the 25th update: the loop ended there


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL to end the training as a crash would")
def test_watch_writes_what_it_recorded_when_the_training_is_killed(tmp_path):
    connection = tmp_path / "lrmonitor.conn"
    env = environment(XDG_RUNTIME_DIR=str(tmp_path))
    watch = subprocess.Popen([sys.executable, "-m", "lrmonitor", "watch", "--connection-file", str(connection),
                              "--out", str(tmp_path / "steps.csv")], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: connection.exists() or watch.poll() is not None, "the connection file")
        training = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "t.json"), "--steps", "100000",
                                   "--kill", "self:3000"], env=dict(env, LRMONITOR_ATTACH=str(connection)),
                                  capture_output=True, text=True, timeout=300)
        assert training.returncode == -signal.SIGKILL
        out, err = watch.communicate(timeout=120)  # it waits 10 s for a reconnect, then gives up
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.communicate()
    assert watch.returncode == 1 and "went away without closing" in err
    with open(tmp_path / "steps.csv", newline="") as source:
        steps = [int(row["step"]) for row in csv.DictReader(source)]
    assert steps == list(range(1, len(steps) + 1)) and 0 < len(steps) <= 3000  # what arrived before the kill


def test_an_attached_record_round_trips_and_a_damaged_one_is_refused(tmp_path):
    from lrmonitor.core.link.protocol import check_row
    from lrmonitor.core.link.record import Ack, AttachedRun, TrainingInfo
    from lrmonitor.core.run.events import Acknowledged, Stamped

    run = AttachedRun(TrainingInfo.from_hello({"run": "x", "mode": "scale", "lr": 0.1, "script": "t.py"}))
    run.add_rows([check_row([1, 0, 0.1, "nan", None, 2.0, None]), check_row([2, 0, 0.1, 1.5, 1.25, None, 1.5])])
    run.add_ack(Ack(1, "decay=0.5", True, 2, 0.05), DecayNow(0.5))
    save_attached(tmp_path / "a.json", run)
    again = load_attached(tmp_path / "a.json")
    assert again.info == run.info and again.acks == run.acks
    assert again.history.events == [Acknowledged(2, DecayNow(0.5), 0.05)]  # with the rate the training used
    assert again.history.events[0].label() == "decay ×0.5 → lr 0.05"
    older = tmp_path / "older.json"  # written before the events kept their rate: the events still read
    older.write_text((tmp_path / "a.json").read_text().replace(',"lr":0.05}]', "}]"))
    assert load_attached(older).history.events == [Stamped(2, DecayNow(0.5))]
    assert list(again.steps.view()) == [1, 2] and list(again.history.val_loss.view()) == [1.25]
    assert again.history.loss.view()[0] != again.history.loss.view()[0]  # a NaN loss stays NaN
    damaged = tmp_path / "damaged.json"
    text = (tmp_path / "a.json").read_text()
    for bad in (text[: len(text) // 2], text.replace('"rows":[[1', '"rows":[["one"'), "[]",
                text.replace(FORMAT, "lrmonitor-session")):
        damaged.write_text(bad)
        with pytest.raises(ValueError, match="damaged.json"):
            load_attached(damaged)
