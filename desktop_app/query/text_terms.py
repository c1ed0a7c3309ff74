"""The words a query looks for in the documents' texts, and where they stand in a text.

The catalog orders by how well documents match them (relevance), and the reader marks them
in the document it shows; both read them from here, outside any NOT.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from desktop_app.domain.text import fold, words
from desktop_app.query.ast import Node, Not, Term
from desktop_app.query.fields import FIELDS, Field, Kind

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class TextTerm:
    """Folded words a full-text term looks for, in order as a phrase or each on its own.

    `prefix` lets each word match words it begins; `column` is the one text it looks in
    (title, summary, body) or None for any.
    """

    words: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False
    column: str | None = None


def text_term(field: Field | None, term: Term) -> TextTerm | None:
    """What a full-text term looks for; None when it has no word to look for."""
    value_words = tuple(words(term.value))
    if not value_words:
        return None
    # Field filters match word prefixes (PRODUCT.md §4); a bare word matches whole words unless
    # it ends in `*`.
    prefix = field is not None or term.value.endswith("*")
    return TextTerm(
        value_words,
        phrase=term.phrase or term.exact,
        prefix=prefix,
        column=field.column if field is not None else None,
    )


def text_terms(node: Node | None) -> list[TextTerm]:
    """The full-text terms of a query outside any NOT, in query order."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term):
        field = FIELDS[node.field] if node.field is not None else None
        if field is not None and field.kind is not Kind.FULL_TEXT:
            return []
        found = text_term(field, node)
        return [found] if found is not None else []
    return [found for child in node.operands for found in text_terms(child)]


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    #: The word folded, as the index holds it.
    word: str


def _word_spans(text: str) -> Iterator[_Span]:
    for match in _WORD.finditer(text):
        yield _Span(match.start(), match.end(), fold(match.group()))


def matched_spans(text: str, terms: list[TextTerm]) -> list[tuple[int, int]]:
    """Where in `text` the terms' words stand, as (start, end) offsets of `text` in order.

    Words compare folded, as the index compares them; a phrase marks its words only where
    they come one after another. Offsets are the text's own, so a view can mark them.
    """
    if not terms:
        return []
    spans = list(_word_spans(text))
    found: set[tuple[int, int]] = set()
    for term in terms:
        width = len(term.words) if term.phrase else 1
        for at in range(len(spans) - width + 1):
            run = spans[at : at + width]
            if term.phrase:
                pairs = zip(term.words, run, strict=True)
                if all(_matches(wanted, span.word, term.prefix) for wanted, span in pairs):
                    found.update((span.start, span.end) for span in run)
            elif any(_matches(wanted, run[0].word, term.prefix) for wanted in term.words):
                found.add((run[0].start, run[0].end))
    return sorted(found)


def _matches(wanted: str, word: str, prefix: bool) -> bool:
    return word.startswith(wanted) if prefix else word == wanted
