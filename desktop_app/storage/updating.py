"""Reading documents back as import records, so that an import can update them field by field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from desktop_app.domain.dates import HistoricalDate, Precision
from desktop_app.domain.records import Credit, DocumentRecord, PersonName, Role
from desktop_app.storage import fulltext
from desktop_app.storage import models as m

#: The tables that link a document to something, each cleared before a document is relinked.
LINK_MODELS: tuple[Any, ...] = (
    m.DocumentPerson,
    m.DocumentCollection,
    m.DocumentPlace,
    m.DocumentSubject,
    m.DocumentLanguage,
    m.DocumentTag,
)


def stored_records(session: Session, ids: Sequence[int]) -> dict[int, DocumentRecord]:
    """The documents `ids` as the records that would have made them, by id."""
    if not ids:
        return {}
    wanted = list(dict.fromkeys(ids))
    rows = session.execute(
        select(
            m.Document.id,
            m.Document.title,
            m.Document.date_text,
            m.Document.date_precision,
            m.Document.date_start,
            m.Document.date_end,
            m.Document.summary,
            m.Document.record_id,
            m.DocType.name,
            m.Document.number,
            m.Place.name,
            m.Document.title_dates,
            m.Archive.name,
            m.Document.source_citation,
            m.Document.classification,
            m.Document.url,
            m.Document.rights,
            m.Document.notes,
            m.DocumentText.body,
            m.DocumentText.footnotes,
        )
        .outerjoin(m.DocType, m.Document.doc_type_id == m.DocType.id)
        .outerjoin(m.Place, m.Document.origin_id == m.Place.id)
        .outerjoin(m.Archive, m.Document.archive_id == m.Archive.id)
        .outerjoin(m.DocumentText, m.DocumentText.document_id == m.Document.id)
        .where(m.Document.id.in_(wanted))
    ).all()
    credits = _credits(session, wanted)
    collections = _names(session, wanted, m.DocumentCollection, m.Collection.title, "collection")
    places = _names(session, wanted, m.DocumentPlace, m.Place.name, "place")
    subjects = _names(session, wanted, m.DocumentSubject, m.Subject.name, "subject")
    languages = _names(session, wanted, m.DocumentLanguage, m.Language.name, "language")
    tags = _names(session, wanted, m.DocumentTag, m.Tag.name, "tag")
    found: dict[int, DocumentRecord] = {}
    for row in rows:
        document_id = row[0]
        found[document_id] = DocumentRecord(
            title=row[1],
            date=_date(row[2], row[3], row[4], row[5]),
            summary=row[6],
            record_id=row[7],
            doc_type=row[8],
            number=row[9] or None,
            origin=row[10],
            credits=tuple(credits.get(document_id, ())),
            # Only the text of a date named in a title is kept, and only the text is written.
            title_dates=tuple(HistoricalDate.undated(t) for t in row[11].split("; ") if t),
            collections=tuple(collections.get(document_id, ())),
            places=tuple(places.get(document_id, ())),
            subjects=tuple(subjects.get(document_id, ())),
            languages=tuple(languages.get(document_id, ())),
            archive=row[12],
            source_citation=row[13] or None,
            classification=row[14] or None,
            url=row[15] or None,
            rights=row[16] or None,
            notes=row[17] or None,
            tags=tuple(tags.get(document_id, ())),
            text=row[18] or None,
            footnotes=row[19] or None,
        )
    return found


def clear_links(session: Session, ids: Sequence[int]) -> None:
    """Unlink documents `ids` from people, collections and the rest, and from the full-text index.

    The writer then links and indexes them again as they now are.
    """
    for model in LINK_MODELS:
        session.execute(delete(model).where(model.document_id.in_(ids)))
    rows = [{"id": document_id} for document_id in ids]
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text(f"DELETE FROM {fulltext.SQLITE_TABLE} WHERE rowid = :id"), rows)
    elif dialect == "postgresql":
        session.execute(
            text(f"DELETE FROM {fulltext.POSTGRES_TABLE} WHERE document_id = :id"), rows
        )


def full_text_rows(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The full-text rows of documents `ids` as they are stored, for `fulltext.write_rows`.

    The texts the writer indexes at import (title, summary, the people's names and aliases,
    origin and places, subjects, the document's text), read back from the catalog: for an
    edit, and for a copy into a database whose index cannot be read from the source's.
    """
    wanted = list(dict.fromkeys(ids))
    return _full_text_rows(session, lambda column: column.in_(wanted))


