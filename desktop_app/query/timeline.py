"""Timeline counts in SQL: documents per decade, year, month or day of a result and the catalog."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Engine, event, func, literal_column, select, text
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

#: How much of an ISO date names its bin: `1951-11-14`, `1951-11`, `1951`, `195`.
_KEY_LENGTH = {BinSize.DAY: 10, BinSize.MONTH: 7, BinSize.YEAR: 4, BinSize.DECADE: 3}


@dataclass(frozen=True, slots=True)
class ResultDates:
    """A result's documents counted per distinct date interval: what any of its bins need."""

    intervals: tuple[tuple[str, str, int], ...]  # ISO first and last day, documents
    undated: int
    extent: tuple[date, date] | None

    def bins(self, size: BinSize, low: date, high: date) -> tuple[TimelineBin, ...]:
        return _result_bins(self, size, low, high)


class Dates(Protocol):
    """What the timeline needs of a set of documents' dates, wherever they were read."""

    @property
    def undated(self) -> int: ...

    @property
    def extent(self) -> tuple[date, date] | None: ...

    def bins(self, size: BinSize, low: date, high: date) -> tuple[TimelineBin, ...]:
        """Bins of `size` from `low` to `high` (both on bin boundaries) with documents."""
        ...


class ResultDatesCache:
    """The dates of the last few results, so that zooming and panning reads only indexes.

    Any commit through the engine empties it; an entry also expires after `max_age` seconds,
    for writes made by other programs on a shared catalog.
    """

    def __init__(self, engine: Engine, size: int = 4, max_age: float = 60.0) -> None:
        self._size = size
        self._max_age = max_age
        self._lock = threading.Lock()
        self._entries: OrderedDict[Node, tuple[float, ResultDates]] = OrderedDict()
        event.listen(engine, "commit", self._on_engine_commit)

    def get(self, node: Node) -> ResultDates | None:
        with self._lock:
            entry = self._entries.get(node)
            if entry is None or time.monotonic() - entry[0] > self._max_age:
                return None
            self._entries.move_to_end(node)
            return entry[1]

    def put(self, node: Node, dates: ResultDates) -> None:
        with self._lock:
            self._entries[node] = (time.monotonic(), dates)
            self._entries.move_to_end(node)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _on_engine_commit(self, _connection: Any) -> None:
        self.clear()


def timeline_data(
    session: Session,
    node: Node | None,
    size: BinSize,
    start: date | None = None,
    end: date | None = None,
    cache: ResultDatesCache | None = None,
    *,
    result: Dates | None = None,
    catalog: Dates | None = None,
) -> TimelineData:
    """Bins of `size` from the bin holding `start` to the one holding `end`, for `node` and all.

    An open end reaches the catalog's first or last dated document. With a `cache`, a result's
    dates are read once and its later bins come from them. `result` and `catalog`, when given,
    are the dates of `node`'s documents and of all documents read elsewhere (from memory).
    """
    context_extent = catalog.extent if catalog is not None else _catalog_extent(session)
    eras = _eras(session)
    low = start or (context_extent[0] if context_extent else _eras_start(eras))
    high = end or (context_extent[1] if context_extent else _eras_end(eras))
    if low > high:
        low, high = high, low
    low, high = bin_start(low, size), bin_end(high, size)
    if bin_count(low, high, size) > MAX_BINS:
        raise ValueError(f"{low}..{high} in {size} bins is more than {MAX_BINS} bins")

    if catalog is not None:
        context, context_undated = catalog.bins(size, low, high), catalog.undated
    else:
        context, context_undated = (
            _catalog_bins(session, size, low, high),
            _catalog_undated(session),
        )
    if node is None:
        bins, undated, extent = context, context_undated, context_extent
    else:
        dates: Dates | None = result or (cache.get(node) if cache is not None else None)
        if dates is None:
            read = result_dates(session, node)
            if cache is not None:
                cache.put(node, read)
            dates = read
        bins, undated, extent = dates.bins(size, low, high), dates.undated, dates.extent
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


# -- a result: one pass over its documents -------------------------------------------------------


def result_dates(session: Session, node: Node) -> ResultDates:
    """A result's documents per distinct date interval, in one grouped pass over them.

    A condition costs far more than the grouping (120,000 cables at a million documents: the
    row lookups are 300 ms), so it is evaluated once, for all dates, and the bins of any size
    and range are counted from the intervals. Grouping on copies of the date columns (`|| ''`)
    keeps SQLite from walking the date index in order and looking up every row it lists to
    test the condition.
    """
    # A literal rather than a parameter, so that PostgreSQL sees one expression in SELECT and
    # GROUP BY.
    first_column: Any = m.Document.date_start.op("||")(literal_column("''"))
    last_column: Any = m.Document.date_end.op("||")(literal_column("''"))
    statement = (
        select(first_column, last_column, func.count())
        .where(condition(node))
        .group_by(first_column, last_column)
    )
    intervals: list[tuple[str, str, int]] = []
    undated = 0
    for start, end, number in session.execute(statement):
        if start is None or end is None:
            undated += int(number)
        else:
            intervals.append((str(start), str(end), int(number)))
    extent = None
    if intervals:
        first = min(interval[0] for interval in intervals)
        last = max(interval[1] for interval in intervals)
        extent = (date.fromisoformat(first), date.fromisoformat(last))
    return ResultDates(tuple(intervals), undated, extent)


