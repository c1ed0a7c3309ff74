"""Values of a field of several (tags, collections, languages) added to and taken from many
documents at once, and the exact reverse of each change.

A bulk change reads which documents it really changes (those lacking a value it adds, those
holding a value it takes away) before it writes, so that undoing it touches those documents only
and leaves a value that was there before where it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, exists, func, insert, literal, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.edits import LinkChange
from desktop_app.domain.errors import InputError
from desktop_app.storage import models as m
from desktop_app.storage.document_rows import sort_key
from desktop_app.storage.fields import LINKED_FIELDS, LinkedField
from desktop_app.storage.generation import note_documents_changed
from desktop_app.storage.lookups import name_ids

#: Documents written a statement at a time: well under SQLite's limit of bound values.
CHUNK = 5000

#: The fields a person may add to and take from a selection (places and subjects come from the
#: archive's records, and live in the full-text index: they are edited one document at a time).
BULK_FIELDS = ("tag", "collection", "language")

#: The document's sort column of a linked field that has one: the table sorts by it.
_SORT_COLUMNS: dict[str, Any] = {
    "collection": m.Document.sort_collections,
    "language": m.Document.sort_languages,
}


class Steps:
    """Counts the documents a change has written, a chunk at a time, and tells `report`
    (done, total) after each chunk; `report` may raise to stop the change (its transaction
    then rolls back)."""

    def __init__(self, total: int, report: Callable[[int, int], None] | None) -> None:
        self.total = total
        self.done = 0
        self._report = report

    def advance(self, count: int) -> None:
        self.done = min(self.total, self.done + count)
        if self._report is not None:
            self._report(self.done, self.total)


def value_names(names: Sequence[str], field: str = "tag") -> list[str]:
    """Values as a person typed them, spaces tidied, each once; InputError for an empty one."""
    tidied = [" ".join(name.split()) for name in names]
    if any(not name for name in tidied):
        raise InputError(f"a {field} needs a name")
    return list(dict.fromkeys(tidied))


def document_parts(documents: Select[Any] | Sequence[int]) -> list[Any]:
    """Subqueries of document ids that together are `documents`: a statement selecting their
    ids as one, or listed ids a chunk at a time, within the database's bound values."""
    if isinstance(documents, Select):
        return [documents.subquery()]
    return [
        select(m.Document.id).where(m.Document.id.in_(part)).subquery()
        for part in chunks(sorted(set(documents)))
    ]


def document_ids_of(session: Session, documents: Select[Any] | Sequence[int]) -> list[int]:
    """The ids of the catalog's documents among `documents`, in id order."""
    found: list[int] = []
    for part in document_parts(documents):
        found += session.execute(select(part.c.id)).scalars()
    return sorted(found)


def planned_change(
    session: Session,
    documents: Select[Any] | Sequence[int],
    add: Sequence[str],
    remove: Sequence[str],
    field: str = "tag",
) -> LinkChange:
    """What adding `add` to and taking `remove` from `documents` (a statement selecting their
    ids, or the ids) would do, without doing it.

    `remove` may hold "*": every value the documents have but those added (setting a
    document's languages to one is adding it and taking away the rest).
    """
    linked = _linked_field(field)
    add = value_names(add, field)
    every_other = "*" in remove
    remove = value_names([name for name in remove if name != "*"], field)
    both = sorted(set(add) & set(remove))
    if both:
        raise InputError(f"the {field} '{both[0]}' cannot be both added and taken away")
    parts = document_parts(documents)
    if linked.names is m.Collection:
        _require_collections(session, add)
    if every_other:
        remove = [name for name in _values_held(session, linked, parts) if name not in add]

    def found(name: str, held: bool) -> tuple[int, ...]:
        ids: list[int] = []
        for part in parts:
            holds = _holds(linked, part.c.id, name)
            ids += session.execute(select(part.c.id).where(holds if held else ~holds)).scalars()
        return tuple(sorted(ids))

    return LinkChange(
        field,
        {name: found(name, held=False) for name in add},
        {name: found(name, held=True) for name in remove},
    )