def full_text_rows_between(session: Session, low: int, high: int) -> list[dict[str, Any]]:
    """`full_text_rows` of the documents whose ids are from `low` to `high`.

    A range walks the primary keys; a list of thousands of ids costs the driver more than the
    database (measured on PostgreSQL: a third of a copy's time went to binding id lists).
    """
    return _full_text_rows(session, lambda column: column.between(low, high))


def _full_text_rows(session: Session, documents: Callable[[Any], Any]) -> list[dict[str, Any]]:
    """Five statements for any number of documents; `documents` restricts a document id column."""
    d = m.Document
    found: dict[int, dict[str, Any]] = {
        document_id: {
            "id": document_id,
            "title": title,
            "summary": summary,
            "names": [],
            "places": [origin] if origin else [],
            "subjects": [],
            "body": fulltext.body_text(body, footnotes),
        }
        for document_id, title, summary, origin, body, footnotes in session.execute(
            select(
                d.id,
                d.title,
                d.summary,
                m.Place.name,
                m.DocumentText.body,
                m.DocumentText.footnotes,
            )
            .outerjoin(m.Place, m.Place.id == d.origin_id)
            .outerjoin(m.DocumentText, m.DocumentText.document_id == d.id)
            .where(documents(d.id))
        )
    }
    link = m.DocumentPerson
    credited = select(link.person_id).where(documents(link.document_id))
    aliases: dict[int, list[str]] = defaultdict(list)
    for person_id, alias in session.execute(
        select(m.PersonAlias.person_id, m.PersonAlias.alias)
        .where(m.PersonAlias.person_id.in_(credited))
        .order_by(m.PersonAlias.id)
    ):
        aliases[person_id].append(alias)
    for document_id, person_id, name in session.execute(
        select(link.document_id, link.person_id, m.Person.name)
        .join(m.Person, m.Person.id == link.person_id)
        .where(documents(link.document_id))
        .order_by(link.document_id, link.position)
    ):
        found[document_id]["names"].extend((name, *aliases.get(person_id, ())))
    linked: tuple[tuple[Any, Any, Any, str], ...] = (
        (m.DocumentPlace, m.DocumentPlace.place_id, m.Place, "places"),
        (m.DocumentSubject, m.DocumentSubject.subject_id, m.Subject, "subjects"),
    )
    for link_model, target, model, key in linked:
        for document_id, name in session.execute(
            select(link_model.document_id, model.name)
            .join(model, model.id == target)
            .where(documents(link_model.document_id))
            .order_by(link_model.document_id, link_model.position)
        ):
            found[document_id][key].append(name)
    return [
        {
            **row,
            "names": " ; ".join(row["names"]),
            "places": " ; ".join(row["places"]),
            "subjects": " ; ".join(row["subjects"]),
        }
        for _, row in sorted(found.items())
    ]


def _date(text_: str, precision: str, start: str | None, end: str | None) -> HistoricalDate:
    if start is None or end is None:
        return HistoricalDate.undated(text_)
    return HistoricalDate(
        text_, Precision(precision), date.fromisoformat(start), date.fromisoformat(end)
    )


def _credits(session: Session, ids: list[int]) -> dict[int, list[Credit]]:
    links = session.execute(
        select(
            m.DocumentPerson.document_id,
            m.DocumentPerson.role,
            m.Person.id,
            m.Person.name,
            m.DocumentPerson.written_as,
        )
        .join(m.Person, m.Person.id == m.DocumentPerson.person_id)
        .where(m.DocumentPerson.document_id.in_(ids))
        .order_by(m.DocumentPerson.document_id, m.DocumentPerson.position)
    ).all()
    aliases: dict[int, list[str]] = defaultdict(list)
    for person_id, alias in session.execute(
        select(m.PersonAlias.person_id, m.PersonAlias.alias)
        .where(m.PersonAlias.person_id.in_({link[2] for link in links}))
        .order_by(m.PersonAlias.id)
    ):
        aliases[person_id].append(alias)
    found: dict[int, list[Credit]] = defaultdict(list)
    for document_id, role, person_id, name, written in links:
        person = PersonName(name, tuple(aliases.get(person_id, ())))
        found[document_id].append(Credit(person, Role(role), written))
    return found


def _names(
    session: Session, ids: list[int], link: Any, name: Any, target: str
) -> dict[int, list[str]]:
    model = name.class_
    statement = (
        select(link.document_id, name)
        .join(model, model.id == getattr(link, f"{target}_id"))
        .where(link.document_id.in_(ids))
        .order_by(link.document_id, link.position)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for document_id, value in session.execute(statement):
        found[document_id].append(value)
    return found
