"""Names as a volume's list of persons writes them, and listed names found in plain words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from desktop_app.domain.records import PersonName
from desktop_app.domain.text import identity_key
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.tei.markup import tidy

PARENTHESES = re.compile(r"\(([^()]*)\)")

#: Ranks and courtesies written inside an inverted heading ("Shepherd, General Lemuel C.").
_RANKS = re.compile(
    r"^(?:(?:Major|Lieutenant|Brigadier|Vice|Rear|Air|Fleet|Field|Chief)\s+)?"
    r"(?:General|Admiral|Marshal|Colonel|Captain|Commander|Commodore|Lieutenant|Sir|Lord|"
    r"Dame|Lady|Dr\.|Mr\.|Mrs\.|Miss|Prince|Princess|Ambassador|Judge|Senator|Bishop|"
    r"Cardinal|Father|Ret\.)\s+"
)

_NAME_SUFFIX = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV|2d|3d)$")

#: A parenthesis in a persons list that is a title or an office, not another name.
_NOT_AN_ALIAS = re.compile(
    r"^(?:Sir|Lord|Lady|Viscount|Baron|Earl|Count|Duke|Prince|Ret\.|ret\.|USA|USN|USAF|"
    r"USMC)\b|\d|\bfrom\b|\bafter\b|\buntil\b"
)

_WORD_CHARACTER = re.compile(r"[\w'’-]")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’.-]*")


class NamesInText:
    """Finds people named in a document's words without markup ("Chou En-lai had said …").

    Only names of two words or more, as the volume's list of persons and the registry write
    them: a surname alone names too many people to be taken from plain text.
    """

    def __init__(self, people: Iterable[PersonName]) -> None:
        self.by_written: dict[str, PersonName] = {}
        by_first: dict[str, list[str]] = {}
        for person in people:
            for name in (person.name, *person.aliases):
                written = tidy(name)
                if len(written.split()) < 2 or len(written) < 6 or written in self.by_written:
                    continue
                self.by_written[written] = person
                by_first.setdefault(written.split()[0], []).append(written)
        # A regular expression per first word, searched only in a text that has that word: one
        # alternation of every name took a millisecond a document.
        self.by_first = {
            first: re.compile(
                # No look-behind before the name: it would cost the search its literal start.
                "(?:"
                + "|".join(
                    r"\s+".join(map(re.escape, name.split()))
                    for name in sorted(names, key=len, reverse=True)
                )
                + r")(?!\w)"
            )
            for first, names in by_first.items()
        }

    def find(self, text: str) -> list[PersonName]:
        found: dict[PersonName, None] = {}
        for first in self.by_first.keys() & set(_CAPITALISED.findall(text)):
            for match in self.by_first[first].finditer(text):
                start = match.start()
                if start == 0 or not _WORD_CHARACTER.match(text, start - 1):
                    found[self.by_written[tidy(match.group(0))]] = None
        return list(found)


def listed_names(written: str) -> list[str]:
    """The names a list entry gives: the name outside its parentheses, then its aliases."""
    outside = tidy(PARENTHESES.sub("", written)).strip(" ,")
    names = [uninvert(outside)] if outside else []
    for inside in PARENTHESES.findall(written):
        names.extend(uninvert(alias) for alias in _aliases_in(inside))
    return [name for name in names if name]


def _aliases_in(inside: str) -> list[str]:
    """The other names a parenthesis gives: none for a nickname ("Chip"), title or office."""
    inside = tidy(inside)
    if not inside or _NOT_AN_ALIAS.search(inside) or inside.lower().startswith("see "):
        return []
    parts = [part.strip() for part in inside.split(",") if part.strip()]
    if len(parts) > 1 and all(len(part.split()) >= 2 for part in parts):
        return parts  # "Pak Chung-hui, Park Chung Hee, Pak Jung-Hui": several names
    if len(inside.split()) < 2:
        return []
    return [inside]


def uninvert(heading: str) -> str:
    """A list's "Surname, Rank Given, Jr." as the name is written: "Given Surname Jr."."""
    parts = [part.strip() for part in heading.split(",")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return tidy(heading.strip(" ,"))
    surname, given, *rest = parts
    suffixes = [part for part in rest if _NAME_SUFFIX.match(part)]
    stripped = given
    while True:
        shorter = _RANKS.sub("", stripped, count=1)
        if shorter == stripped:
            break
        stripped = shorter
    if not stripped:
        return tidy(f"{given} {surname}")  # "Home, Lord": a title is all the name there is
    return tidy(" ".join([stripped, surname, *suffixes]))


def listed_person(written: str, people: PeopleRegistry) -> PersonName:
    """The person a list entry names, as the registry knows them where it does."""
    names = listed_names(written) or [tidy(written)]
    for name in names:
        known = people.lookup(name)
        if known is not None:
            extra = [n for n in names if identity_key(n) not in identities(known)]
            return replace(known, aliases=(*known.aliases, *extra))
    main, *aliases = names
    return PersonName(main, tuple(dict.fromkeys(aliases)))


def identities(person: PersonName) -> set[str]:
    return {identity_key(name) for name in (person.name, *person.aliases)}
