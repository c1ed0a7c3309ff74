"""Reads documents, collections and catalog facts out of the database as domain values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from desktop_app.domain.dates import Precision
from desktop_app.domain.records import Role
from desktop_app.domain.text import words
from desktop_app.domain.views import CollectionNode, DocumentDetail, DocumentRow, PersonView
from desktop_app.storage import models as m

_Names = dict[int, list[str]]


def document_rows(session: Session, ids: Sequence[int]) -> list[DocumentRow]:
    """The table rows of `ids`, in the order given; ids no longer in the catalog are left out."""
    if not ids:
        return []
    wanted = list(dict.fromkeys(ids))
    statement = (
        select(
            m.Document.id,
            m.Document.date_text,
            m.Document.date_precision,
            m.Document.date_start,
            m.Document.date_end,
            m.Document.title,
            m.DocType.name,
            m.Document.number,
            m.Place.name,
            m.Document.record_id,
            m.Archive.name,
        )
        .outerjoin(m.DocType, m.Document.doc_type_id == m.DocType.id)
        .outerjoin(m.Place, m.Document.origin_id == m.Place.id)
        .outerjoin(m.Archive, m.Document.archive_id == m.Archive.id)
        .where(m.Document.id.in_(wanted))
    )
    found = {row[0]: row for row in session.execute(statement)}
    people = _people(session, wanted, (Role.AUTHOR, Role.RECIPIENT))
    collections = _linked_names(session, wanted, m.DocumentCollection, m.Collection, "title")
    languages = _linked_names(session, wanted, m.DocumentLanguage, m.Language, "name")
    rows = []
    for document_id in wanted:
        row = found.get(document_id)
        if row is None:
            continue
        rows.append(
            DocumentRow(
                id=document_id,
                date_text=row[1],
                precision=Precision(row[2]),
                date_start=row[3],
                date_end=row[4],
                title=row[5],
                doc_type=row[6] or "",
                number=row[7],
                authors=tuple(people[Role.AUTHOR].get(document_id, ())),
                recipients=tuple(people[Role.RECIPIENT].get(document_id, ())),
                origin=row[8] or "",
                collections=tuple(collections.get(document_id, ())),
                record_id=row[9] or "",
                languages=tuple(languages.get(document_id, ())),
                archive=row[10] or "",
            )
        )
    return rows


def document_detail(session: Session, document_id: int) -> DocumentDetail | None:
    """Everything about one document, or None when it is not (or no longer) in the catalog."""
    rows = document_rows(session, [document_id])
    document = session.get(m.Document, document_id)
    if not rows or document is None:
        return None
    ids = [document_id]
    people = _people(session, ids, (Role.VIA, Role.PARTICIPANT, Role.MENTIONED))
    text = session.get(m.DocumentText, document_id)
    return DocumentDetail(
        row=rows[0],
        summary=document.summary,
        via=tuple(people[Role.VIA].get(document_id, ())),
        participants=tuple(people[Role.PARTICIPANT].get(document_id, ())),
        mentioned=tuple(people[Role.MENTIONED].get(document_id, ())),
        title_dates=tuple(t for t in document.title_dates.split("; ") if t),
        subjects=tuple(
            _linked_names(session, ids, m.DocumentSubject, m.Subject, "name").get(document_id, ())
        ),
        places=tuple(
            _linked_names(session, ids, m.DocumentPlace, m.Place, "name").get(document_id, ())
        ),
        tags=tuple(_linked_names(session, ids, m.DocumentTag, m.Tag, "name").get(document_id, ())),
        source_citation=document.source_citation,
        classification=document.classification,
        url=document.url,
        rights=document.rights,
        notes=document.notes,
        text=text.body if text is not None else "",
        footnotes=text.footnotes if text is not None else "",
        created_at=document.created_at.isoformat(sep=" ", timespec="seconds"),
        updated_at=document.updated_at.isoformat(sep=" ", timespec="seconds"),
        version=document.version_id,
    )


def _people(session: Session, ids: Sequence[int], roles: Sequence[Role]) -> dict[Role, _Names]:
    statement = (
        select(m.DocumentPerson.document_id, m.DocumentPerson.role, m.Person.name)
        .join(m.Person, m.Person.id == m.DocumentPerson.person_id)
        .where(m.DocumentPerson.document_id.in_(ids))
        .where(m.DocumentPerson.role.in_([role.value for role in roles]))
        .order_by(m.DocumentPerson.document_id, m.DocumentPerson.position)
    )
    found: dict[Role, _Names] = {role: defaultdict(list) for role in roles}
    for document_id, role, name in session.execute(statement):
        found[Role(role)][document_id].append(name)
    return found


def _linked_names(
    session: Session, ids: Sequence[int], link: Any, model: Any, attribute: str
) -> _Names:
    target_column = next(
        c for c in link.__table__.columns if c.foreign_keys and c.name != "document_id"
    )
    statement = (
        select(link.document_id, getattr(model, attribute))
        .join(model, model.id == target_column)
        .where(link.document_id.in_(ids))
        .order_by(link.document_id, link.position)
    )
    found: _Names = defaultdict(list)
    for document_id, name in session.execute(statement):
        found[document_id].append(name)
    return found


def collection_tree(session: Session) -> list[CollectionNode]:
    """Every collection, nested, with counts that include the documents of sub-collections."""
    collections = session.execute(
        select(
            m.Collection.id,
            m.Collection.title,
            m.Collection.description,
            m.Collection.parent_id,
            m.Collection.period_start,
            m.Collection.period_end,
        ).order_by(
            m.Collection.period_start.is_(None), m.Collection.period_start, m.Collection.title
        )
    ).all()
    children: dict[int | None, list[Any]] = defaultdict(list)
    for row in collections:
        children[row.parent_id].append(row)

    def subtree_ids(collection_id: int) -> list[int]:
        found = [collection_id]
        for child in children.get(collection_id, []):
            found.extend(subtree_ids(child.id))
        return found

    def count(collection_id: int) -> int:
        statement = select(func.count(func.distinct(m.DocumentCollection.document_id))).where(
            m.DocumentCollection.collection_id.in_(subtree_ids(collection_id))
        )
        return int(session.execute(statement).scalar_one())

    def build(row: Any) -> CollectionNode:
        return CollectionNode(
            id=row.id,
            title=row.title,
            description=row.description,
            period_start=row.period_start,
            period_end=row.period_end,
            document_count=count(row.id),
            children=tuple(build(child) for child in children.get(row.id, [])),
        )

    return [build(row) for row in children.get(None, [])]


_VALUE_SOURCES: dict[str, tuple[Any, Any]] = {
    "type": (m.DocType.name, m.DocType.key),
    "origin": (m.Place.name, m.Place.key),
    "place": (m.Place.name, m.Place.key),
    "archive": (m.Archive.name, m.Archive.key),
    "language": (m.Language.name, m.Language.key),
    "subject": (m.Subject.name, m.Subject.key),
    "tag": (m.Tag.name, m.Tag.key),
    "collection": (m.Collection.title, m.Collection.key),
}
_PEOPLE_FIELDS = ("author", "recipient", "via", "participant", "person")


def field_values(session: Session, field: str, prefix: str, limit: int) -> list[str]:
    """Names of a field with a word starting with `prefix` (all names when it is empty)."""
    if field in _PEOPLE_FIELDS:
        name, key = m.Person.name, m.Person.key
    elif field in _VALUE_SOURCES:
        name, key = _VALUE_SOURCES[field]
    elif field in ("year", "date"):
        years = select(m.Document.year).where(m.Document.year.is_not(None)).distinct()
        if prefix.strip():
            years = years.where(cast(m.Document.year, String).like(prefix.strip() + "%"))
        found = session.execute(years.order_by(m.Document.year).limit(limit)).scalars()
        return [str(year) for year in found]
    else:
        return []
    # Each typed word begins a word of the name (`mao ze` completes `Mao Zedong`).
    wanted = [key.like(f"% {word.replace('_', '')}%") for word in words(prefix)]
    statement = select(name).where(*wanted).distinct().order_by(name).limit(limit)
    return list(session.execute(statement).scalars())


@dataclass(frozen=True, slots=True)
class CatalogCounts:
    """How many documents, collections, people and places a catalog holds, and undated ones."""

    documents: int
    collections: int
    people: int
    places: int
    undated: int


def catalog_counts(session: Session) -> CatalogCounts:
    """The catalog's counts, for `dossier info` and Help ▸ About."""

    def count(column: Any, *where: Any) -> int:
        return int(session.execute(select(func.count(column)).where(*where)).scalar_one())

    return CatalogCounts(
        documents=count(m.Document.id),
        collections=count(m.Collection.id),
        people=count(m.Person.id),
        places=count(m.Place.id),
        undated=count(m.Document.id, m.Document.date_start.is_(None)),
    )


