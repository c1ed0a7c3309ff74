"""Editing a document's own fields, only from an up-to-date copy (the version counter)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.domain.errors import ConflictError, InputError
from desktop_app.storage import fulltext
from desktop_app.storage import models as m
from desktop_app.storage.updating import full_text_rows
from desktop_app.storage.writer import name_ids, sort_key

#: The fields a person may edit in place; the rest come from the archive's records.
EDITABLE_FIELDS = ("title", "summary", "notes", "tags")


def update_document(
    session: Session,
    document_id: int,
    expected_version: int,
    changes: Mapping[str, str | Sequence[str]],
) -> None:
    """Change a document's title, summary, notes or tags (the whole list) in the session.

    ConflictError when the document is gone or no longer at `expected_version` (someone saved
    another edit, or an import updated it, since it was read). The check is made twice: here,
    for a message that names the versions, and by the UPDATE itself (`WHERE version_id = …`),
    for an edit saved between the read and the write.
    """
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise InputError(
            f"'{unknown[0]}' cannot be edited; editable fields: {', '.join(EDITABLE_FIELDS)}"
        )
    document = session.get(m.Document, document_id)
    if document is None:
        raise ConflictError(
            f"document {document_id} was removed from the catalog meanwhile; "
            "your edit was not saved"
        )
    if document.version_id != expected_version:
        raise ConflictError(_stale_message(document.title, expected_version, document.version_id))
    title = changes.get("title")
    if title is not None:
        cleaned = " ".join(str(title).split())
        if not cleaned:
            raise InputError("a document needs a title")
        document.title = cleaned
        document.sort_title = sort_key([cleaned])
    if "summary" in changes:
        document.summary = str(changes["summary"]).strip()
    if "notes" in changes:
        document.notes = str(changes["notes"]).strip()
    # Set even when only tags change, so that the row is written and its version moves on;
    # flushed before the tags are looked up, so that the row is written (and checked) once.
    document.updated_at = datetime.now(UTC).replace(tzinfo=None)
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(
            f"“{document.title}” was changed by someone else while you edited it; "
            "your edit was not saved"
        ) from None
    if "tags" in changes:
        _replace_tags(session, document_id, changes["tags"])
    if "title" in changes or "summary" in changes:
        fulltext.write_rows(session, full_text_rows(session, [document_id]), replace=True)


def _replace_tags(session: Session, document_id: int, tags: str | Sequence[str]) -> None:
    if isinstance(tags, str):
        raise InputError("tags are a list of names")
    names = list(dict.fromkeys(" ".join(tag.split()) for tag in tags if tag.strip()))
    session.execute(delete(m.DocumentTag).where(m.DocumentTag.document_id == document_id))
    rows = [
        {"document_id": document_id, "tag_id": tag_id, "position": position}
        for position, tag_id in enumerate(name_ids(session, m.Tag, names))
    ]
    if rows:
        session.execute(insert(m.DocumentTag), rows)


def _stale_message(title: str, expected: int, current: int) -> str:
    return (
        f"“{title}” was changed by someone else since you opened it (your copy is version "
        f"{expected}, the catalog's is version {current}); your edit was not saved — "
        "reload the document and edit it again"
    )
