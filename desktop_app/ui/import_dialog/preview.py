"""The preview of a file's first rows: their table model, its note, and what it warns of."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QWidget

from desktop_app.services.importing import TablePreview
from desktop_app.ui.import_dialog.choices import field_label
from desktop_app.ui.item_flags import row_flags
from desktop_app.ui.palette import muted
from desktop_app.ui.safe_text import plain_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex

# Long cells are cut for the preview's cells; the tooltip shows more of them.
_CELL_CHARS = 200
_TOOLTIP_CHARS = 2000


def _rows(count: int) -> str:
    return "row" if count == 1 else f"{count:,} rows"


def one_line(text: str, limit: int) -> str:
    # A cell is one line in the preview: line breaks and tabs would only make it ragged.
    tidy = " ".join(text.split())
    return tidy if len(tidy) <= limit else tidy[: limit - 1] + "…"


def preview_note_text(preview: TablePreview | None) -> str:
    """The note under the preview: which of the file's lines it shows, and how to read it."""
    if preview is None or not preview.rows:
        return ""
    first, last = preview.rows[0].line, preview.rows[-1].line
    shown = f"The first {_rows(len(preview.rows))}" if preview.more else "Every row"
    return (
        f"{shown} of the file (lines {first:,}–{last:,}). Greyed columns are not imported; "
        "the numbers at the left are the file's line numbers."
    )


def import_problems(
    preview: TablePreview | None, fields: dict[str, str | None]
) -> tuple[list[str], bool]:
    """What the dialog warns of for the file shown, and whether Import can go ahead.

    `fields` is the field each of the file's columns goes into (None: ignored).
    """
    problems: list[str] = []
    ready = True
    if preview is not None:
        if "title" not in fields.values():
            problems.append(
                "No column is read into the title. Choose the column that holds each "
                "document's title."
            )
            ready = False
        if preview.problem:
            problems.append(f"The import will refuse this file: {preview.problem}")
    return problems, ready


class ImportPreviewModel(QAbstractTableModel):
    """The first rows of a file, one column per column of the file, each under its field."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preview: TablePreview | None = None
        self._fields: list[str | None] = []
        self._roles: dict[int, Callable[[int, int], Any]] = {
            Qt.ItemDataRole.DisplayRole: self._display,
            Qt.ItemDataRole.ToolTipRole: self._tooltip,
            Qt.ItemDataRole.ForegroundRole: self._foreground,
        }

    def set_preview(self, preview: TablePreview | None) -> None:
        self.beginResetModel()
        self._preview = preview
        self._fields = list(preview.fields) if preview is not None else []
        self.endResetModel()

    def set_field(self, column: int, field: str | None) -> None:
        """Show column `column` as read into `field` (None: ignored)."""
        if not 0 <= column < len(self._fields) or self._fields[column] == field:
            return
        self._fields[column] = field
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, column),
                self.index(self.rowCount() - 1, column),
                [Qt.ItemDataRole.ForegroundRole],
            )

    # -- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._preview is None:
            return 0
        return len(self._preview.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._preview is None:
            return 0
        return len(self._preview.columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return row_flags(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._preview is None:
            return None
        if not (0 <= index.row() < self.rowCount() and 0 <= index.column() < self.columnCount()):
            return None
        handler = self._roles.get(role)
        return handler(index.row(), index.column()) if handler is not None else None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        preview = self._preview
        if preview is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(preview.rows):
                return None
            line = preview.rows[section].line
            if role == Qt.ItemDataRole.DisplayRole:
                return str(line)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Line {line} of the file"
            return None
        if not 0 <= section < len(preview.columns):
            return None
        name = one_line(preview.columns[section], 60)
        field = self._fields[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name}\n→ {field_label(field)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            read = f"read into {field_label(field)}" if field else "ignored"
            return plain_tooltip(f"{preview.columns[section]}: {read}")
        return None

    # -- roles -------------------------------------------------------------------------------

    def _cell(self, row: int, column: int) -> str:
        assert self._preview is not None
        return self._preview.rows[row].cells[column]

    def _display(self, row: int, column: int) -> str:
        return one_line(self._cell(row, column), _CELL_CHARS)

    def _tooltip(self, row: int, column: int) -> str | None:
        text = self._cell(row, column)
        if len(text) <= 40:
            return None
        shown = text if len(text) <= _TOOLTIP_CHARS else text[: _TOOLTIP_CHARS - 1] + "…"
        return plain_tooltip(shown)

    def _foreground(self, row: int, column: int) -> QBrush | None:
        # Ignored columns are greyed: what will not be imported reads as such at a glance.
        if self._fields[column] is not None:
            return None
        parent = self.parent()
        palette = parent.palette() if isinstance(parent, QWidget) else None
        return QBrush(muted(palette)) if palette is not None else None
