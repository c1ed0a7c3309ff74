"""Running an export job off the GUI thread, and its progress and Cancel in the status bar."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.domain.errors import DossierError, ExportCancelled
from desktop_app.services.catalog import Catalog
from desktop_app.services.exporting import ExportResult
from desktop_app.ui.export_dialog.request import ExportRequest
from desktop_app.ui.status_progress import StatusProgress
from desktop_app.ui.worker import TaskRunner


class Exporter(QObject):
    """Runs one export at a time on a worker thread; its signals arrive on the GUI thread."""

    #: An export began (an ExportRequest).
    export_started = Signal(object)
    #: Rows written so far and rows in all; emitted on the worker thread, hence queued.
    progressed = Signal(int, int)
    #: The file is complete (an ExportResult).
    export_finished = Signal(object)
    #: The export failed; the message names the file and the reason. Nothing was written.
    export_failed = Signal(str)
    #: The export stopped at the person's request; nothing was written (the target path).
    export_cancelled = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A thread of its own: a long export never holds back the window's searches.
        self._runner = TaskRunner(self, max_threads=1)
        self._stop = threading.Event()
        self._request: ExportRequest | None = None

    @property
    def request(self) -> ExportRequest | None:
        """The export running now, if any."""
        return self._request

    def is_running(self) -> bool:
        return self._request is not None

    def is_idle(self) -> bool:
        return self._request is None and self._runner.is_idle()

    def start(self, catalog: Catalog, request: ExportRequest) -> bool:
        """Start exporting; False (and nothing started) while another export runs."""
        if self._request is not None:
            return False
        self._request = request
        self._stop = threading.Event()
        stop = self._stop

        def export() -> ExportResult:
            return catalog.export(
                request.path,
                ids=request.ids,
                query=request.query,
                sort=request.sort,
                descending=request.descending,
                columns=request.columns,
                file_format=request.file_format,
                bom=request.bom,
                formula_protection=request.formula_protection,
                provenance=request.provenance,
                progress=self.progressed.emit,
                cancelled=stop.is_set,
            )

        self.export_started.emit(request)
        self._runner.run("export", export, self._on_runner_finished, self._on_runner_failed)
        return True

    def cancel(self) -> None:
        """Stop the running export before its next page; its file is not written."""
        self._stop.set()

    def shutdown(self) -> None:
        """Cancel and wait for the worker (before the catalog closes)."""
        self.cancel()
        self._runner.shutdown()
        self._request = None

    def _on_runner_finished(self, result: ExportResult) -> None:
        self._request = None
        self.export_finished.emit(result)

    def _on_runner_failed(self, error: BaseException) -> None:
        request, self._request = self._request, None
        path = str(request.path) if request is not None else ""
        if isinstance(error, ExportCancelled):
            self.export_cancelled.emit(path)
        elif isinstance(error, DossierError):
            self.export_failed.emit(str(error))
        else:
            self.export_failed.emit(f"{path}: cannot be written: {error}; nothing was written")


class ExportProgress(StatusProgress):
    """The status bar's part for a running export: how far it is, and Cancel."""

    def __init__(self, exporter: Exporter, parent: QWidget | None = None) -> None:
        super().__init__(
            name="exportProgress",
            cancel_name="cancelExportButton",
            accessible_name="Export progress",
            bar_name="Documents exported",
            cancel_description="Cancel the export",
            cancel_tip="Stop the export; no file is written",
            parent=parent,
        )
        self._exporter = exporter
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._exporter.export_started.connect(self._on_exporter_started)
        self._exporter.progressed.connect(self._on_exporter_progressed)
        self._exporter.export_finished.connect(self._on_exporter_stopped)
        self._exporter.export_failed.connect(self._on_exporter_stopped)
        self._exporter.export_cancelled.connect(self._on_exporter_stopped)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)

    def _on_exporter_started(self, request: ExportRequest) -> None:
        self.show_started(f"Exporting to {request.path.name}…", str(request.path))
        self._show_progress(0, request.expected)

    def _on_exporter_progressed(self, written: int, total: int) -> None:
        # Progress queued before a cancel or the end may still arrive: only a running one shows.
        if not self._exporter.is_running():
            return
        self._show_progress(written, total)

    def _show_progress(self, written: int, total: int) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(written)
        # Qt's own %v and %m have no thousands separators.
        self.bar.setFormat(f"{written:,} of {total:,}")

    def _on_exporter_stopped(self, *_: object) -> None:
        self.setVisible(False)

    def _on_cancel_button_clicked(self) -> None:
        self.show_cancelling()
        self._exporter.cancel()
