"""Writes an import batch into the catalog in one transaction, adding only what is new."""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import bindparam, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from desktop_app.domain.dates import date_sort_key
from desktop_app.domain.records import (
    CollectionRecord,
    Credit,
    DocumentRecord,
    ImportBatch,
    PersonName,
    Role,
    overlay,
)
from desktop_app.domain.text import fold, identity_key, search_key
from desktop_app.domain.views import ImportReport
from desktop_app.storage import fulltext
from desktop_app.storage import models as m
from desktop_app.storage.concurrency import insert_new
from desktop_app.storage.updating import clear_links, stored_records

#: How many characters of a display value its sort key keeps (the column is indexed).
SORT_KEY_LENGTH = 120

#: Page cache of a bulk write into SQLite (see `bulk_cache`).
BULK_CACHE_KIB = 256 * 1024

#: Values bound in one `IN (…)` list: well under SQLite's and PostgreSQL's limits.
_IN_LIST = 500

# The same few thousand names recur through a whole import; their keys are pure functions.
_identity = functools.lru_cache(maxsize=1 << 16)(identity_key)


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


def _tidy(name: str) -> str:
    return " ".join(name.split())


_T = TypeVar("_T")


def _parts(values: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(values), _IN_LIST):
        yield values[start : start + _IN_LIST]


class _Names:
    """Ids of one looked-up table's names, remembered within the transaction.

    `add` looks up and adds a whole chunk's names in a few statements; `id_for` then answers
    from memory.
    """

    def __init__(self, session: Session, model: Any) -> None:
        self.session = session
        self.model = model
        self.ids: dict[str, int] = {}
        # The same names come back written the same way: their ids by the name as written.
        self._written: dict[str, int] = {}

    def add(self, names: Iterable[str]) -> None:
        """Give every name an id: those the table lacks are added, in one statement."""
        written = self._written
        fresh = dict.fromkeys(name for name in names if name not in written)
        wanted = list(dict.fromkeys(cleaned for cleaned in map(_tidy, fresh) if cleaned))
        unknown = [name for name in wanted if name not in self.ids]
        if not unknown:
            return
        self._find(unknown)
        missing = [name for name in unknown if name not in self.ids]
        if not missing:
            return
        # Nothing is added for a name that another writer added since (see `insert_new`).
        self.session.execute(
            insert_new(self.session, self.model),
            [{"name": name, "key": search_key(name)} for name in missing],
        )
        self._find(missing)

    def id_for(self, name: str) -> int:
        found = self._written.get(name)
        if found is None:
            cleaned = _tidy(name)
            if cleaned not in self.ids:
                self.add([cleaned])
            found = self._written[name] = self.ids[cleaned]
        return found

    def _find(self, names: Sequence[str]) -> None:
        for part in _parts(names):
            statement = select(self.model.name, self.model.id).where(self.model.name.in_(part))
            self.ids.update(self.session.execute(statement).all())


def name_ids(session: Session, model: Any, names: Iterable[str]) -> list[int]:
    """The ids of `names` in a looked-up table (tags, places, …), adding those it lacks."""
    wanted = list(names)
    lookup = _Names(session, model)
    lookup.add(wanted)
    return [lookup.id_for(name) for name in wanted]


