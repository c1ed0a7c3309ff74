"""The document table's model: a search result's ids and a lazy, paged cache of their rows."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop_app.domain.table_columns import TABLE_COLUMN_KEYS, TABLE_COLUMNS, TableColumn
from desktop_app.domain.views import DocumentRow, SearchResult
from desktop_app.query.ast import Node
from desktop_app.services.catalog import Catalog
from desktop_app.ui.item_flags import DOCUMENT_ROW_FLAGS
from desktop_app.ui.safe_text import plain_tooltip
from desktop_app.ui.worker import TaskRunner

#: Rows read at once for a page not in the cache: more than a screen. A jump to any place in a
#: large catalog reads each row from a different part of the file (the rows are in date order,
#: the file in import order): at a million documents 50 rows take about 10 ms, 100 about 14 ms,
#: and two pages are read at once when a screen spans both.
PAGE_SIZE = 50
#: Pages kept; the least recently shown are forgotten, so memory stays flat at a million rows.
MAX_CACHED_PAGES = 256

#: The catalog id of the row's document (int).
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The row's DocumentRow, fetched if need be.
DOCUMENT_ROW_ROLE = Qt.ItemDataRole.UserRole + 2
#: Where the query's words are in a Match cell's text: ((start, end), …) offsets of its text.
MATCH_MARKS_ROLE = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex


#: The model's columns, in its column order: the table's, defined once in the domain.
COLUMNS: tuple[TableColumn, ...] = TABLE_COLUMNS
COLUMN_KEYS: tuple[str, ...] = TABLE_COLUMN_KEYS


def column_of(key: str) -> int:
    """The model column of a column key; ValueError for an unknown key."""
    return COLUMN_KEYS.index(key)


class DocumentTableModel(QAbstractTableModel):
    """The rows of one search result, fetched a page at a time as the view shows them.

    Sorting is done by the catalog in SQL (the table asks the window for a new search), never
    here: at a million rows sorting in Qt would fetch every row.
    """

    #: A page of rows could not be read; the message is fit to show.
    rows_failed = Signal(str)

    def __init__(self, catalog: Catalog | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._ids: Sequence[int] = ()
        #: The query whose result this is: the rows are read with the passages it matched.
        self._query: Node | None = None
        # Rows shown; more than `_ids` while a result's first page came before its other ids.
        self._total = 0
        self._pages: OrderedDict[int, list[DocumentRow | None]] = OrderedDict()
        # Pages are read on threads of their own, never on the GUI thread: a row not read yet
        # paints blank for the few milliseconds its page takes.
        self._reader = TaskRunner(self, max_threads=2)
        self._requested: set[int] = set()
        # Moves on with each new result, so that a page read for an older one is dropped.
        self._result_number = 0
        self._roles: dict[int, Callable[[int, int], Any]] = {
            Qt.ItemDataRole.DisplayRole: self._display,
            Qt.ItemDataRole.ToolTipRole: self._tooltip,
            DOCUMENT_ID_ROLE: self._document_id,
            DOCUMENT_ROW_ROLE: self._document_row,
            MATCH_MARKS_ROLE: self._match_marks,
        }

    # -- what the window tells it ------------------------------------------------------------

    def set_catalog(self, catalog: Catalog | None) -> None:
        self.beginResetModel()
        self._forget_requests()
        self._catalog = catalog
        self._ids = ()
        self._total = 0
        self._pages.clear()
        self.endResetModel()

    def set_result(
        self,
        result: SearchResult,
        first_rows: Sequence[DocumentRow] | None = None,
        query: Node | None = None,
    ) -> None:
        """Show a new result of `query`; rows are fetched when the view first shows them.

        `first_rows`, the documents of the first page if the search already read them off the
        GUI thread, spare the first paint its fetch. An incomplete result shows all its rows,
        those past its ids blank until `complete_result` brings them.
        """
        self.beginResetModel()
        self._forget_requests()
        self._ids = result.ids
        self._query = query
        self._total = result.total
        self._pages.clear()
        if first_rows is not None:
            by_id = {document.id: document for document in first_rows}
            self._pages[0] = [by_id.get(document_id) for document_id in result.ids[:PAGE_SIZE]]
        self.endResetModel()

    def complete_result(self, result: SearchResult) -> None:
        """Every id of the result whose first page is shown: the blank rows fill in, in place.

        If the ids do not continue the rows shown (the catalog changed in between), the model
        is reset to the new result instead.
        """
        known = len(self._ids)
        if result.total != self._total or list(result.ids[:known]) != list(self._ids):
            self.set_result(result, query=self._query)
            return
        self._ids = result.ids
        # Pages read while their ids were unknown are blank: forget them.
        for number in [n for n in self._pages if (n + 1) * PAGE_SIZE > known]:
            del self._pages[number]
        if known < self._total:
            self.dataChanged.emit(
                self.index(known, 0), self.index(self._total - 1, len(COLUMNS) - 1)
            )

    @property
    def is_complete(self) -> bool:
        return len(self._ids) == self._total

    @property
    def ids(self) -> Sequence[int]:
        return self._ids

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog

    @property
    def query(self) -> Node | None:
        """The query whose result the model shows (its rows carry the passages it matched)."""
        return self._query

    def document_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, document_id: int) -> int | None:
        """Where a document is in the result (a scan in C, a few ms at a million ids)."""
        try:
            return self._ids.index(document_id)
        except ValueError:
            return None

    def document_row(self, row: int) -> DocumentRow | None:
        """The row's document if its page is read; if not, None, and the page is asked for."""
        if not 0 <= row < len(self._ids):
            return None
        page = self._page(row // PAGE_SIZE)
        return page[row % PAGE_SIZE] if page is not None else None

    def is_idle(self) -> bool:
        """No page is being read."""
        return self._reader.is_idle()

    def shutdown(self) -> None:
        """Wait for the page being read (before the catalog closes); later ones are dropped."""
        self._forget_requests()
        self._reader.shutdown()

    def cached_rows(self, rows: Sequence[int]) -> tuple[list[DocumentRow], list[int]]:
        """The documents of `rows` that the cache holds, and the ids of the others; never reads."""
        found: list[DocumentRow] = []
        missing: list[int] = []
        for row in rows:
            if not 0 <= row < len(self._ids):
                continue
            page = self._pages.get(row // PAGE_SIZE)
            document = page[row % PAGE_SIZE] if page is not None else None
            if document is not None:
                found.append(document)
            else:
                missing.append(self._ids[row])
        return found, missing

    # -- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # Never fetches, and costs one test: Qt asks it for every cell it lays out or selects.
        return DOCUMENT_ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None  # a row past the ids read so far stays blank until they come
        handler = self._roles.get(role)
        return handler(index.row(), index.column()) if handler is not None else None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        spec = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Click to sort by {spec.label.lower()}; right-click to choose columns"
        return None

    # -- roles -------------------------------------------------------------------------------

    def _display(self, row: int, column: int) -> str:
        document = self.document_row(row)
        return COLUMNS[column].text(document) if document is not None else ""

    def _tooltip(self, row: int, column: int) -> str | None:
        # Only the long, often cut columns: the tooltip shows them whole, and literally.
        if not COLUMNS[column].cut_often:
            return None
        return plain_tooltip(self._display(row, column)) or None

    def _match_marks(self, row: int, column: int) -> tuple[tuple[int, int], ...]:
        document = self.document_row(row) if COLUMNS[column].key == "match" else None
        return document.snippet.marks if document is not None and document.snippet else ()

    def _document_id(self, row: int, column: int) -> int:
        return self._ids[row]

    def _document_row(self, row: int, column: int) -> DocumentRow | None:
        return self.document_row(row)

    # -- the cache ---------------------------------------------------------------------------

    def reread_rows(self) -> None:
        """Read the rows held again (the documents changed, not the result): each page keeps
        showing what it showed until its new rows come."""
        for number in list(self._pages):
            self._request(number)

    def _page(self, number: int) -> list[DocumentRow | None] | None:
        """A read page, or None after asking for it."""
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        self._request(number)
        return None

    def _request(self, number: int) -> None:
        catalog = self._catalog
        if catalog is None or number in self._requested:
            return
        ids = list(self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE])
        if not ids:
            return
        self._requested.add(number)
        result_number = self._result_number
        query = self._query
        self._reader.run(
            f"page-{number}",
            lambda: catalog.rows(ids, query),
            lambda rows: self._on_page_read(result_number, number, ids, rows),
            lambda error: self._on_page_failed(result_number, number, ids, error),
        )

    def _on_page_read(
        self, result_number: int, number: int, ids: list[int], rows: list[DocumentRow]
    ) -> None:
        if result_number != self._result_number:
            return
        by_id = {document.id: document for document in rows}
        self._keep_page(number, [by_id.get(document_id) for document_id in ids])

    def _on_page_failed(
        self, result_number: int, number: int, ids: list[int], error: BaseException
    ) -> None:
        if result_number != self._result_number:
            return
        # Kept as blanks so that painting does not ask again on every frame.
        self._keep_page(number, [None] * len(ids))
        self.rows_failed.emit(str(error))

    def _keep_page(self, number: int, page: list[DocumentRow | None]) -> None:
        self._requested.discard(number)
        self._pages[number] = page
        if len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        first = number * PAGE_SIZE
        self.dataChanged.emit(
            self.index(first, 0),
            self.index(first + len(page) - 1, len(COLUMNS) - 1),
            [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
        )

    def _forget_requests(self) -> None:
        self._result_number += 1
        for number in self._requested:
            self._reader.cancel(f"page-{number}")
        self._requested.clear()
