"""pyqtgraph's own words on the plots' right-click menu, listed so lrmonitor's translation covers them.

pyqtgraph passes its menu texts through ``QCoreApplication.translate`` ("ViewBox" for the menu,
"Form" for an axis's settings) but ships no translations. Listing the same (context, text) pairs
here puts them in ``lrmonitor_ko.ts``, so the translator lrmonitor installs answers pyqtgraph's
calls too and the menu beside "Fork here…" is Korean as well. Nothing imports this module: lupdate
reads it. The texts are pyqtgraph 0.13/0.14's (``ViewBoxMenu.py``, ``axisCtrlTemplate_generic.py``);
``tests/qt/test_language.py`` opens the menu in Korean, so a pyqtgraph that rewords them shows up.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

TEXTS = (
    QT_TRANSLATE_NOOP("ViewBox", "View All"),
    QT_TRANSLATE_NOOP("ViewBox", "axis"),
    QT_TRANSLATE_NOOP("ViewBox", "Mouse Mode"),
    QT_TRANSLATE_NOOP("ViewBox", "3 button"),
    QT_TRANSLATE_NOOP("ViewBox", "1 button"),
    QT_TRANSLATE_NOOP("Form", "Link Axis:"),
    QT_TRANSLATE_NOOP("Form", "Auto"),
    QT_TRANSLATE_NOOP("Form", "Manual"),
    QT_TRANSLATE_NOOP("Form", "Invert Axis"),
    QT_TRANSLATE_NOOP("Form", "Mouse Enabled"),
    QT_TRANSLATE_NOOP("Form", "Visible Data Only"),
    QT_TRANSLATE_NOOP("Form", "Auto Pan Only"),
)
