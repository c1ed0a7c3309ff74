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


#: A row of the document table: a row to select and read, and to drag onto a collection.
DOCUMENT_ROW_FLAGS = ROW_FLAGS | Qt.ItemFlag.ItemIsDragEnabled

#: What a drag of the table's selected documents carries: only that it is one (the window
#: that receives it asks its table which documents are selected: a million ids are never
#: copied into a drag).
DOCUMENTS_MIME = "application/x-dossier-selected-documents"
