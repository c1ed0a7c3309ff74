"""Reading import sources into batches: picks the importer for a file and its format."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.domain.errors import ImportCancelled, InputError
from desktop_app.domain.records import CollectionRecord, ImportBatch
from desktop_app.domain.views import ImportReport
from desktop_app.importers import tabular
from desktop_app.importers.citation_files import CITATION_FILE_FORMATS, read_citation_file
from desktop_app.importers.listing import read_listing_file
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.tabular import (
    PREVIEW_ROWS,
    preview_table,
    read_table,
    sniff_tabular,
)

# Re-exported: the window reads previews through this module, never the importers directly.
from desktop_app.importers.tabular import TablePreview as TablePreview
from desktop_app.importers.tei import read_tei_file, sniff_tei
from desktop_app.services.one_name import merge_new_people
from desktop_app.services.progress import CancelCheck, Progress
from desktop_app.services.reading_process import read_aside, worth_reading_aside
from desktop_app.storage.writer import BatchWriter

#: The formats `dossier import --format` accepts; `json` covers JSON Lines too.
IMPORT_FORMATS = ("auto", "listing", "csv", "json", "tei", *CITATION_FILE_FORMATS)

#: The fields `--map COLUMN=FIELD` can name (`ignore` drops a column).
MAPPABLE_FIELDS = tabular.FIELDS

_BY_EXTENSION = {
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".xml": "tei",
    ".ris": "ris",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
}


def source_format(path: Path, file_format: str = "auto") -> str:
    """The format a file is read as (`listing`, `csv`, `json` or `tei`); InputError if it is no
    file.

    `auto` goes by the extension (.csv, .tsv; .json, .jsonl, .ndjson; .xml: a FRUS volume in TEI),
    then by the content (TEI's namespace, a JSON start, or a delimited header row naming a title
    column), and else reads a listing.
    """
    if file_format not in IMPORT_FORMATS:
        raise InputError(f"unknown format '{file_format}'", path=str(path))
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a file", path=str(path))
    if file_format != "auto":
        return file_format
    by_extension = _BY_EXTENSION.get(path.suffix.lower())
    if by_extension == "json" and _looks_like_csl_json(path):
        return "csl-json"
    if by_extension:
        return by_extension
    if sniff_tei(path):
        return "tei"
    return sniff_tabular(path) or "listing"


def _looks_like_csl_json(path: Path) -> bool:
    """Whether a .json file is CSL-JSON (Zotero's export): its first item has an `id`, a
    `type` and a CSL `issued` or `title`, and none of Dossier's own JSON keys."""
    with path.open("rb") as stream:
        start = stream.read(8192).decode("utf-8", errors="replace")
    head = start.split("}", 1)[0]
    return (
        '"id"' in head
        and '"type"' in head
        and ('"issued"' in head or '"title"' in head)
        and '"date"' not in head
    )


def preview_source(
    path: Path, file_format: str = "auto", *, rows: int = PREVIEW_ROWS
) -> TablePreview | None:
    """The first records of a CSV or JSON file as an import would read them (see
    `tabular.preview_table`); None for a file read as an archive listing, which has no columns.

    InputError names the file when it cannot be read at all.
    """
    chosen = source_format(path, file_format)
    if chosen in {"listing", "tei", *CITATION_FILE_FORMATS}:
        return None
    return preview_table(path, file_format=chosen, rows=rows)


def read_batches(
    path: Path,
    people: PeopleRegistry,
    *,
    file_format: str = "auto",
    collection: str | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Generator[ImportBatch, None, None]:
    """Read one file as batches; CSV and JSON are read as a stream, a chunk of records at a time.

    A large CSV or JSON file is read by another process while the caller writes the batches it
    has (see `reading_process`); the batches are the same.

    InputError names the file (and line) of anything that cannot be read; it may come after
    some batches, so write them in one transaction (see `Catalog.import_files`). `mapping` reads
    CSV columns or JSON keys into fields (`--map COLUMN=FIELD`). `progress` is told the bytes
    of a CSV or JSON file read so far, after each record (see `tabular.read_table`).
    """
    chosen = source_format(path, file_format)
    if chosen in CITATION_FILE_FORMATS:
        yield read_citation_file(path, people, chosen, collection)
        return
    if chosen == "listing":
        yield read_listing_file(path, people, collection_title=collection)
        return
    if chosen == "tei":
        for batch in read_tei_file(path, people, progress=progress):
            yield batch if collection is None else _also_in(batch, collection)
        return
    read = read_aside if worth_reading_aside(path, chosen) else read_table
    yield from read(
        path,
        people,
        file_format=chosen,
        collection=collection,
        mapping=mapping,
        progress=progress,
    )


def _also_in(batch: ImportBatch, collection: str) -> ImportBatch:
    """The batch with every document also in `collection` (`--collection`), made if new."""
    return replace(
        batch,
        collections=(CollectionRecord(collection), *batch.collections),
        documents=tuple(
            replace(document, collections=(*document.collections, collection))
            for document in batch.documents
        ),
    )


def read_source(
    path: Path,
    people: PeopleRegistry,
    *,
    file_format: str = "auto",
    collection: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ImportBatch:
    """Read one whole file into a batch; InputError names the file (and line) if it cannot."""
    batches = list(
        read_batches(path, people, file_format=file_format, collection=collection, mapping=mapping)
    )
    if len(batches) == 1:
        return batches[0]
    return ImportBatch(
        source=batches[0].source,
        collections=tuple(c for batch in batches for c in batch.collections),
        documents=tuple(d for batch in batches for d in batch.documents),
        warnings=tuple(w for batch in batches for w in batch.warnings),
        update_existing=batches[0].update_existing,
    )


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """`COLUMN=FIELD` pairs (from `--map`) as a dict; InputError names a pair it cannot use."""
    return tabular.parse_mapping(items)


class ImportTracker:
    """An import's progress over its files, reported in steps, and its cancel check."""

    #: Report at least every this many bytes' (or records') advance, and 1/200 of the total.
    STEP = 256 * 1024

    def __init__(
        self, paths: Sequence[Path], progress: Progress | None, cancelled: CancelCheck | None
    ) -> None:
        self._progress = progress
        self._cancelled = cancelled
        sizes: list[int | None] = []
        for path in paths:
            try:
                sizes.append(path.stat().st_size)
            except OSError:
                sizes.append(None)
        known = all(size is not None for size in sizes)
        self._sizes = [size or 0 for size in sizes]
        self._total = sum(self._sizes) if known else 0
        self._step = max(self.STEP, self._total // 200) if known else 1000
        self.restart()

    def restart(self) -> None:
        """Back to the start (a transaction that is tried again reads the files again)."""
        self._base = 0
        self._records = 0
        self._reported = 0

    def check(self) -> None:
        """ImportCancelled if the person asked to stop."""
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled("The import was cancelled; the catalog is unchanged")

    def reader(self, index: int) -> Callable[[int], None]:
        """What file `index`'s reader tells the bytes it has read so far."""

        def read(position: int) -> None:
            self.check()
            self._records += 1
            if self._total:
                done = min(self._base + position, self._base + self._sizes[index])
            else:
                done = self._records
            if done - self._reported >= self._step:
                self._report(done)

        return read

    def file_done(self, index: int) -> None:
        self.check()
        self._base += self._sizes[index]
        self._report(self._base if self._total else self._records)

    def finish(self) -> None:
        self._report(self._total if self._total else self._records)

    def _report(self, done: int) -> None:
        if self._progress is not None and done > self._reported:
            self._reported = done
            self._progress(done, self._total)


def files_writer(
    paths: Sequence[Path],
    people: PeopleRegistry,
    tracker: ImportTracker,
    *,
    file_format: str = "auto",
    collection: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> Callable[[Session], list[ImportReport]]:
    """The work of one import transaction: every file read as a stream and written a chunk at
    a time, its people merged with the catalog's; run again from the start on a retry."""

    def write(session: Session) -> list[ImportReport]:
        tracker.restart()
        writer = BatchWriter(session)
        reports = []
        for index, path in enumerate(paths):
            batches = read_batches(
                path,
                people,
                file_format=file_format,
                collection=collection,
                mapping=mapping,
                progress=tracker.reader(index),
            )
            # Closed at once when a write fails: a reader process stops then, not later.
            with closing(batches):
                reports.append(_summed(str(path), [writer.write(batch) for batch in batches]))
            tracker.file_done(index)
        merge_new_people(writer, people)
        tracker.check()  # a cancel while the last chunk was written still counts
        return reports

    return write


def batches_writer(
    batches: Sequence[ImportBatch], people: PeopleRegistry
) -> Callable[[Session], list[ImportReport]]:
    """The work of writing batches already read, in one transaction."""

    def write(session: Session) -> list[ImportReport]:
        writer = BatchWriter(session)
        reports = [writer.write(batch) for batch in batches]
        merge_new_people(writer, people)
        return reports

    return write


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
