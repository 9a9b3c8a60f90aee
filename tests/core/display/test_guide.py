"""The guide's state: what steps 2 and 3 say, from a history built by hand."""

import numpy as np

from lrmonitor.core.display.guide import SUGGESTED_DECAY, Inspect, PlateauGuide
from lrmonitor.core.run.events import ApplySchedule, DecayNow, Stamped
from lrmonitor.core.run.history import History

SPE = 10


def history(val_losses, steps=None, events=(), diverged_at=None):
    h = History(SPE)
    n = len(val_losses) * SPE if steps is None else steps
    h.loss.extend(np.ones(n))
    h.lr.extend(np.full(n, 0.1))
    for v in val_losses:
        h.epoch_lr.append(0.1)
        h.train_loss.append(v)
        h.val_loss.append(v)
    h.events.extend(events)
    h.diverged_at = diverged_at
    return h


def test_a_fresh_run_waits_at_step_one():
    state = PlateauGuide().update(history([]))
    assert not state.started and state.inspect is Inspect.WAITING and state.plateau is None
    assert state.decay is None and not state.suggestion_ready
    assert (state.patience, state.threshold) == (10, 1e-4)


def test_an_improving_loss_keeps_waiting_and_counts_no_bad_epochs():
    state = PlateauGuide().update(history(list(np.linspace(1.0, 0.5, 30))))
    assert state.started and state.inspect is Inspect.WAITING and state.bad_epochs == 0


def test_a_stall_is_found_after_patience_epochs_with_its_best_epoch():
    losses = [1.0, 0.8, 0.6, 0.5] + [0.52, 0.51] * 8  # best at epoch 3, then it only wanders
    guide = PlateauGuide()
    for end in range(1, 15):  # fed epoch by epoch, as the frames do
        assert guide.update(history(losses[:end])).plateau is None
    state = guide.update(history(losses[:15]))  # the 11th epoch without improvement
    assert state.inspect is Inspect.PLATEAU and state.suggestion_ready
    assert (state.plateau.best_epoch, state.plateau.detected_epoch, state.plateau.best_value) == (3, 14, 0.5)
    later = guide.update(history(losses))  # the first plateau stays what is shown
    assert later.plateau == state.plateau


def test_a_decay_before_the_plateau_is_early_and_after_it_is_not():
    losses = [1.0, 0.8, 0.6, 0.5] + [0.52, 0.51] * 10
    early = PlateauGuide().update(history(losses, events=[Stamped(2 * SPE, DecayNow(0.5))]))
    assert early.decay.early and early.decay.epoch == 2.0 and early.decay.label == "decay ×0.5"
    late = PlateauGuide().update(history(losses, events=[Stamped(20 * SPE, ApplySchedule(SUGGESTED_DECAY))]))
    assert not late.decay.early and late.decay.label == "step ×0.1/20"


def test_only_rate_events_count_as_a_decay():
    from lrmonitor.core.run.events import SetOptimizer

    state = PlateauGuide().update(history([1.0, 0.9], events=[Stamped(5, SetOptimizer("adam"))]))
    assert state.decay is None


def test_a_diverged_run_has_nothing_to_inspect():
    losses = [1.0, 0.8, 0.6, 0.5] + [0.52, 0.51] * 10
    guide = PlateauGuide()
    assert guide.update(history(losses)).plateau is not None
    state = guide.update(history(losses, diverged_at=len(losses) * SPE))
    assert state.inspect is Inspect.DIVERGED and state.plateau is None and not state.suggestion_ready


def test_a_decay_well_into_a_stall_is_not_early():
    """A decay nine epochs into a stall (the detector's patience is 10) was called early."""
    losses = [1.0, 0.8, 0.6, 0.5] + [0.52, 0.51] * 10  # best at epoch 3, then it only wanders
    state = PlateauGuide().update(history(losses, events=[Stamped(13 * SPE, DecayNow(0.1))]))
    assert not state.decay.early and state.decay.stalled == 9
    still = PlateauGuide().update(history(losses, events=[Stamped(5 * SPE, DecayNow(0.1))]))
    assert still.decay.early and still.decay.stalled == 1


def test_a_step_decay_says_when_its_first_drop_comes():
    losses = [1.0, 0.8, 0.6, 0.5] + [0.52, 0.51] * 10
    state = PlateauGuide().update(history(losses, events=[Stamped(20 * SPE, ApplySchedule(SUGGESTED_DECAY))]))
    assert state.decay.first_change == 40.0 and state.epoch == 24.0
    at_once = PlateauGuide().update(history(losses, events=[Stamped(20 * SPE, ApplySchedule("exponential"))]))
    assert at_once.decay.first_change is None


def test_a_loss_far_above_its_start_means_the_rate_is_too_high():
    """It was told 'time to decay'; a decay does not fix a rate that is too high."""
    losses = [1.0, 1.5] + [3.0, 2.9] * 10  # the mini-batch losses start at 1
    state = PlateauGuide().update(history(losses))
    assert state.inspect is Inspect.TOO_HIGH and not state.suggestion_ready
    assert (state.start_loss, state.last_loss) == (1.0, 2.9)
    fine = PlateauGuide().update(history([1.0, 0.8, 0.6, 0.5] + [0.52, 0.51] * 10))
    assert fine.inspect is Inspect.PLATEAU
