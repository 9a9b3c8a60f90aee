"""Opening shows exactly what was recorded, on any computer.

The numbers of a run depend on the CPU's BLAS kernels: the same run recomputed with another
OpenBLAS core type gives other curves. A version-2 file is opened here in fresh interpreters
told to use other kernels (``OPENBLAS_CORETYPE``), and every array it holds must come back with
the same bytes as the arrays the run computed in this process.
"""

import hashlib
import json
import os
import subprocess
import sys

import pytest

from lrmonitor.core.files.lrmon import load_any, save_tree
from lrmonitor.core.run.checkpoint import Checkpoints
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import Stamped, parse_action
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import RunTree

HASHES = r"""
import hashlib, json, sys
from lrmonitor.core.files.lrmon import load_any

def digest(array):
    return hashlib.sha256(array.tobytes()).hexdigest()

hashes = {}
for run in load_any(sys.argv[1]).runs:
    record = run.record
    for name in ("loss", "lr", "epoch_lr", "train_loss", "val_loss"):
        hashes[f"{run.id}/{name}"] = digest(getattr(record.history, name).view())
    for checkpoint in [*record.checkpoints, record.state]:
        for i, p in enumerate(checkpoint.params):
            hashes[f"{run.id}/checkpoint {checkpoint.step}/param {i}"] = digest(p)
core = "unknown"
try:  # which kernels this interpreter's OpenBLAS chose (for the failure message only)
    import ctypes
    lib = next(line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line and ".so" in line)
    name = next(n for n in ("scipy_openblas_get_corename64_", "openblas_get_corename") if hasattr(ctypes.CDLL(lib), n))
    function = getattr(ctypes.CDLL(lib), name)
    function.restype = ctypes.c_char_p
    core = function().decode()
except Exception:
    pass
print(json.dumps({"core": core, "hashes": hashes}))
"""


def digest(array):
    return hashlib.sha256(array.tobytes()).hexdigest()


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """An mlp run and a fork of it, trained here; the file and the hashes of what they computed."""
    config = RunConfig(problem="mlp", epochs=15, train_size=320, val_size=100, batch_size=32).validated()
    tree = RunTree()
    base = tree.add(Trainer(config, [Stamped(0, parse_action("cosine:period=15"))],
                            checkpoints=Checkpoints(10, min_steps=20)), name="base")
    base.run.run()
    fork = tree.fork(base.id, 75, "decay=0.1")
    fork.run.run()
    path = tmp_path_factory.mktemp("recorded") / "runs.lrmon"
    save_tree(path, tree)
    hashes = {}
    for node in tree:
        trainer = node.run
        for name in ("loss", "lr", "epoch_lr", "train_loss", "val_loss"):
            hashes[f"{node.id}/{name}"] = digest(getattr(trainer.history, name).view())
        for checkpoint in [*trainer.checkpoints, trainer.checkpoint()]:
            for i, p in enumerate(checkpoint.params):
                hashes[f"{node.id}/checkpoint {checkpoint.step}/param {i}"] = digest(p)
    return path, hashes


def opened_with(path, core):
    env = dict(os.environ, OPENBLAS_CORETYPE=core) if core else dict(os.environ)
    done = subprocess.run([sys.executable, "-c", HASHES, str(path)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("core", ["Prescott", "Sandybridge", None])
def test_every_array_opens_with_the_bytes_computed_here(recorded, core):
    path, hashes = recorded
    opened = opened_with(path, core)
    assert len(hashes) > 40 and opened["hashes"].keys() == hashes.keys()
    differing = [key for key in hashes if opened["hashes"][key] != hashes[key]]
    assert differing == [], f"with OpenBLAS core {opened['core']}: {differing[:5]}"


def test_in_this_process_too(recorded):
    path, hashes = recorded
    loaded = load_any(path)
    assert digest(loaded.runs[1].record.history.loss.view()) == hashes["2/loss"]
