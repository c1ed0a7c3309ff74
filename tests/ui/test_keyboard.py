"""The main tasks done with the keyboard alone: every key goes where the focus is, as typed."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.main_window import MainWindow
from tests.ui.conftest import OpenWindow

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _press(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = NO) -> None:
    """One key, typed on whatever has the focus (shortcuts included, as Qt delivers them)."""
    qtbot.keyClick(_focus(), key, modifiers)


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.is_idle, timeout=10_000)


def _tab_to(qtbot: QtBot, window: MainWindow, object_name: str, most: int = 60) -> QWidget:
    """Tab until the widget named `object_name` has the focus, as a person tabs through panes."""
    for _ in range(most):
        if _focus().objectName() == object_name:
            return _focus()
        _press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reaches {object_name}; it stops at {_focus().objectName()}")


def _pane_to(qtbot: QtBot, object_name: str) -> QWidget:
    """F6 until the pane named `object_name` has the focus; it is one of seven panes."""
    for _ in range(8):
        _press(qtbot, Qt.Key.Key_F6)
        if _focus().objectName() == object_name:
            return _focus()
    raise AssertionError(f"F6 never reaches {object_name}")


def _count(window: MainWindow, query: str) -> int:
    catalog = window.catalog
    assert catalog is not None
    return catalog.search(query).total


def test_search_facet_timeline_select_and_export_with_keys_only(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    window.table.setFocus()
    everything = window.model.rowCount()

    # Search: Ctrl+F goes to the search field, Enter searches, Escape clears.
    _press(qtbot, Qt.Key.Key_F, CTRL)
    assert _focus() is window.search_field
    qtbot.keyClicks(window.search_field, "author:Stalin")
    _press(qtbot, Qt.Key.Key_Return)
    _idle(qtbot, window)
    assert window.model.rowCount() == _count(window, "author:Stalin") == 5
    _press(qtbot, Qt.Key.Key_Escape)
    _idle(qtbot, window)
    assert window.search_field.text() == ""
    assert window.model.rowCount() == everything

    # A facet value: F6 to the facets (Type comes first), Down to the second, Enter takes it.
    types = _pane_to(qtbot, "facetList_type")
    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Down)
    value = types.currentIndex().data()  # type: ignore[attr-defined]
    _press(qtbot, Qt.Key.Key_Return)
    _idle(qtbot, window)
    assert window.search_field.text() == f"type:={value}"
    assert window.model.rowCount() == _count(window, f"type:={value}") > 0
    _press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # Back
    _idle(qtbot, window)
    assert window.search_field.text() == ""

    # A period on the timeline: F6 to it, the arrows choose a bar, Enter filters to it.
    _pane_to(qtbot, "timeline")
    _press(qtbot, Qt.Key.Key_Right)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "date:" in window.search_field.text(), timeout=10_000)
    _idle(qtbot, window)
    period = window.search_field.text()
    assert 0 < window.model.rowCount() == _count(window, period) < everything
    _press(qtbot, Qt.Key.Key_Escape)  # the timeline's range out of the search
    _idle(qtbot, window)
    assert window.model.rowCount() == everything

    # Select rows in the table: Tab to it, Down and Shift+Down, then Ctrl+A for all.
    _tab_to(qtbot, window, "documentTable")
    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Down, SHIFT)
    _press(qtbot, Qt.Key.Key_Down, SHIFT)
    assert len(window.table.selected_rows()) == 3
    selected_ids = [window.model.ids[row] for row in window.table.selected_rows()]

    # Export the selection: Ctrl+E opens the dialog on it, Enter writes the file.
    target = tmp_path / "chosen.csv"
    window.choose_export_path = lambda parent, proposal, file_format: str(target)
    _press(qtbot, Qt.Key.Key_E, CTRL)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.isActiveWindow() or _focus().window() is dialog)
    assert dialog.selected_button.isChecked()
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(target.exists, timeout=10_000)
    _idle(qtbot, window)
    with target.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    catalog = window.catalog
    assert catalog is not None
    titles = {row.title for row in catalog.rows(selected_ids)}
    header = rows[0]
    assert {row[header.index("Title")] for row in rows[1:]} == titles


def test_f6_goes_from_pane_to_pane_and_shift_f6_back(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    window.search_field.setFocus()
    panes = [
        "savedSearchList",
        "collectionTree",
        "facetList_type",
        "documentTable",
        "timeline",
        "detailPane",
        "searchField",
    ]
    reached = []
    for _ in panes:
        _press(qtbot, Qt.Key.Key_F6)
        reached.append(_focus().objectName())
    assert reached == panes
    backwards = []
    for _ in panes:
        _press(qtbot, Qt.Key.Key_F6, SHIFT)
        backwards.append(_focus().objectName())
    assert backwards == [*reversed(panes[:-1]), "searchField"]
    # A hidden pane is passed over: with the timeline closed, the table leads to the details.
    _press(qtbot, Qt.Key.Key_5, CTRL)
    assert not window.timeline.isVisible()
    window.table.setFocus()
    _press(qtbot, Qt.Key.Key_F6)
    assert _focus() is window.detail_pane
    # Help lists both keys.
    listed = dict(window.shortcuts())
    assert listed["Next pane"] == "F6"
    assert listed["Previous pane"] == "Shift+F6"
