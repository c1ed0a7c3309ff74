"""Searching: the typed or edited query run off the GUI thread, its rows shown, its history."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from desktop_app.domain.errors import QueryError
from desktop_app.domain.text import plural
from desktop_app.domain.views import DocumentRow, SearchResult
from desktop_app.query.ast import Node, Term
from desktop_app.query.search_query import SearchQuery, Sort
from desktop_app.query.text_terms import text_terms
from desktop_app.ui.document_model import PAGE_SIZE, DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.query_state import Place, QueryState
from desktop_app.ui.window.central import CentralPane
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.search_box import SearchBox

#: The background channels of a search; a new catalog cancels them.
_CHANNELS = ("search", "search-rest")


class SearchController(WindowPart):
    """Runs the query `QueryState` holds and shows its result in the table, or says why not.

    Every edit of the query (the field, chips, facets, links, history) comes here through
    `QueryState.query_changed`. The first page of rows is read with the ids, so that the table
    paints it at once; the ids past it follow. `result_shown` tells the panes that follow the
    table (facets, timeline, collections) which query it now shows; `search_failed` that the
    search could not run.
    """

    result_shown = Signal(object, int)
    search_failed = Signal()

    def __init__(
        self,
        context: PartContext,
        query_state: QueryState,
        search_box: SearchBox,
        table: DocumentTable,
        model: DocumentTableModel,
        central: CentralPane,
        counts_label: QLabel,
        history: tuple[QAction, QAction],
    ) -> None:
        super().__init__(context)
        self._state = query_state
        self._box = search_box
        self._field = search_box.field
        self._table = table
        self._model = model
        self._central = central
        self._counts = counts_label
        self._back_action, self._forward_action = history
        #: The query the table shows; None before the first result.
        self._shown: SearchQuery | None = None
        self._searching = False
        self._elapsed_ms: float | None = None
        #: Where to put the person once the coming result is shown (history, a new sort).
        self._pending_place: Place | None = None
        #: A result is being put in place: its resets are not the person moving.
        self._settling = False
        self._back_action.setEnabled(False)
        self._forward_action.setEnabled(False)

        query_state.query_changed.connect(self._on_query_state_changed)
        query_state.history_changed.connect(self._on_query_state_history_changed)
        query_state.query_rejected.connect(self._on_query_state_rejected)
        search_box.submitted.connect(self.submit)
        search_box.escaped.connect(self._on_search_box_escaped)
        self._field.textEdited.connect(self._on_search_field_text_edited)
        table.sort_changed.connect(self._on_table_sort_changed)
        table.current_document_changed.connect(self._on_table_current_document_changed)
        table.selection_count_changed.connect(self._on_table_selection_count_changed)
        table.verticalScrollBar().valueChanged.connect(self._on_table_scrolled)
        self._model.rows_failed.connect(self._on_model_rows_failed)

    @property
    def shown(self) -> SearchQuery | None:
        """The query whose documents the table shows; None before the first result."""
        return self._shown

    def is_idle(self) -> bool:
        """The table shows the current query's rows: no search is running or on its way."""
        return not self._searching

    def set_catalog(self, open_error: str = "") -> None:
        """Show the session's catalog from its first row; with none, `open_error` instead."""
        catalog = self._session.catalog
        for channel in _CHANNELS:
            self._runner.cancel(channel)
        self._model.set_catalog(catalog)
        if catalog is not None:
            # Read in the background; facet counts, the timeline and sorting use them once read.
            catalog.keep_columns()
        self._shown = None
        self._elapsed_ms = None
        self._field.clear()
        self.show_problem("")
        self._field.setEnabled(catalog is not None)
        self._state.reset()  # searches, and counts the facets, for every document
        if catalog is None:
            self._central.show_message(
                "Dossier could not open the catalog.\n\n"
                f"{open_error or 'No catalog is open.'}\n\n"
                "Choose File ▸ Open catalog… to open another one."
            )
            self._update_counts()

    def apply_query(self, text: str) -> None:
        """Show `text` in the search field and search for it, as Enter there would."""
        self._field.setText(text)
        self.submit(text)

    def submit(self, text: str) -> None:
        """Make typed text the query; a problem is said beside the field, the rows stay."""
        try:
            query = SearchQuery.parse(text, self._state.sort)  # the one parse of it
        except QueryError as error:
            self.show_error(error)
            return
        self.apply(query)

    def search_for(self, term: Term) -> None:
        """Make `term` alone the query, in the table's sort."""
        try:
            query = SearchQuery.of(term, self._state.sort)
        except QueryError as error:
            self.show_problem(error.reason)
            return
        self._field.setText(query.text)
        self.apply(query)

    def apply(self, query: SearchQuery) -> None:
        if query == self._state.query:
            # Enter on the same query searches again: the catalog may have changed meanwhile.
            self._field.setText(query.text)
            self.show_problem("")
            self.search_again()
            return
        self._state.set_query(query)

    def search_again(self) -> None:
        """Search for the current query again, keeping the person's place in it."""
        self._search(self._state.query, keep=self._current_place())

    def sort_by(self, key: str, descending: bool) -> None:
        """Sort by `key`, keeping the current document current wherever it moves."""
        self._state.set_sort(Sort(key, descending))
        current = self._table.currentIndex()
        keep = self._model.document_id(current.row()) if current.isValid() else None
        self._search(self._state.query, keep=Place(keep, None))

    def go_back(self) -> None:
        """The previous query, with the document that was current in it and its scroll."""
        self._note_place()
        self._state.back()

    def go_forward(self) -> None:
        self._note_place()
        self._state.forward()

    def focus_field(self) -> None:
        self._field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._field.selectAll()

    def show_error(self, error: QueryError) -> None:
        """Name the problem and its column beside the field, and select what is wrong."""
        self.show_problem(f"Column {error.position + 1}: {error.reason}")
        self._box.point_at(error)

    def show_problem(self, message: str) -> None:
        """Say what is wrong with the query beside the field, or take the last word back."""
        shown = self._box.show_problem(message)
        if message:
            self._status.showMessage(f"The search was not run — {message}", 15_000)
        elif shown:
            self._status.clearMessage()  # only our own message, not an import's report

    def _search(self, query: SearchQuery, keep: Place | None = None) -> None:
        catalog = self._session.catalog
        if catalog is None:
            return
        self._searching = True
        self._pending_place = keep
        self._update_counts()

        def search() -> tuple[SearchQuery, SearchResult, list[DocumentRow]]:
            result = catalog.search_first(query, page=PAGE_SIZE)
            # The first page is read here too, so that painting it costs the GUI thread nothing.
            return query, result, catalog.rows(result.ids[:PAGE_SIZE], query)

        self._runner.cancel("search-rest")
        self._runner.run("search", search, self._on_search_finished, self._on_search_failed)

    def _search_rest(self, query: SearchQuery) -> None:
        """The ids past the first page of the result shown, when it came without them."""
        catalog = self._session.catalog
        if catalog is None:
            return

        def rest() -> tuple[SearchQuery, SearchResult]:
            return query, catalog.search(query)

        self._runner.run("search-rest", rest, self._on_search_rest_finished, self._on_search_failed)

    def _on_search_rest_finished(self, outcome: tuple[SearchQuery, SearchResult]) -> None:
        query, result = outcome
        if query == self._shown and not self._searching:
            self._model.complete_result(result)

    def _on_search_finished(
        self, outcome: tuple[SearchQuery, SearchResult, list[DocumentRow]]
    ) -> None:
        query, result, first_rows = outcome
        self._searching = False
        self._settling = True
        try:
            self._show_result(query, result, first_rows)
        finally:
            self._settling = False
        self._note_place()
        self._update_counts()
        if not result.complete:
            self._search_rest(query)
        self.result_shown.emit(query, result.total)

    def _show_result(
        self, query: SearchQuery, result: SearchResult, first_rows: list[DocumentRow]
    ) -> None:
        self._shown = query
        text = query.text
        self._elapsed_ms = result.elapsed_ms
        self._model.set_result(result, first_rows, query.node)
        self._table.show_matches(bool(text_terms(query.node)))
        if result.total == 0:
            if text.strip():
                self._central.show_message(
                    f"No document matches this search.\n\n{text}\n\n"
                    "Remove a filter, go Back (Alt+←) or clear the search field to see more."
                )
            else:
                self._central.show_message(
                    "This catalog holds no documents yet.\n\n"
                    "Choose File ▸ Import… to add an archive listing copied from the "
                    "archive's website."
                )
        else:
            self._central.show_table()
        place, self._pending_place = self._pending_place, None
        if place is None:
            return
        if place.document_id is not None:
            row = self._model.row_of(place.document_id)
            if row is not None:
                self._table.select_row(row)
        if place.scroll is not None:
            # The scroll range follows the new rows only once the view has laid them out.
            self._table.doItemsLayout()
            self._table.verticalScrollBar().setValue(place.scroll)

    def _on_search_failed(self, error: BaseException) -> None:
        self._searching = False
        self._pending_place = None
        if isinstance(error, QueryError):
            self.show_error(error)
        else:
            self.show_problem(str(error))
        self._update_counts()
        self.search_failed.emit()

    def _update_counts(self) -> None:
        if self._session.catalog is None:
            self._counts.setText("No catalog")
            return
        parts = [
            plural(self._model.rowCount(), "document"),
            f"{self._table.selected_count():,} selected",
        ]
        if self._searching:
            parts.append("searching…")
        elif self._elapsed_ms is not None:
            parts.append(f"{self._elapsed_ms:,.0f} ms")
        self._counts.setText(" · ".join(parts))

    def _current_place(self) -> Place:
        current = self._table.currentIndex()
        document = self._model.document_id(current.row()) if current.isValid() else None
        return Place(document, self._table.verticalScrollBar().value())

    def _note_place(self) -> None:
        """Tell the history where the person is, if the table shows the current query."""
        shown = self._shown.node if self._shown is not None else None
        if not self._settling and shown == self._state.node:
            self._state.note_place(self._current_place())

    def _on_query_state_changed(self, _node: Node | None) -> None:
        text = self._state.text
        if self._field.text() != text:
            self._field.setText(text)
        self.show_problem("")
        self._search(self._state.query, keep=self._state.place)

    def _on_query_state_history_changed(self) -> None:
        self._back_action.setEnabled(self._state.can_go_back())
        self._forward_action.setEnabled(self._state.can_go_forward())

    def _on_query_state_rejected(self, error: QueryError) -> None:
        self.show_problem(error.reason)

    def _on_search_field_text_edited(self, text: str) -> None:
        self.show_problem("")
        if not text and self._state.text:
            self._state.clear()  # the clear button shows every document again

    def _on_search_box_escaped(self) -> None:
        self._field.clear()
        self.show_problem("")
        self._state.clear()

    def _on_table_sort_changed(self, key: str, descending: bool) -> None:
        self.sort_by(key, descending)

    def _on_table_current_document_changed(self, _document_id: int | None) -> None:
        self._note_place()

    def _on_table_scrolled(self, _value: int) -> None:
        self._note_place()

    def _on_table_selection_count_changed(self, _count: int) -> None:
        self._update_counts()

    def _on_model_rows_failed(self, message: str) -> None:
        self._status.showMessage(message, 10_000)
