"""A volume's first reading: its header's title and id, its list of persons, its documents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from desktop_app.domain.errors import InputError
from desktop_app.domain.names import surname_of
from desktop_app.domain.records import PersonName
from desktop_app.domain.text import identity_key
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.tei.dates import period_of
from desktop_app.importers.tei.markup import (
    DIV,
    TEI,
    XML_ID,
    drop,
    local_name,
    parse,
    syntax_error,
    tidy,
)
from desktop_app.importers.tei.names import PARENTHESES, listed_names, listed_person, uninvert

_TEI_ROOT = f"{{{TEI}}}TEI"
_TITLE = f"{{{TEI}}}title"
_TITLE_STATEMENT = f"{{{TEI}}}titleStmt"
_IDNO = f"{{{TEI}}}idno"

#: The elements the first reading looks at, and those it drops once read.
_FIRST_READING = (_TITLE, _IDNO, DIV, f"{{{TEI}}}teiHeader", f"{{{TEI}}}front", f"{{{TEI}}}back")

#: The divisions of a volume's body that become its sub-collections.
SECTIONS = frozenset({"compilation", "chapter", "subchapter", "part", "section"})
_SEE = re.compile(r"^\W*\(?\s*see\s+(?:also\s+)?(?P<target>[^)]+?)\s*\)?\s*$", re.IGNORECASE)


def sniff_tei(path: Path) -> bool:
    """Whether a file starts like a TEI document (its first kilobytes name the TEI namespace)."""
    try:
        with path.open("rb") as handle:
            start = handle.read(4096)
    except OSError:
        return False
    return b"<TEI" in start or TEI.encode() in start


@dataclass(slots=True)
class Persons:
    """A volume's list of persons: each id's person, and the persons by surname."""

    by_id: dict[str, PersonName] = field(default_factory=dict)
    by_surname: dict[str, list[PersonName]] = field(default_factory=dict)

    def add(self, person_id: str, person: PersonName) -> None:
        self.by_id[person_id] = person
        surname = surname_of(person.name)
        if surname:
            found = self.by_surname.setdefault(surname, [])
            if person not in found:
                found.append(person)

    def only_one_called(self, written: str) -> PersonName | None:
        """The one person of the list whose surname is the last word of `written`, if one."""
        found = self.by_surname.get(surname_of(written), [])
        return found[0] if len(found) == 1 else None


@dataclass(frozen=True, slots=True)
class Volume:
    """What the first reading of a volume gives: its identity, title and persons."""

    volume_id: str
    title: str
    period: tuple[int | None, int | None]
    persons: Persons
    documents: int


def _not_a_volume(path: Path, why: str, line: int | None) -> InputError:
    return InputError(f"not a FRUS volume (TEI XML): {why}", path=str(path), line=line)


def read_volume(path: Path, people: PeopleRegistry) -> Volume:
    """The first reading: the header's titles and id, the persons list, the documents counted."""
    titles: dict[str, str] = {}
    volume_id = ""
    persons = Persons()
    documents = 0
    try:
        for _, root in parse(str(path), ("start",)):
            if root.tag != _TEI_ROOT:
                name = local_name(root.tag) or root.tag
                raise _not_a_volume(
                    path, f"its root element is <{name}>, not <TEI>", root.sourceline
                )
            break
        for _, element in parse(str(path), ("end",), _FIRST_READING):
            tag = element.tag
            if tag == _TITLE:
                if element.getparent().tag == _TITLE_STATEMENT:
                    kind = (element.get("type") or "").replace("-", "")
                    titles.setdefault(kind, tidy("".join(element.itertext())))
            elif tag == _IDNO:
                if element.get("type") == "frus":
                    volume_id = tidy(element.text or "")
            elif tag == DIV:
                kind = element.get("type")
                if kind == "document":
                    documents += 1
                elif element.get(XML_ID) == "persons":
                    _read_persons(element, persons, people)
                if kind not in SECTIONS:
                    drop(element)
            else:
                drop(element)
    except etree.XMLSyntaxError as error:
        raise syntax_error(path, error) from None
    title = titles.get("complete")
    if not title:
        raise _not_a_volume(path, 'its header has no <title type="complete">', None)
    if documents == 0:
        raise _not_a_volume(path, 'it has no <div type="document">', None)
    return Volume(
        volume_id=volume_id or path.stem,
        title=title,
        period=period_of(titles.get("subseries", "")),
        persons=persons,
        documents=documents,
    )


def _read_persons(section: Any, persons: Persons, people: PeopleRegistry) -> None:
    """Read a list of persons: each `persName xml:id` as a person, "see" entries redirected."""
    redirects: list[tuple[str, str, str]] = []
    by_identity: dict[str, str] = {}
    for entry in section.iter(f"{{{TEI}}}persName"):
        person_id = entry.get(XML_ID)
        if not person_id:
            continue
        written = tidy("".join(entry.itertext())).rstrip(",")
        after = _text_after(entry)
        see = _SEE.match(after) or _SEE.match(_after_parentheses(written))
        if see:
            redirects.append((person_id, written, see.group("target")))
            continue
        person = listed_person(written, people)
        persons.add(person_id, person)
        for name in (person.name, *person.aliases, *listed_names(written)):
            by_identity.setdefault(identity_key(name), person_id)
    for person_id, written, target in redirects:
        names = listed_names(target)
        found = next(
            (by_identity[identity_key(n)] for n in names if identity_key(n) in by_identity), None
        )
        written_name = uninvert(PARENTHESES.sub("", written).strip(" ,"))
        if found is None:
            persons.add(person_id, listed_person(target, people))
            continue
        person = persons.by_id[found]
        if identity_key(written_name) not in {
            identity_key(n) for n in (person.name, *person.aliases)
        }:
            widened = replace(person, aliases=(*person.aliases, written_name))
            for key, value in list(persons.by_id.items()):
                if value == person:
                    persons.by_id[key] = widened
            person = widened
        persons.add(person_id, person)


def _text_after(element: Any) -> str:
    """The words that follow a list entry's name, up to the end of its item (a "see" entry's
    target is there)."""
    parts = [element.tail or ""]
    node = element.getparent()
    while node is not None and local_name(node.tag) != "item":
        parts.append(node.tail or "")
        node = node.getparent()
    return tidy(" ".join(parts))[:120]


def _after_parentheses(written: str) -> str:
    found = PARENTHESES.search(written)
    return f"({found.group(1)})" if found else ""
