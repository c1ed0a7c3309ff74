"""The window's centre: the filter chips and builder over the table, or a message in its place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.filter_bar import FilterBuilder, FilterChips
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.worker import TaskRunner


class CentralPane(QWidget):
    """The query's chips and filter rows above the document table, which a message replaces
    when there is nothing to list (no catalog, no match, an empty catalog)."""

    def __init__(
        self, query_state: QueryState, table: DocumentTable, runner: TaskRunner, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("centralPane")
        self.table = table
        self.message = QLabel(self)
        self.message.setObjectName("catalogMessage")
        self.message.setAccessibleDescription("Catalog message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMargin(40)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("centralStack")
        self.stack.addWidget(table)
        self.stack.addWidget(self.message)

        self.filter_chips = FilterChips(query_state, self)
        self.filter_builder = FilterBuilder(query_state, runner, self)
        # The bar's margins are its children's, so that it takes no room when both are hidden.
        self.filter_bar = QWidget(self)
        self.filter_bar.setObjectName("filterBar")
        bar = QVBoxLayout(self.filter_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(0)
        bar.addWidget(self.filter_chips)
        bar.addWidget(self.filter_builder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.stack, 1)

    def show_table(self) -> None:
        self.stack.setCurrentWidget(self.table)

    def show_message(self, message: str) -> None:
        """`message` in plain text, selectable, in the table's place."""
        self.message.setText(message)
        self.stack.setCurrentWidget(self.message)
