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

from desktop_app.domain.records import CollectionRecord, Credit, DocumentRecord
from desktop_app.domain.text import plural

#: The fields a person may edit, by the name an edit (and `dossier set`) gives them, with the
#: `DocumentRecord` attribute each is.
EDITABLE_FIELDS: dict[str, str] = {
    "title": "title",
    "date": "date",
    "type": "doc_type",
    "number": "number",
    "authors": "credits",
    "recipients": "credits",
    "via": "credits",
    "participants": "credits",
    "mentioned": "credits",
    "origin": "origin",
    "places": "places",
    "subjects": "subjects",
    "languages": "languages",
    "archive": "archive",
    "source": "source_citation",
    "classification": "classification",
    "record_id": "record_id",
    "url": "url",
    "summary": "summary",
    "notes": "notes",
    "tags": "tags",
    "collections": "collections",
}

#: The editable fields of several values each (a list of names).
LIST_FIELDS = frozenset(
    {
        "authors",
        "recipients",
        "via",
        "participants",
        "mentioned",
        "places",
        "subjects",
        "languages",
        "tags",
        "collections",
    }
)


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
        return _union(*self.added.values(), *self.removed.values())

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
        return _union(*self.assigned.values())

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


def _union(*groups: tuple[int, ...]) -> list[int]:
    """The ids of sorted groups, once each, in order; one group as it is (a change of one tag
    on 100,000 documents is described on the GUI thread: no set of them is built there)."""
    filled = [group for group in groups if group]
    if len(filled) == 1:
        return list(filled[0])
    return sorted({i for group in filled for i in group})


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


#: A person's credit on a document, as recorded for undoing a merge: the document, the role,
#: the credit's place among the document's credits, and the name the source wrote.
PersonLink = tuple[int, str, int, str | None]


@dataclass(frozen=True, slots=True)
class PeopleChange:
    """Two people made one (`merged`: `name`, and its `aliases`, became names of `into`), or
    a name separated again into a person of its own (`merged` False).

    `links` are the credits the separated person has (those the merge moved); a separation
    asked for by name finds them by the names the sources wrote.
    """

    merged: bool
    name: str
    into: str
    aliases: tuple[str, ...] = ()
    links: tuple[PersonLink, ...] = ()

    @property
    def document_ids(self) -> list[int]:
        return sorted({link[0] for link in self.links})

    def reversed(self) -> PeopleChange:
        return PeopleChange(not self.merged, self.name, self.into, self.aliases, self.links)

    def describe(self) -> str:
        if self.merged:
            return f"Merge of “{self.name}” into “{self.into}”"
        return f"Separation of “{self.name}” from “{self.into}”"

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class PersonRename:
    """A person given another name; `keep_alias`: the name they had stays one of theirs, so
    that an import that writes it finds them (False when a rename is undone)."""

    before: str
    after: str
    keep_alias: bool = True
    document_ids: tuple[int, ...] = ()

    def reversed(self) -> PersonRename:
        return PersonRename(self.after, self.before, not self.keep_alias, self.document_ids)

    def describe(self) -> str:
        return f"Rename of “{self.before}” to “{self.after}”"

    def __bool__(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class PersonAliases:
    """Other names given to a person (`added`) and taken from them (`removed`)."""

    person: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    document_ids: tuple[int, ...] = ()

    def reversed(self) -> PersonAliases:
        return PersonAliases(self.person, self.removed, self.added, self.document_ids)

    def describe(self) -> str:
        parts = [f"+“{name}”" for name in self.added] + [f"−“{name}”" for name in self.removed]
        return f"Other names of “{self.person}”: {' '.join(parts)}"

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True, slots=True)
class CollectionChange:
    """Collections made (`made`) or deleted (`made` False): each as a record (parents first:
    a collection and its sub-collections), with the documents in each, by title."""

    made: bool
    collections: tuple[CollectionRecord, ...]
    members: Mapping[str, tuple[int, ...]] = dataclasses.field(default_factory=dict)

    @property
    def document_ids(self) -> list[int]:
        return sorted({i for ids in self.members.values() for i in ids})

    def reversed(self) -> CollectionChange:
        return CollectionChange(not self.made, self.collections, self.members)

    def describe(self) -> str:
        title = self.collections[0].title if self.collections else ""
        verb = "New collection" if self.made else "Deletion of the collection"
        count = len(self.document_ids)
        return f"{verb} “{title}”" + (f" ({plural(count, 'document')})" if count else "")

    def __bool__(self) -> bool:
        return bool(self.collections)


@dataclass(frozen=True, slots=True)
class CollectionEdit:
    """A collection renamed, moved under another (or to the top), or given another period."""

    before: CollectionRecord
    after: CollectionRecord

    @property
    def document_ids(self) -> list[int]:
        return []

    def reversed(self) -> CollectionEdit:
        return CollectionEdit(self.after, self.before)

    def describe(self) -> str:
        before, after = self.before, self.after
        if before.title != after.title:
            return f"Rename of the collection “{before.title}” to “{after.title}”"
        if before.parent_title != after.parent_title:
            where = f"into “{after.parent_title}”" if after.parent_title else "to the top"
            return f"Move of the collection “{after.title}” {where}"
        return f"Period of the collection “{after.title}”"

    def __bool__(self) -> bool:
        return self.before != self.after


#: Any change a person makes that the catalog can undo.
DocumentChange = (
    LinkChange
    | ValueChange
    | RecordEdit
    | Removal
    | PeopleChange
    | PersonRename
    | PersonAliases
    | CollectionChange
    | CollectionEdit
)


def touches_collections(change: DocumentChange) -> bool:
    """Whether a change can move the collections or their counts (a tag added cannot)."""
    if isinstance(change, CollectionChange | CollectionEdit | Removal):
        return True
    if isinstance(change, LinkChange):
        return change.field == "collection"
    if isinstance(change, RecordEdit):
        return "collections" in change.fields
    return False


#: The table's sort keys each field of a bulk change sorts by.
_SORT_KEYS = {
    "type": "type",
    "archive": "archive",
    "collection": "collections",
    "language": "languages",
}


def may_move_result(change: DocumentChange, query: str, sort_key: str) -> bool:
    """Whether a change can change which documents a query finds or their order (a tag added
    changes neither for `author:Stalin` sorted by date): if not, reading the rows again is
    enough. Any doubt says it can."""
    if not isinstance(change, LinkChange | ValueChange):
        return True
    if _SORT_KEYS.get(change.field) == sort_key:
        return True
    folded = query.casefold()
    # A query of fields or words: the changed field's name in it, or has:/missing:, may mean it.
    return change.field in folded or "has:" in folded or "missing:" in folded
