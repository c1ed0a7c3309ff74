"""The timeline driven as a person drives it: drags, clicks, the wheel and keys on the seed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from desktop_app.domain.timeline import BinSize, TimelineBin, TimelineData, distribute
from desktop_app.query.ast import Node
from desktop_app.query.parser import parse
from desktop_app.query.search_query import SearchQuery
from desktop_app.services.catalog import Catalog
from desktop_app.ui.timeline import TimelineWidget

LEFT = Qt.MouseButton.LeftButton
SHIFT = Qt.KeyboardModifier.ShiftModifier
RIGHT, LEFT_KEY = Qt.Key.Key_Right, Qt.Key.Key_Left
NOVEMBER = date(1951, 11, 1)


@pytest.fixture
def timeline(qtbot: QtBot, seed_catalog: Catalog) -> Iterator[TimelineWidget]:
    """The widget alone at the window's width, served synchronously as the worker would."""
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.range_needed.connect(
        lambda size, first, last: widget.set_data(
            seed_catalog.timeline(None, size, first or None, last or None)
        )
    )
    widget.set_titles_provider(
        lambda period: [
            row.title
            for row in seed_catalog.rows(seed_catalog.search(SearchQuery.of(period), limit=6).ids)
        ]
    )
    yield _shown(qtbot, widget)


def _shown(qtbot: QtBot, widget: TimelineWidget) -> TimelineWidget:
    """The widget on screen at its usual size, fitted to its first bars."""
    widget.resize(1400, 260)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh(fit=True)
    _settle(qtbot, widget)
    return widget


def _settle(qtbot: QtBot, widget: TimelineWidget) -> None:
    """Wait until the bars drawn are those the view asks for."""

    def settled() -> bool:
        data = widget.data()
        return data is not None and data.bin is widget.view_bin() and widget._covered()

    qtbot.waitUntil(settled, timeout=3000)
    qtbot.wait(60)  # a request timer that was running has fired


def _point(widget: TimelineWidget, day: date) -> QPoint:
    return QPoint(round(widget.x_for_date(day)), round(widget.plot_rect().center().y()))


