"""Deadlines of commands waiting for their ack, on the caller's clock (no thread, no sleep)."""

from lrmonitor.core.link.deadline import ACK_DEADLINE, Deadlines


def test_deadlines_say_each_overdue_command_once_on_the_callers_clock():
    deadlines = Deadlines(10.0)
    deadlines.start(1, "decay=0.1", now=100.0)
    deadlines.start(2, "pause", now=105.0)
    assert deadlines.overdue(109.9) == [] and deadlines.texts() == ["decay=0.1", "pause"]
    assert deadlines.overdue(110.0) == [(1, "decay=0.1")]
    assert deadlines.overdue(200.0) == [(2, "pause")] and len(deadlines) == 0  # said once: no longer waited for
    assert deadlines.overdue(300.0) == [] and deadlines.acknowledged(1) is None  # a late ack: nothing waits
    deadlines.start(3, "stop", now=0.0)
    assert 3 in deadlines and deadlines.acknowledged(3) == "stop" and deadlines.overdue(50.0) == []


def test_the_default_deadline_is_ten_seconds():
    assert Deadlines().seconds == ACK_DEADLINE == 10.0
