"""The training loop: noisy mini-batch gradient descent driven by an event log.

A :class:`Trainer` owns the problem, parameters, optimizer, rate controller and history.
It can run on any thread; other threads talk to it only through :meth:`Trainer.post`
(a thread-safe inbox) and :meth:`Trainer.request_stop`, and read its :class:`History`.
Events from the inbox are applied at the next step boundary and stamped with that step,
so replaying the configuration and the stamped events gives the same numbers bit for bit.
The same trainer runs in the command line, on the window's trainer thread and in its worker
process (``lrmonitor.core.engine``), which is why all three give the same numbers.

:meth:`Trainer.checkpoint` captures the state at a step boundary and
:meth:`Trainer.from_checkpoint` goes on from one with the same numbers bit for bit; the trainer
keeps a thinned store of them (:mod:`.checkpoint`), taken at epoch ends so the per-step loop
is untouched. Forks (:mod:`.tree`) start from the nearest one instead of replaying from step 0.
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import math
from collections.abc import Callable, Iterable

import numpy as np

from ..training.fused import stepper
from ..training.optimizers import Optimizer, parse_optimizer
from ..training.problems import Problem, problem_class
from .checkpoint import Checkpoint, Checkpoints, frozen_copies, schedule_state
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

    ``checkpoints``: True (default) keeps a :class:`Checkpoints` store filled at epoch ends,
    False keeps none, or pass a store to fill.

    ``epoch_hook``, if set, is called as ``epoch_hook(trainer)`` at every epoch end (after the
    epoch's losses and checkpoint, on the trainer's thread); if it returns True the run stops at
    that epoch boundary, as after :meth:`request_stop`. The engines use it to pause where the
    plateau detector fires, exactly at the boundary, at any speed.
    """

    def __init__(self, config: RunConfig, planned: Iterable[Stamped] = (), column=None,
                 checkpoints: Checkpoints | bool = True) -> None:
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
        if isinstance(checkpoints, Checkpoints):
            self.checkpoints: Checkpoints | None = checkpoints
        else:
            self.checkpoints = Checkpoints(self.steps_per_epoch) if checkpoints else None
        self.epoch_hook: Callable[[Trainer], bool] | None = None

    # -- control, callable from any thread ---------------------------------------------
    def post(self, event: Event) -> None:
        """Queue an event; it takes effect at the next step boundary."""
        self._inbox.append(event)

    def plan(self, stamped: Stamped) -> None:
        """Add an event to apply at its stamped step, which must not have passed yet (a replay
        that follows a live run learns of its events after they were stamped). Call between
        :meth:`run` calls, on the trainer's thread."""
        if stamped.step < self.step:
            raise ValueError(f"event stamped at step {stamped.step} comes too late: allowed are steps >= {self.step}")
        self._planned.append(stamped)
        self._planned = collections.deque(sorted(self._planned, key=lambda s: s.step))

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
        spe, size, count = self.steps_per_epoch, self.config.batch_size, problem.train_size
        inbox, planned, stop, isfinite = self._inbox, self._planned, self._stop, math.isfinite
        step, order = history.steps, self._order
        # one call per step: loss, gradient and update (fused, on Python floats, for the linear and
        # logistic problems with SGD); sync() brings self.params and the optimizer's state up to date
        advance, sync = stepper(problem, self.params, self.optimizer)
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
                        sync()
                        self._apply_events()
                        advance, sync = stepper(problem, self.params, self.optimizer)  # it may be another
                    if stop[0]:
                        break
                    position = step % spe
                    if position == 0:
                        order = self._order = self._shuffle_rng.permutation(count)
                    lr = rate.rate(step)
                    loss = advance(order[position * size : (position + 1) * size], lr)
                    lrs.append(lr)
                    losses.append(loss)
                    if not isfinite(loss):
                        flush()
                        sync()
                        self._diverge(step + 1, f"the mini-batch loss is {loss}")
                        return self.status
                    step += 1
                    if position == spe - 1:
                        flush()
                        sync()
                        if not self._end_epoch(step, lr):
                            return self.status
                    elif len(lrs) >= 512:
                        flush()
            flush()
            sync()
            self._apply_events()  # events due at the boundary we stopped on become visible now
        finally:
            flush()
            sync()
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
        store = self.checkpoints
        if store is not None and store.due(len(h.val_loss)):  # once per epoch, outside the per-step path
            store.add(self.checkpoint())
        hook = self.epoch_hook
        if hook is not None and hook(self):
            self._stop[0] = True  # checked at the top of the loop: the run stops at this boundary
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

    # -- checkpoints -------------------------------------------------------------------
    def pending_events(self) -> tuple[Stamped, ...]:
        """Events not applied yet, in the order they will be: the planned ones, then the inbox's
        (stamped with this step, where they will take effect). Call on the trainer's thread."""
        step = self.step
        return (*self._planned, *(Stamped(step, event) for event in tuple(self._inbox)))

    def checkpoint(self) -> Checkpoint:
        """The state at this step boundary, from which :meth:`from_checkpoint` goes on exactly.

        Call between :meth:`run` calls on the trainer's thread (the loop itself calls it at epoch
        ends). A diverged run has no state to go on from: fork it at an earlier step instead.
        """
        if self.status is RunState.DIVERGED:
            raise ValueError(
                f"a diverged run has no checkpoint at step {self.step}: "
                f"allowed are runs that are not diverged ({self.divergence})"
            )
        rate, step = self.rate, self.step
        return Checkpoint(
            config=self.config,
            step=step,
            status=self._resting_status() if self.status is RunState.RUNNING else self.status,
            params=frozen_copies(self.params),
            optimizer=self.optimizer.spec(),
            optimizer_state=copy.deepcopy(self.optimizer.state),
            schedule=rate.schedule.spec(),
            schedule_state=schedule_state(rate.schedule),
            alpha0=rate.alpha0,
            anchor=rate.anchor,
            scale=rate.scale,
            rng_state=self._shuffle_rng.bit_generator.state,
            order=None if step % self.steps_per_epoch == 0 else frozen_copies([self._order])[0],
            applied=len(self.history.events),
            pending=self.pending_events(),
        )

    @classmethod
    def from_checkpoint(cls, config: RunConfig, events: Iterable[Stamped] | None, checkpoint: Checkpoint, *,
                        history: History, column=None, checkpoints: Checkpoints | bool = True) -> Trainer:
        """A trainer at ``checkpoint`` that goes on exactly as the run it was taken from would.

        ``events`` is the new run's whole log, sorted by step: its first ``checkpoint.applied``
        events must be those already applied (as in ``history``), the rest are still to come and
        may differ from the original's (that is a fork); None keeps the original's
        (``checkpoint.pending``). ``history`` is the original run's: the new trainer's history
        starts as a copy of it up to the checkpoint. ``config`` may differ from the checkpoint's
        only in ``epochs`` (a run continued for more epochs). ``checkpoints=True`` starts a store
        holding ``checkpoint``.
        """
        config = config.validated()
        step, spe = checkpoint.step, config.steps_per_epoch
        _check_same_run(config, checkpoint.config)
        if config.epochs is not None and step > config.epochs * spe:
            raise ValueError(
                f"checkpoint step {step} is beyond a run of {config.epochs} epochs: "
                f"allowed is step <= {config.epochs * spe}"
            )
        if history.steps < step:
            raise ValueError(f"the history has {history.steps} steps: allowed is a history of at least {step}")
        before = list(history.events[: checkpoint.applied])
        log = [*before, *checkpoint.pending] if events is None else list(events)
        if log[: checkpoint.applied] != before:
            raise ValueError(
                f"the event log does not start with the {checkpoint.applied} events the run had applied "
                f"by step {step}: allowed is a log that keeps them and changes only what comes later"
            )
        planned = log[checkpoint.applied :]
        early = [s for s in planned if s.step < step]
        if early:
            raise ValueError(
                f"event at step {early[0].step} comes before the checkpoint at step {step}: "
                f"allowed are events at steps >= {step} after the applied ones"
            )
        store = Checkpoints(spe) if checkpoints is True else checkpoints
        trainer = cls(config, planned, column=column, checkpoints=store)
        trainer.params = checkpoint.param_copies()
        trainer.optimizer = checkpoint.optimizer_object()
        rate = trainer.rate
        rate.schedule = checkpoint.schedule_object()
        rate.alpha0, rate.anchor, rate.scale = checkpoint.alpha0, checkpoint.anchor, checkpoint.scale
        trainer._shuffle_rng = checkpoint.generator()
        if checkpoint.order is not None:
            trainer._order = checkpoint.order.copy()
        h, epochs = trainer.history, step // spe
        h.loss.extend(history.loss.view(step))
        h.lr.extend(history.lr.view(step))
        h.epoch_lr.extend(history.epoch_lr.view(epochs))
        h.train_loss.extend(history.train_loss.view(epochs))
        h.val_loss.extend(history.val_loss.view(epochs))
        h.events.extend(before)
        trainer.status = trainer._resting_status()
        if trainer.checkpoints is not None:
            trainer.checkpoints.add(checkpoint)
        return trainer

    # -- results -----------------------------------------------------------------------
    def summary(self) -> dict:
        return summarize(self.history, self.status)


def _check_same_run(config: RunConfig, original: RunConfig) -> None:
    """Only ``epochs`` may differ: every other value shapes the numbers before the checkpoint."""
    for field in dataclasses.fields(RunConfig):
        if field.name != "epochs" and getattr(config, field.name) != getattr(original, field.name):
            raise ValueError(
                f"{field.name}={getattr(config, field.name)!r} differs from the checkpoint's run "
                f"({getattr(original, field.name)!r}): allowed is a configuration that differs only in epochs"
            )


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
