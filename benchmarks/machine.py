"""What a result was measured on: CPU, cores, load, numpy and the BLAS kernel that ran.

The same suite gives different numbers on different machines, and on one machine when others
use it: the mlp trains about 4× slower on a loaded 2-core AMD EPYC than on the same machine
quiet, and OpenBLAS picks a different kernel (Haswell, SkylakeX, Zen, ...) per CPU. A result
without these facts cannot be compared with another one, so every run records them.

Dependency-free: the OpenBLAS core is asked from the library numpy itself loaded (found in
``/proc/self/maps``, its ``*_get_corename*`` function called through ctypes); numpy's SIMD
paths for tanh/exp come from ``numpy._core._multiarray_umath.__cpu_features__``.
"""

from __future__ import annotations

import ctypes
import os
import platform
import re

import numpy as np


def cpu_model() -> str:
    """The CPU's model name as the kernel reports it (``/proc/cpuinfo``), else platform's guess."""
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.lower().startswith(("model name", "hardware", "cpu model")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cores() -> int:
    """Cores this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load() -> float | None:
    """The 1-minute load average: runnable processes, to compare with the core count."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def blas() -> dict:
    """numpy's BLAS library, its build configuration and the core (kernel) it chose at load time."""
    np.ones((2, 2)) @ np.ones((2, 2))  # make sure the library is loaded
    found = {"library": None, "config": None, "core": None}
    try:
        with open("/proc/self/maps") as handle:
            paths = sorted({line.split()[-1] for line in handle if "blas" in line.lower() and "/" in line})
    except OSError:
        return found
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        found["library"] = os.path.basename(path)
        for what, names in (("core", ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename",
                                      "openblas_get_corename64_", "openblas_get_corename")),
                            ("config", ("scipy_openblas_get_config64_", "scipy_openblas_get_config",
                                        "openblas_get_config64_", "openblas_get_config"))):
            for name in names:
                function = getattr(lib, name, None)
                if function is not None:
                    function.restype = ctypes.c_char_p
                    found[what] = function().decode(errors="replace").strip()
                    break
        if found["core"]:
            break
    return found


def simd() -> list[str]:
    """numpy's run-time SIMD features above the x86-64-v2 baseline (they pick tanh/exp code paths)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # numpy < 2
        try:
            from numpy.core._multiarray_umath import __cpu_features__ as features
        except ImportError:
            return []
    top = [name for name in ("AVX512_SPR", "AVX512_ICL", "AVX512_SKX", "AVX2", "FMA3", "ASIMD", "SVE")
           if features.get(name)]
    return top


def describe() -> dict:
    """Everything above, as one JSON-ready object (without the load: that is taken per benchmark)."""
    info = blas()
    return {
        "cpu": cpu_model(),
        "cores": cores(),
        "memory_gib": _memory_gib(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": info["library"],
        "blas_core": info["core"],
        "blas_config": info["config"],
        # OPENBLAS_CORETYPE forces a kernel; the thread count is set to 1 by lrmonitor and this suite
        "blas_environment": {k: v for k, v in sorted(os.environ.items()) if k.startswith("OPENBLAS_")},
        "numpy_simd": simd(),
        "packages": _versions("PySide6-Essentials", "pyqtgraph", "torch"),
    }


def summary(machine: dict) -> str:
    """One line for the table's heading and the README."""
    core = machine["blas_core"] or "unknown"
    settings = {k: v for k, v in machine["blas_environment"].items() if k != "OPENBLAS_NUM_THREADS"}
    forced = "".join(f", {k}={v}" for k, v in settings.items())
    packages = ", ".join(f"{k} {v}" for k, v in machine["packages"].items() if v)
    return (f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB; Python {machine['python']}, "
            f"numpy {machine['numpy']} (OpenBLAS core {core}{forced}; SIMD {'/'.join(machine['numpy_simd']) or '-'}), "
            f"{packages}")


def _memory_gib() -> float | None:
    try:
        with open("/proc/meminfo") as handle:
            match = re.search(r"MemTotal:\s+(\d+) kB", handle.read())
        return round(int(match.group(1)) / 2**20) if match else None
    except OSError:
        return None


def _versions(*names: str) -> dict:
    from importlib import metadata

    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out
