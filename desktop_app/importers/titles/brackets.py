"""A title searched and split outside its editorial brackets and parentheses."""

from __future__ import annotations

import re
from collections.abc import Iterator


def _is_top_level(text: str, position: int) -> bool:
    """Whether `position` lies outside every `[...]` and `(...)` (stray closers count as none)."""
    opened = text.count("[", 0, position) + text.count("(", 0, position)
    closed = text.count("]", 0, position) + text.count(")", 0, position)
    return opened <= closed


def top_level_matches(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    bracketed = "[" in text or "(" in text
    for match in pattern.finditer(text):
        if not bracketed or _is_top_level(text, match.start()):
            yield match.start(), match.end()


def split_top_level(text: str, separator: str) -> list[str]:
    if "[" not in text and "(" not in text:
        return text.split(separator)
    parts: list[str] = []
    start = 0
    position = text.find(separator)
    while position >= 0:
        if _is_top_level(text, position):
            parts.append(text[start:position])
            start = position + 1
        position = text.find(separator, position + 1)
    parts.append(text[start:])
    return parts


def split_top_level_once(text: str, separator: str) -> tuple[str, str]:
    head = split_top_level(text, separator)[0]
    return head, text[len(head) + 1 :]
