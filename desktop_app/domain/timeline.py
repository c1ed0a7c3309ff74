"""The timeline's values and rules: bins of a zoom level, their counts, era bands, their names."""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

#: The first and last day a timeline can show; `date` knows no others.
FIRST_DAY = date(1, 1, 1)
LAST_DAY = date(9999, 12, 31)

#: A bar narrower than this many pixels is too thin to read or to click: use a coarser bin.
MIN_BAR_PX = 6.0


class BinSize(StrEnum):
    """How much time one bar of the timeline counts, finest last."""

    DECADE = "decade"
    YEAR = "year"
    MONTH = "month"
    DAY = "day"

    @property
    def mean_days(self) -> float:
        """The average length of a bin in days, for choosing a bin size for a zoom level."""
        return _MEAN_DAYS[self]


_MEAN_DAYS = {
    BinSize.DECADE: 3652.425,
    BinSize.YEAR: 365.2425,
    BinSize.MONTH: 30.436875,
    BinSize.DAY: 1.0,
}

#: From finest to coarsest, the order in which `choose_bin` tries them.
_FINEST_FIRST = (BinSize.DAY, BinSize.MONTH, BinSize.YEAR, BinSize.DECADE)


@dataclass(frozen=True, slots=True)
class TimelineBin:
    """One bar: the documents of a period.

    `count` documents are dated within the period. Documents dated more loosely than the bin
    (a month-precision letter among day bars, a circa year among year bars) are spread over the
    bins their interval covers, in proportion to the days each covers: `spread` is this bin's
    share and `overlapping` how many such documents reach into it. Bars draw `spread` lighter.
    """

    start: date
    end: date
    count: int
    spread: float = 0.0
    overlapping: int = 0

    @property
    def total(self) -> float:
        """The bar's height: dated documents plus the share of loosely dated ones."""
        return self.count + self.spread


@dataclass(frozen=True, slots=True)
class EraBand:
    """A collection with a period, drawn as a labelled band behind the bars."""

    collection_id: int
    title: str
    start_year: int
    end_year: int

    @property
    def start(self) -> date:
        return date(self.start_year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.end_year, 12, 31)

    @property
    def period_label(self) -> str:
        if self.end_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"


@dataclass(frozen=True, slots=True)
class TimelineData:
    """What the timeline draws for one request: bins of `bin` size over `start`..`end`.

    `bins` counts the current result and `context` the whole catalog (the faint layer); both hold
    only bins with documents, in date order. `extent` is the first and last day of the result's
    dated documents (None when none is dated), `context_extent` the same for the whole catalog.
    `eras` are every collection with a period, whether or not the result touches it.
    """

    bin: BinSize
    start: date
    end: date
    bins: tuple[TimelineBin, ...]
    context: tuple[TimelineBin, ...]
    undated: int
    context_undated: int
    extent: tuple[date, date] | None
    context_extent: tuple[date, date] | None
    eras: tuple[EraBand, ...] = ()


# -- bins and their boundaries ---------------------------------------------------------------


def choose_bin(span_days: float, width_px: float, min_bar_px: float = MIN_BAR_PX) -> BinSize:
    """The finest bin whose bars are at least `min_bar_px` wide when `span_days` fill `width_px`."""
    if span_days <= 0 or width_px <= 0:
        return BinSize.DECADE
    px_per_day = width_px / span_days
    for size in _FINEST_FIRST:
        if size.mean_days * px_per_day >= min_bar_px:
            return size
    return BinSize.DECADE


def bin_start(day: date, size: BinSize) -> date:
    """The first day of the bin that holds `day`."""
    if size is BinSize.DAY:
        return day
    if size is BinSize.MONTH:
        return day.replace(day=1)
    if size is BinSize.YEAR:
        return date(day.year, 1, 1)
    return date(max(1, day.year - day.year % 10), 1, 1)


def next_bin_start(start: date, size: BinSize) -> date | None:
    """The first day of the bin after the one that holds `start`; None past the last day."""
    first = bin_start(start, size)
    if size is BinSize.DAY:
        return None if first == LAST_DAY else date.fromordinal(first.toordinal() + 1)
    if size is BinSize.MONTH:
        if first.month == 12:
            return None if first.year == LAST_DAY.year else date(first.year + 1, 1, 1)
        return date(first.year, first.month + 1, 1)
    step = 1 if size is BinSize.YEAR else 10 - first.year % 10
    year = first.year + step
    return None if year > LAST_DAY.year else date(year, 1, 1)


def bin_end(start: date, size: BinSize) -> date:
    """The last day of the bin that holds `start`."""
    following = next_bin_start(start, size)
    return LAST_DAY if following is None else date.fromordinal(following.toordinal() - 1)


