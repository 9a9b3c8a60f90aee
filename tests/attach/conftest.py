"""The attach tests' fixture: a listening lrmonitor in this process (helpers are in helpers.py)."""

from __future__ import annotations

import pytest

from lrmonitor.core.link import Listener


@pytest.fixture
def listener(tmp_path, monkeypatch):
    """A listening lrmonitor; the environment variable points the training at it."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no other lrmonitor's files are found
    with Listener(tmp_path) as running:
        monkeypatch.setenv("LRMONITOR_ATTACH", running.env_value)
        yield running
