"""A document's date from its range attributes, its dateline or its head; a heading's years."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from desktop_app.domain.dates import HistoricalDate, Precision, parse_partial_iso
from desktop_app.importers.tei.markup import TEI, local_name, tidy

_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")


def period_of(text: str) -> tuple[int | None, int | None]:
    years = [int(year) for year in _YEAR.findall(text)]
    return (min(years), max(years)) if years else (None, None)


def document_date(div: Any, dateline: Any | None, head_dates: Iterable[Any]) -> HistoricalDate:
    """The document's date: the volume's own range attributes, then the dateline, then the head."""
    low = high = None
    for key, value in div.attrib.items():
        if local_name(key) == "doc-dateTime-min":
            low = value
        elif local_name(key) == "doc-dateTime-max":
            high = value
    candidates = []
    if dateline is not None:
        candidates.extend(dateline.iter(f"{{{TEI}}}date"))
    candidates.extend(head_dates)
    written = next((tidy("".join(d.itertext())) for d in candidates), "")
    if low and high:
        found = _interval(low, high, written)
        if found is not None:
            return found
    for element in candidates:
        words = tidy("".join(element.itertext()))
        when = element.get("when")
        if when:
            found = _interval(when, when, words)
        else:
            start = element.get("from") or element.get("notBefore")
            end = element.get("to") or element.get("notAfter")
            found = _interval(start, end, words) if start and end else None
        if found is not None:
            return found
    return HistoricalDate.undated(written if written.lower() == "undated" else "")


def _interval(start: str, end: str, written: str) -> HistoricalDate | None:
    """The dates from ISO values (`1955-01-12T19:00:00`, `1955-01`, `1955`) and their text."""
    try:
        first, _ = parse_partial_iso(start[:10])
        _, last = parse_partial_iso(end[:10])
    except ValueError:
        return None
    if last < first:
        return None
    precision = _precision(start[:10]) if start[:10] == end[:10] else Precision.RANGE
    if precision is Precision.DAY and first != last:
        precision = Precision.RANGE
    if written and not _YEAR.search(written):
        # "January 6" under a dateline of 1951: the year as an editor adds it, in brackets.
        years = sorted({first.year, last.year})
        written = f"{written} [{'–'.join(map(str, years))}]"
    return HistoricalDate(
        text=written or _label(first, last), precision=precision, start=first, end=last
    )


def _precision(value: str) -> Precision:
    return {10: Precision.DAY, 7: Precision.MONTH, 4: Precision.YEAR}.get(len(value), Precision.DAY)


def _label(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
