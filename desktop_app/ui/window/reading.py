"""Reading: the current document's detail and its text, and the links and cells that refine
the query."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QTabWidget

from desktop_app.domain.views import DocumentDetail
from desktop_app.query import editing
from desktop_app.query.ast import Term
from desktop_app.query.search_query import SearchQuery
from desktop_app.query.text_terms import text_terms
from desktop_app.ui.detail_pane import DetailPane
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.reader import ReaderView, ReadingPage, reading_page
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.search import SearchController

_SELECT_ONE = "Select a document to read its details."
_SELECT_ONE_TEXT = "Select a document to read its text."
_TEXT_TAB = 1


class ReadingController(WindowPart):
    """Reads the table's current document into the detail pane and the reader, off the GUI
    thread; the reader marks the words the query looks for in the documents' texts.

    A link in the detail pane searches for its value alone or refines the query with it; a
    cell's menu does the same with the cell's value (Only / Exclude).
    """

    def __init__(
        self,
        context: PartContext,
        query_state: QueryState,
        search: SearchController,
        table: DocumentTable,
        detail_pane: DetailPane,
        reader: ReaderView,
        detail_tabs: QTabWidget,
    ) -> None:
        super().__init__(context)
        self._state = query_state
        self._search = search
        self._pane = detail_pane
        self._reader = reader
        self._tabs = detail_tabs
        #: The document the table last made current (its details may still be on their way).
        self._current: int | None = None
        table.current_document_changed.connect(self._on_table_current_document_changed)
        table.value_filter_requested.connect(self._on_table_value_filter_requested)
        detail_pane.filter_requested.connect(self._on_detail_pane_filter_requested)
        detail_pane.refine_requested.connect(self._on_detail_pane_refine_requested)
        search.result_shown.connect(self._on_search_result_shown)

    def set_catalog(self) -> None:
        self._current = None
        self._runner.cancel("detail")
        if self._session.catalog is None:
            self._show_message("No catalog is open.")
        else:
            self._show_message(_SELECT_ONE, _SELECT_ONE_TEXT)

    def find_in_text(self) -> bool:
        """Open the reader's find bar if the person is reading a text; whether it was."""
        focused = QApplication.focusWidget()
        if focused is None or not (focused is self._reader or self._reader.isAncestorOf(focused)):
            return False
        self._reader.start_find()
        return True

    def _show_message(self, message: str, reader_message: str | None = None) -> None:
        self._pane.show_message(message)
        self._reader.show_message(reader_message or message)
        self._tabs.setTabText(_TEXT_TAB, "Text")

    def reload(self) -> None:
        """Read the current document again (it changed): the one the table made current, whose
        details may not have come yet (a read begun before the change would show it stale)."""
        if self._current is not None:
            self._on_table_current_document_changed(self._current)

    def _on_search_result_shown(self, _query: SearchQuery, total: int) -> None:
        if total == 0:
            self._show_message("No document to show.")

    def _on_table_current_document_changed(self, document_id: int | None) -> None:
        self._current = document_id
        catalog = self._session.catalog
        if document_id is None or catalog is None:
            self._runner.cancel("detail")
            if catalog is not None:
                self._show_message(_SELECT_ONE, _SELECT_ONE_TEXT)
            return
        terms = text_terms(self._state.node)

        def read() -> tuple[DocumentDetail | None, ReadingPage | None]:
            # The text is laid out and its words found here too: a long one takes a while.
            detail = catalog.detail(document_id)
            return detail, reading_page(detail, terms) if detail is not None else None

        self._runner.run("detail", read, self._on_detail_loaded, self._report)

    def _on_detail_loaded(self, loaded: tuple[DocumentDetail | None, ReadingPage | None]) -> None:
        detail, page = loaded
        self._pane.show_detail(detail)
        if page is None:
            self._reader.show_message("This document is no longer in the catalog.")
            return
        self._reader.show_page(page)
        # The tab says whether there is a text to read before anyone opens it.
        self._tabs.setTabText(_TEXT_TAB, "Text" if page.has_text else "Text (none)")

    def _on_table_value_filter_requested(
        self, field: str, value: str | None, exclude: bool
    ) -> None:
        node = self._state.node
        if exclude:
            self._state.set_node(editing.exclude_value(node, field, value))
        else:
            self._state.set_node(editing.only(node, field, value))

    def _on_detail_pane_filter_requested(self, term: Term) -> None:
        self._search.search_for(term)

    def _on_detail_pane_refine_requested(self, term: Term, exclude: bool) -> None:
        node = self._state.node
        self._state.set_node(
            editing.exclude_term(node, term) if exclude else editing.only_term(node, term)
        )
