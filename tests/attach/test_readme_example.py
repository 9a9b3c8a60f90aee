"""The README's "Steer your own training" example runs as written, steered by a listener."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

torch = pytest.importorskip("torch", reason="the attach tests train a real PyTorch model (torch is in the test extra)")
_spec = importlib.util.spec_from_file_location("attach_helpers", Path(__file__).with_name("helpers.py"))
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)

README = Path(__file__).resolve().parents[2] / "README.md"


def example() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Steer your own training"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs_and_is_steered(listener):
    code = example()
    assert len(code.strip().splitlines()) <= 20
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(256, 20, generator=generator)
    dataset = torch.utils.data.TensorDataset(x, (x[:, 0] > 0).long())
    decay = listener.send("decay=0.1", at_step=8)
    listener.send("stop", at_step=20)
    namespace = {"my_dataset": dataset, "evaluate": lambda model: 0.5}
    exec(compile(code, "README example", "exec"), namespace)
    helpers.wait_until(lambda: listener.poll() and listener.run is not None and listener.run.finished, "the end")
    run = listener.run
    assert namespace["epoch"] == 4  # 4 steps per epoch: Stop (at step 20) seen at the end of epoch 4
    assert {a.id: (a.step, a.lr) for a in run.acks}[decay] == (8, pytest.approx(0.01))
    assert run.history.steps_per_epoch == 4 and run.history.epochs == 5
    lr = run.history.step_values()[0]
    assert list(lr[:8]) == [0.1] * 8 and lr[8:].tolist() == pytest.approx([0.1 * 0.1] * 12)
