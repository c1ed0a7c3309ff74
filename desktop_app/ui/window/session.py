"""The window's catalog: which one is open, opening another, and other desktops' changes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from desktop_app.services.catalog import Catalog
from desktop_app.services.changes import CatalogChange, ChangeListener
from desktop_app.ui.open_catalog_dialog import (
    OpenCatalogDialog,
    choose_catalog_file,
    recent_catalogs,
    remember_catalog,
)
from desktop_app.ui.window.messages import failure_reason, open_message_box
from desktop_app.ui.worker import TaskRunner

#: Other desktops' changes arriving within this many milliseconds cause one refresh.
LIVE_REFRESH_DELAY_MS = 500

_log = logging.getLogger(__name__)


class _ChangeBridge(QObject):
    """Carries a catalog's changes from its listener's thread to the GUI thread."""

    changed = Signal(object)

    def deliver(self, change: CatalogChange) -> None:
        # Called on the listener's thread: the emission is queued to the GUI thread.
        self.changed.emit(change)


class CatalogSession(QObject):
    """The open catalog (or none), File ▸ Open catalog…, and live refresh from other desktops.

    `catalog_changed` tells the window's parts that another catalog (or none) is in place;
    `changed_elsewhere` that another desktop changed this one, a burst of changes once.
    """

    catalog_changed = Signal(object, str)
    changed_elsewhere = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        status: QStatusBar,
        settings: QSettings | None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self._runner = runner
        self._status = status
        self._settings = settings
        self._catalog: Catalog | None = None
        #: Which catalog file File ▸ Open catalog… ▸ File… opens; replaced by tests.
        self.choose_catalog_path: Callable[[QWidget, str], str] = choose_catalog_file
        #: File ▸ Open catalog…'s dialog while it is open.
        self.open_dialog: OpenCatalogDialog | None = None
        # The catalog's listener, and a timer that gathers bursts of changes.
        self._listener: ChangeListener | None = None
        self._change_bridge = _ChangeBridge(self)
        self._change_bridge.changed.connect(self._on_catalog_changed)
        self._live_refresh_timer = QTimer(self)
        self._live_refresh_timer.setSingleShot(True)
        self._live_refresh_timer.setInterval(LIVE_REFRESH_DELAY_MS)
        self._live_refresh_timer.timeout.connect(self._on_live_refresh_timer_timeout)

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog

    def set_catalog(self, catalog: Catalog | None, open_error: str = "") -> None:
        """Put `catalog` in place (None: none, for `open_error`) and tell the window's parts."""
        self._stop_watching()
        self._catalog = catalog
        self.catalog_changed.emit(catalog, open_error)
        if catalog is not None:
            self._start_watching(catalog)
            remember_catalog(self._settings, catalog.remembered_url)

    def open_catalog(self, url: str) -> None:
        """Open another catalog in this window, off the GUI thread; errors become messages."""
        self._status.showMessage("Opening the catalog…")
        self._runner.run(
            "open", lambda: Catalog.open(url), self._on_catalog_opened, self._on_catalog_open_failed
        )

    def open_catalog_dialog(self) -> OpenCatalogDialog:
        """File ▸ Open catalog…: a file, a PostgreSQL URL or a recent catalog."""
        if self.open_dialog is not None:
            self.open_dialog.raise_()
            self.open_dialog.activateWindow()
            return self.open_dialog
        start = ""
        if self._catalog is not None and Path(self._catalog.location).exists():
            start = str(Path(self._catalog.location).parent)
        dialog = OpenCatalogDialog(
            recent_catalogs(self._settings),
            start_folder=start,
            choose_path=lambda parent, folder: self.choose_catalog_path(parent, folder),
            parent=self._window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.url_chosen.connect(self.open_catalog)
        dialog.finished.connect(self._on_open_dialog_finished)
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def close(self) -> None:
        """Stop listening and close the catalog: the window is closing."""
        self._stop_watching()
        catalog, self._catalog = self._catalog, None
        if catalog is not None:
            catalog.close()

    def _start_watching(self, catalog: Catalog) -> None:
        """Listen for other desktops' changes, off the GUI thread (a server may be slow)."""
        self._runner.run(
            "watch",
            lambda: catalog.watch_changes(self._change_bridge.deliver),
            lambda listener: self._on_watching(catalog, listener),
            self._on_watch_failed,
        )

    def _on_watching(self, catalog: Catalog, listener: ChangeListener) -> None:
        if catalog is not self._catalog:
            listener.stop(timeout=0)
            return
        self._listener = listener

    def _on_watch_failed(self, error: BaseException) -> None:
        _log.warning("live refresh is off: %s", error)
        self._status.showMessage(f"Changes from other desktops are not shown: {error}", 15_000)

    def _stop_watching(self) -> None:
        self._runner.cancel("watch")
        self._live_refresh_timer.stop()
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop(timeout=0)  # the catalog's close() waits for its thread

    def _on_catalog_changed(self, change: CatalogChange) -> None:
        if change.own or self._catalog is None:
            return  # this window's own imports and edits refresh it already
        self._live_refresh_timer.start()

    def _on_live_refresh_timer_timeout(self) -> None:
        if self._catalog is not None:
            self.changed_elsewhere.emit()

    def _on_open_dialog_finished(self, _result: int) -> None:
        self.open_dialog = None

    def _on_catalog_opened(self, catalog: Catalog) -> None:
        previous = self._catalog
        self._status.clearMessage()
        self.set_catalog(catalog)
        if previous is not None:
            previous.close()
        if self.open_dialog is not None:
            self.open_dialog.accept()

    def _on_catalog_open_failed(self, error: BaseException) -> None:
        message = failure_reason(error)
        self._status.showMessage(f"Dossier could not open that catalog: {message}", 15_000)
        if self.open_dialog is not None:
            self.open_dialog.show_error(message)
            return
        open_message_box(
            self._window,
            QMessageBox.Icon.Warning,
            "Open catalog",
            "Dossier could not open that catalog.",
            [message],
            name="openFailedMessage",
        )