class _People:
    """Finds people by canonical name or any alias, adding new people and aliases in bulk."""

    def __init__(self, session: Session) -> None:
        self.session = session
        #: Person ids by identity key of a name or alias.
        self.ids: dict[str, int] = {}
        # Identities looked up and not in the catalog: no need to ask the database again.
        self.absent: set[str] = set()
        #: The people this writer added to the catalog, by id: their names as written.
        self.added: dict[int, str] = {}
        #: The catalog's name of each person looked up by `names_of`, by id.
        self.names: dict[int, str] = {}

    def add(self, people: Iterable[PersonName]) -> None:
        """Give every person an id, adding those the catalog lacks and their new aliases.

        A person is the catalog's by canonical name, else by any name they are written with;
        the others are added. An alias is added unless its name is already someone's.
        The people and aliases are added with one statement each, whatever their number.
        """
        chunk = list(dict.fromkeys(people))
        self._preload(chunk)
        new_people: list[PersonName] = []
        # Ids of people not yet added are placeholders -1, -2, …: indexes into `new_people`.
        placeheld: list[str] = []
        aliases: list[tuple[int, str, str]] = []
        for person in chunk:
            identity = _identity(person.name)
            person_id = self.ids.get(identity)
            if person_id is None:
                person_id = next(
                    (
                        self.ids[written]
                        for written in map(_identity, person.aliases)
                        if written in self.ids
                    ),
                    None,
                )
            if person_id is None:
                new_people.append(person)
                person_id = -len(new_people)
            self._assign(identity, person_id, placeheld)
            for alias in person.aliases:
                alias_identity = _identity(alias)
                if alias_identity and alias_identity not in self.ids:
                    aliases.append((person_id, alias, alias_identity))
                    self._assign(alias_identity, person_id, placeheld)
        if new_people:
            added = self._insert(new_people)
            self.added.update(zip(added, (person.name for person in new_people), strict=True))
            for identity in placeheld:
                placeholder = self.ids[identity]
                if placeholder < 0:  # an identity met twice is on the list twice
                    self.ids[identity] = added[-placeholder - 1]
            aliases = [
                (added[-person_id - 1] if person_id < 0 else person_id, alias, identity)
                for person_id, alias, identity in aliases
            ]
        if aliases:
            # Nothing is added if another writer gave someone this alias meanwhile.
            self.session.execute(
                insert_new(self.session, m.PersonAlias),
                [
                    {
                        "person_id": person_id,
                        "alias": alias,
                        "key": search_key(alias),
                        "identity": identity,
                    }
                    for person_id, alias, identity in aliases
                ],
            )

    def known(self, people: Sequence[PersonName]) -> dict[PersonName, int]:
        """The ids of those of `people` the catalog has, by name or alias; none is added."""
        self._preload(people)
        found: dict[PersonName, int] = {}
        for person in people:
            for written in (person.name, *person.aliases):
                person_id = self.ids.get(_identity(written))
                if person_id is not None and person_id > 0:
                    found[person] = person_id
                    break
        return found

    def names_of(self, person_ids: Sequence[int]) -> dict[int, str]:
        """The catalog's name of each of these people (this transaction's additions too)."""
        missing = sorted(set(person_ids) - self.names.keys())
        for part in _parts(missing):
            self.names.update(
                self.session.execute(
                    select(m.Person.id, m.Person.name).where(m.Person.id.in_(part))
                ).all()
            )
        return {person_id: self.names[person_id] for person_id in person_ids}

    def every_name(self) -> list[tuple[int, str]]:
        """Every person of the catalog, as id and name (this transaction's additions too)."""
        rows = self.session.execute(select(m.Person.id, m.Person.name))
        return [(person_id, name) for person_id, name in rows]

    def with_documents(self, person_ids: Sequence[int]) -> set[int]:
        """Which of these people some document names."""
        linked: set[int] = set()
        for part in _parts(person_ids):
            linked.update(
                self.session.execute(
                    select(m.DocumentPerson.person_id)
                    .where(m.DocumentPerson.person_id.in_(part))
                    .distinct()
                ).scalars()
            )
        return linked

    def id_for(self, person: PersonName) -> int:
        identity = _identity(person.name)
        if identity not in self.ids:
            self.add([person])
        return self.ids[identity]

    def _assign(self, identity: str, person_id: int, placeheld: list[str]) -> None:
        self.ids[identity] = person_id
        if person_id < 0:
            placeheld.append(identity)

    def _preload(self, people: Sequence[PersonName]) -> None:
        """Look up a chunk's names and aliases in two queries per few hundred identities."""
        wanted = (
            {_identity(written) for person in people for written in (person.name, *person.aliases)}
            - self.ids.keys()
            - self.absent
        )
        wanted.discard("")
        ordered = sorted(wanted)
        for part in _parts(ordered):
            self.ids.update(
                self.session.execute(
                    select(m.PersonAlias.identity, m.PersonAlias.person_id).where(
                        m.PersonAlias.identity.in_(part)
                    )
                ).all()
            )
            # Canonical names win over aliases that read the same.
            self.ids.update(
                self.session.execute(
                    select(m.Person.identity, m.Person.id).where(m.Person.identity.in_(part))
                ).all()
            )
        self.absent.update(wanted - self.ids.keys())

    def _insert(self, people: Sequence[PersonName]) -> list[int]:
        """Add people (of distinct identities) and return their ids, in order."""
        identities = [_identity(person.name) for person in people]
        # A person that another writer added meanwhile is not added again: theirs is found.
        self.session.execute(
            insert_new(self.session, m.Person),
            [
                {"name": person.name, "key": search_key(person.name), "identity": identity}
                for person, identity in zip(people, identities, strict=True)
            ],
        )
        found: dict[str, int] = {}
        for part in _parts(identities):
            found.update(
                self.session.execute(
                    select(m.Person.identity, m.Person.id).where(m.Person.identity.in_(part))
                ).all()
            )
        return [found[identity] for identity in identities]


