"""Documents deleted from the catalog, kept whole so that the deletion can be undone."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import delete
from sqlalchemy.orm import Session

from desktop_app.domain.edits import Removal
from desktop_app.domain.records import DocumentRecord
from desktop_app.storage import models as m
from desktop_app.storage.linking import Steps
from desktop_app.storage.lookups import in_parts
from desktop_app.storage.updating import clear_links, stored_records
from desktop_app.storage.writer import BatchWriter


def remove_documents(
    session: Session, ids: Sequence[int], report: Callable[[int, int], None] | None = None
) -> Removal:
    """Delete documents `ids`, with their links, texts and full-text entries; each as the whole
    record that puts it back. `report(done, total)` hears of each chunk (see `Steps`)."""
    records: dict[int, DocumentRecord] = {}
    steps = Steps(len(ids), report)
    for part in in_parts(list(ids)):
        records.update(stored_records(session, part))
        clear_links(session, part)
        session.execute(delete(m.DocumentText).where(m.DocumentText.document_id.in_(part)))
        session.execute(delete(m.Document).where(m.Document.id.in_(part)))
        steps.advance(len(part))
    return Removal(records)


def restore_documents(session: Session, removal: Removal) -> Removal:
    """Put deleted documents back under the ids they had (a new one for an id another
    document took meanwhile); the restoration as written, whose reverse deletes them again."""
    records = {i: removal.records[i] for i in sorted(removal.records)}
    ids = BatchWriter(session).restore(records)
    return Removal(dict(zip(ids, records.values(), strict=True)), restored=True)
