"""The runs of one window: a tree of runs in an engine, which is current, which are shown, undo."""
