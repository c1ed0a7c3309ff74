"""Full-text conditions, written in each database's own search syntax from one description."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, Subquery, func, literal, literal_column, select, table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnClause, ColumnElement
from sqlalchemy.types import NullType

from desktop_app.query.text_terms import TextTerm
from desktop_app.storage import models as m
from desktop_app.storage.fulltext import BM25_WEIGHTS, SQLITE_TABLE, TEXTS, WEIGHTS, postgres_search


class FullTextMatch(ColumnElement[Any]):
    """`documents.id` is among the documents the full-text index finds for a TextTerm."""

    # Not Boolean: SQLAlchemy writes a Boolean expression in WHERE as `… = 1` on SQLite, and
    # `documents.id IN (…) = 1` keeps SQLite from looking the matches up by id — it scanned
    # every document instead (measured at 300,000: 100 ms for a word in 301 documents).
    type = NullType()
    inherit_cache = False  # the search text is part of the statement; nothing to cache

    def __init__(self, search: TextTerm) -> None:
        self.search = search


def fts5_expression(search: TextTerm) -> str:
    """SQLite FTS5 syntax; every word quoted, so no FTS operator typed as text takes effect."""
    column = f"{search.column} : " if search.column else ""
    if search.phrase:
        return column + '"' + " ".join(search.words) + '"'
    star = "*" if search.prefix else ""
    return " AND ".join(f'{column}"{word}"{star}' for word in search.words)


def tsquery_expression(search: TextTerm) -> str:
    """PostgreSQL to_tsquery syntax; words are `\\w+` only, so none is an operator."""
    weight = WEIGHTS[search.column] if search.column else ""
    star = "*" if search.prefix and not search.phrase else ""
    marker = f":{star}{weight}" if star or weight else ""
    joiner = " <-> " if search.phrase else " & "
    return joiner.join(f"{word}{marker}" for word in search.words)


@compiles(FullTextMatch, "sqlite")
def _compile_sqlite(element: FullTextMatch, compiler: Any, **kw: Any) -> str:
    matches: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(table(SQLITE_TABLE))
        .where(literal_column(SQLITE_TABLE).op("MATCH")(literal(fts5_expression(element.search))))
    )
    return str(compiler.process(m.Document.id.in_(matches), **kw))


@compiles(FullTextMatch, "postgresql")
def _compile_postgresql(element: FullTextMatch, compiler: Any, **kw: Any) -> str:
    query = func.to_tsquery("simple", literal(tsquery_expression(element.search)))
    matches: Select[Any] = select(postgres_search.c.document_id).where(
        postgres_search.c.vector.op("@@")(query)
    )
    return str(compiler.process(m.Document.id.in_(matches), **kw))


def relevance_scores(dialect: str, searches: Sequence[TextTerm]) -> Subquery:
    """`(document_id, score)` of the documents any of `searches` finds, higher more relevant.

    SQLite scores by FTS5's BM25, each text weighed by `BM25_WEIGHTS` (its bm25 is lower for
    better matches, so it is negated); PostgreSQL by `ts_rank` over the weighted vector.
    """
    if dialect == "postgresql":
        query = func.to_tsquery(
            "simple", literal(" | ".join(f"({tsquery_expression(s)})" for s in searches))
        )
        return (
            select(
                postgres_search.c.document_id,
                func.ts_rank(postgres_search.c.vector, query).label("score"),
            )
            .where(postgres_search.c.vector.op("@@")(query))
            .subquery("relevance")
        )
    index: ColumnClause[Any] = literal_column(SQLITE_TABLE)
    weights = [literal(BM25_WEIGHTS[name]) for name in TEXTS]
    return (
        select(
            literal_column("rowid").label("document_id"),
            (-func.bm25(index, *weights)).label("score"),
        )
        .select_from(table(SQLITE_TABLE))
        .where(index.op("MATCH")(literal(" OR ".join(f"({fts5_expression(s)})" for s in searches))))
        .subquery("relevance")
    )
