"""Reading: the current document's detail, and the links and cells that refine the query."""

from __future__ import annotations

from desktop_app.domain.views import DocumentDetail
from desktop_app.query import editing
from desktop_app.query.ast import Term
from desktop_app.query.search_query import SearchQuery
from desktop_app.ui.detail_pane import DetailPane
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.search import SearchController

_SELECT_ONE = "Select a document to read its details."


class ReadingController(WindowPart):
    """Reads the table's current document into the detail pane, off the GUI thread.

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
    ) -> None:
        super().__init__(context)
        self._state = query_state
        self._search = search
        self._pane = detail_pane
        table.current_document_changed.connect(self._on_table_current_document_changed)
        table.value_filter_requested.connect(self._on_table_value_filter_requested)
        detail_pane.filter_requested.connect(self._on_detail_pane_filter_requested)
        detail_pane.refine_requested.connect(self._on_detail_pane_refine_requested)
        search.result_shown.connect(self._on_search_result_shown)

    def set_catalog(self) -> None:
        self._runner.cancel("detail")
        if self._session.catalog is None:
            self._pane.show_message("No catalog is open.")
        else:
            self._pane.show_message(_SELECT_ONE)

    def _on_search_result_shown(self, _query: SearchQuery, total: int) -> None:
        if total == 0:
            self._pane.show_message("No document to show.")

    def _on_table_current_document_changed(self, document_id: int | None) -> None:
        catalog = self._session.catalog
        if document_id is None or catalog is None:
            self._runner.cancel("detail")
            if catalog is not None:
                self._pane.show_message(_SELECT_ONE)
            return
        self._runner.run(
            "detail",
            lambda: catalog.detail(document_id),
            self._on_detail_loaded,
            self._report,
        )

    def _on_detail_loaded(self, detail: DocumentDetail | None) -> None:
        self._pane.show_detail(detail)

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
