"""One read's answers (search, count, facets, timeline) for the catalog facade: from the columns
held in memory when they are current and can give them, else from SQL."""

from __future__ import annotations

from array import array
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.timeline import BinSize, TimelineData
from desktop_app.domain.views import FacetValue
from desktop_app.query import columnar
from desktop_app.query.ast import Node
from desktop_app.query.compiler import condition, ordered
from desktop_app.query.facets import facet_counts
from desktop_app.query.timeline import ResultDatesCache, timeline_data
from desktop_app.services.column_cache import ColumnCache
from desktop_app.storage import models as m
from desktop_app.storage.columns import CatalogColumns, SmallArray
from desktop_app.storage.ids import fetch_ids

#: Seconds facet counts wait for columns being read rather than ask SQL: at a
#: million documents the columns take about 6 s, one people facet in SQL about 10 s, and every
#: such query slows the reading down.
COLUMNS_WAIT_S = 20.0


class Answers:
    """The answers to reads in one session; each method asks the columns first, then SQL."""

    def __init__(self, session: Session, columns: ColumnCache, dates: ResultDatesCache) -> None:
        self._session = session
        self._cache = columns
        self._dates = dates

    def ids(
        self, node: Node | None, sort: str, descending: bool, limit: int | None, *, whole: bool
    ) -> tuple[array[int], int]:
        """A result's ids in table order and its total; with a `limit`, the first ids only
        (all of them when the columns give them and `whole` is set)."""
        found = self._ordered_from_columns(node, sort, descending)
        if found is not None:
            return (found if limit is None or whole else found[:limit]), len(found)
        dialect = self._session.get_bind().dialect.name
        statement = ordered(
            select(m.Document.id).where(condition(node)),
            sort,
            descending,
            node=node,
            dialect=dialect,
        )
        if limit is not None:
            statement = statement.limit(limit)
        ids = fetch_ids(self._session, statement)
        total = len(ids) if limit is None or len(ids) < limit else self._count(node)
        return ids, total

    def count(self, node: Node | None) -> int:
        columns = self._cache.current(self._session)
        positions = None if columns is None else self._positions(columns, node)
        return len(positions) if positions is not None else self._count(node)

    def facets(self, field: str, node: Node | None, limit: int | None) -> list[FacetValue]:
        columns = self._cache.current(self._session, wait=COLUMNS_WAIT_S)
        if columns is not None and columnar.counts(columns, field):
            positions = self._positions(columns, node)
            if positions is not None:
                return columnar.facet_values(columns, field, positions, limit)
        return facet_counts(self._session, field, node, limit)

    def timeline(
        self, node: Node | None, size: BinSize, low: date | None, high: date | None
    ) -> TimelineData:
        # Not waiting for columns being read: SQL bins a result in well under a second.
        columns = self._cache.current(self._session)
        if columns is not None:
            everything = self._positions(columns, None)
            matched = self._positions(columns, node)
            if everything is not None and matched is not None:
                return timeline_data(
                    self._session,
                    node,
                    size,
                    low,
                    high,
                    result=columnar.ColumnDates(columns, matched),
                    catalog=columnar.ColumnDates(columns, everything),
                )
        return timeline_data(self._session, node, size, low, high, self._dates)

    def _positions(self, columns: CatalogColumns, node: Node | None) -> SmallArray | None:
        return self._cache.positions(self._session, columns, node)

    def _ordered_from_columns(
        self, node: Node | None, sort: str, descending: bool
    ) -> array[int] | None:
        columns = self._cache.current(self._session)
        if columns is None or not self._cache.has_order(columns, sort):
            return None
        positions = self._positions(columns, node)
        if positions is None:
            return None
        found = columnar.ordered_ids(columns, positions, sort, descending)
        if found is None:
            return None
        ids: array[int] = array("q")
        ids.frombytes(found.tobytes())
        return ids

    def _count(self, node: Node | None) -> int:
        statement = select(func.count(m.Document.id)).where(condition(node))
        return int(self._session.execute(statement).scalar_one())
