"""Collections of one's own, from the collection tree: its context menu (new, sub-collection,
rename, period, move, delete), rows dragged onto a collection, and Edit ▸ Save search as
collection…; each written by the change history, undoably."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from desktop_app.domain.edits import DocumentChange
from desktop_app.domain.text import plural
from desktop_app.services.catalog import Catalog
from desktop_app.ui.collection_tree import COLLECTION_TITLE_ROLE, CollectionTree
from desktop_app.ui.document_model import DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.icons import icon
from desktop_app.ui.name_dialog import NameDialog, PeriodDialog
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.history import ChangeHistory
from desktop_app.ui.window.messages import open_deletion_box
from desktop_app.ui.window.tagging import selected_documents

#: The choice that moves a collection out of any other, in the Move dialog.
TOP = "(the top of the tree)"


class OwnCollectionsPart(WindowPart):
    """Makes and tends a person's collections from the tree and the Edit menu."""

    def __init__(
        self,
        context: PartContext,
        history: ChangeHistory,
        tree: CollectionTree,
        table: DocumentTable,
        model: DocumentTableModel,
    ) -> None:
        super().__init__(context)
        self._history = history
        self._tree = tree
        self._table = table
        self._model = model
        self.save_as_collection_action = QAction(
            icon("collections"), "Save search as &collection…", context.window
        )
        self.save_as_collection_action.setStatusTip(
            "A collection of your own holding every document the search finds"
        )
        self.save_as_collection_action.triggered.connect(self.ask_save_as_collection)
        tree.documents_dropped.connect(self.add_selection_to)
        tree.menu_requested.connect(self._on_tree_menu_requested)
        self.dialog: NameDialog | PeriodDialog | None = None
        self.menu: QMenu | None = None

    def set_catalog(self) -> None:
        self.save_as_collection_action.setEnabled(self._writable() is not None)

    def _writable(self) -> Catalog | None:
        catalog = self._session.catalog
        return None if catalog is None or catalog.read_only else catalog

    # -- what the person asks ----------------------------------------------------------------

    def add_selection_to(self, title: str) -> None:
        """Put the table's selected documents into the collection `title` (a drop)."""
        count = self._table.selected_count()
        if self._writable() is None or not count:
            return
        documents = selected_documents(self._table, self._model)
        self._make(
            lambda catalog: catalog.relink("collection", documents, add=[title]),
            f"Adding {plural(count, 'document')} to “{title}”…",
            "Add to collection",
        )

    def ask_save_as_collection(self) -> NameDialog | None:
        """Ask for the title of a new collection holding what the table's query finds."""
        if self._writable() is None:
            return None
        query = self._model.query
        count = self._model.rowCount()
        dialog = NameDialog(
            "Save search as collection",
            f"A title for a new collection of the {plural(count, 'document')} found:",
            self._window,
            name="saveAsCollectionDialog",
        )
        return self._ask(
            dialog,
            lambda title: self._make(
                lambda catalog: catalog.new_collection(title, documents=query),
                f"Making “{title}”…",
                "Save search as collection",
            ),
        )

    def ask_new(self, parent: str | None) -> NameDialog | None:
        where = f"inside “{parent}”" if parent else "at the top of the tree"
        return self._ask(
            NameDialog(
                "New collection",
                f"A title for the new collection, {where}:",
                self._window,
                name="newCollectionDialog",
            ),
            lambda title: self._make(
                lambda catalog: catalog.new_collection(title, parent=parent),
                f"Making “{title}”…",
                "New collection",
            ),
        )

    def ask_rename(self, title: str) -> NameDialog | None:
        return self._ask(
            NameDialog(
                "Rename collection",
                f"A new title for “{title}”:",
                self._window,
                text=title,
                name="renameCollectionDialog",
            ),
            lambda new: self._make(
                lambda catalog: catalog.change_collection(title, title=new),
                f"Renaming “{title}”…",
                "Rename collection",
            ),
        )

    def ask_move(self, title: str) -> NameDialog | None:
        others = [TOP, *(name for name in self._titles() if name != title)]
        return self._ask(
            NameDialog(
                "Move collection",
                f"Where “{title}” goes:",
                self._window,
                names=others,
                editable=False,
                name="moveCollectionDialog",
            ),
            lambda where: self._make(
                lambda catalog: catalog.change_collection(
                    title, parent_title=None if where == TOP else where
                ),
                f"Moving “{title}”…",
                "Move collection",
            ),
        )

    def ask_period(self, title: str, start: int | None, end: int | None) -> PeriodDialog:
        dialog = PeriodDialog(title, start, end, self._window)
        dialog.chosen.connect(
            lambda first, last: self._make(
                lambda catalog: catalog.change_collection(
                    title, period_start=first, period_end=last
                ),
                f"Saving the period of “{title}”…",
                "Period",
            )
        )
        self._open(dialog)
        return dialog

    def confirm_delete(self, title: str) -> QMessageBox | None:
        if self._writable() is None:
            return None
        return open_deletion_box(
            self._window,
            "Delete collection",
            f"Delete the collection “{title}” and its sub-collections?",
            "Its documents stay in the catalog. Edit ▸ Undo makes it again.",
            lambda: self._make(
                lambda catalog: catalog.delete_collection(title),
                f"Deleting “{title}”…",
                "Delete collection",
            ),
            name="deleteCollectionConfirmation",
        )

    # -- the tree's menu -----------------------------------------------------------------------

    def tree_menu(self, title: str | None) -> QMenu:
        """The collection tree's context menu over the collection `title` (None: elsewhere)."""
        menu = QMenu(self._window)
        menu.setObjectName("collectionMenu")
        writable = self._writable() is not None
        actions: list[tuple[str, str, str, Callable[[], object]]] = [
            ("newCollectionAction", "collections", "New collection…", lambda: self.ask_new(None))
        ]
        if title is not None:
            start, end = self._period(title)
            actions += [
                (
                    "newSubCollectionAction",
                    "collections",
                    f"New collection inside “{title}”…",
                    lambda: self.ask_new(title),
                ),
                ("renameCollectionAction", "rename", "Rename…", lambda: self.ask_rename(title)),
                (
                    "periodCollectionAction",
                    "timeline",
                    "Period…",
                    lambda: self.ask_period(title, start, end),
                ),
                ("moveCollectionAction", "move_right", "Move to…", lambda: self.ask_move(title)),
                ("deleteCollectionAction", "delete", "Delete…", lambda: self.confirm_delete(title)),
            ]
        for name, glyph, text, slot in actions:
            action = menu.addAction(icon(glyph), text)
            action.setObjectName(name)
            action.setEnabled(writable)
            action.triggered.connect(slot)
        menu.addSeparator()
        menu.addAction(self.save_as_collection_action)
        return menu

    def _on_tree_menu_requested(self, title: str | None, position: QPoint) -> None:
        self.menu = self.tree_menu(title)
        self.menu.popup(position)

    # -- helpers -------------------------------------------------------------------------------

    def _titles(self) -> list[str]:
        """Every collection's title in the tree, in its order."""
        model = self._tree.tree_model
        found: list[str] = []
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop(0)
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                title = index.data(COLLECTION_TITLE_ROLE)
                if title is not None:
                    found.append(title)
                pending.append(index)
        return found

    def _period(self, title: str) -> tuple[int | None, int | None]:
        node = self._tree.tree_model.node(title)
        return (node.period_start, node.period_end) if node is not None else (None, None)

    def _ask(self, dialog: NameDialog, chosen: Callable[[str], None]) -> NameDialog | None:
        if self._writable() is None:
            return None
        dialog.chosen.connect(chosen)
        self._open(dialog)
        return dialog

    def _open(self, dialog: NameDialog | PeriodDialog) -> None:
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _make(self, change: Callable[[Catalog], DocumentChange], busy: str, title: str) -> None:
        catalog = self._writable()
        if catalog is None:
            return
        self._history.make(lambda _job: change(catalog), busy, title=title)

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
