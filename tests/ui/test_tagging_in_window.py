"""Tagging selected rows in the window as a person would: select, Ctrl+T, type the tags,
Apply; filter by the tag; Ctrl+Z takes it back and Ctrl+Shift+Z puts it back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop_app.domain.edits import DocumentChange
from desktop_app.ui.document_model import column_of
from desktop_app.ui.facets import COUNT_ROLE
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.window.history import ChangeJob, ChangeProgress
from desktop_app.ui.window.tagging import TagDialog
from tests.ui.conftest import OpenWindow


def _select_first_rows(window: MainWindow, qtbot: QtBot, count: int) -> None:
    table = window.table
    rect = table.visualRect(window.model.index(0, column_of("title")))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    for row in range(1, count):
        rect = table.visualRect(window.model.index(row, column_of("title")))
        qtbot.mouseClick(
            table.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            rect.center(),
        )
    assert table.selected_count() == count


def _tag(window: MainWindow, qtbot: QtBot, text: str) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(TagDialog, "tagDialog") is not None)
    dialog = window.findChild(TagDialog, "tagDialog")
    assert dialog is not None
    qtbot.keyClicks(dialog.add_field, text)
    apply = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    # The dialog gone, the window is the active one again (offscreen, it is told so).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_tag_three_rows_filter_by_the_tag_undo_and_redo(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    _select_first_rows(window, qtbot, 3)
    _tag(window, qtbot, "chapter 3, to check")
    # The Tag facet lists the new tags, each on the three documents.
    tags = window.facet_panel.section("tag")
    if not tags.is_expanded():
        qtbot.mouseClick(tags.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    model = tags.model
    counts = {value: model.index(row).data(COUNT_ROLE) for row, value in enumerate(model.values())}
    assert counts["chapter 3"] == counts["to check"] == 3
    window.apply_query('tag:"chapter 3"')
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert window.model.rowCount() == 3
    assert window.undo_action.text().startswith("&Undo Tags +“chapter 3” +“to check” on 3 ")

    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=10_000)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert window.redo_action.isEnabled()

    qtbot.keyClick(
        window.table,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10_000)


def test_tagging_asks_for_a_selection_first(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    window.table.clearSelection()
    assert window.open_tag_dialog() is None
    assert "Select the documents to tag" in window.statusBar().currentMessage()


def test_every_row_selected_is_tagged_by_the_query_the_table_shows(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    window.apply_query("author:Stalin")
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.table.selected_count() == window.model.rowCount() == 5
    _tag(window, qtbot, "stalin's")
    window.apply_query('tag:"stalin\'s"')
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert window.model.rowCount() == 5


def test_overlapping_selections_count_each_row_once(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    window = open_window(seed_url)
    model, selection = window.model, window.table.selectionModel()
    last = model.columnCount() - 1
    for top, bottom in ((0, 2), (1, 4), (7, 7), (5, 5)):
        selection.select(
            QItemSelection(model.index(top, 0), model.index(bottom, last)),
            QItemSelectionModel.SelectionFlag.Select,
        )
    assert window.table.selected_ranges() == [(0, 5), (7, 7)]
    assert window.table.selected_count() == 7
    assert window.table.selected_rows() == [0, 1, 2, 3, 4, 5, 7]
    assert window.table.selected_rows(limit=3) == [0, 1, 2]


def test_cancel_in_the_status_bar_stops_a_change_and_nothing_is_changed(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    import threading

    from PySide6.QtWidgets import QToolButton

    window = open_window(seed_url)
    catalog = window.catalog
    assert catalog is not None
    history = window.change_history
    started = threading.Event()

    def slow_tagging(job: ChangeJob) -> DocumentChange:
        # Writes chunk by chunk until Cancel is pressed, as a tag of a million rows would.
        started.set()

        def report(done: int, total: int) -> None:
            job.progress(done, total)
            while not job.cancelled():
                threading.Event().wait(0.01)

        return catalog.retag("", add=["slow"], progress=report, cancelled=job.cancelled)

    history.make(slow_tagging, "Tagging 20 documents…", title="Tags")
    qtbot.waitUntil(started.is_set)
    progress = window.findChild(ChangeProgress, "changeProgress")
    assert progress is not None
    qtbot.waitUntil(progress.isVisible)
    cancel = progress.findChild(QToolButton, "cancelChangeButton")
    assert cancel is not None and cancel.isVisible()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert window.statusBar().currentMessage() == "Cancelled: nothing was changed."
    assert not progress.isVisible() and catalog.count("tag:slow") == 0
    assert not window.undo_action.isEnabled()


def test_a_tag_added_under_another_query_rereads_the_rows_not_the_result(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    window.apply_query("author:Stalin")
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    searches: list[object] = []
    window._search.result_shown.connect(lambda *args: searches.append(args))
    _select_first_rows(window, qtbot, 2)
    rows_before = [window.model.document_id(row) for row in range(window.model.rowCount())]
    _tag(window, qtbot, "read twice")
    # The same documents in the same order, the selection kept; no search was run again.
    assert searches == []
    assert [window.model.document_id(r) for r in range(window.model.rowCount())] == rows_before
    assert window.table.selected_count() == 2
    qtbot.waitUntil(
        lambda: (
            window.detail_pane.detail is not None and "read twice" in window.detail_pane.detail.tags
        ),
        timeout=10_000,
    )
    tags = window.facet_panel.section("tag")
    if not tags.is_expanded():
        qtbot.mouseClick(tags.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    counts = {v: tags.model.index(r).data(COUNT_ROLE) for r, v in enumerate(tags.model.values())}
    assert counts["read twice"] == 2
