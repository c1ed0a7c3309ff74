"""The timeline docked in the window, driven as a person drives it, on the seed catalog."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.errors import DossierError
from desktop_app.domain.timeline import BinSize
from desktop_app.query.ast import Term
from desktop_app.query.parser import parse
from desktop_app.services.catalog import Catalog
from desktop_app.ui.document_model import column_of
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.timeline import TimelineWidget
from desktop_app.ui.window.layout import TIMELINE_HEIGHT
from tests.ui.conftest import OpenWindow

LEFT = Qt.MouseButton.LeftButton
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
NOVEMBER = date(1951, 11, 1)


@pytest.fixture
def window(open_window: OpenWindow, seed_url: str, qtbot: QtBot) -> MainWindow:
    opened = open_window(seed_url)
    _settle(qtbot, opened)
    return opened


def _settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the table and the timeline show the current query, bars of the view's zoom."""

    def settled() -> bool:
        data = window.timeline.data()
        return window.is_idle() and data is not None and data.bin is window.timeline.view_bin()

    qtbot.waitUntil(settled, timeout=10_000)


def _timeline(window: MainWindow) -> TimelineWidget:
    found = window.findChild(TimelineWidget, "timeline")
    assert isinstance(found, TimelineWidget)
    return found


def _at(timeline: TimelineWidget, day: date) -> QPoint:
    return QPoint(round(timeline.x_for_date(day)), round(timeline.plot_rect().center().y()))


def _click_row(qtbot: QtBot, window: MainWindow, row: int, modifier: Qt.KeyboardModifier) -> None:
    table = window.table
    rect = table.visualRect(window.model.index(row, column_of("title")))
    qtbot.mouseClick(table.viewport(), LEFT, modifier, rect.center())


def test_the_timeline_is_docked_under_the_table(qtbot: QtBot, window: MainWindow) -> None:
    timeline = _timeline(window)
    assert timeline.isVisible()
    assert timeline.height() >= 180
    table_bottom = window.table.mapTo(window, QPoint(0, window.table.height())).y()
    assert timeline.mapTo(window, QPoint(0, 0)).y() >= table_bottom
    # The table keeps a useful number of rows above it.
    assert window.table.rowAt(8 * window.table.verticalHeader().defaultSectionSize()) >= 7
    data = timeline.data()
    assert data is not None and data.bin is BinSize.MONTH
    assert sum(b.count for b in data.bins) == 20  # the result is the whole seed
    assert dict(window.shortcuts())["Timeline"] == "Ctrl+5"
    assert window.timeline_action.text() == "&Timeline"


def test_ctrl_5_hides_the_timeline_and_the_layout_remembers_it(
    qtbot: QtBot, window: MainWindow, open_window: OpenWindow, seed_url: str
) -> None:
    qtbot.keyClick(window.table, Qt.Key.Key_5, CTRL)
    assert not window.timeline_dock.isVisible()
    window.close()

    again = open_window(seed_url)
    dock = again.findChild(QDockWidget, "timelineDock")
    assert isinstance(dock, QDockWidget) and not dock.isVisible()
    again.reset_layout_action.trigger()
    assert dock.isVisible()


