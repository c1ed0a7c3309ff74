"""Copying citations from the window as a historian does: select rows, Ctrl+Shift+C, paste;
choose another style under Edit ▸ Citation style; the cell and detail menus offer it too."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop_app.ui.document_model import column_of
from desktop_app.ui.main_window import MainWindow
from tests.ui.conftest import OpenWindow


def _select(window: MainWindow, qtbot: QtBot, rows: list[int]) -> None:
    table = window.table
    for number, row in enumerate(rows):
        rect = table.visualRect(window.model.index(row, column_of("title")))
        modifier = Qt.KeyboardModifier.ControlModifier if number else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _copied(window: MainWindow, qtbot: QtBot) -> tuple[str, str]:
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    window.table.setFocus()
    qtbot.keyClick(
        window.table,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: bool(clipboard.text()), timeout=10_000)
    data = clipboard.mimeData()
    return data.text(), data.html()


def test_selected_rows_are_cited_on_the_clipboard_in_the_chosen_style(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    _select(window, qtbot, [0, 2])
    titles = [window.model.index(row, column_of("title")).data() for row in (0, 2)]
    plain, rich = _copied(window, qtbot)
    notes = plain.split("\n\n")
    assert all(note.startswith(f"“{title},”") for note, title in zip(notes, titles, strict=True))
    assert rich.count("<p>") == 2 and "Sino-Soviet Relations" in rich
    assert window.statusBar().currentMessage() == (
        "Copied 2 citations in the Chicago (notes and bibliography) style"
    )
    # Another style, chosen from the Edit menu, is used from then on.
    mla = next(a for a in window.citing.style_menu.actions() if a.text() == "MLA")
    mla.trigger()
    plain, _ = _copied(window, qtbot)
    assert "10 Sept. 1951" in plain and "September 10, 1951" not in plain
    assert window.citing.style == "mla"


def test_the_menus_offer_copy_citation_and_the_shortcut_is_listed(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    _select(window, qtbot, [1])
    qtbot.waitUntil(lambda: window.detail_pane.detail is not None, timeout=10_000)
    cell_menu = window.table.context_menu(window.model.index(1, column_of("title")))
    assert window.copy_citation_action in cell_menu.actions()
    detail_menu = window.detail_pane.menu_at(QPoint(5, 5))
    assert window.copy_citation_action in detail_menu.actions()
    assert dict(window.shortcuts())["Copy citation"] == "Ctrl+Shift+C"
    # With nothing selected, the document being read is cited.
    window.table.clearSelection()
    window.copy_citation_action.trigger()
    clipboard = QGuiApplication.clipboard()
    title = window.detail_pane.detail.row.title  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: clipboard.text().startswith(f"“{title}"), timeout=10_000)