def snippet_sources(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
    """Each document's texts a snippet may come from, in the order it looks in them: its own
    text (body, then footnotes), its summary, its title."""
    d, t = m.Document, m.DocumentText
    statement = (
        select(d.id, t.body, t.footnotes, d.summary, d.title)
        .outerjoin(t, t.document_id == d.id)
        .where(d.id.in_(list(ids)))
    )
    return {
        document_id: ("\n".join(p for p in (body, footnotes) if p), summary or "", title)
        for document_id, body, footnotes, summary, title in session.execute(statement)
    }


def people_index(session: Session, match: str = "", limit: int | None = None) -> list[PersonView]:
    """The catalog's people, those credited on most documents first (then by name); `match`
    keeps those whose name or an alias holds each of its words (as words or their starts)."""
    person, alias, link = m.Person, m.PersonAlias, m.DocumentPerson
    statement = (
        select(person.id, person.name, func.count(func.distinct(link.document_id)))
        .outerjoin(link, link.person_id == person.id)
        .group_by(person.id, person.name)
        .order_by(func.count(func.distinct(link.document_id)).desc(), person.name, person.id)
    )
    for word in words(match):
        pattern = f"% {word.replace('%', '').replace('_', '')}%"
        named = select(alias.person_id).where(alias.key.like(pattern))
        statement = statement.where(person.key.like(pattern) | person.id.in_(named))
    if limit is not None:
        statement = statement.limit(limit)
    found = session.execute(statement).all()
    aliases: dict[int, list[str]] = defaultdict(list)
    ids = [person_id for person_id, _, _ in found]
    for start in range(0, len(ids), 5000):
        for person_id, name in session.execute(
            select(alias.person_id, alias.alias)
            .where(alias.person_id.in_(ids[start : start + 5000]))
            .order_by(alias.person_id, alias.id)
        ):
            aliases[person_id].append(name)
    return [
        PersonView(name, tuple(aliases.get(person_id, ())), int(count))
        for person_id, name, count in found
    ]
