"""The Saved searches pane and File ▸ Save search…: keeping, running, renaming, deleting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QInputDialog, QMessageBox

from desktop_app.domain.views import SavedSearchView
from desktop_app.query.ast import Node
from desktop_app.query.describe import suggested_name
from desktop_app.ui.accessibility import name_input_dialog, name_message_box
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.saved_search_list import SavedSearchList
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.messages import failure_reason, open_message_box
from desktop_app.ui.window.search import SearchController

_CHANNELS = ("saved", "saved-write")


class SavedSearchesController(WindowPart):
    """Keeps the catalog's saved searches in their pane, and writes them off the GUI thread.

    The pane marks the saved search the query is; Save search… is on while there is a query
    and the catalog can be written.
    """

    def __init__(
        self,
        context: PartContext,
        query_state: QueryState,
        search: SearchController,
        saved_list: SavedSearchList,
        saved_dock: QDockWidget,
        save_action: QAction,
    ) -> None:
        super().__init__(context)
        self._state = query_state
        self._search = search
        self._list = saved_list
        self._dock = saved_dock
        self._save_action = save_action
        self._save_tip = save_action.statusTip()
        query_state.query_changed.connect(self._on_query_state_changed)
        save_action.triggered.connect(self._on_save_action_triggered)
        saved_list.search_chosen.connect(self._on_saved_list_search_chosen)
        saved_list.rename_requested.connect(self._on_saved_list_rename_requested)
        saved_list.delete_requested.connect(self._on_saved_list_delete_requested)

    def set_catalog(self) -> None:
        for channel in _CHANNELS:
            self._runner.cancel(channel)
        self._list.set_searches([], "")
        catalog = self._session.catalog
        self._save_action.setEnabled(catalog is not None and not catalog.read_only)
        self._save_action.setStatusTip(self._save_tip)
        if catalog is not None and catalog.read_only:
            reason = catalog.read_only_reason or "it cannot be written"
            self._save_action.setStatusTip(f"The catalog is read-only: {reason}")

    def load(self) -> None:
        """Read the catalog's saved searches again, off the GUI thread."""
        catalog = self._session.catalog
        if catalog is None:
            return
        self._runner.run(
            "saved",
            catalog.saved_searches,
            self._on_saved_searches_loaded,
            self._report,
        )

    def save(self, name: str) -> None:
        """Keep the current query under `name` in the catalog (off the GUI thread)."""
        catalog = self._session.catalog
        if catalog is None:
            return
        query = self._state.query
        self._runner.run(
            "saved-write",
            lambda: catalog.save_search(name, query),
            self._on_search_saved,
            lambda error: self._on_saved_search_failed("save", error),
        )

    def rename(self, search: SavedSearchView, name: str) -> None:
        catalog = self._session.catalog
        if catalog is None:
            return
        self._runner.run(
            "saved-write",
            lambda: catalog.rename_search(search, name),
            lambda renamed: self._on_saved_searches_changed(f"Renamed to “{renamed.name}”."),
            lambda error: self._on_saved_search_failed("rename", error),
        )

    def delete(self, search: SavedSearchView) -> None:
        catalog = self._session.catalog
        if catalog is None:
            return
        self._runner.run(
            "saved-write",
            lambda: catalog.delete_search(search),
            lambda _: self._on_saved_searches_changed(f"Deleted “{search.name}”."),
            lambda error: self._on_saved_search_failed("delete", error),
        )

    def _on_query_state_changed(self, _node: Node | None) -> None:
        text = self._state.text
        self._list.show_current(text)
        catalog = self._session.catalog
        self._save_action.setEnabled(catalog is not None and not catalog.read_only and bool(text))

    def _on_saved_searches_loaded(self, searches: list[SavedSearchView]) -> None:
        self._list.set_searches(searches, self._state.text)

    def _on_save_action_triggered(self) -> None:
        if not self._state.text:
            self._status.showMessage("There is no search to save: every document shows.", 8000)
            return
        dialog = QInputDialog(self._window)
        dialog.setObjectName("saveSearchDialog")
        dialog.setWindowTitle("Save search")
        dialog.setLabelText(f"Name for the search\n{self._state.text}")
        dialog.setTextValue(suggested_name(self._state.node))
        dialog.setOkButtonText("Save")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self.save)
        dialog.open()
        name_input_dialog(dialog, "Name for the search")

    def _on_search_saved(self, search: SavedSearchView) -> None:
        self._on_saved_searches_changed(f"Saved the search as “{search.name}”.")
        self._dock.setVisible(True)

    def _on_saved_searches_changed(self, message: str) -> None:
        self._status.showMessage(message, 8000)
        self.load()

    def _on_saved_search_failed(self, verb: str, error: BaseException) -> None:
        self.load()  # whatever changed meanwhile shows now
        open_message_box(
            self._window,
            QMessageBox.Icon.Warning,
            "Saved searches",
            f"Dossier could not {verb} the saved search.",
            [failure_reason(error)],
            name="savedSearchProblem",
        )

    def _on_saved_list_search_chosen(self, search: SavedSearchView) -> None:
        self._search.apply_query(search.query)

    def _on_saved_list_rename_requested(self, search: SavedSearchView) -> None:
        dialog = QInputDialog(self._window)
        dialog.setObjectName("renameSearchDialog")
        dialog.setWindowTitle("Rename saved search")
        dialog.setLabelText("New name")
        dialog.setTextValue(search.name)
        dialog.setOkButtonText("Rename")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda name: self.rename(search, name))
        dialog.open()
        name_input_dialog(dialog, "New name for the saved search")

    def _on_saved_list_delete_requested(self, search: SavedSearchView) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete saved search",
            f"Delete the saved search “{search.name}”?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setObjectName("deleteSearchDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(search.query)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: (
                self.delete(search)
                if box.standardButton(button) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        name_message_box(box)
        box.open()
