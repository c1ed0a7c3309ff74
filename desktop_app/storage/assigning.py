"""A field of one value (a document's type, its archive) set on many documents at once, and the
exact reverse: each document given back the value it had."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.edits import ValueChange
from desktop_app.domain.errors import InputError
from desktop_app.domain.text import fold
from desktop_app.storage import models as m
from desktop_app.storage.document_rows import SORT_KEY_LENGTH
from desktop_app.storage.fields import LOOKUP_FIELDS
from desktop_app.storage.linking import Steps, chunks, document_parts, touch
from desktop_app.storage.lookups import name_ids

#: The fields a person may set on a selection, with the sort column each keeps. (A document's
#: origin is also a place of the full-text index: it is edited one document at a time.)
SETTABLE_FIELDS: dict[str, Any] = {
    "type": m.Document.sort_type,
    "archive": m.Document.sort_archive,
}


def planned_values(
    session: Session, documents: Select[Any] | Sequence[int], field: str, value: str | None
) -> ValueChange:
    """What giving `documents` the value `value` of `field` (None or "": none) would do: the
    documents whose value it changes, by the value each had."""
    if field not in SETTABLE_FIELDS:
        raise InputError(
            f"'{field}' cannot be set on many documents at once; these can: "
            + ", ".join(SETTABLE_FIELDS)
        )
    value = " ".join((value or "").split()) or None
    lookup = LOOKUP_FIELDS[field]
    previous: dict[str | None, list[int]] = defaultdict(list)
    for part in document_parts(documents):
        rows = session.execute(
            select(m.Document.id, lookup.names.name)
            .outerjoin(lookup.names, lookup.names.id == lookup.column)
            .where(m.Document.id.in_(select(part.c.id)))
        )
        for document_id, had in rows:
            if had != value:
                previous[had].append(document_id)
    changed = tuple(sorted(i for ids in previous.values() for i in ids))
    return ValueChange(
        field,
        assigned={value: changed} if changed else {},
        previous={had: tuple(sorted(ids)) for had, ids in previous.items()},
    )


def apply_values(
    session: Session, change: ValueChange, report: Callable[[int, int], None] | None = None
) -> None:
    """Write `change`: each value's documents given it, their sort keys and versions moved on;
    `report(done, total)` hears of each chunk written (see `Steps`)."""
    lookup = LOOKUP_FIELDS[change.field]
    steps = Steps(2 * len(change.document_ids), report)
    sort_column = SETTABLE_FIELDS[change.field]
    table = m.Document.metadata.tables["documents"]
    for value, ids in change.assigned.items():
        value_id = name_ids(session, lookup.names, [value])[0] if value else None
        for part in chunks(ids):
            session.execute(
                update(table)
                .where(table.c.id.in_(part))
                .values(
                    {
                        lookup.column.key: value_id,
                        sort_column.key: fold(value or "")[:SORT_KEY_LENGTH],
                    }
                )
            )
            steps.advance(len(part))
    touch(session, change.document_ids, steps)
