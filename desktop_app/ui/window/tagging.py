"""Tagging the selected documents from the window (Edit ▸ Tag selected…), undoably."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.text import plural
from desktop_app.query.ast import Node
from desktop_app.ui.accessibility import name_buttons
from desktop_app.ui.document_model import DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.icons import icon
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.history import ChangeHistory


def _listed(text: str) -> list[str]:
    """Tags typed as a list: commas between them."""
    return [name.strip() for name in text.split(",") if name.strip()]


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


class TaggingPart(WindowPart):
    """Edit ▸ Tag selected… (Ctrl+T) over the table's selection, written by the window's
    change history (off the GUI thread, undoably)."""

    def __init__(
        self,
        context: PartContext,
        history: ChangeHistory,
        table: DocumentTable,
        model: DocumentTableModel,
    ) -> None:
        super().__init__(context)
        self._history = history
        self._table = table
        self._model = model
        self.tag_action = QAction(icon("saved_search"), "&Tag selected…", context.window)
        self.tag_action.setShortcut(QKeySequence("Ctrl+T"))
        self.tag_action.setStatusTip("Add tags to the selected documents, or take tags away")
        context.window.addAction(self.tag_action)
        self.tag_action.triggered.connect(self.open_dialog)
        self.dialog: TagDialog | None = None

    def set_catalog(self) -> None:
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
        documents = selected_documents(self._table, self._model)
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
        """Add and take tags on `count` documents — those of a query, or the ids listed."""
        catalog = self._session.catalog
        if catalog is None:
            return
        self._history.make(
            lambda job: catalog.retag(
                documents, add=add, remove=remove, progress=job.progress, cancelled=job.cancelled
            ),
            f"Tagging {plural(count, 'document')}…",
            title="Tags",
            unchanged="The documents already had those tags.",
        )

    def _on_tag_names_read(self, names: list[str]) -> None:
        if self.dialog is not None:
            self.dialog.complete_from(names)

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None


def selected_documents(table: DocumentTable, model: DocumentTableModel) -> Node | list[int] | None:
    """The documents the table's selection is: every row selected (Ctrl+A) is the query the
    table shows, not a million ids listed on the GUI thread; otherwise the selected rows' ids."""
    if table.selected_count() == model.rowCount():
        return model.query
    # Slices of the result's id array: 100,000 rows selected are listed in milliseconds.
    ids = model.ids
    return [i for top, bottom in table.selected_ranges() for i in ids[top : bottom + 1]]
