"""The collections sidebar: collections and sub-collections with periods and document counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from desktop_app.domain.views import CollectionNode
from desktop_app.ui.icons import icon
from desktop_app.ui.item_flags import DOCUMENTS_MIME
from desktop_app.ui.safe_text import plain_tooltip

#: The collection's title, or None for "All documents".
COLLECTION_TITLE_ROLE = Qt.ItemDataRole.UserRole + 1

ALL_DOCUMENTS = "All documents"

AnyIndex = QModelIndex | QPersistentModelIndex

_TITLE, _PERIOD, _COUNT = range(3)
_HEADINGS = ("Collection", "Period", "Documents")


class _Item:
    """A row of the tree; `node` None is the "All documents" row."""

    __slots__ = ("children", "count", "node", "parent", "row")

    def __init__(
        self, node: CollectionNode | None, parent: _Item | None, row: int, count: int
    ) -> None:
        self.node = node
        self.parent = parent
        self.row = row
        self.count = count
        self.children: list[_Item] = []

    @property
    def title(self) -> str | None:
        return self.node.title if self.node is not None else None


class CollectionTreeModel(QAbstractItemModel):
    """An "All documents" row, then the collections nested as the catalog nests them.

    "All documents" is a sibling of the top collections, not their parent: one level less of
    indentation leaves room for long titles and their periods in a narrow sidebar.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = _Item(None, None, 0, 0)
        self._roles = {
            Qt.ItemDataRole.DisplayRole: self._display,
            Qt.ItemDataRole.ToolTipRole: self._tooltip,
            Qt.ItemDataRole.DecorationRole: self._decoration,
            Qt.ItemDataRole.TextAlignmentRole: self._alignment,
            Qt.ItemDataRole.AccessibleTextRole: self._accessible_text,
            COLLECTION_TITLE_ROLE: self._title,
        }

    def set_collections(self, nodes: Sequence[CollectionNode], total: int) -> None:
        """Show `nodes` under an "All documents" row counting `total` documents."""
        self.beginResetModel()
        self._root = _Item(None, None, 0, 0)
        self._root.children.append(_Item(None, self._root, 0, total))
        self._add(self._root, nodes, first_row=1)
        self.endResetModel()

    def _add(self, parent: _Item, nodes: Sequence[CollectionNode], first_row: int = 0) -> None:
        for row, node in enumerate(nodes, start=first_row):
            item = _Item(node, parent, row, node.document_count)
            parent.children.append(item)
            self._add(item, node.children)

    def clear(self) -> None:
        """No rows at all, not even "All documents" (no catalog is open)."""
        self.beginResetModel()
        self._root = _Item(None, None, 0, 0)
        self.endResetModel()

    def index_of(self, title: str | None) -> QModelIndex:
        """The first row showing the collection `title` (None: "All documents")."""
        if not self._root.children:
            return QModelIndex()
        if title is None:
            return self.createIndex(0, 0, self._root.children[0])
        pending = list(self._root.children[1:])
        while pending:
            item = pending.pop(0)
            if item.title == title:
                return self.createIndex(item.row, 0, item)
            pending.extend(item.children)
        return QModelIndex()

    def node(self, title: str) -> CollectionNode | None:
        """The collection `title` as the tree shows it, if it does."""
        index = self.index_of(title)
        return self._item(index).node if index.isValid() else None

    # -- QAbstractItemModel ------------------------------------------------------------------

    def _item(self, index: AnyIndex) -> _Item:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._item(parent).children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self._item(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._item(parent).children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(_HEADINGS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        handler = self._roles.get(role)
        return handler(self._item(index), index.column()) if handler is not None else None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADINGS)
        ):
            return _HEADINGS[section]
        return None

    # -- roles -------------------------------------------------------------------------------

    def _display(self, item: _Item, column: int) -> str:
        if column == _TITLE:
            return item.title if item.title is not None else ALL_DOCUMENTS
        if column == _PERIOD:
            return item.node.period_label if item.node is not None else ""
        return f"{item.count:,}"

    def _tooltip(self, item: _Item, column: int) -> str | None:
        if item.node is None:
            return "Every document in the catalog"
        return plain_tooltip(item.node.description or item.node.title)

    def _decoration(self, item: _Item, column: int) -> Any:
        # Only "All documents" has an icon: it marks the row that is not a collection, and
        # collection titles keep the room an icon would take.
        if column != _TITLE or item.node is not None:
            return None
        return icon("all_documents")

    def _alignment(self, item: _Item, column: int) -> Any:
        if column == _COUNT:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _accessible_text(self, item: _Item, column: int) -> str:
        if column != _TITLE:
            return self._display(item, column)
        period = f", {item.node.period_label}" if item.node and item.node.period_label else ""
        return f"{self._display(item, column)}{period}, {item.count} documents"

    def _title(self, item: _Item, column: int) -> str | None:
        return item.title


