"""The catalog facade: every use case the window and the command line need, one session each."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.domain.columns import DEFAULT_EXPORT_COLUMNS
from desktop_app.domain.dates import parse_partial_iso
from desktop_app.domain.errors import CatalogError, InputError, ReadOnlyCatalogError
from desktop_app.domain.records import ImportBatch
from desktop_app.domain.timeline import BinSize, TimelineData
from desktop_app.domain.views import (
    CatalogInfo,
    CollectionNode,
    DocumentDetail,
    DocumentRow,
    FacetValue,
    ImportReport,
    SavedSearchView,
    SearchResult,
)
from desktop_app.importers.people import PeopleRegistry
from desktop_app.query.ast import Node
from desktop_app.query.compiler import condition, ordered
from desktop_app.query.facets import facet_counts
from desktop_app.query.parser import parse
from desktop_app.query.timeline import ResultDatesCache, timeline_data
from desktop_app.services import locations
from desktop_app.services.exporting import (
    CancelCheck,
    ExportResult,
    Progress,
    export_documents,
)
from desktop_app.services.generate import generate as generate_batches
from desktop_app.services.importing import read_batches, source_format
from desktop_app.storage import models as m
from desktop_app.storage import saved_searches
from desktop_app.storage.engine import OpenedCatalog, open_catalog, refresh_statistics
from desktop_app.storage.export_rows import export_values
from desktop_app.storage.ids import fetch_ids
from desktop_app.storage.reading import (
    collection_tree,
    document_detail,
    document_rows,
    field_values,
)
from desktop_app.storage.writer import BatchWriter

Query = str | Node | None


class Catalog:
    """One open catalog. Thread-safe: each call takes its own session and connection."""

    def __init__(self, opened: OpenedCatalog) -> None:
        self._opened = opened
        self._sessions = sessionmaker(opened.engine, expire_on_commit=False)
        self._people: PeopleRegistry | None = None
        self._timeline_dates = ResultDatesCache(opened.engine)

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

    def close(self) -> None:
        self._opened.engine.dispose()

    # -- reading -----------------------------------------------------------------------------

    def search(
        self,
        query: Query = None,
        *,
        sort: str = "date",
        descending: bool = False,
        limit: int | None = None,
    ) -> SearchResult:
        """The ids of the documents a query matches, sorted in SQL, and their total."""
        node = _parsed(query)
        started = time.perf_counter()
        with self._session() as session:
            statement = ordered(select(m.Document.id).where(condition(node)), sort, descending)
            if limit is not None:
                statement = statement.limit(limit)
            ids = fetch_ids(session, statement)
            total = len(ids) if limit is None or len(ids) < limit else self._count(session, node)
        return SearchResult(total, ids, (time.perf_counter() - started) * 1000)

    def count(self, query: Query = None) -> int:
        with self._session() as session:
            return self._count(session, _parsed(query))

    @staticmethod
    def _count(session: Session, node: Node | None) -> int:
        statement = select(func.count(m.Document.id)).where(condition(node))
        return int(session.execute(statement).scalar_one())

    def rows(self, ids: Sequence[int]) -> list[DocumentRow]:
        with self._session() as session:
            return document_rows(session, ids)

    def export_values(
        self, ids: Sequence[int], columns: Sequence[str], *, separator: str = "; "
    ) -> list[tuple[str, ...]]:
        """Export column values of `ids` as text, in that order; multi-valued ones joined."""
        with self._session() as session:
            return export_values(session, ids, columns, separator)

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
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ExportResult:
        """Write documents to CSV or JSON; see `services.exporting.export_documents`."""
        return export_documents(
            self,
            target,
            ids=ids,
            query=query,
            sort=sort,
            descending=descending,
            columns=columns,
            file_format=file_format,
            bom=bom,
            formula_protection=formula_protection,
            progress=progress,
            cancelled=cancelled,
        )

    def detail(self, document_id: int) -> DocumentDetail | None:
        with self._session() as session:
            return document_detail(session, document_id)

    def facets(self, field: str, query: Query = None, limit: int | None = None) -> list[FacetValue]:
        node = _parsed(query)
        with self._session() as session:
            return facet_counts(session, field, node, limit)

    def collections(self) -> list[CollectionNode]:
        with self._session() as session:
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
        with self._session() as session:
            return timeline_data(session, node, BinSize(bin_size), low, high, self._timeline_dates)

    def info(self) -> CatalogInfo:
        with self._session() as session:

            def count(column: Any) -> int:
                return int(session.execute(select(func.count(column))).scalar_one())

            return CatalogInfo(
                location=self.location,
                schema_version=self._opened.schema_version,
                read_only=self.read_only,
                read_only_reason=self.read_only_reason,
                documents=count(m.Document.id),
                collections=count(m.Collection.id),
                people=count(m.Person.id),
                places=count(m.Place.id),
                undated=int(
                    session.execute(
                        select(func.count(m.Document.id)).where(m.Document.date_start.is_(None))
                    ).scalar_one()
                ),
            )

    def values(self, field: str, prefix: str = "", limit: int = 20) -> list[str]:
        """Values of a field that begin a word with `prefix`, for completion."""
        with self._session() as session:
            return field_values(session, field, prefix, limit)

    def saved_searches(self) -> list[SavedSearchView]:
        with self._session() as session:
            return saved_searches.list_saved(session)

    # -- writing -----------------------------------------------------------------------------

    def save_search(self, name: str, query: str) -> SavedSearchView:
        """Keep a query under a name (the query must parse); an existing name is replaced."""
        parse(query)
        self._require_writable()
        with self._session() as session, session.begin():
            return saved_searches.save(session, name, query)

    def rename_search(self, search: SavedSearchView, name: str) -> SavedSearchView:
        """Rename a saved search; ConflictError if it changed since `search` was read."""
        self._require_writable()
        with self._session() as session, session.begin():
            return saved_searches.rename(session, search, name)

    def delete_search(self, search: SavedSearchView) -> None:
        """Delete a saved search; ConflictError if it changed since `search` was read."""
        self._require_writable()
        with self._session() as session, session.begin():
            saved_searches.delete(session, search)

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
    ) -> list[ImportReport]:
        """Import files all-or-nothing, in one transaction; any file's problem changes nothing.

        CSV and JSON files are read as a stream and written a chunk at a time, so a file of
        any size fits in memory; `mapping` reads their columns into fields (`--map`).
        """
        people = self.people_registry()
        for path in paths:
            source_format(path, file_format)  # a missing file fails before anything is read
        self._require_writable()
        with self._session() as session, session.begin():
            writer = BatchWriter(session)
            reports = [
                _summed(
                    str(path),
                    [
                        writer.write(batch)
                        for batch in read_batches(
                            path,
                            people,
                            file_format=file_format,
                            collection=collection,
                            mapping=mapping,
                        )
                    ],
                )
                for path in paths
            ]
        if any(report.added for report in reports):
            refresh_statistics(self._opened.engine)
        return reports

    def import_batches(self, batches: Sequence[ImportBatch]) -> list[ImportReport]:
        """Write batches in one transaction; on any failure the catalog is as it was."""
        self._require_writable()
        with self._session() as session, session.begin():
            writer = BatchWriter(session)
            reports = [writer.write(batch) for batch in batches]
        if any(report.added for report in reports):
            refresh_statistics(self._opened.engine)
        return reports

    def generate(
        self, documents: int, *, seed: int = 1, progress: Callable[[int], None] | None = None
    ) -> int:
        """Fill an empty catalog with a synthetic one of `documents` documents (for scale tests).

        Each chunk is its own transaction, which keeps the write-ahead log small; a catalog
        that already holds documents is refused, so no one's own catalog gets invented records.
        """
        self._require_writable()
        present = self.count()
        if present:
            raise InputError(
                f"{self.location}: generate fills an empty catalog, and this one has "
                f"{present:,} documents; name a new one with --database"
            )
        written = 0
        for batch in generate_batches(documents, seed=seed):
            with self._session() as session, session.begin():
                BatchWriter(session).write(batch)
            written += len(batch.documents)
            if progress is not None:
                progress(written)
        refresh_statistics(self._opened.engine)
        return written

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyCatalogError(
                f"{self.location}: the catalog is read-only ({self.read_only_reason})"
            )

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session whose database failures become CatalogError messages, never tracebacks."""
        session = self._sessions()
        try:
            yield session
        except OperationalError as error:
            session.rollback()
            reason = str(error.orig)
            if "readonly" in reason or "read-only" in reason:
                raise ReadOnlyCatalogError(f"{self.location}: the catalog is read-only") from None
            raise CatalogError(f"{self.location}: {reason}") from None
        except DatabaseError as error:
            session.rollback()
            raise CatalogError(f"{self.location}: {error.orig}") from None
        except SQLAlchemyError as error:
            session.rollback()
            raise CatalogError(f"{self.location}: {str(error).splitlines()[0]}") from None
        finally:
            session.close()


def _summed(source: str, reports: Sequence[ImportReport]) -> ImportReport:
    """One report for the batches of one file."""
    return ImportReport(
        source=source,
        added=sum(report.added for report in reports),
        skipped=sum(report.skipped for report in reports),
        collections_added=sum(report.collections_added for report in reports),
        updated=sum(report.updated for report in reports),
        warnings=tuple(warning for report in reports for warning in report.warnings),
    )


def _parsed(query: Query) -> Node | None:
    if query is None or not isinstance(query, str):
        return query
    return parse(query)
