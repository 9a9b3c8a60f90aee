"""A marker for the core's sentences that the window shows translated: ``QT_TRANSLATE_NOOP("core", text)``.

The core is Qt-free (numpy and the standard library), but some of its English reaches the window:
a parameter's help (a field's tooltip), a registry entry's summary (a combo box item's tooltip), what
noise means for a problem. The command line prints the same sentences and must stay English, so the
core keeps them English and only marks them: this function returns its text unchanged, and Qt's
lupdate, which finds calls by this name, puts them in the translation sources under the context
``core``. The window translates them where it shows them (:func:`lrmonitor.qt.language.core_text`).
A text the core composes (a range such as ``0 < factor <= 1``) is not marked: formulas stay as written.
"""

CONTEXT = "core"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    """``text``, unchanged: the mark is for lupdate (see the module docstring)."""
    return text
