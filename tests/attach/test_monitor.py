"""``Monitor`` on a real PyTorch CPU training with a listener in this process."""

from __future__ import annotations

import importlib.util
import math
import threading
import time
from pathlib import Path

import pytest

from lrmonitor.attach import Monitor
from lrmonitor.core.run.events import ApplySchedule, DecayNow, SetRate
from lrmonitor.core.run.rate import RateController

torch = pytest.importorskip("torch", reason="the attach tests train a real PyTorch model (torch is in the test extra)")
_spec = importlib.util.spec_from_file_location("attach_helpers", Path(__file__).with_name("helpers.py"))
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)
WAIT, Training, wait_until = helpers.WAIT, helpers.Training, helpers.wait_until


def run_steps(training: Training, monitor: Monitor, steps, scheduler=None) -> None:
    for i in steps:
        loss = training.step(i)
        if scheduler is not None:
            scheduler.step()
        monitor.log(i, loss=loss, epoch=i // 10)


def poll_until(listener, condition, what):
    def check():
        listener.poll()
        return condition()
    return wait_until(check, what)


def test_a_command_takes_effect_at_the_next_optimizer_step_with_the_exact_rate(listener):
    training = Training(lr=0.1)
    with Monitor(training.optimizer) as monitor:
        training.record_rates()
        assert monitor.connected
        run_steps(training, monitor, range(5))
        cid = listener.send("decay=0.3")
        wait_until(lambda: monitor.pending, "the command to arrive")
        run_steps(training, monitor, range(5, 8))
    assert training.used[:5] == [0.1] * 5
    assert training.used[5:] == [0.1 * 0.3] * 3  # the core's decay: exactly F times the rate
    acks = poll_until(listener, lambda: listener.run and listener.run.acks, "the ack")
    assert (acks[0].id, acks[0].ok, acks[0].step, acks[0].lr) == (cid, True, 5, 0.1 * 0.3)
    run = listener.run
    poll_until(listener, lambda: run.finished, "bye")
    assert list(run.steps.view()) == list(range(1, 9))
    assert list(run.history.step_values()[0]) == training.used  # the rate each update used
    assert [(s.step, s.event) for s in run.history.events] == [(5, DecayNow(0.3))]


def test_override_survives_a_lambda_scheduler_and_schedules_mean_what_they_mean_for_built_in_runs(listener):
    lr_now = listener.send("lr=0.02", at_step=3)  # queued before the training starts: delivered on connect
    schedule = listener.send("step:factor=0.5,every=2", at_step=10)
    training = Training(lr=0.1)
    scheduler = torch.optim.lr_scheduler.LambdaLR(training.optimizer, lambda e: 1 / (1 + e))
    with Monitor(training.optimizer, steps_per_epoch=4) as monitor:
        training.record_rates()
        assert monitor.pending == 2
        run_steps(training, monitor, range(30), scheduler)
        assert scheduler.get_last_lr()[0] == pytest.approx(0.1 / 31)  # the script's schedule went its way
    assert training.used[:3] == [0.1 * (1 / (1 + k)) for k in range(3)]
    assert training.used[3:10] == [0.02] * 7
    reference = RateController(0.02, 4)
    reference.apply(ApplySchedule("step:factor=0.5,every=2"), 10)
    assert training.used[10:] == [reference.rate(k) for k in range(10, 30)]
    assert training.used[17] == 0.02 and training.used[18] == 0.01  # drops after 2 epochs of 4 steps
    acks = poll_until(listener, lambda: len(listener.run.acks) == 2 and listener.run.acks, "the acks")
    assert [(a.id, a.step, a.lr) for a in acks] == [(lr_now, 3, 0.02), (schedule, 10, 0.02)]
    assert [type(s.event) for s in listener.run.history.events] == [SetRate, ApplySchedule]


def test_scale_multiplies_the_scripts_own_schedule(listener):
    listener.send("decay=0.5", at_step=4)
    training = Training(lr=0.1)
    scheduler = torch.optim.lr_scheduler.LambdaLR(training.optimizer, lambda e: 1 / (1 + e))
    with Monitor(training.optimizer, mode="scale") as monitor:
        training.record_rates()
        run_steps(training, monitor, range(12), scheduler)
        refused = listener.send("lr=0.5")
        wait_until(lambda: monitor.pending, "the command")
        run_steps(training, monitor, range(12, 13), scheduler)
    own = [0.1 * (1 / (1 + k)) for k in range(13)]  # as LambdaLR computes it
    assert training.used[:4] == own[:4]
    assert training.used[4:] == [r * 0.5 for r in own[4:]]
    acks = poll_until(listener, lambda: len(listener.run.acks) == 2 and listener.run.acks, "the acks")
    assert acks[1].id == refused and not acks[1].ok and "override" in acks[1].error
    # the script's own scheduler state is untouched by the scaling
    assert training.optimizer.param_groups[0]["lr"] == pytest.approx(0.1 / 14)


def test_groups_keep_their_ratio_under_override(listener):
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD([{"params": [model.weight], "lr": 0.2}, {"params": [model.bias], "lr": 0.02}])
    used = []
    listener.send("decay=0.5", at_step=0)
    with Monitor(optimizer):
        optimizer.register_step_pre_hook(lambda o, a, k: used.append([g["lr"] for g in o.param_groups]))
        model(torch.ones(1, 2)).sum().backward()
        optimizer.step()
    assert used == [[0.1, 0.01]]
    assert [g["lr"] for g in optimizer.param_groups] == [0.2, 0.02]  # the script's own values back


def test_pause_holds_the_training_before_its_next_step_and_stop_is_seen(listener):
    training = Training()
    with Monitor(training.optimizer) as monitor:
        run_steps(training, monitor, range(3))
        listener.send("pause")
        wait_until(lambda: monitor.pending, "the pause")
        done = threading.Event()
        worker = threading.Thread(target=lambda: (run_steps(training, monitor, range(3, 4)), done.set()))
        worker.start()
        try:
            assert not done.wait(0.3)  # held (a lower bound: a longer wait would only be slower)
            assert monitor.steps == 3
            listener.send("stop")
            assert done.wait(WAIT)
        finally:
            worker.join(WAIT)
        assert monitor.should_stop and monitor.steps == 4


def test_wrong_token_is_refused_and_the_training_goes_on(listener, caplog):
    training = Training()
    wrong = f"127.0.0.1:{listener.endpoint.port}:{'0' * 64}"
    with Monitor(training.optimizer, connect=wrong) as monitor:
        training.record_rates()
        listener.send("lr=0.001")
        run_steps(training, monitor, range(20))
        assert not monitor.connected
    messages = []
    wait_until(lambda: messages.extend(listener.poll().messages) or messages, "the refusal")
    assert "wrong token" in messages[0]
    assert listener.run is None and training.used == [0.1] * 20
    assert any("refused" in r.getMessage() for r in caplog.records)


def test_without_lrmonitor_the_monitor_does_nothing_and_close_is_quick(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.delenv("LRMONITOR_ATTACH", raising=False)
    training = Training()
    start = time.monotonic()
    monitor = Monitor(training.optimizer)
    training.record_rates()
    run_steps(training, monitor, range(10))
    monitor.close()
    monitor.close()
    assert time.monotonic() - start < WAIT  # bounded (not a speed test: see benchmarks/)
    assert not monitor.connected and training.used == [0.1] * 10
    monkeypatch.setenv("LRMONITOR_ATTACH", "off")
    with Monitor(training.optimizer) as off:
        assert off._link is None  # attaching turned off: no thread at all


def test_the_queue_is_bounded_and_drops_the_oldest(listener, monkeypatch):
    monkeypatch.setenv("LRMONITOR_ATTACH", "off")
    monitor = Monitor(None, queue_size=3)
    monkeypatch.undo()
    monitor._talks = True
    for i in range(10):
        monitor.log(i, loss=float(i))
    assert monitor.dropped == 7
    assert [row[0] for row in monitor._channel.rows] == [7, 8, 9]
    monitor.close()


def test_nothing_from_the_monitor_reaches_the_training_loop(listener):
    training = Training()
    with Monitor(training.optimizer) as monitor:
        monitor.log(0, loss=object())  # not a number: a warning, not an exception
        monitor.log(1, loss=float("nan"), val_loss=math.inf)  # a diverged loss is recorded as such
        run_steps(training, monitor, range(2))
    poll_until(listener, lambda: listener.run and listener.run.finished, "bye")
    lr, loss = listener.run.history.step_values()
    assert math.isnan(loss[0]) and list(listener.run.history.val_loss.view()) == [math.inf]


@pytest.mark.parametrize("kwargs", [{"mode": "boost"}, {"steps_per_epoch": 0}, {"queue_size": 0},
                                    {"sync_every": 0}, {"wait": -1}])
def test_bad_arguments_are_refused_when_the_monitor_is_made(kwargs):
    with pytest.raises(ValueError, match="allowed"):
        Monitor(None, **kwargs)


def test_the_training_reconnects_when_lrmonitor_comes_back(tmp_path, monkeypatch):
    """lrmonitor stopped mid-run, then a new one (another port and token) at the same connection file."""
    from lrmonitor.core.link import Listener

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    path = tmp_path / "lrmonitor.conn"
    training = Training()
    first = Listener(path=path).start()
    try:
        with Monitor(training.optimizer, connect=path) as monitor:
            training.record_rates()
            run_steps(training, monitor, range(5))
            first.stop()
            wait_until(lambda: not monitor.connected, "the monitor to notice")
            run_steps(training, monitor, range(5, 10))  # lrmonitor away: the training goes on
            with Listener(path=path) as second:
                wait_until(lambda: monitor.connected, "the reconnect (backoff 0.5 s, then doubling)")
                second.send("lr=0.01")
                wait_until(lambda: monitor.pending, "the command")
                run_steps(training, monitor, range(10, 12))
                monitor.close()
                poll_until(second, lambda: second.run and second.run.finished, "bye")
                steps = list(second.run.steps.view())
    finally:
        first.stop()
    assert training.used == [0.1] * 10 + [0.01] * 2
    assert steps[-2:] == [11, 12] and set(range(6, 11)) <= set(steps)  # what was logged while away, too
