"""Editing in the window as a person would: F2 on the current document, a new title and date,
Save; the table re-sorts and the timeline moves; Ctrl+Z restores both. A type set on the
selection, and the selection deleted with confirmation, are undone the same way."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.ui.document_model import column_of
from desktop_app.ui.edit_dialog import DocumentEditDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.window.editing import SetFieldDialog
from tests.ui.conftest import OpenWindow


def _click_row(window: MainWindow, qtbot: QtBot, row: int, extend: bool = False) -> None:
    table = window.table
    rect = table.visualRect(window.model.index(row, column_of("title")))
    modifier = Qt.KeyboardModifier.ControlModifier if extend else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _settled(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.is_idle() and window.timeline.data() is not None, timeout=10_000)


def _titles(window: MainWindow) -> list[str]:
    model = window.model
    return [str(model.index(row, column_of("title")).data()) for row in range(model.rowCount())]


def _open_editor(window: MainWindow, qtbot: QtBot, row: int) -> DocumentEditDialog:
    _click_row(window, qtbot, row)
    qtbot.waitUntil(
        lambda: (
            window.detail_pane.detail is not None
            and window.detail_pane.detail.row.id == window.model.document_id(row)
        ),
        timeout=10_000,
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.findChild(DocumentEditDialog, "editDialog") is not None)
    dialog = window.findChild(DocumentEditDialog, "editDialog")
    assert isinstance(dialog, DocumentEditDialog)
    # Offscreen, a new window is told it is the active one.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _retype(qtbot: QtBot, field: object, text: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    assert isinstance(field, QLineEdit)
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_edit_a_title_and_a_date_see_the_table_and_timeline_follow_and_undo(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    _settled(window, qtbot)
    titles_before = _titles(window)
    data = window.timeline.data()
    assert data is not None and data.extent is not None
    extent_before = data.extent
    assert extent_before[1] < date(1975, 1, 1)
    # The earliest document, given a new title and a date after every other one.
    dialog = _open_editor(window, qtbot, 0)
    assert dialog.line("title").text() == titles_before[0]
    _retype(qtbot, dialog.line("title"), "Cable on the aardvark plan")
    _retype(qtbot, dialog.line("date"), "March 1975")
    assert dialog.date_hint.text() == "Read as 1975-03 (month)"
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: _titles(window)[-1] == "Cable on the aardvark plan", timeout=10_000)
    _settled(window, qtbot)
    assert _titles(window)[:-1] == titles_before[1:]
    moved = window.timeline.data()
    assert moved is not None and moved.extent is not None
    assert moved.extent[1] == date(1975, 3, 31)
    assert window.undo_action.text().startswith("&Undo Edit of “Cable on the aardvark plan”")

    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _titles(window) == titles_before, timeout=10_000)
    _settled(window, qtbot)
    restored = window.timeline.data()
    assert restored is not None and restored.extent == extent_before


def test_an_unreadable_date_is_shown_at_the_field_and_nothing_is_saved(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    _settled(window, qtbot)
    titles_before = _titles(window)
    dialog = _open_editor(window, qtbot, 2)
    _retype(qtbot, dialog.line("date"), "Smarch 31, 1951")
    assert dialog.date_hint.text() == "⚠ 'Smarch' in 'Smarch 31, 1951' is not a month"
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert dialog.problem.text().startswith("date: ")
    assert dialog.line("date").hasFocus()
    _retype(qtbot, dialog.line("title"), "")
    _retype(qtbot, dialog.line("date"), "1951")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.problem.text() == "title: a document needs a title"
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    _settled(window, qtbot)
    assert _titles(window) == titles_before and not window.undo_action.isEnabled()


def test_people_fields_complete_each_name_from_the_catalogs_people(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    _settled(window, qtbot)
    dialog = _open_editor(window, qtbot, 0)
    field = dialog.line("recipients")
    qtbot.waitUntil(lambda: field.completer() is not None, timeout=10_000)
    completer = field.completer()
    assert completer is not None
    _retype(qtbot, field, "Mao Zedong; Stal")
    # The name being typed is completed, the names before it kept.
    offered = completer.completionModel()
    names = [offered.index(row, 0).data() for row in range(offered.rowCount())]
    assert names == ["Stalin"]
    assert completer.pathFromIndex(offered.index(0, 0)) == "Mao Zedong; Stalin"
    dialog.reject()


def test_a_type_set_on_two_rows_and_the_rows_deleted_are_undone(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    _settled(window, qtbot)
    total = window.model.rowCount()
    _click_row(window, qtbot, 0)
    _click_row(window, qtbot, 1, extend=True)
    dialog = window.editing.open_set_dialog()
    assert isinstance(dialog, SetFieldDialog)
    dialog.field_combo.setCurrentIndex(0)  # Type
    qtbot.keyClicks(dialog.value_field, "Note verbale")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    _settled(window, qtbot)
    window.apply_query('type:"Note verbale"')
    qtbot.waitUntil(lambda: window.is_idle() and window.model.rowCount() == 2, timeout=10_000)
    # Both deleted, after a confirmation.
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    box = window.editing.confirm_delete()
    assert isinstance(box, QMessageBox) and "Delete the 2 selected documents" in box.text()
    delete = box.findChild(QPushButton, "deleteButton")
    assert delete is not None
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.is_idle() and window.model.rowCount() == 0, timeout=10_000)
    window.apply_query("")
    qtbot.waitUntil(
        lambda: window.is_idle() and window.model.rowCount() == total - 2, timeout=10_000
    )
    _settled(window, qtbot)
    assert window.undo_action.text() == "&Undo Deletion of 2 documents"
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.is_idle() and window.model.rowCount() == total, timeout=10_000)
    _settled(window, qtbot)
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _settled(window, qtbot)
    assert window.catalog is not None and window.catalog.count('type:"Note verbale"') == 0


def test_two_desktops_on_postgresql_edit_one_document_and_the_second_is_refused(
    open_window: OpenWindow, pg_seed_url: str, qtbot: QtBot
) -> None:
    first, second = open_window(pg_seed_url), open_window(pg_seed_url)
    for window in (first, second):
        _settled(window, qtbot)
    # Both open the same document's editor before either saves.
    dialogs = [_open_editor(window, qtbot, 0) for window in (first, second)]
    for window, dialog, new in zip(
        (first, second), dialogs, ("Checked against the file", "My own title"), strict=True
    ):
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        _retype(qtbot, dialog.line("title"), new)
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
            Qt.MouseButton.LeftButton,
        )
        qtbot.waitUntil(window.is_idle, timeout=10_000)
    problem = second.findChild(QMessageBox, "changeProblem")
    assert isinstance(problem, QMessageBox) and problem.isVisible()
    # Named as the other desktop left it.
    assert "“Checked against the file” was changed by someone else" in problem.informativeText()
    assert "your edit was not saved" in problem.informativeText()
    # Nothing lost: the first edit stands, and the second desktop shows it.
    assert second.catalog is not None
    assert second.catalog.count('"Checked against the file"') == 1
    assert second.catalog.count('"My own title"') == 0
    qtbot.waitUntil(lambda: "Checked against the file" in _titles(second), timeout=10_000)


def test_the_detail_panes_menu_offers_to_edit_the_document(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    _settled(window, qtbot)
    _click_row(window, qtbot, 1)
    qtbot.waitUntil(lambda: window.detail_pane.detail is not None, timeout=10_000)
    menu = window.detail_pane.menu_at(QPoint(5, 5))
    edit = next(a for a in menu.actions() if a.text() == "&Edit document…")
    assert edit.shortcut().toString() == "F2"
    edit.trigger()
    dialog = window.findChild(DocumentEditDialog, "editDialog")
    assert isinstance(dialog, DocumentEditDialog)
    assert dialog.line("title").text() == window.detail_pane.detail.row.title  # type: ignore[union-attr]
    dialog.reject()


def test_undo_and_redo_asked_in_a_row_are_written_in_turn(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    _settled(window, qtbot)
    total = window.model.rowCount()
    ids = [window.model.document_id(row) for row in (0, 1)]
    window.editing.delete([i for i in ids if i is not None], 2)
    qtbot.waitUntil(
        lambda: window.is_idle() and window.model.rowCount() == total - 2, timeout=10_000
    )
    # Undo, redo, undo, without waiting for any of them: each is written after the one before.
    window.undo_action.trigger()
    window.redo_action.trigger()
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.is_idle() and window.model.rowCount() == total, timeout=10_000)
    assert window.catalog is not None and window.catalog.count() == total
    assert window.redo_action.isEnabled() and not window.undo_action.isEnabled()
