"""Timeline counts in SQL: documents per decade, year, month or day of a result and the catalog."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.orm import Session

from desktop_app.domain.timeline import (
    FIRST_DAY,
    LAST_DAY,
    BinSize,
    EraBand,
    TimelineBin,
    TimelineData,
    bin_count,
    bin_end,
    bin_start,
    distribute,
)
from desktop_app.query.ast import Node
from desktop_app.query.compiler import condition
from desktop_app.storage import models as m

#: More bins than any screen shows with room to pan; a larger request is a caller's mistake.
MAX_BINS = 5000

_Interval = tuple[date, date, int]


def timeline_data(
    session: Session,
    node: Node | None,
    size: BinSize,
    start: date | None = None,
    end: date | None = None,
) -> TimelineData:
    """Bins of `size` from the bin holding `start` to the one holding `end`, for `node` and all.

    An open end reaches the catalog's first or last dated document.
    """
    context_extent = _catalog_extent(session)
    eras = _eras(session)
    low = start or (context_extent[0] if context_extent else _eras_start(eras))
    high = end or (context_extent[1] if context_extent else _eras_end(eras))
    if low > high:
        low, high = high, low
    low, high = bin_start(low, size), bin_end(high, size)
    if bin_count(low, high, size) > MAX_BINS:
        raise ValueError(f"{low}..{high} in {size} bins is more than {MAX_BINS} bins")

    context = _bins(session, None, size, low, high)
    context_undated = _undated(session, None)
    if node is None:
        bins, undated, extent = context, context_undated, context_extent
    else:
        bins = _bins(session, node, size, low, high)
        undated = _undated(session, node)
        extent = _result_extent(session, node)
    return TimelineData(
        bin=size,
        start=low,
        end=high,
        bins=bins,
        context=context,
        undated=undated,
        context_undated=context_undated,
        extent=extent,
        context_extent=context_extent,
        eras=eras,
    )


def _bins(
    session: Session, node: Node | None, size: BinSize, low: date, high: date
) -> tuple[TimelineBin, ...]:
    where = condition(node)
    wide = _multi_year(session, where, low, high)
    if size in (BinSize.YEAR, BinSize.DECADE):
        counted = _year_counts(session, node, where, low, high, wide)
        return distribute(wide, size, low, high, counted)
    # Grouping on the index's own columns streams along the index; grouping on a month
    # expression would sort every row in range. The pairs are few: one per day and precision.
    statement = (
        select(m.Document.date_start, m.Document.date_end, func.count())
        .where(
            where,
            # From the first of the year, to include the month and year dates that reach `low`.
            m.Document.date_start >= f"{low.year:04d}-01-01",
            m.Document.date_start <= high.isoformat(),
            m.Document.date_end >= low.isoformat(),
        )
        .group_by(m.Document.date_start, m.Document.date_end)
    )
    pairs = [
        interval
        for interval in _intervals(session.execute(statement))
        if interval[0].year == interval[1].year
    ]
    return distribute([*pairs, *wide], size, low, high)


def _year_counts(
    session: Session,
    node: Node | None,
    where: ColumnElement[bool],
    low: date,
    high: date,
    wide: Iterable[_Interval],
) -> list[tuple[date, int]]:
    """Documents per year of their start, less those whose dates cross into another year."""
    # With a condition, `year + 0` keeps SQLite from walking the year index and looking up every
    # row it lists (1.7 s at a million rows); the condition's own index or a scan is 5x faster.
    year: Any = m.Document.year if node is None else m.Document.year + 0
    statement = (
        select(year, func.count()).where(where, year.between(low.year, high.year)).group_by(year)
    )
    counts = {int(row[0]): int(row[1]) for row in session.execute(statement)}
    for first, _last, number in wide:
        if first.year in counts:
            counts[first.year] -= number
    return [(date(value, 1, 1), number) for value, number in counts.items() if number]


def _multi_year(
    session: Session, where: ColumnElement[bool], low: date, high: date
) -> list[_Interval]:
    """The intervals crossing a year boundary that overlap `low`..`high`, with their counts."""
    statement = (
        select(m.Document.date_start, m.Document.date_end, func.count())
        .where(
            where,
            text(m.MULTI_YEAR_DATES),
            m.Document.date_start <= high.isoformat(),
            m.Document.date_end >= low.isoformat(),
        )
        .group_by(m.Document.date_start, m.Document.date_end)
    )
    # A range of years may also start and end in one year; the other query counts those.
    return [
        interval
        for interval in _intervals(session.execute(statement))
        if interval[0].year != interval[1].year
    ]


def _intervals(rows: Iterable[Any]) -> list[_Interval]:
    return [(date.fromisoformat(row[0]), date.fromisoformat(row[1]), int(row[2])) for row in rows]


def _undated(session: Session, node: Node | None) -> int:
    statement = select(func.count()).select_from(m.Document)
    statement = statement.where(condition(node), m.Document.date_start.is_(None))
    return int(session.execute(statement).scalar_one())


def _catalog_extent(session: Session) -> tuple[date, date] | None:
    """The first and last day of the catalog's dates, from index ends rather than a scan."""
    document = m.Document
    first = session.execute(
        select(func.min(document.date_start)).where(document.date_start.is_not(None))
    ).scalar_one()
    if first is None:
        return None
    last_start = str(session.execute(select(func.max(document.date_start))).scalar_one())
    # A date that ends after its year began is a multi-year one; the rest end in the last year.
    last_single = session.execute(
        select(func.max(document.date_end)).where(document.date_start >= last_start[:4] + "-01-01")
    ).scalar_one()
    last_wide = session.execute(
        select(func.max(document.date_end)).where(text(m.MULTI_YEAR_DATES))
    ).scalar_one()
    last = max(value for value in (last_single, last_wide) if value is not None)
    return date.fromisoformat(first), date.fromisoformat(last)


def _result_extent(session: Session, node: Node) -> tuple[date, date] | None:
    statement = select(func.min(m.Document.date_start), func.max(m.Document.date_end)).where(
        condition(node), m.Document.date_start.is_not(None)
    )
    first, last = session.execute(statement).one()
    if first is None or last is None:
        return None
    return date.fromisoformat(first), date.fromisoformat(last)


def _eras(session: Session) -> tuple[EraBand, ...]:
    collection = m.Collection
    statement = (
        select(collection.id, collection.title, collection.period_start, collection.period_end)
        .where(collection.period_start.is_not(None))
        .order_by(collection.period_start, collection.period_end, collection.title)
    )
    eras: list[EraBand] = []
    for identifier, title, first, last in session.execute(statement):
        assert first is not None
        first_year = min(max(int(first), FIRST_DAY.year), LAST_DAY.year)
        last_year = first_year if last is None else max(first_year, min(int(last), LAST_DAY.year))
        eras.append(EraBand(int(identifier), str(title), first_year, last_year))
    return tuple(eras)


def _eras_start(eras: tuple[EraBand, ...]) -> date:
    return min((era.start for era in eras), default=date(date.today().year, 1, 1))


def _eras_end(eras: tuple[EraBand, ...]) -> date:
    return max((era.end for era in eras), default=date(date.today().year, 12, 31))
