"""The window driven as a person drives it: clicks, keys, and what the table then shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QLineEdit, QStatusBar, QTableView, QTextBrowser, QTreeView, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.records import ImportBatch
from desktop_app.ui.document_model import column_of
from desktop_app.ui.main_window import MainWindow
from tests.ui.conftest import MALICIOUS_IMG, MALICIOUS_LINK, OpenWindow, build_catalog


def _column(window: MainWindow, key: str) -> list[str]:
    model = window.model
    column = column_of(key)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    field = window.search_field
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(window.is_idle)


def _click_row(
    qtbot: QtBot,
    window: MainWindow,
    row: int,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    table = window.table
    rect = table.visualRect(window.model.index(row, column_of("title")))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _click_header(qtbot: QtBot, window: MainWindow, key: str) -> None:
    header = window.table.horizontalHeader()
    logical = column_of(key)
    x = header.sectionViewportPosition(logical) + header.sectionSize(logical) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    qtbot.waitUntil(window.is_idle)


def test_the_window_has_its_parts_by_name(open_window: OpenWindow, archive_url: str) -> None:
    window = open_window(archive_url)
    assert window.objectName() == "mainWindow"
    assert window.windowTitle() == "Dossier — archive"
    assert isinstance(window.findChild(QLineEdit, "searchField"), QLineEdit)
    assert isinstance(window.findChild(QTableView, "documentTable"), QTableView)
    assert isinstance(window.findChild(QTreeView, "collectionTree"), QTreeView)
    assert isinstance(window.findChild(QTextBrowser, "detailPane"), QTextBrowser)
    assert isinstance(window.findChild(QStatusBar, "statusBar"), QStatusBar)
    for name in ("searchField", "documentTable", "collectionTree", "detailPane", "statusBar"):
        widget = window.findChild(QWidget, name)
        assert widget is not None and widget.accessibleName()
    assert window.model.rowCount() == 8
    assert window.counts_label.text().startswith("8 documents · 0 selected · ")
    assert window.counts_label.text().endswith(" ms")


def test_clicking_a_collection_shows_its_documents(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    tree = window.collection_tree
    alliance = tree.tree_model.index_of("Sino-Soviet Alliance")
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(alliance).center()
    )
    qtbot.waitUntil(window.is_idle)
    assert window.search_field.text() == 'collection:="Sino-Soviet Alliance"'
    assert window.model.rowCount() == 3
    assert window.counts_label.text().startswith("3 documents")

    everything = tree.tree_model.index_of(None)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(everything).center()
    )
    qtbot.waitUntil(window.is_idle)
    assert window.search_field.text() == ""
    assert window.model.rowCount() == 8


def test_clicking_a_header_sorts_in_the_catalog(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    # By date, the month of November 1951 comes before its days.
    assert _column(window, "date")[:4] == [
        "September 10, 1951",
        "November 1951",
        "November 1, 1951",
        "November 14, 1951",
    ]
    assert _column(window, "date")[-1] == "1969"
    _click_header(qtbot, window, "date")
    assert _column(window, "date")[0] == "1969"
    assert _column(window, "date")[-1] == "September 10, 1951"
    assert window.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    _click_header(qtbot, window, "title")
    titles = _column(window, "title")
    assert titles == sorted(titles, key=str.casefold)
    assert titles[0].startswith("Cable No. 25025")


def test_shift_and_ctrl_select_rows_and_ctrl_c_copies_them(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    _click_row(qtbot, window, 1)
    _click_row(qtbot, window, 3, Qt.KeyboardModifier.ShiftModifier)
    _click_row(qtbot, window, 5, Qt.KeyboardModifier.ControlModifier)
    assert window.table.selected_rows() == [1, 2, 3, 5]
    assert "4 selected" in window.counts_label.text()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == "Date\tTitle\tType\tNumber\tAuthors\tRecipients"
    assert len(lines) == 5
    assert lines[1].split("\t")[:3] == ["November 1951", "Report on the armistice talks", "Report"]
    assert lines[3].split("\t")[3:6] == ["25025", "Mao Zedong", "Stalin"]

    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.table.selected_count() == 8
    assert "8 selected" in window.counts_label.text()


def test_typing_a_query_and_enter_filters_the_table(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    _search(qtbot, window, "author:Filippov")
    assert window.model.rowCount() == 1
    assert window.counts_label.text().startswith("1 document · ")
    _search(qtbot, window, "type:cable OR type:letter")
    assert window.model.rowCount() == 3
    assert window.query == "type:cable OR type:letter"


def test_a_bad_query_says_where_and_keeps_the_rows(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    _search(qtbot, window, "type:cable")
    _search(qtbot, window, 'title:"armistice')
    message = window.query_message
    assert message.isVisible()
    assert window.toolbar.rect().contains(message.geometry())  # laid out, not squeezed out
    assert "column 7" in message.text().lower()
    assert "quote" in message.text()
    assert window.search_field.text() == 'title:"armistice'
    assert window.model.rowCount() == 2  # still the cables
    assert window.query == "type:cable"
    assert "column 7" in window.statusBar().currentMessage().lower()

    _search(qtbot, window, "nosuchfield:x")
    assert "nosuchfield" in message.text()


def test_the_detail_pane_follows_the_current_row(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    pane = window.detail_pane
    _click_row(qtbot, window, 0)
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.row.record_id == "111")
    text = pane.toPlainText()
    assert "Ciphered Telegram, Filippov [Stalin] to Mao Zedong" in text
    assert "September 10, 1951 (day)" in text
    assert "Stalin agrees to send the military advisors" in text
    assert "Archive of the President, Russian Federation" in text
    assert "https://digitalarchive.wilsoncenter.org/document/1" in text

    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "Report on the armistice talks" in pane.toPlainText())
    assert "November 1951 (month)" in pane.toPlainText()


def _click_link(qtbot: QtBot, pane: QTextBrowser, text: str) -> None:
    """Click the link whose text is `text`, where it is drawn."""
    document = pane.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().isAnchor() and fragment.text() == text:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + len(text) // 2)
                pane.ensureCursorVisible()
                point = pane.cursorRect(cursor).center()
                qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link {text!r} in the pane")


def test_a_name_in_the_detail_pane_filters_the_table(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    _click_row(qtbot, window, 3)  # the cable from Mao Zedong, sent from Beijing
    pane = window.detail_pane
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.row.record_id == "222")
    _click_link(qtbot, window.detail_pane, "Mao Zedong")
    qtbot.waitUntil(window.is_idle)
    assert window.search_field.text() == 'author:="Mao Zedong"'
    assert window.model.rowCount() == 2
    # The pane itself did not navigate anywhere.
    assert window.detail_pane.source().isEmpty()


def test_catalog_markup_is_shown_as_text_and_loads_nothing(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    _search(qtbot, window, "record:777")
    _click_row(qtbot, window, 0)
    pane = window.detail_pane
    qtbot.waitUntil(lambda: pane.detail is not None)
    text = pane.toPlainText()
    assert MALICIOUS_IMG in text
    assert MALICIOUS_LINK in text
    assert "javascript:alert(1)" in text  # the URL is shown…
    html = pane.toHtml()
    assert "<img" not in html
    assert 'href="javascript' not in html  # …but never made a link
    assert window.model.index(0, column_of("title")).data().startswith("Forged telegram <img")


def test_columns_and_sort_are_remembered(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    table = window.table
    table.set_column_visible("number", False)
    table.set_column_visible("archive", True)
    table.set_column_visible("origin", True)
    table.move_column("authors", -1)  # before the type (the hidden number is not counted)
    _click_header(qtbot, window, "title")
    _click_header(qtbot, window, "title")
    shown = table.visible_columns()
    assert shown == ["date", "title", "authors", "type", "recipients", "origin", "archive"]
    window.close()

    again = open_window(archive_url)
    assert again.table.visible_columns() == shown
    assert again.table.sort_order() == ("title", True)
    titles = _column(again, "title")
    assert titles == sorted(titles, key=str.casefold, reverse=True)


def test_an_empty_catalog_says_so(open_window: OpenWindow, tmp_path: Path) -> None:
    window = open_window(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    message = window.central_message
    assert message.isVisible()
    assert "no documents" in message.text()
    assert "Import" in message.text()
    assert window.model.rowCount() == 0
    assert window.counts_label.text().startswith("0 documents")


def test_a_corrupt_catalog_file_says_so_without_a_traceback(
    open_window: OpenWindow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"this is not a database\n" * 200)
    window = open_window(f"sqlite:///{corrupt}")
    message = window.central_message
    assert message.isVisible()
    assert "could not open" in message.text()
    assert str(corrupt) in message.text()
    assert not window.search_field.isEnabled()
    assert not window.import_action.isEnabled()
    assert window.windowTitle() == "Dossier — no catalog"
    assert "Traceback" not in capsys.readouterr().err


def test_open_catalog_reopens_the_window_on_another_file(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str, tmp_path: Path
) -> None:
    window = open_window(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    window.open_catalog(archive_url)
    qtbot.waitUntil(window.is_idle)
    assert window.windowTitle() == "Dossier — archive"
    assert window.model.rowCount() == 8


def test_help_lists_every_shortcut(open_window: OpenWindow, archive_url: str) -> None:
    window = open_window(archive_url)
    shortcuts = dict(window.shortcuts())
    assert shortcuts["Copy selected rows"] == "Ctrl+C"
    assert shortcuts["Open catalog"] == "Ctrl+O"
    assert shortcuts["Import"] == "Ctrl+I"
    assert shortcuts["Keyboard shortcuts"] == "Ctrl+/"
    assert "Select all rows" in shortcuts


def test_importing_a_listing_reports_and_refreshes(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    from tests.conftest import SEED

    window = open_window(build_catalog(tmp_path / "empty.sqlite", batch=_empty()))
    assert window.model.rowCount() == 0
    window.import_files([SEED])
    qtbot.waitUntil(window.is_idle, timeout=20_000)
    assert window.model.rowCount() == 20
    assert "20 added" in window.statusBar().currentMessage()


def _empty() -> ImportBatch:
    return ImportBatch("nothing")
