"""The item flags of the window's lists and tables: rows to select and read, never to edit."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

#: A row of a flat list or table: enabled, selectable, with no children to look for.
ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


def row_flags(
    index: QModelIndex | QPersistentModelIndex, extra: Qt.ItemFlag = Qt.ItemFlag.NoItemFlags
) -> Qt.ItemFlag:
    """`ROW_FLAGS` and `extra` for an item, none for the invisible root."""
    return ROW_FLAGS | extra if index.isValid() else Qt.ItemFlag.NoItemFlags
