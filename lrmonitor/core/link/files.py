"""An attached run's files: its step CSV and its record (``format: lrmonitor-attached``), written atomically.

An attached run has no configuration to replay: lrmonitor never had the training's code or data.
So its record is not a session that recomputes anything; it holds what was reported (every row,
the event log, the command acks) and says so in the file (``"replayable": false`` and a
sentence). :func:`load_attached` reads it back strictly and within bounds (one sentence naming
the file for anything wrong), so a saved attached run can be shown, exported and compared again.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from ... import __version__
from ..files.atomic import atomic_writer
from ..files.jsontext import JsonError, parse
from ..files.reading import read_regular
from ..run.events import Stamped
from .protocol import ROW_FIELDS, check_row, wire_number
from .record import NOT_REPLAYABLE, Ack, AttachedRun, TrainingInfo

FORMAT = "lrmonitor-attached"
VERSION = 1
STEP_CSV_COLUMNS = ("step", "epoch", "lr", "loss", "val_loss", "grad_norm")
MAX_FILE = 2000 << 20


def _reported(value: float) -> float | None:
    """A column value, None where the training did not report it (NaN in the columns)."""
    return None if math.isnan(value) else value


def _rows(run: AttachedRun) -> list[tuple]:
    """The run's rows as :data:`~.protocol.ROW_FIELDS` tuples (None where not reported)."""
    table = run.step_table()
    val: list[float | None] = [None] * len(run.steps)
    train: list[float | None] = [None] * len(run.steps)
    for row, v, t in zip(run.val_rows, run.history.val_loss.view().tolist(), run.history.train_loss.view().tolist()):
        val[row], train[row] = v, _reported(t)
    return [(s, _reported(e), _reported(r), x, v, _reported(g), t) for s, e, r, x, v, g, t in zip(
        table["step"].tolist(), table["epoch"].tolist(), table["lr"].tolist(), table["loss"].tolist(), val,
        table["grad_norm"].tolist(), train)]


def _field(value: float | None) -> str:
    return "" if value is None else repr(value)


def write_attached_csv(path: str | os.PathLike, run: AttachedRun) -> None:
    """``step,epoch,lr,loss,val_loss,grad_norm``, one row per logged step, atomically.

    ``step`` counts the training's optimizer steps; a value the training did not report is an
    empty field; a non-finite loss is ``nan``/``inf`` as in lrmonitor's other CSV files.
    """
    with atomic_writer(path) as out:
        out.write(",".join(STEP_CSV_COLUMNS) + "\n")
        out.writelines(f"{s},{_field(e)},{_field(r)},{x!r},{_field(v)},{_field(g)}\n"
                       for s, e, r, x, v, g, _ in _rows(run))


def save_attached(path: str | os.PathLike, run: AttachedRun) -> None:
    """Write the run's record as JSON (``format: lrmonitor-attached``), atomically."""
    info = run.info
    document: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "written_by": f"lrmonitor {__version__}",
        "replayable": False, "note": NOT_REPLAYABLE,
        "training": {"run": info.run, "mode": info.mode, "lr": info.lr, "pid": info.pid, "script": info.script,
                     "world_size": info.world_size, "steps_per_epoch": info.steps_per_epoch,
                     "framework": info.framework, "loss_label": info.loss_label},
        "steps_per_epoch": run.history.steps_per_epoch,
        "columns": list(ROW_FIELDS),
        "rows": [[row[0], *map(wire_number, row[1:])] for row in _rows(run)],
        "events": [s.to_json() for s in run.history.events],
        "acks": [{"id": a.id, "action": a.action, "ok": a.ok, "step": a.step, "lr": a.lr, "error": a.error}
                 for a in run.acks],
        "dropped": run.dropped, "finished": run.finished,
    }
    with atomic_writer(path) as out:
        json.dump(document, out, allow_nan=False, separators=(",", ":"))
        out.write("\n")


def load_attached(path: str | os.PathLike) -> AttachedRun:
    """Read a record written by :func:`save_attached`; ``ValueError`` naming the file otherwise."""
    name = Path(path)
    raw = read_regular(path, MAX_FILE, "attached-run file")  # its sentence names the file
    try:
        data = parse(raw)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"it is not an attached-run file (format {FORMAT!r})")
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r} is not known: allowed is {VERSION}")
        training = data.get("training")
        if not isinstance(training, dict):
            raise ValueError("it lacks the training's description")
        run = AttachedRun(TrainingInfo.from_hello(training))
        spe = data.get("steps_per_epoch")
        if isinstance(spe, int) and not isinstance(spe, bool) and spe >= 1:
            run.history.steps_per_epoch = spe
        rows = data.get("rows")
        if not isinstance(rows, list):
            raise ValueError("its rows are not a list")
        run.add_rows([check_row(row) for row in rows])
        events = data.get("events")
        acks = data.get("acks")
        if not isinstance(events, list) or not isinstance(acks, list):
            raise ValueError("its events or acks are not lists")
        run.history.events = [Stamped.from_json(e) for e in events]
        run.acks = [_ack(a) for a in acks]
        dropped = data.get("dropped", 0)
        run.dropped = dropped if isinstance(dropped, int) and not isinstance(dropped, bool) and dropped >= 0 else 0
        run.finished = data.get("finished") is True
        return run
    except JsonError as err:
        raise ValueError(f"'{name}' could not be read as an attached-run file: {err}") from None
    except (ValueError, TypeError, OverflowError) as err:
        raise ValueError(f"'{name}' could not be read as an attached-run file: {err}") from None


def _ack(data: Any) -> Ack:
    if not isinstance(data, dict):
        raise ValueError("an ack is not an object")
    cid, step, lr = data.get("id"), data.get("step"), data.get("lr")
    if isinstance(cid, bool) or not isinstance(cid, int):
        raise ValueError(f"ack id {cid!r} is not a whole number")
    return Ack(cid, str(data.get("action", ""))[:500], data.get("ok") is True,
               step if isinstance(step, int) and not isinstance(step, bool) else None,
               float(lr) if isinstance(lr, (int, float)) and not isinstance(lr, bool) else None,
               str(data.get("error", ""))[:300])


