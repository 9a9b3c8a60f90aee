"""Session files of format version 2 (.lrmon): a tree of runs with its recorded numbers, read strictly."""

import dataclasses
import io
import json
import os
import struct
import time
import zipfile

import numpy as np
import pytest

from lrmonitor.core.files import container, lrmon
from lrmonitor.core.files.lrmon import RecordedRun, load_any, save_tree
from lrmonitor.core.files.session import Session, load_session, save_session
from lrmonitor.core.run.checkpoint import Checkpoints
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import Stamped, parse_action
from lrmonitor.core.run.history import History
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import RunRecord, RunTree

MLP = RunConfig(problem="mlp", epochs=12, train_size=150, val_size=60, batch_size=16).validated()  # 10 steps/epoch
COLUMNS = ("loss", "lr", "epoch_lr", "train_loss", "val_loss")


def small_store(spe=10):
    return Checkpoints(spe, min_steps=20, limit=4)


def make_tree():
    """A base run paused mid-epoch with a plateau schedule, a finished fork (sharing the base's
    checkpoints), a fork of the fork, and a deleted run (so the ids have a gap)."""
    tree = RunTree()
    base = Trainer(MLP, [Stamped(0, parse_action("plateau:patience=1")), Stamped(40, parse_action("decay=0.5"))],
                   checkpoints=small_store())
    base.run(87)
    root = tree.add(base, name="base")
    gone = tree.fork(root.id, 30, "lr=0.01")
    tree.delete(gone.id)
    one = tree.fork(root.id, 50, "step:factor=0.5,every=2")
    one.run.run()
    two = tree.fork(one.id, 75, "optimizer=adam", name="adam later")
    two.run.run(12)
    return tree


def same_columns(a, b):
    for name in COLUMNS:
        assert getattr(a, name).view().tobytes() == getattr(b, name).view().tobytes(), name


def test_a_tree_round_trips_every_array_bit_for_bit_and_its_metadata(tmp_path):
    tree = make_tree()
    path = tmp_path / "runs.lrmon"
    save_tree(path, tree)
    loaded = load_any(path)
    assert loaded.version == 2 and not loaded.needs_replay and loaded.session is None
    assert loaded.written_by.startswith("lrmonitor ")
    assert [r.id for r in loaded.runs] == [1, 3, 4]
    for run in loaded.runs:
        node = tree[run.id]
        assert (run.name, run.parent, run.fork_step, run.action, run.colour) == (
            node.name, node.parent, node.fork_step, node.action, node.colour)
        record, original = run.record, RunRecord.of(node.run)
        assert isinstance(record, RecordedRun)
        same_columns(record.history, original.history)
        assert record.history.events == original.history.events and record.events == original.events
        assert record.config == original.config and record.status is original.status
        assert record.summary == node.run.summary()
        assert [c.step for c in record.checkpoints] == [c.step for c in original.checkpoints]
        assert record.state.step == record.history.steps
    base, one, two = loaded.runs
    assert base.record.checkpoints.at_or_before(40) is one.record.checkpoints.at_or_before(40)  # written once
    assert two.record.status is RunState.PAUSED and one.record.status is RunState.FINISHED


def test_the_same_runs_give_the_same_bytes(tmp_path):
    tree = make_tree()
    save_tree(tmp_path / "a.lrmon", tree)
    save_tree(tmp_path / "b.lrmon", tree)
    assert (tmp_path / "a.lrmon").read_bytes() == (tmp_path / "b.lrmon").read_bytes()


def test_a_loaded_run_continues_bit_for_bit(tmp_path):
    tree = make_tree()
    save_tree(tmp_path / "runs.lrmon", tree)
    loaded = load_any(tmp_path / "runs.lrmon")
    for run in loaded.runs:
        resumed = run.record.resume()
        original = tree[run.id].run
        resumed.run()
        original.run()
        same_columns(resumed.history, original.history)
        assert resumed.history.events == original.history.events
        assert all(a.tobytes() == b.tobytes() for a, b in zip(resumed.params, original.params))


def test_the_loaded_tree_forks_and_numbers_new_runs_after_the_files(tmp_path):
    tree = make_tree()
    save_tree(tmp_path / "runs.lrmon", tree)
    again = load_any(tmp_path / "runs.lrmon").tree()
    assert [(n.id, n.name, n.parent, n.colour) for n in again] == [(n.id, n.name, n.parent, n.colour) for n in tree]
    new = again.fork(1, 60, "decay=0.1")
    assert new.id == 5 and new.colour not in {n.colour for n in again if n.id != 5}
    reference = tree.fork(1, 60, "decay=0.1")  # forked from the live trainer instead
    new.run.run()
    reference.run.run()
    same_columns(new.run.history, reference.run.history)
    save_tree(tmp_path / "again.lrmon", again)  # recorded runs and a new trainer in one file
    assert [r.id for r in load_any(tmp_path / "again.lrmon").runs] == [1, 3, 4, 5]


