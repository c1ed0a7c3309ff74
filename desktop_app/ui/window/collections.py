"""The Collections pane: the catalog's collections, and the one the query chooses selected."""

from __future__ import annotations

from PySide6.QtCore import Signal

from desktop_app.domain.views import CollectionNode
from desktop_app.query import editing
from desktop_app.query.search_query import SearchQuery
from desktop_app.ui.collection_tree import CollectionTree
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.search import SearchController


class CollectionsController(WindowPart):
    """Fills the collection tree off the GUI thread and keeps its selection on the query's.

    A click on a collection makes it the query's only one; "All documents" clears the query.
    `loaded` tells the layout the tree's rows are in, so the sidebar can be fitted to them.
    """

    loaded = Signal()

    def __init__(
        self,
        context: PartContext,
        query_state: QueryState,
        search: SearchController,
        tree: CollectionTree,
    ) -> None:
        super().__init__(context)
        self._state = query_state
        self._search = search
        self._tree = tree
        tree.collection_selected.connect(self._on_tree_collection_selected)
        search.result_shown.connect(self._on_search_result_shown)

    def load(self) -> None:
        """Read the collections and the catalog's count again (none open: an empty tree)."""
        catalog = self._session.catalog
        if catalog is None:
            self._runner.cancel("collections")
            self._tree.clear()
            return
        self._runner.run(
            "collections",
            lambda: (catalog.collections(), catalog.count()),
            self._on_collections_loaded,
            self._report,
        )

    def choose(self, title: str) -> None:
        """Make `title` the query's only collection, keeping its other filters."""
        self._state.set_node(editing.only(self._state.node, "collection", title))

    def _on_collections_loaded(self, outcome: tuple[list[CollectionNode], int]) -> None:
        nodes, total = outcome
        self._tree.set_collections(nodes, total, None)
        self.loaded.emit()
        self._show_query_in_tree()

    def _on_search_result_shown(self, _query: SearchQuery, _total: int) -> None:
        self._show_query_in_tree()

    def _show_query_in_tree(self) -> None:
        """Select the one collection the query chooses, "All documents" for none, else nothing."""
        shown = self._search.shown
        node = shown.node if shown is not None else None
        if node is None:
            self._tree.show_selected(None)
            return
        title = editing.single_choice(node, "collection")
        if title is None:
            self._tree.show_none_selected()
        else:
            self._tree.show_selected(title)

    def _on_tree_collection_selected(self, title: str | None) -> None:
        if title is None:
            self._state.set_node(None)  # "All documents"
        else:
            self.choose(title)
