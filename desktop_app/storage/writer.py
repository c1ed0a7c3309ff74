"""Writes an import batch into the catalog in one transaction, adding only what is new."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from desktop_app.domain.dates import date_sort_key
from desktop_app.domain.records import (
    CollectionRecord,
    DocumentRecord,
    ImportBatch,
    PersonName,
    Role,
)
from desktop_app.domain.text import fold, identity_key, search_key
from desktop_app.domain.views import ImportReport
from desktop_app.storage import models as m

#: How many characters of a display value its sort key keeps (the column is indexed).
SORT_KEY_LENGTH = 120


def import_key(record: DocumentRecord) -> str:
    """What identifies a record without an archive record ID: its date as listed and title."""
    material = (
        fold(" ".join(record.date.text.split())) + "\x1f" + fold(" ".join(record.title.split()))
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def sort_key(values: Iterable[str]) -> str:
    return fold("; ".join(values))[:SORT_KEY_LENGTH]


class _Names:
    """Get-or-create for one looked-up table, remembering ids within the transaction."""

    def __init__(self, session: Session, model: Any) -> None:
        self.session = session
        self.model = model
        self.ids: dict[str, int] = {}

    def id_for(self, name: str) -> int:
        cleaned = " ".join(name.split())
        if cleaned in self.ids:
            return self.ids[cleaned]
        found = self.session.execute(
            select(self.model.id).where(self.model.name == cleaned)
        ).scalar_one_or_none()
        if found is None:
            found = self.session.execute(
                insert(self.model)
                .values(name=cleaned, key=search_key(cleaned))
                .returning(self.model.id)
            ).scalar_one()
        self.ids[cleaned] = found
        return found


class _People:
    """Finds a person by canonical name or any alias, creating them and new aliases as needed."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: dict[str, int] = {}

    def id_for(self, person: PersonName) -> int:
        identity = identity_key(person.name)
        if identity in self.ids:
            person_id = self.ids[identity]
        else:
            person_id = self._find(identity) or self._find_by_alias(person)
            if person_id is None:
                person_id = self.session.execute(
                    insert(m.Person)
                    .values(name=person.name, key=search_key(person.name), identity=identity)
                    .returning(m.Person.id)
                ).scalar_one()
            self.ids[identity] = person_id
        for alias in person.aliases:
            self._add_alias(person_id, alias)
        return person_id

    def _find(self, identity: str) -> int | None:
        return self.session.execute(
            select(m.Person.id).where(m.Person.identity == identity)
        ).scalar_one_or_none()

    def _find_by_alias(self, person: PersonName) -> int | None:
        for written in (person.name, *person.aliases):
            found = self.session.execute(
                select(m.PersonAlias.person_id).where(
                    m.PersonAlias.identity == identity_key(written)
                )
            ).scalar_one_or_none()
            if found is not None:
                return found
        return None

    def _add_alias(self, person_id: int, alias: str) -> None:
        identity = identity_key(alias)
        if not identity or identity in self.ids:
            return
        taken_by_person = self._find(identity)
        taken_by_alias = self.session.execute(
            select(m.PersonAlias.person_id).where(m.PersonAlias.identity == identity)
        ).scalar_one_or_none()
        if taken_by_person is None and taken_by_alias is None:
            self.session.execute(
                insert(m.PersonAlias).values(
                    person_id=person_id, alias=alias, key=search_key(alias), identity=identity
                )
            )
        self.ids.setdefault(identity, person_id)


