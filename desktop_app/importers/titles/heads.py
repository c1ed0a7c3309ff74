"""Where a title names its type, and what the words before the type say of whose it is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.importers.people import PeopleRegistry, Vocabulary, word_key
from desktop_app.importers.titles.names import is_clean_name
from desktop_app.importers.titles.patterns import POSSESSIVES

# The longest stretch before a type that the title's head can hold (`Mongolian Politburo`).
_HEAD_WORDS = 12

# A quote mark that opens a quoted subject, not an apostrophe inside a word (`Zhou Enlai's`).
_OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s,:;(\[]))['‘\"“]")
_POSSESSIVE_END = re.compile(r"^(?P<owner>.*\S)['’]s\]?$")

# `From the Journal of S. V. Chervonenko`: the document a record is taken from, and its author.
_SOURCE_LEAD = re.compile(r"^(?:excerpts?\s+)?from\s+(?:the\s+|an?\s+)?(?P<source>.+)$", re.I)


@dataclass(frozen=True, slots=True)
class Lead:
    """What stands before a title's type, as read: whose the document is, if anyone's.

    `kind` is "none" (nothing, or words that qualify the type), "author" (`X,`), "source"
    (`From the Journal of X,`: `text` is what follows `From the`), "owner" (`X's`) or "body"
    (qualifiers naming the body that wrote it: `Mongolian Politburo`).
    """

    kind: str
    text: str = ""


NO_LEAD = Lead("none")


def find_head(text: str, people: PeopleRegistry) -> tuple[Lead, str, int] | None:
    """Where a title names its type: (what stands before it, the type, where the type ends).

    The type is the first one, in the title's first words and before any quoted subject, that
    follows nothing, words that qualify it, an author (`X,` or `X's`), or the document it is
    taken from (`From the Journal of X,`).
    """
    vocabulary = people.vocabulary
    matched = vocabulary.match_type(text)
    if matched is not None:  # most titles: the type comes first
        return NO_LEAD, matched[0], matched[1]
    quoted = _OPENING_QUOTE.search(text)
    searched = text[: quoted.start()] if quoted else text
    for start in [m.end() for m in re.finditer(r"\s+", searched)][: _HEAD_WORDS - 1]:
        matched = vocabulary.match_type(text[start:])
        if matched is None:
            continue
        lead = _lead_of(text[:start].strip(), people)
        if lead is not None:
            return lead, matched[0], start + matched[1]
    return None


def _lead_of(lead: str, people: PeopleRegistry) -> Lead | None:
    """The words before a type read, or None where they may not stand there."""
    if not lead:
        return NO_LEAD
    vocabulary = people.vocabulary
    if lead.endswith((",", ":")):
        owner = lead[:-1].strip()
        source = _SOURCE_LEAD.match(owner)
        if source is not None:
            return Lead("source", source["source"])
        reading = people.read(owner)
        clean = reading is not None and is_clean_name(reading.person.name, vocabulary)
        return Lead("author", owner) if clean and "," not in owner else None
    possessive = _POSSESSIVE_END.match(lead)
    if possessive is not None:
        owner = _owner(possessive["owner"])
        reading = people.read(owner)
        clean = reading is not None and is_clean_name(reading.person.name, vocabulary)
        return Lead("owner", owner) if clean else None
    tokens = lead.split()
    if not all(_qualifies(token, vocabulary) for token in tokens):
        return None
    if any(word_key(token) in vocabulary.organisation_words for token in tokens):
        return Lead("body", lead)
    return NO_LEAD


def _qualifies(token: str, vocabulary: Vocabulary) -> bool:
    """A word that may stand before a type without naming anyone: an article, a secrecy or
    manner word, a nationality (`Polish-Soviet` too) or a body that wrote it (`Politburo`)."""
    parts = [word_key(part) for part in token.split("-") if part]
    if not parts:
        return False
    return all(
        part in vocabulary.articles
        or part in vocabulary.type_modifiers
        or part in vocabulary.nationality_words
        or part in vocabulary.organisation_words
        or part in vocabulary.department_words
        or (part.endswith("ed") and len(part) > 4)  # `Relayed`, `Translated`, `Intercepted`
        for part in parts
    )


def _owner(text: str) -> str:
    """Who a possessive names: `The Chancellor's [Helmut Kohl` is the Chancellor [Helmut Kohl]."""
    owner = POSSESSIVES.sub("", text)
    return owner + "]" if owner.count("[") > owner.count("]") else owner
