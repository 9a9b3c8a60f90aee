"""lrmonitor.licences: the third-party notice the bundle carries and Help → About shows."""

import sys
from pathlib import Path

from lrmonitor import licences


def test_the_notice_names_every_runtime_dependency_with_its_licence_and_texts():
    text = licences.notices_text(qt_version="6.11.3")
    names = {d.metadata["Name"].lower().replace("_", "-") for d in licences.runtime_distributions()}
    assert {"lrmonitor", "numpy", "pyqtgraph", "shiboken6"} <= names
    assert "pyside6-essentials" in names or "pyside6" in names
    assert not names & {"pytest", "torch", "ruff"}  # the test extra's requirements are not runtime ones
    summary = text[:text.index("GNU LGPL version 3")]
    assert "PySide6" in summary and "LGPL-3.0" in summary and "pyqtgraph" in summary and "Python 3." in summary
    # Qt's LGPL terms: source, shared libraries that may be replaced, the licence texts themselves
    assert "https://download.qt.io/official_releases/qt/6.11/6.11.3/single/" in text
    assert "You may replace them" in text
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "GNU GENERAL PUBLIC LICENSE" in text
    assert "OpenBLAS" in text  # numpy's own licence file lists what its wheel bundles
    assert text.count("Permission is hereby granted") >= 1  # pyqtgraph's MIT text


def test_the_bundle_text_says_the_libraries_are_separate_files():
    text = licences.notices_text(bundle=True)
    assert "not linked statically" in text and "_internal/PySide6/Qt/lib/" in text


def test_a_system_library_without_a_known_package_is_listed_as_such(tmp_path):
    sections = licences.system_libraries([tmp_path / "libnothing.so.1"])
    assert len(sections) == 1 and "libnothing.so.1" in sections[0].title
    assert "not found" in sections[0].licence
    text = licences.notices_text(extra=sections)
    assert "libnothing.so.1" in text


def test_only_a_frozen_app_has_a_bundled_notice(tmp_path, monkeypatch):
    assert licences.bundled_notices() is None  # running from source
    internal = tmp_path / "_internal"
    internal.mkdir()
    (internal / licences.NOTICES_NAME).write_text("notice")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "lrmonitor"))
    assert licences.bundled_notices() == Path(internal / licences.NOTICES_NAME)


def test_the_copy_beside_the_executable_comes_first(tmp_path, monkeypatch):
    internal = tmp_path / "_internal"
    internal.mkdir()
    for folder in (tmp_path, internal):
        (folder / licences.NOTICES_NAME).write_text("notice")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "lrmonitor"))
    assert licences.bundled_notices() == tmp_path / licences.NOTICES_NAME
