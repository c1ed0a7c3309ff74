"""The words a query looks for in the documents' texts, and where they stand in a text.

The catalog orders by how well documents match them (relevance), and the reader marks them
in the document it shows; both read them from here, outside any NOT.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.domain.text import fold, words
from desktop_app.domain.views import Snippet
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


def _folded_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """`text` folded as the index folds it, and each folded character's offset in `text`
    (None where they are the same, as in any ASCII text)."""
    if text.isascii():
        return text.lower(), None
    # Most texts (Russian, German, Chinese) fold each character to one: then the whole text is
    # translated in C, offsets unchanged. Only a character that folds to none or to several
    # (a combining accent, a ligature) needs the walk below, which costs a microsecond each.
    folds = {ord(ch): fold(ch) for ch in set(text)}
    if all(len(folded) == 1 for folded in folds.values()):
        return text.translate(folds), None
    pieces: list[str] = []
    offsets: list[int] = []
    for at, ch in enumerate(text):
        folded = fold(ch) if not ch.isascii() else ch.lower()
        pieces.append(folded)
        offsets.extend([at] * len(folded))
    offsets.append(len(text))
    return "".join(pieces), offsets


def _pattern(term: TextTerm) -> str:
    tail = r"\w*" if term.prefix else ""
    words = [re.escape(word) + tail for word in term.words]
    # Between a phrase's words anything but a word, as the index's tokenizer skips it.
    body = r"\W+".join(words) if term.phrase else "|".join(words)
    return rf"(?<!\w)(?:{body})(?!\w)"


def matched_spans(
    text: str, terms: Sequence[TextTerm], limit: int | None = None
) -> list[tuple[int, int]]:
    """Where in `text` the terms' words stand, as (start, end) offsets of `text` in order.

    Words compare folded, as the index compares them; a phrase marks its words only where
    they come one after another. Offsets are the text's own, so a view can mark them. A
    long text is read by regular expressions, not word by word; `limit` stops each term
    after so many places.
    """
    if not terms or not text:
        return []
    folded, offsets = _folded_with_offsets(text)
    found: set[tuple[int, int]] = set()
    for term in terms:
        for count, match in enumerate(re.finditer(_pattern(term), folded)):
            if limit is not None and count >= limit:
                break
            # A phrase marks each of its words, not the spaces between them.
            for word in _WORD.finditer(match.group()):
                start, end = match.start() + word.start(), match.start() + word.end()
                if offsets is not None:
                    # Up to the next folded character's place: a combining accent after the
                    # word's last letter, which folds to nothing, is the word's still.
                    start, end = offsets[start], offsets[end]
                found.add((start, end))
    return sorted(found)


#: How long a snippet is, in characters, and how many places of each term it weighs.
SNIPPET_LENGTH = 160
_SNIPPET_PLACES = 200


def snippet(text: str, terms: Sequence[TextTerm], length: int = SNIPPET_LENGTH) -> Snippet | None:
    """The passage of `text` of about `length` characters that holds the most of the terms'
    words, cut at word boundaries, with an ellipsis where it is cut; None if none is there."""
    spans = matched_spans(text, terms, limit=_SNIPPET_PLACES)
    if not spans:
        return None
    # The window that starts at a marked word and holds the most of them.
    best, best_count = 0, 0
    for at, (start, _) in enumerate(spans):
        count = sum(1 for other, _ in spans[at:] if other < start + length)
        if count > best_count:
            best, best_count = at, count
    first = spans[best][0]
    # A little of what comes before the first word, more where the text ends soon after it.
    start = max(0, min(first - length // 4, len(text) - length))
    end = min(len(text), start + length)
    # Cut between words, so that no word is shown in part.
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", max(first, start), end)
        end = space if space > first else end
    shown = " ".join(text[start:end].split())
    lead = "…" if start > 0 else ""
    trail = "…" if end < len(text) else ""
    passage = lead + shown + trail
    return Snippet(passage, tuple(matched_spans(passage, terms)))


def best_snippet(texts: Sequence[str], terms: Sequence[TextTerm]) -> Snippet | None:
    """The snippet of the first of `texts` (the body, then the summary, then the title) that
    holds any of the terms' words."""
    for text in texts:
        found = snippet(text, terms)
        if found is not None:
            return found
    return None