def apply_change(
    session: Session, change: LinkChange, report: Callable[[int, int], None] | None = None
) -> None:
    """Write `change` (planned, or the reverse of one written): its documents' values, sort
    keys and versions, so that an editor's copy read before it is refused, never written over.
    `report(done, total)` hears of each chunk written (see `Steps`)."""
    linked = _linked_field(change.field)
    written = sum(len(ids) for ids in (*change.added.values(), *change.removed.values()))
    steps = Steps(written + len(change.document_ids), report)
    link, value_column = linked.link, linked.value_column
    for name, ids in change.added.items():
        if not ids:
            continue
        (value_id,) = _value_ids(session, linked, [name])
        for part in chunks(ids):
            # Each document's new value goes after those it has, as a person would list it.
            after = (
                select(func.coalesce(func.max(link.position) + 1, 0))
                .where(link.document_id == m.Document.id)
                .scalar_subquery()
            )
            session.execute(
                insert(link).from_select(
                    ["document_id", value_column.key, "position"],
                    select(m.Document.id, literal(value_id), after).where(m.Document.id.in_(part)),
                )
            )
            steps.advance(len(part))
    for name, ids in change.removed.items():
        known = session.execute(
            select(linked.names.id).where(linked.name_column == name)
        ).scalar_one_or_none()
        if known is None or not ids:
            continue
        for part in chunks(ids):
            session.execute(delete(link).where(value_column == known, link.document_id.in_(part)))
            steps.advance(len(part))
    refresh_sort_keys(session, change.field, change.document_ids)
    touch(session, change.document_ids, steps)


def touch(session: Session, ids: Sequence[int], steps: Steps | None = None) -> None:
    """Move the versions of documents `ids` on, and their time of change: they were edited."""
    note_documents_changed(session, ids)
    now = datetime.now(UTC).replace(tzinfo=None)
    for part in chunks(ids):
        session.execute(
            update(m.Document)
            .where(m.Document.id.in_(part))
            .values(version_id=m.Document.version_id + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if steps is not None:
            steps.advance(len(part))


def chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _linked_field(field: str) -> LinkedField:
    if field not in BULK_FIELDS:
        raise InputError(
            f"'{field}' cannot be added to many documents at once; these can: "
            + ", ".join(BULK_FIELDS)
        )
    return LINKED_FIELDS[field]


def _value_ids(session: Session, linked: LinkedField, names: Sequence[str]) -> list[int]:
    """The ids of values by name: tags and languages added if new, collections only found."""
    if linked.names is not m.Collection:
        return name_ids(session, linked.names, names)
    return [_require_collections(session, [name])[name] for name in names]


def _require_collections(session: Session, titles: Sequence[str]) -> dict[str, int]:
    """The ids of the collections `titles`; InputError naming one the catalog lacks."""
    found: dict[str, int] = {}
    for title in titles:
        ids = session.execute(
            select(m.Collection.id).where(m.Collection.title == title).order_by(m.Collection.id)
        ).scalars()
        first = next(iter(ids), None)
        if first is None:
            raise InputError(f"the catalog has no collection '{title}'; create it first")
        found[title] = first
    return found


def _values_held(session: Session, linked: LinkedField, parts: Sequence[Any]) -> list[str]:
    """Every value any of the documents holds, by name."""
    held: dict[str, None] = {}
    for part in parts:
        statement = (
            select(linked.name_column)
            .join(linked.link, linked.value_column == linked.names.id)
            .where(linked.link.document_id.in_(select(part.c.id)))
            .distinct()
        )
        held.update(dict.fromkeys(session.execute(statement).scalars()))
    return sorted(held)


def _holds(linked: LinkedField, document_id: Any, name: str) -> Any:
    return exists(
        select(linked.link.document_id)
        .join(linked.names, linked.names.id == linked.value_column)
        .where(linked.link.document_id == document_id, linked.name_column == name)
    )


def refresh_sort_keys(session: Session, field: str, ids: Sequence[int]) -> None:
    """Each document's sort key of `field` (collections, languages: the table sorts by them),
    from its values as they now are, in order; nothing for a field without one."""
    column = _SORT_COLUMNS.get(field)
    if column is None:
        return
    linked = LINKED_FIELDS[field]
    for part in chunks(ids):
        values: dict[int, list[str]] = defaultdict(list)
        for document_id, name in session.execute(
            select(linked.link.document_id, linked.name_column)
            .join(linked.names, linked.names.id == linked.value_column)
            .where(linked.link.document_id.in_(part))
            .order_by(linked.link.document_id, linked.link.position)
        ):
            values[document_id].append(name)
        table = m.Document.metadata.tables["documents"]
        session.execute(
            update(table)
            .where(table.c.id == bindparam("target"))
            .values({column.key: bindparam("key")}),
            [{"target": i, "key": sort_key(values.get(i, ()))} for i in part],
        )
