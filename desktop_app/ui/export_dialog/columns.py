"""The list model of exportable columns: which are checked, in the order they will be written."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.domain.columns import COLUMNS_BY_KEY, EXPORT_COLUMNS, ExportColumn
from desktop_app.ui.item_flags import row_flags

AnyIndex = QModelIndex | QPersistentModelIndex


class ExportColumnsModel(QAbstractListModel):
    """Every exportable column in the order they will be written, each checked or not."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: list[ExportColumn] = list(EXPORT_COLUMNS)
        self._checked: set[str] = set()
        self._roles: dict[int, Callable[[ExportColumn], Any]] = {
            Qt.ItemDataRole.DisplayRole: lambda column: column.label,
            Qt.ItemDataRole.CheckStateRole: self._check_state,
            Qt.ItemDataRole.ToolTipRole: self._tooltip,
            Qt.ItemDataRole.AccessibleTextRole: self._accessible_text,
        }

    def set_columns(self, chosen: Iterable[str]) -> None:
        """Check `chosen` (keys) and list them first, in order; the others follow unchecked."""
        keys = [key for key in dict.fromkeys(chosen) if key in COLUMNS_BY_KEY]
        self.beginResetModel()
        self._checked = set(keys)
        self._columns = [COLUMNS_BY_KEY[key] for key in keys] + [
            column for column in EXPORT_COLUMNS if column.key not in self._checked
        ]
        self.endResetModel()

    def chosen(self) -> tuple[str, ...]:
        """The checked columns' keys, in the order they will be written."""
        return tuple(column.key for column in self._columns if column.key in self._checked)

    def key(self, row: int) -> str:
        return self._columns[row].key

    def move(self, row: int, steps: int) -> int:
        """Move a row up (negative) or down by `steps`; returns where it is now."""
        target = max(0, min(len(self._columns) - 1, row + steps))
        if not 0 <= row < len(self._columns) or target == row:
            return row
        # beginMoveRows names the row the moved one goes before, past itself when moving down.
        destination = target + 1 if target > row else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._columns.insert(target, self._columns.pop(row))
        self.endMoveRows()
        return target

    # -- QAbstractListModel ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return row_flags(index, Qt.ItemFlag.ItemIsUserCheckable)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._columns):
            return None
        handler = self._roles.get(role)
        return handler(self._columns[index.row()]) if handler is not None else None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        # Views hand the state over as an int, tests and code as the enum.
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        key = self._columns[index.row()].key
        if state == Qt.CheckState.Checked.value:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    # -- roles -------------------------------------------------------------------------------

    def _check_state(self, column: ExportColumn) -> Qt.CheckState:
        return Qt.CheckState.Checked if column.key in self._checked else Qt.CheckState.Unchecked

    def _tooltip(self, column: ExportColumn) -> str:
        if column.long:
            return f"{column.label}, in full for each document: often long"
        if column.multi:
            return f"{column.label}: several values, joined with “; ” in CSV"
        return column.label

    def _accessible_text(self, column: ExportColumn) -> str:
        state = "exported" if column.key in self._checked else "not exported"
        return f"{column.label}, {state}"