def test_a_shift_drag_filters_to_its_range_and_escape_drops_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    timeline = _timeline(window)
    view = timeline.visible_range()
    start, end = _at(timeline, NOVEMBER), _at(timeline, date(1952, 2, 29))
    qtbot.mousePress(timeline, LEFT, SHIFT, start)
    qtbot.mouseMove(timeline, QPoint((start.x() + end.x()) // 2, start.y()))
    qtbot.mouseMove(timeline, end)
    qtbot.mouseRelease(timeline, LEFT, SHIFT, end)
    _settle(qtbot, window)

    assert window.model.rowCount() == 9
    assert window.search_field.text() == "date:1951-11..1952-02"
    assert [chip.text for chip in window.filter_chips.chips()] == ["Date 1951-11 – 1952-02"]
    assert timeline.selected_range() == (NOVEMBER, date(1952, 2, 29))
    assert timeline.visible_range() == view  # its own brush does not move the view
    data = timeline.data()
    assert data is not None and sum(b.count for b in data.bins) == 9

    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Escape)
    _settle(qtbot, window)
    assert window.model.rowCount() == 20
    assert window.search_field.text() == ""
    assert timeline.selected_range() is None


def test_a_brushed_range_replaces_the_date_clause_and_keeps_the_rest(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.apply_query("type:=Cable year:1951")
    _settle(qtbot, window)
    assert window.model.rowCount() == 1
    timeline = _timeline(window)
    # The query's year shows as the brushed range; the result was fitted to its one cable.
    assert timeline.selected_range() == (date(1951, 1, 1), date(1951, 12, 31))
    timeline.date_range_selected.emit(parse("date:1952-03"))  # as a brush over March 1952 would
    _settle(qtbot, window)
    assert window.search_field.text() == "type:=Cable date:1952-03"
    assert window.model.rowCount() == 2


def test_clicking_a_bar_filters_to_its_period(qtbot: QtBot, window: MainWindow) -> None:
    timeline = _timeline(window)
    centre = timeline.bar_center(NOVEMBER)
    assert centre is not None
    qtbot.mouseClick(timeline, LEFT, pos=centre.toPoint())
    # The click waits out the double-click interval before it filters.
    qtbot.waitUntil(lambda: window.search_field.text() == "date:1951-11", timeout=5000)
    _settle(qtbot, window)
    assert window.model.rowCount() == 4
    assert timeline.selected_range() == (NOVEMBER, date(1951, 11, 30))
    window.go_back()
    _settle(qtbot, window)
    assert window.model.rowCount() == 20
    assert timeline.selected_range() is None


def test_the_undated_box_shows_the_undated_documents(qtbot: QtBot, window: MainWindow) -> None:
    timeline = _timeline(window)
    qtbot.mouseClick(timeline, LEFT, pos=timeline.undated_rect().center().toPoint())
    _settle(qtbot, window)
    assert window.search_field.text() == "missing:date"
    assert window.model.rowCount() == 0  # every document of the seed is dated


def test_selected_rows_are_marked_and_a_mark_shows_its_document(
    qtbot: QtBot, window: MainWindow
) -> None:
    timeline = _timeline(window)
    assert timeline.marked_dates() == []
    november_14 = window.model.row_of(_id_dated(window, "1951-11-14"))
    march_7 = window.model.row_of(_id_dated(window, "1952-03-07"))
    assert november_14 is not None and march_7 is not None
    _click_row(qtbot, window, november_14, Qt.KeyboardModifier.NoModifier)
    first = window.model.document_id(november_14)
    assert timeline.marked_dates() == [(first, date(1951, 11, 14), date(1951, 11, 14))]

    _click_row(qtbot, window, march_7, CTRL)
    second = window.model.document_id(march_7)
    assert sorted(timeline.marked_dates()) == sorted(
        [
            (first, date(1951, 11, 14), date(1951, 11, 14)),
            (second, date(1952, 3, 7), date(1952, 3, 7)),
        ]
    )
    # Clicking the November mark makes its document current and keeps both marks.
    tick = QPoint(
        round(timeline.x_for_date(date(1951, 11, 14))), round(timeline.axis_rect().top()) - 4
    )
    qtbot.mouseClick(timeline, LEFT, pos=tick)
    assert window.table.currentIndex().row() == november_14
    assert window.table.selected_count() == 2
    assert len(timeline.marked_dates()) == 2

    window.apply_query("type:=Cable")  # a new result selects nothing
    _settle(qtbot, window)
    assert timeline.marked_dates() == []


def _id_dated(window: MainWindow, day: str) -> int:
    catalog = window.catalog
    assert catalog is not None
    (found,) = [row.id for row in catalog.rows(catalog.search(f"date:{day}").ids)]
    return found


def test_the_alliance_era_label_shows_its_collection(qtbot: QtBot, window: MainWindow) -> None:
    timeline = _timeline(window)
    label = timeline.era_label_rect("Sino-Soviet Alliance")
    assert label is not None
    qtbot.mouseClick(timeline, LEFT, pos=label.center().toPoint())
    _settle(qtbot, window)
    query = 'collection:="Sino-Soviet Alliance"'
    assert window.search_field.text() == query
    catalog = window.catalog
    assert catalog is not None
    assert window.model.rowCount() == catalog.count(query)
    assert window.collection_tree.currentIndex().data() == "Sino-Soviet Alliance"


def test_the_bars_and_their_titles_follow_the_query(qtbot: QtBot, window: MainWindow) -> None:
    window.apply_query("type:=Cable")
    _settle(qtbot, window)
    timeline = _timeline(window)
    data = timeline.data()
    assert data is not None and sum(b.count for b in data.bins) == 4
    march = timeline.bar_center(date(1952, 3, 1))
    assert march is not None
    # The titles are read off the GUI thread: the first tooltip says so, and the next has them.
    assert "Reading the titles…" in timeline.tooltip_at(march)
    qtbot.waitUntil(lambda: "Reading" not in timeline.tooltip_at(march), timeout=5000)
    text = timeline.tooltip_at(march)
    # March 1952 holds three documents, two of them cables: only the cables are listed.
    assert "Cable, Zhou Enlai to Filippov [Stalin]" in text
    assert "Cable, Filippov [Stalin] to Zhou Enlai" in text
    assert "Ciphered Telegram" not in text


def test_a_failure_says_so_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise DossierError("the catalog file went away")

    catalog = window.catalog
    assert catalog is not None
    monkeypatch.setattr(catalog, "timeline", broken)
    window.refresh()
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert window.statusBar().currentMessage() == (
        "The timeline could not be drawn: the catalog file went away"
    )


def test_a_window_without_settings_shows_the_timeline_with_its_bars(
    qtbot: QtBot, seed_url: str
) -> None:
    """What `dossier screenshot` draws: the timeline, sized, with the bars of its zoom."""
    window = MainWindow(Catalog.open(seed_url), settings=None)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    _settle(qtbot, window)
    timeline = _timeline(window)
    assert timeline.isVisible()
    assert abs(timeline.height() - TIMELINE_HEIGHT) <= 20
    centre = timeline.bar_center(NOVEMBER)
    assert centre is not None
    shot = window.grab().toImage()
    bar = shot.pixelColor(timeline.mapTo(window, centre.toPoint()))
    highlight = timeline.palette().color(timeline.palette().ColorRole.Highlight)
    assert abs(bar.hue() - highlight.hue()) <= 10 and bar.saturation() > 100


def test_select_all_marks_every_document_up_to_the_cap(qtbot: QtBot, window: MainWindow) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, CTRL)
    qtbot.waitUntil(window.is_idle)
    assert len(_timeline(window).marked_dates()) == 20
    assert window.table.selected_rows(limit=5) == [0, 1, 2, 3, 4]


def test_opening_another_catalog_forgets_the_bars_until_its_own_come(
    qtbot: QtBot, window: MainWindow, archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline = _timeline(window)
    count_bars = Catalog.timeline
    released = threading.Event()

    def held_back(self: Catalog, *arguments: object, **options: object) -> object:
        released.wait(timeout=10)
        return count_bars(self, *arguments, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Catalog, "timeline", held_back)
    start, end = _at(timeline, NOVEMBER), _at(timeline, date(1952, 2, 29))
    chosen: list[Term] = []
    timeline.date_range_selected.connect(chosen.append)
    catalog = window.catalog
    assert catalog is not None
    # The other catalog's bars are held back: the seed's are gone meanwhile, and a
    # Shift+drag over where they were chooses nothing.
    window.open_catalog(archive_url)
    qtbot.waitUntil(lambda: window.catalog is not catalog, timeout=10_000)
    assert timeline.data() is None
    assert timeline.visible_range() is None
    qtbot.mousePress(timeline, LEFT, SHIFT, start)
    qtbot.mouseMove(timeline, end)
    qtbot.mouseRelease(timeline, LEFT, SHIFT, end)
    assert chosen == []
    released.set()
    _settle(qtbot, window)
    assert window.windowTitle() == "Dossier — archive"
    assert window.search_field.text() == ""
    data = timeline.data()
    assert data is not None and sum(b.count for b in data.bins) == window.model.rowCount() == 8
