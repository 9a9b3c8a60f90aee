"""The Qt-free training core: problems, optimizers, schedules, events, trainer, history.

Only numpy and the standard library are used here, so the core runs headless, in tests,
in a worker thread or process, and from scripts. The Qt layer sits on top of it.
"""
