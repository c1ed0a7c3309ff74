"""The facet panel: each field's values with their counts under the current filter, to click."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DossierError
from desktop_app.domain.views import FacetValue
from desktop_app.query import editing
from desktop_app.query.ast import Node, Or
from desktop_app.query.facets import FACET_FIELDS
from desktop_app.query.fields import FIELDS
from desktop_app.services.catalog import Catalog
from desktop_app.ui.accessibility import name_clear_button
from desktop_app.ui.icons import icon
from desktop_app.ui.item_flags import row_flags
from desktop_app.ui.palette import accent, follow_palette, muted, warning
from desktop_app.ui.palette import link as link_colour
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.safe_text import plain_tooltip
from desktop_app.ui.worker import TaskRunner

#: The panel's sections in order (PRODUCT.md §5): every facet but the rarer roles and the
#: classification, which the filter builder and the query language still reach.
SECTIONS: tuple[str, ...] = tuple(
    field for field in FACET_FIELDS if field not in ("classification", "via", "participant")
)
#: Open at first; the others show their heading only until clicked.
EXPANDED_BY_DEFAULT: tuple[str, ...] = ("type", "author", "recipient", "year")

#: Values a section shows at first; "Show more" multiplies it up to MAX_LIMIT.
FIRST_LIMIT = 8
MORE_FACTOR = 5
MAX_LIMIT = 1000
#: Names a section's filter box looks up (the catalog's completion, indexed and small).
FILTER_LIMIT = 100
#: Rows a list shows before it scrolls by itself inside the panel.
LIST_MAX_ROWS = 16
#: A count slower than this shows "counting…"; quicker ones do not flicker.
COUNTING_DELAY_MS = 250
#: Typing in a filter box waits this long for the next key before it asks the catalog.
FILTER_DELAY_MS = 150

NONE_LABEL = "(none)"

#: The value a row stands for (str), None for the "(none)" bucket.
FACET_VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
#: How many documents have the value (int), None while unknown.
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
#: Whether the query chooses or excludes the value (Mark).
MARK_ROLE = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex

_YEAR_FIELDS = ("year", "decade")


class Mark(Enum):
    NONE = "none"
    SELECTED = "selected"
    EXCLUDED = "excluded"


class FacetAction(Enum):
    """What a click on a value asks for."""

    ONLY = "only"  # click
    TOGGLE = "toggle"  # Ctrl+click: add as OR, or take out of the selection
    EXCLUDE = "exclude"  # Alt+click
    INCLUDE = "include"  # any click on an excluded value: stop excluding it


def heading(field: str) -> str:
    return "Decade" if field == "decade" else FIELDS[field].label


def _menu_text(text: str) -> str:
    # An "&" in catalog text would otherwise become a keyboard mnemonic in a menu.
    return text.replace("&", "&&")


def _key(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


# -- counting, on a worker thread ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FacetCounts:
    """What a section shows: values with counts, and whether the catalog has more of them."""

    values: list[FacetValue]
    more: bool
    #: The counts are of the whole catalog (no filter), so they tell whether the field has values.
    whole_catalog: bool


def count_values(
    catalog: Catalog,
    field: str,
    query: Node | None,
    limit: int,
    find: str,
    selected: Sequence[str | None],
) -> FacetCounts:
    """A section's values under `query`, most frequent first, the "(none)" bucket last.

    `find` narrows them to names with a word beginning so. Chosen values beyond `limit` are
    counted one by one, so a chosen value never drops out of sight.
    """
    if find:
        return FacetCounts(_found_values(catalog, field, query, find), False, False)
    found = catalog.facets(field, query, limit + 1)
    real = [value for value in found if value.value is not None]
    none = [value for value in found if value.value is None]
    shown = real[:limit]
    present = {_key(value.value) for value in shown}
    extras: list[FacetValue] = []
    for value in sorted(v for v in selected if v is not None and _key(v) not in present):
        term = editing.facet_term(field, value)
        extras.append(
            FacetValue(value, catalog.count(editing.join([*editing.clauses(query), term])))
        )
    return FacetCounts([*shown, *extras, *none], len(real) > limit, query is None)


def _found_values(catalog: Catalog, field: str, query: Node | None, find: str) -> list[FacetValue]:
    if field in _YEAR_FIELDS:
        # A few hundred years at most: filtered here.
        years = catalog.facets(field, query)
        return [v for v in years if v.value is not None and v.value.startswith(find.strip())]
    names = catalog.values(field, find, FILTER_LIMIT)
    if not names:
        return []
    # Counting only documents with one of the names keeps this quick in a big catalog; each
    # name's own count is unchanged, since its documents all have one of them.
    terms = tuple(editing.facet_term(field, name) for name in names)
    some = terms[0] if len(terms) == 1 else Or(terms)
    wanted = {name.casefold() for name in names}
    counted = catalog.facets(field, editing.join([*editing.clauses(query), some]))
    return [v for v in counted if v.value is not None and v.value.casefold() in wanted]


# -- the model of one section -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    value: str | None
    count: int | None
    mark: Mark


class FacetValuesModel(QAbstractListModel):
    """One section's values: counts from the catalog, marks from the query."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._values: list[FacetValue] = []
        self._selected: set[str | None] = set()
        self._excluded: set[str | None] = set()
        self._pinned: list[str | None] = []
        self._rows: list[_Row] = []
        self._roles: dict[int, Callable[[_Row], Any]] = {
            Qt.ItemDataRole.DisplayRole: self._display,
            Qt.ItemDataRole.ToolTipRole: self._tooltip,
            Qt.ItemDataRole.AccessibleTextRole: self._accessible_text,
            FACET_VALUE_ROLE: lambda row: row.value,
            COUNT_ROLE: lambda row: row.count,
            MARK_ROLE: lambda row: row.mark,
        }

    def set_values(self, values: Sequence[FacetValue]) -> None:
        self._values = list(values)
        self._rebuild()

    def set_marks(self, selected: set[str | None], excluded: set[str | None]) -> None:
        self._selected = {_key(value) for value in selected}
        self._excluded = {_key(value) for value in excluded}
        self._pinned = sorted(
            (value for value in selected | excluded if value is not None),
            key=str.casefold,
        ) + ([None] if None in selected | excluded else [])
        self._rebuild()

    def values(self) -> list[str | None]:
        return [row.value for row in self._rows]

    def row_of(self, value: str | None) -> int | None:
        for number, row in enumerate(self._rows):
            if _key(row.value) == _key(value):
                return number
        return None

    def marked(self) -> bool:
        return bool(self._selected or self._excluded)

    def _mark(self, value: str | None) -> Mark:
        if _key(value) in self._excluded:
            return Mark.EXCLUDED
        if _key(value) in self._selected:
            return Mark.SELECTED
        return Mark.NONE

    def _rebuild(self) -> None:
        rows = [_Row(v.value, v.count, self._mark(v.value)) for v in self._values]
        shown = {_key(row.value) for row in rows}
        # Excluded values have no documents left to count, and a chosen value may not be
        # counted yet: they stay listed so that they can be clicked back.
        missing = [
            _Row(value, None, self._mark(value))
            for value in self._pinned
            if _key(value) not in shown
        ]
        none_rows = [row for row in rows if row.value is None]
        rows = [row for row in rows if row.value is not None] + missing + none_rows
        if [row.value for row in rows] == [row.value for row in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    # -- QAbstractListModel ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return row_flags(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or index.column():
            return None
        handler = self._roles.get(role)
        return handler(self._rows[index.row()]) if handler is not None else None

    # -- roles -------------------------------------------------------------------------------

    @staticmethod
    def _display(row: _Row) -> str:
        return row.value if row.value is not None else NONE_LABEL

    def _tooltip(self, row: _Row) -> str:
        name = self._display(row)
        counted = f" — {row.count:,} documents" if row.count is not None else ""
        if row.mark is Mark.EXCLUDED:
            hint = "Excluded. Click to include it again."
        elif row.mark is Mark.SELECTED:
            hint = "Chosen. Click to take it out; right-click for more."
        else:
            hint = "Click: only this · Ctrl+click: add as OR · Alt+click: exclude"
        return plain_tooltip(f"{name}{counted}\n{hint}")

    def _accessible_text(self, row: _Row) -> str:
        parts = [self._display(row)]
        if row.count is not None:
            parts.append(f"{row.count} documents")
        if row.mark is not Mark.NONE:
            parts.append(row.mark.value)
        return ", ".join(parts)


# -- drawing and clicking ---------------------------------------------------------------------


class FacetDelegate(QStyledItemDelegate):
    """A compact row: a check mark, the value, and its count right-aligned in a muted colour."""

    PADDING = 6
    MARK_SIZE = 16

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(120, option.fontMetrics.height() + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        # No initStyleOption: it asks the model for a dozen roles this row does not use.
        item = QStyleOptionViewItem(option)
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        palette: QPalette = item.palette
        # The style draws hover and keyboard focus; the text is ours, and plain.
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, item, painter, widget)

        value = index.data(FACET_VALUE_ROLE)
        count = index.data(COUNT_ROLE)
        mark = index.data(MARK_ROLE)
        rect = item.rect.adjusted(self.PADDING, 0, -self.PADDING - 2, 0)
        box = QRect(
            rect.left(), rect.center().y() - self.MARK_SIZE // 2 + 1, self.MARK_SIZE, self.MARK_SIZE
        )
        quiet = muted(palette)
        if mark is Mark.SELECTED:
            icon("facet_selected", accent(palette).name()).paint(painter, box)
        elif mark is Mark.EXCLUDED:
            icon("facet_excluded", warning(palette).name()).paint(painter, box)
        else:
            icon("facet_unselected", quiet.name()).paint(painter, box)

        font = QFont(item.font)
        colour = palette.color(QPalette.ColorRole.Text)
        if mark is Mark.SELECTED:
            font.setWeight(QFont.Weight.DemiBold)
        elif mark is Mark.EXCLUDED:
            font.setStrikeOut(True)
            colour = quiet
        if value is None:
            font.setItalic(True)
            colour = quiet
        count_text = f"{count:,}" if isinstance(count, int) else ""
        metrics = QFontMetrics(item.font)
        count_width = metrics.horizontalAdvance(count_text)
        count_rect = QRect(rect.right() - count_width, rect.top(), count_width, rect.height())
        left = box.right() + 8
        text_rect = QRect(left, rect.top(), max(0, count_rect.left() - 10 - left), rect.height())
        text = value if value is not None else NONE_LABEL
        painter.save()
        painter.setFont(font)
        painter.setPen(colour)
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )
        painter.setFont(item.font)
        painter.setPen(quiet)
        painter.drawText(
            count_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count_text
        )
        painter.restore()


