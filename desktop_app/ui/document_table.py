"""The document table: sorted by header click, columns chosen and moved, cells copied, filtered."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDrag,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from desktop_app.domain.table_columns import TableColumn
from desktop_app.domain.views import DocumentRow
from desktop_app.query.ast import Node
from desktop_app.services.catalog import Catalog
from desktop_app.ui.document_model import (
    COLUMNS,
    DOCUMENT_ROW_ROLE,
    DocumentTableModel,
    column_of,
)
from desktop_app.ui.icons import icon
from desktop_app.ui.item_flags import DOCUMENTS_MIME
from desktop_app.ui.match_delegate import MatchDelegate
from desktop_app.ui.worker import TaskRunner


def _cell(text: str) -> str:
    # A tab or line break inside a value would break the spreadsheet's columns and rows.
    return " ".join(text.split())


def rows_as_text(keys: Sequence[str], documents: Iterable[DocumentRow]) -> str:
    """Rows as tab-separated text with a header row, in the columns `keys` name."""
    specs = [COLUMNS[column_of(key)] for key in keys]
    lines = ["\t".join(spec.label for spec in specs)]
    lines.extend("\t".join(_cell(spec.text(document)) for spec in specs) for document in documents)
    return "\n".join(lines) + "\n"


def _sorted_by(key: str) -> int:
    """The model column whose heading sorts by `key` (the date's for an unknown key)."""
    return next((at for at, column in enumerate(COLUMNS) if column.order == key), 0)


def read_rows(
    catalog: Catalog, ids: Sequence[int], query: Node | None = None, chunk: int = 1000
) -> list[DocumentRow]:
    """The rows of `ids`, in that order, read a chunk at a time (with `query`'s passages)."""
    rows: list[DocumentRow] = []
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        by_id = {document.id: document for document in catalog.rows(part, query)}
        rows.extend(by_id[document_id] for document_id in part if document_id in by_id)
    return rows


def _menu_text(text: str) -> str:
    # An "&" in catalog text would otherwise become a keyboard mnemonic in a menu.
    return text.replace("&", "&&")


class DocumentTable(QTableView):
    """A QTableView over a DocumentTableModel, laid out for a million uniform rows."""

    #: The person asked for another order: (column key, descending).
    sort_changed = Signal(str, bool)
    #: The current row now shows this document (None: no current row).
    current_document_changed = Signal(object)
    #: How many rows are selected now.
    selection_count_changed = Signal(int)
    #: A cell's menu asked for only (False) or no (True) documents with a value of a field:
    #: (field, value or None for "no value", exclude).
    value_filter_requested = Signal(str, object, bool)
    #: A cell's menu asked to export the selected rows.
    export_requested = Signal()
    #: Copying rows not read yet began: how many rows (read off the GUI thread, then copied).
    copy_started = Signal(int)
    #: The selected rows are on the clipboard: how many.
    copy_finished = Signal(int)
    #: The rows could not be read for copying; the message is fit to show.
    copy_failed = Signal(str)

    def __init__(self, model: DocumentTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentTable")
        self.setAccessibleName("Documents")
        self.setAccessibleDescription("The documents the current search found")
        self._model = model
        # Rows to copy that no page holds yet are read here, never on the GUI thread: Ctrl+A,
        # Ctrl+C on a million rows reads for a while.
        self._copier = TaskRunner(self, max_threads=1)
        # The title takes the room the other columns leave until the person sizes a column.
        self._fitting_title = True
        self._fit_title_pending = False
        #: The person showed or hid the Match column: it no longer follows the query's words.
        self._match_chosen = False
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Selected rows drag onto a collection in the tree, which adds them to it.
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.setTabKeyNavigation(False)

        rows = self.verticalHeader()
        rows.setVisible(False)
        # Fixed, uniform heights: the view never measures a row, so it never fetches one to lay out.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        rows.setMinimumSectionSize(self.fontMetrics().height() + 10)

        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 4)

        self._row_actions: list[QAction] = []
        self.copy_action = QAction(icon("copy"), "&Copy selected rows", self)
        self.copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.setStatusTip("Copy the selected rows as tab-separated text with a header")
        self.addAction(self.copy_action)

        # The headers get a selection model of their own that stays empty. Through the table's,
        # a header asks for every column whether all its rows are selected, to draw the section
        # as selected: after Ctrl+A that is a model call per cell, minutes at a million rows.
        for section_header in (header, rows):
            section_header.setSelectionModel(QItemSelectionModel(model, section_header))

        # The Match column marks the query's words in its passage.
        self.setItemDelegateForColumn(column_of("match"), MatchDelegate(self))
        self.reset_columns()
        self._connect_signals()

    def _connect_signals(self) -> None:
        header = self.horizontalHeader()
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        header.sectionResized.connect(self._on_header_section_resized)
        header.customContextMenuRequested.connect(self._on_header_context_menu_requested)
        selection = self.selectionModel()
        selection.currentRowChanged.connect(self._on_selection_current_row_changed)
        selection.selectionChanged.connect(self._on_selection_changed)
        self._model.modelReset.connect(self._on_model_reset)
        self.copy_action.triggered.connect(self.copy_selection)

    # -- columns and sort --------------------------------------------------------------------

    def reset_columns(self) -> None:
        """Columns in their first order and widths, the default ones shown, sorted by date."""
        self._fitting_title = True
        self._match_chosen = False
        header = self.horizontalHeader()
        for logical, spec in enumerate(COLUMNS):
            visual = header.visualIndex(logical)
            if visual != logical:
                header.moveSection(visual, logical)
            header.resizeSection(logical, self._default_width(spec))
            header.setSectionHidden(logical, not spec.shown_by_default)
        self.set_sort("date", False)
        self.fit_title_column()

    def _default_width(self, spec: TableColumn) -> int:
        # Room for the cell margins and the header's sort arrow besides the sample text.
        return self.fontMetrics().horizontalAdvance(spec.sample) + 28

    def fit_title_column(self) -> None:
        """Give the title the room the other shown columns leave, at least its default width."""
        header = self.horizontalHeader()
        title = column_of("title")
        if header.isSectionHidden(title):
            return
        others = sum(
            header.sectionSize(index)
            for index in range(header.count())
            if index != title and not header.isSectionHidden(index)
        )
        available = self.viewport().width() - others - 2
        scroll_bar = self.verticalScrollBar()
        if not scroll_bar.isVisible():
            # It appears once rows overflow; the title leaves it room rather than add a
            # horizontal scroll bar.
            available -= scroll_bar.sizeHint().width()
        self._fit_title_pending = True
        try:
            header.resizeSection(title, max(self._default_width(COLUMNS[title]) // 2, available))
        finally:
            self._fit_title_pending = False

    def set_sort(self, key: str, descending: bool) -> None:
        """Show the sort indicator for an order without asking for a new search."""
        header = self.horizontalHeader()
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)
        header.setSortIndicator(_sorted_by(key), order)
        header.blockSignals(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitting_title:
            self.fit_title_column()

    def sort_order(self) -> tuple[str, bool]:
        header = self.horizontalHeader()
        section = header.sortIndicatorSection()
        if not 0 <= section < len(COLUMNS):
            return "date", False
        return COLUMNS[section].order, header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def visible_columns(self) -> list[str]:
        """Keys of the shown columns, in the order the person arranged them."""
        header = self.horizontalHeader()
        logical = [header.logicalIndex(visual) for visual in range(header.count())]
        return [COLUMNS[index].key for index in logical if not header.isSectionHidden(index)]

    def show_matches(self, shown: bool) -> None:
        """Show the Match column while the query has words and hide it when it has none, until
        the person shows or hides it themselves."""
        header = self.horizontalHeader()
        match = column_of("match")
        if self._match_chosen or header.isSectionHidden(match) != shown:
            return
        header.setSectionHidden(match, not shown)
        if self._fitting_title:
            self.fit_title_column()

    def set_column_visible(self, key: str, visible: bool) -> None:
        if key == "match":
            self._match_chosen = True
        header = self.horizontalHeader()
        if not visible and len(self.visible_columns()) <= 1:
            return  # the last column stays: a table without columns cannot be got back
        header.setSectionHidden(column_of(key), not visible)

    def move_column(self, key: str, steps: int) -> None:
        """Move a column left (negative) or right past `steps` shown columns."""
        header = self.horizontalHeader()
        visual = header.visualIndex(column_of(key))
        shown = [
            v for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))
        ]
        if visual not in shown:
            return
        place = max(0, min(len(shown) - 1, shown.index(visual) + steps))
        header.moveSection(visual, shown[place])

    def save_state(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_state(self, state: QByteArray) -> bool:
        header = self.horizontalHeader()
        header.blockSignals(True)
        try:
            restored = header.restoreState(state) and header.count() == len(COLUMNS)
        finally:
            header.blockSignals(False)
        if not restored or not self.visible_columns():
            self.reset_columns()
            return False
        self._fitting_title = False  # the widths are the person's own
        return True

    # -- selection and copying ---------------------------------------------------------------

    def selected_ranges(self) -> list[tuple[int, int]]:
        """The selected rows as ranges (first, last), in table order, none overlapping.

        Read from the selection's ranges, not selectedRows(): Ctrl+A on a million rows must not
        build a million indexes.
        """
        selection = self.selectionModel().selection()
        found: list[tuple[int, int]] = []
        for top, bottom in sorted((r.top(), r.bottom()) for r in list(selection)):  # type: ignore[call-overload]
            if found and top <= found[-1][1] + 1:
                if bottom > found[-1][1]:
                    found[-1] = (found[-1][0], bottom)
            else:
                found.append((top, bottom))
        return found

    def selected_rows(self, limit: int | None = None) -> list[int]:
        """Selected row numbers in table order; `limit` keeps the first rows only, without
        listing a million for Ctrl+A."""
        rows: list[int] = []
        for top, bottom in self.selected_ranges():
            stop = bottom + 1 if limit is None else min(bottom + 1, top + limit - len(rows))
            rows.extend(range(top, stop))
            if limit is not None and len(rows) >= limit:
                break
        return rows

    def selected_count(self) -> int:
        return sum(bottom - top + 1 for top, bottom in self.selected_ranges())

    def startDrag(self, supported_actions: Qt.DropAction) -> None:
        """Drag the selection (onto a collection): the drag says only that it is one, so that
        Ctrl+A on a million rows never lists their indexes."""
        count = self.selected_count()
        if not count:
            return
        data = QMimeData()
        data.setData(DOCUMENTS_MIME, QByteArray(str(count).encode()))
        data.setText(f"{count:,} documents" if count != 1 else "1 document")
        drag = QDrag(self)
        drag.setMimeData(data)
        drag.exec(Qt.DropAction.CopyAction)

    def copy_selection(self) -> None:
        """Put the selected rows on the clipboard: at once if they are read, else when they are."""
        rows = self.selected_rows()
        if not rows:
            return
        keys = self.visible_columns()
        found, missing = self._model.cached_rows(rows)
        catalog = self._model.catalog
        if not missing or catalog is None:
            QGuiApplication.clipboard().setText(rows_as_text(keys, found))
            self.copy_finished.emit(len(found))
            return
        found_ids = (self._model.document_id(row) for row in rows)
        ids = [document_id for document_id in found_ids if document_id is not None]
        self.copy_started.emit(len(ids))
        query = self._model.query
        self._copier.run(
            "copy",
            lambda: (len(ids), rows_as_text(keys, read_rows(catalog, ids, query))),
            self._on_copier_finished,
            lambda error: self.copy_failed.emit(str(error)),
        )

    def is_copying(self) -> bool:
        return not self._copier.is_idle()

    def shutdown(self) -> None:
        """Wait for a copy being read (before the catalog closes); its text is dropped."""
        self._copier.shutdown()

    def _on_copier_finished(self, outcome: tuple[int, str]) -> None:
        count, text = outcome
        QGuiApplication.clipboard().setText(text)
        self.copy_finished.emit(count)

    def copy_value(self, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.DisplayRole)
        if value:
            QGuiApplication.clipboard().setText(str(value))

    def select_row(self, row: int) -> None:
        """Make `row` the current and only selected row, scrolled into view."""
        if not 0 <= row < self._model.rowCount():
            return
        index = self._model.index(row, self.horizontalHeader().logicalIndex(0))
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index)

    def show_row(self, row: int) -> None:
        """Make `row` current, scrolled into view; a selection that holds it is kept.

        The timeline marks the selected rows: clicking one mark shows that document without
        taking the others' marks away.
        """
        if not 0 <= row < self._model.rowCount():
            return
        if not self.selectionModel().isRowSelected(row):
            self.select_row(row)
            return
        index = self._model.index(row, self.horizontalHeader().logicalIndex(0))
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QAbstractItemView copies only the current cell on Ctrl+C; people want the rows.
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if not index.isValid():
            return
        if not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.select_row(index.row())
        self.context_menu(index).exec(event.globalPos())

    def add_row_action(self, action: QAction) -> None:
        """Offer `action` (Copy citation) in every cell's menu, after Copy."""
        self._row_actions.append(action)

    def context_menu(self, index: QModelIndex) -> QMenu:
        """A cell's menu: copy, export the selection, then only / exclude for each value."""
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.addActions(self._row_actions)
        spec = COLUMNS[index.column()]
        label = spec.label.lower()
        value = menu.addAction(f"Copy this {label}")
        value.setEnabled(bool(index.data(Qt.ItemDataRole.DisplayRole)))
        value.triggered.connect(lambda: self.copy_value(index))
        export = menu.addAction(icon("export"), "&Export selection…")
        export.setObjectName("exportSelectionAction")
        export.triggered.connect(lambda: self.export_requested.emit())
        document = index.data(DOCUMENT_ROW_ROLE)
        filters = spec.filter_choices(document) if document is not None else None
        if filters is None:
            return menu
        field, values = filters
        menu.addSeparator()
        if len(values) == 1:
            self._add_filter_actions(menu, field, values[0], label)
            return menu
        for each in values:
            submenu = menu.addMenu(_menu_text(each or "(none)"))
            submenu.setObjectName("cellValueMenu")
            self._add_filter_actions(submenu, field, each, label)
        return menu

    def _add_filter_actions(self, menu: QMenu, field: str, value: str | None, label: str) -> None:
        if value is None:
            only_text, exclude_text = (
                f"Only documents with no {label}",
                f"Exclude those with no {label}",
            )
        else:
            only_text, exclude_text = "Only documents with this value", "Exclude this value"
        only = menu.addAction(icon("only_value"), only_text)
        only.setObjectName("onlyValueAction")
        only.triggered.connect(lambda: self.value_filter_requested.emit(field, value, False))
        exclude = menu.addAction(icon("exclude_value"), exclude_text)
        exclude.setObjectName("excludeValueAction")
        exclude.triggered.connect(lambda: self.value_filter_requested.emit(field, value, True))

    # -- handlers ----------------------------------------------------------------------------

    def _on_header_sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        if 0 <= section < len(COLUMNS):
            self.sort_changed.emit(COLUMNS[section].order, order == Qt.SortOrder.DescendingOrder)

    def _on_header_section_resized(self, logical: int, old: int, new: int) -> None:
        # A drag on a header edge, not our own fitting: from now on the widths are the person's.
        if (
            not self._fit_title_pending
            and self.horizontalHeader().isVisible()
            and (QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton)
        ):
            self._fitting_title = False

    def _on_header_context_menu_requested(self, position: QPoint) -> None:
        header = self.horizontalHeader()
        column_menu(self, header.logicalIndexAt(position)).exec(header.mapToGlobal(position))

    def reset_columns_and_sort(self) -> None:
        """Columns as they first were, and the rows in date order again."""
        self.reset_columns()
        self.sort_changed.emit("date", False)

    def _on_selection_current_row_changed(
        self, current: QModelIndex, previous: QModelIndex
    ) -> None:
        document_id = self._model.document_id(current.row()) if current.isValid() else None
        self.current_document_changed.emit(document_id)

    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self.selection_count_changed.emit(self.selected_count())

    def _on_model_reset(self) -> None:
        # Qt only clamps the scroll offset to the new rows: a new result would open part-way down.
        self.scrollToTop()
        self.current_document_changed.emit(None)
        self.selection_count_changed.emit(0)


def column_menu(table: DocumentTable, clicked: int) -> QMenu:
    """The table's heading menu for column `clicked` (-1: past the last): move, hide and show
    columns, or reset them all."""
    header = table.horizontalHeader()
    menu = QMenu(table)
    menu.setToolTipsVisible(True)
    if 0 <= clicked < len(COLUMNS):
        key = COLUMNS[clicked].key
        label = COLUMNS[clicked].label
        visual = header.visualIndex(clicked)
        left = menu.addAction(icon("move_left"), f"Move “{label}” left")
        left.setEnabled(visual > 0)
        left.triggered.connect(lambda: table.move_column(key, -1))
        right = menu.addAction(icon("move_right"), f"Move “{label}” right")
        right.setEnabled(visual < header.count() - 1)
        right.triggered.connect(lambda: table.move_column(key, 1))
        hide = menu.addAction(icon("hide"), f"Hide “{label}”")
        hide.setEnabled(len(table.visible_columns()) > 1)
        hide.triggered.connect(lambda: table.set_column_visible(key, False))
        menu.addSeparator()
    shown = menu.addMenu(icon("columns"), "Columns")
    for visual in range(header.count()):
        logical = header.logicalIndex(visual)
        spec = COLUMNS[logical]
        action = shown.addAction(spec.label)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(logical))
        action.toggled.connect(lambda checked, key=spec.key: table.set_column_visible(key, checked))
    menu.addSeparator()
    reset = menu.addAction(icon("reset_layout"), "Reset columns")
    reset.triggered.connect(table.reset_columns_and_sort)
    return menu
