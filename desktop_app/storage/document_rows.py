"""A new document's row as the documents table holds it, and the keys that identify and sort it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, NamedTuple

from desktop_app.domain.dates import date_sort_key
from desktop_app.domain.records import DocumentRecord, Role
from desktop_app.domain.text import fold

#: How many characters of a display value its sort key keeps (the column is indexed).
SORT_KEY_LENGTH = 120


def import_key(record: DocumentRecord) -> str:
    """What identifies a record without an archive record ID: its date as listed and title."""
    return import_key_of(record.date.text, record.title)


def import_key_of(date_text: str, title: str) -> str:
    """The import key of a record with this date as listed and this title."""
    material = fold(" ".join(date_text.split())) + "\x1f" + fold(" ".join(title.split()))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def record_key(record_id: str) -> str:
    """The import key of a record whose date and title another document already has."""
    return hashlib.sha256(("record\x1f" + record_id).encode("utf-8")).hexdigest()


def sort_key(values: Iterable[str]) -> str:
    return fold("; ".join(values))[:SORT_KEY_LENGTH]


class DocumentRow(NamedTuple):
    """A new document's row: its fields are the documents table's columns, in their order, so
    that rows bind to one INSERT as the plain tuples they are (see `insert_tuples`)."""

    id: int
    record_id: str | None
    import_key: str
    title: str
    summary: str
    date_text: str
    date_precision: str
    date_start: str | None
    date_end: str | None
    year: int | None
    sort_date: str
    title_dates: str
    doc_type_id: int | None
    number: str
    origin_id: int | None
    archive_id: int | None
    source_citation: str
    classification: str
    url: str
    rights: str
    notes: str
    sort_title: str
    sort_type: str
    sort_number: str
    sort_authors: str
    sort_recipients: str
    sort_origin: str
    sort_collections: str
    sort_languages: str
    sort_archive: str
    sort_record: str
    created_at: Any
    updated_at: Any
    version_id: int

    def imported(self) -> dict[str, Any]:
        """The columns that an import sets, by name: all but the id, time stamps and version."""
        columns = self._asdict()
        for name in _WRITER_SET:
            del columns[name]
        return columns


#: The columns of a new document's row, in the order of the table's INSERT.
DOCUMENT_COLUMNS: tuple[str, ...] = DocumentRow._fields

# The columns the writer gives values of its own, not the record's.
_WRITER_SET = ("id", "created_at", "updated_at", "version_id")


def new_document_row(
    document_id: int,
    record: DocumentRecord,
    key: str,
    created: Any,
    *,
    doc_type_id: int | None,
    origin_id: int | None,
    archive_id: int | None,
) -> DocumentRow:
    """A new document's row, with the ids of its type, origin and archive given."""
    date = record.date
    start = date.start
    authors = [c.person.name for c in record.credits if c.role is Role.AUTHOR]
    recipients = [c.person.name for c in record.credits if c.role is Role.RECIPIENT]
    return DocumentRow(
        id=document_id,
        record_id=record.record_id or None,
        import_key=key,
        title=record.title,
        summary=record.summary,
        date_text=date.text,
        date_precision=date.precision.value,
        date_start=start.isoformat() if start else None,
        date_end=date.end.isoformat() if date.end else None,
        year=start.year if start else None,
        sort_date=date_sort_key(date),
        title_dates="; ".join(d.text for d in record.title_dates),
        doc_type_id=doc_type_id,
        number=record.number or "",
        origin_id=origin_id,
        archive_id=archive_id,
        source_citation=record.source_citation or "",
        classification=record.classification or "",
        url=record.url or "",
        rights=record.rights or "",
        notes=record.notes or "",
        sort_title=fold(record.title)[:SORT_KEY_LENGTH],
        sort_type=fold(record.doc_type or "")[:SORT_KEY_LENGTH],
        sort_number=fold(record.number or "")[:SORT_KEY_LENGTH],
        sort_authors=sort_key(authors),
        sort_recipients=sort_key(recipients),
        sort_origin=fold(record.origin or "")[:SORT_KEY_LENGTH],
        sort_collections=sort_key(record.collections),
        sort_languages=sort_key(record.languages),
        sort_archive=fold(record.archive or "")[:SORT_KEY_LENGTH],
        # Right-aligned so that numeric record IDs sort as numbers.
        sort_record=(record.record_id or "").rjust(20)[:100],
        created_at=created,
        updated_at=created,
        version_id=1,
    )
