"""What one training step computes: problems, optimizers, schedules, and their typed parameters."""
