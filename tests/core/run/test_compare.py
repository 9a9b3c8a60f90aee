"""The comparison's numbers, each recomputed here from the history's columns in plain Python."""

import csv
import dataclasses
import io
import math
import statistics

import pytest

from lrmonitor.core.run.compare import (
    CHANGES,
    COLUMNS,
    Compared,
    CompareRow,
    compare,
    compare_tree,
    format_table,
    metrics,
    rows_csv,
    verdict,
)
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import DecayNow, parse_action
from lrmonitor.core.run.trainer import Trainer
from lrmonitor.core.run.tree import RunTree, continue_run, fork

MLP = RunConfig(problem="mlp", epochs=30, train_size=150, val_size=60, batch_size=16)  # 10 steps per epoch
SPE = 10


def trained(config=MLP, events=()):
    trainer = Trainer(config, events)
    trainer.run()
    return trainer


def expected(history, epochs=None):
    """The numbers by hand: plain lists, the last 10 completed epochs, std over their steps."""
    val = history.val_loss.view().tolist()
    train = history.train_loss.view().tolist()
    done = len(val) if epochs is None else min(epochs, len(val))
    val, train = val[:done], train[:done]
    window = min(10, done)
    steps = history.loss.view().tolist()[(done - window) * SPE : done * SPE]
    finite = [(v, i) for i, v in enumerate(val) if math.isfinite(v)]
    best, best_epoch = min(finite) if finite else (math.nan, None)
    return {
        "final_train_loss": train[-1], "final_val_loss": val[-1], "best_val_loss": best,
        "best_val_epoch": best_epoch, "last10_val_mean": sum(val[-window:]) / window,
        "band_std": statistics.pstdev(steps),
    }


def check(row_or_metrics, numbers):
    for name, value in numbers.items():
        got = getattr(row_or_metrics, name)
        if isinstance(value, float) and math.isnan(value):
            assert math.isnan(got), name
        else:
            assert got == pytest.approx(value, rel=1e-12, abs=0), name


@pytest.fixture(scope="module")
def family():
    base = trained()
    decayed = fork(base, 10 * SPE, "step:factor=0.1,every=5")
    decayed.run()
    halved = fork(base, 15 * SPE + 3, "decay=0.5")  # inside an epoch
    halved.run()
    return base, decayed, halved


def test_every_number_of_every_run(family):
    base, decayed, halved = family
    rows = compare([
        Compared("base", base.history),
        Compared("decayed", decayed.history, "base", 10 * SPE, parse_action("step:factor=0.1,every=5")),
        Compared("halved", halved.history, "base", 15 * SPE + 3, DecayNow(0.5)),
    ])
    assert [r.run for r in rows] == ["base", "decayed", "halved"]
    for row, trainer in zip(rows, family):
        check(row, expected(trainer.history))
    assert rows[0].parent is None and rows[0].fork_epoch is None and rows[0].action is None
    assert all(getattr(rows[0], name) is None for name in CHANGES)
    assert (rows[1].parent, rows[1].fork_epoch, rows[1].action) == ("base", 10, "step:factor=0.1,every=5,per=epoch")
    assert rows[1].label == "step ×0.1/5 from epoch 10"
    assert rows[2].fork_epoch == pytest.approx(15.3) and rows[2].label == "decay ×0.5 at step 153"
    mine, theirs = expected(decayed.history), expected(base.history)
    for name in ("final_train_loss", "final_val_loss", "best_val_loss", "last10_val_mean", "band_std"):
        assert getattr(rows[1], f"{name}_change_pct") == pytest.approx(
            (mine[name] - theirs[name]) / theirs[name] * 100, rel=1e-9)
    assert rows[1].last10_val_mean_change_pct < 0 and rows[1].band_std_change_pct < -50  # it settles lower


def test_the_change_is_against_the_parent_over_the_forks_own_window(family):
    base, decayed, _ = family
    longer = continue_run(base, 10)
    longer.run()
    row = compare([Compared("base", longer.history), Compared("f", decayed.history, "base", 100, DecayNow(0.5))])[1]
    mine, theirs = expected(decayed.history), expected(longer.history, epochs=30)
    assert row.band_std_change_pct == pytest.approx((mine["band_std"] - theirs["band_std"]) / theirs["band_std"] * 100)
    assert row.best_val_loss_change_pct == pytest.approx(
        (mine["best_val_loss"] - theirs["best_val_loss"]) / theirs["best_val_loss"] * 100)
    shorter = compare([Compared("base", decayed.history), Compared("f", longer.history, "base", 0, DecayNow(0.5))])
    assert all(getattr(shorter[1], name) is None for name in CHANGES)  # the parent does not reach its window


