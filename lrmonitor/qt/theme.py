"""Light and dark: one theme for the whole window, followed by its widgets and its plots.

Qt widgets follow the application palette by themselves; pyqtgraph does not (it paints with the
pens and brushes it was given). So the theme is two things:

- :class:`PlotColours`: every colour a plot draws with besides the run colours (background,
  text, axes, epoch markers, event labels, plateau band, the grey preview line, how a run's raw
  mini-batch band is toned down), one frozen instance per scheme, :data:`LIGHT` and :data:`DARK`.
  Run colours are one palette for both (:mod:`~lrmonitor.qt.palette`); they are checked on both
  backgrounds and for colour-vision deficiencies by the tests.
- :class:`Theme`: the user's choice (System, Light, Dark; View → Theme, persisted) and what
  it resolves to. "System" follows Qt's ``styleHints().colorScheme()`` and its change signal.
  When the desktop's style does not draw the wanted scheme itself (a forced Dark on a light
  desktop, or the reverse), the application gets the Fusion style with a palette of the wanted
  scheme: the one way that works on every platform. ``changed`` carries the new
  :class:`PlotColours` to every plot.

Adopting it in a new plot widget (the lesson views, for instance)::

    from ..plot_style import style_plot
    from ..theme import LIGHT, PlotColours

    class MyView(QtWidgets.QWidget):
        def __init__(self, colours: PlotColours = LIGHT):
            ...
            self.set_theme(colours)

        def set_theme(self, colours: PlotColours) -> None:
            self.graphics.setBackground(colours.background)
            style_plot(self.plot, colours)           # axes, tick labels, axis titles
            # curves: colours.train, colours.val, colours.preview, colours.raw(rgb), ...

and in the window, once: ``self.theme.changed.connect(view.set_theme)`` (and
``view.set_theme(self.theme.colours)`` after making it). Exports draw with :data:`LIGHT` unless
the user asked for the window's colours, so a widget drawn offscreen takes its colours as an
argument rather than from the application.

Widgets with a colour of meaning (an error in red, a notice on yellow) use :func:`tones` and
:func:`follow_scheme`, so they stay legible when the palette changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from .palette import mix, run_colour

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]
CHOICES = ("system", "light", "dark")


@dataclass(frozen=True)
class PlotColours:
    """What a plot draws with in one colour scheme (RGB tuples, RGBA where it is see-through)."""

    name: str  # "light" or "dark"
    background: RGB
    text: RGB  # tick labels, axis titles, legend
    axis: RGB  # axis lines and ticks
    event: RGB  # an event line drawn without a run's colour
    diverged: RGB
    label_text: RGB  # an event's label
    label_fill: RGBA  # behind an event's label, so it reads over the curves
    plateau: RGB  # the band where the plateau detector found the loss stopped improving (opaque: see plots.py)
    train: RGB  # training loss at each epoch's end
    val: RGB  # validation loss at each epoch's end
    preview: RGB  # the decay panel's schedule, if applied now
    raw_fade: float  # how far a run's raw mini-batch band is mixed into the background

    @property
    def dark(self) -> bool:
        return self.name == "dark"

    def run(self, slot: int) -> RGB:
        """A run's colour (the same in both schemes; see :mod:`~lrmonitor.qt.palette`)."""
        return run_colour(slot)

    def raw(self, rgb: RGB) -> RGB:
        """A run's colour toned down for its faint raw mini-batch band: mixed into the background."""
        return mix(rgb, self.background, self.raw_fade)


# Train green and validation purple, not green and red: red and green look alike to about one
# man in twelve (deuteranomaly); these two stay apart under every simulated deficiency (tests/qt/test_palette.py).
LIGHT = PlotColours(
    name="light", background=(255, 255, 255), text=(50, 50, 50), axis=(120, 120, 120), event=(90, 90, 90),
    diverged=(200, 30, 30), label_text=(50, 50, 50), label_fill=(255, 255, 255, 210), plateau=(255, 244, 204),
    train=(40, 150, 60), val=(170, 51, 119), preview=(120, 120, 120), raw_fade=0.6,
)
DARK = PlotColours(
    name="dark", background=(28, 28, 30), text=(215, 215, 215), axis=(150, 150, 150), event=(170, 170, 170),
    diverged=(255, 90, 90), label_text=(225, 225, 225), label_fill=(28, 28, 30, 210), plateau=(72, 62, 30),
    train=(60, 175, 80), val=(230, 100, 160), preview=(160, 160, 160), raw_fade=0.55,
)


