"""Dates as historians list them: the text as written plus the interval it stands for."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Precision(StrEnum):
    """How much of a date is known; the interval's width follows from it."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    CIRCA = "circa"
    RANGE = "range"
    UNDATED = "undated"


#: How many years either side of a circa year the interval reaches ("c. 1952" may be 1951-1953).
CIRCA_SPREAD_YEARS = 1


@dataclass(frozen=True, slots=True)
class HistoricalDate:
    """A date as listed (`text`) and the closed interval `start`..`end` it covers."""

    text: str
    precision: Precision
    start: date | None = None
    end: date | None = None

    @classmethod
    def undated(cls, text: str = "") -> HistoricalDate:
        return cls(text=text, precision=Precision.UNDATED)

    @property
    def is_dated(self) -> bool:
        return self.start is not None

    def iso_label(self) -> str:
        """The interval in ISO form as short as its precision allows (`1951-10`, `1951`)."""
        if self.start is None or self.end is None:
            return ""
        if self.precision is Precision.DAY:
            return self.start.isoformat()
        if self.precision is Precision.MONTH:
            return self.start.isoformat()[:7]
        if self.precision is Precision.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


#: The months' English names, January first: dates are written and read in English whatever
#: the machine's locale (which `calendar.month_name` would follow).
MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_YEAR = r"(?P<year>\d{4})"
_DAY = r"(?P<day>\d{1,2})"

# Each form the archive uses, tried in order; the precision says what the form pins down.
# The circa form comes first: `circa 1952` would otherwise be read as a month named "circa".
_FORMS: list[tuple[re.Pattern[str], Precision]] = [
    (re.compile(rf"^(?:c\.|ca\.|circa|approx\.)\s*{_YEAR}$", re.IGNORECASE), Precision.CIRCA),
    (re.compile(rf"^{_MONTH}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}$"), Precision.DAY),
    (re.compile(rf"^{_DAY}(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}$"), Precision.DAY),
    (re.compile(rf"^{_YEAR}-(?P<nmonth>\d{{2}})-{_DAY}$"), Precision.DAY),
    (re.compile(rf"^{_MONTH},?\s+{_YEAR}$"), Precision.MONTH),
    (re.compile(rf"^{_YEAR}-(?P<nmonth>\d{{2}})$"), Precision.MONTH),
    (re.compile(rf"^{_YEAR}$"), Precision.YEAR),
    (re.compile(r"^(?P<year>\d{4})\s*[-–—]\s*(?P<year2>\d{4})$"), Precision.RANGE),
]

_UNDATED = re.compile(r"^(?:undated|n\.\s?d\.|no date|date unknown)$", re.IGNORECASE)

# A line shaped like a date whether or not it is one: a few words ending in a year.
_DATE_SHAPE = re.compile(
    r"^(?:(?:c\.|ca\.|circa)\s*)?(?:[A-Za-z]{3,10}\.?,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?"
    r"(?:[A-Za-z]{3,10}\.?,?\s+)?\d{4}(?:\s*[-–—]\s*\d{4})?$"
    # ISO forms, which parse_date reads too (`1951-10-07`, `1951-13`).
    r"|^\d{4}-\d{1,2}(?:-\d{1,2})?$"
)


class DateParseError(ValueError):
    """Text that is not one of the date forms Dossier reads; the message says why."""


def looks_like_date(text: str) -> bool:
    """True for text shaped like a listing date line, even a misspelt one (`Septembr 10, 1951`)."""
    stripped = text.strip()
    return bool(_DATE_SHAPE.match(stripped) or _UNDATED.match(stripped))


def parse_date(text: str) -> HistoricalDate:
    """Read one of the archive's date forms; raise DateParseError for anything else."""
    stripped = " ".join(text.split())
    if _UNDATED.match(stripped):
        return HistoricalDate.undated(stripped)
    for pattern, precision in _FORMS:
        match = pattern.match(stripped)
        if match is None:
            continue
        return _build(stripped, match, precision)
    raise DateParseError(f"'{stripped}' is not a date Dossier can read")


def _month_number(match: re.Match[str], text: str) -> int:
    groups = match.groupdict()
    if groups.get("nmonth"):
        month = int(groups["nmonth"])
        if not 1 <= month <= 12:
            raise DateParseError(f"'{text}' has no month {month}")
        return month
    name = groups["month"].lower()
    if name not in _MONTHS:
        raise DateParseError(f"'{groups['month']}' in '{text}' is not a month")
    return _MONTHS[name]


def _build(text: str, match: re.Match[str], precision: Precision) -> HistoricalDate:
    year = int(match.group("year"))
    if year < 1:
        # datetime.date has no year 0; say so instead of letting its ValueError escape.
        raise DateParseError(f"'{text}' has no year 0")
    if precision is Precision.DAY:
        month = _month_number(match, text)
        day = int(match.group("day"))
        try:
            day_date = date(year, month, day)
        except ValueError:
            raise DateParseError(f"'{text}' names a day that does not exist") from None
        return HistoricalDate(text, precision, day_date, day_date)
    if precision is Precision.MONTH:
        month = _month_number(match, text)
        start, end = month_interval(year, month)
        return HistoricalDate(text, precision, start, end)
    if precision is Precision.YEAR:
        return HistoricalDate(text, precision, date(year, 1, 1), date(year, 12, 31))
    if precision is Precision.CIRCA:
        return HistoricalDate(
            text,
            precision,
            date(max(1, year - CIRCA_SPREAD_YEARS), 1, 1),
            date(min(9999, year + CIRCA_SPREAD_YEARS), 12, 31),
        )
    last = int(match.group("year2"))
    if last < year:
        raise DateParseError(f"'{text}' ends before it begins")
    return HistoricalDate(text, Precision.RANGE, date(year, 1, 1), date(last, 12, 31))


def month_interval(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


_PARTIAL_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


def parse_partial_iso(text: str) -> tuple[date, date]:
    """The interval of `1951`, `1951-10` or `1951-10-07`; DateParseError otherwise."""
    match = _PARTIAL_ISO.match(text.strip())
    if match is None:
        raise DateParseError(f"'{text}' is not a date: write 1951, 1951-10 or 1951-10-07")
    year = int(match.group("year"))
    if year < 1:
        raise DateParseError(f"'{text}' has no year 0")
    if match.group("month") is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(match.group("month"))
    if not 1 <= month <= 12:
        raise DateParseError(f"'{text}' has no month {month}")
    if match.group("day") is None:
        return month_interval(year, month)
    try:
        day = date(year, month, int(match.group("day")))
    except ValueError:
        raise DateParseError(f"'{text}' names a day that does not exist") from None
    return day, day


def date_sort_key(value: HistoricalDate) -> str:
    """A string that sorts documents the way a historian expects.

    By interval start; among equal starts the wider interval first (`November 1951` before
    `November 1, 1951`, `1951` before both); undated last. One indexed column, one direction.
    """
    if value.start is None or value.end is None:
        return "~"
    # Later ends give smaller numbers, so the wider interval sorts first.
    return f"{value.start.isoformat()}~{9_999_999 - value.end.toordinal():07d}"
