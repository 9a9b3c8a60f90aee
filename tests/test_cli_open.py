"""Opening a session file from the command line: ``lrmonitor FILE.lrmon`` and ``lrmonitor open [FILE]``.

A desktop launcher runs ``lrmonitor open %f``: with a file chosen (a double-click on a session
file) that is ``open FILE``, without one (the menu entry) ``%f`` expands to nothing, which must
open an empty window rather than fail with "the following arguments are required".
"""

import pytest

import lrmonitor.cli as cli
from lrmonitor.cli import main
from lrmonitor.cli.arguments import build_parser, open_shortcut


@pytest.fixture
def opened(monkeypatch):
    """The window is not started: the arguments ``cmd_gui`` was given are recorded instead."""
    calls = []
    monkeypatch.setattr(cli, "cmd_gui", lambda session_file, smoke_png=None: calls.append((session_file, smoke_png))
                        or 0)
    return calls


def test_a_session_file_alone_opens_it_in_the_window(opened, tmp_path):
    session = tmp_path / "runs.lrmon"
    assert main([str(session)]) == 0  # named by its suffix: a missing file is the window's message to give
    legacy = tmp_path / "run"  # no suffix, but an existing file (a file manager passes whatever it was called)
    legacy.write_text("{}")
    assert main([str(legacy)]) == 0
    assert opened == [(str(session), None), (str(legacy), None)]


def test_open_without_a_file_opens_an_empty_window(opened):
    assert main(["open"]) == 0
    assert main([]) == 0
    assert opened == [(None, None), (None, None)]


def test_open_passes_the_file_and_the_hidden_smoke_option(opened, capsys):
    assert main(["open", "a.lrmon", "--smoke-png", "out.png"]) == 0
    assert opened == [("a.lrmon", "out.png")]
    assert "--smoke-png" not in capsys.readouterr().out  # not for users
    with pytest.raises(SystemExit):
        main(["open", "--help"])
    assert "--smoke-png" not in capsys.readouterr().out


def test_the_shortcut_leaves_commands_options_and_typos_to_the_parser(opened, capsys):
    commands = build_parser().command_names
    assert {"run", "replay", "compare", "open", "sweep"} <= commands
    for argv in (["run"], ["--version"], ["rnu"], ["run.lrmon", "--quiet"], []):
        assert open_shortcut(argv, commands) == argv
    assert open_shortcut(["RUN.LRMON"], commands) == ["open", "RUN.LRMON"]
    assert main(["rnu"]) == 2  # still a typo for a command, not a file the window cannot find
    assert "invalid choice: 'rnu'" in capsys.readouterr().err
    assert not opened


def test_an_empty_smoke_file_name_is_refused_in_a_sentence(opened, capsys):
    assert main(["open", "a.lrmon", "--smoke-png", ""]) == 2
    assert capsys.readouterr().err.startswith("lrmonitor: error: --smoke-png is empty: give a file name")
    assert not opened