def bin_starts(first: date, last: date, size: BinSize) -> list[date]:
    """The first days of every bin from the one holding `first` to the one holding `last`."""
    starts: list[date] = []
    current: date | None = bin_start(first, size)
    while current is not None and current <= last:
        starts.append(current)
        current = next_bin_start(current, size)
    return starts


def bin_count(first: date, last: date, size: BinSize) -> int:
    """How many bins `first`..`last` touches, without listing them."""
    if size is BinSize.DAY:
        return last.toordinal() - first.toordinal() + 1
    if size is BinSize.MONTH:
        return (last.year - first.year) * 12 + last.month - first.month + 1
    if size is BinSize.YEAR:
        return last.year - first.year + 1
    return bin_start(last, size).year // 10 - bin_start(first, size).year // 10 + 1


# -- counting ----------------------------------------------------------------------------------


def distribute(
    intervals: Iterable[tuple[date, date, int]],
    size: BinSize,
    first: date,
    last: date,
    counted: Iterable[tuple[date, int]] = (),
) -> tuple[TimelineBin, ...]:
    """Bins of `size` over `first`..`last` from document intervals and their multiplicities.

    An interval inside one bin counts there; a wider one is spread over the bins it covers in
    proportion to the days it covers in each. `counted` adds documents already known to lie in
    the bin holding a day (counts grouped by year, say). Only bins with documents are returned.
    """
    starts = bin_starts(first, last, size)
    if not starts:
        return ()
    ordinals = [day.toordinal() for day in starts]
    ends = [*(value - 1 for value in ordinals[1:]), bin_end(starts[-1], size).toordinal()]
    limit = ends[-1]
    bins = len(starts)
    counts = [0] * bins
    spread = [0.0] * bins
    overlapping = [0] * bins
    # Running sums over fully covered bins: the daily density and the number of documents.
    density_steps = [0.0] * (bins + 1)
    document_steps = [0] * (bins + 1)

    for day, number in counted:
        index = bisect_right(ordinals, day.toordinal()) - 1
        if 0 <= index < bins and day.toordinal() <= limit:
            counts[index] += number

    for low_day, high_day, number in intervals:
        low, high = low_day.toordinal(), high_day.toordinal()
        if high < ordinals[0] or low > limit or number == 0:
            continue
        i = bisect_right(ordinals, low) - 1
        j = bisect_right(ordinals, high) - 1
        if i == j and i >= 0 and high <= limit:
            counts[i] += number
            continue
        density = number / (high - low + 1)
        i, j = max(i, 0), min(j, bins - 1)
        for index in {i, j}:
            days = min(high, ends[index]) - max(low, ordinals[index]) + 1
            spread[index] += density * days
            overlapping[index] += number
        if j - i > 1:
            density_steps[i + 1] += density
            density_steps[j] -= density
            document_steps[i + 1] += number
            document_steps[j] -= number

    result: list[TimelineBin] = []
    running_density = 0.0
    running_documents = 0
    for index in range(bins):
        running_density += density_steps[index]
        running_documents += document_steps[index]
        if running_documents:
            spread[index] += running_density * (ends[index] - ordinals[index] + 1)
            overlapping[index] += running_documents
        if counts[index] or overlapping[index]:
            result.append(
                TimelineBin(
                    starts[index],
                    date.fromordinal(ends[index]),
                    counts[index],
                    spread[index],
                    overlapping[index],
                )
            )
    return tuple(result)


def era_lanes(eras: Sequence[EraBand]) -> list[int]:
    """A lane for each era, so that eras sharing a year sit in different lanes (0 the top)."""
    lane_ends: list[int] = []
    lanes: list[int] = []
    for era in eras:
        for lane, end_year in enumerate(lane_ends):
            if end_year < era.start_year:
                lane_ends[lane] = era.end_year
                lanes.append(lane)
                break
        else:
            lane_ends.append(era.end_year)
            lanes.append(len(lane_ends) - 1)
    return lanes


# -- as words ----------------------------------------------------------------------------------


def bin_label(start: date, size: BinSize) -> str:
    """A bin named the way the archive writes dates: `November 14, 1951`, `November 1951`."""
    if size is BinSize.DAY:
        return f"{calendar.month_name[start.month]} {start.day}, {start.year}"
    if size is BinSize.MONTH:
        return f"{calendar.month_name[start.month]} {start.year}"
    if size is BinSize.YEAR:
        return str(start.year)
    first = bin_start(start, size).year
    return f"{first}–{bin_end(start, size).year}"
