""""Fork here with an action…": the action a fork takes, typed as on the command line.

Any action a run can take: a schedule (``step:factor=0.1,every=20``), ``decay=F``, ``lr=V`` or
``optimizer=SPEC``; the decay panel's schedule is offered first. A typo gets the parser's own
sentence (naming the value and what is allowed) and the question again.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP

from ...core.run.events import Event, parse_action
from ..language import core_error

HINT = QT_TRANSLATE_NOOP("ForkAction", "What should the fork do at epoch {x}? A schedule (step:factor=0.1,every=20, "
                         "exponential:gamma=0.95, ...), decay=F, lr=V or optimizer=SPEC:")  # translated where shown


def ask_action(parent: QtWidgets.QWidget | None, x: float, default: str) -> Event | None:
    """The action, or None if the student cancelled."""
    text, problem = default, ""
    while True:
        translate = QtCore.QCoreApplication.translate  # by this name: lupdate finds translate("Context", …)
        label = translate("ForkAction", HINT).format(x=f"{x:.2f}") + (f"\n\n{problem}" if problem else "")
        text, ok = QtWidgets.QInputDialog.getText(parent, translate("ForkAction", "Fork here"), label, text=text)
        if not ok:
            return None
        try:
            return parse_action(text)
        except ValueError as err:
            problem = core_error(err)
