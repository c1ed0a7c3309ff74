"""Reading CSV, JSON and JSON Lines files of document records into import batches, as a stream."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeVar

from desktop_app.domain.columns import EXPORT_COLUMNS, unguard_formula
from desktop_app.domain.dates import DateParseError, HistoricalDate, Precision, parse_date
from desktop_app.domain.errors import InputError
from desktop_app.domain.records import (
    CollectionRecord,
    Credit,
    DocumentRecord,
    ImportBatch,
    PersonName,
    Role,
)
from desktop_app.importers.listing import MAX_FIELD_CHARS
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.titles import parse_title

#: The fields a column or key can be read into (`--map COLUMN=FIELD`); `ignore` drops a column.
FIELDS: tuple[str, ...] = (
    *(column.key for column in EXPORT_COLUMNS),
    "upload_date",
    "donors",
    "credits",
    "ignore",
)

_ROLES: dict[str, Role] = {
    "authors": Role.AUTHOR,
    "recipients": Role.RECIPIENT,
    "via": Role.VIA,
    "participants": Role.PARTICIPANT,
    "mentioned": Role.MENTIONED,
}
_MULTI = frozenset({*_ROLES, "collections", "languages", "places", "subjects", "tags", "donors"})

# Other names columns go by: the scraper's (github.com/nhamby/wilson-center-digital-archive-web-
# scraping), singulars, and common spreadsheet headings. Keys are folded (see `_folded`).
_SYNONYMS: dict[str, str] = {
    "original_publication_date": "date",
    "publication_date": "date",
    "document_date": "date",
    "date_text": "date",
    "associated_places": "places",
    "place": "places",
    "associated_people_orgs": "mentioned",
    "associated_people": "mentioned",
    "people_mentioned": "mentioned",
    "subjects_discussed": "subjects",
    "subject": "subjects",
    "original_archive_title": "archive",
    "original_archive": "archive",
    "language": "languages",
    "document_url": "url",
    "link": "url",
    "source_citation": "source",
    "citation": "source",
    "original_classification": "classification",
    "original_upload_date": "upload_date",
    "donor": "donors",
    "credit": "credits",
    "document_contributors": "participants",
    "contributors": "participants",
    "author": "authors",
    "recipient": "recipients",
    "participant": "participants",
    "collection": "collections",
    "tag": "tags",
    "doc_type": "type",
    "document_type": "type",
    "record": "record_id",
    "description": "summary",
    "date_precision": "precision",
    "body": "text",
    "text_body": "text",
    "full_text": "text",
    "transcript": "text",
    "translation": "text",
    "footnote": "footnotes",
}

# Columns that give one record field each, and the fields' names where they differ.
_SIMPLE_FIELDS = frozenset(
    {
        "summary",
        "record_id",
        "collections",
        "places",
        "subjects",
        "languages",
        "archive",
        "source",
        "classification",
        "url",
        "rights",
        "tags",
        "text",
        "footnotes",
    }
)
_RECORD_FIELD = {"source": "source_citation"}

# The longest value a name-like or short column holds (the catalog's column sizes).
_SHORT_LIMITS: dict[str, int] = {
    "record_id": 100,
    "number": 200,
    "date": 200,
    "classification": 200,
    "type": 500,
    "origin": 500,
    "archive": 500,
}
_NAME_LIMIT = 500
# How many rows' problems one message lists; the count says how many more there were.
_LISTED_PROBLEMS = 50
_K = TypeVar("_K")
_V = TypeVar("_V")

# Enough of a file to tell its encoding, delimiter and shape.
_SAMPLE_BYTES = 1 << 20
# The largest JSON item (one record) read before giving up on finding its end.
_MAX_ITEM_CHARS = 20 * MAX_FIELD_CHARS


def _folded(name: str) -> str:
    """A column name as compared: `Record ID`, `record-id` and `RECORD_ID` are one."""
    return "_".join(name.replace("-", " ").replace("_", " ").casefold().split())


_KNOWN: dict[str, str] = {}
for _column in EXPORT_COLUMNS:
    _KNOWN[_column.key] = _column.key
    _KNOWN.setdefault(_folded(_column.label), _column.key)
for _name in ("text", "footnotes", "upload_date", "donors", "credits"):
    _KNOWN[_name] = _name
for _synonym, _field in _SYNONYMS.items():
    _KNOWN.setdefault(_synonym, _field)


def _mapping_key(name: str, mapping: Mapping[str, str]) -> str:
    """The key of `mapping` that names a column (as written, else folded), else the name."""
    key = name.strip()
    if key not in mapping:
        key = next((k for k in mapping if _folded(k) == _folded(name)), key)
    return key


def column_field(name: str, mapping: Mapping[str, str] | None = None) -> str | None:
    """The field a column or key is read into: `mapping`'s choice, else by its name; None: ignored.

    The name matching is the importer's own: keys and headings of the export columns, the
    scraper's names and common spreadsheet headings, compared without case or separators.
    """
    mapping = mapping or {}
    target = mapping.get(_mapping_key(name, mapping))
    if target is None:
        target = _KNOWN.get(_folded(name))
    return None if target == "ignore" else target


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """`COLUMN=FIELD` pairs (from `--map`) as a dict; InputError for a pair it cannot use."""
    mapping: dict[str, str] = {}
    for item in items:
        column, separator, target = item.rpartition("=")
        target = _folded(target)
        target = _KNOWN.get(target, target)
        if not separator or not column.strip():
            raise InputError(f"--map {item}: write COLUMN=FIELD, e.g. 'Headline=title'")
        if target not in FIELDS:
            raise InputError(
                f"--map {item}: '{target}' is not a field; the fields are: {', '.join(FIELDS)}"
            )
        mapping[column.strip()] = target
    return mapping


def sniff_tabular(path: Path) -> str | None:
    """`json` or `csv` when a file's start reads as such, else None (a listing, perhaps)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64 * 1024)
    except OSError:
        return None
    text = _decode_sample(head)
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        return "json"
    first = stripped.split("\n", 1)[0]
    delimiter = _delimiter(first, None)
    cells = [_folded(cell.strip().strip('"')) for cell in first.split(delimiter)]
    if len(cells) > 1 and "title" in (_KNOWN.get(cell) for cell in cells):
        return "csv"
    return None


