"""Where the window's runs train: a worker process (default) or a thread, one interface.

- :mod:`.interface`: the :class:`Engine` and :class:`TrainerView` protocols the window uses;
- :mod:`.runs`: the many runs an engine holds (new, forked, loaded without replay), for both engines;
- :mod:`.process`: :class:`ProcessEngine`, what the window asks of its worker process;
- :mod:`.worker_session`: the engine kept in step with its worker's reports, and a dead worker replaced;
- :mod:`.worker_link`: the worker process and the two pipes to it;
- :mod:`.run_views`: the process engine's runs by id, and the runs lost when a worker died;
- :mod:`.worker_view`: the window's view of one run in the worker, read in place;
- :mod:`.worker`: what runs inside the worker process;
- :mod:`.protocol`: the messages between the two, one class per message;
- :mod:`.shared`: the history columns and header in shared memory, per run;
- :mod:`.thread`: :class:`ThreadEngine`, the trainers on a thread of the window's process;
- :mod:`.trainer_thread`: the background thread that drives one trainer;
- :mod:`.tuning`: heap settings for the processes that train.

Importing this package loads only the protocols; an engine's module loads when it is first
used (``make_engine``, or naming ``ProcessEngine`` / ``ThreadEngine``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .interface import Engine, TrainerView

if TYPE_CHECKING:
    from .process import ProcessEngine
    from .thread import ThreadEngine

__all__ = ["ENGINE_ENV", "Engine", "ProcessEngine", "ThreadEngine", "TrainerView", "make_engine"]

ENGINE_ENV = "LRMONITOR_ENGINE"  # "process" (default) or "thread"


def make_engine(kind: str | None = None) -> Engine:
    """The engine ``kind`` names, else the one ``$LRMONITOR_ENGINE`` names, else the process engine."""
    kind = (kind or os.environ.get(ENGINE_ENV) or "process").lower()
    if kind == "thread":
        from .thread import ThreadEngine

        return ThreadEngine()
    if kind == "process":
        from .process import ProcessEngine

        return ProcessEngine()
    raise ValueError(f"{ENGINE_ENV}={kind!r} is not known: allowed are process, thread")


def __getattr__(name: str) -> object:
    """Load an engine's module when its class is first named (PEP 562)."""
    if name == "ProcessEngine":
        from .process import ProcessEngine

        return ProcessEngine
    if name == "ThreadEngine":
        from .thread import ThreadEngine

        return ThreadEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
