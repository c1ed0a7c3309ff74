"""The search field, its magnifier and Escape, and the line under it that names a problem."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.domain.errors import QueryError
from desktop_app.ui.accessibility import name_action_button, name_clear_button
from desktop_app.ui.icons import icon
from desktop_app.ui.palette import follow_palette, warning


class SearchBox(QWidget):
    """The field a query is typed in and, under it while there is one, what is wrong with it.

    `submitted` is Enter or a click on the magnifier; `escaped` is Escape in the field.
    """

    submitted = Signal(str)
    escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.field = QLineEdit(self)
        self.field.setObjectName("searchField")
        self.field.setAccessibleName("Search")
        self.field.setAccessibleDescription(
            'A query: words, "phrases", field:value filters, OR, NOT and parentheses'
        )
        self.field.setPlaceholderText(
            'Search — e.g. author:Stalin date:1951  or  "demarcation line"  (Enter to search)'
        )
        self.field.setClearButtonEnabled(True)
        name_clear_button(self.field, "Clear the search")
        # The magnifier runs the search, as a person clicking it expects.
        magnifier = self.field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        magnifier.setToolTip("Search (Enter)")
        name_action_button(self.field, magnifier, "Run the search")
        self.field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.field.setMinimumWidth(280)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.field)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.message = QLabel(self)
        self.message.setObjectName("queryMessage")
        self.message.setAccessibleDescription("Query problem")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        follow_palette(self, self._style_message)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        # The problem shows right under the field, the toolbar growing by a line meanwhile.
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.field)
        box.addWidget(self.message)

        self.field.returnPressed.connect(self._on_field_return_pressed)
        magnifier.triggered.connect(self._on_field_return_pressed)
        escape.activated.connect(self.escaped)

    def show_problem(self, message: str) -> bool:
        """Say `message` under the field ("": nothing); whether a problem was shown before."""
        shown = not self.message.isHidden()
        self.message.setText(message)
        self.message.setVisible(bool(message))
        return shown

    def point_at(self, error: QueryError) -> None:
        """Select what is wrong in the field, if it still holds the query that was wrong."""
        if self.field.text() == error.query:
            if error.position < len(error.query):
                self.field.setSelection(error.position, 1)
            else:
                self.field.setCursorPosition(error.position)
        self.field.setFocus()

    def _style_message(self) -> None:
        self.message.setStyleSheet(
            f"QLabel {{ color: {warning(self.palette()).name()}; padding: 0 4px; }}"
        )

    def _on_field_return_pressed(self) -> None:
        self.submitted.emit(self.field.text())
