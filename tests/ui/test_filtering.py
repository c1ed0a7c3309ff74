"""Filtering with the mouse on the seed: facets, chips, filter rows, menus, history, saving."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMenu,
    QMessageBox,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.domain.views import FacetValue
from desktop_app.query.ast import Term, to_text
from desktop_app.query.editing import (
    add_alternative,
    exclude_term,
    exclude_value,
    include_value,
    only_term,
)
from desktop_app.query.operators import Operator
from desktop_app.query.parser import parse
from desktop_app.services.catalog import Catalog
from desktop_app.ui.document_model import column_of
from desktop_app.ui.facets import COUNT_ROLE, MARK_ROLE, FacetSection, FacetValuesModel, Mark
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.query_state import Place, QueryState
from desktop_app.ui.saved_search_list import SavedSearchModel
from tests.ui.conftest import OpenWindow

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.is_idle, timeout=10_000)


def _section(qtbot: QtBot, window: MainWindow, field: str) -> FacetSection:
    section = window.facet_panel.section(field)
    if not section.is_expanded():
        qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
        _idle(qtbot, window)
    window.facet_panel.ensureWidgetVisible(section)
    return section


def _counts(section: FacetSection) -> list[tuple[str | None, int | None]]:
    model = section.model
    return [(value, model.index(row).data(COUNT_ROLE)) for row, value in enumerate(model.values())]


def _mark(section: FacetSection, value: str | None) -> Mark:
    row = section.model.row_of(value)
    assert row is not None, f"{value!r} is not listed"
    mark: Mark = section.model.index(row).data(MARK_ROLE)
    return mark


def _click_value(
    qtbot: QtBot,
    window: MainWindow,
    field: str,
    value: str | None,
    modifier: Qt.KeyboardModifier = NO,
) -> None:
    section = _section(qtbot, window, field)
    row = section.model.row_of(value)
    assert row is not None, f"{value!r} is not among {section.model.values()}"
    rect = section.list.visualRect(section.model.index(row))
    qtbot.mouseClick(section.list.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    _idle(qtbot, window)


def _titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, column_of("title")).data() for row in range(model.rowCount())]


def _search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    field = window.search_field
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    _idle(qtbot, window)


def _button(window: MainWindow, name: str) -> QToolButton:
    button = window.findChild(QToolButton, name)
    assert isinstance(button, QToolButton), name
    return button


def _action(menu: QMenu, name: str) -> QAction:
    for action in menu.findChildren(QAction):
        if action.objectName() == name:
            return action
    raise AssertionError(f"no action {name} in {[a.text() for a in menu.actions()]}")


def test_facet_clicks_narrow_the_table_and_write_the_query(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(seed_url)
    assert window.model.rowCount() == 20
    types = _section(qtbot, window, "type")
    assert _counts(types)[:2] == [("Ciphered Telegram", 12), ("Cable", 4)]

    _click_value(qtbot, window, "type", "Cable")
    assert window.model.rowCount() == 4
    assert window.search_field.text() == "type:=Cable"
    assert window.counts_label.text().startswith("4 documents · ")

    _click_value(qtbot, window, "type", "Letter", CTRL)
    assert window.model.rowCount() == 5
    assert window.search_field.text() == "type:=Cable OR type:=Letter"
    # The type section ignores its own choice: the other types keep their counts.
    assert ("Ciphered Telegram", 12) in _counts(types)
    assert _mark(types, "Cable") is Mark.SELECTED and _mark(types, "Letter") is Mark.SELECTED
    assert _mark(types, "Report") is Mark.NONE

    _click_value(qtbot, window, "author", "Mao Zedong", ALT)
    assert window.model.rowCount() == 3
    assert window.search_field.text() == '(type:=Cable OR type:=Letter) -author:="Mao Zedong"'
    authors = window.facet_panel.section("author")
    assert _mark(authors, "Mao Zedong") is Mark.EXCLUDED
    years = _section(qtbot, window, "year")
    assert _counts(years) == [("1952", 3)]
    assert [chip.text for chip in window.filter_chips.chips()] == [
        "Type is Cable or Letter",
        "Not author is Mao Zedong",
    ]
    for section in (types, authors, years):
        qtmodeltester.check(section.model)

    # A click on an excluded value includes it again; a second click on the only choice
    # takes it back.
    _click_value(qtbot, window, "author", "Mao Zedong")
    assert window.search_field.text() == "type:=Cable OR type:=Letter"
    _click_value(qtbot, window, "type", "Report")
    assert window.search_field.text() == "type:=Report"
    _click_value(qtbot, window, "type", "Report")
    assert window.search_field.text() == ""
    assert window.model.rowCount() == 20


def test_the_none_bucket_show_more_and_the_filter_box(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    authors = _section(qtbot, window, "author")
    assert _counts(authors)[-1] == (None, 2)
    assert authors.model.index(authors.model.rowCount() - 1).data() == "(none)"
    _click_value(qtbot, window, "author", None)
    assert window.search_field.text() == "missing:author"
    assert window.model.rowCount() == 2

    recipients = _section(qtbot, window, "recipient")
    _click_value(qtbot, window, "author", None)  # back to every document
    assert recipients.more_button.isVisible()
    shown = len([v for v in recipients.model.values() if v is not None])
    assert shown == 8
    qtbot.mouseClick(recipients.more_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    assert len([v for v in recipients.model.values() if v is not None]) > shown
    assert not recipients.more_button.isVisible()
    assert recipients.fewer_button.isVisible()

    people = _section(qtbot, window, "person")
    qtbot.mouseClick(people.find_button, Qt.MouseButton.LeftButton)
    assert people.filter_edit.isVisible()
    qtbot.keyClicks(people.filter_edit, "zho")
    qtbot.waitUntil(lambda: people.model.values() == ["Zhou Enlai"], timeout=5000)
    assert _counts(people) == [("Zhou Enlai", 5)]
    _click_value(qtbot, window, "person", "Zhou Enlai")
    assert window.search_field.text() == 'person:="Zhou Enlai"'
    assert window.model.rowCount() == 5


def test_the_context_menu_of_a_value_excludes_it(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    origins = _section(qtbot, window, "origin")
    index = origins.model.index(origins.model.row_of("Beijing") or 0)
    menu = origins.context_menu(index)
    _action(menu, "facetExcludeAction").trigger()
    _idle(qtbot, window)
    assert window.search_field.text() == "-origin:=Beijing"
    assert window.model.rowCount() == 13


def test_a_slow_section_says_it_is_counting_and_the_window_keeps_working(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(seed_url)
    facets = Catalog.facets

    def slow(self: Catalog, field: str, query: object = None, limit: int | None = None) -> object:
        if field == "author":
            time.sleep(0.8)
        return facets(self, field, query, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(Catalog, "facets", slow)
    authors = _section(qtbot, window, "author")
    window.apply_query("type:=Cable")
    qtbot.waitUntil(lambda: authors.status.text() == "counting…", timeout=2000)
    # The table did not wait for the count.
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=2000)
    assert authors.status.text() == "counting…"
    _idle(qtbot, window)
    assert authors.status.text() == ""
    assert ("Zhou Enlai", 2) in _counts(authors)


def test_chips_remove_one_clause_or_all(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    _search(qtbot, window, '(type:=Cable OR type:=Letter) -author:="Mao Zedong"')
    chips = window.filter_chips
    assert chips.isVisible()
    assert [chip.text for chip in chips.chips()] == [
        "Type is Cable or Letter",
        "Not author is Mao Zedong",
    ]
    assert window.model.rowCount() == 3
    qtbot.mouseClick(chips.chips()[0].remove_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    assert window.search_field.text() == '-author:="Mao Zedong"'
    assert window.model.rowCount() == 12
    assert [chip.text for chip in chips.chips()] == ["Not author is Mao Zedong"]

    _search(qtbot, window, "type:=Cable year:1952")
    assert len(chips.chips()) == 2
    qtbot.mouseClick(_button(window, "clearFiltersButton"), Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    assert window.search_field.text() == ""
    assert window.model.rowCount() == 20
    assert not chips.isVisible()


def test_typed_text_becomes_chips_and_round_trips(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    _search(qtbot, window, "author:stalin   AND  date:1951-11..1952-02")
    assert window.search_field.text() == "author:stalin date:1951-11..1952-02"
    assert [chip.text for chip in window.filter_chips.chips()] == [
        "Author contains stalin",
        "Date 1951-11 – 1952-02",
    ]
    shown = window.model.rowCount()
    _search(qtbot, window, window.search_field.text())
    assert window.model.rowCount() == shown
    assert window.query_state.text == "author:stalin date:1951-11..1952-02"


def test_back_and_forward_restore_queries_and_the_current_row(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    back, forward = _button(window, "backButton"), _button(window, "forwardButton")
    _click_value(qtbot, window, "type", "Cable")
    window.table.select_row(2)
    third = window.model.document_id(2)
    _click_value(qtbot, window, "type", "Letter", CTRL)
    assert window.model.rowCount() == 5
    _click_value(qtbot, window, "author", "Mao Zedong", ALT)
    assert window.model.rowCount() == 3

    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    assert window.search_field.text() == "type:=Cable OR type:=Letter"
    assert window.model.rowCount() == 5
    qtbot.keyClick(window.table, Qt.Key.Key_Left, ALT)
    _idle(qtbot, window)
    assert window.search_field.text() == "type:=Cable"
    assert window.model.document_id(window.table.currentIndex().row()) == third
    assert [chip.text for chip in window.filter_chips.chips()] == ["Type is Cable"]
    assert window.facet_panel.section("type").model.values()[:2] == ["Ciphered Telegram", "Cable"]

    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    assert window.model.rowCount() == 5
    qtbot.keyClick(window.search_field, Qt.Key.Key_Right, ALT)
    _idle(qtbot, window)
    assert window.model.rowCount() == 3
    assert not forward.isEnabled()

    # The mouse's back button, wherever the pointer is in the window.
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.BackButton)
    _idle(qtbot, window)
    assert window.model.rowCount() == 5
    qtbot.mouseClick(window.detail_pane.viewport(), Qt.MouseButton.ForwardButton)
    _idle(qtbot, window)
    assert window.model.rowCount() == 3

    # A new query after going back drops what was ahead.
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    _click_value(qtbot, window, "type", "Report", CTRL)
    assert not forward.isEnabled()


def test_back_restores_the_scroll_position(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    # Short enough that the twenty rows scroll, tall enough that the chips appearing over the
    # table do not squeeze the timeline and details, which would change the scroll range.
    window.resize(900, 700)
    _idle(qtbot, window)
    bar = window.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 3)
    bar.setValue(bar.maximum())
    scrolled = bar.value()
    _click_value(qtbot, window, "type", "Cable")
    assert bar.value() == 0
    qtbot.mouseClick(_button(window, "backButton"), Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    assert window.model.rowCount() == 20
    assert bar.value() == scrolled


def test_a_filter_row_applies_as_and(qtbot: QtBot, open_window: OpenWindow, seed_url: str) -> None:
    window = open_window(seed_url)
    qtbot.mouseClick(_button(window, "addFilterButton"), Qt.MouseButton.LeftButton)
    rows = window.filter_builder.rows()
    assert len(rows) == 1 and rows[0].isVisible()
    row = rows[0]
    row.field_combo.setCurrentIndex(row.field_combo.findText("Author"))
    assert [row.operator_combo.itemText(i) for i in range(row.operator_combo.count())][:3] == [
        "contains",
        "is",
        "is not",
    ]
    row.operator_combo.setCurrentIndex(row.operator_combo.findText("is"))
    assert not row.apply_button.isEnabled()
    qtbot.keyClicks(row.value_edit, "Stalin")
    assert row.apply_button.isEnabled()
    qtbot.keyClick(row.value_edit, Qt.Key.Key_Return)
    _idle(qtbot, window)
    assert window.search_field.text() == "author:=Stalin"
    assert window.model.rowCount() == 5
    assert [chip.text for chip in window.filter_chips.chips()] == ["Author is Stalin"]
    assert window.filter_builder.rows() == []

    # A second row joins the first filter with AND.
    row = window.filter_builder.add_row()
    row.set_field("recipient")
    row.set_operator(Operator.IS_NOT)
    qtbot.keyClicks(row.value_edit, "Mao Zedong")
    qtbot.mouseClick(row.apply_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    assert window.search_field.text() == 'author:=Stalin -recipient:="Mao Zedong"'
    assert window.model.rowCount() == 1

    # Ctrl+Shift+F adds a row; a bad date is said in the row and nothing changes.
    qtbot.keyClick(window.table, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    row = window.filter_builder.rows()[0]
    row.set_field("date")
    assert row.operator_combo.findText("between") >= 0
    qtbot.keyClicks(row.value_edit, "1951-13")
    qtbot.keyClick(row.value_edit, Qt.Key.Key_Return)
    assert row.message.isVisible() and "month 13" in row.message.text()
    assert window.model.rowCount() == 1
    qtbot.mouseClick(row.remove_button, Qt.MouseButton.LeftButton)
    assert window.filter_builder.rows() == []


def test_a_filter_row_offers_values_from_the_catalog(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    window.add_filter_action.trigger()
    row = window.filter_builder.rows()[0]
    row.set_field("recipient")
    row.value_edit.setFocus()
    qtbot.keyClicks(row.value_edit, "li")
    qtbot.waitUntil(lambda: row.completions.stringList() != [], timeout=5000)
    assert row.completions.stringList() == ["Li Fuchun", "Liu Shaoqi"]


def _index(window: MainWindow, row: int, key: str) -> QModelIndex:
    return window.model.index(row, column_of(key))


def test_a_cell_menu_filters_by_its_value(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    window.table.set_column_visible("origin", True)
    # The first document: a Ciphered Telegram from Mao Zedong, sent from Beijing.
    menu = window.table.context_menu(_index(window, 0, "type"))
    assert _action(menu, "onlyValueAction").text() == "Only documents with this value"
    _action(menu, "excludeValueAction").trigger()
    _idle(qtbot, window)
    assert window.search_field.text() == '-type:="Ciphered Telegram"'
    assert window.model.rowCount() == 8

    row = next(r for r in range(window.model.rowCount()) if "Su Yu" in _titles(window)[r])
    menu = window.table.context_menu(_index(window, row, "recipients"))
    values = [m.title() for m in menu.findChildren(QMenu) if m.objectName() == "cellValueMenu"]
    assert "Su Yu" in values and "Mao Zedong" in values
    submenu = next(m for m in menu.findChildren(QMenu) if m.title() == "Su Yu")
    _action(submenu, "onlyValueAction").trigger()
    _idle(qtbot, window)
    assert window.search_field.text() == '-type:="Ciphered Telegram" recipient:="Su Yu"'
    assert window.model.rowCount() == 1

    menu = window.table.context_menu(_index(window, 0, "date"))
    _action(menu, "onlyValueAction").trigger()
    _idle(qtbot, window)
    assert window.search_field.text().endswith("year:1952")

    window.query_state.clear()
    _idle(qtbot, window)
    empty = next(r for r in range(20) if not _index(window, r, "origin").data())
    menu = window.table.context_menu(_index(window, empty, "origin"))
    assert _action(menu, "onlyValueAction").text() == "Only documents with no origin"
    _action(menu, "onlyValueAction").trigger()
    _idle(qtbot, window)
    assert window.search_field.text() == "missing:origin"
    assert window.model.rowCount() == 13


def test_a_cell_menu_opens_where_the_person_right_clicks(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    table = window.table
    where = table.visualRect(_index(window, 0, "type")).center()

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        _action(menu, "onlyValueAction").trigger()
        menu.close()

    # The menu runs its own event loop; the timer picks the action meanwhile.
    QTimer.singleShot(200, choose)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, where, table.viewport().mapToGlobal(where)
    )
    QApplication.sendEvent(table.viewport(), event)
    _idle(qtbot, window)
    assert window.search_field.text() == 'type:="Ciphered Telegram"'
    assert window.model.rowCount() == 12


def test_a_link_menu_in_the_details_narrows_or_excludes(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    _click_value(qtbot, window, "type", "Cable")
    pane = window.detail_pane
    _action(pane.link_menu('author:="Zhou Enlai"'), "excludeValueAction").trigger()
    _idle(qtbot, window)
    assert window.search_field.text() == 'type:=Cable -author:="Zhou Enlai"'
    assert window.model.rowCount() == 2
    _action(pane.link_menu("recipient:=Stalin"), "onlyValueAction").trigger()
    _idle(qtbot, window)
    assert window.search_field.text() == 'type:=Cable -author:="Zhou Enlai" recipient:=Stalin'
    assert window.model.rowCount() == 1
    _action(pane.link_menu("date:1951-10-18"), "onlyValueAction").trigger()
    _idle(qtbot, window)
    assert window.search_field.text().endswith("date:1951-10-18")
    _action(pane.link_menu('type:="Cable"'), "showValueAction").trigger()
    _idle(qtbot, window)
    assert window.search_field.text() == 'type:="Cable"'
    assert window.model.rowCount() == 4


def _save(qtbot: QtBot, window: MainWindow, name: str) -> None:
    qtbot.mouseClick(_button(window, "saveSearchButton"), Qt.MouseButton.LeftButton)
    dialog = window.findChild(QInputDialog, "saveSearchDialog")
    assert isinstance(dialog, QInputDialog) and dialog.isVisible()
    dialog.setTextValue(name)
    dialog.accept()
    _idle(qtbot, window)


def test_a_saved_search_is_kept_in_the_catalog_and_runs_on_click(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(seed_url)
    assert not window.save_search_action.isEnabled()  # nothing to save yet
    _click_value(qtbot, window, "type", "Cable")
    _click_value(qtbot, window, "type", "Letter", CTRL)
    _save(qtbot, window, "Cables and letters")
    saved = window.saved_list
    assert [s.name for s in saved.list_model.searches()] == ["Cables and letters"]
    assert saved.list_model.searches()[0].query == "type:=Cable OR type:=Letter"
    qtmodeltester.check(saved.list_model)
    window.close()

    again = open_window(seed_url)
    saved = again.saved_list
    qtbot.waitUntil(lambda: saved.list_model.rowCount() == 1)
    assert again.model.rowCount() == 20
    rect = saved.visualRect(saved.list_model.index(0))
    qtbot.mouseClick(saved.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    _idle(qtbot, again)
    assert again.search_field.text() == "type:=Cable OR type:=Letter"
    assert again.model.rowCount() == 5
    assert saved.selectionModel().isSelected(saved.list_model.index(0))


def test_saved_searches_are_renamed_and_deleted_and_conflicts_said(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    _search(qtbot, window, "author:=Stalin")
    _save(qtbot, window, "Stalin")
    saved = window.saved_list
    index = saved.list_model.index(0)
    _action(saved.context_menu(index), "renameSavedSearchAction").trigger()
    dialog = window.findChild(QInputDialog, "renameSearchDialog")
    assert isinstance(dialog, QInputDialog)
    dialog.setTextValue("Stalin's telegrams")
    dialog.accept()
    _idle(qtbot, window)
    assert [s.name for s in saved.list_model.searches()] == ["Stalin's telegrams"]

    # Someone else renames it meanwhile (a shared catalog); this copy is now stale.
    stale = saved.list_model.searches()[0]
    other = Catalog.open(seed_url)
    other.rename_search(stale, "Stalin, by a colleague")
    other.close()
    window.rename_saved_search(stale, "Mine")
    _idle(qtbot, window)
    problem = window.findChild(QMessageBox, "savedSearchProblem")
    assert isinstance(problem, QMessageBox) and problem.isVisible()
    assert "changed meanwhile" in problem.informativeText()
    problem.close()
    assert [s.name for s in saved.list_model.searches()] == ["Stalin, by a colleague"]

    _action(saved.context_menu(saved.list_model.index(0)), "deleteSavedSearchAction").trigger()
    confirm = window.findChild(QMessageBox, "deleteSearchDialog")
    assert isinstance(confirm, QMessageBox)
    confirm.button(QMessageBox.StandardButton.Yes).click()
    _idle(qtbot, window)
    assert saved.list_model.rowCount() == 0


@pytest.mark.parametrize(
    ("typed", "column", "words"),
    [
        ('author:"Mao', 8, "quote"),
        ("(type:=Cable", 1, "never closed"),
        ("type:=Cable)", 12, "no '('"),
        ("colour:red", 1, "not a field"),
        ("type:", 1, "needs a value"),
        ("NEAR(armistice", 5, "never closed"),
        ('"', 1, "quote"),
        ("date:1951-13", 1, "month 13"),
        ("x" * 10_000, 2001, "2,000 characters"),
    ],
)
def test_bad_input_names_the_problem_and_column_and_keeps_the_rows(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, typed: str, column: int, words: str
) -> None:
    window = open_window(seed_url)
    _click_value(qtbot, window, "type", "Cable")
    window.search_field.setFocus()
    window.search_field.setText(typed)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    _idle(qtbot, window)
    message = window.query_message
    assert message.isVisible()
    assert f"Column {column}:" in message.text()
    assert words in message.text()
    assert window.model.rowCount() == 4
    assert window.query == "type:=Cable"
    assert window.search_field.text() == typed
    if column <= len(typed):
        assert window.search_field.selectionStart() == column - 1
    # Typing again takes the message away.
    qtbot.keyClick(window.search_field, Qt.Key.Key_End)
    qtbot.keyClicks(window.search_field, " ")
    assert not message.isVisible()


@pytest.mark.parametrize(
    "typed", ["'; DROP TABLE documents; --", "1=1 OR 'a'='a'", "*", "a*", ":", "NEAR(a b)", "^"]
)
def test_sql_and_fts_syntax_are_plain_words(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, typed: str
) -> None:
    window = open_window(seed_url)
    _search(qtbot, window, typed)
    assert not window.query_message.isVisible()
    assert window.query == window.query_state.text
    assert "error" not in window.statusBar().currentMessage().lower()
    _search(qtbot, window, "")
    assert window.model.rowCount() == 20


def test_keyboard_find_escape_and_the_shortcut_list(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, CTRL)
    assert window.search_field.hasFocus()
    qtbot.keyClicks(window.search_field, "type:=Cable")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    _idle(qtbot, window)
    assert window.model.rowCount() == 4
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    _idle(qtbot, window)
    assert window.search_field.text() == ""
    assert window.model.rowCount() == 20

    shortcuts = dict(window.shortcuts())
    assert shortcuts["Back"] == "Alt+Left"
    assert shortcuts["Forward"] == "Alt+Right"
    assert shortcuts["Add filter"] == "Ctrl+Shift+F"
    assert shortcuts["Save search"] == "Ctrl+S"
    assert shortcuts["Find"] == "Ctrl+F"
    assert "Exclude a value" in shortcuts


def test_the_collection_tree_and_the_facets_share_the_query(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    _click_value(qtbot, window, "type", "Cable")
    tree = window.collection_tree
    relations = tree.tree_model.index_of("Sino-Soviet Relations")
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(relations).center()
    )
    _idle(qtbot, window)
    assert window.search_field.text() == 'type:=Cable collection:="Sino-Soviet Relations"'
    assert window.model.rowCount() == 4
    assert tree.selectionModel().isSelected(relations)
    collections = _section(qtbot, window, "collection")
    assert _mark(collections, "Sino-Soviet Relations") is Mark.SELECTED


def test_the_facet_panel_hides_fields_without_values(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    panel = window.facet_panel
    qtbot.waitUntil(lambda: all(s.has_values is not None for s in panel.sections()))
    shown = [s.field for s in panel.sections() if not s.isHidden()]
    assert shown == [
        "type",
        "author",
        "recipient",
        "person",
        "origin",
        "year",
        "decade",
        "collection",
    ]
    assert panel.objectName() == "facetPanel"
    assert isinstance(window.findChild(QWidget, "filterChips"), QWidget)
    # A typed filter on a hidden field shows its section, so that it can be taken back.
    _search(qtbot, window, "-tag:=secret")
    assert not panel.section("tag").isHidden()


def test_the_facet_models_keep_qts_contract(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = FacetValuesModel()
    model.set_values([FacetValue("Cable", 4), FacetValue("Letter", 1), FacetValue(None, 2)])
    model.set_marks({"cable"}, {"Report"})
    qtmodeltester.check(model)
    assert model.values() == ["Cable", "Letter", "Report", None]
    assert model.index(0).data(MARK_ROLE) is Mark.SELECTED
    assert model.index(2).data(MARK_ROLE) is Mark.EXCLUDED
    assert model.index(2).data(COUNT_ROLE) is None
    assert "4 documents" in model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    saved = SavedSearchModel()
    qtmodeltester.check(saved)


def test_facet_values_are_plain_text(qtbot: QtBot, open_window: OpenWindow, tmp_path: Path) -> None:
    from tests.ui.conftest import MALICIOUS_IMG, build_catalog

    window = open_window(build_catalog(tmp_path / "archive.sqlite"))
    authors = _section(qtbot, window, "author")
    agent = f"Agent {MALICIOUS_IMG}"
    assert agent in authors.model.values()
    tooltip = authors.model.index(authors.model.row_of(agent) or 0).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "<img" not in tooltip and "&lt;img" in tooltip
    _click_value(qtbot, window, "author", agent)
    chip = window.filter_chips.chips()[0]
    assert chip.label.textFormat() == Qt.TextFormat.PlainText
    assert MALICIOUS_IMG in chip.label.text()
    assert window.model.rowCount() == 1


def test_the_query_state_keeps_a_history_and_refuses_what_cannot_be_typed(qtbot: QtBot) -> None:
    state = QueryState()
    changes: list[str] = []
    rejected: list[str] = []
    state.query_changed.connect(lambda node: changes.append(to_text(node)))
    state.query_rejected.connect(lambda error: rejected.append(error.reason))
    assert state.set_text("type:cable   AND year:1952")
    assert state.text == "type:cable year:1952"
    assert not state.set_text("type:cable year:1952")  # the same query is no new step
    assert state.set_node(None)
    state.note_place(Place(7, 3))
    assert state.back() and state.text == "type:cable year:1952"
    assert state.forward() and state.place == Place(7, 3)
    assert not state.forward()
    assert changes == ["type:cable year:1952", "", "type:cable year:1952", ""]

    node = None
    for year in range(1900, 1966):
        node = add_alternative(node, "year", str(year))
    assert not state.set_node(node)
    assert rejected and "64 terms" in rejected[0]
    assert state.text == ""


def test_menu_edits_read_values_as_the_query_language_does() -> None:
    typed = parse('type:="Cable" -origin:="beijing"')
    assert include_value(typed, "origin", "Beijing") == parse('type:="Cable"')
    assert to_text(exclude_value(typed, "type", "Cable")) == '-origin:="beijing" -type:=Cable'
    assert exclude_term(typed, Term("origin", "Beijing", exact=True)) == typed
    assert to_text(only_term(parse("date:1951 type:=Cable"), Term("date", "1952"))) == (
        "type:=Cable date:1952"
    )
