"""One run: its configuration, event log, the rate each step uses, its history and the loop."""