def test_short_paused_and_diverged_runs():
    paused = Trainer(MLP)
    paused.run(63)  # 6 epochs and 3 steps: fewer than 10 epochs, the partial one left out
    check(metrics(paused.history), expected(paused.history))
    assert metrics(paused.history).epochs == 6
    empty = metrics(Trainer(MLP).history)
    assert empty.epochs == 0 and math.isnan(empty.band_std) and empty.best_val_epoch is None
    config = RunConfig(problem="linear", optimizer="sgd", lr=1.5, epochs=30, train_size=100, val_size=50, batch_size=10)
    diverged = trained(config)
    assert diverged.history.diverged_at is not None
    numbers = metrics(diverged.history)
    check(numbers, expected(diverged.history))
    assert numbers.best_val_epoch is not None and math.isfinite(numbers.best_val_loss)
    row = compare([Compared("a", trained(dataclasses.replace(config, lr=0.01)).history),
                   Compared("b", diverged.history, "a", 0, DecayNow(1.0))])[1]
    assert row.last10_val_mean_change_pct > 1e6 and verdict(row).startswith("b: decay ×1 at epoch 0 raised")


def test_csv_has_the_columns_and_reads_back_exactly(family):
    base, decayed, _ = family
    rows = compare([Compared("base", base.history),
                    Compared("fork-1", decayed.history, "base", 100, parse_action("step:factor=0.1,every=5"))])
    text = rows_csv(rows)
    assert text.splitlines()[0] == (
        "run,parent,fork_epoch,action,final_train_loss,final_val_loss,best_val_loss,best_val_epoch,"
        "last10_val_mean,band_std,final_train_loss_change_pct,final_val_loss_change_pct,best_val_loss_change_pct,"
        "last10_val_mean_change_pct,band_std_change_pct"
    )
    read = list(csv.DictReader(io.StringIO(text)))
    assert list(read[0]) == list(COLUMNS) and len(read) == 2
    assert read[0]["parent"] == read[0]["fork_epoch"] == read[0]["band_std_change_pct"] == ""
    assert read[1]["action"] == "step:factor=0.1,every=5,per=epoch" and read[1]["fork_epoch"] == "10"
    for row, line in zip(rows, read):
        for name in COLUMNS[4:]:
            value = getattr(row, name)
            if isinstance(value, float):
                assert float(line[name]) == value and line[name] == repr(value)
        assert int(line["best_val_epoch"]) == row.best_val_epoch


def test_the_table_is_aligned_and_says_what_changed(family):
    base, decayed, _ = family
    rows = compare([Compared("base", base.history),
                    Compared("fork-1", decayed.history, "base", 100, parse_action("step:factor=0.1,every=5"))])
    text = format_table(rows)
    lines = text.splitlines()
    assert lines[0].split()[:2] == ["run", "fork"] and set(lines[1]) == {"-", " "}
    assert len({len(line) for line in lines[:4] if not line.endswith("n/a")}) <= 2
    val, band = rows[1].last10_val_mean_change_pct, rows[1].band_std_change_pct
    assert (f"fork-1: step ×0.1/5 from epoch 10 lowered the validation loss by {abs(val):.0f} % "
            f"and narrowed the band by {abs(band):.0f} %") in text


def test_verdict_words_follow_the_sign():
    row = CompareRow("f", "base", 3, "decay=2", "x", *[1.0] * 3, 1, 1.0, 1.0,
                     last10_val_mean_change_pct=12.0, band_std_change_pct=5.25)
    assert verdict(row) == "f: x raised the validation loss by 12 % and widened the band by 5.2 % " \
                           "(last 10 epochs, against base)"
    unknown = dataclasses.replace(row, band_std_change_pct=None)
    assert verdict(unknown) == "f: x cannot be compared with base (a loss is not finite, or base is shorter)"


def test_compare_refuses_unknown_parents_and_duplicate_names(family):
    base = family[0]
    with pytest.raises(ValueError, match="names the parent 'nope': allowed are 'base'"):
        compare([Compared("base", base.history), Compared("f", base.history, "nope", 0, DecayNow(0.5))])
    with pytest.raises(ValueError, match="two runs share a name"):
        compare([Compared("base", base.history), Compared("base", base.history)])


def test_compare_a_tree(family):
    tree = RunTree()
    root = tree.add(family[0])
    child = tree.fork(root.id, 100, "decay=0.5")
    child.run.run()
    rows = compare_tree(tree)
    assert [(r.run, r.parent, r.fork_epoch) for r in rows] == [
        ("fixed α=0.3", None, None), ("decay ×0.5 at epoch 10", "fixed α=0.3", 10)]
    check(rows[1], expected(child.run.history))
    word = "lowered" if rows[1].last10_val_mean_change_pct < 0 else "raised"
    assert f"\ndecay ×0.5 at epoch 10 {word} the validation loss by " in format_table(rows)  # the name is the label
