"""A volume's second reading: its documents, as import batches sharing a collection's path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from lxml import etree

from desktop_app.domain.dates import HistoricalDate
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
from desktop_app.importers.tei.dates import document_date, period_of
from desktop_app.importers.tei.headings import (
    AT_PLACE,
    DESCRIBED_PERSON,
    LEADING_NUMBER,
    OFFICE_PLACE,
    correspondents_in,
    looks_like_name,
    type_of,
)
from desktop_app.importers.tei.markup import (
    DIV,
    HEAD,
    TEI,
    XML_ID,
    drop,
    in_body,
    inside_note,
    inside_text,
    local_name,
    parse,
    syntax_error,
    tidy,
)
from desktop_app.importers.tei.names import PARENTHESES, NamesInText, identities
from desktop_app.importers.tei.source_notes import (
    SOURCE_LEAD,
    archive_of,
    classification_of,
    head_source_note,
    inline_source_note,
    opener_classification,
)
from desktop_app.importers.tei.text import CONTAINERS, SILENT, DocumentText, capitalised
from desktop_app.importers.tei.volume import SECTIONS, Volume, read_volume

#: Where a document of a volume is read on the web: the volume's id, then the document's.
URL_PREFIX = "https://history.state.gov/historicaldocuments/"

RIGHTS = "Public domain: a work of the United States Government (Office of the Historian)."

#: The type of an editorial note: a facet value, so that they can be filtered out.
EDITORIAL_NOTE = "Editorial Note"

#: Documents of a batch: small enough to write in a few statements, large enough to be few.
BATCH_DOCUMENTS = 500

#: A collection title longer than this is cut at its first clause (the whole head is kept as
#: its description): some chapter heads run to a paragraph.
_TITLE_LENGTH = 200


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
    volume = read_volume(path, people)
    reader = DocumentReader(path, volume, people)
    with path.open("rb") as handle:
        yield from reader.batches(handle, progress)


class DocumentReader:
    """The second reading: the documents, as batches sharing their collection's path."""

    def __init__(self, path: Path, volume: Volume, people: PeopleRegistry) -> None:
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
        self.names_in_text = NamesInText(
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
            for event, element in parse(handle, ("start", "end"), (DIV, HEAD)):
                is_head = element.tag == HEAD
                if is_head and event == "start":
                    continue
                kind = element.get("type")
                if event == "start":
                    if kind in SECTIONS and in_body(element):
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
                    drop(element)
                    if progress is not None:
                        progress(handle.tell())
                elif sections and element is sections[-1][0]:
                    sections.pop()
                    drop(element)
                elif kind not in SECTIONS:
                    drop(element)
        except etree.XMLSyntaxError as error:
            raise syntax_error(self.path, error) from None
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
        words = tidy(DocumentText().flatten(head, marks=False).replace("\n", " ")).rstrip(" :;,")
        title = words
        if len(title) > _TITLE_LENGTH:
            title = title.split(";", 1)[0].strip()
        if len(title) > _TITLE_LENGTH:
            title = title[:_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        start, end = period_of(words)
        return CollectionRecord(
            title=title,
            description=words if words != title else "",
            parent_title=parent.title,
            period_start=start,
            period_end=end,
        )

    def _document(self, div: Any) -> DocumentRecord:
        document_id = div.get(XML_ID) or f"d{div.get('n') or div.sourceline}"
        record_id = f"{self.volume.volume_id}/{document_id}"
        head = div.find(f"{{{TEI}}}head")
        inline_source = inline_source_note(div)
        source_note = head_source_note(head) if head is not None else None
        text = DocumentText()
        title = ""
        credits: list[Credit] = []
        head_dates: list[Any] = []
        if head is not None:
            title = LEADING_NUMBER.sub("", tidy(DocumentText().flatten(head, marks=False)))
            head_dates = list(head.iter(f"{{{TEI}}}date"))
            text.flatten(head)  # its footnotes are the document's (the source note first)
            credits = self._correspondents(head, title)
        editorial = title.lower().startswith("editorial note")
        doc_type = EDITORIAL_NOTE if editorial else type_of(title, inline_source)
        dateline = next(
            (d for d in div.iter(f"{{{TEI}}}dateline") if not inside_text(d, div)), None
        )
        date = HistoricalDate.undated()
        origin = None
        if not editorial:
            date = document_date(div, dateline, head_dates)
        if dateline is not None:
            place = dateline.find(f".//{{{TEI}}}placeName")
            if place is not None:
                origin = tidy("".join(place.itertext())).strip("[],. ") or None
        summary_items: list[str] = []
        participants: list[Credit] = []
        for child in div:
            name = local_name(child.tag)
            if child is head or child is inline_source:
                continue
            if name == "opener" or (name == "dateline" and child is dateline):
                continue
            if name == "list" and child.get("type") == "subject":
                summary_items.extend(
                    tidy(DocumentText().flatten(item, marks=False))
                    for item in child.iter(f"{{{TEI}}}item")
                )
            if name == "list" and child.get("type") == "participants":
                participants.extend(self._participants(child))
            self._blocks(child, text)
        citation = ""
        archive = None
        classification = opener_classification(div)
        if source_note is not None:
            citation = SOURCE_LEAD.sub("", tidy(DocumentText().flatten(source_note, marks=False)))
            archive = archive_of(citation)
            classification = classification_of(citation) or classification
        elif inline_source is not None:
            citation = tidy(DocumentText().flatten(inline_source, marks=False))
            archive = "Department of State"
        credited = {key for c in (*credits, *participants) for key in identities(c.person)}
        mentioned: list[Credit] = []
        body = "\n\n".join(text.paragraphs)
        notes = "\n\n".join(text.footnotes)
        named = [self._resolved(element) for element in text.mentioned]
        for person in (*named, *self.names_in_text.find(f"{body}\n\n{notes}")):
            if person is not None and not identities(person) & credited:
                credited |= identities(person)
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

    def _blocks(self, element: Any, text: DocumentText) -> None:
        name = local_name(element.tag)
        if name == "note":
            text.note(element)
        elif name in CONTAINERS or (name == "list" and len(element)):
            if element.text and element.text.strip():
                text.paragraphs.append(tidy(element.text))
            for child in element:
                self._blocks(child, text)
                if child.tail and child.tail.strip():
                    text.paragraphs.append(tidy(child.tail))
        elif name not in SILENT and name != "lb":
            text.block(element)

    def _correspondents(self, head: Any, title: str) -> list[Credit]:
        """The head's senders and addressees: marked up where they are, else read as text."""
        marked: dict[Role, list[PersonName]] = {Role.AUTHOR: [], Role.RECIPIENT: []}
        for element in head.iter():
            role = {"from": Role.AUTHOR, "to": Role.RECIPIENT}.get(element.get("type") or "")
            if role is None or inside_note(element, head):
                continue
            name = local_name(element.tag)
            if name == "persName":
                person = self._resolved(element)
            elif name in {"gloss", "orgName", "name", "rs"}:
                office = tidy("".join(element.itertext()))
                # "<gloss>Embassy</gloss> in France": the place is the office's.
                where = OFFICE_PLACE.match(element.tail or "")
                if where:
                    office = f"{office} {tidy(where.group(1))}"
                person = self.people.resolve(office)
            else:
                continue
            if person is not None:
                marked[role].append(person)
        sender, addressee = correspondents_in(title)
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
            names = [n for n in item.iter(f"{{{TEI}}}persName") if not inside_note(n, item)]
            people = [self._resolved(n) for n in names]
            if not names:
                written = tidy(DocumentText().flatten(item, marks=False))
                written = PARENTHESES.sub("", written).strip(" ,;.")
                reading = self.people.read(written) if looks_like_name(written) else None
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
        written = capitalised(element, tidy("".join(element.itertext())))
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
        text = AT_PLACE.sub("", text).strip(" ,.")
        named = [inside for inside in PARENTHESES.findall(text) if looks_like_name(inside)]
        if named:
            return self._person_written(named[-1])
        text = PARENTHESES.sub("", text).strip(" ,.")
        if not text:
            return None
        described = DESCRIBED_PERSON.match(text)
        if described:
            return self._person_written(described.group("name"))
        reading = self.people.read(text)
        if reading is None:
            return None
        if reading.is_person:
            return self._person_written(reading.person.name)
        return reading.person
