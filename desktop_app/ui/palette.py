"""Colours derived from the window's palette, so custom painting follows light and dark themes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


def mixed(first: QColor, second: QColor, weight: float) -> QColor:
    """`weight` of `first` and the rest of `second`, channel by channel."""
    return QColor(
        round(first.red() * weight + second.red() * (1 - weight)),
        round(first.green() * weight + second.green() * (1 - weight)),
        round(first.blue() * weight + second.blue() * (1 - weight)),
    )


def muted(palette: QPalette) -> QColor:
    """Text that is quieter than values in both themes: counts, hints, "(none)"."""
    return mixed(
        palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.55
    )


def faint(palette: QPalette) -> QColor:
    """A background a shade off the base: chips, hovered rows."""
    return mixed(
        palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.08
    )


def accent(palette: QPalette) -> QColor:
    """The colour of chosen things: the palette's highlight."""
    return palette.color(QPalette.ColorRole.Highlight)


def warning(palette: QPalette) -> QColor:
    """Excluded values and problems: a red that reads on light and dark bases."""
    base = palette.color(QPalette.ColorRole.Base)
    return QColor("#e0665a") if base.lightness() < 128 else QColor("#b3362a")


def contrast(first: QColor, second: QColor) -> float:
    """WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


#: WCAG's least contrast for body text (AA).
READABLE_CONTRAST = 4.5


def link(palette: QPalette) -> QColor:
    """The palette's link colour, made readable on its base where the theme left it dark.

    Desktop themes give text views a palette of their own, and some (GTK's dark themes through
    Qt's gtk3 theme) leave its link colour at Qt's default dark blue on a dark base.
    """
    colour = QColor(palette.color(QPalette.ColorRole.Link))
    base = palette.color(QPalette.ColorRole.Base)
    towards = QColor("white") if base.lightness() < 128 else QColor("black")
    weight = 1.0
    while contrast(colour, base) < READABLE_CONTRAST and weight > 0:
        weight = round(weight - 0.1, 1)
        colour = mixed(palette.color(QPalette.ColorRole.Link), towards, weight)
    return colour


def luminance(colour: QColor) -> float:
    """WCAG's relative luminance: 0 for black, 1 for white, as the eye weighs the channels."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


class _PaletteFollower(QObject):
    """Calls its `restyle` again whenever its widget's palette changes."""

    def __init__(self, widget: QWidget, restyle: Callable[[], None]) -> None:
        super().__init__(widget)
        self._restyle = restyle
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        return False


def follow_palette(widget: QWidget, restyle: Callable[[], None]) -> None:
    """Style `widget` with `restyle` now, and again on every switch between light and dark.

    Colours written into style sheets are fixed when written; this writes them again from
    the palette of the moment.
    """
    restyle()
    _PaletteFollower(widget, restyle)
