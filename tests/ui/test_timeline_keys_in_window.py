"""The timeline's keyboard path in the window: a period and a range chosen with keys alone."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.ui.main_window import MainWindow
from tests.ui.conftest import OpenWindow

SHIFT = Qt.KeyboardModifier.ShiftModifier
RIGHT = Qt.Key.Key_Right


def _settle(qtbot: QtBot, window: MainWindow) -> None:
    def settled() -> bool:
        data = window.timeline.data()
        return window.is_idle() and data is not None and data.bin is window.timeline.view_bin()

    qtbot.waitUntil(settled, timeout=10_000)


def test_keys_alone_filter_to_a_month_then_to_a_range(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    _settle(qtbot, window)
    timeline = window.timeline
    timeline.setFocus()
    qtbot.waitUntil(timeline.hasFocus)
    assert timeline.current_bar() == (date(1951, 9, 1), date(1951, 9, 30))

    for _ in range(2):
        qtbot.keyClick(timeline, RIGHT)
    qtbot.keyClick(timeline, Qt.Key.Key_Return)
    _settle(qtbot, window)
    assert window.search_field.text() == "date:1951-11"
    assert window.model.rowCount() == 4
    # The filtered result keeps the view, and the keys go on from the month chosen.
    assert timeline.current_bar() == (date(1951, 11, 1), date(1951, 11, 30))

    for _ in range(3):
        qtbot.keyClick(timeline, RIGHT, SHIFT)
    qtbot.keyClick(timeline, Qt.Key.Key_Return)
    _settle(qtbot, window)
    assert window.search_field.text() == "date:1951-11..1952-02"
    assert window.model.rowCount() == 9

    qtbot.keyClick(timeline, Qt.Key.Key_Escape)
    _settle(qtbot, window)
    assert window.search_field.text() == ""
    assert window.model.rowCount() == 20
