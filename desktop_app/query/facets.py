"""Facet counts: how many documents of a result have each value of a field, in SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import QueryError
from desktop_app.domain.records import Role
from desktop_app.domain.views import FacetValue
from desktop_app.query.ast import Node
from desktop_app.query.compiler import condition
from desktop_app.storage import models as m

_LOOKUP_FACETS: dict[str, tuple[Any, Any]] = {
    "type": (m.DocType, m.Document.doc_type_id),
    "origin": (m.Place, m.Document.origin_id),
    "archive": (m.Archive, m.Document.archive_id),
}
_LINK_FACETS: dict[str, tuple[Any, Any, Any]] = {
    "place": (m.Place, m.DocumentPlace, m.DocumentPlace.place_id),
    "subject": (m.Subject, m.DocumentSubject, m.DocumentSubject.subject_id),
    "language": (m.Language, m.DocumentLanguage, m.DocumentLanguage.language_id),
    "tag": (m.Tag, m.DocumentTag, m.DocumentTag.tag_id),
    "collection": (m.Collection, m.DocumentCollection, m.DocumentCollection.collection_id),
}
_PEOPLE_FACETS: dict[str, Role | None] = {
    "author": Role.AUTHOR,
    "recipient": Role.RECIPIENT,
    "via": Role.VIA,
    "participant": Role.PARTICIPANT,
    "person": None,
}

#: Every field that has facet counts, in the order the facet panel shows them.
FACET_FIELDS: tuple[str, ...] = (
    "type",
    "author",
    "recipient",
    "person",
    "origin",
    "place",
    "year",
    "decade",
    "language",
    "archive",
    "subject",
    "collection",
    "tag",
    "classification",
    "via",
    "participant",
)


def facet_counts(
    session: Session, field: str, node: Node | None, limit: int | None = None
) -> list[FacetValue]:
    """Values of `field` among the documents `node` matches, most frequent first.

    A last `FacetValue(None, n)` counts the matching documents that have no value ("(none)").
    """
    where = condition(node)
    counted = func.count(func.distinct(m.Document.id)).label("n")
    if field in _LOOKUP_FACETS:
        model, column = _LOOKUP_FACETS[field]
        statement = (
            select(model.name, counted)
            .select_from(m.Document)
            .join(model, model.id == column)
            .where(where)
            .group_by(model.id, model.name)
        )
        missing: ColumnElement[bool] = column.is_(None)
    elif field in _LINK_FACETS:
        model, link, link_column = _LINK_FACETS[field]
        name = model.title if field == "collection" else model.name
        statement = (
            select(name, counted)
            .select_from(m.Document)
            .join(link, link.document_id == m.Document.id)
            .join(model, model.id == link_column)
            .where(where)
            .group_by(model.id, name)
        )
        missing = ~exists().where(link.document_id == m.Document.id)
    elif field in _PEOPLE_FACETS:
        role = _PEOPLE_FACETS[field]
        statement = (
            select(m.Person.name, counted)
            .select_from(m.Document)
            .join(m.DocumentPerson, m.DocumentPerson.document_id == m.Document.id)
            .join(m.Person, m.Person.id == m.DocumentPerson.person_id)
            .where(where)
            .group_by(m.Person.id, m.Person.name)
        )
        links = exists().where(m.DocumentPerson.document_id == m.Document.id)
        if role is not None:
            statement = statement.where(m.DocumentPerson.role == role.value)
            links = links.where(m.DocumentPerson.role == role.value)
        missing = ~links
    elif field in ("year", "decade"):
        # `year - year % 10` stays an integer on every database; `/` would not.
        value: Any = m.Document.year if field == "year" else m.Document.year - m.Document.year % 10
        statement = (
            select(value.label("v"), counted)
            .where(where, m.Document.year.is_not(None))
            .group_by(value)
        )
        missing = m.Document.year.is_(None)
    elif field == "classification":
        statement = (
            select(m.Document.classification, counted)
            .where(where, m.Document.classification != "")
            .group_by(m.Document.classification)
        )
        missing = m.Document.classification == ""
    else:
        raise QueryError(f"'{field}' has no facet; facets are {', '.join(FACET_FIELDS)}", 0, field)
    statement = statement.order_by(counted.desc(), statement.selected_columns[0])
    if limit is not None:
        statement = statement.limit(limit)
    values = [FacetValue(str(row[0]), int(row[1])) for row in session.execute(statement)]
    none_count = session.execute(
        select(func.count(m.Document.id)).where(where, missing)
    ).scalar_one()
    if none_count:
        values.append(FacetValue(None, int(none_count)))
    return values
