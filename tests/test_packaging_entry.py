"""packaging/entry.py, the bundle's entry point: Windows' windowed lrmonitor-gui.exe runs it with no
console, where Python's sys.stdout and sys.stderr are None. Checked here by making them None."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_entry_point_runs_a_command_without_standard_streams(tmp_path):
    script = ("import runpy, sys\n"
              "sys.stdout = sys.stderr = None\n"
              "sys.argv = ['lrmonitor', 'run', '--problem', 'linear', '--epochs', '1', '--session', sys.argv[1]]\n"
              f"runpy.run_path({str(REPO / 'packaging' / 'entry.py')!r}, run_name='__main__')\n")
    session = tmp_path / "s.lrmon"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script, str(session)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr  # without a replacement, 'run' fails on sys.stderr.isatty()
    assert session.is_file()
