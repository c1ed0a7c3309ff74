"""File ▸ Open catalog…: a catalog file, a PostgreSQL URL, or one of the recent catalogs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.catalog_urls import remembered_url

#: How many catalogs File ▸ Open catalog… remembers.
MAX_RECENT = 10
RECENT_KEY = "catalogs/recent"

#: Asks for a catalog file, starting in a folder; "" when the person cancels.
ChooseCatalogPath = Callable[[QWidget, str], str]


def choose_catalog_file(parent: QWidget, start: str) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "Open catalog",
        start,
        "Dossier catalogs (*.sqlite *.sqlite3 *.db);;All files (*)",
    )
    return path


def recent_catalogs(settings: QSettings | None) -> list[str]:
    """The remembered catalog URLs, newest first (never with a password)."""
    if settings is None:
        return []
    value = settings.value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value] if value else []
    items = list(value) if isinstance(value, (list, tuple)) else []
    urls: list[str] = []
    for item in items:
        url = remembered_url(str(item))
        if url and url not in urls:
            urls.append(url)
    return urls[:MAX_RECENT]


def remember_catalog(settings: QSettings | None, url: str) -> None:
    """Put `url` first in the recent catalogs; its password, if any, is left out."""
    if settings is None:
        return
    url = remembered_url(url)
    if not url:
        return
    urls = [url] + [old for old in recent_catalogs(settings) if old != url]
    settings.setValue(RECENT_KEY, urls[:MAX_RECENT])
    settings.sync()


class OpenCatalogDialog(QDialog):
    """Chooses a catalog; `url_chosen` asks the window to open it.

    The dialog stays open until the window says the catalog opened (`accept()`) or failed
    (`show_error`, with Retry).
    """

    url_chosen = Signal(str)

    def __init__(
        self,
        recent: list[str],
        *,
        start_folder: str = "",
        choose_path: ChooseCatalogPath = choose_catalog_file,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("openCatalogDialog")
        self.setWindowTitle("Open catalog")
        #: The file dialog; tests replace it so that none opens.
        self.choose_path = choose_path
        self._start_folder = start_folder
        self._last_url = ""

        self.file_button = QPushButton("&File…", self)
        self.file_button.setObjectName("openFileButton")
        self.file_button.setToolTip("Open a catalog file on this computer")
        self.file_button.setAccessibleName("Open a catalog file")
        self.url_field = QLineEdit(self)
        self.url_field.setObjectName("catalogUrlField")
        self.url_field.setPlaceholderText("postgresql://user@host/database")
        self.url_field.setAccessibleName("Catalog URL")
        self.open_button = QPushButton("&Open", self)
        self.open_button.setObjectName("openUrlButton")
        self.open_button.setAccessibleName("Open the shared catalog at this URL")
        self.recent_list = QListWidget(self)
        self.recent_list.setObjectName("recentCatalogs")
        self.recent_list.setAccessibleName("Recent catalogs")
        for url in recent[:MAX_RECENT]:
            item = QListWidgetItem(url, self.recent_list)
            item.setData(Qt.ItemDataRole.UserRole, url)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("openCatalogMessage")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)
        self.retry_button = QPushButton("&Retry", self)
        self.retry_button.setObjectName("retryOpenButton")
        self.retry_button.setAccessibleName("Retry opening the catalog")
        self.retry_button.setVisible(False)
        cancel = QPushButton("Cancel", self)
        cancel.setObjectName("openCatalogCancel")
        cancel.setAccessibleName("Cancel")

        url_row = QHBoxLayout()
        url_row.addWidget(self.url_field, 1)
        url_row.addWidget(self.open_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_button)
        layout.addWidget(QLabel("Shared catalog (PostgreSQL URL):", self))
        layout.addLayout(url_row)
        layout.addWidget(QLabel("Recent catalogs (double-click to open):", self))
        layout.addWidget(self.recent_list, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)

        self.file_button.clicked.connect(self._on_file_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.url_field.returnPressed.connect(self._on_open_button_clicked)
        self.recent_list.itemDoubleClicked.connect(self._on_recent_item_activated)
        self.retry_button.clicked.connect(self.retry)
        cancel.clicked.connect(self.reject)

    def recent_urls(self) -> list[str]:
        return [self.recent_list.item(row).text() for row in range(self.recent_list.count())]

    def choose(self, url: str) -> None:
        """Ask for `url` to be opened; the message of a former failure goes."""
        url = url.strip()
        if not url:
            return
        self._last_url = url
        self.message_label.setVisible(False)
        self.retry_button.setVisible(False)
        self.url_chosen.emit(url)

    def retry(self) -> None:
        if self._last_url:
            self.choose(self._last_url)

    def show_error(self, message: str) -> None:
        """Why the catalog did not open, with Retry."""
        self.message_label.setText(f"Dossier could not open that catalog: {message}")
        self.message_label.setVisible(True)
        self.retry_button.setVisible(bool(self._last_url))

    def _on_file_button_clicked(self) -> None:
        path = self.choose_path(self, self._start_folder)
        if path:
            self.choose(f"sqlite:///{Path(path).resolve()}")

    def _on_open_button_clicked(self) -> None:
        self.choose(self.url_field.text())

    def _on_recent_item_activated(self, item: QListWidgetItem) -> None:
        self.choose(str(item.data(Qt.ItemDataRole.UserRole)))
