"""The session file, format version 2 (``.lrmon``): a tree of runs with the numbers they recorded.

Version 1 (``run.json``, :mod:`.session`) holds one run as configuration + event log and is
opened by replaying it. That shows the numbers of the computer that opens it: the same run gives
different curves on CPUs with different BLAS kernels. Version 2 holds what was recorded, so a
teacher opening a student's file sees the student's curves, and a tree of runs (a base run and
its forks, :class:`~lrmonitor.core.run.tree.RunTree`) rather than one.

A ``.lrmon`` file is a zip archive (:mod:`.container`)::

    manifest.json            format, version 2, written_by, the runs and the checkpoints (JSON)
    runs/<id>/loss.npy       per step: mini-batch loss   (float64, one value per step)
    runs/<id>/lr.npy         per step: rate used         (float64)
    runs/<id>/epoch_lr.npy   per epoch: rate of its last step, training and validation loss
    runs/<id>/train_loss.npy (float64, one value per completed epoch)
    runs/<id>/val_loss.npy
    runs/<id>/attached/...   an attached training's run only: per logged row the optimizer step it
                             reported (step_deltas.npy, int64: the first step, then the differences),
                             its epoch and grad norm (float64); per epoch row the logged row it
                             belongs to (val_rows.npy, int64)
    state/float64.npy        the checkpoints' arrays (parameters, optimizer state), packed
    state/int64.npy          the shuffle order of checkpoints taken inside an epoch, packed

Each run in the manifest has its id, name, parent id, fork step, action text and colour slot,
its configuration, its full event log (stamped, as in version 1: applied events first, then
those still to come; ``applied`` says how many were applied), its summary (as in version 1),
the declarations of its arrays (member, dtype, shape), its checkpoint store (settings and the
indices of its checkpoints in the manifest's ``checkpoints`` list: a checkpoint that forks
share is written once) and ``state``, the checkpoint at its last step that lets it continue
exactly (none for a diverged run). An attached training's run has no configuration of its own (a
placeholder) but ``attached``, the training's description of itself, and ``attached_arrays``,
the declarations of its own columns; its events are stamped in the training's optimizer steps,
each with ``lr``, the rate the training said it used. A file written before those were kept
(no ``attached_arrays``, no ``lr``) opens as then: rows at steps 1, 2, 3, …, markers without the
rate. Readers that do not know them ignore both.

:func:`save_tree` writes a file (atomically, :mod:`.lrmon_writing`) and :func:`load_any` reads
either version into a :class:`Loaded` (:mod:`.lrmon_records`); a version-2 archive is read and
checked by :mod:`.lrmon_reading`. Reading is strict and bounded: every problem is a
``ValueError`` with one sentence naming the file and what is wrong. This module is the one to
import: it describes the format and re-exports what callers use.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

from ..run.history import History
from ..run.state import RunState
from ..run.tree import default_name
from ..texts import QT_TRANSLATE_NOOP, WordedError
from .checks import one_line
from .container import ArchiveReader, DamagedError
from .lrmon_reading import MAX_CHECKPOINTS, MAX_COLOUR, MAX_ID, MAX_RUNS, RefusedError, read_archive
from .lrmon_records import ARRAYS, VERSION, Loaded, LoadedRun, RecordedRun
from .lrmon_writing import save_tree
from .reading import TOO_LARGE, UNREADABLE, file_words, open_regular, what_words
from .session import MAX_BYTES as MAX_V1_BYTES
from .session import ZIP_MAGIC, Session, session_from_bytes

__all__ = [  # what callers import from here (the reader's limits are set in .lrmon_reading)
    "ARRAYS", "EXTENSION", "MAX_CHECKPOINTS", "MAX_COLOUR", "MAX_FILE_BYTES", "MAX_ID", "MAX_RUNS", "VERSION",
    "Loaded", "LoadedRun", "RecordedRun", "load_any", "save_tree",
]

EXTENSION = ".lrmon"
MAX_FILE_BYTES = 2000 << 20  # below zip's 2 GiB limit: lrmonitor writes plain (not zip64) archives


DAMAGED = QT_TRANSLATE_NOOP("core", "{file} is damaged: {detail}")  # the detail stays English: it is for a bug report
NO_MEMORY = QT_TRANSLATE_NOOP("core", "{file} cannot be read: it needs more memory than there is")


def load_any(path: str | os.PathLike) -> Loaded:
    """Read a session file of either version; every problem raises ``ValueError`` with one sentence
    naming the file. Version 2 needs no replay; version 1 does (:attr:`Loaded.needs_replay`)."""
    target = Path(path)
    handle, size = open_regular(target, MAX_FILE_BYTES)
    file = file_words(target)
    with handle:
        try:
            magic = handle.read(4)
            if magic != ZIP_MAGIC:
                if size > MAX_V1_BYTES:
                    raise RefusedError(TOO_LARGE, file=file, size=f"{size:,}", limit=f"{MAX_V1_BYTES:,}",
                                       what=what_words("version 1 session file"))
                handle.seek(0)
                return _loaded_v1(target, session_from_bytes(handle.read(MAX_V1_BYTES + 1), target, VERSION))
        except OSError as err:
            raise WordedError(UNREADABLE, file=file, reason=err.strerror or str(err)) from None
        try:
            reader = ArchiveReader(handle, size)
            try:
                return read_archive(target, reader)
            finally:
                reader.close()
        except RefusedError:
            raise
        except DamagedError as err:
            raise WordedError(DAMAGED, file=file, detail=one_line(err)) from None
        except OSError as err:
            raise WordedError(UNREADABLE, file=file, reason=err.strerror or str(err)) from None
        except MemoryError:
            raise WordedError(NO_MEMORY, file=file) from None
        except RecursionError:
            raise WordedError(DAMAGED, file=file, detail="it nests too deep") from None
        except (ValueError, OverflowError, zipfile.BadZipFile, zlib.error) as err:  # unforeseen: still one sentence
            raise WordedError(DAMAGED, file=file, detail=one_line(err)) from None
        except (TypeError, KeyError, AttributeError, IndexError, EOFError, NotImplementedError):
            raise WordedError(DAMAGED, file=file, detail="it holds a value of the wrong type or shape") from None


def _loaded_v1(target: Path, session: Session) -> Loaded:
    config = session.config
    record = RecordedRun(config, tuple(session.events), History(config.steps_per_epoch), RunState.IDLE,
                         summary=session.summary)
    name = default_name(config, session.events)
    run = LoadedRun(1, name, None, None, None, 0, record)
    return Loaded(target, 1, "", (run,), session)