def read_table(
    path: Path,
    people: PeopleRegistry,
    *,
    file_format: str,
    collection: str | None = None,
    mapping: Mapping[str, str] | None = None,
    chunk: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> Iterator[ImportBatch]:
    """Read a CSV (`csv`) or JSON / JSON Lines (`json`) file as batches of up to `chunk` records.

    Rows are read one at a time, so a file of any size costs the memory of one batch. Every
    row's problem is collected; at the end they are raised together as one InputError whose
    first line names the file and the first bad line, and which lists each `line N: reason`.
    The caller writes the batches in one transaction, so an error leaves nothing behind.
    Batches update the documents the catalog already has (see `ImportBatch.update_existing`).
    `progress` is told, after each row, how many bytes of the file have been read so far; an
    exception it raises (a cancel) stops the reading there.
    """
    source = str(path)
    reader = _TableReader(source, people, collection, dict(mapping or {}))
    with _open_text(path, source) as (stream, sample, locate):
        if file_format == "csv":
            rows = reader.csv_rows(stream, sample, path.suffix.lower() == ".tsv")
        elif file_format == "json":
            lines = path.suffix.lower() in (".jsonl", ".ndjson") or _looks_like_lines(sample)
            rows = reader.json_lines(stream) if lines else reader.json_items(stream)
        else:
            raise ValueError(f"not a tabular format: {file_format}")
        pending: list[DocumentRecord] = []
        collections = (CollectionRecord(collection),) if collection else ()
        for line, values in _decoded(rows, reader, locate):
            if progress is not None:
                # The binary file's position: bytes read, a decoding chunk ahead of the rows.
                progress(stream.buffer.tell())
            record = reader.record(line, values)
            if record is None or reader.problems:
                continue
            pending.append(record)
            if len(pending) >= chunk:
                yield ImportBatch(source, collections, tuple(pending), update_existing=True)
                pending, collections = [], ()
    reader.raise_problems()
    yield ImportBatch(
        source,
        collections,
        tuple(pending),
        warnings=tuple(reader.warnings()),
        update_existing=True,
    )


#: Rows a preview shows unless told otherwise.
PREVIEW_ROWS = 20


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One record of a preview: the line it starts on and its cells, one per preview column."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TablePreview:
    """The start of a CSV or JSON file as the importer reads it, to check and map its columns.

    `columns` are named as in the file (for JSON, the keys of the records shown, in the order
    first met); `fields[i]` is the field column i is read into, None when it is ignored.
    `problem` is `line N: reason` for the first thing within the preview the import would
    refuse; `more` says the file goes on after the rows shown.
    """

    source: str
    file_format: str
    columns: tuple[str, ...]
    fields: tuple[str | None, ...]
    rows: tuple[PreviewRow, ...]
    problem: str | None = None
    more: bool = False


def preview_table(
    path: Path,
    *,
    file_format: str,
    rows: int = PREVIEW_ROWS,
    mapping: Mapping[str, str] | None = None,
) -> TablePreview:
    """The first `rows` records of a CSV (`csv`) or JSON / JSON Lines (`json`) file.

    The file is decoded and split as `read_table` does (encoding, delimiter, `sep=` line,
    formula guards undone), and each column's field is named by `column_field`, the first of
    two columns giving one field winning. Reads no more than the rows shown and one more.
    InputError when the file cannot be read at all (missing, binary, empty).
    """
    source = str(path)
    with _open_text(path, source) as (stream, sample, _):
        try:
            if file_format == "csv":
                return _preview_csv(source, stream, sample, path.suffix.lower(), rows, mapping)
            if file_format == "json":
                lines = path.suffix.lower() in (".jsonl", ".ndjson") or _looks_like_lines(sample)
                return _preview_json(source, stream, lines, rows, mapping)
        except UnicodeDecodeError as error:
            name = _ENCODING_NAMES.get(error.encoding, error.encoding)
            raise InputError(f"is not {name} text; save the file as UTF-8", path=source) from None
    raise ValueError(f"not a tabular format: {file_format}")


def _preview_fields(
    columns: Iterable[str], mapping: Mapping[str, str] | None
) -> tuple[str | None, ...]:
    fields: list[str | None] = []
    taken: set[str] = set()
    for name in columns:
        target = column_field(name, mapping)
        if target is not None and target in taken:
            target = None  # as the importer does: the first column that gives a field wins
        if target is not None:
            taken.add(target)
        fields.append(target)
    return tuple(fields)


def _preview_csv(
    source: str,
    stream: TextIO,
    sample: str,
    suffix: str,
    limit: int,
    mapping: Mapping[str, str] | None,
) -> TablePreview:
    reader = _csv_reader(stream, sample, suffix == ".tsv")
    header: list[str] = []
    found: list[PreviewRow] = []
    problem: str | None = None
    more = False
    try:
        while not any(name.strip() for name in header):
            header = next(reader)
        while True:
            start = reader.line_num + 1
            row = next(reader)
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(found) == limit:
                more = True
                break
            if len(row) != len(header):
                problem = f"line {start}: has {len(row)} cells; the header has {len(header)}"
                break
            found.append(PreviewRow(start, tuple(unguard_formula(cell) for cell in row)))
    except StopIteration:
        pass
    except csv.Error as error:
        problem = f"line {reader.line_num}: {_csv_reason(str(error))[0]}"
    if not header:
        raise InputError("has no header row", path=source)
    return TablePreview(
        source,
        "csv",
        tuple(header),
        _preview_fields(header, mapping),
        tuple(found),
        problem,
        more,
    )


def _preview_json(
    source: str, stream: TextIO, lines: bool, limit: int, mapping: Mapping[str, str] | None
) -> TablePreview:
    items: list[tuple[int, dict[str, Any]]] = []
    problem: str | None = None
    more = False
    records = _json_line_items(stream) if lines else _JsonStream(stream).records()
    try:
        for line, item in records:
            if len(items) == limit:
                more = True
                break
            if not isinstance(item, dict):
                problem = f"line {line}: the record is a JSON {_json_kind(item)}, not an object"
                break
            items.append((line, item))
    except _JsonError as error:
        problem = f"line {error.line}: {error.reason}"
    columns: dict[str, None] = {}
    for _, item in items:
        columns.update(dict.fromkeys(str(key) for key in item))
    names = tuple(columns)
    found = tuple(
        PreviewRow(line, tuple(_preview_text(item.get(name)) for name in names))
        for line, item in items
    )
    fields = _preview_fields(names, mapping)
    return TablePreview(source, "json", names, fields, found, problem, more)


def _json_line_items(stream: TextIO) -> Iterator[tuple[int, Any]]:
    """The records of a JSON Lines file; a line that is not JSON ends them with _JsonError."""
    for number, text in enumerate(iter(lambda: stream.readline(_MAX_ITEM_CHARS + 1), ""), 1):
        if not text.strip():
            continue
        try:
            yield number, json.loads(text)
        except json.JSONDecodeError as error:
            raise _JsonError(
                number, f"is not valid JSON: {error.msg} (column {error.colno})"
            ) from None


def _preview_text(value: object) -> str:
    """A JSON value as the importer reads it into text: lists joined with `; `."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "; ".join(_preview_text(item) for item in value)
    return json.dumps(value, ensure_ascii=False)


_ENCODING_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "charmap": "Windows-1252"}


def _decoded(
    rows: Iterator[tuple[int, dict[str, Any]]],
    reader: _TableReader,
    locate: Callable[[UnicodeDecodeError], int | None],
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows, with a decoding failure part-way through the file reported, not raised."""
    try:
        yield from rows
    except UnicodeDecodeError as error:
        reader.problem(
            locate(error) or reader.last_line + 1,
            f"is not {_ENCODING_NAMES.get(error.encoding, error.encoding)} text here "
            f"(byte 0x{error.object[error.start]:02x}); "
            "save the file as UTF-8 and import it again",
        )


class _Cache(dict[_K, _V]):
    """A dict that empties itself when full: a huge file only fills it again."""

    LIMIT = 50_000

    def __setitem__(self, key: _K, value: _V) -> None:
        if len(self) >= self.LIMIT:
            self.clear()
        super().__setitem__(key, value)


@dataclass(slots=True)
class _TableReader:
    """What reading one file knows: its columns, the records so far and the problems found."""

    source: str
    people: PeopleRegistry
    collection: str | None
    mapping: dict[str, str]
    problems: list[tuple[int, str]] = field(default_factory=list)
    problem_count: int = 0
    ignored: dict[str, None] = field(default_factory=dict)
    mapped: set[str] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)
    last_line: int = 0
    # For CSV: cells come guarded against spreadsheet formulas by our own export.
    guarded: bool = False
    _fields: dict[str, str | None] = field(default_factory=dict)
    _given: dict[frozenset[str], frozenset[str]] = field(default_factory=dict)
    # The values of a catalog's name columns, dates and people recur from row to row; reading
    # one is a pure function of its text, so each is read once per file (measured: a third of
    # the reading time of a 50,000-row export).
    name_cache: _Cache[tuple[str, str], tuple[str, ...]] = field(default_factory=lambda: _Cache())
    person_cache: _Cache[str, PersonName] = field(default_factory=lambda: _Cache())
    date_cache: _Cache[tuple[str, str, str, str], HistoricalDate] = field(
        default_factory=lambda: _Cache()
    )

    # -- problems and warnings ---------------------------------------------------------------

    def problem(self, line: int, reason: str) -> None:
        self.problem_count += 1
        if len(self.problems) < _LISTED_PROBLEMS:
            self.problems.append((line, reason))

    def raise_problems(self) -> None:
        if not self.problems:
            return
        line, reason = self.problems[0]
        if self.problem_count == 1:
            raise InputError(reason, path=self.source, line=line)
        listed = "\n".join(f"line {number}: {why}" for number, why in self.problems)
        more = self.problem_count - len(self.problems)
        if more:
            listed += f"\n… and {more:,} more"
        raise InputError(
            f"{reason} ({self.problem_count:,} rows cannot be read; nothing was imported)\n"
            + listed,
            path=self.source,
            line=line,
        )

    def warnings(self) -> list[str]:
        found = list(self.notices)
        for key in self.mapping:
            if key not in self.mapped:
                found.append(f"{self.source}: --map names '{key}', but no column is called so")
        if self.ignored:
            names = ", ".join(self.ignored)
            found.append(
                f"{self.source}: ignored the columns {names} "
                "(read one into a field with --map COLUMN=FIELD)"
            )
        return found

    # -- columns -----------------------------------------------------------------------------

    def field_of(self, name: str) -> str | None:
        """The field a column or key is read into, None when it is ignored."""
        if name in self._fields:
            return self._fields[name]
        key = _mapping_key(name, self.mapping)
        target = self.mapping.get(key)
        if target is not None:
            self.mapped.add(key)
        else:
            target = _KNOWN.get(_folded(name))
            if target is None and name.strip():
                self.ignored[name] = None
        if target == "ignore":
            target = None
        self._fields[name] = target
        return target

    # -- CSV ---------------------------------------------------------------------------------

    def csv_rows(
        self, stream: TextIO, sample: str, tab_separated: bool
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        self.guarded = True
        reader = _csv_reader(stream, sample, tab_separated)
        header = self._header(reader)
        if header is None:
            return
        width = len(header)
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                self.last_line = reader.line_num
                if not self._csv_error(start, str(error)):
                    return
                continue
            self.last_line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                self.problem(start, f"has {len(row)} cells; the header has {width}")
                continue
            yield start, {target: cell for target, cell in zip(header, row, strict=True) if target}

    def _header(self, reader: Any) -> list[str | None] | None:
        try:
            names: list[str] = next(reader)
            while not any(name.strip() for name in names):
                names = next(reader)
        except StopIteration:
            raise InputError("has no header row", path=self.source) from None
        except csv.Error as error:
            self._csv_error(reader.line_num, str(error))
            return None
        targets: list[str | None] = []
        taken: dict[str, str] = {}
        for name in names:
            target = self.field_of(name)
            if target is not None and target in taken:
                self.notices.append(
                    f"{self.source}: the column '{name}' is ignored: '{taken[target]}' "
                    f"already gives the {target}"
                )
                target = None
            if target is not None:
                taken[target] = name
            targets.append(target)
        if "title" not in taken:
            shown = ", ".join(f"'{name}'" for name in names)
            raise InputError(
                f"has no title column (its header row is {shown}); name one with "
                "--map COLUMN=title",
                path=self.source,
                line=reader.line_num,
            )
        return targets

    def _csv_error(self, line: int, message: str) -> bool:
        """Note a CSV syntax error; True when reading can go on with the next line."""
        reason, can_go_on = _csv_reason(message)
        self.problem(line, reason)
        return can_go_on

    # -- JSON --------------------------------------------------------------------------------

    def json_items(self, stream: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
        """The records of a JSON array, or of the `records` array of an object, one at a time."""
        items = _JsonStream(stream)
        try:
            for line, item in items.records():
                self.last_line = line
                values = self._json_values(line, item)
                if values is not None:
                    yield line, values
        except _JsonError as problem:
            self.problem(problem.line, problem.reason)

    def json_lines(self, stream: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
        """The records of a JSON Lines file; a bad line is noted and the next one read."""
        number = 0
        while True:
            text = stream.readline(_MAX_ITEM_CHARS + 1)
            if not text:
                return
            number += 1
            self.last_line = number
            if len(text) > _MAX_ITEM_CHARS and not text.endswith("\n"):
                self.problem(number, f"the line is longer than {_MAX_ITEM_CHARS:,} characters")
                while (rest := stream.readline(_MAX_ITEM_CHARS)) and not rest.endswith("\n"):
                    pass
                continue
            if not text.strip():
                continue
            try:
                item = json.loads(text)
            except json.JSONDecodeError as error:
                self.problem(number, f"is not valid JSON: {error.msg} (column {error.colno})")
                continue
            values = self._json_values(number, item)
            if values is not None:
                yield number, values

    def _json_values(self, line: int, item: object) -> dict[str, Any] | None:
        if not isinstance(item, dict):
            self.problem(line, f"the record is a JSON {_json_kind(item)}, not an object")
            return None
        values: dict[str, Any] = {}
        for key, value in item.items():
            target = self.field_of(str(key))
            if target is not None and target not in values:
                values[target] = value
        return values

    # -- records -----------------------------------------------------------------------------

    def given_by(self, columns: Iterable[str]) -> frozenset[str]:
        """The record fields a row with these columns gives (besides what its title gives)."""
        key = frozenset(columns)
        found = self._given.get(key)
        if found is None:
            fields = {"title", "title_dates"}
            fields.update(_RECORD_FIELD.get(column, column) for column in key & _SIMPLE_FIELDS)
            if key & {"date", "date_start"}:
                fields.add("date")
            if key & {"notes", "upload_date", "donors", "credits"}:
                fields.add("notes")
            if self.collection:
                fields.add("collections")
            found = self._given[key] = frozenset(fields)
        return found

    def record(self, line: int, values: dict[str, Any]) -> DocumentRecord | None:
        try:
            return _RecordBuilder(self, line, values).build()
        except _RowError as problem:
            self.problem(line, problem.reason)
            return None


class _RowError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _RecordBuilder:
    """One row's values turned into a record, and which fields the row gives."""

    def __init__(self, reader: _TableReader, line: int, values: dict[str, Any]) -> None:
        self.reader = reader
        self.people = reader.people
        self.line = line
        self.values = values
        self.given: set[str] = set()

    def build(self) -> DocumentRecord:
        title = self.text("title").strip()
        if not title:
            raise _RowError("has no title")
        parts = parse_title(title, self.people)
        structured = parts.doc_type is not None
        explicit_type = self.short("type")
        from_title = structured and not explicit_type
        title_values = {"type": parts.doc_type, "number": parts.number, "origin": parts.origin}
        looked_up: dict[str, str | None] = {}
        for name in ("type", "number", "origin"):
            value = self.short(name)
            if value:
                looked_up[name] = value
            elif from_title:
                looked_up[name] = title_values[name]
            elif name in self.values:
                looked_up[name] = None
        credits: list[Credit] = []
        for column, role in _ROLES.items():
            if column in self.values:
                credits.extend(Credit(self.person(name), role) for name in self.names(column))
                self.given.add(role.value)
            elif structured:
                credits.extend(credit for credit in parts.credits if credit.role is role)
                self.given.add(role.value)
        collections = self.names("collections")
        if self.reader.collection and self.reader.collection not in collections:
            collections = (*collections, self.reader.collection)
        given = set(self.reader.given_by(self.values.keys()))
        given.update(self.given)
        given.update("doc_type" if name == "type" else name for name in looked_up)
        return DocumentRecord(
            title=title,
            date=self.date(),
            line=self.line,
            summary=self.long("summary"),
            record_id=self.short("record_id") or None,
            doc_type=looked_up.get("type"),
            number=looked_up.get("number"),
            origin=looked_up.get("origin"),
            credits=tuple(credits),
            title_dates=parts.title_dates,
            collections=collections,
            places=self.names("places"),
            subjects=self.names("subjects"),
            languages=self.names("languages"),
            archive=self.short("archive") or None,
            source_citation=self.long("source") or None,
            classification=self.short("classification") or None,
            url=self.short("url") or None,
            rights=self.long("rights") or None,
            notes=self.notes(),
            tags=self.names("tags"),
            text=self.long("text") or None,
            footnotes=self.long("footnotes") or None,
            given=frozenset(given),
        )

    # -- reading values ----------------------------------------------------------------------

    def text(self, name: str) -> str:
        """A column's text as given (a list joined with `; `), "" when absent or empty."""
        value = self.values.get(name)
        if value is None:
            return ""
        if value.__class__ is str:
            text = value
        elif isinstance(value, list):
            text = "; ".join(self._scalar(name, item) for item in value)
        else:
            text = self._scalar(name, value)
        if len(text) > MAX_FIELD_CHARS:
            raise _RowError(
                f"the {name} is {len(text):,} characters long; the limit is {MAX_FIELD_CHARS:,}"
            )
        if "\x00" in text:
            raise _RowError(f"the {name} contains NUL characters")
        return unguard_formula(text) if self.reader.guarded and text[:1] == "'" else text

    def _scalar(self, name: str, value: object) -> str:
        if isinstance(value, str):
            return value
        if value is None:
            return ""
        if isinstance(value, bool | int | float):
            return json.dumps(value)
        raise _RowError(f"the {name} is a JSON {_json_kind(value)}; expected text or a list")

    def short(self, name: str) -> str:
        """A one-line value, spaces tidied, within its column's size."""
        if name not in self.values:
            return ""
        text = " ".join(self.text(name).split())
        limit = _SHORT_LIMITS.get(name, _NAME_LIMIT)
        if len(text) > limit:
            raise _RowError(f"the {name} is {len(text):,} characters long; the limit is {limit:,}")
        return text

    def long(self, name: str) -> str:
        """A text kept as written (line breaks and all), or "" when it is only blanks."""
        text = self.text(name)
        return text if text.strip() else ""

    def names(self, name: str) -> tuple[str, ...]:
        """A multi-valued column: a JSON array, a cell that looks like one, or `a; b` text."""
        value = self.values.get(name)
        if value is None:
            return ()
        if isinstance(value, list):
            return self._tidy_names(name, [self._scalar(name, item) for item in value])
        text = self.text(name)
        known = self.reader.name_cache.get((name, text))
        if known is None:
            known = self.reader.name_cache[name, text] = self._tidy_names(name, _split_values(text))
        return known

    def _tidy_names(self, name: str, items: list[str]) -> tuple[str, ...]:
        found: list[str] = []
        for item in items:
            tidy = " ".join(item.split())
            if not tidy:
                continue
            if len(tidy) > _NAME_LIMIT:
                raise _RowError(
                    f"a value of {name} is {len(tidy):,} characters long; "
                    f"the limit is {_NAME_LIMIT:,}"
                )
            if tidy not in found:
                found.append(tidy)
        return tuple(found)

    def person(self, written: str) -> PersonName:
        """The registry's person for a name (`Nehru, Jawaharlal` too), else the name as written."""
        found = self.reader.person_cache.get(written)
        if found is None:
            found = self.people.lookup(written) or self.people.resolve(written)
            found = self.reader.person_cache[written] = found or PersonName(written)
        return found

    def date(self) -> HistoricalDate:
        text = self.short("date")
        start, end = self.short("date_start"), self.short("date_end")
        key = (text, start, end, self.short("precision"))
        found = self.reader.date_cache.get(key)
        if found is None:
            found = self.reader.date_cache[key] = self._read_date(text, start, end)
        return found

    def _read_date(self, text: str, start: str, end: str) -> HistoricalDate:
        if text:
            try:
                return parse_date(text)
            except DateParseError as problem:
                if not start:
                    raise _RowError(str(problem)) from None
        if not start:
            return HistoricalDate.undated(text)
        try:
            first = date.fromisoformat(start)
            last = date.fromisoformat(end) if end else first
        except ValueError:
            raise _RowError(f"'{start}'–'{end}' is not a date interval: write 1951-10-07") from None
        if last < first:
            raise _RowError(f"the date interval {start}..{end} ends before it begins")
        precision_text = self.short("precision").casefold()
        try:
            precision = Precision(precision_text) if precision_text else None
        except ValueError:
            choices = ", ".join(p.value for p in Precision)
            raise _RowError(
                f"'{precision_text}' is not a date precision; use one of {choices}"
            ) from None
        if precision is None or precision is Precision.UNDATED:
            precision = Precision.DAY if first == last else Precision.RANGE
        shown = text or (start if first == last else f"{start} – {last.isoformat()}")
        return HistoricalDate(shown, precision, first, last)

    def notes(self) -> str | None:
        """Notes with what the archive says besides: upload date, donors and credits."""
        lines = []
        notes = self.long("notes")
        if notes:
            lines.append(notes)
        upload = self.short("upload_date")
        if upload:
            lines.append(f"Original upload date: {upload}")
        donors = self.names("donors")
        if donors:
            lines.append(f"Donors: {'; '.join(donors)}")
        credits = self.long("credits").strip()
        if credits:
            lines.append(f"Credits: {credits}")
        return "\n".join(lines) or None


def _split_values(text: str) -> list[str]:
    stripped = text.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        try:
            parsed = json.loads(stripped)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list) and all(isinstance(item, str) for item in parsed):
            return parsed
    return text.split(";")


def _json_kind(value: object) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return "number"


# -- files -----------------------------------------------------------------------------------


@contextmanager
def _open_text(
    path: Path, source: str
) -> Iterator[tuple[TextIO, str, Callable[[UnicodeDecodeError], int | None]]]:
    """A file as text in its own encoding, a decoded sample of its start, and a function that
    tells the line of a decoding error met while reading it."""
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise InputError("no such file", path=source) from None
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror or error}", path=source) from None
    with raw:
        try:
            head = raw.read(_SAMPLE_BYTES)
        except OSError as error:
            raise InputError(f"cannot be read: {error.strerror or error}", path=source) from None
        encoding = _encoding(head, final=len(head) < _SAMPLE_BYTES)
        if encoding is None:
            raise InputError(
                "is a binary file (it contains NUL bytes), not CSV or JSON text",
                path=source,
                line=head.count(b"\n", 0, head.find(b"\x00")) + 1,
            )
        if not head.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
            raise InputError("is empty", path=source)
        raw.seek(0)
        stream = io.TextIOWrapper(raw, encoding=encoding, newline="")

        def locate(error: UnicodeDecodeError) -> int | None:
            # The text is decoded a chunk ahead of the rows read, so the line the reader is at
            # is not the bad byte's: count the lines before that byte in the file itself.
            if encoding.startswith("utf-16"):
                return None
            offset = raw.tell() - len(error.object) + error.start
            return _lines_before(path, offset) + 1

        try:
            yield stream, _decode_sample(head), locate
        finally:
            # The wrapper would close `raw` when collected; detaching leaves that to `with raw`.
            stream.detach()


def _lines_before(path: Path, offset: int) -> int:
    count = 0
    with path.open("rb") as again:
        while offset > 0:
            block = again.read(min(offset, _SAMPLE_BYTES))
            if not block:
                break
            count += block.count(b"\n")
            offset -= len(block)
    return count


def _encoding(head: bytes, *, final: bool) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, else Windows-1252; None: binary."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=final)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _decode_sample(head: bytes) -> str:
    encoding = _encoding(head, final=False) or "utf-8"
    return head.decode(encoding, errors="ignore").lstrip("\ufeff")


def _csv_reader(stream: TextIO, sample: str, tab_separated: bool) -> Any:
    """A strict CSV reader over `stream`, its delimiter told by the header (or a `sep=` line)."""
    first_line = sample.split("\n", 1)[0].strip()
    # Excel's `sep=;` line names the delimiter and comes before the header.
    excel_hint = len(first_line) == 5 and first_line.casefold().startswith("sep=")
    if excel_hint:
        delimiter = first_line[4]
    else:
        delimiter = _delimiter(first_line, "\t" if tab_separated else None)
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    if excel_hint:
        next(reader, None)
    return reader


def _csv_reason(message: str) -> tuple[str, bool]:
    """A CSV syntax error as a person reads it, and whether reading can go on after its line."""
    if "field larger than field limit" in message:
        return f"a cell is longer than the limit of {MAX_FIELD_CHARS:,} characters", False
    if "unexpected end of data" in message:
        return 'a quoted cell that starts here is never closed (a " is missing)', False
    if "expected after" in message:
        return (
            'a quote is missing or stray: a quoted cell must end with " just before the '
            'delimiter or the end of the line (write "" for a quote inside a cell)',
            True,
        )
    return f"is not valid CSV: {message}", True


def _delimiter(line: str, preferred: str | None) -> str:
    """The delimiter of a header line: the most frequent of , ; tab | outside quotes."""
    counts = dict.fromkeys(",;\t|", 0)
    quoted = False
    for character in line:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    if preferred is not None and counts[preferred]:
        return preferred
    best = max(counts, key=lambda character: counts[character])
    if counts[best]:
        return best
    try:
        return csv.Sniffer().sniff(line, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _looks_like_lines(sample: str) -> bool:
    """A JSON Lines file: its first line is a whole JSON object and another line follows."""
    first, _, rest = sample.lstrip().partition("\n")
    if not first.strip().startswith("{"):
        return False
    try:
        json.loads(first)
    except json.JSONDecodeError:
        return False
    return rest.lstrip().startswith("{")


# -- streaming JSON ------------------------------------------------------------------------


class _JsonError(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


class _JsonStream:
    """The items of a JSON array read from a stream one at a time, with their line numbers."""

    CHUNK = 1 << 20

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.buffer = ""
        self.position = 0
        self.eof = False
        # The line number at `counted` (an offset into the buffer), advanced as reading goes.
        self.line = 1
        self.counted = 0
        self.decoder = json.JSONDecoder()

    def records(self) -> Iterator[tuple[int, Any]]:
        opening = self.peek()
        if opening == "[":
            yield from self.array()
        elif opening == "{":
            yield from self.object_records()
        elif opening == "":
            raise _JsonError(self.line_at(self.position), "holds no JSON")
        else:
            raise _JsonError(
                self.line_at(self.position),
                "is not a JSON array of records, nor an object with a 'records' array",
            )
        if self.peek() != "":
            raise _JsonError(self.line_at(self.position), "has more text after the end of the JSON")

    def object_records(self) -> Iterator[tuple[int, Any]]:
        self.expect("{")
        found = False
        if self.peek() == "}":
            self.position += 1
        else:
            while True:
                _, key = self.value()
                if not isinstance(key, str):
                    raise self.problem("an object key must be a string")
                self.expect(":")
                if key == "records" and self.peek() == "[":
                    found = True
                    yield from self.array()
                else:
                    self.value()
                separator = self.peek()
                self.position += 1
                if separator == "}":
                    break
                if separator != ",":
                    self.position -= 1
                    raise self.problem("expected ',' or '}' after a value")
        if not found:
            raise _JsonError(1, "is a JSON object without a 'records' array")

    def array(self) -> Iterator[tuple[int, Any]]:
        self.expect("[")
        if self.peek() == "]":
            self.position += 1
            return
        while True:
            yield self.value()
            separator = self.peek()
            self.position += 1
            if separator == "]":
                return
            if separator != ",":
                self.position -= 1
                raise self.problem("expected ',' or ']' after a record")

    def value(self) -> tuple[int, Any]:
        self.peek()
        line = self.line_at(self.position)
        last_failure: tuple[int, str] | None = None
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as error:
                # The value may just go on in the next chunk; a failure that more text does not
                # move is a real one.
                failure = (error.pos - self.position, error.msg)
                if not self.eof and failure != last_failure:
                    if len(self.buffer) - self.position >= _MAX_ITEM_CHARS:
                        raise _JsonError(
                            line, f"a record is longer than {_MAX_ITEM_CHARS:,} characters"
                        ) from None
                    last_failure = failure
                    self.fill()
                    continue
                raise _JsonError(
                    self.line_at(error.pos), f"is not valid JSON: {error.msg}"
                ) from None
            # A number that ends where the buffer does may go on in the next chunk.
            if end == len(self.buffer) and not self.eof:
                self.fill()
                continue
            self.position = end
            return line, value

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), left unread."""
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position] in " \t\r\n":
                self.position += 1
            if self.position < len(self.buffer) or self.eof:
                break
            self.fill()
        return self.buffer[self.position] if self.position < len(self.buffer) else ""

    def expect(self, character: str) -> None:
        if self.peek() != character:
            raise self.problem(f"expected '{character}'")
        self.position += 1

    def problem(self, reason: str) -> _JsonError:
        return _JsonError(self.line_at(self.position), f"is not valid JSON: {reason}")

    def fill(self) -> None:
        chunk = self.stream.read(self.CHUNK)
        if not chunk:
            self.eof = True
            return
        # Drop what has been read, counting its lines first, so the buffer stays small.
        self.line_at(self.position)
        self.buffer = self.buffer[self.position :] + chunk
        self.counted -= self.position
        self.position = 0

    def line_at(self, offset: int) -> int:
        if offset >= self.counted:
            self.line += self.buffer.count("\n", self.counted, offset)
            self.counted = offset
            return self.line
        return self.line - self.buffer.count("\n", offset, self.counted)
