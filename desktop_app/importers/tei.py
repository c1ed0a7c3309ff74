"""FRUS volumes in TEI XML: the volume, its chapters and every document, read as a stream.

*Foreign Relations of the United States* is published by the Office of the Historian as one TEI
P5 file per volume. A volume becomes a collection (its chapters sub-collections) and each
`<div type="document">` a document with its head read into title, type and correspondents, its
dateline into date and origin, its source note into citation, archive and classification, and
its paragraphs and footnotes into the document's text.

The file is read twice with `iterparse`, each element dropped once read, so memory stays
bounded whatever the volume's size: first the header and the list of persons (which the
documents point into), then the documents, a batch at a time.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import IO, Any

from lxml import etree

from desktop_app.domain.dates import HistoricalDate, Precision, parse_partial_iso
from desktop_app.domain.errors import InputError
from desktop_app.domain.names import surname_of
from desktop_app.domain.records import (
    CollectionRecord,
    Credit,
    DocumentRecord,
    ImportBatch,
    PersonName,
    Role,
)
from desktop_app.domain.text import identity_key
from desktop_app.importers.people import PeopleRegistry

TEI = "http://www.tei-c.org/ns/1.0"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_TEI_ROOT = f"{{{TEI}}}TEI"
_DIV = f"{{{TEI}}}div"
_HEAD = f"{{{TEI}}}head"
_TITLE = f"{{{TEI}}}title"
_TITLE_STATEMENT = f"{{{TEI}}}titleStmt"
_IDNO = f"{{{TEI}}}idno"
#: The elements the first reading looks at, and those it drops once read.
_FIRST_READING = (_TITLE, _IDNO, _DIV, f"{{{TEI}}}teiHeader", f"{{{TEI}}}front", f"{{{TEI}}}back")

#: Where a document of a volume is read on the web: the volume's id, then the document's.
URL_PREFIX = "https://history.state.gov/historicaldocuments/"

RIGHTS = "Public domain: a work of the United States Government (Office of the Historian)."

#: The type of an editorial note: a facet value, so that they can be filtered out.
EDITORIAL_NOTE = "Editorial Note"

#: Documents of a batch: small enough to write in a few statements, large enough to be few.
BATCH_DOCUMENTS = 500

#: The divisions of a volume's body that become its sub-collections.
_SECTIONS = frozenset({"compilation", "chapter", "subchapter", "part", "section"})

#: A collection title longer than this is cut at its first clause (the whole head is kept as
#: its description): some chapter heads run to a paragraph.
_TITLE_LENGTH = 200

#: Markings of a source note, longest first so that "Top Secret" is not read as "Secret".
_CLASSIFICATIONS = (
    "No classification marking",
    "Limited Official Use",
    "Official Use Only",
    "Top Secret",
    "Confidential",
    "Unclassified",
    "Restricted",
    "Secret",
)

#: Superscript digits: a footnote's mark in the text, which word search can tell from words.
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_LEADING_NUMBER = re.compile(r"^\s*\[?\d+[A-Z]?\]?\.\s+")
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
#: What ends the type words at the start of a head ("Telegram From …", "Memorandum by …").
_TYPE_END = re.compile(
    r"\s+(?:From|from|By|by|To|to|Between|between|With|with|Prepared|prepared|Submitted|"
    r"submitted|Received|Issued|at|on|in|for(?!\s+the\s+(?:Record|Files?)\b))\s|,|\s\(|:"
)
#: A head whose first words are its sender, not a type (1949 and 1951: "The Ambassador in …").
_SENDER_FIRST = re.compile(
    r"^(?:The|Mr\.|Mrs\.|President|General|Major|Lieutenant|Admiral|Ambassador|Secretary|"
    r"Chairman|Premier|Prime)\b"
)
_CORRESPONDENTS = re.compile(
    r"(?:^|\s)(?:From|from|by)\s+(?P<sender>.+?)(?:\s+to\s+(?P<addressee>.+))?$"
)
_SENDER_TO = re.compile(r"^(?P<sender>.+?)\s+to\s+(?P<addressee>.+)$")
_AT_PLACE = re.compile(r",?\s+at\s+[A-Z][\w .’'-]*$|,\s+in\s+[A-Z][\w .’'-]*$")
_HONORIFIC = re.compile(
    r"^(?:Mr|Mrs|Miss|Dr|Ambassador|Minister|General|Admiral|Colonel|Governor|Senator|"
    r"Secretary|President|Chairman|Premier|Prime Minister|Foreign Minister|Vice President|"
    r"Attorney General|Deputy|Under Secretary|Assistant Secretary)\.?\s+"
)
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
_SEE = re.compile(r"^\W*\(?\s*see\s+(?:also\s+)?(?P<target>[^)]+?)\s*\)?\s*$", re.IGNORECASE)
#: Spaces that markup leaves inside brackets and before punctuation: "( Sebald )", "Tokyo ,".
_INNER_SPACE = re.compile(r"(?<=[(\[]) | (?=[)\],;:.])")
_WORD_CHARACTER = re.compile(r"[\w'’-]")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’.-]*")
_OFFICE_PLACE = re.compile(r"\s+((?:in|at)\s+(?:the\s+)?[A-Z][^()]*?)(?=\s+to\s|\s*$|\s*\()")
#: "Mr. Marshall Green of the Division of Northeast Asian Affairs": a person and their post.
_DESCRIBED_PERSON = re.compile(
    r"^(?:Mr\.|Mrs\.|Miss|Dr\.)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"(?:,|\s+of\s|\s+at\s|\s+in\s)"
)
_SOURCE_LEAD = re.compile(r"^\s*Source:\s*", re.IGNORECASE)
_TYPE_SUFFIX = re.compile(r":\s*(?P<type>[A-Z][a-z]+(?: [a-z]+)?)\s*$")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _tidy(text: str) -> str:
    return " ".join(text.split())


def sniff_tei(path: Path) -> bool:
    """Whether a file starts like a TEI document (its first kilobytes name the TEI namespace)."""
    try:
        with path.open("rb") as handle:
            start = handle.read(4096)
    except OSError:
        return False
    return b"<TEI" in start or TEI.encode() in start


@dataclass(slots=True)
class _Persons:
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


class _NamesInText:
    """Finds people named in a document's words without markup ("Chou En-lai had said …").

    Only names of two words or more, as the volume's list of persons and the registry write
    them: a surname alone names too many people to be taken from plain text.
    """

    def __init__(self, people: Iterable[PersonName]) -> None:
        self.by_written: dict[str, PersonName] = {}
        by_first: dict[str, list[str]] = {}
        for person in people:
            for name in (person.name, *person.aliases):
                written = _tidy(name)
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
                    found[self.by_written[_tidy(match.group(0))]] = None
        return list(found)


@dataclass(frozen=True, slots=True)
class _Volume:
    """What the first reading of a volume gives: its identity, title and persons."""

    volume_id: str
    title: str
    period: tuple[int | None, int | None]
    persons: _Persons
    documents: int


def read_tei_file(
    path: Path,
    people: PeopleRegistry,
    *,
    progress: Callable[[int], None] | None = None,
) -> Iterator[ImportBatch]:
    """Read a FRUS volume as import batches, parents' collections first in each.

    InputError names the file and line of XML that is not well formed and of a file that is
    not a FRUS volume; it comes before the first batch, the whole file having been read once.
    `progress` is told the bytes of the file read so far, after each document.
    """
    volume = _read_volume(path, people)
    reader = _DocumentReader(path, volume, people)
    with path.open("rb") as handle:
        yield from reader.batches(handle, progress)


def _parse(
    source: str | IO[bytes], events: tuple[str, ...], tags: Iterable[str] | None = None
) -> Iterator[tuple[str, Any]]:
    """Events of the file's elements (only those of `tags`, given in Clark notation)."""
    # Catalog files are untrusted: no DTD, no entities from outside, no network.
    return etree.iterparse(  # type: ignore[no-any-return]
        source,
        events=events,
        tag=None if tags is None else list(tags),
        load_dtd=False,
        no_network=True,
        resolve_entities=False,
        remove_comments=True,
        remove_pis=True,
    )


