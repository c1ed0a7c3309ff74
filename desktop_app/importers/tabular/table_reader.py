"""Reading a CSV or JSON file of document records as a stream of import batches."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

from desktop_app.domain.dates import HistoricalDate
from desktop_app.domain.errors import InputError
from desktop_app.domain.records import CollectionRecord, DocumentRecord, ImportBatch, PersonName
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.tabular.csv_dialect import csv_reader, csv_reason
from desktop_app.importers.tabular.fields import KNOWN, folded, mapping_key
from desktop_app.importers.tabular.json_stream import (
    MAX_ITEM_CHARS,
    TOO_DEEP,
    JsonError,
    JsonStream,
    json_kind,
    looks_like_lines,
)
from desktop_app.importers.tabular.record_builder import (
    RECORD_FIELD,
    SIMPLE_FIELDS,
    RecordBuilder,
    RowError,
)
from desktop_app.importers.tabular.text_files import ENCODING_NAMES, open_text

# How many rows' problems one message lists; the count says how many more there were.
_LISTED_PROBLEMS = 50
_K = TypeVar("_K")
_V = TypeVar("_V")


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
    reader = TableReader(source, people, collection, dict(mapping or {}))
    with open_text(path, source) as (stream, sample, locate):
        if stream.encoding == "cp1252":
            reader.notices.append(
                f"{source}: read as Windows-1252 text, as the file is not UTF-8 "
                "(save it as UTF-8 if its accented letters look wrong)"
            )
        if file_format == "csv":
            rows = reader.csv_rows(stream, sample, path.suffix.lower() == ".tsv")
        elif file_format == "json":
            lines = path.suffix.lower() in (".jsonl", ".ndjson") or looks_like_lines(sample)
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


def _decoded(
    rows: Iterator[tuple[int, dict[str, Any]]],
    reader: TableReader,
    locate: Callable[[UnicodeDecodeError], int | None],
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows, with a decoding failure part-way through the file reported, not raised."""
    try:
        yield from rows
    except UnicodeDecodeError as error:
        reader.problem(
            locate(error) or reader.last_line + 1,
            f"is not {ENCODING_NAMES.get(error.encoding, error.encoding)} text here "
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
class TableReader:
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
        key = mapping_key(name, self.mapping)
        target = self.mapping.get(key)
        if target is not None:
            self.mapped.add(key)
        else:
            target = KNOWN.get(folded(name))
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
        reader = csv_reader(stream, sample, tab_separated)
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
        reason, can_go_on = csv_reason(message)
        self.problem(line, reason)
        return can_go_on

    # -- JSON --------------------------------------------------------------------------------

    def json_items(self, stream: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
        """The records of a JSON array, or of the `records` array of an object, one at a time."""
        items = JsonStream(stream)
        try:
            for line, item in items.records():
                self.last_line = line
                values = self._json_values(line, item)
                if values is not None:
                    yield line, values
        except JsonError as problem:
            self.problem(problem.line, problem.reason)

    def json_lines(self, stream: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
        """The records of a JSON Lines file; a bad line is noted and the next one read."""
        number = 0
        while True:
            text = stream.readline(MAX_ITEM_CHARS + 1)
            if not text:
                return
            number += 1
            self.last_line = number
            if len(text) > MAX_ITEM_CHARS and not text.endswith("\n"):
                self.problem(number, f"the line is longer than {MAX_ITEM_CHARS:,} characters")
                while (rest := stream.readline(MAX_ITEM_CHARS)) and not rest.endswith("\n"):
                    pass
                continue
            if not text.strip():
                continue
            try:
                item = json.loads(text)
            except json.JSONDecodeError as error:
                self.problem(number, f"is not valid JSON: {error.msg} (column {error.colno})")
                continue
            except RecursionError:
                self.problem(number, TOO_DEEP)
                continue
            values = self._json_values(number, item)
            if values is not None:
                yield number, values

    def _json_values(self, line: int, item: object) -> dict[str, Any] | None:
        if not isinstance(item, dict):
            self.problem(line, f"the record is a JSON {json_kind(item)}, not an object")
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
            fields.update(RECORD_FIELD.get(column, column) for column in key & SIMPLE_FIELDS)
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
            return RecordBuilder(self, line, values).build()
        except RowError as problem:
            self.problem(line, problem.reason)
            return None
