"""The first rows of a CSV or JSON file as the importer reads them, to check and map columns."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from desktop_app.domain.columns import unguard_formula
from desktop_app.domain.errors import InputError
from desktop_app.importers.tabular.csv_dialect import csv_reader, csv_reason
from desktop_app.importers.tabular.fields import column_field
from desktop_app.importers.tabular.json_stream import (
    JsonError,
    JsonStream,
    json_kind,
    json_line_items,
    looks_like_lines,
)
from desktop_app.importers.tabular.text_files import ENCODING_NAMES, open_text

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
    with open_text(path, source) as (stream, sample, _):
        try:
            if file_format == "csv":
                return _preview_csv(source, stream, sample, path.suffix.lower(), rows, mapping)
            if file_format == "json":
                lines = path.suffix.lower() in (".jsonl", ".ndjson") or looks_like_lines(sample)
                return _preview_json(source, stream, lines, rows, mapping)
        except UnicodeDecodeError as error:
            name = ENCODING_NAMES.get(error.encoding, error.encoding)
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
    reader = csv_reader(stream, sample, suffix == ".tsv")
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
        problem = f"line {reader.line_num}: {csv_reason(str(error))[0]}"
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
    records = json_line_items(stream) if lines else JsonStream(stream).records()
    try:
        for line, item in records:
            if len(items) == limit:
                more = True
                break
            if not isinstance(item, dict):
                problem = f"line {line}: the record is a JSON {json_kind(item)}, not an object"
                break
            items.append((line, item))
    except JsonError as error:
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


def _preview_text(value: object) -> str:
    """A JSON value as the importer reads it into text: lists joined with `; `."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "; ".join(_preview_text(item) for item in value)
    return json.dumps(value, ensure_ascii=False)