def test_resaving_a_loaded_file_keeps_everything(tmp_path):
    save_tree(tmp_path / "a.lrmon", make_tree())
    save_tree(tmp_path / "b.lrmon", load_any(tmp_path / "a.lrmon").tree())
    assert (tmp_path / "a.lrmon").read_bytes() == (tmp_path / "b.lrmon").read_bytes()


def test_trainers_and_records_save_as_first_runs(tmp_path):
    diverged = Trainer(dataclasses.replace(MLP, problem="linear", optimizer="sgd", lr=50.0, epochs=30))
    assert diverged.run() is RunState.DIVERGED
    idle = Trainer(MLP, [Stamped(0, parse_action("exponential:gamma=0.9"))])
    record = RunRecord.of(Trainer(MLP, checkpoints=False))
    save_tree(tmp_path / "runs.lrmon", [diverged, idle, record])
    runs = load_any(tmp_path / "runs.lrmon").runs
    assert [(r.id, r.parent, r.colour, r.record.status) for r in runs] == [
        (1, None, 0, RunState.DIVERGED), (2, None, 1, RunState.IDLE), (3, None, 2, RunState.IDLE)]
    assert runs[0].record.state is None and runs[0].record.history.diverged_at == diverged.history.diverged_at
    assert runs[0].name == "fixed α=50"
    assert runs[1].record.events == (Stamped(0, parse_action("exponential:gamma=0.9")),)
    same_columns(runs[0].record.history, diverged.history)
    assert runs[2].record.checkpoints is None
    with pytest.raises(ValueError, match="it diverged"):
        runs[0].record.resume()


def test_version_1_files_still_load_and_say_they_need_a_replay(tmp_path):
    trainer = Trainer(MLP, [Stamped(20, parse_action("decay=0.5"))])
    trainer.run()
    path = tmp_path / "run.json"
    save_session(path, Session(trainer.config, list(trainer.history.events), trainer.summary()))
    loaded = load_any(path)
    assert loaded.version == 1 and loaded.needs_replay
    assert loaded.session == load_session(path)
    (run,) = loaded.runs
    assert run.record.config == trainer.config and run.record.events == tuple(trainer.history.events)
    assert run.record.history.steps == 0 and loaded.session.steps == trainer.step


def test_load_session_refuses_a_version_2_file_clearly(tmp_path):
    save_tree(tmp_path / "runs.lrmon", [Trainer(MLP)])
    with pytest.raises(ValueError, match=r"is a version 2 session \(.lrmon\), which this reader does not open"):
        load_session(tmp_path / "runs.lrmon")


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "runs.lrmon"
    save_tree(path, [Trainer(MLP)])
    before = path.read_bytes()
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(OSError):
        save_tree(path, make_tree())
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["runs.lrmon"]


