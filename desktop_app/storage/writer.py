"""Writes an import batch into the catalog in one transaction, adding only what is new."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.records import (
    Credit,
    DocumentRecord,
    ImportBatch,
    PersonName,
    Role,
    overlay,
)
from desktop_app.domain.views import ImportReport
from desktop_app.storage import fulltext
from desktop_app.storage import models as m
from desktop_app.storage.bulk_insert import (
    BULK_CACHE_KIB,
    LinkRows,
    bulk_cache,
    defer_indexes,
    driver_timestamp,
    drop_secondary_indexes,
    insert_document_columns,
    insert_links,
    insert_tuples,
    reserve_document_ids,
    restore_indexes,
)
from desktop_app.storage.document_rows import (
    DOCUMENT_COLUMNS,
    SORT_KEY_LENGTH,
    DocumentRow,
    import_key,
    import_key_of,
    new_document_row,
    record_key,
    sort_key,
)
from desktop_app.storage.fields import LINKED_FIELDS
from desktop_app.storage.generation import note_documents_changed
from desktop_app.storage.lookups import (
    CollectionLookup,
    NameLookup,
    PeopleLookup,
    identity_of,
    in_parts,
    name_ids,
    person_ids,
)
from desktop_app.storage.updating import clear_links, stored_records

# The writer's helpers, importable from here as they were before they had modules of their own.
__all__ = [
    "BULK_CACHE_KIB",
    "SORT_KEY_LENGTH",
    "BatchWriter",
    "bulk_cache",
    "drop_secondary_indexes",
    "import_key",
    "import_key_of",
    "insert_document_columns",
    "insert_links",
    "name_ids",
    "person_ids",
    "record_key",
    "reserve_document_ids",
    "restore_indexes",
    "sort_key",
]


class BatchWriter:
    """Adds batches to the catalog inside the caller's transaction, a chunk of rows at a time.

    Each chunk costs a handful of statements (existing keys, names new to the catalog, one
    executemany of plain tuples per table), not several per document, and the per-row work in
    Python is building those tuples, so that a million records import in about a minute.
    """

    CHUNK = 2000

    def __init__(self, session: Session) -> None:
        self.session = session
        self._next_id: int | None = None
        self.types = NameLookup(session, m.DocType)
        self.places = NameLookup(session, m.Place)
        self.archives = NameLookup(session, m.Archive)
        self.languages = NameLookup(session, m.Language)
        self.subjects = NameLookup(session, m.Subject)
        self.tags = NameLookup(session, m.Tag)
        self.people = PeopleLookup(session)
        self.collection_ids = CollectionLookup(session)
        #: Collection ids by title (those of `collection_ids`).
        self.collections = self.collection_ids.ids
        by_table: dict[Any, NameLookup | CollectionLookup] = {
            m.Place: self.places,
            m.Subject: self.subjects,
            m.Language: self.languages,
            m.Tag: self.tags,
            m.Collection: self.collection_ids,
        }
        #: The lookup of each of `LINKED_FIELDS`, in its order (that of `LinkRows.others`).
        self._link_lookups = tuple(by_table[field.names] for field in LINKED_FIELDS.values())
        self.seen: set[str] = set()
        self._started = False
        #: Whether documents the catalog had were written again (updated, or people merged).
        self.rewrote = False

    def write(self, batch: ImportBatch) -> ImportReport:
        if not self._started:
            self._start(batch)
        added_before = self.collection_ids.added
        for collection in batch.collections:
            self.collection_ids.add(collection)
        added = skipped = updated = 0
        documents = batch.documents
        for start in range(0, len(documents), self.CHUNK):
            chunk = documents[start : start + self.CHUNK]
            changed: list[tuple[int, DocumentRecord, str]] = []
            if batch.update_existing:
                new, keys, changed = self._sort_out(self.with_catalog_names(chunk))
                self._replace(changed)
                self._insert(new, keys)
            else:
                new = self._new_records(chunk)
                self._insert(new, [import_key(record) for record in new])
            added += len(new)
            updated += len(changed)
            skipped += len(chunk) - len(new) - len(changed)
        return ImportReport(
            batch.source,
            added,
            skipped,
            self.collection_ids.added - added_before,
            updated,
            batch.warnings,
        )

    def with_catalog_names(self, chunk: Sequence[DocumentRecord]) -> list[DocumentRecord]:
        """The records with each person under the name the catalog gives them.

        A person the catalog knows by another name ("Lay", since made an alias of "James S.
        Lay Jr.") is credited under that one, so that importing a source again finds its
        documents unchanged rather than writing back a name the catalog has left.
        """
        people = list(dict.fromkeys(c.person for record in chunk for c in record.credits))
        # Looked up, not added: a person new to the catalog has no other name in it, and
        # adding people here would take their rows before the documents' (see `insert_new`).
        known = self.people.known(people)
        if not known:
            return list(chunk)
        names = self.people.names_of(list(known.values()))
        renamed: dict[PersonName, PersonName] = {}
        for person, person_id in known.items():
            name = names[person_id]
            if name != person.name:
                aliases = (person.name, *(a for a in person.aliases if a != name))
                renamed[person] = PersonName(name, tuple(dict.fromkeys(aliases)))
        if not renamed:
            return list(chunk)
        return [
            replace(
                record,
                credits=tuple(
                    Credit(renamed[c.person], c.role, c.written or c.person.name)
                    if c.person in renamed
                    else c
                    for c in record.credits
                ),
            )
            if any(c.person in renamed for c in record.credits)
            else record
            for record in chunk
        ]

    def merge_people(self, keep_id: int, drop_id: int, name: str) -> None:
        """Make two people one: `drop_id`'s documents name `keep_id`, who is called `name`.

        Every name either was written with becomes an alias of the one kept, and each document
        that names either is written again (links, sort keys, text, full-text entry), so that
        nothing names the dropped person, nor the kept one by a name it no longer has.
        """
        session = self.session
        both = (keep_id, drop_id)
        linked = session.execute(
            select(m.DocumentPerson.document_id)
            .where(m.DocumentPerson.person_id.in_(both))
            .distinct()
        ).scalars()
        document_ids = list(linked)
        # A few hundred ids a statement: PostgreSQL takes at most 65,535 parameters.
        stored: dict[int, DocumentRecord] = {}
        keys: dict[int, str] = {}
        for part in in_parts(document_ids):
            stored.update(stored_records(session, part))
            found = session.execute(
                select(m.Document.id, m.Document.import_key).where(m.Document.id.in_(part))
            )
            keys.update((document_id, key) for document_id, key in found)
        person, renamed = self.people.merge(keep_id, drop_id, name)
        changed = []
        for document_id, record in stored.items():
            credits = tuple(
                Credit(person, credit.role, credit.written or credit.person.name)
                if identity_of(credit.person.name) in renamed
                else credit
                for credit in record.credits
            )
            changed.append((document_id, replace(record, credits=credits), keys[document_id]))
        self._replace(changed)

    def _start(self, batch: ImportBatch) -> None:
        """Prepare the transaction for a large import into an empty SQLite catalog."""
        self._started = True
        connection = self.session.connection()
        if connection.dialect.name != "sqlite" or len(batch.documents) < self.CHUNK:
            return
        if connection.execute(select(m.Document.id).limit(1)).first() is not None:
            return
        defer_indexes(self.session)
        fulltext.prepare_bulk(connection)

    def _new_records(self, chunk: Sequence[DocumentRecord]) -> list[DocumentRecord]:
        """The records of a chunk that neither the catalog nor this import already has."""
        keys = [import_key(record) for record in chunk]
        record_ids = [record.record_id for record in chunk if record.record_id]
        known_keys = set(
            self.session.execute(
                select(m.Document.import_key).where(m.Document.import_key.in_(keys))
            ).scalars()
        )
        known_ids = set(
            self.session.execute(
                select(m.Document.record_id).where(m.Document.record_id.in_(record_ids))
            ).scalars()
        )
        new = []
        for record, key in zip(chunk, keys, strict=True):
            identity = f"record:{record.record_id}" if record.record_id else f"key:{key}"
            if key in known_keys or record.record_id in known_ids or identity in self.seen:
                continue
            self.seen.add(identity)
            new.append(record)
        return new

    def _sort_out(
        self, chunk: Sequence[DocumentRecord]
    ) -> tuple[list[DocumentRecord], list[str], list[tuple[int, DocumentRecord, str]]]:
        """The new records of a chunk (with their keys) and the documents they change.

        A record is the catalog's document with its record ID, else the one with its date and
        title (unless that one has another record ID). Among several records for one document
        the last wins, as it would if they came in separate chunks.
        """
        latest: dict[str, tuple[DocumentRecord, str]] = {}
        for record in chunk:
            key = import_key(record)
            latest[f"record:{record.record_id}" if record.record_id else key] = (record, key)
        records = [record for record, _ in latest.values()]
        keys = [key for _, key in latest.values()]
        record_ids = [record.record_id for record in records if record.record_id]
        by_record = {
            record_id: (document_id, key)
            for document_id, record_id, key in self.session.execute(
                select(m.Document.id, m.Document.record_id, m.Document.import_key).where(
                    m.Document.record_id.in_(record_ids)
                )
            )
        }
        by_key = {
            key: (document_id, record_id)
            for document_id, record_id, key in self.session.execute(
                select(m.Document.id, m.Document.record_id, m.Document.import_key).where(
                    m.Document.import_key.in_(keys)
                )
            )
        }
        matches: dict[int, tuple[DocumentRecord, str]] = {}
        new: list[DocumentRecord] = []
        new_keys: list[str] = []
        taken: set[str] = set()
        for record, key in zip(records, keys, strict=True):
            if record.record_id and record.record_id in by_record:
                matches[by_record[record.record_id][0]] = (record, by_record[record.record_id][1])
                continue
            if key in by_key:
                document_id, stored_id = by_key[key]
                if not record.record_id or not stored_id:
                    matches[document_id] = (record, key)
                    continue
            if key in by_key or key in taken:
                if not record.record_id:
                    continue  # the same date and title as a record new in this chunk
                # Another document has this date and title: tell this one by its record ID.
                key = record_key(record.record_id)
            new.append(record)
            new_keys.append(key)
            taken.add(key)
        return new, new_keys, self._changed(matches, taken)

    def _changed(
        self, matches: dict[int, tuple[DocumentRecord, str]], taken: set[str]
    ) -> list[tuple[int, DocumentRecord, str]]:
        """The matched documents that the records change, as they become, with their keys."""
        stored = stored_records(self.session, list(matches))
        changed: list[tuple[int, DocumentRecord, str]] = []
        for document_id, (record, stored_key) in matches.items():
            before = stored.get(document_id)
            if before is None:
                continue
            after = overlay(before, record)
            key = self._key_for(document_id, after, stored_key, taken)
            # Most records of a file imported again are unchanged: the plain fields say so
            # without the folding that the full signature needs (measured: a third of the time).
            if key == stored_key and _plain(after) == _plain(before):
                continue
            if self._signature(after, key) != self._signature(before, stored_key):
                changed.append((document_id, after, key))
                taken.add(key)
        return changed

    def rewrite(self, records: dict[int, DocumentRecord]) -> None:
        """Write whole records over the documents of their ids (a person's edit, its undoing):
        row, sort keys, links, text and full-text entry, each version moved on."""
        stored_keys = dict(
            self.session.execute(
                select(m.Document.id, m.Document.import_key).where(m.Document.id.in_(records))
            ).all()
        )
        taken: set[str] = set()
        changed = []
        for document_id, record in records.items():
            key = self._key_for(document_id, record, stored_keys[document_id], taken)
            taken.add(key)
            changed.append((document_id, record, key))
        self._replace(changed)

    def _key_for(
        self, document_id: int, record: DocumentRecord, stored_key: str, taken: set[str]
    ) -> str:
        """The import key of document `document_id` as `record` has it: that of its date and
        title, unless another document (or one of `taken`) has that; then its record ID's."""
        key = import_key(record)
        if key == stored_key:
            return key
        owner = self.session.execute(
            select(m.Document.id).where(m.Document.import_key == key)
        ).scalar_one_or_none()
        if key in taken or (owner is not None and owner != document_id):
            key = record_key(record.record_id or f"document {document_id}")
        return key

    def _signature(self, record: DocumentRecord, key: str) -> tuple[Any, ...]:
        """What a document's row and links would be: equal signatures need no update."""
        roles = list(Role)
        credits = sorted(record.credits, key=lambda credit: roles.index(credit.role))
        return (
            self._document_row(record, key),
            # By person, not name: a name the catalog has since made an alias (one person under
            # one name) is the same person, and no change.
            tuple(dict.fromkeys((c.role.value, self.people.id_for(c.person)) for c in credits)),
            *(
                tuple(dict.fromkeys(" ".join(value.split()) for value in values))
                for values in self._linked_values(record)
            ),
            record.text or "",
            record.footnotes or "",
        )

    def _replace(self, changed: Sequence[tuple[int, DocumentRecord, str]]) -> None:
        """Rewrite documents in place: row, sort keys, links, text and full-text entry.

        The records are whole (as `overlay` or `stored_records` make them): a record without
        text leaves its document without any.
        """
        if not changed:
            return
        self.rewrote = True
        ids = [document_id for document_id, _, _ in changed]
        note_documents_changed(self.session, ids)
        self._add_names([record for _, record, _ in changed])
        clear_links(self.session, ids)
        texts = m.DocumentText
        for part in in_parts(ids):
            self.session.execute(delete(texts).where(texts.document_id.in_(part)))
        table = m.Document.metadata.tables["documents"]
        now = datetime.now(UTC).replace(tzinfo=None)
        rows = []
        for document_id, record, key in changed:
            row = {f"new_{name}": value for name, value in self._document_row(record, key).items()}
            rows.append({**row, "target_id": document_id, "new_updated_at": now})
        names = [name.removeprefix("new_") for name in rows[0] if name.startswith("new_")]
        statement = (
            update(table)
            .where(table.c.id == bindparam("target_id"))
            .values(
                {
                    **{name: bindparam(f"new_{name}") for name in names},
                    "version_id": table.c.version_id + 1,
                }
            )
        )
        self.session.execute(statement, rows)
        links = LinkRows()
        for document_id, record, _ in changed:
            self._collect_links(document_id, record, links)
        links.write(self.session)

    def restore(self, records: Mapping[int, DocumentRecord]) -> list[int]:
        """Add whole records (documents deleted, put back) under the ids they had, where no
        document has taken one since (else under a new one); their ids, in order."""
        wanted = list(records)
        taken_ids: set[int] = set()
        for part in in_parts(wanted):
            taken_ids.update(
                self.session.execute(select(m.Document.id).where(m.Document.id.in_(part))).scalars()
            )
        free = [i for i in wanted if i not in taken_ids]
        moved = [i for i in wanted if i in taken_ids]
        ids = {
            **dict(zip(free, free, strict=True)),
            **dict(zip(moved, self._reserve_ids(len(moved)), strict=True)),
        }
        taken: set[str] = set()
        keys = []
        for record in records.values():
            key = self._key_for(-1, record, "", taken)
            taken.add(key)
            keys.append(key)
        return self._insert(list(records.values()), keys, [ids[i] for i in wanted])

    def _insert(
        self,
        records: Sequence[DocumentRecord],
        keys: Sequence[str],
        ids: Sequence[int] | None = None,
    ) -> list[int]:
        """Add records as new documents, under `ids` or new ones; their ids."""
        if not records:
            return []
        self._add_names(records)
        if ids is None:
            ids = self._reserve_ids(len(records))
        connection = self.session.connection()
        created = driver_timestamp(connection)
        rows = [
            self._document_values(document_id, record, key, created)
            for document_id, record, key in zip(ids, records, keys, strict=True)
        ]
        # Ids known beforehand: `RETURNING … sort_by_parameter_order` made SQLAlchemy send one
        # INSERT per row (0.32 s against 0.08 s per 2,000 rows).
        insert_tuples(connection, "documents", DOCUMENT_COLUMNS, rows)
        links = LinkRows()
        for document_id, record in zip(ids, records, strict=True):
            self._collect_links(document_id, record, links)
        links.write(self.session)
        return list(ids)

    def _add_names(self, records: Sequence[DocumentRecord]) -> None:
        """Look up, and add, every name a chunk of records uses: a few statements per table."""
        self.types.add(record.doc_type for record in records if record.doc_type)
        self.places.add(
            place
            for record in records
            for place in (record.origin, *record.places)
            if place is not None
        )
        self.archives.add(record.archive for record in records if record.archive)
        self.languages.add(language for record in records for language in record.languages)
        self.subjects.add(subject for record in records for subject in record.subjects)
        self.tags.add(tag for record in records for tag in record.tags)
        self.people.add(credit.person for record in records for credit in record.credits)
        for record in records:
            for title in record.collections:
                if title not in self.collections:
                    self.collection_ids.id_for(title)

    def _reserve_ids(self, count: int) -> list[int]:
        """Ids for `count` new documents, taken inside this transaction."""
        connection = self.session.connection()
        if connection.dialect.name == "postgresql" or self._next_id is None:
            ids = list(reserve_document_ids(connection, count))
        else:
            # SQLite: later chunks of the transaction go on from the last id given out.
            ids = list(range(self._next_id, self._next_id + count))
        if ids:
            self._next_id = ids[-1] + 1
        return ids

    def _document_values(
        self, document_id: int, record: DocumentRecord, key: str, created: Any
    ) -> DocumentRow:
        """A new document's row, with its names' ids (each added if the catalog lacks it)."""
        return new_document_row(
            document_id,
            record,
            key,
            created,
            doc_type_id=self.types.id_for(record.doc_type) if record.doc_type else None,
            origin_id=self.places.id_for(record.origin) if record.origin else None,
            archive_id=self.archives.id_for(record.archive) if record.archive else None,
        )

    def _document_row(self, record: DocumentRecord, key: str) -> dict[str, Any]:
        """A document's row as the columns that an import sets, by name."""
        return self._document_values(0, record, key, None).imported()

    @staticmethod
    def _linked_values(record: DocumentRecord) -> tuple[tuple[str, ...], ...]:
        """The record's values of each of `LINKED_FIELDS`, in its order."""
        return tuple(getattr(record, field.record_attribute) for field in LINKED_FIELDS.values())

    def _collect_links(self, document_id: int, record: DocumentRecord, links: LinkRows) -> None:
        names: list[str] = []
        seen: set[tuple[int, str]] = set()
        for position, credit in enumerate(record.credits):
            person_id = self.people.id_for(credit.person)
            names.extend((credit.person.name, *credit.person.aliases))
            if (person_id, credit.role.value) not in seen:
                seen.add((person_id, credit.role.value))
                written = credit.written
                if written is not None and identity_of(written) == identity_of(credit.person.name):
                    written = None
                links.people.append((document_id, person_id, credit.role.value, position, written))
        for rows, lookup, values in zip(
            links.others, self._link_lookups, self._linked_values(record), strict=True
        ):
            targets = [lookup.id_for(value) for value in values]
            rows.extend(
                (document_id, target_id, position)
                for position, target_id in enumerate(dict.fromkeys(targets))
            )
        if record.text or record.footnotes:
            links.texts.append((document_id, record.text or "", record.footnotes or ""))
        places = [place for place in (record.origin, *record.places) if place]
        links.full_text.append(
            (
                document_id,
                record.title,
                record.summary,
                " ; ".join(names),
                " ; ".join(places),
                " ; ".join(record.subjects),
                fulltext.body_text(record.text, record.footnotes),
            )
        )


def _plain(record: DocumentRecord) -> tuple[Any, ...]:
    """A record's fields as compared, without line, aliases, or title dates beyond their text."""
    date = record.date
    return (
        record.title,
        date.text,
        date.precision,
        date.start,
        date.end,
        record.summary,
        record.record_id or None,
        record.doc_type or None,
        record.number or None,
        record.origin or None,
        tuple(sorted((c.role.value, position, c.person.name) for position, c in _ranked(record))),
        tuple(d.text for d in record.title_dates),
        record.collections,
        record.places,
        record.subjects,
        record.languages,
        record.archive or None,
        record.source_citation or None,
        record.classification or None,
        record.url or None,
        record.rights or None,
        record.notes or None,
        record.tags,
        record.text or None,
        record.footnotes or None,
    )


def _ranked(record: DocumentRecord) -> list[tuple[int, Credit]]:
    """Each credit with its place among the credits of its role."""
    seen: dict[Role, int] = {}
    ranked = []
    for credit in record.credits:
        seen[credit.role] = seen.get(credit.role, -1) + 1
        ranked.append((seen[credit.role], credit))
    return ranked
