"""Session files keep every value the core accepts exactly, and refuse the others in one sentence."""

import json

import pytest

from lrmonitor.core.files.session import Session, load_session, save_session
from lrmonitor.core.run.config import RunConfig


def test_extreme_but_valid_values_round_trip_exactly(tmp_path):
    config = RunConfig(problem="linear", lr=0.123456789012345, seed=2**63 - 1, noise=10.0, epochs=None,
                       batch_size=10, train_size=10, val_size=1).validated()
    path = tmp_path / "run.json"
    save_session(path, Session(config, summary={"steps": 0}))  # 'until stopped': the steps say where it ended
    assert load_session(path).config == config


@pytest.mark.parametrize("config, fragment", [
    ({"seed": 2**63}, "seed 9223372036854775808 is out of range: allowed is 0 <= seed <= 9223372036854775807"),
    ({"lr": 10**400}, "learning rate 10000000000000000000... (401 characters) is out of range"),
    ({"batch_size": 11, "train_size": 10}, "batch size 11 is out of range: allowed is 1 <= batch size <= 10"),
    ({"epochs": 0}, "epochs 0 is out of range: allowed is 1 <= epochs <= 1000000"),
    ({"val_size": "5"}, "val size '5' is not valid: expected a whole number"),
])
def test_damaged_values_are_named_with_their_range(tmp_path, config, fragment):
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"format": "lrmonitor-session", "version": 1, "config": config}))
    with pytest.raises(ValueError) as err:
        load_session(path)
    assert "is damaged: " + fragment in str(err.value)
