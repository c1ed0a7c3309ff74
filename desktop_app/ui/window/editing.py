"""Editing from the window: the current document's fields (F2), a value set on the selection,
the selection deleted (with confirmation); every change undoable through the change history."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
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

from desktop_app.domain.edits import DocumentChange
from desktop_app.domain.text import plural
from desktop_app.query.ast import Node
from desktop_app.services.catalog import Catalog
from desktop_app.ui.accessibility import name_buttons
from desktop_app.ui.detail_pane import DetailPane
from desktop_app.ui.document_model import DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.edit_dialog import DocumentEditDialog
from desktop_app.ui.icons import icon
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.history import ChangeHistory, ChangeJob
from desktop_app.ui.window.messages import open_deletion_box
from desktop_app.ui.window.tagging import selected_documents

Documents = Node | list[int] | None

#: What the set-on-selection dialog offers: its label, the catalog call's field, and how the
#: value is written (set: the one value; add, remove: one of several; replace: the only one).
SET_CHOICES: tuple[tuple[str, str, str], ...] = (
    ("Type", "type", "set"),
    ("Archive", "archive", "set"),
    ("Language (replacing the others)", "language", "replace"),
    ("Add a language", "language", "add"),
    ("Add to collection", "collection", "add"),
    ("Take out of collection", "collection", "remove"),
)


class SetFieldDialog(QDialog):
    """One value for a field of every selected document: a type, an archive, a collection."""

    #: The index of the choice in `SET_CHOICES`, and the value typed.
    chosen = Signal(int, str)

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setFieldDialog")
        self.setWindowTitle("Set on selected documents")
        intro = QLabel(f"For the {plural(count, 'selected document')}", self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.field_combo = QComboBox(self)
        self.field_combo.setObjectName("setFieldCombo")
        self.field_combo.setAccessibleName("Field")
        self.field_combo.addItems([label for label, _, _ in SET_CHOICES])
        self.value_field = QLineEdit(self)
        self.value_field.setObjectName("setValueField")
        self.value_field.setAccessibleName("Value")
        self.value_field.setPlaceholderText("empty: no value (type, archive)")
        form = QFormLayout()
        form.addRow("&Field:", self.field_combo)
        form.addRow("&Value:", self.value_field)
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

    @property
    def field(self) -> str:
        return SET_CHOICES[self.field_combo.currentIndex()][1]

    def complete_from(self, names: list[str]) -> None:
        completer = QCompleter(names, self.value_field)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.value_field.setCompleter(completer)

    def _on_buttons_accepted(self) -> None:
        value = " ".join(self.value_field.text().split())
        mode = SET_CHOICES[self.field_combo.currentIndex()][2]
        if not value and mode != "set":
            self.value_field.setFocus()
            return
        self.chosen.emit(self.field_combo.currentIndex(), value)
        self.accept()


class EditingPart(WindowPart):
    """Edit ▸ Edit document… (F2), Set on selected…, Delete selected…: each written by the
    change history, off the GUI thread, undoably."""

    def __init__(
        self,
        context: PartContext,
        history: ChangeHistory,
        table: DocumentTable,
        model: DocumentTableModel,
        detail_pane: DetailPane,
    ) -> None:
        super().__init__(context)
        self._history = history
        self._table = table
        self._model = model
        self._pane = detail_pane
        window = context.window
        self.edit_action = QAction(icon("rename"), "&Edit document…", window)
        self.edit_action.setShortcut(QKeySequence("F2"))
        self.edit_action.setStatusTip("Edit every field of the current document")
        self.set_action = QAction(icon("columns"), "&Set on selected…", window)
        self.set_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.set_action.setStatusTip(
            "Give the selected documents a type or an archive, a language, a collection"
        )
        self.delete_action = QAction(icon("delete"), "&Delete selected…", window)
        self.delete_action.setShortcut(QKeySequence("Ctrl+Delete"))
        self.delete_action.setStatusTip("Delete the selected documents from the catalog")
        for action in (self.edit_action, self.set_action, self.delete_action):
            window.addAction(action)
        self.edit_action.triggered.connect(self.open_edit_dialog)
        detail_pane.add_document_action(self.edit_action)
        self.set_action.triggered.connect(self.open_set_dialog)
        self.delete_action.triggered.connect(self.confirm_delete)
        self.edit_dialog: DocumentEditDialog | None = None
        self.set_dialog: SetFieldDialog | None = None
        self.confirmation: QMessageBox | None = None

    @property
    def actions(self) -> tuple[QAction, ...]:
        return (self.edit_action, self.set_action, self.delete_action)

    def set_catalog(self) -> None:
        catalog = self._session.catalog
        for action in self.actions:
            action.setEnabled(catalog is not None and not catalog.read_only)

    def _writable(self) -> Catalog | None:
        catalog = self._session.catalog
        return None if catalog is None or catalog.read_only else catalog

    # -- one document ------------------------------------------------------------------------

    def open_edit_dialog(self) -> DocumentEditDialog | None:
        """The edit dialog over the document the detail pane shows; None when there is none."""
        catalog = self._writable()
        detail = self._pane.detail
        if catalog is None or detail is None:
            if catalog is not None:
                self._status.showMessage("Choose a document to edit first.", 8000)
            return None
        dialog = DocumentEditDialog(detail, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(
            lambda changes: self.save(detail.row.id, detail.version, detail.row.title, changes)
        )
        dialog.finished.connect(self._on_edit_dialog_finished)
        self.edit_dialog = dialog
        dialog.open()
        self._runner.run(
            "people-names", lambda: catalog.values("person", "", 5000), self._on_people_read
        )
        return dialog

    def save(self, document_id: int, version: int, title: str, changes: dict[str, object]) -> None:
        """Save a document's changed fields, as read at `version`."""
        catalog = self._writable()
        if catalog is None:
            return
        self._history.make(
            lambda _job: catalog.edit_document(document_id, version, changes),
            f"Saving “{title}”…",
            title="Edit document",
        )

    def _on_people_read(self, names: list[str]) -> None:
        if self.edit_dialog is not None:
            self.edit_dialog.complete_people(names)

    def _on_edit_dialog_finished(self, _result: int) -> None:
        self.edit_dialog = None

    # -- the selection -----------------------------------------------------------------------

    def open_set_dialog(self) -> SetFieldDialog | None:
        """The dialog that sets one value on every selected document."""
        catalog = self._writable()
        count = self._table.selected_count()
        if catalog is None or not count:
            if catalog is not None:
                self._status.showMessage("Select the documents to change first.", 8000)
            return None
        documents = selected_documents(self._table, self._model)
        dialog = SetFieldDialog(count, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(lambda choice, value: self.set_value(documents, count, choice, value))
        dialog.field_combo.currentIndexChanged.connect(lambda _: self._complete(dialog))
        dialog.finished.connect(self._on_set_dialog_finished)
        self.set_dialog = dialog
        dialog.open()
        self._complete(dialog)
        return dialog

    def set_value(self, documents: Documents, count: int, choice: int, value: str) -> None:
        """Write one of `SET_CHOICES` with `value` on `count` documents."""
        catalog = self._writable()
        if catalog is None:
            return
        label, field, mode = SET_CHOICES[choice]

        def work(job: ChangeJob) -> DocumentChange:
            if mode == "set":
                return catalog.assign(
                    field, documents, value or None, progress=job.progress, cancelled=job.cancelled
                )
            add, remove = {"replace": ([value], ["*"]), "add": ([value], [])}.get(
                mode, ([], [value])
            )
            return catalog.relink(
                field,
                documents,
                add=add,
                remove=remove,
                progress=job.progress,
                cancelled=job.cancelled,
            )

        self._history.make(
            work,
            f"{label}: “{value}” on {plural(count, 'document')}…",
            title=label,
            unchanged="The documents already were so.",
        )

    def _complete(self, dialog: SetFieldDialog) -> None:
        catalog = self._session.catalog
        if catalog is None:
            return
        field = dialog.field
        self._runner.run(
            "set-values",
            lambda: catalog.values(field, "", 1000),
            lambda names: self._on_set_values_read(field, names),
        )

    def _on_set_values_read(self, field: str, names: list[str]) -> None:
        if self.set_dialog is not None and self.set_dialog.field == field:
            self.set_dialog.complete_from(names)

    def _on_set_dialog_finished(self, _result: int) -> None:
        self.set_dialog = None

    def confirm_delete(self) -> QMessageBox | None:
        """Ask before deleting the selected documents; Delete deletes them (undoably)."""
        catalog = self._writable()
        count = self._table.selected_count()
        if catalog is None or not count:
            if catalog is not None:
                self._status.showMessage("Select the documents to delete first.", 8000)
            return None
        documents = selected_documents(self._table, self._model)
        box = open_deletion_box(
            self._window,
            "Delete documents",
            f"Delete the {plural(count, 'selected document')} from the catalog?",
            "Edit ▸ Undo puts them back, with their tags and notes.",
            lambda: self.delete(documents, count),
            name="deleteConfirmation",
        )
        box.finished.connect(self._on_confirmation_finished)
        self.confirmation = box
        return box

    def delete(self, documents: Documents, count: int) -> None:
        catalog = self._writable()
        if catalog is None:
            return
        self._history.make(
            lambda job: catalog.delete_documents(
                documents, progress=job.progress, cancelled=job.cancelled
            ),
            f"Deleting {plural(count, 'document')}…",
            title="Delete documents",
        )

    def _on_confirmation_finished(self, _result: int) -> None:
        self.confirmation = None