def _syntax_error(path: Path, error: etree.XMLSyntaxError) -> InputError:
    line = error.lineno if error.lineno else None
    message = re.sub(r",\s*line \d+, column \d+$", "", str(error.msg or error))
    return InputError(f"not well-formed XML: {message}", path=str(path), line=line)


def _not_a_volume(path: Path, why: str, line: int | None) -> InputError:
    return InputError(f"not a FRUS volume (TEI XML): {why}", path=str(path), line=line)


def _read_volume(path: Path, people: PeopleRegistry) -> _Volume:
    """The first reading: the header's titles and id, the persons list, the documents counted."""
    titles: dict[str, str] = {}
    volume_id = ""
    persons = _Persons()
    documents = 0
    try:
        for _, root in _parse(str(path), ("start",)):
            if root.tag != _TEI_ROOT:
                name = _local(root.tag) or root.tag
                raise _not_a_volume(
                    path, f"its root element is <{name}>, not <TEI>", root.sourceline
                )
            break
        for _, element in _parse(str(path), ("end",), _FIRST_READING):
            tag = element.tag
            if tag == _TITLE:
                if element.getparent().tag == _TITLE_STATEMENT:
                    kind = (element.get("type") or "").replace("-", "")
                    titles.setdefault(kind, _tidy("".join(element.itertext())))
            elif tag == _IDNO:
                if element.get("type") == "frus":
                    volume_id = _tidy(element.text or "")
            elif tag == _DIV:
                kind = element.get("type")
                if kind == "document":
                    documents += 1
                elif element.get(_XML_ID) == "persons":
                    _read_persons(element, persons, people)
                if kind not in _SECTIONS:
                    _drop(element)
            else:
                _drop(element)
    except etree.XMLSyntaxError as error:
        raise _syntax_error(path, error) from None
    title = titles.get("complete")
    if not title:
        raise _not_a_volume(path, 'its header has no <title type="complete">', None)
    if documents == 0:
        raise _not_a_volume(path, 'it has no <div type="document">', None)
    return _Volume(
        volume_id=volume_id or path.stem,
        title=title,
        period=_period(titles.get("subseries", "")),
        persons=persons,
        documents=documents,
    )