def is_dark(palette: QtGui.QPalette) -> bool:
    """Whether a palette draws light text on a dark window."""
    role = QtGui.QPalette.ColorRole
    return palette.color(role.Window).lightness() < palette.color(role.WindowText).lightness()


def dark_palette() -> QtGui.QPalette:
    """A dark palette for the Fusion style (grey surfaces, light text, sky-blue selection and links)."""
    role, group = QtGui.QPalette.ColorRole, QtGui.QPalette.ColorGroup
    palette = QtGui.QPalette()
    for name, rgb in (("Window", (45, 45, 48)), ("WindowText", (230, 230, 230)), ("Base", (30, 30, 32)),
                      ("AlternateBase", (42, 42, 45)), ("ToolTipBase", (60, 60, 64)), ("ToolTipText", (235, 235, 235)),
                      ("PlaceholderText", (150, 150, 150)), ("Text", (230, 230, 230)), ("Button", (55, 55, 58)),
                      ("ButtonText", (230, 230, 230)), ("BrightText", (255, 110, 110)), ("Light", (80, 80, 84)),
                      ("Midlight", (66, 66, 70)), ("Mid", (40, 40, 42)), ("Dark", (25, 25, 27)),
                      ("Shadow", (10, 10, 10)),
                      ("Highlight", (38, 110, 180)), ("HighlightedText", (255, 255, 255)), ("Link", (86, 180, 233)),
                      ("LinkVisited", (204, 121, 167))):
        palette.setColor(getattr(role, name), QtGui.QColor(*rgb))
    for name in ("WindowText", "Text", "ButtonText"):
        palette.setColor(group.Disabled, getattr(role, name), QtGui.QColor(125, 125, 125))
    palette.setColor(group.Disabled, role.Highlight, QtGui.QColor(70, 70, 74))
    return palette


def light_palette() -> QtGui.QPalette:
    """Fusion's own light palette."""
    return QtWidgets.QStyleFactory.create("Fusion").standardPalette()


class Theme(QtCore.QObject):
    """The window's colour scheme: the user's choice and what it resolves to.

    Applying it sets the application's style and palette (so every widget follows) and emits
    ``changed`` with the plots' colours when they change.
    """

    changed = QtCore.Signal(object)  # PlotColours
    choice_changed = QtCore.Signal(str)  # "system", "light" or "dark"

    def __init__(self, choice: str = "system", parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        app = QtWidgets.QApplication.instance()
        # the style the desktop gave, remembered once per application (a second window must not
        # take the Fusion style set for the first one for the desktop's)
        if app.property("lrmonitor_native_style") is None:
            app.setProperty("lrmonitor_native_style", app.style().name())
        self._native_style = app.property("lrmonitor_native_style")
        hints = QtGui.QGuiApplication.styleHints()
        self._scheme = getattr(hints, "colorScheme", lambda: None)()  # Qt < 6.5 has no colour scheme
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._scheme_changed)
        self._choice = choice if choice in CHOICES else "system"
        self._colours = LIGHT
        self._applying = False
        self._apply(emit=False)

    @property
    def choice(self) -> str:
        """"system", "light" or "dark"."""
        return self._choice

    @property
    def colours(self) -> PlotColours:
        """The plots' colours now."""
        return self._colours

    @property
    def dark(self) -> bool:
        return self._colours.dark

    def set_choice(self, choice: str) -> None:
        if choice not in CHOICES:
            raise ValueError(f"unknown theme {choice!r}: allowed are {', '.join(CHOICES)}")
        if choice != self._choice:
            self._choice = choice
            self._apply()
            self.choice_changed.emit(choice)

    def _scheme_changed(self, scheme: QtCore.Qt.ColorScheme) -> None:
        """The desktop switched between light and dark."""
        self._scheme = scheme
        self._apply()

    def _apply(self, emit: bool = True) -> None:
        if self._applying:  # asking Qt for a scheme may report the change at once
            return
        self._applying = True
        try:
            app = QtWidgets.QApplication.instance()
            self._ask_platform()
            # the desktop's own look first: if it already draws the wanted scheme, keep it
            if app.style().name().lower() != str(self._native_style).lower():
                app.setStyle(self._native_style)
            app.setPalette(QtGui.QPalette())  # no palette of ours: the desktop's
            native_dark = is_dark(app.palette())
            wanted = self._wanted_dark(native_dark)
            if wanted != native_dark:
                app.setStyle("Fusion")
                app.setPalette(dark_palette() if wanted else light_palette())
            _restyle_sheets(self.parent())
            colours = DARK if wanted else LIGHT
            pg.setConfigOptions(background=colours.background, foreground=colours.text)  # items made later
        finally:
            self._applying = False
        _SCHEMES.applied.emit()
        if colours != self._colours:
            self._colours = colours
            if emit:
                self.changed.emit(colours)

    def _wanted_dark(self, native_dark: bool) -> bool:
        if self._choice != "system":
            return self._choice == "dark"
        scheme = QtCore.Qt.ColorScheme
        if self._scheme == scheme.Dark:
            return True
        if self._scheme == scheme.Light:
            return False
        return native_dark  # the desktop does not say: its palette does

    def _ask_platform(self) -> None:
        """Qt 6.8 and later can ask the desktop for the app's scheme (dark title bars on Windows and
        macOS); where the platform cannot, the palette below does the work."""
        hints = QtGui.QGuiApplication.styleHints()
        if not hasattr(hints, "setColorScheme"):
            return
        scheme = QtCore.Qt.ColorScheme
        if self._choice == "system":
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(scheme.Dark if self._choice == "dark" else scheme.Light)


