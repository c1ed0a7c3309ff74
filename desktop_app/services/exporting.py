"""Exporting documents to CSV or JSON for the window and the command line (PRODUCT.md §7).

Rows are read and written a page at a time, so memory stays flat at any size; a file is written
beside its target under a temporary name and renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import itertools
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from desktop_app.domain.citing import (
    CITATION_COLUMNS,
    CitationKeys,
    bibtex_entry,
    citation_values,
    csl_item,
    ris_record,
)
from desktop_app.domain.citing import (
    VALUE_SEPARATOR as CITATION_SEPARATOR,
)
from desktop_app.domain.columns import (
    DEFAULT_EXPORT_COLUMNS,
    VALUE_SEPARATOR,
    ExportColumn,
    export_columns,
    guard_formula,
)
from desktop_app.domain.errors import ExportCancelled, ExportError, InputError
from desktop_app.services.progress import CancelCheck, Progress
from desktop_app.services.workbooks import (
    DATE_KEYS,
    WorkbookSink,
    provenance,
    write_provenance,
)

if TYPE_CHECKING:
    from desktop_app.domain.views import SearchResult
    from desktop_app.query.ast import Node
    from desktop_app.query.search_query import SearchQuery

#: The formats `export_documents` writes: tables of the chosen columns (CSV, JSON), and the
#: formats of citation managers, which hold every field a citation needs whatever the columns
#: (CSL-JSON, RIS, BibLaTeX).
EXPORT_FORMATS = ("csv", "json", "xlsx", "csl-json", "ris", "bibtex")
CITATION_FORMATS = ("csl-json", "ris", "bibtex")

#: The suffix a new file of each format is given.
FORMAT_SUFFIXES = {
    "csv": ".csv",
    "json": ".json",
    "xlsx": ".xlsx",
    "csl-json": ".csl.json",
    "ris": ".ris",
    "bibtex": ".bib",
}

#: The format a file's name says, where it says one (`.ris`, `.bib`, `.csl.json`, `.json`).
_FORMATS_BY_SUFFIX = (
    (".csl.json", "csl-json"),
    (".json", "json"),
    (".ris", "ris"),
    (".bib", "bibtex"),
    (".xlsx", "xlsx"),
    (".csv", "csv"),
)


def format_for(path: str, default: str = "csv") -> str:
    """The export format a file's name asks for: its suffix's, else `default`."""
    lowered = path.lower()
    return next((f for suffix, f in _FORMATS_BY_SUFFIX if lowered.endswith(suffix)), default)


#: Rows read with one SQL statement and written before the next are read.
PAGE_SIZE = 2000

# Between the values of a multi-valued column on its way to JSON: not a character names hold,
# as the writer splits names on whitespace and this is whitespace to Python.
_UNIT_SEPARATOR = "\x1f"

# A page whose joined text has no cell starting like a formula (or with the apostrophe or space
# a guarded one may start with) needs no cell-by-cell look: one scan in C for the literal NUL
# that precedes each cell, instead of a Python call per cell (measured: a third of the cost).
_RISKY_CELL = re.compile("\x00[' =+\\-@\t\r＝＋－＠]")


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: how many documents, and where (`-` for standard output)."""

    rows: int
    target: str


@dataclass(frozen=True, slots=True)
class ExportSpec:
    """What an export writes: which documents in which order, which columns, in what form.

    The scope is `ids` in the order given (a selection, in table order), or else the documents
    `query` finds sorted by `sort` (None or "" for all). `columns` are keys or headings of
    `domain.columns.EXPORT_COLUMNS`. CSV follows RFC 4180 with a heading row; `bom` puts a
    UTF-8 byte-order mark first (for Excel); `formula_protection` puts a `'` before any cell a
    spreadsheet could run as a formula. JSON is an array of objects keyed by column key, with
    multi-valued columns as arrays.
    """

    ids: Sequence[int] | None = None
    query: str | Node | SearchQuery | None = None
    sort: str = "date"
    descending: bool = False
    columns: Sequence[str] = DEFAULT_EXPORT_COLUMNS
    file_format: str = "csv"
    bom: bool = False
    formula_protection: bool = True
    #: Write how the export was made beside it (`name.csv.provenance.json`); a workbook
    #: always keeps it on its second sheet.
    provenance: bool = False
    #: The catalog exported from, as the provenance names it.
    catalog: str = ""


class ExportSource(Protocol):
    """What an export reads its documents from (the catalog)."""

    def search(
        self, query: str | Node | SearchQuery | None, *, sort: str, descending: bool
    ) -> SearchResult: ...

    def export_values(
        self, ids: Sequence[int], columns: Sequence[str], *, separator: str
    ) -> list[tuple[str, ...]]: ...


