"""A person's own collections: made (empty, or from a search), renamed, moved, given a period,
deleted with their sub-collections — each undone exactly.

Collections are known by title (queries say `collection:"Chapter 3"`), so a title another
collection has is refused, as is a move that would put a collection inside itself.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.edits import CollectionChange, CollectionEdit, LinkChange
from desktop_app.domain.errors import ConflictError, InputError
from desktop_app.domain.records import CollectionRecord
from desktop_app.domain.text import search_key
from desktop_app.storage import models as m
from desktop_app.storage.linking import apply_change, refresh_sort_keys, touch
from desktop_app.storage.lookups import CollectionLookup


def make_collections(session: Session, change: CollectionChange) -> CollectionChange:
    """Add `change.collections` (parents first) and put `change.members` in them."""
    lookup = CollectionLookup(session)
    for record in change.collections:
        # One at a time: a sub-collection's parent may be one made just before.
        _require_valid(session, record, None)
        lookup.add(record)
    for title, ids in change.members.items():
        if ids:
            apply_change(session, LinkChange("collection", added={title: ids}))
    return change


def delete_collections(session: Session, change: CollectionChange) -> CollectionChange:
    """Delete the collection `change.collections[0]` and everything under it; what was deleted,
    with the documents each held, so that the reverse makes it all again."""
    (first, *_) = change.collections
    root = _collection_id(session, first.title)
    if root is None:
        raise ConflictError(f"the collection “{first.title}” was deleted meanwhile")
    records, ids = _subtree(session, root)
    members: dict[str, tuple[int, ...]] = {}
    touched: set[int] = set()
    for record, collection_id in zip(records, ids, strict=True):
        held = tuple(
            session.execute(
                select(m.DocumentCollection.document_id)
                .where(m.DocumentCollection.collection_id == collection_id)
                .order_by(m.DocumentCollection.document_id)
            ).scalars()
        )
        members[record.title] = held
        touched.update(held)
    # Sub-collections and links go with the collection (ON DELETE CASCADE).
    session.execute(delete(m.Collection).where(m.Collection.id == root))
    changed = sorted(touched)
    refresh_sort_keys(session, "collection", changed)
    touch(session, changed)
    return CollectionChange(False, tuple(records), members)


def edit_collection(session: Session, edit: CollectionEdit) -> CollectionEdit:
    """Rename, move or give another period to the collection `edit.before`, if it is still as
    `edit.before` has it; ConflictError when another desktop changed it meanwhile."""
    before, after = edit.before, edit.after
    collection_id = _collection_id(session, before.title)
    if collection_id is None:
        raise ConflictError(f"the collection “{before.title}” was renamed or deleted meanwhile")
    if _record(session, collection_id) != before:
        raise ConflictError(
            f"the collection “{before.title}” was changed meanwhile; the change was not made"
        )
    _require_valid(session, after, collection_id)
    parent_id = _collection_id(session, after.parent_title) if after.parent_title else None
    session.execute(
        update(m.Collection)
        .where(m.Collection.id == collection_id)
        .values(
            title=after.title,
            key=search_key(after.title),
            parent_id=parent_id,
            period_start=after.period_start,
            period_end=after.period_end,
            version_id=m.Collection.version_id + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if before.title != after.title:
        members = list(
            session.execute(
                select(m.DocumentCollection.document_id).where(
                    m.DocumentCollection.collection_id == collection_id
                )
            ).scalars()
        )
        refresh_sort_keys(session, "collection", members)
        touch(session, members)
    return edit


def collection_record(session: Session, title: str) -> CollectionRecord:
    """The collection `title` as a record; InputError when the catalog has none of that title."""
    collection_id = _collection_id(session, title)
    if collection_id is None:
        raise InputError(f"the catalog has no collection “{title}”")
    return _record(session, collection_id)


def _require_valid(session: Session, record: CollectionRecord, own_id: int | None) -> None:
    if not record.title.strip():
        raise InputError("a collection needs a title")
    holder = _collection_id(session, record.title)
    if holder is not None and holder != own_id:
        raise InputError(f"a collection called “{record.title}” exists already")
    start, end = record.period_start, record.period_end
    if start is not None and end is not None and end < start:
        raise InputError(f"a period cannot end ({end}) before it begins ({start})")
    if record.parent_title is None:
        return
    parent = _collection_id(session, record.parent_title)
    if parent is None:
        raise InputError(f"the catalog has no collection “{record.parent_title}”")
    if own_id is not None and parent in _subtree(session, own_id)[1]:
        raise InputError(f"“{record.title}” cannot go inside itself or its own sub-collections")


def _collection_id(session: Session, title: str | None) -> int | None:
    if title is None:
        return None
    return (
        session.execute(
            select(m.Collection.id).where(m.Collection.title == title).order_by(m.Collection.id)
        )
        .scalars()
        .first()
    )


def _record(session: Session, collection_id: int) -> CollectionRecord:
    c = m.Collection
    row = session.execute(
        select(
            c.title, c.description, c.period_start, c.period_end, c.source_url, c.parent_id
        ).where(c.id == collection_id)
    ).one()
    parent_title = (
        session.execute(select(c.title).where(c.id == row.parent_id)).scalar_one()
        if row.parent_id is not None
        else None
    )
    return CollectionRecord(
        title=row.title,
        description=row.description or "",
        parent_title=parent_title,
        period_start=row.period_start,
        period_end=row.period_end,
        source_url=row.source_url,
    )


def _subtree(session: Session, root: int) -> tuple[list[CollectionRecord], list[int]]:
    """A collection and every collection under it, parents first: records and ids."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for collection_id, parent_id in session.execute(
        select(m.Collection.id, m.Collection.parent_id).order_by(m.Collection.id)
    ):
        children[parent_id].append(collection_id)
    ids: list[int] = []
    pending: list[int] = [root]
    while pending:
        current = pending.pop(0)
        ids.append(current)
        pending.extend(children.get(current, []))
    return [_record(session, i) for i in ids], ids
