"""What a person's change to the catalog did, exactly enough that its `reversed()` undoes it.

Every change a person makes (a document edited, tags or collections added to a selection, a
type set on it, documents deleted, two people merged) is written in one transaction and handed
back as one of these values; the window keeps them on its undo stack and the catalog writes a
change's reverse to undo it. A change records which documents it really changed, so that
undoing it touches those only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.domain.records import Credit, DocumentRecord
from desktop_app.domain.text import plural


@dataclass(frozen=True, slots=True)
class LinkChange:
    """Values of a field of several (tags, collections, languages) added to and taken from
    documents, value by value: the ids each was added to and taken from, in id order."""

    field: str = "tag"
    added: Mapping[str, tuple[int, ...]] = dataclasses.field(default_factory=dict)
    removed: Mapping[str, tuple[int, ...]] = dataclasses.field(default_factory=dict)

    @property
    def document_ids(self) -> list[int]:
        """Every document the change touched, once, in id order."""
        touched = {i for ids in (*self.added.values(), *self.removed.values()) for i in ids}
        return sorted(touched)

    def reversed(self) -> LinkChange:
        return LinkChange(self.field, added=self.removed, removed=self.added)

    def describe(self) -> str:
        """'Tag +“korea” on 3 documents', for the status bar and Edit ▸ Undo."""
        parts = [f"+“{name}”" for name, ids in self.added.items() if ids]
        parts += [f"−“{name}”" for name, ids in self.removed.items() if ids]
        return (
            f"{field_label(self.field).capitalize()} {' '.join(parts)} "
            f"on {plural(len(self.document_ids), 'document')}"
        )

    def __bool__(self) -> bool:
        return any(self.added.values()) or any(self.removed.values())


@dataclass(frozen=True, slots=True)
class ValueChange:
    """A field of one value (type, archive) set on documents: `assigned` maps each value to the
    documents given it, `previous` each value they had before (None: none) to its documents."""

    field: str
    assigned: Mapping[str | None, tuple[int, ...]] = dataclasses.field(default_factory=dict)
    previous: Mapping[str | None, tuple[int, ...]] = dataclasses.field(default_factory=dict)

    @property
    def document_ids(self) -> list[int]:
        return sorted({i for ids in self.assigned.values() for i in ids})

    def reversed(self) -> ValueChange:
        return ValueChange(self.field, assigned=self.previous, previous=self.assigned)

    def describe(self) -> str:
        label = field_label(self.field).capitalize()
        values = [value for value, ids in self.assigned.items() if ids]
        shown = f"“{values[0]}”" if len(values) == 1 and values[0] else "as it was"
        if len(values) == 1 and values[0] is None:
            shown = "none"
        return f"{label} {shown} on {plural(len(self.document_ids), 'document')}"

    def __bool__(self) -> bool:
        return any(self.assigned.values())


@dataclass(frozen=True, slots=True)
class RecordEdit:
    """One document's fields as they were and as a person made them (whole records, as the
    catalog reads a document back); `fields` names those that differ."""

    document_id: int
    before: DocumentRecord
    after: DocumentRecord

    @property
    def fields(self) -> tuple[str, ...]:
        return changed_fields(self.before, self.after)

    @property
    def document_ids(self) -> list[int]:
        return [self.document_id]

    def reversed(self) -> RecordEdit:
        return RecordEdit(self.document_id, before=self.after, after=self.before)

    def describe(self) -> str:
        names = ", ".join(field_label(name) for name in self.fields)
        return f"Edit of “{self.after.title}” ({names})"

    def __bool__(self) -> bool:
        return bool(self.fields)


@dataclass(frozen=True, slots=True)
class Removal:
    """Documents deleted (`removed`, by id), or put back (`restored`), each as its whole record.

    Put back, a document keeps its id, unless another document took it meanwhile: the
    restoration as written names the ids it got.
    """

    records: Mapping[int, DocumentRecord]
    restored: bool = False

    @property
    def document_ids(self) -> list[int]:
        return sorted(self.records)

    def reversed(self) -> Removal:
        return Removal(self.records, restored=not self.restored)

    def describe(self) -> str:
        verb = "Restoring" if self.restored else "Deletion of"
        return f"{verb} {plural(len(self.records), 'document')}"

    def __bool__(self) -> bool:
        return bool(self.records)


#: Any change a person makes to documents that the catalog can undo.
DocumentChange = LinkChange | ValueChange | RecordEdit | Removal

#: How a field is named to a person, where its name in the records is not the word itself.
_FIELD_LABELS = {
    "doc_type": "type",
    "credits": "people",
    "source_citation": "source",
    "record_id": "record ID",
    "url": "URL",
    "date": "date",
    "tag": "tags",
    "collection": "collections",
    "language": "languages",
}


def field_label(name: str) -> str:
    """A field as a person names it: 'type' for `doc_type`, 'people' for `credits`."""
    return _FIELD_LABELS.get(name, name)


def changed_fields(before: DocumentRecord, after: DocumentRecord) -> tuple[str, ...]:
    """The fields of `after` a person changed from `before` (never `line` or `given`)."""
    return tuple(
        name
        for name in (f.name for f in dataclasses.fields(DocumentRecord))
        if name not in {"line", "given"}
        and _compared(name, getattr(before, name)) != _compared(name, getattr(after, name))
    )


def _compared(name: str, value: object) -> object:
    """A field's value as an edit compares it: people by name and role (not the aliases a merge
    may have given them since), texts absent or empty alike."""
    if name == "credits":
        assert isinstance(value, tuple)
        return tuple(
            (credit.person.name, credit.role) for credit in value if isinstance(credit, Credit)
        )
    return value or None
