"""The query's words marked in catalog text, as a highlighter would: the format, and Qt's
positions of the marks (Qt counts UTF-16 units, Python code points)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QTextCharFormat

#: Dark text on yellow, in light and dark palettes alike.
MARK_BACKGROUND = "#ffe27a"
MARK_TEXT = "#1a1a1a"


def mark_format() -> QTextCharFormat:
    marked = QTextCharFormat()
    marked.setBackground(QColor(MARK_BACKGROUND))
    marked.setForeground(QColor(MARK_TEXT))
    return marked


def qt_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` of `text` (code point offsets) as Qt's (start, length) in UTF-16 units."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return [(start, end - start) for start, end in spans]
    units, at = [], 0
    for ch in text:
        units.append(at)
        at += 2 if ord(ch) > 0xFFFF else 1
    units.append(at)
    return [(units[start], units[end] - units[start]) for start, end in spans]
