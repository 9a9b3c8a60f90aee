"""A checkpoint as JSON + packed arrays and back: lossless, and a restored run goes on bit for bit."""

import dataclasses
import json

import numpy as np
import pytest

from lrmonitor.core.files.checkpoints import ArrayPack, checkpoint_from_json, checkpoint_to_json
from lrmonitor.core.files.container import DamagedError
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import Stamped, parse_action
from lrmonitor.core.run.trainer import Trainer

MLP = RunConfig(problem="mlp", epochs=10, train_size=150, val_size=60, batch_size=16)  # 10 steps per epoch
LINEAR = RunConfig(problem="linear", optimizer="sgd", lr=0.05, epochs=12, train_size=100, val_size=50, batch_size=10)
LOGISTIC = RunConfig(problem="logistic", epochs=6, train_size=90, val_size=30, batch_size=20)

CASES = [
    (MLP, "momentum", []),
    (MLP, "nesterov", [Stamped(25, parse_action("exponential:gamma=0.7,per=step"))]),
    (MLP, "adam:amsgrad=true", [Stamped(0, parse_action("cosine:period=4,min=0.001"))]),
    (MLP, "rmsprop:momentum=0.5,centered=true", [Stamped(30, parse_action("decay=0.5"))]),
    (MLP, "adagrad:lr_decay=0.01", [Stamped(10, parse_action("lr=0.1"))]),
    (LINEAR, "sgd", [Stamped(0, parse_action("plateau:patience=1,threshold=0.05"))]),
    (LINEAR, "momentum", [Stamped(33, parse_action("step:factor=0.5,every=2,per=step")),
                          Stamped(40, parse_action("optimizer=adam"))]),
    (LOGISTIC, "sgd:momentum=0.5,dampening=0.2,weight_decay=0.01", [Stamped(5, parse_action("inverse:k=0.3"))]),
    (LINEAR, "sgd", [Stamped(0, parse_action("warmup:epochs=2,start=0.2")),
                     Stamped(20, parse_action("multistep:milestones=2/5,factor=0.5")),
                     Stamped(45, parse_action("decay=0.5"))]),
    (MLP, "adam:betas=(0,0.99)", [Stamped(0, parse_action("onecycle:max=0.01,epochs=6")),
                                  Stamped(33, parse_action("decay=0.3")),
                                  Stamped(70, parse_action("sgdr:period=1,mult=2,min=0.0001,per=step"))]),
    (LINEAR, "sgd", [Stamped(0, parse_action("plateau:patience=1,threshold=0.05,min_lr=0.01")),
                     Stamped(35, parse_action("decay=0.5"))]),
]


def round_trip(checkpoint, config):
    """Through JSON text and the packed arrays, as a file stores them."""
    pack = ArrayPack()
    data = json.loads(json.dumps(checkpoint_to_json(checkpoint, pack), allow_nan=False))
    blobs = {kind: np.frombuffer(values.tobytes(), dtype=values.dtype) for kind, values in pack.blobs().items()}
    return checkpoint_from_json(data, config, ArrayPack(blobs))


def same(a, b):
    """Equal bit for bit, arrays included (type, shape, dtype, bytes, memory order)."""
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype
                and a.tobytes() == b.tobytes() and a.flags.f_contiguous == b.flags.f_contiguous)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if hasattr(a, "__dict__") and not isinstance(a, type):
        return type(a) is type(b) and same(vars(a), vars(b))
    if isinstance(a, float):
        return isinstance(b, float) and np.float64(a).tobytes() == np.float64(b).tobytes()
    return type(a) is type(b) and a == b


def same_checkpoint(a, b):
    for field in dataclasses.fields(a):
        assert same(getattr(a, field.name), getattr(b, field.name)), field.name


