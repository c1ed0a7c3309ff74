"""The catalog facade: every use case the window and the command line need, one session each."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeVar

from sqlalchemy import Select
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.domain.citing import CITATION_COLUMNS, citation_values
from desktop_app.domain.citing import VALUE_SEPARATOR as CITATION_SEPARATOR
from desktop_app.domain.columns import DEFAULT_EXPORT_COLUMNS
from desktop_app.domain.dates import parse_partial_iso
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
from desktop_app.domain.errors import InputError
from desktop_app.domain.records import CollectionRecord, ImportBatch
from desktop_app.domain.timeline import BinSize, TimelineData
from desktop_app.domain.views import (
    CatalogInfo,
    CollectionNode,
    DocumentDetail,
    DocumentRow,
    FacetValue,
    ImportReport,
    PersonView,
    SavedSearchView,
    SearchResult,
)
from desktop_app.importers.people import PeopleRegistry
from desktop_app.memory import fewer_collections
from desktop_app.query.ast import Node
from desktop_app.query.compiler import matching_ids
from desktop_app.query.parser import parse
from desktop_app.query.search_query import SearchQuery
from desktop_app.query.text_terms import best_snippet, text_terms
from desktop_app.query.timeline import ResultDatesCache
from desktop_app.services import curation, locations
from desktop_app.services.answers import Answers
from desktop_app.services.changes import CatalogChange, ChangeListener
from desktop_app.services.citations import FormattedCitations, format_citations
from desktop_app.services.column_cache import ColumnCache
from desktop_app.services.exporting import ExportResult, ExportSpec, export_documents
from desktop_app.services.generate import write_synthetic
from desktop_app.services.import_queue import import_turn
from desktop_app.services.importing import (
    ImportTracker,
    batches_writer,
    files_writer,
    source_format,
)
from desktop_app.services.progress import CancelCheck, Progress
from desktop_app.services.transactions import Transactions
from desktop_app.storage import saved_searches
from desktop_app.storage.engine import (
    OpenedCatalog,
    failure_reason,
    head_revision,
    open_catalog,
    refresh_statistics,
    url_to_remember,
)
from desktop_app.storage.export_rows import export_values
from desktop_app.storage.generation import document_generation
from desktop_app.storage.notifications import open_feed
from desktop_app.storage.reading import (
    catalog_counts,
    collection_tree,
    document_detail,
    document_rows,
    field_values,
    people_index,
    snippet_sources,
)

#: What the reading methods take: query text (parsed once, on entry), a tree, or a query value.
Query = str | Node | SearchQuery | None

_log = logging.getLogger(__name__)

_Change = TypeVar("_Change", PeopleChange, PersonRename, PersonAliases, CollectionChange)


class Catalog:
    """One open catalog. Thread-safe: each call takes its own session and connection."""

    def __init__(self, opened: OpenedCatalog) -> None:
        self._opened = opened
        # Names this object's changes in notices, so that its own listeners can tell them.
        self._source = uuid.uuid4().hex
        self._transactions = Transactions(opened, self._source)
        self._people: PeopleRegistry | None = None
        self._timeline_dates = ResultDatesCache(opened.engine)
        self._columns = ColumnCache(self._transactions.sessions)
        self._listeners: list[ChangeListener] = []

    @classmethod
    def open(cls, url: str | None = None) -> Catalog:
        """Open `url`, or the default catalog, which gets the bundled sample when first made."""
        chosen, is_default = locations.chosen_catalog_url(url)
        is_new = is_default and not locations.default_catalog_path().exists()
        catalog = cls(open_catalog(chosen))
        if is_new:
            catalog.import_files([locations.data_dir() / locations.SAMPLE_LISTING])
        return catalog

    # -- facts -------------------------------------------------------------------------------

    @property
    def location(self) -> str:
        """Where the catalog is, fit to show (a path, or a URL with its password masked)."""
        return self._opened.location

    @property
    def remembered_url(self) -> str:
        """The URL to keep in settings and recent catalogs: the password, if any, left out."""
        return url_to_remember(self._opened.url)

    @property
    def name(self) -> str:
        """A short name for the window title: the file's name, or the database's."""
        path = Path(self._opened.location)
        if self._opened.url.get_backend_name() == "sqlite":
            return path.stem or "catalog"
        return self._opened.url.database or self._opened.location

    @property
    def read_only(self) -> bool:
        return self._opened.read_only

    @property
    def read_only_reason(self) -> str:
        return self._opened.read_only_reason

    def keep_columns(self) -> None:
        """Hold the catalog's facet values, dates and sort orders in memory from now on.

        They are read on a thread of their own (seconds at a million documents) and read again
        after any change; meanwhile every answer comes from SQL alone. A window calls this; a
        one-off command does not need it. A catalog opened before its upgrade (read-only, an
        older schema) has no document generation to check them against, and keeps none.
        """
        if self._opened.schema_version == head_revision():
            self._columns.keep()

    def wait_for_columns(self, timeout: float | None = None) -> bool:
        """Wait until the columns `keep_columns` asked for are read; whether they are held."""
        return self._columns.wait(timeout)

    def describe_columns(self) -> dict[str, Any]:
        """Documents the columns hold, their megabytes, how many times they were read, and the
        sort orders they hold (`ColumnCache.describe`)."""
        return self._columns.describe()

    def close(self) -> None:
        self._columns.stop()
        for listener in self._listeners:
            listener.stop()
        self._listeners.clear()
        self._opened.engine.dispose()

    def watch_changes(self, callback: Callable[[CatalogChange], None]) -> ChangeListener:
        """Call `callback` on a thread of its own whenever the catalog changes; `stop()` it.

        On PostgreSQL every import, edit and saved-search change notifies the listeners
        (LISTEN/NOTIFY) as it commits, with `own` True for those made through this object; on
        SQLite the file's data version is polled once a second. Results this object keeps
        (the timeline's dates) are dropped before `callback` runs. CatalogError if the catalog
        cannot be reached; a connection lost later is opened again, and the callback then
        gets a `reconnected` change. `close()` stops every listener.
        """

        def deliver(change: CatalogChange) -> None:
            # The columns start following at once, before the window asks for them.
            self._columns.note_change(change.generation, change.changed)
            if change.kind == "changed" and self._own_change():
                change = CatalogChange("changed", own=True)
            if not change.own:
                self._timeline_dates.clear()
            callback(change)

        listener = ChangeListener(lambda: open_feed(self._opened.engine), deliver, self._source)
        listener.start()
        self._listeners.append(listener)
        return listener

    def _own_change(self) -> bool:
        """Whether the catalog is as this object's last write left it: SQLite's feed says only
        that the file changed, and a change of one's own is no news to refresh for."""
        written = self._transactions.last_written_generation
        if written < 0:
            return False
        with self._transactions.read() as session:
            return document_generation(session) == written

    # -- reading -----------------------------------------------------------------------------

    def search(
        self,
        query: Query = None,
        *,
        sort: str | None = None,
        descending: bool | None = None,
        limit: int | None = None,
    ) -> SearchResult:
        """The ids of the documents a query matches, sorted in SQL, and their total.

        The order is `sort` and `descending` where given, else a SearchQuery's own, else date
        ascending.
        """
        key, down = _order(query, sort, descending)
        return self._search(_parsed(query), key, down, limit, whole_if_held=False)

    def search_first(
        self,
        query: Query = None,
        *,
        sort: str | None = None,
        descending: bool | None = None,
        page: int,
    ) -> SearchResult:
        """A result's first `page` ids and its total, fast; all its ids if that costs no more.

        From the columns in memory every id comes at once. Without them (while they are read,
        just after the window opens or the catalog changed) SQL reads the first page along
        the sort column's index and counts the rest, and the result says it is not `complete`:
        `search` gives the remaining ids. The order is chosen as `search` chooses it.
        """
        key, down = _order(query, sort, descending)
        return self._search(_parsed(query), key, down, page, whole_if_held=True)

    def _search(
        self,
        node: Node | None,
        sort: str,
        descending: bool,
        limit: int | None,
        *,
        whole_if_held: bool,
    ) -> SearchResult:
        started = time.perf_counter()
        with self._answers() as answers:
            ids, total = answers.ids(node, sort, descending, limit, whole=whole_if_held)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(total, ids, elapsed, complete=len(ids) == total)

    def count(self, query: Query = None) -> int:
        node = _parsed(query)
        with self._answers() as answers:
            return answers.count(node)

    @contextmanager
    def _answers(self) -> Iterator[Answers]:
        """A read's session, answering from the columns in memory where it can, else SQL."""
        with self._transactions.read() as session:
            yield Answers(session, self._columns, self._timeline_dates)

    def rows(self, ids: Sequence[int], query: Query = None) -> list[DocumentRow]:
        """The table rows of `ids`, in that order; with a `query` that has words, each with
        the passage of its text that matched (`DocumentRow.snippet`)."""
        terms = text_terms(_parsed(query)) if query is not None else []
        with self._transactions.read() as session:
            rows = document_rows(session, ids)
            if not terms:
                return rows
            sources = snippet_sources(session, ids)
        return [replace(row, snippet=best_snippet(sources.get(row.id, ()), terms)) for row in rows]

    def export_values(
        self, ids: Sequence[int], columns: Sequence[str], *, separator: str = "; "
    ) -> list[tuple[str, ...]]:
        """Export column values of `ids` as text, in that order; multi-valued ones joined."""
        with self._transactions.read() as session:
            return export_values(session, ids, columns, separator)

    def citations(self, ids: Sequence[int], style: str = "chicago-notes") -> FormattedCitations:
        """The documents `ids` cited in `style` (`services.citations.STYLES_BY_KEY`), in the
        order of `ids`, as plain text and HTML: what Edit ▸ Copy citation puts on the
        clipboard."""
        rows = self.export_values(ids, CITATION_COLUMNS, separator=CITATION_SEPARATOR)
        return format_citations([citation_values(row) for row in rows], style, date.today())

    def export(
        self,
        target: Path | str | TextIO,
        *,
        ids: Sequence[int] | None = None,
        query: Query = None,
        sort: str = "date",
        descending: bool = False,
        columns: Sequence[str] = DEFAULT_EXPORT_COLUMNS,
        file_format: str = "csv",
        bom: bool = False,
        formula_protection: bool = True,
        provenance: bool = False,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ExportResult:
        """Write documents to CSV, JSON, an Excel workbook or a citation manager's format;
        see `services.exporting.ExportSpec` for the scope, columns, format and provenance,
        and `export_documents` for progress, cancelling and failures."""
        spec = ExportSpec(
            ids=ids,
            query=query,
            sort=sort,
            descending=descending,
            columns=columns,
            file_format=file_format,
            bom=bom,
            formula_protection=formula_protection,
            provenance=provenance,
            catalog=self.location,
        )
        return export_documents(self, target, spec, progress=progress, cancelled=cancelled)

    def detail(self, document_id: int) -> DocumentDetail | None:
        with self._transactions.read() as session:
            return document_detail(session, document_id)

    def facets(self, field: str, query: Query = None, limit: int | None = None) -> list[FacetValue]:
        node = _parsed(query)
        with self._answers() as answers:
            return answers.facets(field, node, limit)

    def collections(self) -> list[CollectionNode]:
        with self._transactions.read() as session:
            return collection_tree(session)

    def timeline(
        self,
        query: Query = None,
        bin_size: BinSize | str = BinSize.YEAR,
        start: date | str | None = None,
        end: date | str | None = None,
    ) -> TimelineData:
        """Documents per bin of the result and of the whole catalog, undated counts, era bands.

        `start` and `end` may be ISO text (`1951`, `1951-11`, `1951-11-01`); an open end reaches
        the catalog's first or last date.
        """
        node = _parsed(query)
        low = parse_partial_iso(start)[0] if isinstance(start, str) and start else start or None
        high = parse_partial_iso(end)[1] if isinstance(end, str) and end else end or None
        size = BinSize(bin_size)
        with self._answers() as answers:
            return answers.timeline(node, size, low, high)

    def info(self) -> CatalogInfo:
        with self._transactions.read() as session:
            counts = catalog_counts(session)
        return CatalogInfo(
            location=self.location,
            schema_version=self._opened.schema_version,
            read_only=self.read_only,
            read_only_reason=self.read_only_reason,
            documents=counts.documents,
            collections=counts.collections,
            people=counts.people,
            places=counts.places,
            undated=counts.undated,
        )

    def people(self, match: str = "", limit: int | None = None) -> list[PersonView]:
        """The catalog's people with their aliases and document counts, most credited first;
        `match` keeps those whose name or an alias holds its words."""
        with self._transactions.read() as session:
            return people_index(session, match, limit)

    def values(self, field: str, prefix: str = "", limit: int = 20) -> list[str]:
        """Values of a field that begin a word with `prefix`, for completion."""
        with self._transactions.read() as session:
            return field_values(session, field, prefix, limit)

    def saved_searches(self) -> list[SavedSearchView]:
        with self._transactions.read() as session:
            return saved_searches.list_saved(session)

    # -- writing -----------------------------------------------------------------------------

    def save_search(self, name: str, query: str | SearchQuery) -> SavedSearchView:
        """Keep a query, as text, under a name (text must parse); an existing name is replaced."""
        if isinstance(query, SearchQuery):
            text = query.text
        else:
            parse(query)
            text = query
        return self._transactions.write(
            lambda s: saved_searches.save(s, name, text), "saved_searches"
        )

    def rename_search(self, search: SavedSearchView, name: str) -> SavedSearchView:
        """Rename a saved search; ConflictError if it changed since `search` was read."""
        return self._transactions.write(
            lambda s: saved_searches.rename(s, search, name), "saved_searches"
        )

    def delete_search(self, search: SavedSearchView) -> None:
        """Delete a saved search; ConflictError if it changed since `search` was read."""
        self._transactions.write(lambda s: saved_searches.delete(s, search), "saved_searches")

    def update_document(
        self, document_id: int, expected_version: int, **changes: Any
    ) -> DocumentDetail:
        """Save a person's edit of a document (`edit_document`); the document as saved."""
        self.edit_document(document_id, expected_version, changes)
        detail = self.detail(document_id)
        assert detail is not None  # it was just written
        return detail

    def edit_document(
        self, document_id: int, expected_version: int, changes: Mapping[str, Any]
    ) -> RecordEdit:
        """Save a person's edit of any of a document's fields (`storage.editing.EDITABLE_FIELDS`:
        title, date as written, type, people by role, places, tags, notes…); the edit made.

        `expected_version` is `DocumentDetail.version` as the person's copy was read. When the
        document changed since (another desktop saved an edit, an import updated it), nothing
        is saved and ConflictError says so: a stale copy never overwrites a newer one. A value
        that cannot be stored (an empty title, a date Dossier cannot read) is an InputError
        that begins with the field's name.
        """
        edit = curation.edit(self._transactions, document_id, expected_version, changes)
        self._columns.follow_documents([document_id])
        return edit

    def edit_documents(self, documents: Query | Sequence[int], changes: Mapping[str, Any]) -> int:
        """Make the same `changes` (as `edit_document` takes them) to every document a query
        matches, in one transaction; how many it changed."""
        return len(curation.edit_many(self._transactions, _documents(documents), changes))

    def retag(
        self,
        documents: Query | Sequence[int],
        *,
        add: Sequence[str] = (),
        remove: Sequence[str] = (),
        dry_run: bool = False,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> LinkChange:
        """Add the tags `add` to and take `remove` from the documents (`relink` of tags)."""
        return self.relink(
            "tag",
            documents,
            add=add,
            remove=remove,
            dry_run=dry_run,
            progress=progress,
            cancelled=cancelled,
        )

    def relink(
        self,
        field: str,
        documents: Query | Sequence[int],
        *,
        add: Sequence[str] = (),
        remove: Sequence[str] = (),
        dry_run: bool = False,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> LinkChange:
        """Add the values `add` of `field` (tag, collection, language) to and take `remove`
        from every document a query matches (or of the listed ids), in one transaction; what
        it did, which `revert` undoes exactly. `remove` may be ["*"]: every other value.

        Only the documents a value really changes are written (and their versions moved on, so
        that an editor's older copy of one is refused); `dry_run` says what would change and
        writes nothing. Collections must exist; tags and languages new to the catalog are added.
        """
        matching = _documents(documents)
        change = curation.relink(
            self._transactions,
            field,
            matching,
            add,
            remove,
            dry_run=dry_run,
            progress=progress,
            cancelled=cancelled,
        )
        if not dry_run:
            self._columns.follow(change)
        return change

    def assign(
        self,
        field: str,
        documents: Query | Sequence[int],
        value: str | None,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ValueChange:
        """Give every document a query matches (or of the ids) the `value` of `field` (type,
        archive; None or "" for none), in one transaction; what it did, for `revert`."""
        matching = _documents(documents)
        change = curation.assign(
            self._transactions,
            field,
            matching,
            value,
            dry_run=dry_run,
            progress=progress,
            cancelled=cancelled,
        )
        if not dry_run:
            self._columns.follow(change)
        return change

    def delete_documents(
        self,
        documents: Query | Sequence[int],
        *,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Removal:
        """Delete the documents a query matches (or of the ids), all or nothing; each kept
        whole in the change, so that `revert` puts them back (under the ids they had).
        `progress` and `cancelled` as for `relink`."""
        return curation.remove(
            self._transactions, _documents(documents), progress=progress, cancelled=cancelled
        )

    def merge_people(self, name: str, into: str) -> PeopleChange:
        """Make the person `name` one with the person `into`: the first's names become the
        second's other names, and every document crediting the first credits the second.
        Imports afterwards credit either name to the one person; `revert` separates them."""
        return self._written_change(PeopleChange(True, name, into))

    def new_collection(
        self,
        title: str,
        *,
        parent: str | None = None,
        period: tuple[int | None, int | None] = (None, None),
        documents: Query | Sequence[int] | None = None,
    ) -> CollectionChange:
        """Make a collection of one's own (under `parent`, spanning the years `period`), with
        the documents a query matches (or of the ids) in it, or empty; undone by `revert`."""
        record = CollectionRecord(
            " ".join(title.split()),
            parent_title=parent,
            period_start=period[0],
            period_end=period[1],
        )
        matching = None if documents is None else _documents(documents)
        made = curation.new_collection(self._transactions, record, matching)
        self._columns.follow_documents(made.document_ids)
        return made

    def change_collection(self, collection: str, /, **changes: Any) -> CollectionEdit:
        """Rename (`title=`), move (`parent_title=`, None: to the top) or give a period
        (`period_start=`, `period_end=`) to the collection titled `collection`; undone by
        `revert`."""
        if "title" in changes:
            changes["title"] = " ".join(str(changes["title"]).split())
        return curation.change_collection(self._transactions, collection, changes)

    def delete_collection(self, title: str) -> CollectionChange:
        """Delete the collection `title` with its sub-collections (its documents stay in the
        catalog); `revert` makes them again, holding the same documents."""
        record = CollectionRecord(title)
        return self._written_change(CollectionChange(False, (record,)))

    def plan_merge(self, name: str, into: str) -> PeopleChange:
        """What `merge_people` would do, without doing it."""
        return curation.plan_merge(self._transactions, name, into)

    def separate_person(self, name: str, person: str) -> PeopleChange:
        """Take the other name `name` from `person` back into a person of their own, credited
        on the documents whose sources wrote that name."""
        return self._written_change(PeopleChange(False, name, person))

    def rename_person(self, name: str, new_name: str) -> PersonRename:
        """Call the person `name` `new_name`; the old name stays one of their other names."""
        return self._written_change(PersonRename(name, new_name))

    def change_aliases(
        self, person: str, *, add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> PersonAliases:
        """Give `person` the other names `add`, and take `remove` from them."""
        return self._written_change(PersonAliases(person, tuple(add), tuple(remove)))

    def _written_change(self, change: _Change) -> _Change:
        written = self.apply(change)
        assert isinstance(written, type(change))
        return written

    def apply(
        self,
        change: DocumentChange,
        *,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> DocumentChange:
        """Write a change made before again, or its reverse (redo, undo); the change as
        written. `progress` and `cancelled` as for `relink`."""
        written = curation.apply(self._transactions, change, progress=progress, cancelled=cancelled)
        if isinstance(written, LinkChange | ValueChange):
            self._columns.follow(written)
        elif not isinstance(written, Removal):  # documents gone or back: read them all again
            self._columns.follow_documents(list(written.document_ids))
        return written

    def revert(self, change: DocumentChange) -> DocumentChange:
        """Undo a change exactly, on its documents only; the change that redoes it."""
        return self.apply(change.reversed())

    @property
    def _sqlite_file(self) -> str | None:
        """The catalog's file, for an SQLite catalog (imports into it take turns)."""
        url = self._opened.engine.url
        return url.database if url.get_backend_name() == "sqlite" else None

    def people_registry(self) -> PeopleRegistry:
        """The bundled people registry plus the person's own additions, loaded once."""
        if self._people is None:
            extra = [locations.user_people_file()]
            self._people = PeopleRegistry.load([path for path in extra if path.exists()])
        return self._people

    def import_files(
        self,
        paths: Sequence[Path],
        *,
        file_format: str = "auto",
        collection: str | None = None,
        mapping: Mapping[str, str] | None = None,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> list[ImportReport]:
        """Import files all-or-nothing, in one transaction; any file's problem changes nothing.

        One import writes at a time: one started while another writes into the same catalog
        waits for it (`waiting()` is told so, and `cancelled()` is asked meanwhile).

        CSV and JSON files are read as a stream and written a chunk at a time, so a file of
        any size fits in memory; `mapping` reads their columns into fields (`--map`).
        `progress(done, total)` is told the bytes read so far of all the files' bytes (records
        read so far, and a total of 0, when a file's size is unknown), rising, ending at the
        total; `cancelled()` is asked between records, and when it says so the transaction
        rolls back and ImportCancelled is raised: nothing is imported.
        """
        people = self.people_registry()
        for path in paths:
            source_format(path, file_format)  # a missing file fails before anything is read
        tracker = ImportTracker(paths, progress, cancelled)
        write = files_writer(
            paths, people, tracker, file_format=file_format, collection=collection, mapping=mapping
        )
        with (
            fewer_collections(),
            import_turn(self._sqlite_file, waiting=waiting, cancelled=cancelled),
        ):
            reports = self._transactions.write(write, "import", lock=True)
        tracker.finish()
        if any(report.added for report in reports):
            self._refresh_statistics()
        return reports

    def import_batches(self, batches: Sequence[ImportBatch]) -> list[ImportReport]:
        """Write batches in one transaction; on any failure the catalog is as it was."""

        write = batches_writer(batches, self.people_registry())
        with import_turn(self._sqlite_file):
            reports = self._transactions.write(write, "import", lock=True)
        if any(report.added for report in reports):
            self._refresh_statistics()
        return reports

    def generate(
        self,
        documents: int,
        *,
        seed: int = 1,
        texts: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Fill an empty catalog with a synthetic one of `documents` documents (for scale tests);
        with `texts`, each document has a text of its own of a realistic length.

        Each chunk is its own transaction, which keeps the write-ahead log small; a catalog
        that already holds documents is refused, so no one's own catalog gets invented records.
        """
        self._transactions.require_writable()
        present = self.count()
        if present:
            raise InputError(
                f"{self.location}: generate fills an empty catalog, and this one has "
                f"{present:,} documents; name a new one with --database"
            )
        written = write_synthetic(
            self._transactions,
            self._opened.engine,
            documents,
            seed=seed,
            texts=texts,
            progress=progress,
        )
        self._refresh_statistics()
        return written

    def _refresh_statistics(self) -> None:
        """Refresh the planner's statistics; a failure here loses nothing, so it is logged."""
        try:
            refresh_statistics(self._opened.engine)
        except SQLAlchemyError as error:
            _log.warning(
                "%s: could not refresh statistics: %s",
                self.location,
                failure_reason(error, self._opened.url),
            )


def _parsed(query: Query) -> Node | None:
    """The tree of a query: text is parsed, a SearchQuery gives the tree it holds."""
    if isinstance(query, SearchQuery):
        return query.node
    if isinstance(query, str):
        return parse(query)
    return query


def _documents(documents: Query | Sequence[int]) -> Select[Any] | Sequence[int]:
    """Listed ids as they are; a query as the statement selecting the ids it matches."""
    if isinstance(documents, Sequence) and not isinstance(documents, str):
        return documents
    return matching_ids(_parsed(documents))


def _order(query: Query, sort: str | None, descending: bool | None) -> tuple[str, bool]:
    own = query.sort if isinstance(query, SearchQuery) else None
    key = sort if sort is not None else own.key if own is not None else "date"
    down = descending if descending is not None else own.descending if own is not None else False
    return key, down
