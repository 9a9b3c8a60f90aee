"""``lrmonitor install-desktop`` and ``--uninstall``, into a temporary ``$XDG_DATA_HOME``."""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lrmonitor import __version__
from lrmonitor.cli import main
from lrmonitor.desktop import APP_ID, ICON_SIZES, MIME_TYPE
from lrmonitor.desktop.install import MANIFEST, exec_value, launch_command

OURS = {
    f"applications/{APP_ID}.desktop",
    f"metainfo/{APP_ID}.metainfo.xml",
    f"mime/packages/{APP_ID}.xml",
    f"icons/hicolor/scalable/apps/{APP_ID}.svg",
    *(f"icons/hicolor/{s}x{s}/apps/{APP_ID}.png" for s in ICON_SIZES),
}


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    """A user's data folder that already holds another program's launcher, file type and icon."""
    home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    for name, text in {"applications/other.desktop": "[Desktop Entry]\nType=Application\nName=Other\nExec=other\n",
                       "mime/packages/other.xml": "<mime-info/>",
                       "icons/hicolor/48x48/apps/other.png": "png"}.items():
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        (home / name).write_text(text)
    return home


def files(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in home.rglob("*") if p.is_file()}


def test_install_then_uninstall_removes_exactly_what_was_installed(data_home, capsys):
    before = files(data_home)
    assert main(["install-desktop"]) == 0
    out = capsys.readouterr().out
    installed = files(data_home)
    assert installed.keys() >= OURS
    assert set(installed[str(MANIFEST)].decode().split()) == OURS
    assert f"installed {len(OURS)} desktop files" in out and "the menu entry runs: " in out
    assert all(installed[name] == content for name, content in before.items())  # nothing else touched

    assert main(["install-desktop", "--uninstall"]) == 0
    after = files(data_home)
    assert not (OURS | {str(MANIFEST)}) & after.keys()
    assert all(after[name] == content for name, content in before.items())
    assert f"removed {len(OURS)} desktop files" in capsys.readouterr().out
    assert not (data_home / "mime" / "application" / "x-lrmonitor-session.xml").exists()  # the type is gone too

    assert main(["install-desktop", "--uninstall"]) == 0  # twice: nothing left, said so, not an error
    assert "nothing to remove" in capsys.readouterr().err


def test_the_session_type_is_registered_and_opens_with_lrmonitor(data_home):
    for tool in ("update-mime-database", "update-desktop-database"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (CI installs it: shared-mime-info, desktop-file-utils)")
    assert main(["install-desktop"]) == 0
    assert "*.lrmon" in (data_home / "mime" / "globs2").read_text()
    assert (data_home / "mime" / "application" / "x-lrmonitor-session.xml").is_file()
    associations = (data_home / "applications" / "mimeinfo.cache").read_text()
    assert f"{MIME_TYPE}={APP_ID}.desktop;" in associations


def test_the_menu_entry_starts_this_lrmonitor(data_home):
    """The Exec line is run as a desktop would (its arguments unquoted), with --version for 'open %f'."""
    assert main(["install-desktop"]) == 0
    entry = (data_home / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    command = shlex.split(exec_line.removeprefix("Exec=").removesuffix(" open %f"))
    assert command == launch_command()
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"lrmonitor {__version__}", done.stderr


def test_exec_quotes_what_the_desktop_spec_reserves():
    assert exec_value(["/usr/bin/lrmonitor"]) == "/usr/bin/lrmonitor open %f"
    assert exec_value(["/opt/my apps/python", "-m", "lrmonitor"]) == '"/opt/my apps/python" -m lrmonitor open %f'
    assert exec_value(["/a/$HOME/100%"]) == '"/a/\\\\$HOME/100%%" open %f'
    assert exec_value(["/a\\b"]) == '"/a\\\\\\\\b" open %f'
    with pytest.raises(ValueError, match="line break"):
        exec_value(["/a\nb"])


def test_the_launch_command_is_the_script_or_this_python(monkeypatch, tmp_path):
    script = tmp_path / "bin" / "lrmonitor"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "argv", [str(script), "install-desktop"])
    assert launch_command() == [str(script.resolve())]
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "lrmonitor" / "__main__.py")])  # python -m lrmonitor
    assert launch_command()[1:] == ["-m", "lrmonitor"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # the standalone bundle
    monkeypatch.setattr(sys, "executable", "/opt/lrmonitor/lrmonitor")
    assert launch_command() == ["/opt/lrmonitor/lrmonitor"]


def test_uninstall_never_follows_a_manifest_line_out_of_the_data_folder(data_home, tmp_path):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep")
    (data_home / MANIFEST).parent.mkdir(parents=True, exist_ok=True)
    (data_home / MANIFEST).write_text(f"../precious.txt\n{outside}\napplications/other.desktop\n")
    assert main(["install-desktop", "--uninstall"]) == 0
    assert outside.read_text() == "keep"
    assert not (data_home / "applications" / "other.desktop").exists()  # listed, inside: removed as asked


def test_install_desktop_refuses_other_systems_and_a_file_as_folder(monkeypatch, tmp_path, capsys):
    not_a_folder = tmp_path / "share"
    not_a_folder.write_text("")
    assert main(["install-desktop", "--data-dir", str(not_a_folder)]) == 2
    assert f"--data-dir '{not_a_folder}' is a file: give a folder" in capsys.readouterr().err
    monkeypatch.setattr(sys, "platform", "win32")
    assert main(["install-desktop"]) == 2
    assert "install-desktop is for Linux and other freedesktop.org desktops, not win32" in capsys.readouterr().err


def test_data_dir_installs_elsewhere(tmp_path, capsys):
    target = tmp_path / "prefix" / "share"
    assert main(["install-desktop", "--data-dir", str(target)]) == 0
    assert files(target).keys() >= OURS
    assert main(["install-desktop", "--uninstall", "--data-dir", str(target)]) == 0
    assert not OURS & files(target).keys()


def test_a_double_clicked_session_file_opens_in_lrmonitor(data_home, tmp_path, monkeypatch):
    """What a GNOME/GTK file manager asks GIO: the file's type, and the default application for it."""
    gio = shutil.which("gio")
    if gio is None or shutil.which("update-mime-database") is None:
        pytest.skip("gio or update-mime-database is not installed (CI installs them: libglib2.0-bin, shared-mime-info)")
    assert main(["install-desktop"]) == 0
    session = tmp_path / "runs.lrmon"
    assert main(["run", "--problem", "linear", "--epochs", "1", "--quiet", "--session", str(session)]) == 0
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}  # no mimeapps.list of the user's
    kind = subprocess.run([gio, "info", "-a", "standard::content-type", str(session)], capture_output=True,
                          text=True, env=env, check=True).stdout
    assert f"standard::content-type: {MIME_TYPE}" in kind
    default = subprocess.run([gio, "mime", MIME_TYPE], capture_output=True, text=True, env=env, check=True).stdout
    assert default.splitlines()[0].endswith(f": {APP_ID}.desktop"), default


def test_a_failed_install_puts_no_file_in_place(data_home, capsys):
    """One file that cannot be written (here: the icons' folder is a file) leaves the launcher out too."""
    (data_home / "icons" / "hicolor" / "scalable").mkdir(parents=True)
    (data_home / "icons" / "hicolor" / "scalable" / "apps").write_text("in the way")
    before = files(data_home)
    assert main(["install-desktop"]) == 2
    blocked = data_home / "icons" / "hicolor" / "scalable" / "apps"
    assert f"lrmonitor: error: '{blocked}' could not be written: File exists" in capsys.readouterr().err
    assert files(data_home) == before
