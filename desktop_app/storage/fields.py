"""Where each field's values live in the catalog: the one map that the compiler, facet counts,
the in-memory arrays, the export reader and the writer all read.

Adding a facet field over a table of names is one entry here (and a query field in
`query.fields`): the query compiler matches it, `query.facets` counts it in SQL,
`storage.columns` reads it into arrays, `storage.export_rows` exports it and the writer fills it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.domain.records import Role
from desktop_app.storage import models as m


@dataclass(frozen=True, slots=True)
class LookupField:
    """A field held in a column of the document that points into a table of names."""

    name: str
    #: The document's column holding the name's id (`documents.doc_type_id`).
    column: Any
    #: The table of names (`DocType`): `id`, `name`, and the folded `key` queries match.
    names: Any
    #: The `DocumentRecord` attribute an import fills it from.
    record_attribute: str


@dataclass(frozen=True, slots=True)
class LinkedField:
    """A field of several values per document, held in a table of (document, value) pairs."""

    name: str
    #: The link table (`DocumentPlace`), with `document_id` and `position`.
    link: Any
    #: The link table's column holding the value's id (`document_places.place_id`).
    value_column: Any
    #: The table of names the values' ids point into.
    names: Any
    #: The `DocumentRecord` attribute an import fills it from, a tuple of names.
    record_attribute: str
    #: The export column that lists its values.
    export_column: str

    @property
    def name_column(self) -> Any:
        """The column a value is shown by: a collection's title, any other table's name."""
        return self.names.title if self.names is m.Collection else self.names.name


#: Fields held in a column of the document pointing into a table of names.
LOOKUP_FIELDS: dict[str, LookupField] = {
    field.name: field
    for field in (
        LookupField("type", m.Document.doc_type_id, m.DocType, "doc_type"),
        LookupField("origin", m.Document.origin_id, m.Place, "origin"),
        LookupField("archive", m.Document.archive_id, m.Archive, "archive"),
    )
}

#: Fields held in link tables, in the order the writer fills them.
LINKED_FIELDS: dict[str, LinkedField] = {
    field.name: field
    for field in (
        LinkedField(
            "collection",
            m.DocumentCollection,
            m.DocumentCollection.collection_id,
            m.Collection,
            "collections",
            "collections",
        ),
        LinkedField(
            "place", m.DocumentPlace, m.DocumentPlace.place_id, m.Place, "places", "places"
        ),
        LinkedField(
            "subject",
            m.DocumentSubject,
            m.DocumentSubject.subject_id,
            m.Subject,
            "subjects",
            "subjects",
        ),
        LinkedField(
            "language",
            m.DocumentLanguage,
            m.DocumentLanguage.language_id,
            m.Language,
            "languages",
            "languages",
        ),
        LinkedField("tag", m.DocumentTag, m.DocumentTag.tag_id, m.Tag, "tags", "tags"),
    )
}

#: Fields of people, held in `document_people`: the role each stands for, None for any role.
PEOPLE_FIELDS: dict[str, Role | None] = {
    "author": Role.AUTHOR,
    "recipient": Role.RECIPIENT,
    "via": Role.VIA,
    "participant": Role.PARTICIPANT,
    "person": None,
}

#: Fields held as short text in a column of the document itself (empty text: no value).
TEXT_COLUMN_FIELDS: dict[str, Any] = {
    "number": m.Document.number,
    "classification": m.Document.classification,
    "summary": m.Document.summary,
    "url": m.Document.url,
    "notes": m.Document.notes,
    "note": m.Document.notes,  # the `note:` field's words; "notes" is what has: tests
    "source": m.Document.source_citation,
}

#: The people export columns: the role each lists.
PEOPLE_EXPORT_COLUMNS: dict[str, Role] = {
    "authors": Role.AUTHOR,
    "recipients": Role.RECIPIENT,
    "via": Role.VIA,
    "participants": Role.PARTICIPANT,
    "mentioned": Role.MENTIONED,
}
