"""The status bar's lasting widgets: a job's progress, the catalog's read-only reason, counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from desktop_app.services.catalog import Catalog
from desktop_app.ui.import_progress import ImportProgress


class StatusLine:
    """What the right of the status bar shows: import and export progress while they run,
    why the catalog is read-only when it is, and the result's counts; the left is for news."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        self.bar = status = window.statusBar()
        status.setObjectName("statusBar")
        status.setAccessibleName("Status")
        self.read_only_label = QLabel(window)
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only_label.setVisible(False)
        self.counts_label = QLabel(window)
        self.counts_label.setObjectName("countsLabel")
        self.counts_label.setAccessibleDescription("Document counts")
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)
        status.addPermanentWidget(self.read_only_label)
        status.addPermanentWidget(self.counts_label)
        self.import_progress = ImportProgress(window)

    def add_job_progress(self, export_progress: QWidget) -> None:
        """The import's progress, then the export's, left of the counts (both may run at once)."""
        self.bar.insertPermanentWidget(0, export_progress)
        self.bar.insertPermanentWidget(0, self.import_progress)

    def add_change_progress(self, change_progress: QWidget) -> None:
        """A change of many documents' progress, first of the jobs (left of the import's)."""
        self.bar.insertPermanentWidget(0, change_progress)

    def show_catalog(self, catalog: Catalog | None) -> None:
        """Name the catalog in the window's title, and say why it is read-only, if it is."""
        name = catalog.name if catalog is not None else "no catalog"
        self._window.setWindowTitle(f"Dossier — {name}")
        read_only = catalog is not None and catalog.read_only
        self.read_only_label.setVisible(read_only)
        if catalog is not None and read_only:
            reason = catalog.read_only_reason or "it cannot be written"
            self.read_only_label.setText(f"Read-only: {reason}")
            self.read_only_label.setToolTip("Importing is off because the catalog is read-only")
