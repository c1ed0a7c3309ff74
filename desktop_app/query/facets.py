"""Facet counts: how many documents of a result have each value of a field, in SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import QueryError
from desktop_app.domain.views import FacetValue
from desktop_app.query.ast import Node
from desktop_app.query.compiler import condition
from desktop_app.storage import models as m
from desktop_app.storage.fields import LINKED_FIELDS, LOOKUP_FIELDS, PEOPLE_FIELDS

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
    if field in LOOKUP_FIELDS:
        model, column = LOOKUP_FIELDS[field].names, LOOKUP_FIELDS[field].column
        statement = (
            select(model.name, counted)
            .select_from(m.Document)
            .join(model, model.id == column)
            .where(where)
            .group_by(model.id, model.name)
        )
        missing: ColumnElement[bool] = column.is_(None)
    elif field in LINKED_FIELDS:
        stored = LINKED_FIELDS[field]
        model, link, link_column, name = (
            stored.names,
            stored.link,
            stored.value_column,
            stored.name_column,
        )
        statement = (
            select(name, counted)
            .select_from(m.Document)
            .join(link, link.document_id == m.Document.id)
            .join(model, model.id == link_column)
            .where(where)
            .group_by(model.id, name)
        )
        missing = ~exists().where(link.document_id == m.Document.id)
    elif field in PEOPLE_FIELDS:
        role = PEOPLE_FIELDS[field]
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
