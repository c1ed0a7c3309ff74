"""The values of export columns for a page of documents: one SQL query, plain tuples of text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.storage.driver import driver_cursor
from desktop_app.storage.fields import LINKED_FIELDS, PEOPLE_EXPORT_COLUMNS

# The text and footnotes of the documents that have them (the others have no row there).
_TEXTS = "LEFT JOIN document_texts dt ON dt.document_id = d.id"

# Single-valued columns: the SQL that reads each (`d` is documents), and the join it needs.
_SCALARS: dict[str, tuple[str, str | None]] = {
    "date": ("d.date_text", None),
    "title": ("d.title", None),
    "type": ("t.name", "LEFT JOIN doc_types t ON t.id = d.doc_type_id"),
    "number": ("d.number", None),
    "origin": ("o.name", "LEFT JOIN places o ON o.id = d.origin_id"),
    "record_id": ("d.record_id", None),
    "archive": ("a.name", "LEFT JOIN archives a ON a.id = d.archive_id"),
    "summary": ("d.summary", None),
    "classification": ("d.classification", None),
    "source": ("d.source_citation", None),
    "url": ("d.url", None),
    "rights": ("d.rights", None),
    "notes": ("d.notes", None),
    "date_start": ("d.date_start", None),
    "date_end": ("d.date_end", None),
    "precision": ("d.date_precision", None),
    "text": ("dt.body", _TEXTS),
    "footnotes": ("dt.footnotes", _TEXTS),
}

# Multi-valued columns linked through a table of pairs: link table, its column, target, name.
_LINKED: dict[str, tuple[str, str, str, str]] = {
    field.export_column: (
        field.link.__tablename__,
        field.value_column.key,
        field.names.__tablename__,
        field.name_column.key,
    )
    for field in LINKED_FIELDS.values()
}

#: Every column this module can read.
EXPORTABLE: frozenset[str] = (
    frozenset(_SCALARS) | frozenset(PEOPLE_EXPORT_COLUMNS) | frozenset(_LINKED)
)


def export_values(
    session: Session, ids: Sequence[int], columns: Sequence[str], separator: str
) -> list[tuple[str, ...]]:
    """The text of `columns` for documents `ids`, in the order of `ids`; gone ones left out.

    A multi-valued column comes as its values in their listed order joined with `separator`;
    a missing value is the empty string. The database concatenates, so a page of 2,000 rows
    costs one statement and no Python work per value.
    """
    if not ids:
        return []
    connection = session.connection()
    statement = _statement(columns, connection.dialect.name, separator, ids)
    # The driver's own cursor: SQLAlchemy's result rows would cost a microsecond each.
    with driver_cursor(connection, statement) as cursor:
        cursor.execute(statement)
        found: dict[int, tuple[Any, ...]] = {row[0]: row for row in cursor.fetchall()}
    return [found[i][1:] for i in ids if i in found]


def whole_catalog_sql(
    columns: Sequence[str], separator: str = "; ", dialect: str = "sqlite"
) -> str:
    """The SELECT of `columns` for every document in date order, without the id.

    The same values `export_values` reads, as one statement: what `sqlite3 -csv` (or `psql`'s
    `\\copy`) runs when the benchmarks compare an export with it.
    """
    statement = _statement(columns, dialect, separator, None)
    return statement.replace("SELECT d.id, ", "SELECT ", 1) + " ORDER BY d.sort_date, d.id"


def _statement(
    columns: Sequence[str], dialect: str, separator: str, ids: Sequence[int] | None
) -> str:
    # Ids are formatted as integers and the separator as a quoted literal: nothing from outside
    # reaches the SQL text unquoted.
    joins: list[str] = []
    expressions = ["d.id"]
    quoted_separator = "'" + separator.replace("'", "''") + "'"
    for column in columns:
        if column in _SCALARS:
            expression, join = _SCALARS[column]
            if join is not None and join not in joins:
                joins.append(join)
            expressions.append(f"coalesce({expression}, '')")
        elif column in PEOPLE_EXPORT_COLUMNS:
            expressions.append(
                _aggregate(
                    dialect,
                    "p.name",
                    "document_people x JOIN people p ON p.id = x.person_id",
                    f"x.role = '{PEOPLE_EXPORT_COLUMNS[column].value}'",
                    quoted_separator,
                )
            )
        elif column in _LINKED:
            link, key, target, name = _LINKED[column]
            expressions.append(
                _aggregate(
                    dialect,
                    f"n.{name}",
                    f"{link} x JOIN {target} n ON n.id = x.{key}",
                    None,
                    quoted_separator,
                )
            )
        else:
            raise ValueError(f"no such export column: {column}")
    statement = f"SELECT {', '.join(expressions)} FROM documents d {' '.join(joins)}".rstrip()
    if ids is None:
        return statement
    return f"{statement} WHERE d.id IN ({','.join(str(int(i)) for i in ids)})"


def _aggregate(dialect: str, value: str, source: str, where: str | None, separator: str) -> str:
    """The values linked to document `d.id`, by position, joined into one text."""
    condition = "x.document_id = d.id" + (f" AND {where}" if where else "")
    if dialect == "postgresql":
        return (
            f"coalesce((SELECT string_agg({value}, {separator} ORDER BY x.position) "
            f"FROM {source} WHERE {condition}), '')"
        )
    # SQLite before 3.44 has no ORDER BY inside group_concat; it concatenates in the order of
    # an ordered subquery.
    return (
        f"coalesce((SELECT group_concat(v, {separator}) FROM "
        f"(SELECT {value} AS v FROM {source} WHERE {condition} ORDER BY x.position)), '')"
    )
