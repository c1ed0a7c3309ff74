"""Colours derived from the window's palette, so custom painting follows light and dark themes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


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
