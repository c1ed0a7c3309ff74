"""What importers hand to the catalog: documents and collections as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from desktop_app.domain.dates import HistoricalDate


class Role(StrEnum):
    """How a person or organisation stands to a document."""

    AUTHOR = "author"
    RECIPIENT = "recipient"
    VIA = "via"
    PARTICIPANT = "participant"
    MENTIONED = "mentioned"


@dataclass(frozen=True, slots=True)
class PersonName:
    """A canonical name and the other names it was written as in this source."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Credit:
    """One person in one role on one document."""

    person: PersonName
    role: Role


@dataclass(frozen=True, slots=True)
class CollectionRecord:
    """A collection to create or find; `parent_title` names the collection it sits in."""

    title: str
    description: str = ""
    parent_title: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One document as an importer read it; `line` is where it starts in its source."""

    title: str
    date: HistoricalDate
    line: int = 0
    summary: str = ""
    record_id: str | None = None
    doc_type: str | None = None
    number: str | None = None
    origin: str | None = None
    credits: tuple[Credit, ...] = ()
    title_dates: tuple[HistoricalDate, ...] = ()
    collections: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    archive: str | None = None
    source_citation: str | None = None
    classification: str | None = None
    url: str | None = None
    rights: str | None = None
    notes: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """Everything one source adds: its collections (parents first) and documents."""

    source: str
    collections: tuple[CollectionRecord, ...] = ()
    documents: tuple[DocumentRecord, ...] = ()
    warnings: tuple[str, ...] = field(default=())