def _restyle_sheets(root: QtCore.QObject | None) -> None:
    """Widgets with a style sheet of their own keep the palette they had when it was applied (Qt
    does not redo it when the application's palette changes): a serif formula stayed black on dark
    grey. Applying their sheets again gives them the palette of now.

    Only the theme's own window (its parent) and the widgets in it, dialogs included: walking the
    application's widgets (``allWidgets``, even ``topLevelWidgets``) wrapped widgets of other,
    closed windows that were half torn down, and PySide's wrapper lookup segfaulted on such a one
    (in the tests, which make a window per test: 5 of 8 runs of the runs and theme tests)."""
    if not isinstance(root, QtWidgets.QWidget):
        return
    for widget in (root, *root.findChildren(QtWidgets.QWidget)):
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)


@dataclass(frozen=True)
class Tones:
    """Colours of meaning for widgets (CSS colour strings), legible on the scheme's window colour."""

    error: str  # an error said in text
    muted: str  # a secondary note
    notice_background: str  # a bar offering something (restore a run)
    notice_text: str
    alarm_background: str  # the banner: the run diverged or the trainer died
    alarm_border: str
    alarm_text: str


LIGHT_TONES = Tones(error="#a01010", muted="#555555", notice_background="#fff4cc", notice_text="#3a3000",
                    alarm_background="#fde2e1", alarm_border="#e0a0a0", alarm_text="#7a1010")
DARK_TONES = Tones(error="#ff8a80", muted="#aaaaaa", notice_background="#4a4020", notice_text="#fff0c0",
                   alarm_background="#4a2020", alarm_border="#a05050", alarm_text="#ffc8c8")


def tones() -> Tones:
    """The tones for the application's palette now."""
    return DARK_TONES if is_dark(QtGui.QGuiApplication.palette()) else LIGHT_TONES


class _Schemes(QtCore.QObject):
    """Says when a :class:`Theme` has set the application's palette. (Qt's own palette events
    reach a child widget with a style sheet only sometimes, and only from the event loop.)"""

    applied = QtCore.Signal()


_SCHEMES = _Schemes()


class _SchemeFollower(QtCore.QObject):
    """Restyles a widget whenever a theme is applied (see :func:`follow_scheme`)."""

    def __init__(self, widget: QtWidgets.QWidget, style: Callable[[Tones], str]) -> None:
        super().__init__(widget)
        self._widget, self._style = widget, style
        _SCHEMES.applied.connect(self.restyle)
        self.restyle()

    def restyle(self) -> None:
        sheet = self._style(tones())
        if sheet != self._widget.styleSheet():
            self._widget.setStyleSheet(sheet)


def follow_scheme(widget: QtWidgets.QWidget, style: Callable[[Tones], str]) -> None:
    """Give ``widget`` the style sheet ``style(tones())``, now and after every change of scheme.

    For example ``follow_scheme(label, lambda t: f"color:{t.error};")``.
    """
    _SchemeFollower(widget, style)