@pytest.mark.parametrize("config, optimizer, events", CASES)
@pytest.mark.parametrize("at", [37, 30, 0])  # inside an epoch, at an epoch's end, before the first step
def test_a_restored_checkpoint_is_the_same_and_goes_on_bit_for_bit(config, optimizer, events, at):
    config = dataclasses.replace(config, optimizer=optimizer, lr=None).validated()
    original = Trainer(config, events)
    original.run(at)
    checkpoint = original.checkpoint()
    restored = round_trip(checkpoint, config)
    same_checkpoint(checkpoint, restored)
    assert all(not p.flags.writeable for p in restored.params)
    resumed = Trainer.from_checkpoint(config, None, restored, history=original.history)
    original.run()
    resumed.run()
    for name in ("loss", "lr", "epoch_lr", "train_loss", "val_loss"):
        assert getattr(resumed.history, name).view().tobytes() == getattr(original.history, name).view().tobytes()
    assert resumed.history.events == original.history.events
    assert all(a.tobytes() == b.tobytes() for a, b in zip(resumed.params, original.params))


def test_the_store_checkpoints_and_plateau_state_round_trip():
    events = [Stamped(0, parse_action("plateau:patience=1,threshold=0.05"))]
    trainer = Trainer(dataclasses.replace(LINEAR, epochs=40), events)
    trainer.run(300)
    checkpoint = trainer.checkpoint()
    assert checkpoint.schedule_state["current"] is not None
    same_checkpoint(checkpoint, round_trip(checkpoint, trainer.config))
    fresh = Trainer(dataclasses.replace(LINEAR, epochs=40), events)
    fresh.run(0)  # the plateau schedule is applied, its detector's best is still inf (a tagged float)
    restored = round_trip(fresh.checkpoint(), fresh.config)
    assert restored.schedule_state["detector"].best == float("inf")
    for stored in trainer.checkpoints:
        same_checkpoint(stored, round_trip(stored, trainer.config))


def test_a_continued_runs_early_checkpoint_keeps_its_own_epochs():
    trainer = Trainer(MLP)
    trainer.run()
    checkpoint = trainer.checkpoint()
    longer = dataclasses.replace(MLP, epochs=25).validated()
    restored = round_trip(checkpoint, longer)
    assert restored.config == trainer.config and restored.config.epochs == 10


def test_memory_order_is_kept():
    trainer = Trainer(MLP)
    trainer.run(12)
    checkpoint = trainer.checkpoint()
    fortran = tuple(np.asfortranarray(p) for p in checkpoint.params)
    checkpoint = dataclasses.replace(checkpoint, params=fortran)
    restored = round_trip(checkpoint, trainer.config)
    assert [p.flags.f_contiguous for p in restored.params] == [p.flags.f_contiguous for p in fortran]
    assert any(p.flags.f_contiguous and not p.flags.c_contiguous for p in restored.params)
    assert all(p.copy(order="K").flags.f_contiguous == q.flags.f_contiguous
               for p, q in zip(restored.params, fortran))


def encoded(config=MLP, at=37, optimizer="adam"):
    config = dataclasses.replace(config, optimizer=optimizer).validated()
    trainer = Trainer(config, [Stamped(0, parse_action("plateau:patience=2"))])
    trainer.run(at)
    pack = ArrayPack()
    data = checkpoint_to_json(trainer.checkpoint(), pack)
    return config, data, ArrayPack(pack.blobs())


