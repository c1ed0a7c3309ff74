"""The window on a small or a 2× screen: nothing pushed out of sight, icons drawn sharp."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from desktop_app.ui.icons import icon
from tests.ui.conftest import OpenWindow


def test_a_filter_rows_problem_goes_under_it_and_never_widens_the_window(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    row = window.filter_builder.add_row()
    row.set_field("date")
    narrowest = window.minimumSizeHint().width()
    row.value_edit.setText("the fifties")
    row.apply()
    qtbot.waitUntil(row.message.isVisible)
    assert "is not a date" in row.message.text()
    # A 1920×1080 screen at 200% is 960 pixels wide: the message wraps rather than widen the
    # window by its whole length (it may ask for the width of its longest word).
    grown = window.minimumSizeHint().width() - narrowest
    assert grown < row.message.fontMetrics().horizontalAdvance(row.message.text()) / 4
    editors_bottom = row.value_edit.mapTo(row, QPoint(0, row.value_edit.height())).y()
    assert row.message.geometry().top() >= editors_bottom


def test_the_chips_label_sits_level_with_the_chips(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    window.apply_query("author:stalin date:1951")
    qtbot.waitUntil(window.is_idle)
    chips = window.filter_chips
    first = chips.chips()[0]
    assert first.height() > chips.lead.height()  # the case worth checking
    assert abs(chips.lead.geometry().center().y() - first.geometry().center().y()) <= 1


def test_icons_are_drawn_at_the_screens_resolution() -> None:
    # A 20-pixel icon on a 2× screen is a 40-pixel drawing, not a 20-pixel one blown up.
    for meaning in ("search", "close_pane", "more_buttons"):
        drawn = icon(meaning).pixmap(QSize(20, 20), 2.0, QIcon.Mode.Normal)
        assert drawn.size() == QSize(40, 40), meaning
        assert drawn.devicePixelRatio() == 2.0
