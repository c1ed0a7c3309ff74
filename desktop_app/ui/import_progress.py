"""The status bar's part for a running import: how far the reading is, and Cancel.

It shares its look with the export's (`status_progress.StatusProgress`): the import runs on a
worker thread, which reports through `progressed` (a signal, so the update is queued to the GUI
thread) and asks `is_cancelled` between records.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop_app.ui.status_progress import StatusProgress


def file_size(size: int) -> str:
    """A byte count as people read it: `512 bytes`, `45 KB`, `45 MB`, `1.2 GB`."""
    if size < 1000:
        return f"{size:,} bytes"
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if size < scale * 1000 or unit == "GB":
            value = size / scale
            return f"{value:,.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    raise AssertionError("unreachable")


class ImportProgress(StatusProgress):
    """How much of the files an import has read, with Cancel; hidden while none runs."""

    #: Bytes read so far and bytes of all files (records so far and 0 when the size is
    #: unknown); emitted on the worker thread, hence queued to the GUI thread.
    progressed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            name="importProgress",
            cancel_name="cancelImportButton",
            accessible_name="Import progress",
            bar_name="Bytes imported",
            cancel_description="Cancel the import",
            cancel_tip="Stop the import; the catalog is left unchanged",
            parent=parent,
        )
        self._stop = threading.Event()
        self._running = False
        self.progressed.connect(self._on_progressed)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)

    def is_running(self) -> bool:
        return self._running

    def start(self, name: str) -> None:
        """Show an import of `name` (a file's name, or how many files) beginning."""
        self._stop = threading.Event()
        self._running = True
        self.show_started(f"Importing {name}…", name)  # busy until the first report

    def is_cancelled(self) -> bool:
        """Whether Cancel was pressed; asked on the worker thread."""
        return self._stop.is_set()

    def cancel(self) -> None:
        """Ask the running import to stop before its next record."""
        if self._running:
            self.show_cancelling()
        self._stop.set()

    def stop(self) -> None:
        """The import ended (finished, failed or cancelled): hide."""
        self._running = False
        self.setVisible(False)

    def _on_progressed(self, done: int, total: int) -> None:
        # Progress queued before a cancel or the end may still arrive: only a running one shows.
        if not self._running:
            return
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(min(1000, done * 1000 // total))
            self.bar.setFormat(f"{file_size(done)} of {file_size(total)}")
        else:
            self.bar.setRange(0, 0)
            self.bar.setFormat(f"{done:,} records")

    def _on_cancel_button_clicked(self) -> None:
        self.cancel()