class BatchWriter:
    """Adds a batch to the catalog inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.full_text = session.get_bind().dialect.name == "sqlite"
        self.types = _Names(session, m.DocType)
        self.places = _Names(session, m.Place)
        self.archives = _Names(session, m.Archive)
        self.languages = _Names(session, m.Language)
        self.subjects = _Names(session, m.Subject)
        self.tags = _Names(session, m.Tag)
        self.people = _People(session)
        self.collections: dict[str, int] = {}
        self.collections_added = 0

    def write(self, batch: ImportBatch) -> ImportReport:
        for collection in batch.collections:
            self._collection(collection)
        added = skipped = 0
        seen: set[str] = set()
        for record in batch.documents:
            key = record.record_id or import_key(record)
            if key in seen:
                skipped += 1
                continue
            seen.add(key)
            if self._existing(record) is not None:
                skipped += 1
                continue
            self._document(record)
            added += 1
        return ImportReport(batch.source, added, skipped, self.collections_added)

    def _collection(self, record: CollectionRecord) -> int:
        parent_id = self._collection_id(record.parent_title) if record.parent_title else None
        statement = select(m.Collection.id).where(m.Collection.title == record.title)
        statement = statement.where(
            m.Collection.parent_id.is_(None)
            if parent_id is None
            else m.Collection.parent_id == parent_id
        )
        found = self.session.execute(statement).scalars().first()
        if found is None:
            found = self.session.execute(
                insert(m.Collection)
                .values(
                    title=record.title,
                    key=search_key(record.title),
                    description=record.description,
                    parent_id=parent_id,
                    period_start=record.period_start,
                    period_end=record.period_end,
                    source_url=record.source_url,
                )
                .returning(m.Collection.id)
            ).scalar_one()
            self.collections_added += 1
        self.collections[record.title] = found
        return found

    def _collection_id(self, title: str) -> int:
        if title in self.collections:
            return self.collections[title]
        found = (
            self.session.execute(select(m.Collection.id).where(m.Collection.title == title))
            .scalars()
            .first()
        )
        if found is None:
            return self._collection(CollectionRecord(title=title))
        self.collections[title] = found
        return found

    def _existing(self, record: DocumentRecord) -> int | None:
        if record.record_id:
            found = self.session.execute(
                select(m.Document.id).where(m.Document.record_id == record.record_id)
            ).scalar_one_or_none()
            if found is not None:
                return found
        return self.session.execute(
            select(m.Document.id).where(m.Document.import_key == import_key(record))
        ).scalar_one_or_none()

    def _document(self, record: DocumentRecord) -> int:
        date = record.date
        authors = [c.person.name for c in record.credits if c.role is Role.AUTHOR]
        recipients = [c.person.name for c in record.credits if c.role is Role.RECIPIENT]
        document_id = self.session.execute(
            insert(m.Document)
            .values(
                record_id=record.record_id or None,
                import_key=import_key(record),
                title=record.title,
                summary=record.summary,
                date_text=date.text,
                date_precision=date.precision.value,
                date_start=date.start.isoformat() if date.start else None,
                date_end=date.end.isoformat() if date.end else None,
                year=date.start.year if date.start else None,
                sort_date=date_sort_key(date),
                title_dates="; ".join(d.text for d in record.title_dates),
                doc_type_id=self.types.id_for(record.doc_type) if record.doc_type else None,
                number=record.number or "",
                origin_id=self.places.id_for(record.origin) if record.origin else None,
                archive_id=self.archives.id_for(record.archive) if record.archive else None,
                source_citation=record.source_citation or "",
                classification=record.classification or "",
                url=record.url or "",
                rights=record.rights or "",
                notes=record.notes or "",
                sort_title=sort_key([record.title]),
                sort_type=sort_key([record.doc_type or ""]),
                sort_number=sort_key([record.number or ""]),
                sort_authors=sort_key(authors),
                sort_recipients=sort_key(recipients),
                sort_origin=sort_key([record.origin or ""]),
                sort_collections=sort_key(record.collections),
                sort_languages=sort_key(record.languages),
                sort_archive=sort_key([record.archive or ""]),
                sort_record=(record.record_id or "").rjust(20)[:100],
            )
            .returning(m.Document.id)
        ).scalar_one()
        self._links(document_id, record)
        return document_id

    def _links(self, document_id: int, record: DocumentRecord) -> None:
        rows: list[dict[str, Any]] = []
        seen: set[tuple[int, str]] = set()
        names: list[str] = []
        for position, credit in enumerate(record.credits):
            person_id = self.people.id_for(credit.person)
            names.extend((credit.person.name, *credit.person.aliases))
            if (person_id, credit.role.value) in seen:
                continue
            seen.add((person_id, credit.role.value))
            rows.append(
                {
                    "document_id": document_id,
                    "person_id": person_id,
                    "role": credit.role.value,
                    "position": position,
                }
            )
        if rows:
            self.session.execute(insert(m.DocumentPerson), rows)
        self._link(
            m.DocumentCollection,
            "collection_id",
            document_id,
            [self._collection_id(title) for title in record.collections],
        )
        self._link(
            m.DocumentPlace,
            "place_id",
            document_id,
            [self.places.id_for(place) for place in record.places],
        )
        self._link(
            m.DocumentSubject,
            "subject_id",
            document_id,
            [self.subjects.id_for(subject) for subject in record.subjects],
        )
        self._link(
            m.DocumentLanguage,
            "language_id",
            document_id,
            [self.languages.id_for(language) for language in record.languages],
        )
        self._link(
            m.DocumentTag, "tag_id", document_id, [self.tags.id_for(tag) for tag in record.tags]
        )
        if self.full_text:
            places = [p for p in (record.origin, *record.places) if p]
            self.session.execute(
                text(
                    "INSERT INTO documents_fts(rowid, title, summary, names, places, subjects) "
                    "VALUES (:id, :title, :summary, :names, :places, :subjects)"
                ),
                {
                    "id": document_id,
                    "title": record.title,
                    "summary": record.summary,
                    "names": " ; ".join(names),
                    "places": " ; ".join(places),
                    "subjects": " ; ".join(record.subjects),
                },
            )

    def _link(self, model: Any, column: str, document_id: int, target_ids: list[int]) -> None:
        unique = list(dict.fromkeys(target_ids))
        if unique:
            self.session.execute(
                insert(model),
                [
                    {"document_id": document_id, column: target_id, "position": position}
                    for position, target_id in enumerate(unique)
                ],
            )