def export_documents(
    source: ExportSource,
    target: Path | str | TextIO,
    spec: ExportSpec,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Write the documents `spec` names to `target`: a file path, `-` for standard output, or an
    open text stream.

    Runs on any thread: `progress(rows_written, total)` is called after each page and once at
    the start, `cancelled()` before each page. A file target is complete or untouched: on
    ExportCancelled or ExportError (naming the path and the reason) an existing file is kept as
    it was and no partial or temporary file remains. InputError for an unknown column or format.
    """
    chosen = export_columns(spec.columns)
    if spec.file_format not in EXPORT_FORMATS:
        raise InputError(
            f"unknown export format '{spec.file_format}'; use one of {', '.join(EXPORT_FORMATS)}"
        )
    ids = spec.ids
    if ids is None:
        ids = source.search(spec.query, sort=spec.sort, descending=spec.descending).ids
    job = _Job(source, ids, chosen, spec.file_format, spec.formula_protection, progress, cancelled)
    record = provenance(
        query=_query_text(spec.query),
        catalog=spec.catalog,
        count=len(ids),
        columns=chosen,
        file_format=spec.file_format,
        selection=spec.ids is not None,
    )
    encoding = "utf-8-sig" if spec.bom else "utf-8"
    to_file = isinstance(target, str | Path) and str(target) != "-"
    if spec.file_format == "xlsx" and not to_file:
        raise InputError("an Excel workbook is written to a file: name one, not '-'")
    if isinstance(target, str) and target == "-":
        with _standard_output(encoding) as stream:
            return ExportResult(job.run(stream, "standard output"), "-")
    if not isinstance(target, str | Path):
        if spec.bom:
            target.write("\ufeff")
        return ExportResult(job.run(target, "the stream"), "")
    path = Path(target)
    if spec.file_format == "xlsx":
        with _replacing_path(path) as temporary:
            extra = DATE_KEYS if any(column.key == "date" for column in chosen) else ()
            written = job.pump(WorkbookSink(temporary, chosen, record), str(path), extra)
    else:
        with _replacing(path, encoding) as stream:
            written = job.run(stream, str(path))
    if spec.provenance:
        try:
            write_provenance(path, record)
        except OSError as error:
            raise _write_error(path.with_name(path.name + ".provenance.json"), error) from None
    return ExportResult(written, str(path))


def _query_text(query: object) -> str:
    """The query an export was asked for, as text (a query value's, a tree's)."""
    if query is None or isinstance(query, str):
        return query or ""
    return str(getattr(query, "text", None) or query)


class _Sink(Protocol):
    def start(self) -> None: ...
    def write(self, page: list[tuple[str, ...]]) -> None: ...
    def finish(self) -> None: ...


@dataclass(slots=True)
class _Job:
    source: ExportSource
    ids: Sequence[int]
    columns: tuple[ExportColumn, ...]
    file_format: str
    protect: bool
    progress: Progress | None
    cancelled: CancelCheck | None

    def run(self, stream: TextIO, where: str) -> int:
        """Write the documents to a text stream in the job's format; how many were written."""
        sink: _Sink
        if self.file_format == "csv":
            sink = _CsvSink(stream, self.columns, self.protect)
            separator = VALUE_SEPARATOR
        elif self.file_format in CITATION_FORMATS:
            sink = _CitationSink(stream, self.file_format)
            return self.pump(sink, where, (), CITATION_COLUMNS, CITATION_SEPARATOR)
        else:
            sink = _JsonSink(stream, self.columns)
            separator = _UNIT_SEPARATOR
        return self.pump(sink, where, (), None, separator)

    def pump(
        self,
        sink: _Sink,
        where: str,
        extra: Sequence[str] = (),
        keys: Sequence[str] | None = None,
        separator: str = VALUE_SEPARATOR,
    ) -> int:
        """Read the documents a page at a time into `sink`: the job's columns (or `keys`),
        then `extra` ones after them; how many documents were written."""
        keys = [*(keys or [column.key for column in self.columns]), *extra]
        total = len(self.ids)
        written = 0
        if self.progress is not None:
            self.progress(0, total)
        sink.start()

        def read(start: int) -> list[tuple[str, ...]]:
            return self.source.export_values(
                self.ids[start : start + PAGE_SIZE], keys, separator=separator
            )

        # The next page is read while this one is written: the database works (without the
        # interpreter) while Python writes the rows. At a million documents on PostgreSQL the
        # two took 68 s and about 40 s one after the other.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-read") as reader:
            ahead = reader.submit(read, 0) if total else None
            for start in range(0, total, PAGE_SIZE):
                if self.cancelled is not None and self.cancelled():
                    raise ExportCancelled(
                        f"{where}: export cancelled after {written:,} of {total:,} documents"
                    )
                assert ahead is not None
                page = ahead.result()
                following = start + PAGE_SIZE
                ahead = reader.submit(read, following) if following < total else None
                sink.write(page)
                written += len(page)
                if self.progress is not None:
                    self.progress(written, total)
        sink.finish()
        return written


class _CsvSink:
    def __init__(self, stream: TextIO, columns: tuple[ExportColumn, ...], protect: bool) -> None:
        self.writer = csv.writer(stream, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self.labels = [column.label for column in columns]
        self.protect = protect

    def start(self) -> None:
        self.writer.writerow(self._guarded([tuple(self.labels)])[0])

    def write(self, page: list[tuple[str, ...]]) -> None:
        self.writer.writerows(self._guarded(page))

    def finish(self) -> None:
        pass

    def _guarded(self, page: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
        if not self.protect:
            return page
        if not _RISKY_CELL.search("\x00" + "\x00".join(itertools.chain.from_iterable(page))):
            return page
        return [tuple(guard_formula(cell) for cell in row) for row in page]


class _JsonSink:
    def __init__(self, stream: TextIO, columns: tuple[ExportColumn, ...]) -> None:
        self.stream = stream
        self.keys = [column.key for column in columns]
        self.multi = [index for index, column in enumerate(columns) if column.multi]
        self.first = True

    def start(self) -> None:
        self.stream.write("[")

    def write(self, page: list[tuple[str, ...]]) -> None:
        if not page:
            return
        items = []
        for row in page:
            item: dict[str, Any] = dict(zip(self.keys, row, strict=True))
            for index in self.multi:
                value = row[index]
                item[self.keys[index]] = value.split(_UNIT_SEPARATOR) if value else []
            items.append(json.dumps(item, ensure_ascii=False))
        self.stream.write(("\n" if self.first else ",\n") + ",\n".join(items))
        self.first = False

    def finish(self) -> None:
        self.stream.write("\n]\n")


class _CitationSink:
    """Each document as a citation manager's record (`domain.citing`), from every field."""

    def __init__(self, stream: TextIO, file_format: str) -> None:
        self.stream = stream
        self.file_format = file_format
        self.accessed = date.today()
        self.keys = CitationKeys()
        self.count = 0

    def start(self) -> None:
        if self.file_format == "csl-json":
            self.stream.write("[")

    def write(self, page: list[tuple[str, ...]]) -> None:
        parts = []
        for row in page:
            values = citation_values(row)
            key = self.keys(values)
            if self.file_format == "csl-json":
                item = json.dumps(csl_item(values, key, self.accessed), ensure_ascii=False)
                parts.append(("\n" if self.count == 0 else ",\n") + item)
            elif self.file_format == "ris":
                parts.append(ris_record(values, key, self.accessed) + "\n")
            else:
                parts.append(bibtex_entry(values, key, self.accessed) + "\n")
            self.count += 1
        self.stream.write("".join(parts))

    def finish(self) -> None:
        if self.file_format == "csl-json":
            self.stream.write("\n]\n")


@contextmanager
def _replacing_path(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` for a writer to fill (a workbook writes its file
    itself), renamed onto `path` on success only, removed otherwise."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; name a file to export into")
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".partial", dir=path.parent
        )
    except OSError as error:
        raise _write_error(path, error) from None
    os.close(descriptor)
    try:
        yield Path(temporary)
        _set_mode(temporary, path)
        os.replace(temporary, path)
    except OSError as error:
        _discard(temporary)
        raise _write_error(path, error) from None
    except UnicodeError as error:
        _discard(temporary)
        raise ExportError(f"{path}: cannot be written: {error}") from None
    except BaseException:
        _discard(temporary)
        raise


@contextmanager
def _replacing(path: Path, encoding: str) -> Iterator[TextIO]:
    """A text stream to a temporary file beside `path`, renamed onto `path` on success only."""
    with _replacing_path(path) as temporary:
        stream = open(temporary, "w", encoding=encoding, newline="")  # noqa: SIM115
        try:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()  # a close that fails (a full disk) fails the export
        except BaseException:
            # The error on its way is the one told; the file goes with the temporary name.
            with contextlib.suppress(OSError, UnicodeError):
                stream.close()
            raise


def _discard(temporary: str) -> None:
    # Its folder may be gone, or it never came to be: nothing is left behind either way.
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _set_mode(temporary: str, path: Path) -> None:
    """Give the new file the mode the old one had, or else what a new file gets (umask)."""
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    os.chmod(temporary, mode)


def _umask() -> int:
    # os.umask can only be read by setting it, which races with other threads; Linux shows it.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


_REASONS = {
    errno.ENOENT: "its folder does not exist",
    errno.ENOTDIR: "its folder is not a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EISDIR: "it is a folder",
}


def _write_error(path: Path, error: OSError) -> ExportError:
    reason = _REASONS.get(error.errno or 0) or error.strerror or str(error)
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        reason = f"{reason} ({path.parent})"
    return ExportError(f"{path}: cannot be written: {reason}; nothing was written")


@contextmanager
def _standard_output(encoding: str) -> Iterator[TextIO]:
    """Standard output as UTF-8 text with RFC 4180 line ends, whatever the locale says."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        if encoding == "utf-8-sig":
            sys.stdout.write("\ufeff")
        yield sys.stdout
        return
    sys.stdout.flush()
    stream = io.TextIOWrapper(buffer, encoding=encoding, newline="")
    try:
        yield stream
        stream.flush()
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            raise
        raise ExportError(f"standard output: cannot be written: {error.strerror}") from None
    finally:
        # Detached, so that closing the wrapper never closes the process's standard output; a
        # flush that fails on detaching failed the write before, and that error is on its way.
        with contextlib.suppress(OSError):
            stream.detach()
