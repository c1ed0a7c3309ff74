"""The status bar's part for a running import: how far the reading is, and Cancel.

It shares its look with the export's (`status_progress.StatusProgress`): the import runs on a
worker thread, which reports through `progressed` (a signal, so the update is queued to the GUI
thread) and asks `is_cancelled` between records.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop_app.ui.status_progress import CancellableProgress


def file_size(size: int) -> str:
    """A byte count as people read it: `512 bytes`, `45 KB`, `45 MB`, `1.2 GB`."""
    if size < 1000:
        return f"{size:,} bytes"
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if size < scale * 1000 or unit == "GB":
            value = size / scale
            return f"{value:,.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    raise AssertionError("unreachable")


class ImportProgress(CancellableProgress):
    """How much of the files an import has read, with Cancel; hidden while none runs."""

    #: Bytes read so far and bytes of all files (records so far and 0 when the size is
    #: unknown); emitted on the worker thread, hence queued to the GUI thread.
    progressed = Signal(int, int)
    #: The import waits for another one into the same catalog (emitted on the worker thread).
    waited = Signal()

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
        self._name = ""
        self._waiting = False
        self.progressed.connect(self._on_progressed)
        self.waited.connect(self._on_waited)

    def start(self, name: str) -> None:
        """Show an import of `name` (a file's name, or how many files) beginning."""
        self._name = name
        self.begin(f"Importing {name}…", name)  # busy until the first report

    def _on_waited(self) -> None:
        if self._running:
            self.label.setText("Waiting for another import to finish…")
            self._waiting = True

    def _on_progressed(self, done: int, total: int) -> None:
        # Progress queued before a cancel or the end may still arrive: only a running one shows.
        if not self._running:
            return
        if self._waiting:  # its turn came
            self._waiting = False
            self.label.setText(f"Importing {self._name}…")
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(min(1000, done * 1000 // total))
            self.bar.setFormat(f"{file_size(done)} of {file_size(total)}")
        else:
            self.bar.setRange(0, 0)
            self.bar.setFormat(f"{done:,} records")
