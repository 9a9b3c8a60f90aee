"""Files a run is kept in, all written atomically: session files and CSV tables.

``session`` (version 1, ``run.json``: configuration + events, replayed when opened), ``lrmon``
(version 2, ``.lrmon``: a tree of runs with their recorded numbers and checkpoints; ``load_any``
reads both versions, ``save_tree`` writes version 2) with ``lrmon_records`` (what a file holds
once read), ``lrmon_writing`` (a run tree into an archive) and ``lrmon_reading`` (an archive read
and checked), ``container`` (the zip of a manifest and .npy arrays, read within limits),
``checkpoints`` (a checkpoint as JSON + arrays) with ``packed_values`` (its values as tagged JSON,
arrays packed per dtype) and ``checks`` (checks and message pieces the readers share), ``verify``
(recompute a version-2 file and compare), ``reading`` (open only regular files of bounded size),
``tables`` (CSV), ``atomic`` (writes).
"""