@pytest.mark.parametrize("change, fragment", [
    (lambda d: d.update(step=-1), "step is -1: allowed is a whole number 0 <= n <= 100"),
    (lambda d: d.update(step=10**30), "step is 1000000000000000000000000000000: allowed"),
    (lambda d: d.update(step=True), "step is True"),
    (lambda d: d.update(status="finished"), "has the status finished: at step 37 of 100 it is paused"),
    (lambda d: d.update(epochs=0), "epochs 0 is out of range"),
    (lambda d: d["params"].pop(), "has 5 parameter arrays: the mlp problem has 6"),
    (lambda d: d["params"][0].update(shape=[32, 2]), "parameter 0 has shape (32, 2): expected (2, 32)"),
    (lambda d: d["params"][0].update(at=10**9), "points at values 1000000000"),
    (lambda d: d["params"][0].update({"$array": "int64"}), "parameter 0 is of type 'int64': expected float64"),
    (lambda d: d["params"][1].update(order="X"), "memory order 'X'"),
    (lambda d: d.update(optimizer="adam"), "is not written out in full"),
    (lambda d: d.update(optimizer="lbfgs"), "unknown optimizer 'lbfgs'"),
    (lambda d: d["optimizer_state"][0].pop("exp_avg"), "optimizer state[0] has the fields"),
    (lambda d: d["optimizer_state"][0].update(step=1.5),
     "optimizer state[0].step holds a float where a whole number 1 <= n < 2**62 belongs"),
    (lambda d: d["optimizer_state"][0].update(step=0), "optimizer state[0].step holds 0 where a whole number 1 <="),
    (lambda d: d["schedule_state"]["detector"]["vars"].update(bad_epochs=-1), "bad_epochs holds -1 where"),
    (lambda d: d["optimizer_state"][0]["exp_avg"].update(shape=[2]),
     "exp_avg holds an array of shape (2,) where an array of shape (2, 32) belongs"),
    (lambda d: d.update(schedule_state={}), "schedule state has the fields []"),
    (lambda d: d["schedule_state"]["detector"].update({"$object": "Popen"}), "object of type 'Popen'"),
    (lambda d: d["schedule_state"]["detector"]["vars"].update(patience="x"), "patience holds a str"),
    (lambda d: d["rng_state"].update(bit_generator="MT19937"), "is not a PCG64 state"),
    (lambda d: d["rng_state"]["state"].update(state=-5), "generator state is not valid"),
    (lambda d: d["rng_state"]["state"].update(state=2**200), "holds the integer"),
    (lambda d: d.update(order=None), "lacks a shuffle order"),
    (lambda d: d["order"].update(shape=[149]), "shuffle order has shape (149,): expected (150,)"),
    (lambda d: d.update(alpha0={"$float": "inf"}), "alpha0 is inf: allowed is a finite number >= 0"),
    (lambda d: d.update(alpha0={"$float": "1e9"}), "tagged float '1e9'"),
    (lambda d: d.update(anchor=38), "anchor is 38: allowed is a whole number 0 <= n <= 37"),
    (lambda d: d.update(pending=[{"step": 3, "kind": "decay", "factor": 0.5}]), "step 3 is outside the run"),
    (lambda d: d.update(pending=[{"step": 50, "kind": "decay", "factor": 5}]), "decay factor 5 is out of range"),
    (lambda d: d.update(applied=-1), "applied event count is -1"),
])
def test_damaged_checkpoints_are_refused_in_one_sentence(change, fragment):
    config, data, pack = encoded()
    change(data)
    with pytest.raises(DamagedError) as err:
        checkpoint_from_json(json.loads(json.dumps(data)), config, pack, "checkpoint 0")
    message = str(err.value)
    assert fragment in message and "\n" not in message, message


def test_an_order_that_is_not_a_permutation_is_refused():
    config = dataclasses.replace(MLP, optimizer="adam").validated()
    trainer = Trainer(config)
    trainer.run(37)
    pack = ArrayPack()
    data = checkpoint_to_json(trainer.checkpoint(), pack)
    blobs = pack.blobs()
    at = data["order"]["at"]
    blobs["int64"][at] = blobs["int64"][at + 1]
    doctored = ArrayPack(blobs)
    with pytest.raises(DamagedError, match="is not a permutation of the 150 training examples"):
        checkpoint_from_json(data, config, doctored)


def test_unknown_objects_are_not_written():
    trainer = Trainer(MLP)
    checkpoint = dataclasses.replace(trainer.checkpoint(), schedule_state={"thing": object()})
    with pytest.raises(ValueError, match="a object in a checkpoint cannot be stored"):
        checkpoint_to_json(checkpoint, ArrayPack())
