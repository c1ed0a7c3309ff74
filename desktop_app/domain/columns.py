"""The columns an export can hold, their headings, and the guard against spreadsheet formulas."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.domain.errors import InputError
from desktop_app.domain.table_columns import CELL_SEPARATOR, STORED_COLUMN_KEYS, TABLE_COLUMNS


@dataclass(frozen=True, slots=True)
class ExportColumn:
    """One exportable column: its key (CSV import reads it back), heading and shape."""

    key: str
    label: str
    #: Several values: joined with `; ` in CSV, an array in JSON.
    multi: bool = False
    #: A document's own words, of any length: exported only when chosen, never by default.
    long: bool = False


EXPORT_COLUMNS: tuple[ExportColumn, ...] = (
    # The document table's columns first, with its headings (PRODUCT.md §5).
    *(
        ExportColumn(column.key, column.label, multi=column.multi)
        for column in TABLE_COLUMNS
        if column.exported
    ),
    ExportColumn("summary", "Summary"),
    ExportColumn("via", "Via", multi=True),
    ExportColumn("participants", "Participants", multi=True),
    ExportColumn("mentioned", "Mentioned", multi=True),
    ExportColumn("subjects", "Subjects", multi=True),
    ExportColumn("places", "Places", multi=True),
    ExportColumn("tags", "Tags", multi=True),
    ExportColumn("classification", "Classification"),
    ExportColumn("source", "Source"),
    ExportColumn("url", "URL"),
    ExportColumn("rights", "Rights"),
    ExportColumn("notes", "Notes"),
    ExportColumn("date_start", "Date start"),
    ExportColumn("date_end", "Date end"),
    ExportColumn("precision", "Precision"),
    # A document's own words, last: never among the defaults, as a whole catalog's texts in
    # every spreadsheet would surprise, and no column of the document table.
    ExportColumn("text", "Text", long=True),
    ExportColumn("footnotes", "Footnotes", long=True),
)

COLUMNS_BY_KEY: dict[str, ExportColumn] = {column.key: column for column in EXPORT_COLUMNS}

#: The table's columns, in the table's order: what an export holds unless told otherwise.
DEFAULT_EXPORT_COLUMNS: tuple[str, ...] = STORED_COLUMN_KEYS

#: Between the values of a multi-valued CSV cell: as the table shows them.
VALUE_SEPARATOR = CELL_SEPARATOR


def _folded_name(text: str) -> str:
    return "_".join(text.replace("-", " ").casefold().split())


_BY_NAME: dict[str, ExportColumn] = {}
for _column in EXPORT_COLUMNS:
    _BY_NAME[_column.key] = _column
    _BY_NAME.setdefault(_folded_name(_column.label), _column)


def export_columns(names: Iterable[str]) -> tuple[ExportColumn, ...]:
    """The columns named by key or heading (`record_id`, `Record ID`); InputError otherwise."""
    chosen: list[ExportColumn] = []
    for name in names:
        column = _BY_NAME.get(_folded_name(name))
        if column is None:
            known = ", ".join(column.key for column in EXPORT_COLUMNS)
            raise InputError(f"unknown column '{name}'; the columns are: {known}")
        if column in chosen:
            raise InputError(f"the column '{column.key}' is named twice")
        chosen.append(column)
    if not chosen:
        raise InputError("no columns to export")
    return tuple(chosen)


# What a spreadsheet reads as the start of a formula (OWASP "CSV injection"), the full-width forms
# included because some spreadsheets fold them to ASCII.
_FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
# A plain number (`-5`, `+1.5e3`) is data to a spreadsheet, never a formula: left as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?")


def needs_formula_guard(text: str) -> bool:
    """True when a spreadsheet could run `text` as a formula, so an export prefixes a `'`.

    That is: it begins with `=`, `+`, `-`, `@`, tab or CR (or their full-width forms), also after
    leading spaces, and is not a plain number. Text that already starts with apostrophes before
    such a start is guarded too, so that `unguard_formula` can undo the guard exactly.
    """
    if not text:
        return False
    rest = text.lstrip("'").lstrip(" ")
    if not rest or rest[0] not in _FORMULA_STARTS:
        return False
    return _PLAIN_NUMBER.fullmatch(rest) is None


def guard_formula(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet could run it as a formula."""
    return "'" + text if needs_formula_guard(text) else text


def unguard_formula(text: str) -> str:
    """Undo `guard_formula`: drop the `'` an export put before a would-be formula."""
    if text.startswith("'") and needs_formula_guard(text[1:]):
        return text[1:]
    return text
