"""The one query behind the window and its history."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop_app.domain.errors import QueryError
from desktop_app.query.ast import Node
from desktop_app.query.search_query import SearchQuery, Sort


@dataclass(frozen=True, slots=True)
class Place:
    """Where the person was in a query's results: the current document and the scroll offset.

    `scroll` None scrolls to the document instead (a new sort moves it elsewhere).
    """

    document_id: int | None = None
    scroll: int | None = None


@dataclass(slots=True)
class _Entry:
    query: SearchQuery
    place: Place | None = None


class QueryState(QObject):
    """The current query as one value (`SearchQuery`), and the queries the person went through.

    Every part of the window reads the query from here and changes it through `set_query` (a
    typed query, parsed once), `set_node` (an edit's tree) or `set_text`; `query_changed` tells
    them all. Back and forward walk the history, each entry keeping the place (current
    document, scroll offset) the window last noted for it. The table's sort is the queries'
    too, but changing it is no step in the history.
    """

    #: The query changed (the new tree, None for "every document").
    query_changed = Signal(object)
    #: Going back or forward became possible or impossible.
    history_changed = Signal()
    #: An edit made a query the language cannot hold (too many terms); the QueryError says why.
    query_rejected = Signal(object)

    #: Queries kept for Back; older ones are forgotten.
    MAX_HISTORY = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[_Entry] = [_Entry(SearchQuery())]
        self._index = 0

    @property
    def query(self) -> SearchQuery:
        """The current query as one value: tree, sort and text."""
        return self._entries[self._index].query

    @property
    def node(self) -> Node | None:
        return self.query.node

    @property
    def text(self) -> str:
        """The query as the search field shows it (the tree written back, `ast.to_text`)."""
        return self.query.text

    @property
    def sort(self) -> Sort:
        return self.query.sort

    @property
    def place(self) -> Place | None:
        """The place noted for the current query, None if none was noted yet."""
        return self._entries[self._index].place

    def set_query(self, query: SearchQuery) -> bool:
        """Make `query` the query, a new step in the history; False if it is the query already."""
        if query == self.query:
            return False
        del self._entries[self._index + 1 :]
        self._entries.append(_Entry(query))
        if len(self._entries) > self.MAX_HISTORY:
            del self._entries[0]
        self._index = len(self._entries) - 1
        self.query_changed.emit(query.node)
        self.history_changed.emit()
        return True

    def set_node(self, node: Node | None) -> bool:
        """Make the tree an edit made the query, in the current sort (see `set_query`).

        False too if it was rejected (see `query_rejected`): an edit cannot make a query that
        typing it would not (65 OR'ed values).
        """
        try:
            query = SearchQuery.of(node, self.sort)
        except QueryError as error:
            self.query_rejected.emit(error)
            return False
        return self.set_query(query)

    def set_text(self, text: str) -> bool:
        """Parse `text` and make it the query; QueryError (nothing changed) if it does not parse."""
        return self.set_query(SearchQuery.parse(text, self.sort))

    def set_sort(self, sort: Sort) -> bool:
        """Order every query of the history so; no new step, and `query_changed` is not emitted
        (the same documents, in another order). False if they were in that order already."""
        if sort == self.sort:
            return False
        for entry in self._entries:
            entry.query = entry.query.with_sort(sort)
        return True

    def clear(self) -> bool:
        return self.set_node(None)

    def reset(self) -> None:
        """An empty query and no history (another catalog was opened); the sort stays."""
        self._entries = [_Entry(SearchQuery(None, self.sort))]
        self._index = 0
        self.query_changed.emit(None)
        self.history_changed.emit()

    def note_place(self, place: Place) -> None:
        """Remember where the person is in the current query's results, for Back and Forward."""
        self._entries[self._index].place = place

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._entries) - 1

    def back(self) -> bool:
        return self._go(self._index - 1)

    def forward(self) -> bool:
        return self._go(self._index + 1)

    def _go(self, index: int) -> bool:
        if not 0 <= index < len(self._entries) or index == self._index:
            return False
        self._index = index
        self.query_changed.emit(self.node)
        self.history_changed.emit()
        return True
