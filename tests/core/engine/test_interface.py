"""Both engines are Engines and both kinds of trainer are TrainerViews, member for member."""

import inspect

import pytest

from lrmonitor.core.engine import Engine, ProcessEngine, ThreadEngine, TrainerView
from lrmonitor.core.engine.worker_view import WorkerTrainerView
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.trainer import Trainer

CONFIG = RunConfig(problem="linear", epochs=2)


def protocol_methods(protocol):
    return {
        name: member for name, member in vars(protocol).items()
        if inspect.isfunction(member) and not name.startswith("_")
    }


def assert_same_signatures(protocol, cls):
    for name, member in protocol_methods(protocol).items():
        wanted = inspect.signature(member)
        got = inspect.signature(getattr(cls, name))
        assert list(got.parameters) == list(wanted.parameters), (cls.__name__, name)
        for param in wanted.parameters.values():
            assert got.parameters[param.name].default == param.default, (cls.__name__, name, param.name)


@pytest.mark.parametrize("cls", [ProcessEngine, ThreadEngine])
def test_both_engines_are_engines(cls):
    engine = cls()
    try:
        view = engine.new_run(CONFIG)
        assert isinstance(engine, Engine)
        assert isinstance(view, TrainerView) and engine.trainer is view
        assert_same_signatures(Engine, cls)
    finally:
        engine.shutdown()


def test_the_trainer_and_the_window_s_view_of_the_worker_s_trainer_are_trainer_views():
    trainer = Trainer(CONFIG)
    assert isinstance(trainer, TrainerView)
    assert_same_signatures(TrainerView, Trainer)
    engine = ProcessEngine()
    try:
        view = engine.new_run(CONFIG)
        assert isinstance(view, WorkerTrainerView) and isinstance(view, TrainerView)
        assert_same_signatures(TrainerView, WorkerTrainerView)
        assert (view.config, view.steps_per_epoch, view.total_steps) == (
            trainer.config, trainer.steps_per_epoch, trainer.total_steps
        )
        assert (view.status, view.step, view.done, view.divergence) == (
            trainer.status, trainer.step, trainer.done, trainer.divergence
        )
        assert view.current_lr() == trainer.current_lr() and view.summary() == trainer.summary()
    finally:
        engine.shutdown()


def test_a_thread_engine_run_is_a_trainer_view_member_for_member():
    from lrmonitor.core.engine.thread import ThreadRun

    engine = ThreadEngine()
    try:
        view = engine.new_run(CONFIG)
        assert isinstance(view, ThreadRun) and isinstance(view, TrainerView)
        assert_same_signatures(TrainerView, ThreadRun)
        trainer = Trainer(CONFIG)
        assert (view.config, view.steps_per_epoch, view.total_steps, view.status, view.step, view.done) == (
            trainer.config, trainer.steps_per_epoch, trainer.total_steps, trainer.status, trainer.step, trainer.done
        )
    finally:
        engine.shutdown()


def test_importing_the_package_loads_no_engine():
    import subprocess
    import sys

    code = (
        "import sys, lrmonitor.core.engine as e; "
        "print(sorted(m for m in sys.modules if m.startswith('lrmonitor.core.engine.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['lrmonitor.core.engine.interface']"
