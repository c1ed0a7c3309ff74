"""A person's changes to documents — edits, values added to or set on a selection, deletions —
each in one transaction, handed back as the change it made, and undone exactly."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from desktop_app.domain.edits import (
    CollectionChange,
    CollectionEdit,
    DocumentChange,
    LinkChange,
    PeopleChange,
    PersonAliases,
    PersonRename,
    RecordEdit,
    Removal,
    ValueChange,
)
from desktop_app.domain.errors import ChangeCancelled
from desktop_app.domain.records import CollectionRecord
from desktop_app.services.progress import CancelCheck, Progress
from desktop_app.services.transactions import Transactions
from desktop_app.storage.assigning import apply_values, planned_values
from desktop_app.storage.collection_editing import (
    collection_record,
    delete_collections,
    edit_collection,
    make_collections,
)
from desktop_app.storage.editing import apply_edit, edit_document, edit_documents
from desktop_app.storage.linking import apply_change, document_ids_of, planned_change
from desktop_app.storage.people_editing import (
    change_aliases,
    merge_people,
    planned_merge,
    rename_person,
    separate_person,
)
from desktop_app.storage.removing import remove_documents, restore_documents

Documents = Select[Any] | Sequence[int]
_Change = TypeVar("_Change", LinkChange, ValueChange)


def relink(
    transactions: Transactions,
    field: str,
    documents: Documents,
    add: Sequence[str],
    remove: Sequence[str],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> LinkChange:
    """Add `add` to and take `remove` from `documents`' values of `field` (tags, collections,
    languages), all or nothing; what it did. `dry_run` plans the change and writes nothing.
    `progress(done, total)` hears of the documents written; `cancelled()`, asked after each
    chunk, stops the change (ChangeCancelled) with nothing changed."""
    report = _reporter(progress, cancelled)
    return _planned_and_written(
        transactions,
        lambda session: planned_change(session, documents, add, remove, field),
        lambda session, change: apply_change(session, change, report),
        dry_run,
    )


def assign(
    transactions: Transactions,
    field: str,
    documents: Documents,
    value: str | None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ValueChange:
    """Give `documents` the value `value` of `field` (type, archive), all or nothing; the
    progress and cancelling of `relink`."""
    report = _reporter(progress, cancelled)
    return _planned_and_written(
        transactions,
        lambda session: planned_values(session, documents, field, value),
        lambda session, change: apply_values(session, change, report),
        dry_run,
    )


def edit(
    transactions: Transactions,
    document_id: int,
    expected_version: int,
    changes: Mapping[str, Any],
) -> RecordEdit:
    """Make a person's `changes` to one document, read at `expected_version`."""
    return transactions.write(
        lambda session: edit_document(session, document_id, expected_version, changes),
        "edit",
        document_ids=[document_id],
    )


def edit_many(
    transactions: Transactions, documents: Documents, changes: Mapping[str, Any]
) -> list[RecordEdit]:
    """Make the same `changes` to every one of `documents`, all or nothing; the edits made."""
    return transactions.write(
        lambda session: edit_documents(session, document_ids_of(session, documents), changes),
        "edit",
    )


def new_collection(
    transactions: Transactions, record: CollectionRecord, documents: Documents | None
) -> CollectionChange:
    """Make the collection `record`, holding `documents` (none: empty), all or nothing."""

    def write(session: Session) -> CollectionChange:
        members = (
            {record.title: tuple(document_ids_of(session, documents))}
            if documents is not None
            else {}
        )
        return make_collections(session, CollectionChange(True, (record,), members))

    return transactions.write(write, "edit")


def change_collection(
    transactions: Transactions, title: str, changes: Mapping[str, Any]
) -> CollectionEdit:
    """Rename, move or give a period to the collection `title` (`changes` are fields of its
    `CollectionRecord`), if it is as it was read."""

    def write(session: Session) -> CollectionEdit:
        before = collection_record(session, title)
        return edit_collection(session, CollectionEdit(before, replace(before, **changes)))

    return transactions.write(write, "edit")


def plan_merge(transactions: Transactions, name: str, into: str) -> PeopleChange:
    """What merging the person `name` into `into` would do (`dossier people merge --dry-run`)."""
    with transactions.read() as session:
        return planned_merge(session, name, into)


def remove(
    transactions: Transactions,
    documents: Documents,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Removal:
    """Delete `documents`, all or nothing; each kept whole, so that `apply` of the reverse puts
    them back. The progress and cancelling of `relink`."""
    report = _reporter(progress, cancelled)
    return transactions.write(
        lambda session: remove_documents(session, document_ids_of(session, documents), report),
        "edit",
    )


def apply(
    transactions: Transactions,
    change: DocumentChange,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> DocumentChange:
    """Write `change` (one made before, or the reverse of one, to undo it) on its documents
    only; the change as written, whose `reversed()` undoes it. A change of many documents
    reports and stops as `relink` does.

    Documents put back under ids others took meanwhile get new ones: the change as written
    names them.
    """
    report = _reporter(progress, cancelled)

    def write(session: Session) -> DocumentChange:
        if isinstance(change, LinkChange):
            apply_change(session, change, report)
        elif isinstance(change, ValueChange):
            apply_values(session, change, report)
        elif isinstance(change, RecordEdit):
            return apply_edit(session, change)
        elif isinstance(change, PeopleChange):
            if change.merged:
                return merge_people(session, change.name, change.into)
            return separate_person(session, change)
        elif isinstance(change, PersonRename):
            return rename_person(session, change)
        elif isinstance(change, PersonAliases):
            return change_aliases(session, change)
        elif isinstance(change, CollectionChange):
            if change.made:
                return make_collections(session, change)
            return delete_collections(session, change)
        elif isinstance(change, CollectionEdit):
            return edit_collection(session, change)
        elif change.restored:
            return restore_documents(session, change)
        else:
            return remove_documents(session, change.document_ids, report)
        return change

    # Which documents change is told by the notice where it is known beforehand; a notice of
    # none has every desktop refresh everything (documents put back, people's documents).
    ids = change.document_ids if isinstance(change, LinkChange | ValueChange | RecordEdit) else []
    return transactions.write(write, "edit", document_ids=list(ids))


def _reporter(
    progress: Progress | None, cancelled: CancelCheck | None
) -> Callable[[int, int], None] | None:
    """What a change tells after each chunk: the progress, once it has asked whether to stop."""
    if progress is None and cancelled is None:
        return None

    def report(done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise ChangeCancelled("the change was cancelled; nothing was changed")
        if progress is not None:
            progress(done, total)

    return report


def _planned_and_written(
    transactions: Transactions,
    plan: Callable[[Session], _Change],
    write: Callable[[Session, _Change], None],
    dry_run: bool,
) -> _Change:
    if dry_run:
        with transactions.read() as session:
            return plan(session)

    def planned_and_written(session: Session) -> _Change:
        # Planned inside the transaction, so that what it writes is what it read.
        change = plan(session)
        write(session, change)
        return change

    return transactions.write(planned_and_written, "edit")
