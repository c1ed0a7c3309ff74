"""The model of one facet section's values, with the roles its view and delegate read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.domain.views import FacetValue
from desktop_app.services.facet_counts import kept_in_sight, listed, value_key
from desktop_app.ui.item_flags import row_flags
from desktop_app.ui.safe_text import plain_tooltip

NONE_LABEL = "(none)"

#: The value a row stands for (str), None for the "(none)" bucket.
FACET_VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
#: How many documents have the value (int), None while unknown.
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
#: Whether the query chooses or excludes the value (Mark).
MARK_ROLE = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex


class Mark(Enum):
    NONE = "none"
    SELECTED = "selected"
    EXCLUDED = "excluded"


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
        self._selected = {value_key(value) for value in selected}
        self._excluded = {value_key(value) for value in excluded}
        self._pinned = kept_in_sight(selected | excluded)
        self._rebuild()

    def values(self) -> list[str | None]:
        return [row.value for row in self._rows]

    def row_of(self, value: str | None) -> int | None:
        for number, row in enumerate(self._rows):
            if value_key(row.value) == value_key(value):
                return number
        return None

    def marked(self) -> bool:
        return bool(self._selected or self._excluded)

    def _mark(self, value: str | None) -> Mark:
        if value_key(value) in self._excluded:
            return Mark.EXCLUDED
        if value_key(value) in self._selected:
            return Mark.SELECTED
        return Mark.NONE

    def _rebuild(self) -> None:
        rows = [
            _Row(value, count, self._mark(value))
            for value, count in listed(self._values, self._pinned)
        ]
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
