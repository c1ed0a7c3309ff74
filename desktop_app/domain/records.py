"""What importers hand to the catalog: documents and collections as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

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
    """One person in one role on one document; `written` is the name the source wrote, where
    the catalog credits the person under another (a name since merged into theirs)."""

    person: PersonName
    role: Role
    written: str | None = None


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
    #: The document's own words: paragraphs apart by a blank line (None: the source has none).
    text: str | None = None
    #: The text's footnotes, one paragraph each, each beginning with its mark ("1. …").
    footnotes: str | None = None
    #: The fields the source gave (field names, and role values for credits); None: all of them.
    #: Updating a catalog's document changes only these, so a file with a few columns loses
    #: nothing the catalog knew.
    given: frozenset[str] | None = None


#: The fields of a DocumentRecord that `given` may name, besides the credit roles.
RECORD_FIELDS: tuple[str, ...] = (
    "title",
    "date",
    "summary",
    "record_id",
    "doc_type",
    "number",
    "origin",
    "title_dates",
    "collections",
    "places",
    "subjects",
    "languages",
    "archive",
    "source_citation",
    "classification",
    "url",
    "rights",
    "notes",
    "tags",
    "text",
    "footnotes",
)


def overlay(stored: DocumentRecord, update: DocumentRecord) -> DocumentRecord:
    """`stored` with the fields `update` gives replaced: what updating a document makes of it."""
    if update.given is None:
        return replace(update, given=None)
    given = update.given
    changes: dict[str, Any] = {
        name: getattr(update, name) for name in RECORD_FIELDS if name in given
    }
    credits = tuple(
        credit
        for role in Role
        for credit in (update.credits if role.value in given else stored.credits)
        if credit.role is role
    )
    return replace(stored, **changes, credits=credits, line=update.line, given=None)


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """Everything one source adds: its collections (parents first) and documents.

    With `update_existing`, a document the catalog already has (same record ID, else same date
    and title) is updated with the fields the record gives; otherwise it is left as it is.
    """

    source: str
    collections: tuple[CollectionRecord, ...] = ()
    documents: tuple[DocumentRecord, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    update_existing: bool = False
