"""The sidebar's saved searches: click one to run it; rename or delete it from its menu."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QMenu, QWidget

from desktop_app.domain.views import SavedSearchView
from desktop_app.ui.icons import icon
from desktop_app.ui.item_flags import row_flags
from desktop_app.ui.palette import muted
from desktop_app.ui.safe_text import plain_tooltip

#: The row's SavedSearchView.
SAVED_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex

EMPTY_HINT = "No saved searches yet.\nSave search (Ctrl+S) keeps the current one here."


class SavedSearchModel(QAbstractListModel):
    """The catalog's saved searches by name."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._searches: list[SavedSearchView] = []
        self._roles: dict[int, Callable[[SavedSearchView], Any]] = {
            Qt.ItemDataRole.DisplayRole: lambda s: s.name,
            Qt.ItemDataRole.ToolTipRole: lambda s: plain_tooltip(f"{s.name}\n{s.query}"),
            Qt.ItemDataRole.AccessibleTextRole: lambda s: f"{s.name}: {s.query}",
            Qt.ItemDataRole.DecorationRole: lambda s: icon("saved_search"),
            SAVED_SEARCH_ROLE: lambda s: s,
        }

    def set_searches(self, searches: Sequence[SavedSearchView]) -> None:
        self.beginResetModel()
        self._searches = list(searches)
        self.endResetModel()

    def searches(self) -> list[SavedSearchView]:
        return list(self._searches)

    def row_of_query(self, query: str) -> int | None:
        for row, search in enumerate(self._searches):
            if search.query == query:
                return row
        return None

    def row_of_name(self, name: str) -> int | None:
        for row, search in enumerate(self._searches):
            if search.name == name:
                return row
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._searches)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return row_flags(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._searches) or index.column():
            return None
        handler = self._roles.get(role)
        return handler(self._searches[index.row()]) if handler is not None else None


class SavedSearchList(QListView):
    """Saved searches; a click or Enter runs one, its menu renames or deletes it."""

    #: The person chose a saved search to run (SavedSearchView).
    search_chosen = Signal(object)
    #: Rename was asked for (SavedSearchView).
    rename_requested = Signal(object)
    #: Delete was asked for (SavedSearchView).
    delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedSearchList")
        self.setAccessibleName("Saved searches")
        self.setAccessibleDescription("Searches kept in the catalog; click one to run it")
        self._model = SavedSearchModel(self)
        self.setModel(self._model)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.clicked.connect(self._on_clicked)
        self.customContextMenuRequested.connect(self._on_context_menu_requested)

    @property
    def list_model(self) -> SavedSearchModel:
        return self._model

    def set_searches(self, searches: Sequence[SavedSearchView], current_query: str) -> None:
        self._model.set_searches(searches)
        self.show_current(current_query)

    def show_current(self, query: str) -> None:
        """Select, without running it, the saved search that is the current query (if one is)."""
        row = self._model.row_of_query(query) if query else None
        selection = self.selectionModel()
        selection.blockSignals(True)
        try:
            if row is None:
                selection.clear()
            else:
                selection.setCurrentIndex(
                    self._model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
        finally:
            selection.blockSignals(False)
        self.viewport().update()

    def context_menu(self, index: QModelIndex) -> QMenu:
        """Run, Rename…, Delete for the saved search at `index`."""
        search = index.data(SAVED_SEARCH_ROLE)
        menu = QMenu(self)
        run = menu.addAction(icon("search"), "Run this search")
        run.setObjectName("runSavedSearchAction")
        run.triggered.connect(lambda: self.search_chosen.emit(search))
        rename = menu.addAction(icon("rename"), "Rename…")
        rename.setObjectName("renameSavedSearchAction")
        rename.triggered.connect(lambda: self.rename_requested.emit(search))
        delete = menu.addAction(icon("delete"), "Delete")
        delete.setObjectName("deleteSavedSearchAction")
        delete.triggered.connect(lambda: self.delete_requested.emit(search))
        return menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if index.isValid() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.search_chosen.emit(index.data(SAVED_SEARCH_ROLE))
            event.accept()
            return
        if index.isValid() and event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit(index.data(SAVED_SEARCH_ROLE))
            event.accept()
            return
        if index.isValid() and event.key() == Qt.Key.Key_F2:
            self.rename_requested.emit(index.data(SAVED_SEARCH_ROLE))
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._model.rowCount():
            return
        # An empty list says how it gets filled rather than stay a blank box.
        painter = QPainter(self.viewport())
        painter.setPen(muted(self.palette()))
        painter.drawText(
            self.viewport().rect().adjusted(8, 6, -8, -6),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            EMPTY_HINT,
        )
        painter.end()

    def _on_clicked(self, index: QModelIndex) -> None:
        self.search_chosen.emit(index.data(SAVED_SEARCH_ROLE))

    def _on_context_menu_requested(self, position: QPoint) -> None:
        index = self.indexAt(position)
        if index.isValid():
            self.context_menu(index).exec(self.viewport().mapToGlobal(position))
