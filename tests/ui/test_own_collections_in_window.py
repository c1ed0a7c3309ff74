"""Collections of one's own in the window: a new collection from the tree's menu, rows dragged
onto it, a search saved as a collection, a rename and a deletion; Ctrl+Z undoes each."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.ui.collection_tree import COLLECTION_TITLE_ROLE
from desktop_app.ui.document_model import column_of
from desktop_app.ui.item_flags import DOCUMENTS_MIME
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.name_dialog import NameDialog
from tests.ui.conftest import OpenWindow


def _counts(window: MainWindow) -> dict[str, int]:
    """Each collection the tree shows, with the count it shows."""
    model = window.collection_tree.tree_model
    found: dict[str, int] = {}
    pending = [model.index(row, 0) for row in range(model.rowCount())]
    while pending:
        index = pending.pop(0)
        title = index.data(COLLECTION_TITLE_ROLE)
        if title is not None:
            count = model.index(index.row(), 2, index.parent()).data()
            found[title] = int(str(count).replace(",", ""))
        pending += [model.index(row, 0, index) for row in range(model.rowCount(index))]
    return found


def _answer(window: MainWindow, qtbot: QtBot, name: str, text: str) -> None:
    qtbot.waitUntil(lambda: window.own_collections.dialog is not None)
    dialog = window.own_collections.dialog
    assert isinstance(dialog, NameDialog) and dialog.objectName() == name
    dialog.field.setEditText("")
    qtbot.keyClicks(dialog.field.lineEdit(), text)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(window.is_idle, timeout=10_000)


def _menu_action(window: MainWindow, title: str | None, name: str) -> None:
    menu = window.own_collections.tree_menu(title)
    action = next(a for a in menu.actions() if a.objectName() == name)
    assert action.isEnabled()
    action.trigger()


def _drop_selection_on(window: MainWindow, qtbot: QtBot, title: str) -> None:
    """Drop the table's selection on a collection, as a drag from the table would."""
    tree = window.collection_tree
    index = tree.tree_model.index_of(title)
    point = QPointF(tree.visualRect(index).center())
    data = QMimeData()
    data.setData(DOCUMENTS_MIME, b"2")
    action = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), action, data, buttons, modifiers)
    QApplication.sendEvent(tree.viewport(), enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point.toPoint(), action, data, buttons, modifiers)
    QApplication.sendEvent(tree.viewport(), move)
    assert move.isAccepted()
    drop = QDropEvent(point, action, data, buttons, modifiers)
    QApplication.sendEvent(tree.viewport(), drop)
    assert drop.isAccepted()
    qtbot.waitUntil(window.is_idle, timeout=10_000)


def _select_rows(window: MainWindow, qtbot: QtBot, rows: list[int]) -> None:
    table = window.table
    for number, row in enumerate(rows):
        rect = table.visualRect(window.model.index(row, column_of("title")))
        modifier = Qt.KeyboardModifier.ControlModifier if number else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _undo(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.is_idle, timeout=10_000)


def test_a_new_collection_gets_rows_dragged_onto_it_and_undo_takes_them_out(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    _menu_action(window, None, "newCollectionAction")
    _answer(window, qtbot, "newCollectionDialog", "Chapter 3")
    qtbot.waitUntil(lambda: _counts(window).get("Chapter 3") == 0, timeout=10_000)
    _select_rows(window, qtbot, [0, 2])
    _drop_selection_on(window, qtbot, "Chapter 3")
    qtbot.waitUntil(lambda: _counts(window).get("Chapter 3") == 2, timeout=10_000)
    assert window.undo_action.text() == "&Undo Collections +“Chapter 3” on 2 documents"
    # A click on the collection shows its two documents.
    window.apply_query('collection:"Chapter 3"')
    qtbot.waitUntil(lambda: window.is_idle() and window.model.rowCount() == 2, timeout=10_000)
    _undo(window, qtbot)
    qtbot.waitUntil(lambda: _counts(window).get("Chapter 3") == 0, timeout=10_000)
    _undo(window, qtbot)
    qtbot.waitUntil(lambda: "Chapter 3" not in _counts(window), timeout=10_000)


def test_a_search_saved_as_a_collection_renamed_and_deleted(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    window.apply_query("author:Stalin")
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    stalin = window.model.rowCount()
    window.own_collections.save_as_collection_action.trigger()
    _answer(window, qtbot, "saveAsCollectionDialog", "By Stalin")
    qtbot.waitUntil(lambda: _counts(window).get("By Stalin") == stalin, timeout=10_000)
    _menu_action(window, "By Stalin", "renameCollectionAction")
    _answer(window, qtbot, "renameCollectionDialog", "Stalin's letters")
    qtbot.waitUntil(lambda: _counts(window).get("Stalin's letters") == stalin, timeout=10_000)
    _menu_action(window, "Stalin's letters", "deleteCollectionAction")
    box = window.findChild(QMessageBox, "deleteCollectionConfirmation")
    assert isinstance(box, QMessageBox)
    delete = box.findChild(QPushButton, "deleteButton")
    assert delete is not None
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.is_idle() and "Stalin's letters" not in _counts(window), timeout=10_000
    )
    _undo(window, qtbot)
    qtbot.waitUntil(lambda: _counts(window).get("Stalin's letters") == stalin, timeout=10_000)


def test_a_drop_outside_any_collection_is_refused(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    tree = window.collection_tree
    data = QMimeData()
    data.setData(DOCUMENTS_MIME, b"1")
    all_documents = QPointF(tree.visualRect(tree.tree_model.index_of(None)).center())
    move = QDragMoveEvent(
        all_documents.toPoint(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(tree.viewport(), move)
    assert not move.isAccepted()
    assert tree.title_at(QPoint(-5, -5)) is None
