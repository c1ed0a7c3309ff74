"""Turns a query's syntax tree into SQLAlchemy conditions on documents, and orders results."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute

from desktop_app.domain.table_columns import STORED_COLUMN_KEYS
from desktop_app.domain.text import search_key, words
from desktop_app.query.ast import And, Node, Not, Or, Term
from desktop_app.query.fields import FIELDS, Field, Kind, date_range
from desktop_app.query.fulltext import FullTextMatch, relevance_scores
from desktop_app.query.text_terms import text_term, text_terms
from desktop_app.storage import models as m
from desktop_app.storage.fields import (
    LINKED_FIELDS,
    LOOKUP_FIELDS,
    PEOPLE_FIELDS,
    TEXT_COLUMN_FIELDS,
)


def condition(node: Node | None) -> ColumnElement[bool]:
    """The WHERE condition on `documents` for a tree; None (empty query) matches all."""
    if node is None:
        return true()
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Not):
        return not_(condition(node.operand))
    if isinstance(node, And):
        return and_(*(condition(child) for child in node.operands))
    assert isinstance(node, Or)
    return or_(*(condition(child) for child in node.operands))


def matching_ids(node: Node | None) -> Select[Any]:
    """`SELECT documents.id` for the documents a tree matches, unordered."""
    return select(m.Document.id).where(condition(node))


# Each table column is ordered by the indexed `sort_<key>` column of documents; the record ID's
# is named for the record.
_SORT_COLUMN_NAMES = {"record_id": "sort_record"}
SORT_COLUMNS: dict[str, InstrumentedAttribute[Any]] = {
    key: getattr(m.Document, _SORT_COLUMN_NAMES.get(key, f"sort_{key}"))
    for key in STORED_COLUMN_KEYS
}


#: The order by how well a document matches the query's words, best first; no table column.
RELEVANCE = "relevance"


def ordered(
    statement: Select[Any],
    sort_column: str = "date",
    descending: bool = False,
    *,
    node: Node | None = None,
    dialect: str = "sqlite",
) -> Any:
    """`statement` ordered by a table column, ties broken by id in the same direction.

    `relevance` orders by how well each document matches the words `node` searches for (best
    first; `descending` worst first), then by date; a query without words is ordered by date.
    """
    if sort_column == RELEVANCE:
        searches = text_terms(node)
        if not searches:
            return ordered(statement, "date", descending)
        scores = relevance_scores(dialect, searches)
        score = func.coalesce(scores.c.score, 0.0)
        statement = statement.outerjoin(scores, scores.c.document_id == m.Document.id)
        if descending:
            return statement.order_by(
                score.asc(), m.Document.sort_date.desc(), m.Document.id.desc()
            )
        return statement.order_by(score.desc(), m.Document.sort_date.asc(), m.Document.id.asc())
    column = SORT_COLUMNS.get(sort_column, m.Document.sort_date)
    if descending:
        return statement.order_by(column.desc(), m.Document.id.desc())
    return statement.order_by(column.asc(), m.Document.id.asc())


def _term(term: Term) -> ColumnElement[bool]:
    if term.field is None:
        return _full_text(None, term)
    field = FIELDS[term.field]
    handler = _HANDLERS[field.kind]
    result: ColumnElement[bool] = handler(field, term)
    return result


def _like_words(key_column: Any, term: Term) -> ColumnElement[bool]:
    """A name's folded key holds every word of the value, as a word or word prefix.

    `field:=value` instead asks for the whole name, still without case or accents.
    """
    if term.exact:
        return key_column == search_key(term.value)  # type: ignore[no-any-return]
    value_words = words(term.value)
    if not value_words:
        return true()
    return and_(*(key_column.like(f"% {_escape_like(word)}%", escape="\\") for word in value_words))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _full_text(field: Field | None, term: Term) -> ColumnElement[bool]:
    """Words (each must appear) or a quoted phrase, in one text of the index or any."""
    search = text_term(field, term)
    return true() if search is None else FullTextMatch(search)


def named_values(field: Field, term: Term) -> Select[Any] | None:
    """The ids of the values a term of a value field names — types, places, people (by any of
    their names), collections with their sub-collections — exactly as its condition picks
    them; None for other fields. The columns in memory match documents by these ids."""
    if field.kind is Kind.LOOKUP:
        stored = LOOKUP_FIELDS[field.name]
        return select(stored.names.id).where(_like_words(stored.names.key, term))
    if field.kind is Kind.LINKED:
        linked = LINKED_FIELDS[field.name]
        return select(linked.names.id).where(_like_words(linked.names.key, term))
    if field.kind is Kind.PEOPLE:
        people = union(
            select(m.Person.id).where(_like_words(m.Person.key, term)),
            select(m.PersonAlias.person_id).where(_like_words(m.PersonAlias.key, term)),
        ).subquery()
        return select(people.c[0])
    if field.kind is Kind.COLLECTION:
        return collection_ids(term)  # type: ignore[no-any-return]
    return None


def _named(field: Field, term: Term) -> Select[Any]:
    named = named_values(field, term)
    assert named is not None, f"{field.name}: not a field of named values"
    return named


def _people(field: Field, term: Term) -> ColumnElement[bool]:
    links = select(m.DocumentPerson.document_id).where(
        m.DocumentPerson.person_id.in_(_named(field, term))
    )
    if field.role is not None:
        links = links.where(m.DocumentPerson.role == field.role.value)
    return m.Document.id.in_(links)


def _lookup(field: Field, term: Term) -> ColumnElement[bool]:
    column = LOOKUP_FIELDS[field.name].column
    # `NULL IN (…)` is NULL, and so is its NOT: without the first test `-origin:=Beijing` would
    # also drop every document that has no origin.
    return and_(column.is_not(None), column.in_(_named(field, term)))


def _linked(field: Field, term: Term) -> ColumnElement[bool]:
    stored = LINKED_FIELDS[field.name]
    names = _named(field, term)
    linked = select(stored.link.document_id).where(stored.value_column.in_(names))
    if field.name == "place":
        # A document's place of origin is one of its places too. One IN over both rather than
        # two INs joined by OR, which PostgreSQL can only test row by row over every document
        # (measured at 100,000 documents: 50 ms against 2 ms; SQLite 1.5 ms against 2.3 ms).
        origins = select(m.Document.id).where(m.Document.origin_id.in_(names))
        return m.Document.id.in_(union_all(linked, origins))
    return m.Document.id.in_(linked)


def collection_ids(term: Term) -> Any:
    """The ids of the collections a term names and of all their sub-collections."""
    # Unnamed, so that SQLAlchemy names each apart: a query may name several collections.
    tree = select(m.Collection.id).where(_like_words(m.Collection.key, term)).cte(recursive=True)
    tree = tree.union(select(m.Collection.id).where(m.Collection.parent_id == tree.c.id))
    return select(tree.c.id)


def _collection(field: Field, term: Term) -> ColumnElement[bool]:
    links = select(m.DocumentCollection.document_id).where(
        m.DocumentCollection.collection_id.in_(_named(field, term))
    )
    return m.Document.id.in_(links)


def _column(field: Field, term: Term) -> ColumnElement[bool]:
    if field.name == "record":
        value = term.value.strip()
        record = m.Document.record_id
        # Tested for NULL first, for the same reason as in `_lookup`.
        if term.exact:
            return and_(record.is_not(None), record == value)
        return and_(record.is_not(None), record.like(f"{_escape_like(value)}%", escape="\\"))
    column = TEXT_COLUMN_FIELDS[field.name]
    if term.exact:
        return func.lower(column) == term.value.strip().lower()
    padded = literal(" ") + func.lower(column)
    value_words = words(term.value)
    if not value_words:
        return true()
    return and_(*(padded.like(f"% {_escape_like(word)}%", escape="\\") for word in value_words))


def _date(field: Field, term: Term) -> ColumnElement[bool]:
    low, high = date_range(term, "")
    parts: list[ColumnElement[bool]] = [m.Document.date_start.is_not(None)]
    if high is not None:
        parts.append(m.Document.date_start <= high)
    if low is not None:
        parts.append(m.Document.date_end >= low)
    return and_(*parts)


def _presence(field: Field, term: Term) -> ColumnElement[bool]:
    present = _present(term.value.lower())
    return present if field.name == "has" else not_(present)


def _present(name: str) -> ColumnElement[bool]:
    document = m.Document
    if name in TEXT_COLUMN_FIELDS:
        return TEXT_COLUMN_FIELDS[name] != ""  # type: ignore[no-any-return]
    if name == "record":
        return document.record_id.is_not(None)
    if name == "date":
        return document.date_start.is_not(None)
    if name in LOOKUP_FIELDS:
        return LOOKUP_FIELDS[name].column.is_not(None)  # type: ignore[no-any-return]
    # EXISTS probes the link table's primary key for each document of the result. It correlates
    # with documents only: a facet count that joins the same link table (`has:place` counted by
    # place) must not make the probe's own table the outer one.
    if name in LINKED_FIELDS:
        link = LINKED_FIELDS[name].link
        return exists().where(link.document_id == document.id).correlate_except(link)
    people = exists().where(m.DocumentPerson.document_id == document.id)
    role = PEOPLE_FIELDS[name]
    if role is not None:
        people = people.where(m.DocumentPerson.role == role.value)
    return people.correlate_except(m.DocumentPerson)


_HANDLERS: dict[Kind, Any] = {
    Kind.FULL_TEXT: _full_text,
    Kind.PEOPLE: _people,
    Kind.LOOKUP: _lookup,
    Kind.LINKED: _linked,
    Kind.COLLECTION: _collection,
    Kind.COLUMN: _column,
    Kind.DATE: _date,
    Kind.PRESENCE: _presence,
}