# -- opening a long run is fast -------------------------------------------------------------------
def synthetic(problem, steps, checkpoints=0):
    """A finished run of ``steps`` steps with made-up numbers (no training), and checkpoints."""
    config = RunConfig(problem=problem, epochs=steps // 32, train_size=1000, batch_size=32).validated()
    rng = np.random.default_rng(0)
    history = History(32)
    history.loss.extend(rng.random(steps))
    history.lr.extend(np.repeat([0.1, 0.01], steps // 2))
    for column in (history.epoch_lr, history.train_loss, history.val_loss):
        column.extend(rng.random(steps // 32))
    store = None
    if checkpoints:
        base = Trainer(dataclasses.replace(config, epochs=1))
        base.run()
        store = Checkpoints(32, limit=10**6, max_bytes=1 << 40)
        for k in range(1, checkpoints + 1):
            step = 32 * (k * (steps // 32) // checkpoints)  # at epoch ends, the last at the end
            store.add(dataclasses.replace(base.checkpoint(), step=step, config=config,
                                          status=RunState.PAUSED if k < checkpoints else RunState.FINISHED))
    return RunRecord(config, (), history, RunState.FINISHED, store)


@pytest.mark.parametrize("problem, steps, checkpoints", [("linear", 10**6, 488), ("mlp", 3 * 10**5, 146)])
def test_a_long_session_opens_in_well_under_two_seconds(tmp_path, problem, steps, checkpoints):
    path = tmp_path / "long.lrmon"
    record = synthetic(problem, steps, checkpoints)
    save_tree(path, [record])
    start = time.perf_counter()
    loaded = load_any(path)
    seconds = time.perf_counter() - start
    assert seconds < 1.0, seconds  # about 0.06 s on the machine this was written on
    assert loaded.runs[0].record.history.steps == steps and len(loaded.runs[0].record.checkpoints) == checkpoints
    same_columns(loaded.runs[0].record.history, record.history)


# -- reading refuses damaged files in one sentence ------------------------------------------------
def members(path):
    with zipfile.ZipFile(path) as archive:
        return {info.filename: (info, archive.read(info)) for info in archive.infolist()}


def rewrite(path, change):
    """Rewrite the archive with ``change(members)`` applied to {name: bytes} (order kept)."""
    found = {name: data for name, (_, data) in members(path).items()}
    change(found)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in found.items():
            archive.writestr(name, data)


def edit_manifest(path, change):
    def apply(found):
        manifest = json.loads(found["manifest.json"])
        change(manifest)
        found["manifest.json"] = json.dumps(manifest).encode()
    rewrite(path, apply)


def npy(array):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=True)
    return buffer.getvalue()


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "runs.lrmon"
    save_tree(path, make_tree())
    return path


def refused(path, fragment):
    with pytest.raises(ValueError) as err:
        load_any(path)
    message = str(err.value)
    assert fragment in message and "\n" not in message and str(path) in message, message
    return message


def run_entry(manifest, run_id):
    return next(r for r in manifest["runs"] if r["id"] == run_id)


@pytest.mark.parametrize("change, fragment", [
    (lambda m: m.update(format="something"), "is not an lrmonitor session file"),
    (lambda m: m.update(version=3), "has format version 3, written by a newer lrmonitor; this version reads "
                                    "versions 1 to 2"),
    (lambda m: m.update(version=1), "the manifest has the format version 1"),
    (lambda m: m.update(runs=[]), "allowed are 1 to 1000 runs"),
    (lambda m: m["runs"][0].update(id=0), "run 1 of the manifest's id is 0: allowed is a whole number 1 <= n"),
    (lambda m: m["runs"][1].update(id=1), "two runs have the id 1"),
    (lambda m: m["runs"][0].update(colour=-1), "run 1's colour is -1"),
    (lambda m: m["runs"][0].update(name=" "), "run name ' ' is not valid"),
    (lambda m: m["runs"][0]["summary"].update(steps=-1), "run 1's summary.steps is -1"),
    (lambda m: m["runs"][0]["summary"].update(steps=10**30), "summary.steps is 1000000000000000000000000000000"),
    (lambda m: m["runs"][0]["summary"].update(epochs=9), "summary has 9 epochs for 87 steps: expected 8"),
    (lambda m: m["runs"][0]["summary"].update(status="finished"), "has the status finished after 87 steps of 120"),
    (lambda m: m["runs"][0]["summary"].update(diverged_at=5), "with diverged_at 5"),
    (lambda m: m["runs"][0]["summary"].update(final_val_loss=0.5), "summary.final_val_loss is 0.5 but its arrays"),
    (lambda m: m["runs"][0]["config"].update(seed=-1), "run 1's configuration: seed -1 is out of range"),
    (lambda m: m["runs"][0]["events"][1].update(step=500), "step 500 is outside the run: allowed is 0 <= step <= 120"),
    (lambda m: m["runs"][0]["events"][1].update(step=95), "applied event 1 is at step 95"),
    (lambda m: m["runs"][0].update(applied=7), "applied event count is 7: allowed is a whole number 0 <= n <= 2"),
    (lambda m: m["runs"][0].update(parent=4, fork_step=40, action="decay=0.5"),
     "parents form a cycle (1 -> 4 -> 3 -> 1)"),
    (lambda m: m["runs"][1].update(parent=3), "parents form a cycle (3 -> 3)"),
    (lambda m: m["runs"][1].update(parent=9), "run 3's parent 9 is not in the file"),
    (lambda m: m["runs"][1].update(fork_step=-4), "run 3's fork_step is -4"),
    (lambda m: (m["runs"][1].update(fork_step=100), m["runs"][1]["events"][2].update(step=100)),
     "run 3 forks at step 100, after its parent's last step 87"),
    (lambda m: m["runs"][1].update(action="jump"), "run 3's action: action 'jump' is not known"),
    (lambda m: m["runs"][1].update(action="decay=0.9"), "does not hold its action decay=0.9 at its fork step 50"),
    (lambda m: m["runs"][1]["config"].update(seed=3), "configuration differs from its parent's"),
    (lambda m: m["runs"][0].update(state=10**6), "run 1's state refers to checkpoint 1000000"),
    (lambda m: m["runs"][0].update(state=0), "run 1's state is at step 20: expected its last step 87"),
    (lambda m: m["runs"][0]["checkpoints"].update(spacing=3), "spacing 3 is not a power of two"),
    (lambda m: m["runs"][0]["checkpoints"]["items"].reverse(), "allowed are steps in increasing order"),
    (lambda m: m["runs"][0]["arrays"]["loss"].update(shape=[86]), "loss array is declared with shape (86,): "
                                                                  "expected (87,)"),
    (lambda m: m["runs"][0]["arrays"]["loss"].update(dtype="float32"), "loss array is declared as 'float32'"),
    (lambda m: m["runs"][0]["arrays"]["loss"].update(member="runs/9/loss.npy"), "('runs/9/loss.npy') is missing"),
    (lambda m: m["checkpoints"][0]["params"][0].update(shape=[3, 3]), "parameter 0 has shape (3, 3)"),
    (lambda m: m["blobs"]["float64"].update(shape=[5]),
     "the checkpoints' float64 pack ('state/float64.npy') has shape"),
])
def test_damaged_manifests_are_refused_in_one_sentence(saved, change, fragment):
    edit_manifest(saved, change)
    refused(saved, fragment)


@pytest.mark.parametrize("name, data, fragment", [
    ("runs/1/loss.npy", npy(np.zeros(87, dtype=np.float32)), "holds float32 values: expected float64"),
    ("runs/1/loss.npy", npy(np.zeros(86)), "has shape (86,): declared (87,)"),
    ("runs/1/loss.npy", npy(np.zeros(87, dtype=">f8")), "holds >f8 values"),
    ("runs/1/loss.npy", npy(np.array([None] * 87, dtype=object)), "holds object values"),
    ("runs/1/loss.npy", npy(np.zeros(87))[:-8], "has 688 bytes of data: expected 696"),
    ("runs/1/loss.npy", b"not an array", "is not a valid .npy array"),
    ("runs/1/lr.npy", None, "run 1's lr array ('runs/1/lr.npy') is missing from the archive"),
    ("state/float64.npy", None, "the checkpoints' float64 pack ('state/float64.npy') is missing"),
    ("manifest.json", b'{"format": "lrmonitor-session", "version": 2, "runs": [', "manifest.json is not valid JSON"),
    ("manifest.json", b'{"format": "lrmonitor-session", "version": NaN}', "NaN is not a JSON number"),
    ("manifest.json", b"[" * 100000 + b"]" * 100000, "manifest.json is out of bounds: its lists and objects nest "
     "100,000 deep: allowed are at most 100"),
    ("manifest.json", b"\xff\xfe", "manifest.json is not UTF-8 text"),
    ("manifest.json", b"[1, 2]", "manifest.json is not a JSON object"),
    ("manifest.json", None, "the manifest ('manifest.json') is missing"),
])
def test_damaged_members_are_refused_in_one_sentence(saved, name, data, fragment):
    def change(found):
        if data is None:
            del found[name]
        else:
            found[name] = data
    rewrite(saved, change)
    refused(saved, fragment)


def test_a_truncated_file_is_refused(saved):
    data = saved.read_bytes()
    for size in (len(data) // 2, len(data) - 10, 30):
        saved.write_bytes(data[:size])
        refused(saved, "is not a complete zip archive (truncated or damaged?)")


def test_a_damaged_member_is_refused(saved):
    data = bytearray(saved.read_bytes())
    info = members(saved)["runs/1/loss.npy"][0]
    data[info.header_offset + 30 + len(info.filename) + 200] ^= 0xFF  # a byte of the stored array
    saved.write_bytes(bytes(data))
    refused(saved, "the member 'runs/1/loss.npy' is damaged: Bad CRC-32")


def patch_central_directory(path, name, offset, fmt, value):
    """Change a field of ``name``'s central directory entry (offset from the entry's start)."""
    data = bytearray(path.read_bytes())
    start = data.find(b"PK\x01\x02")
    while start >= 0:
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + length].decode() == name:
            struct.pack_into(fmt, data, start + offset, value)
            path.write_bytes(bytes(data))
            return
        start = data.find(b"PK\x01\x02", start + 4)
    raise AssertionError(name)


def test_a_huge_declared_size_is_refused_before_reading(saved):
    patch_central_directory(saved, "runs/1/lr.npy", 24, "<L", 0xFFFFFFF0)  # uncompressed size
    refused(saved, "the member 'runs/1/lr.npy' declares 4,294,967,280 bytes uncompressed: allowed are at most "
                   "1,073,741,824")


def test_a_size_that_lies_is_refused(saved):
    info = members(saved)["runs/1/lr.npy"][0]
    patch_central_directory(saved, "runs/1/lr.npy", 24, "<L", info.file_size + 1000)
    refused(saved, "runs/1/lr.npy")


def test_a_zip_bomb_costs_at_most_the_limit(saved, monkeypatch):
    def bomb(found):
        found["runs/1/lr.npy"] = npy(np.zeros(20_000_000))  # 160 MB of zeros, deflated to about 160 KB
    def deflated(path):
        found = {name: data for name, (_, data) in members(path).items()}
        bomb(found)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in found.items():
                archive.writestr(name, data)
    deflated(saved)
    assert saved.stat().st_size < 1_000_000
    monkeypatch.setattr(container, "MAX_MEMBER_BYTES", 10_000_000)
    refused(saved, "declares 160,000,128 bytes uncompressed: allowed are at most 10,000,000")


def test_other_compression_and_encryption_are_refused(saved):
    found = {name: data for name, (_, data) in members(saved).items()}
    with zipfile.ZipFile(saved, "w") as archive:
        for name, data in found.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_BZIP2 if name.endswith("lr.npy") else None)
    refused(saved, "uses compression method 12: allowed are stored (0) and deflate (8)")
    save_tree(saved, [Trainer(MLP)])
    patch_central_directory(saved, "runs/1/loss.npy", 8, "<H", 0x1)  # general purpose flags: encrypted
    refused(saved, "the member 'runs/1/loss.npy' is encrypted")


def test_duplicate_and_too_many_members_are_refused(saved, monkeypatch):
    with zipfile.ZipFile(saved, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("runs/1/loss.npy", b"again")
    refused(saved, "it holds the member 'runs/1/loss.npy' twice")
    save_tree(saved, make_tree())
    monkeypatch.setattr(container, "MAX_MEMBERS", 5)
    refused(saved, "members: allowed are at most 5")


def test_what_is_not_a_regular_file_is_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.lrmon"
    os.mkfifo(fifo)
    start = time.perf_counter()
    refused(fifo, "is a named pipe (FIFO), not a regular file")
    assert time.perf_counter() - start < 1.0  # it did not wait for a writer
    refused(tmp_path, "is a folder, not a file")
    refused(tmp_path / "missing.lrmon", "does not exist")
    if os.path.exists("/dev/zero"):
        with pytest.raises(ValueError, match="'/dev/zero' is a device, not a regular file"):
            load_any("/dev/zero")


def test_files_over_the_limits_are_refused(saved, monkeypatch, tmp_path):
    monkeypatch.setattr(lrmon, "MAX_FILE_BYTES", 1000)
    refused(saved, "bytes: larger than the 1,000 bytes a session file may have")
    monkeypatch.undo()
    monkeypatch.setattr(container, "MAX_MANIFEST_BYTES", 100)
    refused(saved, "the member 'manifest.json' declares")
    monkeypatch.undo()
    monkeypatch.setattr(container, "MAX_TOTAL_BYTES", 5000)
    refused(saved, "its members declare more than 5,000 bytes uncompressed in all")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2000)
    monkeypatch.setattr(lrmon, "MAX_V1_BYTES", 1000)
    refused(big, "larger than the 1,000 bytes a version 1 session file may have")


def test_other_files_are_refused(tmp_path):
    png = tmp_path / "picture.lrmon"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    refused(png, "is not a text file (not an lrmonitor session)")
    other_zip = tmp_path / "other.lrmon"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "hello")
    refused(other_zip, "the manifest ('manifest.json') is missing from the archive")
    json_v2 = tmp_path / "v2.json"
    json_v2.write_text('{"format": "lrmonitor-session", "version": 2, "config": {}}')
    refused(json_v2, "says format version 2 but is JSON")
    newer = tmp_path / "v9.json"
    newer.write_text('{"format": "lrmonitor-session", "version": 9, "config": {}}')
    refused(newer, "has format version 9, written by a newer lrmonitor; this version reads versions 1 to 2")


def test_saving_refuses_what_is_not_a_tree():
    base = Trainer(MLP)
    tree = RunTree()
    node = tree.add(base)
    fork = tree.fork(node.id, 0, "decay=0.5")
    with pytest.raises(ValueError, match="run 2's parent 1 is not among the runs to save"):
        save_tree(os.devnull, [fork])
    with pytest.raises(ValueError, match="all tree nodes or all runs, not a mix"):
        save_tree(os.devnull, [node, base])
    with pytest.raises(ValueError, match="there is no run to save"):
        save_tree(os.devnull, [])
