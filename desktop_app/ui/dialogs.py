"""Help dialogs: About Dossier (versions and catalog) and the list of keyboard shortcuts."""

from __future__ import annotations

import platform
from collections.abc import Sequence

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__
from desktop_app.services import logs
from desktop_app.services.versions import storage_versions
from desktop_app.ui.accessibility import name_buttons
from desktop_app.ui.safe_text import escaped


def about_html(location: str | None, read_only_reason: str = "") -> str:
    """Help ▸ About: what Dossier is, the versions it runs on, the catalog and the log file."""
    catalog = escaped(location) if location else "none open"
    if read_only_reason:
        catalog += f"<br>(read-only: {escaped(read_only_reason)})"
    versions = [
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        *storage_versions(),
        ("Python", platform.python_version()),
    ]
    rows = "".join(
        f"<tr><td style='padding-right:12px'>{escaped(name)}</td><td>{escaped(number)}</td></tr>"
        for name, number in versions
    )
    return (
        f"<h3>Dossier {escaped(__version__)}</h3>"
        "<p>A catalog of declassified historical documents.</p>"
        f"<table>{rows}</table>"
        f"<p><b>Catalog:</b> {catalog}<br><b>Log file:</b> {escaped(str(logs.log_file()))}</p>"
    )


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut and mouse gesture of the window, in one table."""

    def __init__(self, shortcuts: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        table = QTableWidget(len(shortcuts), 2, self)
        table.setObjectName("shortcutsTable")
        table.setAccessibleName("Shortcuts")
        table.setHorizontalHeaderLabels(["Action", "Keys"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        for row, (action, keys) in enumerate(shortcuts):
            table.setItem(row, 0, QTableWidgetItem(action))
            table.setItem(row, 1, QTableWidgetItem(keys))
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        name_buttons(buttons)
        buttons.rejected.connect(self.reject)
        note = QLabel("Shortcuts also appear beside each command in the menus.", self)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(520, 480)
