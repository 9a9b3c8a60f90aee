"""The Linux desktop files (lrmonitor/desktop/data, linked from packaging/linux): valid for the
freedesktop.org validators, named after the application id, and the icon at every hicolor size.

The validators (desktop-file-validate from desktop-file-utils, appstreamcli from appstream) are
run when they are installed; CI installs them (.ci/run), so there the checks never skip.
"""

import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lrmonitor.desktop import APP_ID, DATA, ICON_SIZES, MIME_TYPE, icon_png, icon_svg
from lrmonitor.desktop.install import desktop_entry

REPO = Path(__file__).resolve().parents[1]
LINUX = REPO / "packaging" / "linux"


def validator(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (CI installs it: apt-get install desktop-file-utils appstream)")
    return found


def desktop_problems(path: Path) -> list[str]:
    """desktop-file-validate's errors and warnings (its hints are advice, not problems)."""
    done = subprocess.run([validator("desktop-file-validate"), str(path)], capture_output=True, text=True)
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    problems = [line for line in lines if "hint:" not in line]
    assert done.returncode == 0 or problems, lines
    return problems


def test_the_packaged_launcher_is_valid():
    assert desktop_problems(LINUX / f"{APP_ID}.desktop") == []


def test_an_installed_launcher_with_an_awkward_path_is_valid(tmp_path):
    """install-desktop writes Exec with the absolute command: a space, a quote, a dollar and a
    percent in it must still give a valid file."""
    entry = tmp_path / f"{APP_ID}.desktop"
    entry.write_text(desktop_entry(["/home/kim min/my $venv's 100%/bin/lrmonitor"]), encoding="utf-8")
    assert desktop_problems(entry) == []


def test_the_metainfo_is_valid_offline():
    done = subprocess.run([validator("appstreamcli"), "validate", "--no-net", "--explain",
                           str(LINUX / f"{APP_ID}.metainfo.xml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not [line for line in done.stdout.splitlines() if line.startswith(("E:", "W:"))], done.stdout


def test_the_metainfo_has_what_software_centres_show():
    root = ET.parse(DATA / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("screenshots/screenshot/image").text.startswith("https://")
    release = root.find("releases/release")
    from lrmonitor import __version__

    assert release.get("version") == __version__ and release.find("description/p").text.strip()
    assert root.find("content_rating").get("type") == "oars-1.1"
    assert MIME_TYPE in [m.text for m in root.findall("provides/mediatype")]


def test_the_session_file_type_claims_lrmon_files_only():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(DATA / f"{APP_ID}.xml").getroot()
    (mime,) = root.findall("m:mime-type", ns)
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.lrmon"]
    assert mime.find("m:icon", ns).get("name") == APP_ID
    launcher = (DATA / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"MimeType={MIME_TYPE};" in launcher and "Exec=lrmonitor open %f" in launcher
    assert f"Icon={APP_ID}\n" in launcher


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_the_icon_is_there_at_every_hicolor_size():
    root = ET.parse(icon_svg()).getroot()
    assert root.get("viewBox") == "0 0 256 256"
    for size in ICON_SIZES:
        assert png_size(icon_png(size)) == (size, size)
        assert icon_png(size).parent == DATA / "icons" / "hicolor" / f"{size}x{size}" / "apps"


def test_packaging_linux_holds_the_same_files_as_the_package():
    """Packagers take them from packaging/linux/, the window and install-desktop from the package:
    one copy, linked, so they cannot drift apart."""
    for name in (f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml", f"{APP_ID}.xml", "icons"):
        assert (LINUX / name).resolve() == (DATA / name).resolve(), name
    assert (LINUX / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
