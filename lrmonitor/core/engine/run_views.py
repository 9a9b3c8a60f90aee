"""The process engine's runs as the window holds them: a view per run id, and the runs that were lost.

Apart from :mod:`.process` because what the window holds of a run outlives the worker that
trains it. If the worker dies, every run's blocks are unlinked and the runs are *lost*: they
stay readable (the window keeps its mappings), and :meth:`RunViews.lost_record` gives what the
window holds of one (its history, the events it applied, the later ones of its log as given; no
checkpoints), so it can be saved or loaded again into a new worker. Training, forking or
continuing a lost run is refused (:meth:`RunViews.require_live`).
"""

from __future__ import annotations

from ..run.config import RunConfig
from ..run.events import Stamped
from ..run.state import RunState
from ..run.tree import RunRecord
from .protocol import Ready
from .runs import plain_history
from .shared import Header
from .worker_view import WorkerTrainerView


class RunViews:
    """Every run the process engine holds, by id (unique, never reused): its view, its log, whether it is lost."""

    def __init__(self) -> None:
        self.views: dict[int, WorkerTrainerView] = {}
        self.logs: dict[int, tuple[Stamped, ...]] = {}  # each run's event log as given (for a lost run's record)
        self.lost: set[int] = set()  # runs of a worker that died
        self._last_id = 0

    def next_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def add(self, ready: Ready, config: RunConfig) -> WorkerTrainerView:
        """Map the run the worker says is ready."""
        view = WorkerTrainerView(config, Header.attach(ready.header), ready.columns, ready.events)
        view.divergence = ready.divergence
        view.sync()
        self.views[ready.run_id] = view
        return view

    def view(self, run_id: int) -> WorkerTrainerView:
        """Run ``run_id``'s view; KeyError naming the known ids if there is none."""
        try:
            return self.views[run_id]
        except (KeyError, TypeError):
            known = ", ".join(map(str, self.views)) or "none"
            raise KeyError(f"run id {run_id!r} is not in the engine: allowed are {known}") from None

    def require_live(self, run_id: int, what: str) -> None:
        """RuntimeError if run ``run_id`` is lost (``what``: what it cannot be, e.g. "forked")."""
        if run_id in self.lost:
            raise RuntimeError(
                f"run {run_id} was lost when the training worker stopped and cannot be {what}: "
                "load its record (record(run_id)) to go on with it"
            )

    def lose_all(self) -> None:
        """The worker died: remove the names of the blocks of every run not lost yet (once per run)."""
        for run_id, view in self.views.items():
            if run_id not in self.lost:
                view.unlink()
                self.lost.add(run_id)

    def lost_record(self, run_id: int) -> RunRecord:
        """What the window holds of lost run ``run_id``: a run that was training is at rest in it."""
        view = self.views[run_id]
        history = plain_history(view.history)
        steps = history.steps
        status = view.status
        if status is RunState.RUNNING:
            status = RunState.PAUSED if steps else RunState.IDLE
        later = tuple(s for s in self.logs.get(run_id, ()) if s.step > steps)
        return RunRecord(view.config, (*history.events, *later), history, status, None)

    def remove(self, run_id: int) -> None:
        """Unmap run ``run_id`` and forget it."""
        self.views[run_id].close()
        del self.views[run_id]
        self.logs.pop(run_id, None)
        self.lost.discard(run_id)

    def close(self) -> None:
        """Unmap every run and forget them all."""
        for view in self.views.values():
            view.close()
        self.views.clear()
