"""Shared catalogs in the window: live refresh from other desktops, the Open catalog dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.records import ImportBatch
from desktop_app.services.catalog import Catalog
from desktop_app.ui.open_catalog_dialog import RECENT_KEY
from desktop_app.ui.settings import window_settings
from tests.ui.conftest import OpenWindow, _document


def test_another_desktops_import_refreshes_the_window_and_keeps_the_selection(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    assert window.model.rowCount() == 8
    window.table.select_row(2)
    chosen = window.model.document_id(2)
    assert chosen is not None
    other = Catalog.open(archive_url)
    try:
        batch = ImportBatch("another desk", documents=(_document("A new telegram", "1953"),))
        other.import_batches([batch])
        qtbot.waitUntil(lambda: window.model.rowCount() == 9, timeout=6_000)
        qtbot.waitUntil(window.is_idle)
    finally:
        other.close()
    current = window.table.currentIndex()
    assert current.isValid()
    assert window.model.document_id(current.row()) == chosen


def test_open_dialog_remembers_catalogs_without_passwords(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str, tmp_path: Path, capsys
) -> None:
    window = open_window(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    window.open_catalog(archive_url)
    qtbot.waitUntil(window.is_idle)
    assert window.model.rowCount() == 8

    dialog = window.open_catalog_dialog()
    remembered = Path(archive_url.removeprefix("sqlite:///")).resolve()
    assert any(remembered.name in url for url in dialog.recent_urls())

    dialog.url_field.setText("postgresql://u:secret@127.0.0.1:1/x")
    dialog.open_button.click()
    qtbot.waitUntil(dialog.message_label.isVisible, timeout=10_000)
    assert "could not open" in dialog.message_label.text()
    assert "secret" not in dialog.message_label.text()
    assert dialog.retry_button.isVisible()
    assert "secret" not in window.statusBar().currentMessage()
    assert "secret" not in window.windowTitle()
    assert window.model.rowCount() == 8  # the open catalog stays

    stored = window_settings().value(RECENT_KEY)
    assert "secret" not in str(stored)
    assert "Traceback" not in capsys.readouterr().err


def test_double_clicking_a_recent_catalog_opens_it(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str, tmp_path: Path
) -> None:
    window = open_window(archive_url)
    window.open_catalog(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    qtbot.waitUntil(lambda: window.is_idle() and window.model.rowCount() == 0)
    dialog = window.open_catalog_dialog()
    qtbot.waitExposed(dialog)
    item = next(
        dialog.recent_list.item(row)
        for row in range(dialog.recent_list.count())
        if "archive" in dialog.recent_list.item(row).text()
    )
    rect = dialog.recent_list.visualItemRect(item)
    # A real double-click presses first; the view opens only the item that was pressed.
    qtbot.mousePress(dialog.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.is_idle() and window.model.rowCount() == 8)
    assert window.windowTitle() == "Dossier — archive"
    assert window.open_dialog is None


def test_the_file_button_uses_the_path_chooser(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str, tmp_path: Path
) -> None:
    window = open_window(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    window.choose_catalog_path = lambda parent, start: archive_url.removeprefix("sqlite:///")
    dialog = window.open_catalog_dialog()
    dialog.file_button.click()
    qtbot.waitUntil(lambda: window.is_idle() and window.model.rowCount() == 8)
