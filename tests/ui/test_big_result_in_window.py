"""A result larger than a page shows its first rows at once and every row soon after."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop_app.services.catalog import Catalog
from desktop_app.ui.document_model import PAGE_SIZE, column_of
from tests.ui.conftest import OpenWindow

DOCUMENTS = 3 * PAGE_SIZE + 17


@pytest.fixture
def generated_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'generated.sqlite'}"
    catalog = Catalog.open(url)
    catalog.generate(DOCUMENTS, seed=4)
    catalog.close()
    return url


def test_the_last_row_of_a_big_result_is_a_real_document(
    qtbot: QtBot, open_window: OpenWindow, generated_url: str
) -> None:
    window = open_window(generated_url)
    assert window.model.rowCount() == DOCUMENTS
    qtbot.waitUntil(lambda: window.model.is_complete, timeout=10_000)
    qtbot.keyClick(window.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = window.model.index(DOCUMENTS - 1, column_of("title"))
    # Painted blank for a moment, then with the document's title: the page is read off the
    # GUI thread.
    qtbot.waitUntil(lambda: bool(last.data()), timeout=5000)
    catalog = window.catalog
    assert catalog is not None
    assert window.model.document_id(DOCUMENTS - 1) == catalog.search().ids[-1]


def test_a_new_sort_keeps_every_row_once_the_columns_are_read(
    qtbot: QtBot, open_window: OpenWindow, generated_url: str
) -> None:
    """With the columns read, a sorted result comes whole at once, in the catalog's order."""
    window = open_window(generated_url)
    catalog = window.catalog
    assert catalog is not None
    assert catalog.wait_for_columns(30)
    window.table.sortByColumn(column_of("title"), Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    expected = list(catalog.search(sort="title", descending=True).ids)
    shown = [window.model.document_id(row) for row in range(window.model.rowCount())]
    assert shown == expected


def test_copying_every_row_reads_them_off_the_gui_thread(
    qtbot: QtBot, open_window: OpenWindow, generated_url: str
) -> None:
    """Ctrl+A, Ctrl+C: rows no page holds are read in the background, then all are copied."""
    window = open_window(generated_url)
    qtbot.waitUntil(lambda: window.model.is_complete, timeout=10_000)
    QGuiApplication.clipboard().clear()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.table.copy_finished, timeout=10_000) as finished:
        qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        # Most rows were never shown: the copy is under way, the window still answers.
        assert window.table.is_copying()
        assert f"Copying {DOCUMENTS} rows" in window.statusBar().currentMessage()
    assert finished.args == [DOCUMENTS]
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].startswith("Date\tTitle\tType")
    assert len(lines) == DOCUMENTS + 1
    catalog = window.catalog
    assert catalog is not None
    last = catalog.rows([catalog.search().ids[-1]])[0]
    assert lines[-1].split("\t")[1] == last.title
    assert f"Copied {DOCUMENTS} rows to the clipboard" in window.statusBar().currentMessage()
