"""The document table's columns, defined once: the table, its sort, its cell menus and the
export's default columns all read them from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.domain.views import DocumentRow

#: Between the values of a multi-valued cell, as the archive lists them.
CELL_SEPARATOR = "; "


@dataclass(frozen=True, slots=True)
class TableColumn:
    """One column of the document table.

    `key` is its sort key (the catalog orders by it) and its export column's key; `values`
    reads its cell's values from a row, one for a single-valued column. A cell's menu filters
    by `filter_field` (None: no menu filter) on `filter_values`, the cell's values unless
    given. `sample` is a typical long value the default width fits; `cut_often` columns show
    their whole value as a tooltip. `sort_key` is the order a click on the heading asks for
    where it is not the column's own; only `exported` columns are export columns too.
    """

    key: str
    label: str
    sample: str
    values: Callable[[DocumentRow], tuple[str, ...]]
    multi: bool = False
    shown_by_default: bool = True
    filter_field: str | None = None
    filter_values: Callable[[DocumentRow], tuple[str, ...]] | None = None
    cut_often: bool = False
    sort_key: str | None = None
    exported: bool = True

    @property
    def order(self) -> str:
        """The sort key a click on the column's heading asks for."""
        return self.sort_key or self.key

    def text(self, row: DocumentRow) -> str:
        """The cell's text: its values joined as the archive lists them."""
        return CELL_SEPARATOR.join(self.values(row))

    def filter_choices(self, row: DocumentRow) -> tuple[str, list[str | None]] | None:
        """The query field a cell's menu filters by, and the cell's values each on its own.

        An empty cell gives `[None]`, the "(none)" bucket; a column that filters by nothing
        (the title) gives None.
        """
        if self.filter_field is None:
            return None
        values = (self.filter_values or self.values)(row)
        present: list[str | None] = [value for value in values if value]
        return self.filter_field, present or [None]


def _year(row: DocumentRow) -> tuple[str, ...]:
    return (row.date_start[:4] if row.date_start else "",)


TABLE_COLUMNS: tuple[TableColumn, ...] = (
    # The date's cell menu filters by its year: the day is seldom what a person narrows to.
    TableColumn(
        "date",
        "Date",
        "September 10, 1951",
        lambda row: (row.date_text,),
        filter_field="year",
        filter_values=_year,
    ),
    TableColumn(
        "title",
        "Title",
        "Ciphered Telegram No. 25465 from Beijing, Mao Zedong to Cde. Filippov",
        lambda row: (row.title,),
        cut_often=True,
    ),
    # The passage of the text the query's words matched; sorted by how well it matched.
    TableColumn(
        "match",
        "Match",
        "…regard West Berlin and West Germany as one entity…",
        lambda row: (row.snippet.text,) if row.snippet is not None else (),
        # Shown while the query has words (`DocumentTable.show_matches`).
        shown_by_default=False,
        cut_often=True,
        sort_key="relevance",
        exported=False,
    ),
    TableColumn(
        "type",
        "Type",
        "Memorandum of Conversation",
        lambda row: (row.doc_type,),
        filter_field="type",
    ),
    TableColumn(
        "number", "Number", "Special No. 1821", lambda row: (row.number,), filter_field="number"
    ),
    TableColumn(
        "authors",
        "Authors",
        "Mao Zedong",
        lambda row: row.authors,
        multi=True,
        filter_field="author",
        cut_often=True,
    ),
    TableColumn(
        "recipients",
        "Recipients",
        "Mao Zedong",
        lambda row: row.recipients,
        multi=True,
        filter_field="recipient",
        cut_often=True,
    ),
    TableColumn(
        "origin",
        "Origin",
        "Origin",
        lambda row: (row.origin,),
        shown_by_default=False,  # the archive's titles name it too (`from Beijing`)
        filter_field="origin",
    ),
    TableColumn(
        "collections",
        "Collections",
        "Sino-Soviet Relations; Sino-Soviet Alliance",
        lambda row: row.collections,
        multi=True,
        shown_by_default=False,
        filter_field="collection",
        cut_often=True,
    ),
    TableColumn(
        "record_id",
        "Record ID",
        "123456789",
        lambda row: (row.record_id,),
        shown_by_default=False,
        filter_field="record",
    ),
    TableColumn(
        "languages",
        "Language",
        "Russian; Chinese",
        lambda row: row.languages,
        multi=True,
        shown_by_default=False,
        filter_field="language",
    ),
    TableColumn(
        "archive",
        "Archive",
        "Archive of the President, Russian Federation",
        lambda row: (row.archive,),
        shown_by_default=False,
        filter_field="archive",
        cut_often=True,
    ),
)

#: The table's column keys in its order.
TABLE_COLUMN_KEYS: tuple[str, ...] = tuple(column.key for column in TABLE_COLUMNS)
#: The table's columns that are the catalog's own values, in its order: each a sort column of
#: the catalog and an export column, and what an export holds by default.
STORED_COLUMN_KEYS: tuple[str, ...] = tuple(
    column.key for column in TABLE_COLUMNS if column.exported and column.sort_key is None
)
