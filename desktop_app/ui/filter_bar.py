"""The filter bar over the table: the query's clauses as removable chips, and the filter builder."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import QueryError
from desktop_app.query import editing
from desktop_app.query.ast import Node, Not, to_text
from desktop_app.query.describe import describe
from desktop_app.query.fields import FIELDS, Kind
from desktop_app.query.operators import (
    BUILDER_FIELDS,
    FilterRow,
    Operator,
    operators_for,
    row_to_query,
)
from desktop_app.query.parser import normalise
from desktop_app.query.search_query import SearchQuery
from desktop_app.services.catalog import Catalog
from desktop_app.ui.accessibility import name_clear_button
from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.icons import icon
from desktop_app.ui.palette import faint, follow_palette, mixed, muted, warning
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.safe_text import plain_tooltip
from desktop_app.ui.worker import TaskRunner

#: The widest a chip's words get before they are cut with "…" (the tooltip has them whole).
CHIP_TEXT_WIDTH = 340
#: Values the completion of a builder row offers.
COMPLETION_LIMIT = 20
#: Typing waits this long for the next key before completion asks the catalog.
COMPLETION_DELAY_MS = 120

# -- chips -------------------------------------------------------------------------------------


class FilterChip(QFrame):
    """One clause of the query in words, with a × that removes it."""

    #: The × was clicked.
    remove_clicked = Signal()

    def __init__(self, clause: Node, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterChip")
        self.clause = clause
        words = describe(clause)
        self.setAccessibleName(f"Filter: {words}")
        self.label = QLabel(self)
        self.label.setObjectName("filterChipText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setText(
            QFontMetrics(self.label.font()).elidedText(
                words, Qt.TextElideMode.ElideRight, CHIP_TEXT_WIDTH
            )
        )
        self.label.setToolTip(plain_tooltip(f"{words}\n{to_text(clause)}"))
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("removeChipButton")
        self.remove_button.setIcon(icon("remove_filter"))
        self.remove_button.setToolTip(plain_tooltip(f"Remove this filter: {words}"))
        self.remove_button.setAccessibleName(f"Remove filter: {words}")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 1, 2, 1)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)
        # Not yet styled, the chip has its container's palette.
        self.show_colours(self.palette())
        self.remove_button.clicked.connect(self.remove_clicked)

    @property
    def text(self) -> str:
        return describe(self.clause)

    def show_colours(self, palette: QPalette) -> None:
        """Colour the chip from its container's `palette` (its own is its style sheet's)."""
        text = palette.color(self.foregroundRole())
        border = mixed(text, palette.color(self.backgroundRole()), 0.25)
        colour = warning(palette).name() if isinstance(self.clause, Not) else text.name()
        self.setStyleSheet(
            f"QFrame#filterChip {{ background: {faint(palette).name()};"
            f" border: 1px solid {border.name()}; border-radius: 12px; }}"
            f"QLabel#filterChipText {{ color: {colour}; background: transparent; border: none; }}"
            "QToolButton#removeChipButton { border: none; padding: 1px; }"
        )


class FilterChips(QWidget):
    """A chip per top-level clause of the query (AND), and "Clear all"."""

    def __init__(self, state: QueryState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterChips")
        self.setAccessibleName("Active filters")
        self._state = state
        self._chips: list[FilterChip] = []
        self.lead = QLabel("Filters", self)
        self.lead.setObjectName("filterChipsLabel")
        follow_palette(self, self._style_colours)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearFiltersButton")
        self.clear_button.setText("Clear all")
        self.clear_button.setIcon(icon("clear_filters"))
        self.clear_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.clear_button.setToolTip("Remove every filter and show every document")
        self.clear_button.setAccessibleName("Clear all filters")
        self.clear_button.setAutoRaise(True)
        self._layout = FlowLayout(self, spacing=6)
        self._layout.setContentsMargins(8, 5, 8, 5)
        self._layout.addWidget(self.lead)
        self._layout.addWidget(self.clear_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._connect_signals()
        self.show_query(state.node)

    def _connect_signals(self) -> None:
        self._state.query_changed.connect(self._on_state_query_changed)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)

    def _style_colours(self) -> None:
        self.lead.setStyleSheet(f"QLabel {{ color: {muted(self.palette()).name()}; }}")
        for chip in self._chips:
            chip.show_colours(self.palette())

    def chips(self) -> list[FilterChip]:
        return list(self._chips)

    def show_query(self, node: Node | None) -> None:
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        self._layout.removeWidget(self.clear_button)
        for number, clause in enumerate(editing.clauses(node)):
            chip = FilterChip(clause, self)
            chip.remove_clicked.connect(lambda number=number: self._on_chip_remove_clicked(number))
            self._layout.addWidget(chip)
            chip.show()
            self._chips.append(chip)
        self._layout.addWidget(self.clear_button)
        self.setVisible(bool(self._chips))
        self.updateGeometry()

    def _on_state_query_changed(self, node: Node | None) -> None:
        self.show_query(node)

    def _on_chip_remove_clicked(self, number: int) -> None:
        self._state.set_node(editing.remove_clause(self._state.node, number))

    def _on_clear_button_clicked(self) -> None:
        self._state.clear()


# -- the filter builder ------------------------------------------------------------------------


def _value_hint(field: str) -> str:
    if FIELDS[field].kind is Kind.DATE:
        return "1951, 1951-10 or 1951-10-07"
    return "value"


class FilterRowWidget(QFrame):
    """One row of the builder: field, operator, value(s); Enter or ✓ applies it as AND."""

    #: The row's clause, complete and valid, should join the query.
    applied = Signal(object)
    #: The × was clicked.
    removed = Signal()
    #: Completion wants values of a field beginning with a prefix (field, prefix).
    completion_wanted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterRow")
        self.setAccessibleName("Filter row")
        self.field_combo = QComboBox(self)
        self.field_combo.setObjectName("filterFieldCombo")
        self.field_combo.setAccessibleName("Filter field")
        for field in BUILDER_FIELDS:
            self.field_combo.addItem(FIELDS[field].label, field)
        self.operator_combo = QComboBox(self)
        self.operator_combo.setObjectName("filterOperatorCombo")
        self.operator_combo.setAccessibleName("Filter operator")
        self.value_edit = QLineEdit(self)
        self.value_edit.setObjectName("filterValueEdit")
        self.value_edit.setAccessibleName("Filter value")
        self.value_edit.setAccessibleDescription("Enter adds the filter to the search")
        self.value_edit.setClearButtonEnabled(True)
        name_clear_button(self.value_edit, "Clear the filter value")
        self.and_label = QLabel("and", self)
        self.second_edit = QLineEdit(self)
        self.second_edit.setObjectName("filterSecondValueEdit")
        self.second_edit.setAccessibleName("Second filter value")
        self.completions = QStringListModel(self)
        for edit in (self.value_edit, self.second_edit):
            completer = QCompleter(self.completions, edit)
            # The catalog already chose names with a word starting so; Qt must not filter again.
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setMaxVisibleItems(12)
            edit.setCompleter(completer)
        self.apply_button = QToolButton(self)
        self.apply_button.setObjectName("applyFilterButton")
        self.apply_button.setIcon(icon("apply_filter"))
        self.apply_button.setText("Apply")
        self.apply_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.apply_button.setToolTip("Add this filter to the search (Enter)")
        self.apply_button.setAccessibleName("Apply this filter")
        self.apply_button.setAutoRaise(True)
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("removeFilterRowButton")
        self.remove_button.setIcon(icon("remove_filter"))
        self.remove_button.setToolTip("Remove this row")
        self.remove_button.setAccessibleName("Remove this filter row")
        self.remove_button.setAutoRaise(True)
        self.message = QLabel(self)
        self.message.setObjectName("filterRowMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        # Wrapped, a long problem never widens the window past a small (or a 2×) screen.
        self.message.setWordWrap(True)
        follow_palette(self, self._style_message)
        self.message.setVisible(False)
        self._completion_timer = QTimer(self)
        self._completion_timer.setSingleShot(True)
        self._completion_timer.setInterval(COMPLETION_DELAY_MS)
        self._completing: QLineEdit = self.value_edit

        editors = QHBoxLayout()
        editors.setSpacing(6)
        editors.addWidget(self.field_combo)
        editors.addWidget(self.operator_combo)
        editors.addWidget(self.value_edit, 2)
        editors.addWidget(self.and_label)
        editors.addWidget(self.second_edit, 1)
        editors.addWidget(self.apply_button)
        editors.addWidget(self.remove_button)
        # The problem goes under the editors, which keep their width however long it is.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(editors)
        layout.addWidget(self.message)
        self._show_operators()
        self._connect_signals()

    def _style_message(self) -> None:
        self.message.setStyleSheet(f"QLabel {{ color: {warning(self.palette()).name()}; }}")

    def _connect_signals(self) -> None:
        self.field_combo.currentIndexChanged.connect(self._on_field_combo_changed)
        self.operator_combo.currentIndexChanged.connect(self._on_operator_combo_changed)
        for edit in (self.value_edit, self.second_edit):
            edit.returnPressed.connect(self.apply)
            edit.textChanged.connect(self._on_value_edit_text_changed)
            edit.textEdited.connect(lambda text, edit=edit: self._on_value_edit_text_edited(edit))
        self._completion_timer.timeout.connect(self._on_completion_timer_timeout)
        self.apply_button.clicked.connect(self.apply)
        self.remove_button.clicked.connect(self.removed)

    @property
    def field(self) -> str:
        return str(self.field_combo.currentData())

    @property
    def operator(self) -> Operator:
        chosen = self.operator_combo.currentData()
        return chosen if isinstance(chosen, Operator) else Operator.CONTAINS

    def set_field(self, field: str) -> None:
        self.field_combo.setCurrentIndex(self.field_combo.findData(field))

    def set_operator(self, operator: Operator) -> None:
        self.operator_combo.setCurrentIndex(self.operator_combo.findData(operator))

    def filter_row(self) -> FilterRow:
        return FilterRow(self.field, self.operator, self.value_edit.text(), self.second_edit.text())

    def clause(self) -> Node | None:
        """The row's clause; None while incomplete; QueryError for a value the field refuses."""
        node = row_to_query(self.filter_row())
        if node is not None:
            SearchQuery.of(node)  # the same checks as typing it: dates, lengths
        return node

    def apply(self) -> None:
        """Send the row's clause to the query, or say what is wrong with it."""
        try:
            node = self.clause()
        except QueryError as error:
            self._say(error.reason)
            return
        if node is None:
            self._say("Fill in the value first." if self.operator.needs_value else "")
            return
        self._say("")
        self.applied.emit(node)

    def show_completions(self, field: str, values: list[str]) -> None:
        """Offer `values` for the edit being typed in, if the field is still the same."""
        if field != self.field:
            return
        self.completions.setStringList(values)
        edit = self._completing
        completer = edit.completer()
        if values and edit.hasFocus() and completer is not None:
            completer.complete()

    def _say(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def _show_operators(self) -> None:
        previous = self.operator
        self.operator_combo.blockSignals(True)
        self.operator_combo.clear()
        for operator in operators_for(self.field):
            self.operator_combo.addItem(operator.value, operator)
        found = self.operator_combo.findData(previous)
        self.operator_combo.setCurrentIndex(max(0, found))
        self.operator_combo.blockSignals(False)
        self._show_values()

    def _show_values(self) -> None:
        operator = self.operator
        self.value_edit.setVisible(operator.needs_value)
        self.and_label.setVisible(operator.needs_second_value)
        self.second_edit.setVisible(operator.needs_second_value)
        hint = _value_hint(self.field)
        self.value_edit.setPlaceholderText(hint)
        self.second_edit.setPlaceholderText(hint)
        self._update_apply()

    def _update_apply(self) -> None:
        try:
            complete = row_to_query(self.filter_row()) is not None
        except QueryError:
            complete = True  # applying says what is wrong
        self.apply_button.setEnabled(complete)

    def _on_field_combo_changed(self, index: int) -> None:
        self.completions.setStringList([])
        self._show_operators()
        self._say("")

    def _on_operator_combo_changed(self, index: int) -> None:
        self._show_values()
        self._say("")

    def _on_value_edit_text_changed(self, text: str) -> None:
        self._update_apply()
        self._say("")

    def _on_value_edit_text_edited(self, edit: QLineEdit) -> None:
        self._completing = edit
        self._completion_timer.start()

    def _on_completion_timer_timeout(self) -> None:
        prefix = self._completing.text().strip()
        if prefix:
            self.completion_wanted.emit(self.field, prefix)


class FilterBuilder(QWidget):
    """Rows of field, operator and value; each applies as AND and then shows as a chip."""

    def __init__(
        self, state: QueryState, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("filterBuilder")
        self.setAccessibleName("Filter builder")
        self._state = state
        self._runner = runner
        self._catalog: Catalog | None = None
        self._rows: list[FilterRowWidget] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 2, 8, 6)
        self._layout.setSpacing(4)
        self.setVisible(False)

    def set_catalog(self, catalog: Catalog | None) -> None:
        self._runner.cancel("completion")
        self._catalog = catalog
        for row in list(self._rows):
            self._remove(row)

    def rows(self) -> list[FilterRowWidget]:
        return list(self._rows)

    def add_row(self) -> FilterRowWidget:
        """A new row at the bottom, its field combo focused."""
        row = FilterRowWidget(self)
        row.applied.connect(lambda node, row=row: self._on_row_applied(row, node))
        row.removed.connect(lambda row=row: self._remove(row))
        row.completion_wanted.connect(
            lambda field, prefix, row=row: self._on_row_completion_wanted(row, field, prefix)
        )
        self._rows.append(row)
        self._layout.addWidget(row)
        self.setVisible(True)
        row.field_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        return row

    def _remove(self, row: FilterRowWidget) -> None:
        if row in self._rows:
            self._rows.remove(row)
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.setVisible(bool(self._rows))

    def _on_row_applied(self, row: FilterRowWidget, node: Node) -> None:
        if self._state.set_node(editing.join([*editing.clauses(self._state.node), node])):
            self._remove(row)
        elif normalise(node) in editing.clauses(self._state.node):
            self._remove(row)  # the search has this filter already

    def _on_row_completion_wanted(self, row: FilterRowWidget, field: str, prefix: str) -> None:
        catalog = self._catalog
        if catalog is None:
            return
        self._runner.run(
            "completion",
            lambda: catalog.values(field, prefix, COMPLETION_LIMIT),
            lambda found: self._on_completions_found(row, field, found),
        )

    def _on_completions_found(self, row: FilterRowWidget, field: str, found: list[str]) -> None:
        if row in self._rows:  # not removed while the catalog looked
            row.show_completions(field, found)
