"""Catalog text made safe for Qt's rich-text widgets: escaped, never interpreted as markup."""

from __future__ import annotations

import html


def escaped(text: str) -> str:
    """Text with `<`, `>`, `&` and quotes escaped, fit for HTML content and attributes."""
    return html.escape(text, quote=True)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally.

    Qt renders a tooltip as rich text when it merely looks like markup (`<img …>` in a title),
    so the text is escaped inside an explicit rich-text wrapper; the wrapper also wraps long lines.
    """
    if not text:
        return ""
    return f"<qt>{escaped(text)}</qt>"