def _wheel(widget: TimelineWidget, at: QPoint, notches: int) -> None:
    event = QWheelEvent(
        QPointF(at),
        QPointF(widget.mapToGlobal(at)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    widget.wheelEvent(event)


def test_the_widget_is_named_and_fits_the_seed_by_months(timeline: TimelineWidget) -> None:
    assert timeline.objectName() == "timeline"
    assert timeline.accessibleName() == "Timeline"
    data = timeline.data()
    assert data is not None and data.bin is BinSize.MONTH
    first, last = timeline.visible_range() or (None, None)
    assert first is not None and last is not None
    assert date(1951, 8, 20) <= first <= date(1951, 9, 1)
    assert date(1952, 8, 31) <= last <= date(1952, 9, 12)


def test_shift_drag_over_four_months_filters_to_nine_documents(
    qtbot: QtBot, timeline: TimelineWidget, seed_catalog: Catalog
) -> None:
    start, end = _point(timeline, NOVEMBER), _point(timeline, date(1952, 2, 29))
    with qtbot.waitSignal(timeline.date_range_selected) as emitted:
        qtbot.mousePress(timeline, LEFT, SHIFT, start)
        qtbot.mouseMove(timeline, QPoint((start.x() + end.x()) // 2, start.y()))
        qtbot.mouseMove(timeline, end)
        qtbot.mouseRelease(timeline, LEFT, SHIFT, end)
    term = emitted.args[0]
    assert term == parse("date:1951-11..1952-02")
    assert seed_catalog.count(SearchQuery.of(term)) == 9
    assert timeline.selected_range() == (NOVEMBER, date(1952, 2, 29))


def test_a_drag_on_the_axis_selects_without_shift(qtbot: QtBot, timeline: TimelineWidget) -> None:
    y = round(timeline.axis_rect().center().y())
    start = QPoint(round(timeline.x_for_date(date(1952, 7, 10))), y)
    end = QPoint(round(timeline.x_for_date(date(1952, 3, 3))), y)
    with qtbot.waitSignal(timeline.date_range_selected) as emitted:
        qtbot.mousePress(timeline, LEFT, pos=start)
        qtbot.mouseMove(timeline, end)
        qtbot.mouseRelease(timeline, LEFT, pos=end)
    assert emitted.args == [parse("date:1952-03..1952-07")]


def test_a_plain_drag_pans_and_selects_nothing(qtbot: QtBot, timeline: TimelineWidget) -> None:
    before = timeline.visible_range()
    start = _point(timeline, NOVEMBER)
    end = start + QPoint(300, 0)
    with qtbot.assertNotEmitted(timeline.date_range_selected, wait=100):
        qtbot.mousePress(timeline, LEFT, pos=start)
        qtbot.mouseMove(timeline, end)
        qtbot.mouseRelease(timeline, LEFT, pos=end)
    after = timeline.visible_range()
    assert before is not None and after is not None
    assert after[0] < before[0] and after[1] < before[1]
    # The day under the pointer moved with it.
    assert abs((timeline.date_at(end.x()) - NOVEMBER).days) <= 1


def test_a_click_on_a_bar_filters_to_its_period(
    qtbot: QtBot, timeline: TimelineWidget, seed_catalog: Catalog
) -> None:
    centre = timeline.bar_center(NOVEMBER)
    assert centre is not None
    with qtbot.waitSignal(timeline.date_range_selected) as emitted:
        qtbot.mouseClick(timeline, LEFT, pos=centre.toPoint())
    assert emitted.args == [parse("date:1951-11")]
    assert seed_catalog.count("date:1951-11") == 4


def test_a_click_on_an_empty_month_does_nothing(qtbot: QtBot, timeline: TimelineWidget) -> None:
    with qtbot.assertNotEmitted(timeline.date_range_selected, wait=600):
        qtbot.mouseClick(timeline, LEFT, pos=_point(timeline, date(1951, 12, 15)))


def test_the_wheel_zooms_around_the_pointer(qtbot: QtBot, timeline: TimelineWidget) -> None:
    before = timeline.visible_range()
    assert before is not None
    at = _point(timeline, date(1952, 2, 10))
    _wheel(timeline, at, 3)
    after = timeline.visible_range()
    assert after is not None
    assert (after[1] - after[0]) < (before[1] - before[0]) * 0.6
    assert abs((timeline.date_at(at.x()) - date(1952, 2, 10)).days) <= 1
    _wheel(timeline, at, -6)
    wider = timeline.visible_range()
    assert wider is not None and (wider[1] - wider[0]) > (before[1] - before[0])


def test_zooming_in_asks_for_days_and_keeps_the_months_until_they_come(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    timeline.range_needed.disconnect()
    at = _point(timeline, NOVEMBER)
    with qtbot.waitSignal(timeline.range_needed) as asked:
        _wheel(timeline, at, 10)
    size, first, last = asked.args
    assert size == "day"
    assert first <= "1951-11-01" <= last
    data = timeline.data()
    assert data is not None and data.bin is BinSize.MONTH  # still drawn, now wide
    timeline.grab()  # painting with bars of another size is fine and asks for nothing


def test_double_click_fits_the_result(qtbot: QtBot, timeline: TimelineWidget) -> None:
    fitted = timeline.visible_range()
    _wheel(timeline, _point(timeline, NOVEMBER), 8)
    assert timeline.visible_range() != fitted
    with qtbot.assertNotEmitted(timeline.date_range_selected, wait=600):
        qtbot.mouseDClick(timeline, LEFT, pos=_point(timeline, NOVEMBER))
    assert timeline.visible_range() == fitted


def test_keys_zoom_pan_and_escape_clears_the_range(qtbot: QtBot, timeline: TimelineWidget) -> None:
    _focus(qtbot, timeline)
    span = _span(timeline)
    qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    assert _span(timeline) < span
    qtbot.keyClick(timeline, Qt.Key.Key_Minus)
    qtbot.keyClick(timeline, Qt.Key.Key_Minus)
    assert _span(timeline) > span
    # Right moves the current bar; walked past the view's right edge, it pans the view.
    before = timeline.visible_range()
    for _ in range(30):
        qtbot.keyClick(timeline, Qt.Key.Key_Right)
        if timeline.visible_range() != before:
            break
    after = timeline.visible_range()
    current = timeline.current_bar()
    assert before is not None and after is not None and current is not None
    assert after[0] > before[0] and current[1] <= after[1]

    timeline.set_selected_range(NOVEMBER, date(1952, 2, 29))
    with qtbot.waitSignal(timeline.selection_cleared):
        qtbot.keyClick(timeline, Qt.Key.Key_Escape)
    assert timeline.selected_range() is None


def _focus(qtbot: QtBot, widget: TimelineWidget) -> None:
    widget.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


def _span(widget: TimelineWidget) -> int:
    visible = widget.visible_range()
    assert visible is not None
    return (visible[1] - visible[0]).days


def test_the_undated_box_filters_to_undated_documents(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    with qtbot.waitSignal(timeline.undated_chosen) as emitted:
        qtbot.mouseClick(timeline, LEFT, pos=timeline.undated_rect().center().toPoint())
    assert emitted.args == [parse("missing:date")]


def test_an_era_label_chooses_its_collection(qtbot: QtBot, timeline: TimelineWidget) -> None:
    label = timeline.era_label_rect("Sino-Soviet Alliance")
    assert label is not None  # the seed's months lie inside it, so its band is behind them
    assert label.width() > timeline.plot_rect().width() * 0.9
    for _ in range(20):  # out to the whole of the five eras
        qtbot.keyClick(timeline, Qt.Key.Key_Minus)
    split = timeline.era_label_rect("Sino-Soviet Split")
    assert split is not None
    assert timeline.era_label_rect("Sino-Soviet Border Conflict") is not None
    with qtbot.waitSignal(timeline.collection_chosen) as emitted:
        qtbot.mouseClick(timeline, LEFT, pos=split.center().toPoint())
    assert emitted.args == ["Sino-Soviet Split"]


def test_a_marked_document_is_ticked_and_clicking_the_tick_opens_it(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    timeline.set_marked_dates([(4, "1951-11-01", "1951-11-01"), (99, None, None)])
    tick = QPoint(round(timeline.x_for_date(NOVEMBER)), round(timeline.axis_rect().top()) - 4)
    with qtbot.waitSignal(timeline.document_clicked) as emitted:
        qtbot.mouseClick(timeline, LEFT, pos=tick)
    assert emitted.args == [4]


def test_the_tooltip_names_the_period_its_count_and_the_titles(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    centre = timeline.bar_center(NOVEMBER)
    assert centre is not None
    text = timeline.tooltip_at(centre)
    assert text.startswith("November 1951: 4 documents")
    assert text.count("• ") == 4
    assert "• Ciphered Telegram, Special No. 1821 from Beijing" in text

    timeline.set_titles_provider(lambda period: ["<img src=x onerror=alert(1)>"])
    timeline.set_data(timeline.data())  # type: ignore[arg-type]
    event = QHelpEvent(
        QEvent.Type.ToolTip, centre.toPoint(), timeline.mapToGlobal(centre.toPoint())
    )
    timeline.event(event)
    shown = QToolTip.text()
    assert "&lt;img src=x" in shown and "<img" not in shown

    assert timeline.tooltip_at(timeline.undated_rect().center()).startswith("Undated: 0 documents")


def test_titles_read_later_replace_the_shown_tooltip(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    """A provider that reads in the background: the tooltip says so, then shows the titles."""
    asked: list[Node] = []
    timeline.set_titles_provider(lambda period: asked.append(period))  # type: ignore[func-returns-value]
    timeline.set_data(timeline.data())  # type: ignore[arg-type]
    centre = timeline.bar_center(NOVEMBER)
    assert centre is not None
    event = QHelpEvent(
        QEvent.Type.ToolTip, centre.toPoint(), timeline.mapToGlobal(centre.toPoint())
    )
    timeline.event(event)
    assert "Reading the titles…" in QToolTip.text()
    assert len(asked) == 1
    timeline.show_titles(asked[0], ["A telegram read later"])
    assert "• A telegram read later" in QToolTip.text()
    assert "Reading" not in QToolTip.text()
    # Titles for bars of older data are not shown.
    timeline.set_data(timeline.data())  # type: ignore[arg-type]
    timeline.show_titles(asked[0], ["Stale"])
    assert "Stale" not in timeline.tooltip_at(centre)


def test_bars_take_the_palette_colour(qtbot: QtBot, timeline: TimelineWidget) -> None:
    palette = timeline.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#cc0000"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    timeline.setPalette(palette)
    centre = timeline.bar_center(NOVEMBER)
    assert centre is not None
    image = timeline.render_to_image(QSize(1400, 260))
    bar = image.pixelColor(centre.toPoint())
    assert bar.red() > 180 and bar.green() < 60 and bar.blue() < 60
    assert image.pixelColor(5, 5).lightness() < 40  # dark base


def test_a_thousand_bins_paint_quickly(qtbot: QtBot, timeline: TimelineWidget) -> None:
    bins = tuple(
        TimelineBin(date.fromordinal(day), date.fromordinal(day), day % 17, (day % 5) / 4, 1)
        for day in range(date(1950, 1, 1).toordinal(), date(1950, 1, 1).toordinal() + 1000)
    )
    first, last = bins[0].start, bins[-1].end
    timeline.set_data(
        TimelineData(BinSize.DAY, first, last, bins, bins[::2], 0, 0, (first, last), (first, last))
    )
    timeline.fit_to_result()
    timeline.range_needed.disconnect()
    timeline.render_to_image(QSize(1400, 260))
    started = time.perf_counter()
    for _ in range(10):
        timeline.render_to_image(QSize(1400, 260))
    assert (time.perf_counter() - started) / 10 < 0.05  # 16 ms is the goal; CI machines vary


# -- before the bins come ------------------------------------------------------------------------


@pytest.fixture
def waiting(qtbot: QtBot) -> Iterator[tuple[TimelineWidget, list[tuple[str, str, str]]]]:
    """A widget as the window opens it: bins asked for, none come yet, and what it asked."""
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    asked: list[tuple[str, str, str]] = []
    widget.range_needed.connect(lambda size, first, last: asked.append((size, first, last)))
    widget.resize(1400, 260)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh(fit=True)
    yield widget, asked


def _serve(widget: TimelineWidget, catalog: Catalog, asked: tuple[str, str, str]) -> None:
    """Answer the widget's requests from now on, starting with `asked`, as the worker would."""
    widget.range_needed.connect(
        lambda size, first, last: widget.set_data(
            catalog.timeline(None, size, first or None, last or None)
        )
    )
    size, first, last = asked
    widget.set_data(catalog.timeline(None, size, first or None, last or None))


def _shift_drag(qtbot: QtBot, widget: TimelineWidget, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(widget, LEFT, SHIFT, start)
    qtbot.mouseMove(widget, QPoint((start.x() + end.x()) // 2, start.y()))
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, LEFT, SHIFT, end)


def _record(widget: TimelineWidget) -> list[object]:
    """Every choice the widget emits, in order."""
    emitted: list[object] = []
    for signal in (
        widget.date_range_selected,
        widget.collection_chosen,
        widget.undated_chosen,
        widget.document_clicked,
    ):
        signal.connect(emitted.append)
    return emitted


def test_the_mouse_selects_nothing_until_the_bins_come(
    qtbot: QtBot,
    timeline: TimelineWidget,
    waiting: tuple[TimelineWidget, list[tuple[str, str, str]]],
    seed_catalog: Catalog,
) -> None:
    """In the first moments after opening the view is a guess around today: a drag there once
    made `date:2026`. The same drags and clicks count once the bins have come."""
    # Where November 1951 and February 1952 will be, read off a fitted widget of the same size.
    start, end = _point(timeline, NOVEMBER), _point(timeline, date(1952, 2, 29))
    axis_y = round(timeline.axis_rect().center().y())
    on_axis = QPoint(start.x(), axis_y), QPoint(end.x(), axis_y)
    fresh, asked = waiting
    assert asked == [("year", "", "")]
    fresh.set_marked_dates([(4, "1951-11-01", "1951-11-01")])
    emitted = _record(fresh)

    _shift_drag(qtbot, fresh, start, end)
    qtbot.mousePress(fresh, LEFT, pos=on_axis[0])
    qtbot.mouseMove(fresh, on_axis[1])
    qtbot.mouseRelease(fresh, LEFT, pos=on_axis[1])
    qtbot.mouseClick(fresh, LEFT, pos=start)
    qtbot.mouseClick(fresh, LEFT, pos=QPoint(round(fresh.plot_rect().left()), axis_y - 12))
    qtbot.wait(QApplication.doubleClickInterval() + 100)  # a held-back click would be out
    assert emitted == []
    assert fresh.selected_range() is None

    _serve(fresh, seed_catalog, asked[0])
    _settle(qtbot, fresh)
    assert fresh.visible_range() == timeline.visible_range()
    with qtbot.waitSignal(fresh.date_range_selected) as selected:
        _shift_drag(qtbot, fresh, start, end)
    assert selected.args == [parse("date:1951-11..1952-02")]
    with qtbot.waitSignal(fresh.date_range_selected) as selected:
        qtbot.mousePress(fresh, LEFT, pos=on_axis[1])
        qtbot.mouseMove(fresh, on_axis[0])
        qtbot.mouseRelease(fresh, LEFT, pos=on_axis[0])
    assert selected.args == [parse("date:1951-11..1952-02")]


def test_the_keys_choose_nothing_until_the_bins_come(
    qtbot: QtBot,
    waiting: tuple[TimelineWidget, list[tuple[str, str, str]]],
    seed_catalog: Catalog,
) -> None:
    fresh, asked = waiting
    _focus(qtbot, fresh)
    emitted = _record(fresh)
    for key, modifier in (
        (Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Right, SHIFT),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier),
    ):
        qtbot.keyClick(fresh, key, modifier)
    assert emitted == []
    assert fresh.current_bar() is None and fresh.selected_range() is None
    assert fresh.visible_range() is None  # Home fitted nothing: there was nothing to fit to

    # The bins come while it has the focus: the result's first bar becomes current.
    _serve(fresh, seed_catalog, asked[0])
    _settle(qtbot, fresh)
    assert fresh.current_bar() == (date(1951, 9, 1), date(1951, 9, 30))
    with qtbot.waitSignal(fresh.date_range_selected) as selected:
        qtbot.keyClick(fresh, Qt.Key.Key_Return)
    assert selected.args == [parse("date:1951-09")]


# -- choosing a period with the keys ---------------------------------------------------------------


def _keys(
    qtbot: QtBot,
    widget: TimelineWidget,
    *keys: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    for key in keys:
        qtbot.keyClick(widget, key, modifier)


def test_arrows_move_the_current_bar_and_enter_filters_to_its_period(
    qtbot: QtBot, timeline: TimelineWidget, seed_catalog: Catalog
) -> None:
    _focus(qtbot, timeline)
    # Focus puts the current bar on the result's first bar in view.
    assert timeline.current_bar() == (date(1951, 9, 1), date(1951, 9, 30))
    _keys(qtbot, timeline, RIGHT, RIGHT)
    assert timeline.current_bar() == (NOVEMBER, date(1951, 11, 30))
    # Its tooltip and the accessible description say what hovering it would.
    assert QToolTip.text().startswith("<qt>November 1951: 4 documents")
    assert "Enter to filter to this period" in QToolTip.text()
    assert "Current bar: November 1951, 4 documents." in timeline.accessibleDescription()
    with qtbot.waitSignal(timeline.date_range_selected) as by_key:
        qtbot.keyClick(timeline, Qt.Key.Key_Return)
    centre = timeline.bar_center(NOVEMBER)
    assert centre is not None
    with qtbot.waitSignal(timeline.date_range_selected) as by_click:
        qtbot.mouseClick(timeline, LEFT, pos=centre.toPoint())
    assert by_key.args == by_click.args == [parse("date:1951-11")]
    assert seed_catalog.count("date:1951-11") == 4

    # Space does what Enter does; Left goes back.
    qtbot.keyClick(timeline, LEFT_KEY)
    with qtbot.waitSignal(timeline.date_range_selected) as by_space:
        qtbot.keyClick(timeline, Qt.Key.Key_Space)
    assert by_space.args == [parse("date:1951-10")]


def test_enter_on_an_empty_month_does_nothing_as_a_click_there(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    _focus(qtbot, timeline)
    _keys(qtbot, timeline, RIGHT, RIGHT, RIGHT)
    assert timeline.current_bar() == (date(1951, 12, 1), date(1951, 12, 31))
    assert QToolTip.text().startswith("<qt>December 1951: no documents")
    with qtbot.assertNotEmitted(timeline.date_range_selected, wait=100):
        qtbot.keyClick(timeline, Qt.Key.Key_Return)


def test_shift_arrows_select_the_range_a_shift_drag_would(
    qtbot: QtBot, timeline: TimelineWidget, seed_catalog: Catalog
) -> None:
    _focus(qtbot, timeline)
    _keys(qtbot, timeline, RIGHT, RIGHT)
    _keys(qtbot, timeline, RIGHT, RIGHT, RIGHT, modifier=SHIFT)
    # Shown as a brushed range while it grows, and named in the tooltip.
    assert timeline.selected_range() == (NOVEMBER, date(1952, 2, 29))
    assert "Enter to filter to Nov 1, 1951 – Feb 29, 1952" in QToolTip.text()
    with qtbot.waitSignal(timeline.date_range_selected) as by_key:
        qtbot.keyClick(timeline, Qt.Key.Key_Return)
    assert timeline.selected_range() == (NOVEMBER, date(1952, 2, 29))
    timeline.set_selected_range(None, None)
    start, end = _point(timeline, NOVEMBER), _point(timeline, date(1952, 2, 29))
    with qtbot.waitSignal(timeline.date_range_selected) as by_drag:
        _shift_drag(qtbot, timeline, start, end)
    assert by_key.args == by_drag.args == [parse("date:1951-11..1952-02")]
    assert seed_catalog.count(SearchQuery.of(by_key.args[0])) == 9

    # Shift+Left from Feb 1952 back past the anchor extends the other way.
    timeline.set_selected_range(None, None)
    _keys(qtbot, timeline, LEFT_KEY, LEFT_KEY, LEFT_KEY, LEFT_KEY, LEFT_KEY, modifier=SHIFT)
    assert timeline.selected_range() == (date(1951, 9, 1), date(1952, 2, 29))


def test_a_plain_arrow_or_escape_drops_a_shift_range_and_the_brushed_one_returns(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    timeline.set_selected_range(date(1952, 7, 1), date(1952, 7, 31))  # the query's own term
    _focus(qtbot, timeline)
    assert timeline.current_bar() == (date(1952, 7, 1), date(1952, 7, 31))  # starts on it
    qtbot.keyClick(timeline, LEFT_KEY, SHIFT)
    assert timeline.selected_range() == (date(1952, 6, 1), date(1952, 7, 31))
    qtbot.keyClick(timeline, LEFT_KEY)
    assert timeline.selected_range() == (date(1952, 7, 1), date(1952, 7, 31))
    assert timeline.current_bar() == (date(1952, 5, 1), date(1952, 5, 31))

    qtbot.keyClick(timeline, RIGHT, SHIFT)
    with qtbot.assertNotEmitted(timeline.selection_cleared):
        qtbot.keyClick(timeline, Qt.Key.Key_Escape)
    assert timeline.selected_range() == (date(1952, 7, 1), date(1952, 7, 31))
    with qtbot.waitSignal(timeline.selection_cleared):
        qtbot.keyClick(timeline, Qt.Key.Key_Escape)
    assert timeline.selected_range() is None


def test_walking_off_the_left_edge_pans_and_plus_zooms_around_the_current_bar(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    _focus(qtbot, timeline)
    before = timeline.visible_range()
    assert before is not None
    qtbot.keyClick(timeline, LEFT_KEY)  # from September 1951, the first bar in view
    after, current = timeline.visible_range(), timeline.current_bar()
    assert after is not None and after[0] < before[0]
    assert current == (date(1951, 8, 1), date(1951, 8, 31)) and current[0] >= after[0]

    _keys(qtbot, timeline, RIGHT, RIGHT, RIGHT)  # November 1951
    for _ in range(4):
        qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    visible = timeline.visible_range()
    assert visible is not None and visible[0] <= NOVEMBER and date(1951, 11, 30) <= visible[1]
    assert timeline.current_bar() == (NOVEMBER, date(1951, 11, 30))


def test_the_current_bar_is_outlined_in_the_palette_text_colour_while_focused(
    qtbot: QtBot, timeline: TimelineWidget
) -> None:
    palette = timeline.palette()
    palette.setColor(QPalette.ColorRole.Text, QColor("#12ab34"))
    timeline.setPalette(palette)
    row = round(timeline.plot_rect().top() + 8)  # above the bars, below the axis labels

    def outlined_at() -> list[int]:
        image = timeline.render_to_image(QSize(1400, 260))
        return [x for x in range(image.width()) if image.pixelColor(x, row).name() == "#12ab34"]

    timeline.clearFocus()
    assert outlined_at() == []
    _focus(qtbot, timeline)
    _keys(qtbot, timeline, RIGHT, RIGHT)
    xs = outlined_at()
    left = timeline.x_for_date(NOVEMBER)
    right = timeline.x_for_date(date(1951, 11, 30))
    assert xs and all(left - 4 <= x <= right + 4 for x in xs)
    assert min(xs) <= left and max(xs) >= right  # both sides of the bar's column


# -- bins by year ----------------------------------------------------------------------------------


@pytest.fixture
def by_year(qtbot: QtBot) -> Iterator[TimelineWidget]:
    """A widget over three decades of one to three documents a year, which it draws by year."""
    intervals = [(date(year, 6, 1), date(year, 6, 1), 1 + year % 3) for year in range(1940, 1970)]
    widget = TimelineWidget()
    qtbot.addWidget(widget)

    def serve(size: str, first: str, last: str) -> None:
        low = date.fromisoformat(first) if first else date(1940, 1, 1)
        high = date.fromisoformat(last) if last else date(1969, 12, 31)
        bins = distribute(intervals, BinSize(size), low, high)
        extent = (date(1940, 6, 1), date(1969, 6, 1))
        widget.set_data(TimelineData(BinSize(size), low, high, bins, bins, 0, 0, extent, extent))

    widget.range_needed.connect(serve)
    yield _shown(qtbot, widget)


def test_by_year_the_keys_choose_a_year_or_years_as_the_mouse_does(
    qtbot: QtBot, by_year: TimelineWidget
) -> None:
    data = by_year.data()
    assert data is not None and data.bin is BinSize.YEAR
    _focus(qtbot, by_year)
    assert by_year.current_bar() == (date(1940, 1, 1), date(1940, 12, 31))
    _keys(qtbot, by_year, RIGHT, RIGHT)
    with qtbot.waitSignal(by_year.date_range_selected) as by_key:
        qtbot.keyClick(by_year, Qt.Key.Key_Return)
    centre = by_year.bar_center(date(1942, 6, 1))
    assert centre is not None
    with qtbot.waitSignal(by_year.date_range_selected) as by_click:
        qtbot.mouseClick(by_year, LEFT, pos=centre.toPoint())
    assert by_key.args == by_click.args == [parse("date:1942")]

    qtbot.keyClick(by_year, RIGHT, SHIFT)
    with qtbot.waitSignal(by_year.date_range_selected) as by_key:
        qtbot.keyClick(by_year, Qt.Key.Key_Enter)
    with qtbot.waitSignal(by_year.date_range_selected) as by_drag:
        _shift_drag(
            qtbot, by_year, _point(by_year, date(1942, 3, 1)), _point(by_year, date(1943, 9, 1))
        )
    assert by_key.args == by_drag.args == [parse("date:1942..1943")]
