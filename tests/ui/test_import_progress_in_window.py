"""An import in the window shows its progress in the status bar, and Cancel changes nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.domain.records import ImportBatch
from desktop_app.domain.views import ImportReport
from desktop_app.storage.writer import BatchWriter
from tests.test_import_progress import generated_csv
from tests.ui.conftest import OpenWindow, build_catalog


def test_cancelling_an_import_leaves_the_catalog_unchanged(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = generated_csv(tmp_path, rows=2000)
    window = open_window(build_catalog(tmp_path / "target.sqlite"))
    before = window.model.rowCount()
    progress = window.import_progress
    write = BatchWriter.write

    def slow_write(self: BatchWriter, batch: ImportBatch) -> ImportReport:
        # Hold the first chunk's write until Cancel is pressed, so the test never races it.
        deadline = time.monotonic() + 10
        while not progress.is_cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return write(self, batch)

    monkeypatch.setattr(BatchWriter, "write", slow_write)
    updates: list[tuple[int, int]] = []

    def on_progressed(done: int, total: int) -> None:
        updates.append((done, total))
        if len(updates) == 1:
            assert progress.isVisible()
            assert progress.label.text() == f"Importing {source.name}…"
            assert " of " in progress.bar.format()
            progress.cancel_button.click()

    progress.progressed.connect(on_progressed)
    window.import_files([source], file_format="csv")
    qtbot.waitUntil(lambda: bool(updates), timeout=20_000)
    qtbot.waitUntil(window.is_idle, timeout=20_000)
    qtbot.waitUntil(lambda: not progress.is_running(), timeout=20_000)

    assert window.statusBar().currentMessage() == "Import cancelled; the catalog is unchanged"
    assert not progress.isVisible()
    assert window.import_action.isEnabled()
    assert window.catalog is not None and window.catalog.count() == before
    assert window.findChild(QMessageBox, "importFailedMessage") is None


def test_an_import_waiting_its_turn_says_so_until_it_starts(qtbot: QtBot) -> None:
    from desktop_app.ui.import_progress import ImportProgress

    progress = ImportProgress()
    qtbot.addWidget(progress)
    progress.start("records.csv")
    progress.waited.emit()
    assert progress.label.text() == "Waiting for another import to finish…"
    progress.progressed.emit(10, 100)
    assert progress.label.text() == "Importing records.csv…"
