"""Tagging the selected documents from the window, and undoing it (Edit ▸ Undo, Redo)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.text import plural
from desktop_app.domain.views import TagChange
from desktop_app.query.ast import Node
from desktop_app.services.catalog import Catalog
from desktop_app.ui.accessibility import name_buttons
from desktop_app.ui.document_model import DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.icons import icon
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.messages import failure_reason, open_message_box


def _listed(text: str) -> list[str]:
    """Tags typed as a list: commas between them."""
    return [name.strip() for name in text.split(",") if name.strip()]


def describe(change: TagChange) -> str:
    """'Tag “korea” on 3 documents', for the status bar and Edit ▸ Undo."""
    parts = [f"+“{name}”" for name, ids in change.added.items() if ids]
    parts += [f"−“{name}”" for name, ids in change.removed.items() if ids]
    return f"Tags {' '.join(parts)} on {plural(len(change.document_ids), 'document')}"


class TagDialog(QDialog):
    """Which tags to add to the selected documents, and which to take from them."""

    tags_chosen = Signal(list, list)

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagDialog")
        self.setWindowTitle("Tag documents")
        intro = QLabel(f"Tags for the {plural(count, 'selected document')}", self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.add_field = QLineEdit(self)
        self.add_field.setObjectName("addTagsField")
        self.add_field.setAccessibleName("Tags to add")
        self.add_field.setPlaceholderText("chapter 3, to check")
        self.remove_field = QLineEdit(self)
        self.remove_field.setObjectName("removeTagsField")
        self.remove_field.setAccessibleName("Tags to take away")
        form = QFormLayout()
        form.addRow("&Add:", self.add_field)
        form.addRow("&Take away:", self.remove_field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Apply")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        name_buttons(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def complete_from(self, names: list[str]) -> None:
        """Offer the catalog's tags as each field's completions."""
        for field in (self.add_field, self.remove_field):
            completer = QCompleter(names, field)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            field.setCompleter(completer)

    def _on_buttons_accepted(self) -> None:
        add, remove = _listed(self.add_field.text()), _listed(self.remove_field.text())
        if add or remove:
            self.tags_chosen.emit(add, remove)
        self.accept()


class _TagCommand(QUndoCommand):
    """One change of tags on the undo stack; undoing and redoing run off the GUI thread."""

    def __init__(self, change: TagChange, apply: Callable[[TagChange], None]) -> None:
        super().__init__(describe(change))
        self._change = change
        self._apply = apply
        self._done = True  # pushed once written: the stack's first redo has nothing to do

    def undo(self) -> None:
        self._apply(self._change.reversed())

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._apply(self._change)


class TaggingPart(WindowPart):
    """Edit ▸ Tag selected… (Ctrl+T) over the table's selection, written off the GUI thread;
    every change goes on the undo stack, which Edit ▸ Undo and Redo walk.

    `changed` tells the window the catalog's tags moved, so that its panes read them again.
    """

    changed = Signal()

    def __init__(
        self, context: PartContext, table: DocumentTable, model: DocumentTableModel
    ) -> None:
        super().__init__(context)
        self._table = table
        self._model = model
        self.undo_stack = QUndoStack(self)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(icon("back"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.tag_action = QAction(icon("saved_search"), "&Tag selected…", context.window)
        self.tag_action.setShortcut(QKeySequence("Ctrl+T"))
        self.tag_action.setStatusTip("Add tags to the selected documents, or take tags away")
        for action in (self.undo_action, self.redo_action, self.tag_action):
            context.window.addAction(action)
        self.tag_action.triggered.connect(self.open_dialog)
        self.dialog: TagDialog | None = None

    def set_catalog(self) -> None:
        self._runner.cancel("tags")
        self.undo_stack.clear()  # the changes were another catalog's
        catalog = self._session.catalog
        self.tag_action.setEnabled(catalog is not None and not catalog.read_only)

    def open_dialog(self) -> TagDialog | None:
        """The tag dialog for the selected rows; None when none is selected or can be tagged."""
        catalog = self._session.catalog
        count = self._table.selected_count()
        if catalog is None or catalog.read_only or not count:
            if catalog is not None and not count:
                self._status.showMessage("Select the documents to tag first.", 8000)
            return None
        documents = self._selected_documents(count)
        dialog = TagDialog(count, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.tags_chosen.connect(lambda add, remove: self.tag(documents, count, add, remove))
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()
        # The catalog's tags, for completion, come when read: the dialog does not wait for them.
        self._runner.run(
            "tag-names", lambda: catalog.values("tag", "", 1000), self._on_tag_names_read
        )
        return dialog

    def tag(
        self, documents: Node | list[int] | None, count: int, add: list[str], remove: list[str]
    ) -> None:
        """Add and take tags on `count` documents — those of a query, or the ids listed — off
        the GUI thread, undoably."""
        catalog = self._session.catalog
        if catalog is None:
            return
        self._status.showMessage(f"Tagging {plural(count, 'document')}…")
        self._runner.run(
            "tags",
            lambda: catalog.retag(documents, add=add, remove=remove),
            self._on_tagged,
            self._on_failed,
        )

    def _apply(self, change: TagChange) -> None:
        catalog: Catalog | None = self._session.catalog
        if catalog is None:
            return
        self._runner.run(
            "tags",
            lambda: catalog.revert(change.reversed()),
            lambda _: self._on_applied(change),
            self._on_failed,
        )

    def _selected_documents(self, count: int) -> Node | list[int] | None:
        """Every row selected (Ctrl+A): the query the table shows, not a million ids listed on
        the GUI thread; otherwise the ids of the selected rows."""
        if count == self._model.rowCount():
            return self._model.query
        found = (self._model.document_id(row) for row in self._table.selected_rows())
        return [document_id for document_id in found if document_id is not None]

    def _on_tagged(self, change: TagChange) -> None:
        if not change:
            self._status.showMessage("The documents already had those tags.", 8000)
            return
        self.undo_stack.push(_TagCommand(change, self._apply))
        self._status.showMessage(describe(change), 10_000)
        self.changed.emit()

    def _on_applied(self, change: TagChange) -> None:
        self._status.showMessage(describe(change), 10_000)
        self.changed.emit()

    def _on_failed(self, error: BaseException) -> None:
        # What was undone or redone is unknown now: the stack would only mislead.
        self.undo_stack.clear()
        self._status.clearMessage()
        open_message_box(
            self._window,
            QMessageBox.Icon.Warning,
            "Tags",
            "The tags were not changed.",
            [failure_reason(error)],
            name="tagProblem",
        )
        self.changed.emit()

    def _on_tag_names_read(self, names: list[str]) -> None:
        if self.dialog is not None:
            self.dialog.complete_from(names)

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None