#: The columns of a new document's row, in the order `BatchWriter._document_values` gives them.
_DOCUMENT_COLUMNS = (
    "id",
    "record_id",
    "import_key",
    "title",
    "summary",
    "date_text",
    "date_precision",
    "date_start",
    "date_end",
    "year",
    "sort_date",
    "title_dates",
    "doc_type_id",
    "number",
    "origin_id",
    "archive_id",
    "source_citation",
    "classification",
    "url",
    "rights",
    "notes",
    "sort_title",
    "sort_type",
    "sort_number",
    "sort_authors",
    "sort_recipients",
    "sort_origin",
    "sort_collections",
    "sort_languages",
    "sort_archive",
    "sort_record",
    "created_at",
    "updated_at",
    "version_id",
)

#: The link tables, with the column that names what a document links to.
_LINK_TABLES = (
    ("document_collections", "collection_id"),
    ("document_places", "place_id"),
    ("document_subjects", "subject_id"),
    ("document_languages", "language_id"),
    ("document_tags", "tag_id"),
)

#: The tables whose secondary indexes an import into an empty SQLite catalog builds at the end.
_BULK_TABLES = ("documents", "document_people", *(table for table, _ in _LINK_TABLES))


def _insert_tuples(
    connection: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """One driver-level executemany of plain tuples: no per-row work in SQLAlchemy.

    Measured on SQLite: a third of the time that Core's executemany of dicts takes.
    """
    if not rows:
        return
    quote = connection.dialect.identifier_preparer.quote
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(
        f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(mark for _ in columns)})",
        rows,
    )


def _defer_indexes(session: Session) -> None:
    """Drop the secondary indexes of documents and their links until the transaction commits.

    For an import into an empty SQLite catalog: building each index once from the finished
    table is cheaper than keeping twenty-odd of them sorted row by row (measured: a third of
    the insert time at 50,000 documents, more as the tables outgrow the page cache). The
    indexes are built again just before the commit, inside the transaction, so the catalog
    never has them missing: a rollback restores them as it restores everything else.
    """
    connection = session.connection()
    dropped = drop_secondary_indexes(connection)

    def rebuild(committing: Session) -> None:
        restore_indexes(connection, dropped)

    # The session serves this one transaction; should it be rolled back instead, the indexes
    # are back without this, and `restore_indexes` finds them all present.
    event.listen(session, "before_commit", rebuild, once=True)


def drop_secondary_indexes(connection: Connection) -> list[tuple[str, str]]:
    """Drop the SQLite secondary indexes of documents and their links; their names and SQL.

    Unique constraints stay (SQLite keeps them as indexes without SQL), so duplicates are
    still refused. Whoever drops them must give the list to `restore_indexes`.
    """
    if connection.dialect.name != "sqlite":
        return []
    tables = ", ".join(f"'{table}'" for table in _BULK_TABLES)
    dropped = [
        (name, sql)
        for name, sql in connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master "
            f"WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables})"
        )
    ]
    quote = connection.dialect.identifier_preparer.quote
    for name, _ in dropped:
        connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
    return dropped


def restore_indexes(connection: Connection, dropped: Sequence[tuple[str, str]]) -> None:
    """Build again those of the `dropped` indexes that the database lacks."""
    if not dropped:
        return
    present = {
        name
        for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'"
        )
    }
    for name, sql in dropped:
        if name not in present:
            connection.exec_driver_sql(sql)


