"""Test setup: Qt runs on the offscreen platform, so tests need no screen; numpy's BLAS uses one
thread, as lrmonitor itself does (the command line and the worker process set it too).

One BLAS thread gives the same numbers here, and the tests' small matrix products cost about a
quarter of the CPU time they take when OpenBLAS spreads them over two threads (a 3,200-step mlp
run: 0.25 s against 0.91 s of CPU). It must be set before numpy is first imported, which is why
it is set here, where pytest reads it before any test module.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
