"""Attach your own training to lrmonitor: its loss streams into lrmonitor, lrmonitor's decay steers it.

Standard library, numpy and :mod:`lrmonitor.core` only (never Qt), so it installs into a training
environment with ``pip install lrmonitor``. :class:`Monitor` is the plain-PyTorch API (see
:mod:`.monitor`); adapters for Lightning (:mod:`.lightning`), the Hugging Face Trainer
(:mod:`.huggingface`) and Keras 3 (:mod:`.keras`) import their framework only when used.
"""

from .monitor import Monitor

__all__ = ["Monitor"]