@contextmanager
def bulk_cache(connection: Connection) -> Iterator[None]:
    """A SQLite page cache of `BULK_CACHE_KIB` for the statements inside, then the usual one.

    The catalog's usual cache is small (the window holds its columns in memory); a bulk write
    with it spills pages of the indexes it fills, and building an index sorts in temporary
    files instead of memory.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    (usual,) = connection.exec_driver_sql("PRAGMA cache_size").one()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(usual)}")


#: What a new document's row holds where the caller of `insert_document_columns` gives nothing.
_DOCUMENT_DEFAULTS: dict[str, Any] = {
    "title_dates": "",
    "source_citation": "",
    "url": "",
    "rights": "",
    "notes": "",
    "version_id": 1,
}


def insert_document_columns(
    connection: Connection, count: int, columns: Mapping[str, Sequence[Any] | Any]
) -> None:
    """Add `count` new documents given column by column, for callers that build whole columns.

    Each column is a sequence of `count` values or one value for every row; a column left out
    takes its default (the time stamps: now). The rows are what `BatchWriter` would write:
    the caller computes sort keys with `sort_key`, `fold` and `SORT_KEY_LENGTH`, dates with
    `date_sort_key` and the key with `import_key_of`.
    """
    created = _timestamp(connection)
    given = {**_DOCUMENT_DEFAULTS, "created_at": created, "updated_at": created, **columns}
    missing = [name for name in _DOCUMENT_COLUMNS if name not in given]
    if missing:
        raise ValueError(f"no values for the document columns {', '.join(missing)}")
    values: list[Iterable[Any]] = []
    for name in _DOCUMENT_COLUMNS:
        value = given[name]
        if isinstance(value, list | tuple | range):
            if len(value) != count:
                raise ValueError(f"{len(value)} values for {count} documents' {name}")
            values.append(value)
        else:
            values.append(itertools.repeat(value))
    rows = list(itertools.islice(zip(*values), count))  # noqa: B905 - repeats are endless
    _insert_tuples(connection, "documents", _DOCUMENT_COLUMNS, rows)


def insert_links(
    connection: Connection,
    people: list[tuple[int, int, str, int]],
    others: Mapping[str, list[tuple[int, int, int]]],
) -> None:
    """Add link rows: people as (document, person, role, position); `others` by link table,
    as (document, linked id, position)."""
    _insert_tuples(
        connection, "document_people", ("document_id", "person_id", "role", "position"), people
    )
    columns = dict(_LINK_TABLES)
    for table, rows in others.items():
        _insert_tuples(connection, table, ("document_id", columns[table], "position"), rows)


def reserve_document_ids(connection: Connection, count: int) -> range | list[int]:
    """Ids for `count` new documents, inside a transaction that writes them on SQLite."""
    if connection.dialect.name == "postgresql":
        return list(
            connection.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence('documents', 'id')) "
                    "FROM generate_series(1, :count)"
                ),
                {"count": count},
            ).scalars()
        )
    # SQLite lets one writer in at a time, so the largest id cannot move under us.
    first = (connection.execute(select(func.max(m.Document.id))).scalar() or 0) + 1
    return range(first, first + count)


def person_ids(session: Session, people: Sequence[PersonName]) -> list[int]:
    """The ids of `people`, adding those the catalog lacks, in order."""
    lookup = _People(session)
    lookup.add(people)
    return [lookup.id_for(person) for person in people]


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
        self.types = _Names(session, m.DocType)
        self.places = _Names(session, m.Place)
        self.archives = _Names(session, m.Archive)
        self.languages = _Names(session, m.Language)
        self.subjects = _Names(session, m.Subject)
        self.tags = _Names(session, m.Tag)
        self.people = _People(session)
        self.collections: dict[str, int] = {}
        self.collections_added = 0
        self.seen: set[str] = set()
        self._started = False
        #: Whether documents the catalog had were written again (updated, or people merged).
        self.rewrote = False

    def write(self, batch: ImportBatch) -> ImportReport:
        if not self._started:
            self._start(batch)
        added_before = self.collections_added
        for collection in batch.collections:
            self._collection(collection)
        added = skipped = updated = 0
        documents = batch.documents
        for start in range(0, len(documents), self.CHUNK):
            chunk = documents[start : start + self.CHUNK]
            changed: list[tuple[int, DocumentRecord, str]] = []
            if batch.update_existing:
                new, keys, changed = self._sort_out(self._with_catalog_names(chunk))
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
            self.collections_added - added_before,
            updated,
            batch.warnings,
        )

    def _with_catalog_names(self, chunk: Sequence[DocumentRecord]) -> list[DocumentRecord]:
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
                    Credit(renamed.get(c.person, c.person), c.role) for c in record.credits
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
        for part in _parts(document_ids):
            stored.update(stored_records(session, part))
            found = session.execute(
                select(m.Document.id, m.Document.import_key).where(m.Document.id.in_(part))
            )
            keys.update((document_id, key) for document_id, key in found)
        kept_aliases = list(
            session.execute(
                select(m.PersonAlias.alias).where(m.PersonAlias.person_id == keep_id)
            ).scalars()
        )
        names = [
            *session.execute(select(m.Person.name).where(m.Person.id.in_(both))).scalars(),
            *session.execute(
                select(m.PersonAlias.alias).where(m.PersonAlias.person_id == drop_id)
            ).scalars(),
        ]
        # The dropped person's aliases and links go with it.
        session.execute(delete(m.Person).where(m.Person.id == drop_id))
        session.execute(
            update(m.Person)
            .where(m.Person.id == keep_id)
            .values(name=name, key=search_key(name), identity=_identity(name))
        )
        identities = {_identity(name)}
        session.execute(
            delete(m.PersonAlias).where(
                m.PersonAlias.identity == _identity(name), m.PersonAlias.person_id == keep_id
            )
        )
        aliases = {}
        for written in names:
            identity = _identity(written)
            if identity and identity not in identities:
                identities.add(identity)
                aliases[identity] = written
        if aliases:
            session.execute(
                insert_new(session, m.PersonAlias),
                [
                    {
                        "person_id": keep_id,
                        "alias": alias,
                        "key": search_key(alias),
                        "identity": identity,
                    }
                    for identity, alias in aliases.items()
                ],
            )
        for identity in identities:
            self.people.ids[identity] = keep_id
        self.people.added.pop(drop_id, None)
        self.people.names.pop(drop_id, None)
        self.people.names[keep_id] = name
        # Every name the person has, for the full-text entries of their documents.
        every_alias = dict.fromkeys(alias for alias in (*kept_aliases, *aliases.values()))
        every_alias.pop(name, None)
        person = PersonName(name, tuple(every_alias))
        renamed = {_identity(written) for written in names}
        changed = []
        for document_id, record in stored.items():
            credits = tuple(
                Credit(person, credit.role) if _identity(credit.person.name) in renamed else credit
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
        _defer_indexes(self.session)
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
            key = import_key(after)
            if key != stored_key:
                owner = self.session.execute(
                    select(m.Document.id).where(m.Document.import_key == key)
                ).scalar_one_or_none()
                if key in taken or (owner is not None and owner != document_id):
                    key = record_key(after.record_id or f"document {document_id}")
            # Most records of a file imported again are unchanged: the plain fields say so
            # without the folding that the full signature needs (measured: a third of the time).
            if key == stored_key and _plain(after) == _plain(before):
                continue
            if self._signature(after, key) != self._signature(before, stored_key):
                changed.append((document_id, after, key))
                taken.add(key)
        return changed

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
                for values in (
                    record.collections,
                    record.places,
                    record.subjects,
                    record.languages,
                    record.tags,
                )
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
        self._add_names([record for _, record, _ in changed])
        clear_links(self.session, ids)
        texts = m.DocumentText
        for part in _parts(ids):
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
        links = _Links()
        for document_id, record, _ in changed:
            self._collect_links(document_id, record, links)
        links.write(self.session)

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

    def _insert(self, records: Sequence[DocumentRecord], keys: Sequence[str]) -> None:
        if not records:
            return
        self._add_names(records)
        ids = self._reserve_ids(len(records))
        connection = self.session.connection()
        created = _timestamp(connection)
        rows = [
            self._document_values(document_id, record, key, created)
            for document_id, record, key in zip(ids, records, keys, strict=True)
        ]
        # Ids known beforehand: `RETURNING … sort_by_parameter_order` made SQLAlchemy send one
        # INSERT per row (0.32 s against 0.08 s per 2,000 rows).
        _insert_tuples(connection, "documents", _DOCUMENT_COLUMNS, rows)
        links = _Links()
        for document_id, record in zip(ids, records, strict=True):
            self._collect_links(document_id, record, links)
        links.write(self.session)

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
                    self._collection_id(title)

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
    ) -> tuple[Any, ...]:
        """A new document's row, in the order of `_DOCUMENT_COLUMNS`."""
        date = record.date
        start = date.start
        authors = [c.person.name for c in record.credits if c.role is Role.AUTHOR]
        recipients = [c.person.name for c in record.credits if c.role is Role.RECIPIENT]
        return (
            document_id,
            record.record_id or None,
            key,
            record.title,
            record.summary,
            date.text,
            date.precision.value,
            start.isoformat() if start else None,
            date.end.isoformat() if date.end else None,
            start.year if start else None,
            date_sort_key(date),
            "; ".join(d.text for d in record.title_dates),
            self.types.id_for(record.doc_type) if record.doc_type else None,
            record.number or "",
            self.places.id_for(record.origin) if record.origin else None,
            self.archives.id_for(record.archive) if record.archive else None,
            record.source_citation or "",
            record.classification or "",
            record.url or "",
            record.rights or "",
            record.notes or "",
            fold(record.title)[:SORT_KEY_LENGTH],
            fold(record.doc_type or "")[:SORT_KEY_LENGTH],
            fold(record.number or "")[:SORT_KEY_LENGTH],
            sort_key(authors),
            sort_key(recipients),
            fold(record.origin or "")[:SORT_KEY_LENGTH],
            sort_key(record.collections),
            sort_key(record.languages),
            fold(record.archive or "")[:SORT_KEY_LENGTH],
            # Right-aligned so that numeric record IDs sort as numbers.
            (record.record_id or "").rjust(20)[:100],
            created,
            created,
            1,
        )

    def _document_row(self, record: DocumentRecord, key: str) -> dict[str, Any]:
        """A document's row as the columns that an import sets, by name."""
        values = self._document_values(0, record, key, None)
        return dict(zip(_DOCUMENT_COLUMNS[1:-3], values[1:-3], strict=True))

    def _collect_links(self, document_id: int, record: DocumentRecord, links: _Links) -> None:
        names: list[str] = []
        seen: set[tuple[int, str]] = set()
        for position, credit in enumerate(record.credits):
            person_id = self.people.id_for(credit.person)
            names.extend((credit.person.name, *credit.person.aliases))
            if (person_id, credit.role.value) not in seen:
                seen.add((person_id, credit.role.value))
                links.people.append((document_id, person_id, credit.role.value, position))
        for rows, targets in zip(
            links.others,
            (
                [self._collection_id(title) for title in record.collections],
                [self.places.id_for(place) for place in record.places],
                [self.subjects.id_for(subject) for subject in record.subjects],
                [self.languages.id_for(language) for language in record.languages],
                [self.tags.id_for(tag) for tag in record.tags],
            ),
            strict=True,
        ):
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
            )
        )


