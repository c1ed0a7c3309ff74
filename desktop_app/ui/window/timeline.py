"""The Timeline pane kept on the table's query: its bars, its brushed range, its marks."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.timeline import TimelineData
from desktop_app.domain.views import DocumentRow
from desktop_app.query import editing
from desktop_app.query.ast import Node, Term
from desktop_app.query.search_query import SearchQuery
from desktop_app.ui.document_model import DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.timeline import FEW_DOCUMENTS, Mark, TimelineWidget
from desktop_app.ui.window.collections import CollectionsController
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.messages import failure_reason
from desktop_app.ui.window.search import SearchController

#: Selected rows beyond these are not marked on the timeline: the ticks would be a smear.
MAX_TIMELINE_MARKS = 2000

_CHANNELS = ("timeline", "titles", "marks")


def _marks(rows: Sequence[DocumentRow]) -> list[Mark]:
    return [(row.id, row.date_start, row.date_end) for row in rows]


class TimelineController(WindowPart):
    """Draws the bars of the query the table shows, and turns the timeline's gestures into it.

    A range brushed on the timeline becomes the query's date clause; an undated bar its
    missing:date; an era its collection; a mark the current row. The selected rows are marked.
    """

    def __init__(
        self,
        context: PartContext,
        query_state: QueryState,
        search: SearchController,
        collections: CollectionsController,
        timeline: TimelineWidget,
        table: DocumentTable,
        model: DocumentTableModel,
    ) -> None:
        super().__init__(context)
        self._state = query_state
        self._collections = collections
        self._timeline = timeline
        self._table = table
        self._model = model
        #: The query whose bars the timeline shows; None until the first result arrives.
        self._query: SearchQuery | None = None
        #: The query the timeline's own brush made: its result keeps the timeline's view.
        self._brushed: SearchQuery | None = None
        #: The catalog may have changed (Refresh, an import): the bars are asked for again.
        self._stale = False
        timeline.set_titles_provider(self._read_titles)
        timeline.range_needed.connect(self._on_timeline_range_needed)
        timeline.date_range_selected.connect(self._on_timeline_date_range_selected)
        timeline.selection_cleared.connect(self._on_timeline_selection_cleared)
        timeline.undated_chosen.connect(self._on_timeline_undated_chosen)
        timeline.collection_chosen.connect(self._on_timeline_collection_chosen)
        timeline.document_clicked.connect(self._on_timeline_document_clicked)
        table.selection_count_changed.connect(self._on_table_selection_count_changed)
        search.result_shown.connect(self._on_search_result_shown)

    def set_catalog(self) -> None:
        for channel in _CHANNELS:
            self._runner.cancel(channel)
        self._query = self._brushed = None
        self._timeline.forget_data()
        self._timeline.set_marked_dates([])
        self._timeline.setEnabled(self._session.catalog is not None)

    def mark_stale(self) -> None:
        """The catalog may have changed: the next result asks for its bars again."""
        self._stale = True

    def _on_search_result_shown(self, query: SearchQuery, _total: int) -> None:
        """Bars for the query the table now shows, and its date term drawn as the brushed range."""
        brushed, self._brushed = self._brushed, None
        shown = self._query
        if shown is None or query.node != shown.node or self._stale:
            # A range brushed on the timeline keeps its view on the period the person is looking
            # at, as does a refresh of the same query; any other new query is fitted.
            fit = not any(q is not None and q.node == query.node for q in (brushed, shown))
            self._query = query
            self._stale = False
            self._timeline.refresh(fit=fit)
        span = editing.date_span(query.node)
        if span is None:
            self._timeline.set_selected_range(None, None)
        else:
            self._timeline.set_selected_range(*span)

    def _replace_date_clause(self, term: Node | None, *, brushed: bool = False) -> None:
        """Put a timeline term (None: nothing) in place of the query's date, year and
        has/missing:date clauses; `brushed` when the timeline's own range made it."""
        node = editing.replace_field(self._state.node, editing.DATE_FIELDS, term)
        changed = self._state.set_node(node)
        # Its result comes later, from the worker: `_on_search_result_shown` then reads this.
        self._brushed = self._state.query if changed and brushed else None

    def _read_titles(self, period: Node) -> None:
        """Read the titles of the result's documents in a bar, for its tooltip, off the GUI
        thread; the timeline asks only for bars of at most FEW_DOCUMENTS documents."""
        catalog = self._session.catalog
        if catalog is None:
            self._timeline.show_titles(period, [])
            return
        shown = self._query.node if self._query is not None else None
        query = SearchQuery.of(editing.join([*editing.clauses(shown), period]))

        def titles() -> list[str]:
            ids = catalog.search(query, limit=FEW_DOCUMENTS).ids
            return [row.title for row in catalog.rows(ids)]

        self._runner.run(
            "titles",
            titles,
            lambda found: self._timeline.show_titles(period, found),
            # The tooltip still gives the period and its count.
            lambda _error: self._timeline.show_titles(period, []),
        )

    def _on_table_selection_count_changed(self, _count: int) -> None:
        """Mark the selected documents on the timeline, dated from the rows the table has read."""
        found, missing = self._model.cached_rows(
            self._table.selected_rows(limit=MAX_TIMELINE_MARKS)
        )
        self._timeline.set_marked_dates(_marks(found))
        catalog = self._session.catalog
        if not missing or catalog is None:
            self._runner.cancel("marks")
            return
        # Rows not shown yet (Shift+End, Ctrl+A on a long result) are read off the GUI thread.
        self._runner.run(
            "marks",
            lambda: _marks([*found, *catalog.rows(missing)]),
            self._timeline.set_marked_dates,
            self._report,
        )

    def _on_timeline_range_needed(self, bin_size: str, first: str, last: str) -> None:
        catalog, query = self._session.catalog, self._query
        if catalog is None or query is None:
            return  # the first result asks again
        self._runner.run(
            "timeline",
            lambda: catalog.timeline(query, bin_size, first or None, last or None),
            self._on_timeline_loaded,
            self._on_timeline_failed,
        )

    def _on_timeline_loaded(self, data: TimelineData) -> None:
        self._timeline.set_data(data)

    def _on_timeline_failed(self, error: BaseException) -> None:
        reason = failure_reason(error)
        self._status.showMessage(f"The timeline could not be drawn: {reason}", 10_000)

    def _on_timeline_date_range_selected(self, term: Term) -> None:
        self._replace_date_clause(term, brushed=True)

    def _on_timeline_selection_cleared(self) -> None:
        self._replace_date_clause(None, brushed=True)

    def _on_timeline_undated_chosen(self, term: Term) -> None:
        self._replace_date_clause(term)

    def _on_timeline_collection_chosen(self, title: str) -> None:
        self._collections.choose(title)

    def _on_timeline_document_clicked(self, document_id: int) -> None:
        row = self._model.row_of(document_id)
        if row is not None:
            self._table.show_row(row)
