"""CSV tables are written a block of rows at a time: memory stays bounded however long the run."""

import csv
import subprocess
import sys
import textwrap

import numpy as np

from lrmonitor.core.files.tables import BLOCK, write_epochs_csv, write_steps_csv
from lrmonitor.core.run.history import History


def _history(steps: int, spe: int = 32) -> History:
    history = History(spe)
    rng = np.random.default_rng(0)
    history.lr.extend(rng.random(steps))
    history.loss.extend(rng.random(steps))
    epochs = steps // spe
    for column in (history.epoch_lr, history.train_loss, history.val_loss):
        column.extend(rng.random(epochs))
    return history


def test_blocks_join_into_the_same_rows(tmp_path):
    history = _history(BLOCK * 2 + 5)
    smoothed = np.arange(BLOCK * 2 + 5, dtype=float) / 7
    write_steps_csv(tmp_path / "steps.csv", history, smoothed=smoothed)
    write_epochs_csv(tmp_path / "epochs.csv", history)
    with open(tmp_path / "steps.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == BLOCK * 2 + 5
    for i in (0, BLOCK - 1, BLOCK, 2 * BLOCK + 4):
        row = rows[i]
        assert int(row["step"]) == i + 1 and int(row["epoch"]) == i // 32
        assert float(row["lr"]) == history.lr.view()[i] and float(row["loss"]) == history.loss.view()[i]
        assert float(row["smoothed"]) == smoothed[i]
    with open(tmp_path / "epochs.csv", newline="") as handle:
        epochs = list(csv.DictReader(handle))
    assert len(epochs) == (BLOCK * 2 + 5) // 32
    assert int(epochs[-1]["step"]) == len(epochs) * 32
    assert float(epochs[-1]["val_loss"]) == history.val_loss.view()[-1]


MEASURE = textwrap.dedent("""
    import resource, sys
    import numpy as np
    from lrmonitor.core.files.tables import write_steps_csv
    from lrmonitor.core.run.history import History
    history = History(32)
    values = np.random.default_rng(0).random(3_000_000)
    history.lr.extend(values)
    history.loss.extend(values)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    write_steps_csv(sys.argv[1], history)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
""")


def test_writing_a_long_run_costs_little_memory(tmp_path):
    """3 million steps: the columns are 48 MB; the rows, formatted all at once, cost 400 MB more."""
    out = subprocess.run([sys.executable, "-c", MEASURE, str(tmp_path / "steps.csv")], capture_output=True,
                         text=True, timeout=300, check=True)
    grown_kb = int(out.stdout)
    assert grown_kb < 60_000, f"writing the CSV grew the peak memory by {grown_kb:,} KB"