def _timestamp(connection: Connection) -> Any:
    """Now, as the driver takes it for the documents' time stamp columns."""
    now = datetime.now(UTC).replace(tzinfo=None)
    column = m.Document.__table__.c.created_at
    process = column.type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    return process(now) if process is not None else now


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


class _Links:
    """The link rows, texts and full-text entries of one chunk, one statement per table."""

    def __init__(self) -> None:
        self.people: list[tuple[int, int, str, int]] = []
        #: Rows of each of `_LINK_TABLES`, in its order: document, linked id, position.
        self.others: tuple[list[tuple[int, int, int]], ...] = tuple([] for _ in _LINK_TABLES)
        #: Rows of `document_texts`, for the documents that have text: document, body, footnotes.
        self.texts: list[tuple[int, str, str]] = []
        self.full_text: list[tuple[int, str, str, str, str, str]] = []

    def write(self, session: Session) -> None:
        connection = session.connection()
        _insert_tuples(
            connection,
            "document_people",
            ("document_id", "person_id", "role", "position"),
            self.people,
        )
        for (table, column), rows in zip(_LINK_TABLES, self.others, strict=True):
            _insert_tuples(connection, table, ("document_id", column, "position"), rows)
        _insert_tuples(
            connection, "document_texts", ("document_id", "body", "footnotes"), self.texts
        )
        fulltext.insert_entries(connection, self.full_text)