def _result_bins(
    dates: ResultDates, size: BinSize, low: date, high: date
) -> tuple[TimelineBin, ...]:
    """A result's bins from its intervals: those inside one bin by text, the rest spread."""
    length = _KEY_LENGTH[size]
    low_text, high_text = low.isoformat(), high.isoformat()
    low_key, high_key = low_text[:length], high_text[:length]
    counted: dict[str, int] = {}
    wide: list[_Interval] = []
    for start, end, number in dates.intervals:
        key = start[:length]
        if key == end[:length]:
            if low_key <= key <= high_key:
                counted[key] = counted.get(key, 0) + number
        elif start <= high_text and end >= low_text:
            wide.append((date.fromisoformat(start), date.fromisoformat(end), number))
    days = [(_key_day(key, size), number) for key, number in counted.items()]
    return distribute(wide, size, low, high, days)


def _key_day(key: str, size: BinSize) -> date:
    if size is BinSize.DAY:
        return date.fromisoformat(key)
    if size is BinSize.MONTH:
        return date(int(key[:4]), int(key[5:7]), 1)
    if size is BinSize.YEAR:
        return date(int(key), 1, 1)
    return date(max(int(key) * 10, FIRST_DAY.year), 1, 1)


# -- the whole catalog: the indexes' own order ---------------------------------------------------


def _catalog_bins(
    session: Session, size: BinSize, low: date, high: date
) -> tuple[TimelineBin, ...]:
    """The whole catalog's bins, read along indexes without visiting a row.

    Years come from the year index; months and days from a range of the date index, grouped on
    its own columns so that the grouping streams (a month expression would sort every row).
    Dates crossing a year boundary, which neither counts well, come from their partial index.
    """
    wide = _multi_year(session, low, high)
    if size in (BinSize.YEAR, BinSize.DECADE):
        return distribute(wide, size, low, high, _year_counts(session, low, high, wide))
    statement = (
        select(m.Document.date_start, m.Document.date_end, func.count())
        .where(
            # From the first of the year, to include the month and year dates that reach `low`.
            m.Document.date_start >= f"{low.year:04d}-01-01",
            m.Document.date_start <= high.isoformat(),
            m.Document.date_end >= low.isoformat(),
        )
        .group_by(m.Document.date_start, m.Document.date_end)
    )
    within_years = [
        interval
        for interval in _intervals(session.execute(statement))
        if interval[0].year == interval[1].year
    ]
    return distribute([*within_years, *wide], size, low, high)


def _year_counts(
    session: Session, low: date, high: date, wide: Iterable[_Interval]
) -> list[tuple[date, int]]:
    """Documents per year of their start, less those whose dates cross into another year."""
    year: Any = m.Document.year
    statement = select(year, func.count()).where(year.between(low.year, high.year)).group_by(year)
    counts = {int(row[0]): int(row[1]) for row in session.execute(statement)}
    for first, _last, number in wide:
        if first.year in counts:
            counts[first.year] -= number
    return [(date(value, 1, 1), number) for value, number in counts.items() if number]


def _multi_year(session: Session, low: date, high: date) -> list[_Interval]:
    """The catalog's intervals crossing a year boundary that overlap `low`..`high`, counted."""
    statement = (
        select(m.Document.date_start, m.Document.date_end, func.count())
        .where(
            text(m.MULTI_YEAR_DATES),
            m.Document.date_start <= high.isoformat(),
            m.Document.date_end >= low.isoformat(),
        )
        .group_by(m.Document.date_start, m.Document.date_end)
    )
    # A range of years may also start and end in one year; the other queries count those.
    return [
        interval
        for interval in _intervals(session.execute(statement))
        if interval[0].year != interval[1].year
    ]


def _intervals(rows: Iterable[Any]) -> list[_Interval]:
    return [(date.fromisoformat(row[0]), date.fromisoformat(row[1]), int(row[2])) for row in rows]


def _catalog_undated(session: Session) -> int:
    statement = select(func.count()).select_from(m.Document).where(m.Document.date_start.is_(None))
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


def _eras(session: Session) -> tuple[EraBand, ...]:
    collection = m.Collection
    statement = (
        select(collection.id, collection.title, collection.period_start, collection.period_end)
        .where(collection.period_start.is_not(None))
        .order_by(collection.period_start, collection.period_end, collection.title)
    )
    eras: list[EraBand] = []
    for identifier, title, first, last in session.execute(statement):
        first_year = min(max(int(first or 0), FIRST_DAY.year), LAST_DAY.year)
        last_year = first_year if last is None else max(first_year, min(int(last), LAST_DAY.year))
        eras.append(EraBand(int(identifier), str(title), first_year, last_year))
    return tuple(eras)


def _eras_start(eras: tuple[EraBand, ...]) -> date:
    return min((era.start for era in eras), default=date(date.today().year, 1, 1))


def _eras_end(eras: tuple[EraBand, ...]) -> date:
    return max((era.end for era in eras), default=date(date.today().year, 12, 31))