class CollectionTree(QTreeView):
    """Click a collection to see its documents; click "All documents" to see them all."""

    #: The person chose a collection (its title), or "All documents" (None).
    collection_selected = Signal(object)
    #: The table's selected documents were dropped on the collection of this title.
    documents_dropped = Signal(str)
    #: A context menu was asked for over a collection (its title; None: elsewhere), at a
    #: point of the screen.
    menu_requested = Signal(object, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collectionTree")
        self.setAccessibleName("Collections")
        self.setAccessibleDescription("Collections and sub-collections with their document counts")
        self._model = CollectionTreeModel(self)
        self.setModel(self._model)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAllColumnsShowFocus(True)
        self.setIndentation(14)
        header = self.header()
        # Each row says what it is (`Sino-Soviet Split  1960–1984  0`); headings add only width.
        header.setVisible(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_PERIOD, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(_COUNT, QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.customContextMenuRequested.connect(self._on_custom_context_menu_requested)

    def title_at(self, position: QPoint) -> str | None:
        """The title of the collection at a point of the viewport; None for none there (or for
        "All documents")."""
        index = self.indexAt(position)
        return index.data(COLLECTION_TITLE_ROLE) if index.isValid() else None

    # Documents dragged from the table are dropped onto a collection (never "All documents").

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(DOCUMENTS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if (
            event.mimeData().hasFormat(DOCUMENTS_MIME)
            and self.title_at(event.position().toPoint()) is not None
        ):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        title = self.title_at(event.position().toPoint())
        if not event.mimeData().hasFormat(DOCUMENTS_MIME) or title is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.documents_dropped.emit(title)

    def _on_custom_context_menu_requested(self, position: QPoint) -> None:
        self.menu_requested.emit(self.title_at(position), self.viewport().mapToGlobal(position))

    @property
    def tree_model(self) -> CollectionTreeModel:
        return self._model

    def set_collections(
        self, nodes: Sequence[CollectionNode], total: int, selected: str | None
    ) -> None:
        """Show the collections; `selected` as for show_selected, or a title not there."""
        self._model.set_collections(nodes, total)
        self.expandAll()
        # Measured from the texts, not the (hidden) headings, which are wider than the values.
        metrics = self.fontMetrics()
        header = self.header()
        header.resizeSection(_PERIOD, metrics.horizontalAdvance("0000–0000") + 12)
        header.resizeSection(_COUNT, metrics.horizontalAdvance(f"{max(total, 10):,}") + 14)
        if selected is None or self._model.index_of(selected).isValid():
            self.show_selected(selected)
        else:
            self.show_none_selected()

    def clear(self) -> None:
        self._model.clear()

    def fitting_height(self, most_rows: int) -> int:
        """The height that shows every row (all are expanded), or `most_rows` of them."""
        rows, pending = 0, [QModelIndex()]
        while pending:
            parent = pending.pop()
            count = self._model.rowCount(parent)
            rows += count
            pending.extend(self._model.index(row, 0, parent) for row in range(count))
        height = self.sizeHintForRow(0) if rows else self.fontMetrics().height() + 4
        return min(max(rows, 3), most_rows) * height + 2 * self.frameWidth() + 2

    def show_none_selected(self) -> None:
        """Select no row, quietly: the query is not about one collection."""
        self._select_quietly(QModelIndex())

    def show_selected(self, title: str | None) -> None:
        """Select the row of `title` (None: "All documents") without announcing it.

        The query already says so. Nothing is selected for a title the tree does not have.
        """
        self._select_quietly(self._model.index_of(title))

    def _select_quietly(self, index: QModelIndex) -> None:
        selection = self.selectionModel()
        selection.blockSignals(True)
        try:
            if index.isValid():
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.scrollTo(index)
            else:
                selection.clear()
        finally:
            selection.blockSignals(False)
        self.viewport().update()

    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.collection_selected.emit(indexes[0].data(COLLECTION_TITLE_ROLE))
