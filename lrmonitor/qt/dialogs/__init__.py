"""The window's dialogs, one small module each; each returns its answer, nothing else."""
