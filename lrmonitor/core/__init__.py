"""The Qt-free core: everything lrmonitor computes, usable headless, in tests and from scripts.

Only numpy and the standard library are used here (import-linter enforces it, and a test checks
what an import really loads). The subpackages are layers; each may import only from those below:

- ``workspace``: the runs of one window on top of an engine: a tree of runs and forks, which
  is current, which are shown, undo of a deletion;
- ``display``: what the window draws, computed without Qt: smoothing, min/max pyramids, the
  plateau guide's state, the rate preview, the steps/s meter;
- ``engine``: where a run trains for the window: a worker process (shared-memory history, typed
  messages) or a thread, behind one interface;
- ``files``: session files and CSV tables, written atomically;
- ``run``: one run: its configuration, event log, rate per step, history and the training loop;
- ``training``: what one step computes: problems, optimizers, schedules and their parameters.

``display``, ``engine`` and ``files`` are siblings and do not import each other.
"""
