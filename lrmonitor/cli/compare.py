"""``lrmonitor compare``: a base run and its forks, trained headless, with the comparison table."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..core.engine.tuning import keep_heap_slack
from ..core.files.atomic import check_writable, together, write_text_atomic
from ..core.files.lrmon import EXTENSION, save_tree
from ..core.files.tables import write_epochs_csv, write_steps_csv
from ..core.run.compare import Compared, compare, format_table, rows_csv
from ..core.run.config import RunConfig
from ..core.run.events import Event
from ..core.run.state import RunState
from ..core.run.trainer import Trainer
from ..core.run.tree import RunTree, fork, fork_range
from .arguments import EXIT_DIVERGED, EXIT_OK, PROG, BadInputError
from .commands import config_from, epoch_action, train


@dataclass
class _CompareOutputs:
    table: Path | None
    out_dir: Path | None
    session: Path | None
    png: Path | None
    svg: Path | None
    size: tuple[int, int]
    names: list[str]  # base, fork-1, ...

    @staticmethod
    def checked(args: argparse.Namespace, forks: int) -> _CompareOutputs:
        """Every output checked before any training: a bad one is refused with nothing written."""
        names = ["base", *(f"fork-{i}" for i in range(1, forks + 1))]
        try:
            paths = [check_writable(p) if p else None for p in (args.table, args.session, args.png, args.svg)]
            out_dir = _checked_folder(Path(args.out_dir)) if args.out_dir else None
            run_files = []
            if out_dir is not None and out_dir.is_dir():
                run_files = [check_writable(f) for f in _run_files(out_dir, names)]
        except ValueError as err:
            raise BadInputError(str(err)) from None
        named = [p.resolve() for p in [*paths, *run_files] if p is not None]
        if len(set(named)) != len(named):
            raise BadInputError("two outputs name the same file: give each output its own path")
        if paths[1] is not None and paths[1].suffix.lower() != EXTENSION:
            raise BadInputError(
                f"--session '{paths[1]}': compare writes the whole tree (the base run and its forks) as a "
                f"session file of format version 2: give a name ending in {EXTENSION}"
            )
        return _CompareOutputs(paths[0], out_dir, paths[1], paths[2], paths[3], args.size, names)

    def write(self, trainers: list[Trainer], rows_text: str, forks: list[tuple[int, str, Event]]) -> None:
        """All or nothing: the files are renamed into place only when every one was written."""
        made = self.out_dir is not None and not self.out_dir.exists()
        try:
            with together():
                self._write(trainers, rows_text, forks)
        except ValueError as err:  # e.g. an output swapped for a FIFO since it was checked
            self._unmake(made)
            raise BadInputError(f"{err}; no output was written") from None
        except BaseException:
            self._unmake(made)
            raise

    def _unmake(self, made: bool) -> None:
        if made:  # the folder this command made holds nothing: take it away again
            with contextlib.suppress(OSError):
                self.out_dir.rmdir()

    def _write(self, trainers: list[Trainer], rows_text: str, forks: list[tuple[int, str, Event]]) -> None:
        if self.table:
            write_text_atomic(self.table, rows_text)
        if self.out_dir:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for trainer, (steps, epochs) in zip(trainers, _run_files_by_run(self.out_dir, self.names)):
                write_steps_csv(steps, trainer.history)
                write_epochs_csv(epochs, trainer.history)
        base = trainers[0]
        if self.session:
            try:
                save_tree(self.session, _tree(trainers, forks, self.names))
            except ValueError as err:  # e.g. runs too long for one file
                raise BadInputError(f"--session '{self.session}': {err}") from None
        if self.png or self.svg:
            from ..qt.snapshot import write_snapshots  # Qt only when a picture is asked for

            write_snapshots(base.history, self.png, self.svg, self.size, others=[t.history for t in trainers[1:]])


def _tree(trainers: list[Trainer], forks: list[tuple[int, str, Event]], names: list[str]) -> RunTree:
    """The base run (id 1) and its forks (ids 2, 3, ...), named as in the table: base, fork-1, ..."""
    tree = RunTree()
    base = tree.add(trainers[0], name=names[0])
    spe = trainers[0].steps_per_epoch
    for trainer, (epoch, _, event), name in zip(trainers[1:], forks, names[1:]):
        tree.add(trainer, parent=base.id, fork_step=epoch * spe, action=event, name=name)
    return tree


def _run_files_by_run(folder: Path, names: list[str]) -> list[tuple[Path, Path]]:
    return [(folder / f"{name}-steps.csv", folder / f"{name}-epochs.csv") for name in names]


def _run_files(folder: Path, names: list[str]) -> list[Path]:
    return [path for pair in _run_files_by_run(folder, names) for path in pair]


def _checked_folder(folder: Path) -> Path:
    """``--out-dir``: an existing writable folder, or one that can be made (its nearest existing parent is)."""
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"--out-dir '{folder}' is a file: expected a folder (made if missing)")
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise ValueError(f"--out-dir '{folder}': '{existing}' is a file, so the folder cannot be made")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ValueError(f"--out-dir '{folder}': the folder '{existing}' is not writable")
    return folder


def _forks_from(args: argparse.Namespace, config: RunConfig) -> list[tuple[int, str, Event]]:
    """The --fork options as (epoch, action text, event); an epoch outside the run is bad input."""
    forks = []
    for epoch, action in args.fork:
        try:
            forks.append((epoch, action, epoch_action("--fork", epoch, action, config)))
        except ValueError as err:
            raise BadInputError(str(err)) from None
    return forks


def cmd_compare(args: argparse.Namespace) -> int:
    keep_heap_slack()
    config, events = config_from(args)
    forks = _forks_from(args, config)
    outputs = _CompareOutputs.checked(args, len(forks))
    spe = config.steps_per_epoch
    base = Trainer(config, events)
    seconds = train(base, None, args.quiet)
    _, last = fork_range(base)
    for epoch, action, _ in forks:  # only now known: the base may have diverged before a fork's epoch
        if epoch * spe > last:
            raise BadInputError(
                f"--fork {epoch}:{action}: epoch {epoch} is after the base run diverged at step "
                f"{base.history.diverged_at}: "
                f"allowed is 0 <= epoch <= {last // spe}; nothing was written"
            )
    trainers = [base]
    for epoch, _, event in forks:
        trainer = fork(base, epoch * spe, event)
        seconds += train(trainer, None, args.quiet)
        trainers.append(trainer)
    names = outputs.names
    rows = compare([
        Compared(names[0], base.history),
        *(Compared(name, t.history, names[0], epoch * spe, event)
          for name, t, (epoch, _, event) in zip(names[1:], trainers[1:], forks)),
    ])
    outputs.write(trainers, rows_csv(rows), forks)
    if not args.quiet:
        print(format_table(rows), end="")
        print(f"{len(trainers)} runs of up to {max(t.step for t in trainers)} steps in {seconds:.1f} s")
    code = EXIT_OK
    for name, trainer in zip(names, trainers):
        if trainer.status == RunState.DIVERGED:
            print(f"{PROG}: {name}: {trainer.divergence}; outputs written up to step {trainer.step}", file=sys.stderr)
            code = EXIT_DIVERGED
    return code


