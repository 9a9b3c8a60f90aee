"""The physics lessons hold on other CPUs too: ``test_physics.py`` again, under other BLAS kernels.

A run's numbers depend on the CPU's BLAS kernel, and OpenBLAS picks it when numpy is imported,
so the module runs in a fresh interpreter with ``OPENBLAS_CORETYPE`` set: Prescott and
Sandybridge stand for older and other x86-64 CPUs than the one running the suite. CI runs the
README's test command and nothing else, so this is how CI checks them. Both interpreters start
together (about 8 s of CPU each, with the one BLAS thread they inherit from ``tests/conftest.py``),
so on two cores they cost the time of one.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PHYSICS = Path(__file__).with_name("test_physics.py")
ROOT = Path(__file__).resolve().parents[3]  # where pyproject.toml holds pytest's settings
KERNELS = ("Prescott", "Sandybridge")
TIMEOUT = 900  # seconds: generous, for a loaded machine; this one needs 15-45


@pytest.fixture(scope="module")
def started():
    """One ``pytest test_physics.py`` per kernel, all started at once."""
    procs = {}
    for kernel in KERNELS:
        env = dict(os.environ, OPENBLAS_CORETYPE=kernel)
        procs[kernel] = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PHYSICS)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
    yield procs
    for proc in procs.values():
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


@pytest.mark.parametrize("kernel", KERNELS)
def test_physics_lessons_hold_under_another_blas_kernel(started, kernel):
    proc = started[kernel]
    stdout, stderr = proc.communicate(timeout=TIMEOUT)
    output = f"OPENBLAS_CORETYPE={kernel}: pytest exited {proc.returncode}\n{stdout}\n{stderr}"
    assert proc.returncode != 5, "collected no test\n" + output  # 5: nothing collected, nothing checked
    assert proc.returncode == 0, output
    tests = len(re.findall(r"^def test_", PHYSICS.read_text(), re.MULTILINE))  # the module is not parametrized
    assert re.search(rf"\b{tests} passed", stdout), f"expected all {tests} tests to pass\n" + output
    assert not re.search(r"\d+ (skipped|xfailed|xpassed|deselected)", stdout), output
