"""A person's edit of one document, any of its fields, saved only from an up-to-date copy.

An edit reads the document back as the whole record an import would have made, changes the
fields the person changed, and has the writer write that record over the document (row, sort
keys, links, full-text entry), so that an edited document is stored exactly as an imported
one. The edit is kept as the record before and after (`RecordEdit`): undoing it writes the
record before back, if the fields it changed are still as the edit left them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop_app.domain.dates import DateParseError, HistoricalDate, parse_date
from desktop_app.domain.edits import (
    EDITABLE_FIELDS,
    LIST_FIELDS,
    RecordEdit,
    changed_fields,
    field_label,
)
from desktop_app.domain.errors import ConflictError, InputError
from desktop_app.domain.records import Credit, DocumentRecord, PersonName, Role
from desktop_app.storage import models as m
from desktop_app.storage.updating import stored_records
from desktop_app.storage.writer import BatchWriter

#: The role each people field edits.
_ROLES = {
    "authors": Role.AUTHOR,
    "recipients": Role.RECIPIENT,
    "via": Role.VIA,
    "participants": Role.PARTICIPANT,
    "mentioned": Role.MENTIONED,
}

#: Fields of one line of text, stored empty (None) when a person clears them.
_OPTIONAL_TEXT = {"type", "number", "origin", "archive", "source", "classification", "url"}


def edited_record(record: DocumentRecord, changes: Mapping[str, Any]) -> DocumentRecord:
    """`record` with `changes` (by the names of `EDITABLE_FIELDS`) made; InputError naming
    the field for a value that cannot be stored (an empty title, an unreadable date)."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise InputError(
            f"'{unknown[0]}' cannot be edited; editable fields: {', '.join(EDITABLE_FIELDS)}"
        )
    values: dict[str, Any] = {}
    credits = list(record.credits)
    for name, value in changes.items():
        attribute = EDITABLE_FIELDS[name]
        if name in _ROLES:
            role = _ROLES[name]
            people = [PersonName(person) for person in _listed(name, value)]
            kept = [credit for credit in credits if credit.role is not role]
            credits = kept + [Credit(person, role) for person in people]
        elif name in LIST_FIELDS:
            values[attribute] = tuple(_listed(name, value))
        elif name == "date":
            values[attribute] = _date(value)
        elif name == "title":
            title = " ".join(_text(name, value).split())
            if not title:
                raise InputError("title: a document needs a title")
            values[attribute] = title
        elif name in _OPTIONAL_TEXT or name == "record_id":
            values[attribute] = " ".join(_text(name, value).split()) or None
        else:  # summary, notes: text of several lines, kept as written
            values[attribute] = _text(name, value).strip() or ("" if name == "summary" else None)
    if any(name in _ROLES for name in changes):
        values["credits"] = tuple(credits)
    return replace(record, **values)


def edit_document(
    session: Session, document_id: int, expected_version: int, changes: Mapping[str, Any]
) -> RecordEdit:
    """Make `changes` to document `document_id` from a copy read at `expected_version`.

    ConflictError when the document is gone or no longer at that version (someone saved
    another edit, or an import updated it, since it was read). The check is the UPDATE that
    moves the version on (`WHERE version_id = …`): on PostgreSQL a second editor waits for
    the first to commit, then finds the version moved and is refused.
    """
    before = _locked_record(session, document_id, expected_version)
    after = edited_record(before, changes)
    return _write(session, RecordEdit(document_id, before, after))


def edit_documents(
    session: Session, ids: Sequence[int], changes: Mapping[str, Any]
) -> list[RecordEdit]:
    """Make the same `changes` to every document of `ids` (`dossier set`); the edits made."""
    edits = []
    for document_id in ids:
        before = _locked_record(session, document_id, None)
        edit = _write(session, RecordEdit(document_id, before, edited_record(before, changes)))
        if edit:
            edits.append(edit)
    return edits


def apply_edit(session: Session, edit: RecordEdit) -> RecordEdit:
    """Write `edit` (or the reverse of one, to undo it) if the fields it changes are still as
    `edit.before` has them, and only those; ConflictError naming the first that another change
    moved."""
    current = _locked_record(session, edit.document_id, None)
    moved = [name for name in changed_fields(edit.before, current) if name in edit.fields]
    if moved:
        raise ConflictError(
            f"the {field_label(moved[0])} of “{current.title}” was changed since; the change "
            "was not made — reload the document and make it again"
        )
    # Only the edit's own fields: what other changes did to the rest (tags added since) stays.
    made = {name: getattr(edit.after, name) for name in edit.fields}
    return _write(session, RecordEdit(edit.document_id, current, replace(current, **made)))


def _write(session: Session, edit: RecordEdit) -> RecordEdit:
    """Write `edit.after`; the edit as written (each person under the catalog's name)."""
    if not edit:
        return edit
    _require_free_record_id(session, edit.document_id, edit.after.record_id)
    writer = BatchWriter(session)
    # An alias typed is the person it names, shown by the catalog's name for them.
    (after,) = writer.with_catalog_names([edit.after])
    writer.rewrite({edit.document_id: after})
    return RecordEdit(edit.document_id, edit.before, after)


def _locked_record(
    session: Session, document_id: int, expected_version: int | None
) -> DocumentRecord:
    """The document as a whole record, its row written first (and so locked until the
    transaction ends) — at `expected_version` only, when one is given."""
    document = m.Document
    statement = update(document).where(document.id == document_id)
    if expected_version is not None:
        statement = statement.where(document.version_id == expected_version)
    now = datetime.now(UTC).replace(tzinfo=None)
    moved = session.execute(
        statement.values(updated_at=now).execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if not moved:
        found = session.execute(
            select(document.title, document.version_id).where(document.id == document_id)
        ).first()
        if found is None:
            raise ConflictError(
                f"document {document_id} was removed from the catalog meanwhile; "
                "your edit was not saved"
            )
        title, version = found
        raise ConflictError(
            f"“{title}” was changed by someone else since you opened it (your copy is "
            f"version {expected_version}, the catalog's is version {version}); your edit was "
            "not saved — reload the document and edit it again"
        )
    return stored_records(session, [document_id])[document_id]


def _require_free_record_id(session: Session, document_id: int, record_id: str | None) -> None:
    if not record_id:
        return
    owner = session.execute(
        select(m.Document.id, m.Document.title).where(
            m.Document.record_id == record_id, m.Document.id != document_id
        )
    ).first()
    if owner is not None:
        raise InputError(f"record ID: {record_id} is already the ID of “{owner.title}”")


def _date(value: Any) -> HistoricalDate:
    if isinstance(value, HistoricalDate):
        return value
    try:
        return parse_date(_text("date", value))
    except DateParseError as error:
        raise InputError(f"date: {error}") from None


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InputError(f"{name}: a text is needed here")
    return value


def _listed(name: str, value: Any) -> list[str]:
    """A list field's values, each tidied once; InputError for text where a list belongs."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InputError(f"{name}: a list of names is needed here")
    names: Sequence[str] = [_text(name, item) for item in value]
    return list(dict.fromkeys(tidy for tidy in (" ".join(n.split()) for n in names) if tidy))
