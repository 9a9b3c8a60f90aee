"""Attach: a user's own training streams into lrmonitor, and lrmonitor's commands steer it.

:mod:`.listener` is lrmonitor's side (its docstring is the guide: start, poll, send, stop);
:mod:`.protocol` the wire format; :mod:`.connection` how a training finds the listener;
:mod:`.record` the attached run; :mod:`.steering` the rate logic both sides share. The
training's side is the top-level package :mod:`lrmonitor.attach`.
"""

from .listener import Listener
from .record import Ack, AttachedRun, LinkUpdate, TrainingInfo

__all__ = ["Ack", "AttachedRun", "LinkUpdate", "Listener", "TrainingInfo"]
