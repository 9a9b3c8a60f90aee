"""Where a run trains for the window: a worker process (default) or a thread, one interface."""
