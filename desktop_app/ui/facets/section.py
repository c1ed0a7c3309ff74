"""One facet section: a field's heading, its value search, its values with counts, "Show more"."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DossierError
from desktop_app.query import editing
from desktop_app.query.ast import Node
from desktop_app.query.fields import FIELDS
from desktop_app.services.catalog import Catalog
from desktop_app.services.facet_counts import (
    FIRST_LIMIT,
    FacetCounts,
    can_show_fewer,
    can_show_more,
    chosen_values,
    count_values,
    counted_query,
    field_has_values,
    has_values,
    more_limit,
)
from desktop_app.ui.facets import controls
from desktop_app.ui.facets.actions import FacetAction, action_for, value_menu
from desktop_app.ui.facets.model import FACET_VALUE_ROLE, FacetValuesModel
from desktop_app.ui.facets.values_list import FacetList
from desktop_app.ui.icons import icon
from desktop_app.ui.palette import follow_palette, muted
from desktop_app.ui.palette import link as link_colour
from desktop_app.ui.worker import TaskRunner

#: Rows a list shows before it scrolls by itself inside the panel.
LIST_MAX_ROWS = 16
#: A count slower than this shows "counting…"; quicker ones do not flicker.
COUNTING_DELAY_MS = 250
#: Typing in a filter box waits this long for the next key before it asks the catalog.
FILTER_DELAY_MS = 150


def heading(field: str) -> str:
    return "Decade" if field == "decade" else FIELDS[field].label


class FacetSection(QFrame):
    """A field's heading, a box to find a value, the values with counts, and "Show more"."""

    #: The person asked for this value (None: the "(none)" bucket) to be chosen so.
    value_chosen = Signal(object, object)
    #: The person asked to drop every choice and exclusion of this field.
    clear_requested = Signal()

    def __init__(
        self,
        field: str,
        runner: TaskRunner,
        presence_runner: TaskRunner,
        expanded: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"facetSection_{field}")
        self.setAccessibleName(f"{heading(field)} filter")
        self._runner = runner
        self._presence_runner = presence_runner
        self._catalog: Catalog | None = None
        self._node: Node | None = None
        self._limit = FIRST_LIMIT
        self._more = False
        #: What the shown counts (or those on their way) were asked for; None: ask again.
        self._asked: tuple[Node | None, int, str] | None = None
        self._counting = False
        self._has_values: bool | None = None  # None: not known yet
        self._build(expanded)
        self._connect_signals()

    def _build(self, expanded: bool) -> None:
        label = heading(self.field)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName(f"facetToggle_{self.field}")
        self.toggle.setText(label)
        self.toggle.setAccessibleName(f"{label} values: show or hide")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(expanded)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.status = QLabel(self)
        self.status.setObjectName(f"facetStatus_{self.field}")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName(f"facetClear_{self.field}")
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip(f"Drop every choice of {label.lower()}")
        self.clear_button.setAccessibleName(f"Clear the {label.lower()} filter")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setVisible(False)
        self.find_button = controls.find_button(self, self.field, label)
        self.filter_edit = controls.filter_edit(self, self.field, label)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)

        self.model = FacetValuesModel(self)
        self.list = FacetList(self)
        self.list.setObjectName(f"facetList_{self.field}")
        self.list.setAccessibleName(f"{label} values")
        self.list.setModel(self.model)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName(f"facetEmpty_{self.field}")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)
        self.more_button = controls.more_button(self, self.field, label)
        self.fewer_button = controls.fewer_button(self, self.field, label)
        self._counting_timer = QTimer(self)
        self._counting_timer.setSingleShot(True)
        self._counting_timer.setInterval(COUNTING_DELAY_MS)

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(2)
        header.addWidget(self.toggle, 1)
        header.addWidget(self.status)
        header.addWidget(self.clear_button)
        header.addWidget(self.find_button)
        footer = QHBoxLayout()
        footer.setContentsMargins(20, 0, 0, 0)
        footer.addWidget(self.more_button)
        footer.addWidget(self.fewer_button)
        footer.addStretch(1)
        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 4)
        body.setSpacing(2)
        body.addWidget(self.filter_edit)
        body.addWidget(self.list)
        body.addWidget(self.empty_label)
        body.addLayout(footer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.body)
        follow_palette(self, self._style_texts)
        self._show_expanded()
        self.setVisible(False)  # until the catalog says the field has values

    def _style_texts(self) -> None:
        """The heading, the quiet labels and the link-like buttons, coloured from the palette.

        Each colour is written into the style sheet: a widget with a style sheet keeps the
        palette it had when the sheet was set, so one without a colour would not follow a
        switch between light and dark.
        """
        text = self.palette().color(QPalette.ColorRole.WindowText).name()
        self.toggle.setStyleSheet(
            f"QToolButton {{ color: {text}; font-weight: 600; text-align: left;"
            " padding: 3px 2px; border: none; }"
        )
        colour = muted(self.palette()).name()
        self.status.setStyleSheet(f"QLabel {{ color: {colour}; font-style: italic; }}")
        self.empty_label.setStyleSheet(f"QLabel {{ color: {colour}; padding: 2px 22px; }}")
        link = link_colour(self.palette()).name()
        for button in (self.more_button, self.fewer_button, self.clear_button):
            button.setStyleSheet(f"QToolButton {{ color: {link}; border: none; padding: 1px; }}")

    def _connect_signals(self) -> None:
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self.find_button.toggled.connect(self._on_find_button_toggled)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self._filter_timer.timeout.connect(self._on_filter_timer_timeout)
        self._counting_timer.timeout.connect(self._on_counting_timer_timeout)
        self.list.value_activated.connect(self._on_list_value_activated)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu_requested)
        self.more_button.clicked.connect(self._on_more_button_clicked)
        self.fewer_button.clicked.connect(self._on_fewer_button_clicked)
        self.clear_button.clicked.connect(self.clear_requested)

    # -- what the panel tells it -------------------------------------------------------------

    def set_catalog(self, catalog: Catalog | None) -> None:
        self._runner.cancel(self._channel)
        self._presence_runner.cancel(self._presence_channel)
        self._catalog = catalog
        self._has_values = None
        self._asked = None
        self._limit = FIRST_LIMIT
        self.model.set_values([])

    def forget_counts(self) -> None:
        """Count again, and find out again whether the field has values (after an import)."""
        self._has_values = None
        self._asked = None

    def show_query(self, node: Node | None) -> None:
        """Mark the query's choices at once; `count` then counts the values under it."""
        self._node = node
        selected, excluded = editing.facet_marks(node, self.field)
        self.model.set_marks(selected, excluded)
        self.clear_button.setVisible(self.model.marked())
        self._update_visibility()

    def count(self) -> None:
        """Count the values under the query shown, unless they are counted already."""
        self._request()

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)

    def is_counting(self) -> bool:
        return self._counting

    @property
    def has_values(self) -> bool | None:
        return self._has_values

    # -- counting ----------------------------------------------------------------------------

    @property
    def _channel(self) -> str:
        return f"facet:{self.field}"

    @property
    def _presence_channel(self) -> str:
        return f"facet-presence:{self.field}"

    def _query(self) -> Node | None:
        return counted_query(self._node, self.field)

    def _request(self) -> None:
        catalog = self._catalog
        if catalog is None:
            return
        query = self._query()
        find = self.filter_edit.text().strip()
        if self._has_values is None and (query is not None or not self.is_expanded()):
            self._check_presence(catalog)
        if not self.is_expanded() or self._has_values is False:
            self._asked = None  # counted when it is opened, or when the catalog changes
            return
        asked = (query, self._limit, find)
        if asked == self._asked:
            return  # shown already, or on its way
        self._asked = asked
        self._counting = True
        self._counting_timer.start()
        field, limit = self.field, self._limit
        selected = chosen_values(self._node, field)
        self._runner.run(
            self._channel,
            lambda: count_values(catalog, field, query, limit, find, selected),
            self._on_counted,
            self._on_count_failed,
        )

    def _check_presence(self, catalog: Catalog) -> None:
        field = self.field
        self._presence_runner.run(
            self._presence_channel,
            lambda: field_has_values(catalog, field),
            self._on_presence_known,
            self._on_presence_failed,
        )

    def _on_presence_known(self, has_values: bool) -> None:
        if self._has_values is None:
            self._has_values = has_values
            self._update_visibility()
            self._request()

    def _on_presence_failed(self, error: BaseException) -> None:
        # Shown rather than hidden: opening it counts again and says what goes wrong.
        if self._has_values is None:
            self._has_values = True
            self._update_visibility()

    def _on_counted(self, counts: FacetCounts) -> None:
        self._counting = False
        self._counting_timer.stop()
        self.status.setText("")
        if counts.whole_catalog:
            self._has_values = has_values(counts.values)
        elif has_values(counts.values):
            self._has_values = True
        self._more = counts.more
        self.model.set_values(counts.values)
        self._update_visibility()
        self._update_list()

    def _on_count_failed(self, error: BaseException) -> None:
        self._counting = False
        self._counting_timer.stop()
        self._asked = None
        self.status.setText("")
        self._has_values = True  # say what went wrong rather than hide the section
        self.model.set_values([])
        message = str(error) if isinstance(error, DossierError) else "the count failed"
        self.empty_label.setText(f"Could not count: {message}")
        self._update_visibility()
        self._update_list(error=True)

    def _update_visibility(self) -> None:
        self.setVisible(self._has_values is True or self.model.marked())

    def _update_list(self, error: bool = False) -> None:
        rows = self.model.rowCount()
        shown = min(rows, LIST_MAX_ROWS)
        self.list.setFixedHeight(shown * self.list.row_height() + 2 * self.list.frameWidth())
        self.list.setVisible(rows > 0)
        if not error:
            self.empty_label.setText(
                "No value matches." if self.filter_edit.text().strip() else "No values here."
            )
        self.empty_label.setVisible(rows == 0)
        self.more_button.setVisible(can_show_more(self._more, self._limit))
        self.fewer_button.setVisible(can_show_fewer(self._limit, bool(self.filter_edit.text())))

    def _show_expanded(self) -> None:
        expanded = self.is_expanded()
        self.toggle.setIcon(icon("expanded" if expanded else "collapsed"))
        self.body.setVisible(expanded)
        self.find_button.setVisible(expanded)

    # -- the person's actions ----------------------------------------------------------------

    def action_for(self, index: QModelIndex, modifiers: Qt.KeyboardModifier) -> FacetAction:
        """What a click with `modifiers` on the row at `index` asks for."""
        return action_for(index, modifiers)

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The menu of the value at `index`: only this, add or take out, exclude or include."""
        return value_menu(self, index, self.value_chosen.emit)

    def _on_list_value_activated(self, index: QModelIndex, modifiers: Qt.KeyboardModifier) -> None:
        self.value_chosen.emit(index.data(FACET_VALUE_ROLE), self.action_for(index, modifiers))

    def _on_list_context_menu_requested(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        if index.isValid():
            self.context_menu(index).exec(self.list.viewport().mapToGlobal(position))

    def _on_toggle_toggled(self, expanded: bool) -> None:
        self._show_expanded()
        if expanded:
            self._request()

    def _on_find_button_toggled(self, shown: bool) -> None:
        self.filter_edit.setVisible(shown)
        if shown:
            self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.filter_edit.text():
            self.filter_edit.clear()

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self._filter_timer.start()

    def _on_filter_timer_timeout(self) -> None:
        self._request()

    def _on_counting_timer_timeout(self) -> None:
        if self._counting:
            self.status.setText("counting…")

    def _on_more_button_clicked(self) -> None:
        self._limit = more_limit(self._limit)
        self._request()

    def _on_fewer_button_clicked(self) -> None:
        self._limit = FIRST_LIMIT
        self._request()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape in the filter box closes it and shows the values as they were.
        if event.key() == Qt.Key.Key_Escape and self.filter_edit.isVisible():
            self.find_button.setChecked(False)
            self.list.setFocus()
            event.accept()
            return
        super().keyPressEvent(event)
