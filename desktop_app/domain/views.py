"""What screens and commands show: rows, details, facet counts, collections, catalog facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.domain.dates import Precision


@dataclass(frozen=True, slots=True)
class Snippet:
    """A short passage of a document's text around the words a query looks for, and where
    they are in it (offsets of `text`); a view marks them, the text itself stays plain."""

    text: str
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One line of the document table; multi-valued columns are tuples in listing order.

    `snippet` is the passage that matched, for a query with words (None otherwise).
    """

    id: int
    date_text: str
    precision: Precision
    date_start: str | None
    date_end: str | None
    title: str
    doc_type: str
    number: str
    authors: tuple[str, ...]
    recipients: tuple[str, ...]
    origin: str
    collections: tuple[str, ...]
    record_id: str
    languages: tuple[str, ...]
    archive: str
    snippet: Snippet | None = None


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """Everything the catalog knows about one document, for the detail pane."""

    row: DocumentRow
    summary: str
    via: tuple[str, ...]
    participants: tuple[str, ...]
    mentioned: tuple[str, ...]
    title_dates: tuple[str, ...]
    subjects: tuple[str, ...]
    places: tuple[str, ...]
    tags: tuple[str, ...]
    source_citation: str
    classification: str
    url: str
    rights: str
    notes: str
    created_at: str
    updated_at: str
    #: The document's full text and its footnotes ("" where the catalog has none).
    text: str = ""
    footnotes: str = ""
    #: The document's version when read: an edit names it, and is refused if it has moved on.
    version: int = 1


@dataclass(frozen=True, slots=True)
class FacetValue:
    """A value of a facet and how many documents of the current result have it.

    `value` is None for the "(none)" bucket: documents with no value in that facet.
    """

    value: str | None
    count: int


@dataclass(frozen=True, slots=True)
class CollectionNode:
    """A collection in the tree, with the documents of it and of its sub-collections."""

    id: int
    title: str
    description: str
    period_start: int | None
    period_end: int | None
    document_count: int
    children: tuple[CollectionNode, ...] = ()

    @property
    def period_label(self) -> str:
        if self.period_start is None:
            return ""
        if self.period_end is None or self.period_end == self.period_start:
            return str(self.period_start)
        return f"{self.period_start}–{self.period_end}"


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The ids of the documents a query found, in the order asked, and how many there are."""

    total: int
    ids: Sequence[int]
    elapsed_ms: float = 0.0
    #: False when `ids` are only the first of `total` (see `Catalog.search_first`).
    complete: bool = True


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did; `skipped` counts documents the catalog already had as they are.

    `updated` counts those it had and changed: CSV and JSON imports update, listings never do.
    """

    source: str
    added: int
    skipped: int
    collections_added: int
    updated: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CatalogInfo:
    """Where a catalog is and what it holds, for `dossier info` and Help ▸ About."""

    location: str
    schema_version: str
    read_only: bool
    read_only_reason: str
    documents: int
    collections: int
    people: int
    places: int
    undated: int


@dataclass(frozen=True, slots=True)
class SavedSearchView:
    """A named query kept in the catalog; `version` guards against overwriting a newer edit."""

    id: int
    name: str
    query: str
    version: int


@dataclass(frozen=True, slots=True)
class PersonView:
    """One person of the catalog: the name, the other names they go by, how many documents
    credit them in any role."""

    name: str
    aliases: tuple[str, ...]
    documents: int
