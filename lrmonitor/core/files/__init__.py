"""Files a run is kept in, all written atomically: session files and CSV tables.

``session`` (version 1, ``run.json``: configuration + events, replayed when opened), ``lrmon``
(version 2, ``.lrmon``: a tree of runs with their recorded numbers and checkpoints; ``load_any``
reads both versions), ``container`` (the zip of a manifest and .npy arrays, read within limits),
``checkpoints`` (a checkpoint as JSON + arrays), ``verify`` (recompute a version-2 file and compare),
``reading`` (open only regular files of bounded size), ``tables`` (CSV), ``atomic`` (writes).
"""