def _drop(element: Any) -> None:
    """Free an element read to its end, and the siblings read before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _period(text: str) -> tuple[int | None, int | None]:
    years = [int(year) for year in _YEAR.findall(text)]
    return (min(years), max(years)) if years else (None, None)


def _read_persons(section: Any, persons: _Persons, people: PeopleRegistry) -> None:
    """Read a list of persons: each `persName xml:id` as a person, "see" entries redirected."""
    redirects: list[tuple[str, str, str]] = []
    by_identity: dict[str, str] = {}
    for entry in section.iter(f"{{{TEI}}}persName"):
        person_id = entry.get(_XML_ID)
        if not person_id:
            continue
        written = _tidy("".join(entry.itertext())).rstrip(",")
        after = _text_after(entry)
        see = _SEE.match(after) or _SEE.match(_after_parentheses(written))
        if see:
            redirects.append((person_id, written, see.group("target")))
            continue
        person = _listed_person(written, people)
        persons.add(person_id, person)
        for name in (person.name, *person.aliases, *_listed_names(written)):
            by_identity.setdefault(identity_key(name), person_id)
    for person_id, written, target in redirects:
        names = _listed_names(target)
        found = next(
            (by_identity[identity_key(n)] for n in names if identity_key(n) in by_identity), None
        )
        written_name = _uninvert(_PARENTHESES.sub("", written).strip(" ,"))
        if found is None:
            persons.add(person_id, _listed_person(target, people))
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
    while node is not None and _local(node.tag) != "item":
        parts.append(node.tail or "")
        node = node.getparent()
    return _tidy(" ".join(parts))[:120]


def _after_parentheses(written: str) -> str:
    found = _PARENTHESES.search(written)
    return f"({found.group(1)})" if found else ""


def _listed_names(written: str) -> list[str]:
    """The names a list entry gives: the name outside its parentheses, then its aliases."""
    outside = _tidy(_PARENTHESES.sub("", written)).strip(" ,")
    names = [_uninvert(outside)] if outside else []
    for inside in _PARENTHESES.findall(written):
        names.extend(_uninvert(alias) for alias in _aliases_in(inside))
    return [name for name in names if name]


def _aliases_in(inside: str) -> list[str]:
    """The other names a parenthesis gives: none for a nickname ("Chip"), title or office."""
    inside = _tidy(inside)
    if not inside or _NOT_AN_ALIAS.search(inside) or inside.lower().startswith("see "):
        return []
    parts = [part.strip() for part in inside.split(",") if part.strip()]
    if len(parts) > 1 and all(len(part.split()) >= 2 for part in parts):
        return parts  # "Pak Chung-hui, Park Chung Hee, Pak Jung-Hui": several names
    if len(inside.split()) < 2:
        return []
    return [inside]


def _uninvert(heading: str) -> str:
    """A list's "Surname, Rank Given, Jr." as the name is written: "Given Surname Jr."."""
    parts = [part.strip() for part in heading.split(",")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return _tidy(heading.strip(" ,"))
    surname, given, *rest = parts
    suffixes = [part for part in rest if _NAME_SUFFIX.match(part)]
    stripped = given
    while True:
        shorter = _RANKS.sub("", stripped, count=1)
        if shorter == stripped:
            break
        stripped = shorter
    if not stripped:
        return _tidy(f"{given} {surname}")  # "Home, Lord": a title is all the name there is
    return _tidy(" ".join([stripped, surname, *suffixes]))


def _listed_person(written: str, people: PeopleRegistry) -> PersonName:
    """The person a list entry names, as the registry knows them where it does."""
    names = _listed_names(written) or [_tidy(written)]
    for name in names:
        known = people.lookup(name)
        if known is not None:
            extra = [n for n in names if identity_key(n) not in _identities(known)]
            return replace(known, aliases=(*known.aliases, *extra))
    main, *aliases = names
    return PersonName(main, tuple(dict.fromkeys(aliases)))


def _identities(person: PersonName) -> set[str]:
    return {identity_key(name) for name in (person.name, *person.aliases)}


class _Text:
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
        lines = (_tidy(part) for part in self._words(element, marks).split(_LB))
        return _INNER_SPACE.sub("", _LINE_BREAK.join(lines))

    def _words(self, element: Any, marks: bool) -> str:
        parts: list[str] = [element.text or ""]
        for child in element:
            name = _local(child.tag)
            if name == "note":
                if marks:
                    mark = child.get("n") or str(len(self.footnotes) + 1)
                    parts.append(mark.translate(_SUPERSCRIPT))
                    self.note(child)
            elif name == "lb":
                parts.append(_LB)
            elif name not in _SILENT:
                if name == "persName" and child.get("corresp"):
                    self.mentioned.append(child)
                parts.append(_capitalised(child, self._words(child, marks)))
            parts.append(child.tail or "")
        return "".join(parts)

    def note(self, note: Any) -> None:
        mark = note.get("n") or str(len(self.footnotes) + 1)
        words = self.flatten(note).strip()
        if words:
            self.footnotes.append(f"{mark}. {words}")


#: A line break (`<lb/>`) while an element's words are gathered, and in the text it gives.
_LB = "\ue000"
_LINE_BREAK = "\n"

#: Elements that give no words: page breaks, anchors, figures.
_SILENT = frozenset({"pb", "milestone", "anchor", "graphic", "figure"})

#: Elements of a document holding paragraphs rather than words.
_CONTAINERS = frozenset({"list", "div", "opener", "floatingText", "body", "table", "group"})


class _DocumentReader:
    """The second reading: the documents, as batches sharing their collection's path."""

    def __init__(self, path: Path, volume: _Volume, people: PeopleRegistry) -> None:
        self.path = path
        self.volume = volume
        self.people = people
        self.collection = CollectionRecord(
            title=volume.title,
            description=f"FRUS volume {volume.volume_id}",
            period_start=volume.period[0],
            period_end=volume.period[1],
            source_url=URL_PREFIX + volume.volume_id,
        )
        self.names_in_text = _NamesInText(
            [*dict.fromkeys(volume.persons.by_id.values()), *people.known_people()]
        )

    def batches(
        self, handle: IO[bytes], progress: Callable[[int], None] | None
    ) -> Iterator[ImportBatch]:
        # The sections open at this point of the file, outermost first; None: no head yet.
        sections: list[tuple[Any, CollectionRecord | None]] = []
        pending: list[DocumentRecord] = []
        pending_path: tuple[CollectionRecord, ...] = (self.collection,)

        def path_now() -> tuple[CollectionRecord, ...]:
            return (self.collection, *(record for _, record in sections if record is not None))

        try:
            for event, element in _parse(handle, ("start", "end"), (_DIV, _HEAD)):
                is_head = element.tag == _HEAD
                if is_head and event == "start":
                    continue
                kind = element.get("type")
                if event == "start":
                    if kind in _SECTIONS and _in_body(element):
                        sections.append((element, None))
                    continue
                if is_head:
                    parent = element.getparent()
                    if sections and parent is sections[-1][0] and sections[-1][1] is None:
                        sections[-1] = (parent, self._section(element, path_now()[-1]))
                    continue
                if kind == "document":
                    record = self._document(element)
                    path_here = path_now()
                    if pending and (path_here != pending_path or len(pending) >= BATCH_DOCUMENTS):
                        yield self._batch(pending_path, pending)
                        pending = []
                    pending_path = path_here
                    pending.append(replace(record, collections=(path_here[-1].title,)))
                    _drop(element)
                    if progress is not None:
                        progress(handle.tell())
                elif sections and element is sections[-1][0]:
                    sections.pop()
                    _drop(element)
                elif kind not in _SECTIONS:
                    _drop(element)
        except etree.XMLSyntaxError as error:
            raise _syntax_error(self.path, error) from None
        if pending:
            yield self._batch(pending_path, pending)

    def _batch(
        self, path: tuple[CollectionRecord, ...], documents: list[DocumentRecord]
    ) -> ImportBatch:
        return ImportBatch(
            source=str(self.path),
            collections=path,
            documents=tuple(documents),
            update_existing=True,
        )

    def _section(self, head: Any, parent: CollectionRecord) -> CollectionRecord:
        words = _tidy(_Text().flatten(head, marks=False).replace("\n", " ")).rstrip(" :;,")
        title = words
        if len(title) > _TITLE_LENGTH:
            title = title.split(";", 1)[0].strip()
        if len(title) > _TITLE_LENGTH:
            title = title[:_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        start, end = _period(words)
        return CollectionRecord(
            title=title,
            description=words if words != title else "",
            parent_title=parent.title,
            period_start=start,
            period_end=end,
        )

    def _document(self, div: Any) -> DocumentRecord:
        document_id = div.get(_XML_ID) or f"d{div.get('n') or div.sourceline}"
        record_id = f"{self.volume.volume_id}/{document_id}"
        head = div.find(f"{{{TEI}}}head")
        inline_source = _inline_source(div)
        source_note = _source_note(head) if head is not None else None
        text = _Text()
        title = ""
        credits: list[Credit] = []
        head_dates: list[Any] = []
        if head is not None:
            title = _LEADING_NUMBER.sub("", _tidy(_Text().flatten(head, marks=False)))
            head_dates = list(head.iter(f"{{{TEI}}}date"))
            text.flatten(head)  # its footnotes are the document's (the source note first)
            credits = self._correspondents(head, title)
        editorial = title.lower().startswith("editorial note")
        doc_type = EDITORIAL_NOTE if editorial else _type_of(title, inline_source)
        dateline = next(
            (d for d in div.iter(f"{{{TEI}}}dateline") if not _inside_text(d, div)), None
        )
        date = HistoricalDate.undated()
        origin = None
        if not editorial:
            date = _document_date(div, dateline, head_dates)
        if dateline is not None:
            place = dateline.find(f".//{{{TEI}}}placeName")
            if place is not None:
                origin = _tidy("".join(place.itertext())).strip("[],. ") or None
        summary_items: list[str] = []
        participants: list[Credit] = []
        for child in div:
            name = _local(child.tag)
            if child is head or child is inline_source:
                continue
            if name == "opener" or (name == "dateline" and child is dateline):
                continue
            if name == "list" and child.get("type") == "subject":
                summary_items.extend(
                    _tidy(_Text().flatten(item, marks=False))
                    for item in child.iter(f"{{{TEI}}}item")
                )
            if name == "list" and child.get("type") == "participants":
                participants.extend(self._participants(child))
            self._blocks(child, text)
        citation = ""
        archive = None
        classification = _opener_classification(div)
        if source_note is not None:
            citation = _SOURCE_LEAD.sub("", _tidy(_Text().flatten(source_note, marks=False)))
            archive = _archive_of(citation)
            classification = _classification_of(citation) or classification
        elif inline_source is not None:
            citation = _tidy(_Text().flatten(inline_source, marks=False))
            archive = "Department of State"
        credited = {key for c in (*credits, *participants) for key in _identities(c.person)}
        mentioned: list[Credit] = []
        body = "\n\n".join(text.paragraphs)
        notes = "\n\n".join(text.footnotes)
        named = [self._resolved(element) for element in text.mentioned]
        for person in (*named, *self.names_in_text.find(f"{body}\n\n{notes}")):
            if person is not None and not _identities(person) & credited:
                credited |= _identities(person)
                mentioned.append(Credit(person, Role.MENTIONED))
        return DocumentRecord(
            title=title or f"Document {div.get('n') or document_id}",
            date=date,
            line=div.sourceline or 0,
            summary="; ".join(item for item in summary_items if item),
            record_id=record_id,
            doc_type=doc_type,
            number=div.get("n") or None,
            origin=origin,
            credits=(*credits, *participants, *mentioned),
            archive=archive,
            source_citation=citation or None,
            classification=classification,
            url=URL_PREFIX + record_id,
            rights=RIGHTS,
            text=body or None,
            footnotes=notes or None,
        )

    def _blocks(self, element: Any, text: _Text) -> None:
        name = _local(element.tag)
        if name == "note":
            text.note(element)
        elif name in _CONTAINERS or (name == "list" and len(element)):
            if element.text and element.text.strip():
                text.paragraphs.append(_tidy(element.text))
            for child in element:
                self._blocks(child, text)
                if child.tail and child.tail.strip():
                    text.paragraphs.append(_tidy(child.tail))
        elif name not in _SILENT and name != "lb":
            text.block(element)

    def _correspondents(self, head: Any, title: str) -> list[Credit]:
        """The head's senders and addressees: marked up where they are, else read as text."""
        marked: dict[Role, list[PersonName]] = {Role.AUTHOR: [], Role.RECIPIENT: []}
        for element in head.iter():
            role = {"from": Role.AUTHOR, "to": Role.RECIPIENT}.get(element.get("type") or "")
            if role is None or _inside_note(element, head):
                continue
            name = _local(element.tag)
            if name == "persName":
                person = self._resolved(element)
            elif name in {"gloss", "orgName", "name", "rs"}:
                office = _tidy("".join(element.itertext()))
                # "<gloss>Embassy</gloss> in France": the place is the office's.
                where = _OFFICE_PLACE.match(element.tail or "")
                if where:
                    office = f"{office} {_tidy(where.group(1))}"
                person = self.people.resolve(office)
            else:
                continue
            if person is not None:
                marked[role].append(person)
        sender, addressee = _correspondents_in(title)
        if not marked[Role.AUTHOR] and sender:
            party = self._party(sender)
            if party is not None:
                marked[Role.AUTHOR].append(party)
        if not marked[Role.RECIPIENT] and addressee:
            party = self._party(addressee)
            if party is not None:
                marked[Role.RECIPIENT].append(party)
        return [Credit(person, role) for role, found in marked.items() for person in found]

    def _participants(self, listing: Any) -> list[Credit]:
        found: list[Credit] = []
        for item in listing.iter(f"{{{TEI}}}item"):
            names = [n for n in item.iter(f"{{{TEI}}}persName") if not _inside_note(n, item)]
            people = [self._resolved(n) for n in names]
            if not names:
                written = _tidy(_Text().flatten(item, marks=False))
                written = _PARENTHESES.sub("", written).strip(" ,;.")
                reading = self.people.read(written) if _looks_like_name(written) else None
                people = [reading.person] if reading is not None and reading.is_person else []
            found.extend(Credit(person, Role.PARTICIPANT) for person in people if person)
        return found

    def _resolved(self, element: Any) -> PersonName | None:
        """The person a `persName` stands for: its list entry, else the name as written."""
        persons = self.volume.persons
        for reference in (element.get("corresp") or "").split():
            person = persons.by_id.get(reference.lstrip("#"))
            if person is not None:
                return person
        written = _capitalised(element, _tidy("".join(element.itertext())))
        return self._person_written(written)

    def _person_written(self, written: str) -> PersonName | None:
        if not written:
            return None
        reading = self.people.read(written)
        if reading is None:
            return None
        if reading.known or not reading.is_person:
            return reading.person
        listed = self.volume.persons.only_one_called(reading.person.name)
        if listed is not None and (
            len(reading.person.name.split()) == 1
            or identity_key(listed.name) == identity_key(reading.person.name)
        ):
            return listed
        return reading.person

    def _party(self, text: str) -> PersonName | None:
        """A sender or addressee read from a head's words: "the Ambassador in Korea (Muccio)"."""
        text = _AT_PLACE.sub("", text).strip(" ,.")
        named = [inside for inside in _PARENTHESES.findall(text) if _looks_like_name(inside)]
        if named:
            return self._person_written(named[-1])
        text = _PARENTHESES.sub("", text).strip(" ,.")
        if not text:
            return None
        described = _DESCRIBED_PERSON.match(text)
        if described:
            return self._person_written(described.group("name"))
        reading = self.people.read(text)
        if reading is None:
            return None
        if reading.is_person:
            return self._person_written(reading.person.name)
        return reading.person


def _capitalised(element: Any, words: str) -> str:
    """A name set in small capitals is often written in lower case ("sebald"): capitalised."""
    if _local(element.tag) == "persName" and words.islower():
        return string.capwords(words)
    return words


def _in_body(element: Any) -> bool:
    node = element.getparent()
    while node is not None:
        name = _local(node.tag)
        if name == "body":
            return True
        if name in {"front", "back"}:
            return False
        node = node.getparent()
    return False


def _inside_note(element: Any, stop: Any) -> bool:
    node = element.getparent()
    while node is not None and node is not stop:
        if _local(node.tag) == "note":
            return True
        node = node.getparent()
    return False


def _inside_text(element: Any, div: Any) -> bool:
    """Whether an element lies in the document's paragraphs or notes rather than its opener."""
    node = element.getparent()
    while node is not None and node is not div:
        if _local(node.tag) in {"note", "p", "floatingText", "quote", "div"}:
            return True
        node = node.getparent()
    return False


def _inline_source(div: Any) -> Any | None:
    """The 1949 and 1951 volumes' source note, written before the head."""
    for child in div:
        name = _local(child.tag)
        if name == "note" and child.get("type") == "source":
            return child
        if name == "head":
            return None
    return None


def _source_note(head: Any) -> Any | None:
    notes = [note for note in head.iter(f"{{{TEI}}}note")]
    for note in notes:
        if note.get("type") == "source":
            return note
    for note in notes:
        if _SOURCE_LEAD.match("".join(note.itertext())):
            return note
    return None


def _opener_classification(div: Any) -> str | None:
    opener = div.find(f"{{{TEI}}}opener")
    if opener is None:
        return None
    for seg in opener.iter(f"{{{TEI}}}seg"):
        words = _tidy("".join(seg.itertext()))
        marking = _classification_of(words + ".")
        if marking is not None and len(words) <= len(marking) + 2:
            return marking
    return None


def _classification_of(citation: str) -> str | None:
    """The security marking a source note gives in one of its sentences ("Secret; Priority.")."""
    for sentence in re.split(r"(?<=[.;])\s+", citation):
        folded = sentence.strip().lower()
        for marking in _CLASSIFICATIONS:
            if folded.startswith(marking.lower()) and (
                len(folded) == len(marking) or not folded[len(marking)].isalpha()
            ):
                return marking
    return None


def _archive_of(citation: str) -> str | None:
    """Where a source note says the original is: its first part ("Eisenhower Library")."""
    first = re.split(r"[,:]|(?<![A-Z])\.\s", citation, maxsplit=1)[0].strip(" .")
    if not first or len(first) > 80 or not first[:1].isupper():
        return None
    return first


def _type_of(title: str, inline_source: Any | None) -> str | None:
    """A document's type from its head's first words, else from a 1949 source note's suffix."""
    if title and not _SENDER_FIRST.match(title):
        lead = _TYPE_END.split(title, maxsplit=1)[0].strip(" .")
        if lead and len(lead.split()) <= 8:
            return _normal_type(lead)
    if inline_source is not None:
        suffix = _TYPE_SUFFIX.search(_tidy("".join(inline_source.itertext())))
        if suffix:
            return _normal_type(suffix.group("type"))
    return None


def _normal_type(lead: str) -> str:
    """One spelling of a type: "Memorandum of a Conversation" is a Memorandum of Conversation."""
    words = lead.replace(" of a ", " of ").replace(" of an ", " of ")
    words = re.sub(r"\bConversations\b", "Conversation", words)
    return " ".join(
        word[:1].upper() + word[1:] if word not in {"of", "for", "the"} else word
        for word in words.split()
    )


def _correspondents_in(title: str) -> tuple[str | None, str | None]:
    """The words naming a head's sender and addressee: "From X to Y", "X to Y", "by X"."""
    found = _CORRESPONDENTS.search(title)
    if found:
        return found.group("sender"), found.group("addressee")
    if _SENDER_FIRST.match(title):
        found = _SENDER_TO.match(title)
        if found:
            return found.group("sender"), found.group("addressee")
    return None, None


def _looks_like_name(text: str) -> bool:
    words = _HONORIFIC.sub("", text.strip()).split()
    return (
        1 <= len(words) <= 5
        and all(word[:1].isupper() for word in words)
        and not any("/" in word for word in words)
    )


def _document_date(div: Any, dateline: Any | None, head_dates: Iterable[Any]) -> HistoricalDate:
    """The document's date: the volume's own range attributes, then the dateline, then the head."""
    low = high = None
    for key, value in div.attrib.items():
        if _local(key) == "doc-dateTime-min":
            low = value
        elif _local(key) == "doc-dateTime-max":
            high = value
    candidates = []
    if dateline is not None:
        candidates.extend(dateline.iter(f"{{{TEI}}}date"))
    candidates.extend(head_dates)
    written = next((_tidy("".join(d.itertext())) for d in candidates), "")
    if low and high:
        found = _interval(low, high, written)
        if found is not None:
            return found
    for element in candidates:
        words = _tidy("".join(element.itertext()))
        when = element.get("when")
        if when:
            found = _interval(when, when, words)
        else:
            start = element.get("from") or element.get("notBefore")
            end = element.get("to") or element.get("notAfter")
            found = _interval(start, end, words) if start and end else None
        if found is not None:
            return found
    return HistoricalDate.undated(written if written.lower() == "undated" else "")


def _interval(start: str, end: str, written: str) -> HistoricalDate | None:
    """The dates from ISO values (`1955-01-12T19:00:00`, `1955-01`, `1955`) and their text."""
    try:
        first, _ = parse_partial_iso(start[:10])
        _, last = parse_partial_iso(end[:10])
    except ValueError:
        return None
    if last < first:
        return None
    precision = _precision(start[:10]) if start[:10] == end[:10] else Precision.RANGE
    if precision is Precision.DAY and first != last:
        precision = Precision.RANGE
    if written and not _YEAR.search(written):
        # "January 6" under a dateline of 1951: the year as an editor adds it, in brackets.
        years = sorted({first.year, last.year})
        written = f"{written} [{'–'.join(map(str, years))}]"
    return HistoricalDate(
        text=written or _label(first, last), precision=precision, start=first, end=last
    )


def _precision(value: str) -> Precision:
    return {10: Precision.DAY, 7: Precision.MONTH, 4: Precision.YEAR}.get(len(value), Precision.DAY)


def _label(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
