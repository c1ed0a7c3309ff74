"""Changing the tags of many documents in one transaction, and undoing the change exactly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from desktop_app.domain.views import TagChange
from desktop_app.services.transactions import Transactions
from desktop_app.storage.tagging import apply_change, planned_change


def retag(
    transactions: Transactions,
    documents: Select[Any] | Sequence[int],
    add: Sequence[str],
    remove: Sequence[str],
    *,
    dry_run: bool = False,
) -> TagChange:
    """Add `add` to and take `remove` from `documents` (a statement selecting their ids, or
    the ids), all or nothing; what it did. `dry_run` plans the change and writes nothing."""
    if dry_run:
        with transactions.read() as session:
            return planned_change(session, documents, add, remove)

    def write(session: Session) -> TagChange:
        # Planned inside the transaction, so that what it writes is what it read.
        change = planned_change(session, documents, add, remove)
        apply_change(session, change)
        return change

    return transactions.write(write, "edit")


def revert_tags(transactions: Transactions, change: TagChange) -> TagChange:
    """Undo `change` on its documents only; the change that redoes it."""
    reverse = change.reversed()
    transactions.write(
        lambda session: apply_change(session, reverse), "edit", document_ids=reverse.document_ids
    )
    return reverse
