"""The training loop: noisy mini-batch gradient descent driven by an event log.

A :class:`Trainer` owns the problem, parameters, optimizer, rate controller and history.
It can run on any thread; other threads talk to it only through :meth:`Trainer.post`
(a thread-safe inbox) and :meth:`Trainer.request_stop`, and read its :class:`History`.
Events from the inbox are applied at the next step boundary and stamped with that step,
so replaying the configuration and the stamped events gives the same numbers bit for bit.
The same trainer runs in the command line, on the window's trainer thread and in its worker
process (``lrmonitor.core.engine``), which is why all three give the same numbers.
"""

from __future__ import annotations

import collections
import math
from collections.abc import Iterable

import numpy as np

from ..training.optimizers import Optimizer, parse_optimizer
from ..training.problems import Problem, problem_class
from .config import RunConfig
from .events import Event, SetOptimizer, Stamped
from .history import History
from .rate import RateController
from .state import RunState


class Trainer:
    """Runs a :class:`RunConfig`; ``planned`` events fire at their stamped steps.

    ``status`` is a :class:`RunState`: ``IDLE`` before any step, ``RUNNING`` only while
    :meth:`run` is training, ``PAUSED`` when it returned with more to do, then ``FINISHED``
    or ``DIVERGED``. So a summary saved from a stopped run says where it stands ("paused"),
    never "running".
    """

    def __init__(self, config: RunConfig, planned: Iterable[Stamped] = (), column=None) -> None:
        self.config = config = config.validated()
        data_seed, init_seed, shuffle_seed = np.random.SeedSequence(config.seed).spawn(3)
        self.problem: Problem = problem_class(config.problem)(
            config.train_size, config.val_size, config.noise, np.random.default_rng(data_seed)
        )
        self.params = self.problem.initial_params(np.random.default_rng(init_seed))
        self._shuffle_rng = np.random.default_rng(shuffle_seed)
        self.optimizer: Optimizer = parse_optimizer(config.optimizer)
        self.steps_per_epoch = config.steps_per_epoch
        self.rate = RateController(config.lr, self.steps_per_epoch)
        self.history = History(self.steps_per_epoch, column)
        self.total_steps = None if config.epochs is None else config.epochs * self.steps_per_epoch
        self.status = RunState.IDLE
        self.divergence: str | None = None
        self._planned = collections.deque(sorted(planned, key=lambda s: s.step))
        self._inbox: collections.deque[Event] = collections.deque()
        self._stop = [False]  # a plain flag: checked every step, set from any thread (GIL)
        self._order = np.arange(self.problem.train_size)

    # -- control, callable from any thread ---------------------------------------------
    def post(self, event: Event) -> None:
        """Queue an event; it takes effect at the next step boundary."""
        self._inbox.append(event)

    def request_stop(self) -> None:
        """Ask :meth:`run` to return at the next step boundary."""
        self._stop[0] = True

    # -- state -------------------------------------------------------------------------
    @property
    def step(self) -> int:
        """Updates done so far."""
        return self.history.steps

    @property
    def done(self) -> bool:
        """No more steps can be made (finished or diverged)."""
        return self.status.ended

    @property
    def has_pending(self) -> bool:
        """Posted events not yet applied (they wait for the next step boundary)."""
        return bool(self._inbox)

    def current_lr(self) -> float:
        """The rate the next update will use (before any pending event); any thread may ask."""
        return self.rate.peek(self.step)

    # -- the loop ----------------------------------------------------------------------
    def run(self, max_steps: int | None = None) -> RunState:
        """Train until the run ends, ``max_steps`` more updates are done, or a stop request.

        Returns the status afterwards: ``PAUSED`` (or ``IDLE`` if still no step was made)
        means "can go on". ``run(0)`` makes no step but applies the events due at this step
        boundary. The loop keeps what it touches every step in local variables: its own
        overhead is most of the difference to a bare numpy loop (benchmarks/).
        """
        if self.done:
            return self.status
        self._stop[0] = False
        end = self.total_steps
        if max_steps is not None:
            end = self.step + max_steps if end is None else min(end, self.step + max_steps)
        self.status = RunState.RUNNING
        history, problem, rate = self.history, self.problem, self.rate
        X, Y, params, loss_grad = problem.X_train, problem.y_train, self.params, problem.loss_grad
        spe, size, count = self.steps_per_epoch, self.config.batch_size, problem.train_size
        inbox, planned, stop, isfinite = self._inbox, self._planned, self._stop, math.isfinite
        step, order = history.steps, self._order
        lrs: list[float] = []  # per-step values wait in lists and go to the history in blocks
        losses: list[float] = []

        def flush() -> None:
            if lrs:
                history.lr.extend(np.array(lrs))
                history.loss.extend(np.array(losses))
                lrs.clear()
                losses.clear()

        try:
            with np.errstate(all="ignore"):  # overflow is reported as divergence, not as warnings
                while end is None or step < end:
                    if inbox or (planned and planned[0].step <= step):
                        flush()
                        self._apply_events()
                    if stop[0]:
                        break
                    position = step % spe
                    if position == 0:
                        order = self._order = self._shuffle_rng.permutation(count)
                    batch = order[position * size : (position + 1) * size]
                    loss, grads = loss_grad(params, X[batch], Y[batch])
                    lr = rate.rate(step)
                    lrs.append(lr)
                    losses.append(loss)
                    if not isfinite(loss):
                        flush()
                        self._diverge(step + 1, f"the mini-batch loss is {loss}")
                        return self.status
                    self.optimizer.step(params, grads, lr)
                    step += 1
                    if position == spe - 1:
                        flush()
                        if not self._end_epoch(step, lr):
                            return self.status
                    elif len(lrs) >= 512:
                        flush()
            flush()
            self._apply_events()  # events due at the boundary we stopped on become visible now
        finally:
            flush()
            if self.status is RunState.RUNNING:  # not diverged: at rest again (also after an error)
                self.status = self._resting_status()
        return self.status

    def _resting_status(self) -> RunState:
        if self.total_steps is not None and self.step >= self.total_steps:
            return RunState.FINISHED
        return RunState.PAUSED if self.step > 0 else RunState.IDLE

    def _apply_events(self) -> None:
        step = self.step
        while self._planned and self._planned[0].step <= step:
            self._apply(self._planned.popleft().event, step)
        while self._inbox:
            self._apply(self._inbox.popleft(), step)

    def _apply(self, event: Event, step: int) -> None:
        if isinstance(event, SetOptimizer):
            self.optimizer = parse_optimizer(event.spec)
        else:
            self.rate.apply(event, step)
        self.history.events.append(Stamped(step, event))

    def _end_epoch(self, step: int, lr: float) -> bool:
        train_loss = self.problem.train_loss(self.params)
        val_loss = self.problem.val_loss(self.params)
        h = self.history
        h.epoch_lr.append(lr)
        h.train_loss.append(train_loss)
        h.val_loss.append(val_loss)
        if not (math.isfinite(train_loss) and math.isfinite(val_loss)):
            bad = train_loss if not math.isfinite(train_loss) else val_loss
            return self._diverge(step, f"the epoch-end loss is {bad}")
        self.rate.epoch_end(val_loss)
        return True

    def _diverge(self, step: int, why: str) -> bool:
        self.history.diverged_at = step  # before the status: whoever sees DIVERGED finds the step
        self.status = RunState.DIVERGED
        epoch = (step - 1) // self.steps_per_epoch
        self.divergence = (
            f"diverged at step {step} (epoch {epoch}): {why}; "
            f"try a smaller learning rate than {self.history.lr.view()[-1]:g}"
        )
        return False

    # -- results -----------------------------------------------------------------------
    def summary(self) -> dict:
        return summarize(self.history, self.status)


def summarize(history: History, status: RunState) -> dict:
    """The session file's summary of a run: how far it went and where it stands (plain JSON types)."""
    lr, _ = history.step_values()
    _, _, train, val = history.epoch_arrays()
    return {
        "steps": len(lr),
        "epochs": len(val),
        "final_train_loss": _finite_or_none(train),
        "final_val_loss": _finite_or_none(val),
        "final_lr": _finite_or_none(lr),
        "status": str(status),
        "diverged_at": history.diverged_at,
    }


def _finite_or_none(values: np.ndarray) -> float | None:
    """The last value as a float, or None if there is none or it is nan/inf (JSON-safe)."""
    return float(values[-1]) if len(values) and math.isfinite(values[-1]) else None


def replay(config: RunConfig, events: Iterable[Stamped], steps: int | None = None) -> Trainer:
    """Re-run a configuration with its stamped events, for ``steps`` updates (default: all)."""
    trainer = Trainer(config, events)
    trainer.run(steps)
    return trainer
