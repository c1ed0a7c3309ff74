"""Tags added to and taken from many documents at once, and the exact reverse of each change.

A bulk change reads which documents it really changes (those lacking a tag it adds, those
holding a tag it takes away) before it writes, so that undoing it touches those documents only
and leaves a tag that was there before where it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, delete, exists, func, insert, literal, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.errors import InputError
from desktop_app.domain.views import TagChange
from desktop_app.storage import models as m
from desktop_app.storage.lookups import name_ids

#: Documents written a statement at a time: well under SQLite's limit of bound values.
CHUNK = 5000


def tag_names(names: Sequence[str]) -> list[str]:
    """Tags as a person typed them, spaces tidied, each once; InputError for an empty one."""
    tidied = [" ".join(name.split()) for name in names]
    if any(not name for name in tidied):
        raise InputError("a tag needs a name")
    return list(dict.fromkeys(tidied))


def planned_change(
    session: Session,
    documents: Select[Any] | Sequence[int],
    add: Sequence[str],
    remove: Sequence[str],
) -> TagChange:
    """What adding `add` to and taking `remove` from `documents` (a statement selecting their
    ids, or the ids) would do, without doing it."""
    add, remove = tag_names(add), tag_names(remove)
    both = sorted(set(add) & set(remove))
    if both:
        raise InputError(f"the tag '{both[0]}' cannot be both added and taken away")
    if isinstance(documents, Select):
        parts = [documents.subquery()]
    else:
        # Listed ids are asked for a chunk at a time, within the database's bound values.
        parts = [
            select(m.Document.id).where(m.Document.id.in_(part)).subquery()
            for part in _chunks(sorted(set(documents)))
        ]

    def found(name: str, tagged: bool) -> tuple[int, ...]:
        ids: list[int] = []
        for part in parts:
            holds = _tagged(part.c.id, name)
            ids += session.execute(select(part.c.id).where(holds if tagged else ~holds)).scalars()
        return tuple(sorted(ids))

    return TagChange(
        {name: found(name, tagged=False) for name in add},
        {name: found(name, tagged=True) for name in remove},
    )


def apply_change(session: Session, change: TagChange) -> None:
    """Write `change` (planned, or the reverse of one written): its documents' tags and their
    versions, so that an editor's copy read before it is refused, never written over it."""
    for name, ids in change.added.items():
        if not ids:
            continue
        (tag_id,) = name_ids(session, m.Tag, [name])
        for part in _chunks(ids):
            # Each document's new tag goes after those it has, as a person would list it.
            after = (
                select(func.coalesce(func.max(m.DocumentTag.position) + 1, 0))
                .where(m.DocumentTag.document_id == m.Document.id)
                .scalar_subquery()
            )
            session.execute(
                insert(m.DocumentTag).from_select(
                    ["document_id", "tag_id", "position"],
                    select(m.Document.id, literal(tag_id), after).where(m.Document.id.in_(part)),
                )
            )
    for name, ids in change.removed.items():
        known = session.execute(select(m.Tag.id).where(m.Tag.name == name)).scalar_one_or_none()
        if known is None or not ids:
            continue
        for part in _chunks(ids):
            session.execute(
                delete(m.DocumentTag).where(
                    m.DocumentTag.tag_id == known, m.DocumentTag.document_id.in_(part)
                )
            )
    now = datetime.now(UTC).replace(tzinfo=None)
    for part in _chunks(change.document_ids):
        session.execute(
            update(m.Document)
            .where(m.Document.id.in_(part))
            .values(version_id=m.Document.version_id + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )


def _tagged(document_id: Any, name: str) -> Any:
    return exists(
        select(m.DocumentTag.document_id)
        .join(m.Tag, m.Tag.id == m.DocumentTag.tag_id)
        .where(m.DocumentTag.document_id == document_id, m.Tag.name == name)
    )


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])
