"""Files a run is kept in: the session file and CSV tables, all written atomically."""
