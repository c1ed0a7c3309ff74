"""A document's words flattened from their markup: paragraphs, footnotes, the people named."""

from __future__ import annotations

import re
import string
from typing import Any

from desktop_app.importers.tei.markup import local_name, tidy

#: Superscript digits: a footnote's mark in the text, which word search can tell from words.
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

#: Spaces that markup leaves inside brackets and before punctuation: "( Sebald )", "Tokyo ,".
_INNER_SPACE = re.compile(r"(?<=[(\[]) | (?=[)\],;:.])")

#: A line break (`<lb/>`) while an element's words are gathered, and in the text it gives.
_LB = "\ue000"
_LINE_BREAK = "\n"

#: Elements that give no words: page breaks, anchors, figures.
SILENT = frozenset({"pb", "milestone", "anchor", "graphic", "figure"})

#: Elements of a document holding paragraphs rather than words.
CONTAINERS = frozenset({"list", "div", "opener", "floatingText", "body", "table", "group"})


class DocumentText:
    """A document's paragraphs and footnotes, and the people its words point to."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.footnotes: list[str] = []
        self.mentioned: list[Any] = []

    def block(self, element: Any) -> None:
        text = self.flatten(element).strip()
        if text:
            self.paragraphs.append(text)

    def flatten(self, element: Any, *, marks: bool = True) -> str:
        """An element's words, its footnotes taken apart (their marks left in superscript)."""
        lines = (tidy(part) for part in self._words(element, marks).split(_LB))
        return _INNER_SPACE.sub("", _LINE_BREAK.join(lines))

    def _words(self, element: Any, marks: bool) -> str:
        parts: list[str] = [element.text or ""]
        for child in element:
            name = local_name(child.tag)
            if name == "note":
                if marks:
                    mark = child.get("n") or str(len(self.footnotes) + 1)
                    parts.append(mark.translate(_SUPERSCRIPT))
                    self.note(child)
            elif name == "lb":
                parts.append(_LB)
            elif name not in SILENT:
                if name == "persName" and child.get("corresp"):
                    self.mentioned.append(child)
                parts.append(capitalised(child, self._words(child, marks)))
            parts.append(child.tail or "")
        return "".join(parts)

    def note(self, note: Any) -> None:
        mark = note.get("n") or str(len(self.footnotes) + 1)
        words = self.flatten(note).strip()
        if words:
            self.footnotes.append(f"{mark}. {words}")


def capitalised(element: Any, words: str) -> str:
    """A name set in small capitals is often written in lower case ("sebald"): capitalised."""
    if local_name(element.tag) == "persName" and words.islower():
        return string.capwords(words)
    return words
