"""The core must stay Qt-free: importing it and training must load no Qt module."""

import subprocess
import sys
import textwrap

import pytest

QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6")


def _loaded_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the Qt modules it left loaded."""
    report = f"import sys; print('QT:' + ','.join(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}))"
    probe = textwrap.dedent(code) + "\n" + report + "\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    last = out.stdout.rstrip().splitlines()[-1]
    assert last.startswith("QT:"), out.stdout
    return [m for m in last[3:].split(",") if m]


def test_importing_every_core_module_and_training_loads_no_qt():
    loaded = _loaded_after(
        """
        import pkgutil, importlib, lrmonitor.core as core
        for info in pkgutil.walk_packages(core.__path__, "lrmonitor.core."):
            importlib.import_module(info.name)
        from lrmonitor.core.run.config import RunConfig
        from lrmonitor.core.run.trainer import Trainer
        t = Trainer(RunConfig(problem="mlp", epochs=2))
        assert t.run() == "finished"
        """
    )
    assert loaded == []


@pytest.mark.parametrize("argv", [["run", "--epochs", "2", "--quiet"], ["run", "--help"]])
def test_headless_command_line_loads_no_qt(argv):
    loaded = _loaded_after(
        f"""
        from lrmonitor.cli import main
        try:
            main({argv!r})
        except SystemExit:
            pass
        """
    )
    assert loaded == []


def test_core_sources_do_not_mention_qt_imports():
    from pathlib import Path

    import lrmonitor.core

    for path in Path(lrmonitor.core.__file__).parent.rglob("*.py"):
        text = path.read_text()
        for name in QT_MODULES:
            assert f"import {name}" not in text and f"from {name}" not in text, path
