"""``lrmonitor.attach`` goes into training environments: importing and using it loads no Qt and no framework."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_importing_attach_and_logging_loads_no_qt_and_no_torch():
    probe = textwrap.dedent("""
        import os, sys
        os.environ["LRMONITOR_ATTACH"] = "off"
        import lrmonitor.attach
        from lrmonitor.attach import Monitor
        monitor = Monitor(None)
        monitor.log(0, loss=1.0)
        monitor.close()
        roots = {m.split(".")[0] for m in sys.modules}
        print("LOADED:" + ",".join(sorted(roots & {"PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6", "torch",
                                                   "lightning", "transformers", "keras"})))
    """)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "LOADED:", out.stdout + out.stderr
