"""The window's panels: each a small widget built from the core's descriptions.

A panel talks upward only by its signals and is updated by the run controller's frames (or
by its own subscription); panels never import each other (an import-linter contract).
"""
