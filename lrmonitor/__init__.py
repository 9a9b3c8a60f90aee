"""lrmonitor: watch a noisy training run live and learn when and how to decay the learning rate."""

__version__ = "0.1.0"
