"""The file name File → Export offers: what the file holds, not the format twice."""

import pytest
from PySide6 import QtWidgets

from lrmonitor.qt.dialogs import export as export_dialog


@pytest.mark.parametrize("kind, ending", [("png", "-plot.png"), ("svg", "-plot.svg"), ("steps", "-steps.csv"),
                                          ("epochs", "-epochs.csv"), ("compare", "-comparison.csv")])
def test_the_offered_name_says_the_run_and_what_is_in_the_file(qtbot, window, monkeypatch, kind, ending):
    offered = []
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda self: QtWidgets.QDialog.DialogCode.Accepted)
    monkeypatch.setattr(export_dialog.ExportDialog, "choice", lambda self: (kind, 800, 600))
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, title, name, filter_: (offered.append(name), ("", ""))[1]))
    window.controller.rename(window.controller.workspace.current, "my run: α0/2")
    window.exporter.dialog(kind)
    name = offered[0].rsplit("/", 1)[-1]
    assert name == "my-run-α0-2" + ending
    assert "lrmonitor-png" not in name
