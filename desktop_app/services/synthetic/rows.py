"""A chunk's draws as the catalog's values: a date's columns, link rows, full-text names."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from desktop_app.domain.dates import (
    MONTH_NAMES,
    HistoricalDate,
    Precision,
    date_sort_key,
    month_interval,
)
from desktop_app.services.synthetic.draws import Indexes


def historical_date(precision: Precision, day: date) -> HistoricalDate:
    if precision is Precision.UNDATED:
        return HistoricalDate.undated("Undated")
    if precision is Precision.DAY:
        return HistoricalDate(
            f"{MONTH_NAMES[day.month - 1]} {day.day:02d}, {day.year}", precision, day, day
        )
    if precision is Precision.MONTH:
        start, end = month_interval(day.year, day.month)
        return HistoricalDate(f"{MONTH_NAMES[day.month - 1]} {day.year}", precision, start, end)
    if precision is Precision.YEAR:
        return HistoricalDate(
            str(day.year), precision, date(day.year, 1, 1), date(day.year, 12, 31)
        )
    return HistoricalDate(
        f"c. {day.year}", precision, date(day.year - 1, 1, 1), date(day.year + 1, 12, 31)
    )


def date_column_values(value: HistoricalDate) -> tuple[Any, ...]:
    """A date's values for the document columns date_text … sort_date, in their order."""
    start, end = value.start, value.end
    return (
        value.text,
        value.precision.value,
        start.isoformat() if start else None,
        end.isoformat() if end else None,
        start.year if start else None,
        date_sort_key(value),
    )


def document_links(
    documents: Indexes, ids: Indexes, *chosen: Indexes
) -> tuple[list[int], list[int], Indexes]:
    """Each document's links to the names `chosen` (positions in the cast, -1: none), in
    document order: documents, linked ids and the links' positions (which of `chosen`)."""
    linked_documents, linked_ids, positions = [], [], []
    for position, picks in enumerate(chosen):
        present = picks >= 0
        linked_documents.append(documents[present])
        linked_ids.append(ids[picks[present]])
        positions.append(np.full(int(present.sum()), position))
    in_order = np.argsort(np.concatenate(linked_documents), kind="stable")
    return (
        np.concatenate(linked_documents)[in_order].tolist(),
        np.concatenate(linked_ids)[in_order].tolist(),
        np.concatenate(positions)[in_order],
    )


def link_rows(documents: Indexes, ids: Indexes, *chosen: Indexes) -> list[tuple[int, int, int]]:
    linked_documents, linked_ids, positions = document_links(documents, ids, *chosen)
    return list(zip(linked_documents, linked_ids, positions.tolist(), strict=True))


def joined_names(names: npt.NDArray[np.object_], *chosen: Indexes) -> list[str]:
    """Each document's `chosen` names (-1: none) joined as the full-text index takes them."""
    return [
        " ; ".join(name for name in picked if name)
        for picked in zip(*(names[picks].tolist() for picks in chosen), strict=True)
    ]
