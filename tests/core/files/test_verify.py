"""Recomputing a version-2 file: a faithful one matches bit for bit; a doctored one says where it differs."""

import dataclasses
import io
import json
import zipfile

import numpy as np
import pytest

from lrmonitor.core.files.lrmon import load_any, save_tree
from lrmonitor.core.files.session import Session, save_session
from lrmonitor.core.files.verify import recompute
from lrmonitor.core.run.checkpoint import Checkpoints
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import Stamped, parse_action
from lrmonitor.core.run.state import RunState
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import RunTree, continue_run

MLP = RunConfig(problem="mlp", epochs=12, train_size=150, val_size=60, batch_size=16).validated()  # 10 steps/epoch


def make_tree():
    tree = RunTree()
    base = Trainer(MLP, [Stamped(0, parse_action("plateau:patience=1")), Stamped(40, parse_action("decay=0.5"))],
                   checkpoints=Checkpoints(10, min_steps=20, limit=4))
    base.run(87)
    root = tree.add(base, name="base")
    one = tree.fork(root.id, 50, "step:factor=0.5,every=2")
    one.run.run()
    one.run.post(parse_action("lr=0.01"))  # applied at the next step: pending in the file
    two = tree.fork(one.id, 75, "optimizer=adam", name="adam later")
    two.run.run(12)
    tree.add(continued(), name="continued")
    return tree


def continued():
    """A run trained 4 epochs, then continued for 3 more (its early checkpoints say 4 epochs, finished)."""
    short = Trainer(dataclasses.replace(MLP, epochs=4), checkpoints=Checkpoints(10, min_steps=20))
    short.run()
    longer = continue_run(short, 3)
    longer.run(25)
    return longer


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "runs.lrmon"
    save_tree(path, make_tree())
    return path


def test_a_faithful_file_recomputes_bit_for_bit(saved):
    loaded = load_any(saved)
    result = recompute(loaded)
    assert result.differences == []
    assert sorted(result.trainers) == [r.id for r in loaded.runs]
    for run in loaded.runs:
        for name in ("loss", "lr", "epoch_lr", "train_loss", "val_loss"):
            assert (getattr(result.trainers[run.id].history, name).view().tobytes()
                    == getattr(run.record.history, name).view().tobytes())


def test_a_recorded_divergence_is_faithful_too(tmp_path):
    trainer = Trainer(dataclasses.replace(MLP, problem="linear", optimizer="sgd", lr=50.0, epochs=30))
    assert trainer.run() is RunState.DIVERGED
    save_tree(tmp_path / "d.lrmon", [trainer])
    result = recompute(load_any(tmp_path / "d.lrmon"))
    assert result.differences == [] and result.trainers[1].status is RunState.DIVERGED


def members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write(path, found):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in found.items():
            archive.writestr(name, data)


def doctor_array(path, member, index, change):
    found = members(path)
    array = np.load(io.BytesIO(found[member]), allow_pickle=False).copy()
    array[index] = change(array[index])
    buffer = io.BytesIO()
    np.save(buffer, array)
    found[member] = buffer.getvalue()
    write(path, found)


def doctor_manifest(path, change):
    found = members(path)
    manifest = json.loads(found["manifest.json"])
    change(manifest)
    found["manifest.json"] = json.dumps(manifest).encode()
    write(path, found)


def only(saved):
    differences = recompute(load_any(saved)).differences
    assert len(differences) == 1, [d.sentence() for d in differences]
    return differences[0]


def test_one_changed_loss_is_found_at_its_step(saved):
    doctor_array(saved, "runs/1/loss.npy", 33, lambda x: np.nextafter(x, 1.0))  # one ulp
    found = only(saved)
    assert found.run.id == 1 and found.step == 34
    assert found.sentence().startswith("run 1 'base' differs from the recording: first at step 34 (epoch 3): loss "
                                       "recorded ")


def test_a_change_in_a_fork_names_the_fork(saved):
    doctor_array(saved, "runs/2/val_loss.npy", 9, lambda x: x * 2)
    found = only(saved)
    assert (found.run.id, found.step) == (2, 100) and "val_loss recorded" in found.what


def test_a_changed_checkpoint_is_found(saved):
    def change(manifest):
        base = next(r for r in manifest["runs"] if r["id"] == 1)
        index = base["checkpoints"]["items"][1]
        manifest["checkpoints"][index]["scale"] = 0.5
    doctor_manifest(saved, change)
    found = only(saved)
    assert found.run.id == 1 and found.what == "the checkpoint recorded at step 40 differs in its scale"


def test_changed_parameters_in_the_state_are_found(saved):
    found = members(saved)
    manifest = json.loads(found["manifest.json"])
    state = manifest["checkpoints"][next(r for r in manifest["runs"] if r["id"] == 3)["state"]]
    doctor_array(saved, "state/float64.npy", state["params"][2]["at"], lambda x: x + 1e-9)
    found = only(saved)
    assert found.run.id == 3 and found.what == "the checkpoint recorded at step 87 differs in its params"


def test_a_changed_event_shows_where_the_numbers_part(saved):
    doctor_manifest(saved, lambda m: next(r for r in m["runs"] if r["id"] == 1)["events"][1].update(factor=0.25))
    differences = recompute(load_any(saved)).differences
    assert [d.run.id for d in differences] == [1, 2, 3]  # the base and its forks (their logs hold the event too)
    assert differences[0].step == 41 and differences[0].what.startswith("lr recorded 0.")


def test_a_version_1_file_has_nothing_to_compare(tmp_path):
    save_session(tmp_path / "run.json", Session(MLP))
    with pytest.raises(ValueError, match="is a version 1 file: it records no numbers to compare with"):
        recompute(load_any(tmp_path / "run.json"))