class FacetList(QListView):
    """A section's values; a click (or Enter, Space) with its modifiers picks one."""

    #: A value was clicked or chosen by key, with the modifiers held (Ctrl, Alt).
    value_activated = Signal(QModelIndex, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pressed = QPersistentModelIndex()
        self.setItemDelegate(FacetDelegate(self))
        self.setUniformItemSizes(True)
        # The query, not a selection, says what is chosen; the view only shows where focus is.
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)

    def row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = QPersistentModelIndex(self.indexAt(event.position().toPoint()))
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        pressed = self._pressed
        self._pressed = QPersistentModelIndex()
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and index.isValid() and index == pressed:
            self.value_activated.emit(index, event.modifiers())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        # The double click's second release must not undo the first click's choice.
        self._pressed = QPersistentModelIndex()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if event.key() in keys and self.currentIndex().isValid():
            self.value_activated.emit(self.currentIndex(), event.modifiers())
            event.accept()
            return
        super().keyPressEvent(event)


# -- a section ---------------------------------------------------------------------------------


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
        self.find_button = QToolButton(self)
        self.find_button.setObjectName(f"facetFind_{self.field}")
        self.find_button.setIcon(icon("filter_values"))
        self.find_button.setToolTip(f"Find a {label.lower()} among all of them")
        self.find_button.setAccessibleName(f"Find a {label.lower()}")
        self.find_button.setCheckable(True)
        self.find_button.setAutoRaise(True)
        self.find_button.setIconSize(QSize(16, 16))

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName(f"facetFilter_{self.field}")
        self.filter_edit.setAccessibleName(f"Filter {label} values")
        self.filter_edit.setAccessibleDescription(
            f"Shows the {label.lower()} values with a word beginning so"
        )
        self.filter_edit.setPlaceholderText(f"Find a {label.lower()}…")
        self.filter_edit.setClearButtonEnabled(True)
        name_clear_button(self.filter_edit, f"Clear the {label.lower()} filter box")
        self.filter_edit.setVisible(False)
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
        self.more_button = QToolButton(self)
        self.more_button.setObjectName(f"facetMore_{self.field}")
        self.more_button.setText("Show more")
        self.more_button.setAccessibleName(f"Show more {label.lower()} values")
        self.more_button.setAutoRaise(True)
        self.more_button.setVisible(False)
        self.fewer_button = QToolButton(self)
        self.fewer_button.setObjectName(f"facetFewer_{self.field}")
        self.fewer_button.setText("Show fewer")
        self.fewer_button.setAccessibleName(f"Show fewer {label.lower()} values")
        self.fewer_button.setAutoRaise(True)
        self.fewer_button.setVisible(False)
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
        # A facet's counts ignore its own selection: they show the alternatives to it.
        return editing.without_field(self._node, self.field)

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
        selected = [v for v in editing.facet_marks(self._node, field)[0] if v is not None]
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
            lambda: any(value.value is not None for value in catalog.facets(field, None, 1)),
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
            self._has_values = any(value.value is not None for value in counts.values)
        elif any(value.value is not None for value in counts.values):
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
        self.more_button.setVisible(self._more and self._limit < MAX_LIMIT)
        self.fewer_button.setVisible(self._limit > FIRST_LIMIT and not self.filter_edit.text())

    def _show_expanded(self) -> None:
        expanded = self.is_expanded()
        self.toggle.setIcon(icon("expanded" if expanded else "collapsed"))
        self.body.setVisible(expanded)
        self.find_button.setVisible(expanded)

    # -- the person's actions ----------------------------------------------------------------

    def action_for(self, index: QModelIndex, modifiers: Qt.KeyboardModifier) -> FacetAction:
        """What a click with `modifiers` on the row at `index` asks for."""
        if index.data(MARK_ROLE) is Mark.EXCLUDED:
            return FacetAction.INCLUDE
        if modifiers & Qt.KeyboardModifier.AltModifier:
            return FacetAction.EXCLUDE
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier):
            return FacetAction.TOGGLE
        return FacetAction.ONLY

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The menu of the value at `index`: only this, add or take out, exclude or include."""
        menu = QMenu(self)
        value = index.data(FACET_VALUE_ROLE)
        mark = index.data(MARK_ROLE)
        shown = _menu_text(f"“{index.data()}”")

        def add(text: str, action: FacetAction, meaning: str | None = None) -> None:
            item = menu.addAction(icon(meaning) if meaning else QIcon(), text)
            item.setObjectName(f"facet{action.value.title()}Action")
            item.triggered.connect(lambda: self.value_chosen.emit(value, action))

        add(f"Only {shown}", FacetAction.ONLY, "only_value")
        if mark is Mark.SELECTED:
            add(f"Take {shown} out of the choice\tCtrl+click", FacetAction.TOGGLE)
        elif mark is Mark.NONE:
            add(f"Add {shown} as an alternative (OR)\tCtrl+click", FacetAction.TOGGLE)
        if mark is Mark.EXCLUDED:
            add(f"Stop excluding {shown}", FacetAction.INCLUDE)
        else:
            add(f"Exclude {shown}\tAlt+click", FacetAction.EXCLUDE, "exclude_value")
        if value is not None:
            menu.addSeparator()
            copy = menu.addAction(icon("copy"), "Copy the value")
            copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(value))
        return menu

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
        self._limit = min(MAX_LIMIT, self._limit * MORE_FACTOR)
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


# -- the panel --------------------------------------------------------------------------------


class FacetPanel(QScrollArea):
    """Sections of values with counts; clicks change the window's query (see QueryState)."""

    def __init__(
        self, state: QueryState, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        self.setAccessibleName("Filter by")
        self.setAccessibleDescription(
            "Values of each field with their counts: click for only this, Ctrl+click to add "
            "as OR, Alt+click to exclude"
        )
        self._state = state
        # Whether a field has values at all is found out on a thread of the panel's own, so
        # that those checks never hold up the counts people are looking at.
        self._presence_runner = TaskRunner(self, max_threads=1)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self)
        inner.setObjectName("facetSections")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        self._sections: dict[str, FacetSection] = {}
        for field in SECTIONS:
            section = FacetSection(
                field, runner, self._presence_runner, field in EXPANDED_BY_DEFAULT, inner
            )
            self._sections[field] = section
            layout.addWidget(section)
        layout.addStretch(1)
        self.setWidget(inner)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._state.query_changed.connect(self._on_state_query_changed)
        for field, section in self._sections.items():
            section.value_chosen.connect(partial(self._on_section_value_chosen, field))
            section.clear_requested.connect(partial(self._on_section_clear_requested, field))

    def section(self, field: str) -> FacetSection:
        return self._sections[field]

    def sections(self) -> list[FacetSection]:
        return list(self._sections.values())

    def set_catalog(self, catalog: Catalog | None) -> None:
        for section in self._sections.values():
            section.set_catalog(catalog)
            section.show_query(self._state.node)

    def refresh(self) -> None:
        """Forget every count (the catalog changed); the next `count` counts them all again."""
        for section in self._sections.values():
            section.forget_counts()

    def count(self) -> None:
        """Count the values of every open section under the current query.

        Called by the window once the table shows the query's rows: the counts follow the
        table rather than compete with its search. Marks change at once, with the query.
        """
        for section in self._sections.values():
            section.count()

    def expanded_fields(self) -> list[str]:
        return [field for field, section in self._sections.items() if section.is_expanded()]

    def set_expanded_fields(self, fields: Iterable[str]) -> None:
        wanted = set(fields)
        for field, section in self._sections.items():
            section.set_expanded(field in wanted)

    def is_counting(self) -> bool:
        return any(section.is_counting() for section in self._sections.values())

    def is_idle(self) -> bool:
        """No check of which fields have values is running or on its way."""
        return self._presence_runner.is_idle()

    def shutdown(self) -> None:
        """Drop every pending check and wait for the running one (before the catalog closes)."""
        self._presence_runner.shutdown()

    def choose(self, field: str, value: str | None, action: FacetAction) -> None:
        """Change the query as a click on `value` of `field` would."""
        node = self._state.node
        if action is FacetAction.ONLY:
            chosen, _ = editing.facet_marks(node, field)
            if {_key(v) for v in chosen} == {_key(value)}:
                new = editing.without_field(node, field)  # a second click takes it back
            else:
                new = editing.only(node, field, value)
        elif action is FacetAction.TOGGLE:
            new = editing.add_alternative(node, field, value)
        elif action is FacetAction.EXCLUDE:
            new = editing.exclude_value(node, field, value)
        else:
            new = editing.include_value(node, field, value)
        self._state.set_node(new)

    def _on_state_query_changed(self, node: Node | None) -> None:
        for section in self._sections.values():
            section.show_query(node)  # the counts come with `count`

    def _on_section_value_chosen(self, field: str, value: str | None, action: FacetAction) -> None:
        self.choose(field, value, action)

    def _on_section_clear_requested(self, field: str) -> None:
        node = editing.without_field(self._state.node, field)
        for value in editing.facet_marks(node, field)[1]:
            node = editing.include_value(node, field, value)
        self._state.set_node(node)
