"""The full-text index of each database: SQLite's FTS5 table, PostgreSQL's tsvector table.

Both index the same five texts of a document, folded in Python (`domain.text.fold`) before they
are written, so that accent-insensitive search needs no database extension. PostgreSQL weighs
them A (title), B (summary), C (names), D (places and subjects) so a query can name one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Integer, MetaData, Table, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from desktop_app.domain.text import fold

SQLITE_TABLE = "documents_fts"
POSTGRES_TABLE = "document_search"

#: The PostgreSQL index, described apart from the models: SQLite has no such table.
postgres_search = Table(
    POSTGRES_TABLE,
    MetaData(),
    Column("document_id", Integer, primary_key=True),
    Column("vector", TSVECTOR, nullable=False),
)

#: PostgreSQL weight of each indexed text.
WEIGHTS = {"title": "A", "summary": "B", "names": "C", "places": "C", "subjects": "D"}


def create_index(connection: Connection) -> None:
    """Create the full-text index for the connection's database (used by the first migration)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5("
            "title, summary, names, places, subjects, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
        )
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            f"CREATE TABLE {POSTGRES_TABLE} ("
            "document_id integer PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, "
            "vector tsvector NOT NULL)"
        )
        connection.exec_driver_sql(
            f"CREATE INDEX ix_{POSTGRES_TABLE}_vector ON {POSTGRES_TABLE} USING gin (vector)"
        )


def drop_index(connection: Connection) -> None:
    name = SQLITE_TABLE if connection.dialect.name == "sqlite" else POSTGRES_TABLE
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def write_rows(session: Session, rows: list[dict[str, Any]], *, replace: bool = False) -> None:
    """Index documents; each row has `id` and the texts title, summary, names, places, subjects.

    With `replace`, rows already indexed for those ids are dropped first (re-imported records).
    """
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    folded = [{key: fold(v) if isinstance(v, str) else v for key, v in row.items()} for row in rows]
    ids = [{"id": row["id"]} for row in rows]
    if dialect == "sqlite":
        if replace:
            session.execute(text(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = :id"), ids)
        session.execute(
            text(
                f"INSERT INTO {SQLITE_TABLE}(rowid, title, summary, names, places, subjects) "
                "VALUES (:id, :title, :summary, :names, :places, :subjects)"
            ),
            folded,
        )
    elif dialect == "postgresql":
        if replace:
            session.execute(text(f"DELETE FROM {POSTGRES_TABLE} WHERE document_id = :id"), ids)
        vector = " || ".join(
            f"setweight(to_tsvector('simple', :{name}), '{weight}')"
            for name, weight in WEIGHTS.items()
        )
        session.execute(
            text(f"INSERT INTO {POSTGRES_TABLE}(document_id, vector) VALUES (:id, {vector})"),
            folded,
        )
