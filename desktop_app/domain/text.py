"""Text folding shared by the importer, the query language and the catalog's search keys."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents, so `Satō` and `sato` compare equal."""
    if text.isascii():
        # Most catalog text; the per-character path below costs a microsecond per character.
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def words(text: str) -> list[str]:
    """The folded words of `text`, punctuation dropped (`N.V. Roshchin` -> n, v, roshchin)."""
    return _WORD.findall(fold(text))


def search_key(text: str) -> str:
    """A name's folded words between single spaces, with a space at each end.

    Stored beside every name so that `LIKE '% word%'` finds a word or word prefix anywhere in it,
    with no accent or case function needed in SQL (the same on SQLite and PostgreSQL).
    """
    return " " + " ".join(words(text)) + " "


def identity_key(text: str) -> str:
    """Folded words in sorted order: `Mao Zedong`, `Zedong Mao` and `MAO, Zedong` are one key."""
    return " ".join(sorted(words(text)))


def plural(count: int, word: str) -> str:
    """'1 document', '2,000 documents'."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"
