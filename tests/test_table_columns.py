"""The document table's columns, defined once: what the table, its sort, its cell menus and the
export read from them agrees, and a cell's menu filter finds the row it was read from."""

from __future__ import annotations

import pytest

from desktop_app.domain.columns import COLUMNS_BY_KEY, DEFAULT_EXPORT_COLUMNS, VALUE_SEPARATOR
from desktop_app.domain.dates import Precision
from desktop_app.domain.table_columns import (
    STORED_COLUMN_KEYS,
    TABLE_COLUMN_KEYS,
    TABLE_COLUMNS,
    TableColumn,
)
from desktop_app.domain.views import DocumentRow
from desktop_app.query import editing
from desktop_app.query.compiler import RELEVANCE, SORT_COLUMNS
from desktop_app.query.fields import FIELDS
from desktop_app.query.search_query import SearchQuery
from desktop_app.services.catalog import Catalog

_ROW = DocumentRow(
    id=7,
    date_text="September 10, 1951",
    precision=Precision.DAY,
    date_start="1951-09-10",
    date_end="1951-09-10",
    title="Ciphered Telegram, Filippov [Stalin] to Mao Zedong",
    doc_type="Ciphered Telegram",
    number="",
    authors=("Stalin",),
    recipients=("Mao Zedong", "Zhou Enlai"),
    origin="Moscow",
    collections=(),
    record_id="110381",
    languages=("Russian",),
    archive="",
)


def _column(key: str) -> TableColumn:
    return TABLE_COLUMNS[TABLE_COLUMN_KEYS.index(key)]


def test_every_stored_table_column_is_sorted_by_the_catalog_and_exported_by_default() -> None:
    stored = tuple(column.key for column in TABLE_COLUMNS if column.key != "match")
    assert tuple(SORT_COLUMNS) == stored == STORED_COLUMN_KEYS
    assert stored == DEFAULT_EXPORT_COLUMNS
    for column in TABLE_COLUMNS:
        if column.exported:
            exported = COLUMNS_BY_KEY[column.key]
            assert (exported.label, exported.multi) == (column.label, column.multi)
    # The Match column is the passage a query matched: sorted by relevance, never exported.
    match = _column("match")
    assert match.order == RELEVANCE and "match" not in COLUMNS_BY_KEY


def test_a_cell_menu_filters_by_a_field_the_query_language_knows() -> None:
    fields = {column.filter_field for column in TABLE_COLUMNS} - {None}
    assert fields <= set(FIELDS)
    assert _column("title").filter_field is None


def test_a_cells_text_joins_its_values_as_a_multi_valued_csv_cell_does() -> None:
    assert _column("recipients").text(_ROW) == VALUE_SEPARATOR.join(("Mao Zedong", "Zhou Enlai"))
    assert _column("date").text(_ROW) == "September 10, 1951"
    assert _column("collections").text(_ROW) == ""


@pytest.mark.parametrize(
    ("key", "choices"),
    [
        ("date", ("year", ["1951"])),
        ("recipients", ("recipient", ["Mao Zedong", "Zhou Enlai"])),
        ("collections", ("collection", [None])),
        ("number", ("number", [None])),
        ("record_id", ("record", ["110381"])),
        ("title", None),
    ],
)
def test_a_cells_menu_offers_each_value_and_none_for_an_empty_cell(
    key: str, choices: tuple[str, list[str | None]] | None
) -> None:
    assert _column(key).filter_choices(_ROW) == choices


def test_each_cell_menu_filter_finds_the_row_it_was_read_from(seed_catalog: Catalog) -> None:
    ids = seed_catalog.search().ids
    rows = seed_catalog.rows(ids)
    tried = 0
    for column in TABLE_COLUMNS:
        for row in rows:
            choices = column.filter_choices(row)
            if choices is None:
                continue
            field, values = choices
            for value in values:
                query = SearchQuery.of(editing.only(None, field, value))
                found = seed_catalog.search(query).ids
                assert row.id in found, (column.key, value, query.text)
                tried += 1
    assert tried > 100
