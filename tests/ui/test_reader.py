"""The Text tab: a document's own words read in the window, the query's words marked, Find
with Ctrl+F, F3 and Shift+F3, and hostile text shown as the text it is; the table's Match
column with the passage each document matched, sorted by relevance."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop_app.domain.records import CollectionRecord, ImportBatch
from desktop_app.query.parser import parse
from desktop_app.query.text_terms import matched_spans, text_terms
from desktop_app.ui.document_model import MATCH_MARKS_ROLE, column_of
from desktop_app.ui.main_window import MainWindow
from tests.ui.conftest import MALICIOUS_IMG, MAO, STALIN, OpenWindow, _document, build_catalog

BODY = (
    "Comrade Mao Zedong, I have received your telegram about the armistice talks.\n\n"
    "The armistice line should follow the front. The Kaesong talks go on.\n\n"
    "Arrange the talks in Kaesong. " + "A very long line " * 400
)
FOOTNOTES = "1. Sent through Krasovsky; the Kaesong copy is lost."
HOSTILE = f"Before {MALICIOUS_IMG} and \u202eevil\u202c and <b>bold</b> after."


def _batch() -> ImportBatch:
    return ImportBatch(
        "hand-made",
        collections=(CollectionRecord("Korean War"),),
        documents=(
            _document(
                "Ciphered Telegram, Filippov [Stalin] to Mao Zedong",
                "November 14, 1951",
                authors=(STALIN,),
                recipients=(MAO,),
                doc_type="Ciphered Telegram",
                collections=("Korean War",),
                text=BODY,
                footnotes=FOOTNOTES,
            ),
            _document(
                "Memorandum on the talks",
                "December 1, 1951",
                collections=("Korean War",),
                text=HOSTILE,
            ),
            _document("Telegram without a text", "December 2, 1951", collections=("Korean War",)),
        ),
    )


@pytest.fixture
def window(open_window: OpenWindow, tmp_path: Path) -> MainWindow:
    return open_window(build_catalog(tmp_path / "texts.sqlite", _batch()))


def _read(window: MainWindow, qtbot: QtBot, query: str) -> None:
    """Search for `query`, make the first row current and show the Text tab."""
    window.apply_query(query)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    window.detail_tabs.setCurrentWidget(window.reader)
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.table.visualRect(window.model.index(0, 1)).center(),
    )
    qtbot.waitUntil(lambda: window.reader.page is not None, timeout=10_000)
    qtbot.waitUntil(window.is_idle, timeout=10_000)


def test_the_text_tab_shows_the_documents_text_and_footnotes_with_the_query_marked(
    window: MainWindow, qtbot: QtBot
) -> None:
    _read(window, qtbot, "kaesong")
    shown = window.reader.text()
    assert shown.startswith("Ciphered Telegram, Filippov [Stalin] to Mao Zedong\n")
    assert "I have received your telegram about the armistice talks." in shown
    assert shown.index("Footnotes") > shown.index("Arrange the talks")
    assert shown.endswith(FOOTNOTES)
    # Every Kaesong of the body and the footnotes is marked, and nothing else.
    assert window.reader.marked() == ["Kaesong"] * 3
    assert window.detail_tabs.tabText(1) == "Text"


def test_a_phrase_marks_its_words_only_where_they_come_together(
    window: MainWindow, qtbot: QtBot
) -> None:
    _read(window, qtbot, '"armistice line"')
    assert window.reader.marked() == ["armistice", "line"]


def test_a_term_that_names_a_text_marks_its_words_there_only(
    window: MainWindow, qtbot: QtBot
) -> None:
    _read(window, qtbot, "body:telegram")
    # The title says Telegram too; the body's "telegram" alone is marked.
    assert window.reader.marked() == ["telegram"]
    _read(window, qtbot, "title:telegram kaesong")
    assert window.reader.marked() == ["Telegram", "Kaesong", "Kaesong", "Kaesong"]


def test_a_document_without_text_says_so_on_its_tab(window: MainWindow, qtbot: QtBot) -> None:
    _read(window, qtbot, 'title:"without a text"')
    assert window.detail_tabs.tabText(1) == "Text (none)"
    assert "holds no text of this document" in window.reader.text()
    # A title: term marks the title's words, and nothing of what is said for the text.
    assert window.reader.marked() == ["without", "a", "text"]


def test_hostile_text_is_shown_as_it_is_written(window: MainWindow, qtbot: QtBot) -> None:
    _read(window, qtbot, "title:memorandum")
    assert HOSTILE in window.reader.text()
    # Nothing of it became markup: the view holds no image and no bold the text asked for.
    assert window.reader.text_view.document().toHtml().count("<img") == 0
    assert "onerror" in window.reader.text_view.toPlainText()


def test_ctrl_f_in_the_text_finds_and_f3_goes_on_round_the_text(
    window: MainWindow, qtbot: QtBot
) -> None:
    _read(window, qtbot, "kaesong")
    reader = window.reader
    reader.text_view.setFocus()
    qtbot.waitUntil(reader.text_view.hasFocus)
    qtbot.keyClick(reader.text_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert reader.find_bar.isVisible() and reader.find_field.hasFocus()
    assert not window.search_field.hasFocus()
    qtbot.keyClicks(reader.find_field, "talks")
    assert reader.find_count.text() == "3 found"
    positions = []
    for _ in range(4):
        qtbot.keyClick(reader.find_field, Qt.Key.Key_F3)
        positions.append(reader.text_view.textCursor().selectionStart())
    assert positions[0] < positions[1] < positions[2] and positions[3] == positions[0]
    assert reader.text_view.textCursor().selectedText() == "talks"
    qtbot.keyClick(reader.find_field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert reader.text_view.textCursor().selectionStart() == positions[2]
    qtbot.keyClick(reader.find_field, Qt.Key.Key_Escape)
    assert not reader.find_bar.isVisible()


def test_ctrl_f_outside_the_text_still_goes_to_the_search_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    _read(window, qtbot, "kaesong")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    assert not window.reader.find_bar.isVisible()


@pytest.mark.parametrize(
    ("query", "text", "marked"),
    [
        ("sato", "Mr. Satō met Sato-san.", ["Satō", "Sato"]),
        ("сталин", "Товарищ СТАЛИН и Сталину", ["СТАЛИН"]),
        # Characters that fold to none or to several keep their places in the text.
        ("sato final", "Sato\u0304 wrote the ﬁnal word", ["Sato\u0304", "ﬁnal"]),
        ("body:kae", "Kaesong and kaesong talks", ["Kaesong", "kaesong"]),
        ("kae", "Kaesong talks", []),  # a bare word matches whole words only
        ('"line follow"', "the line should follow; line follow", ["line", "follow"]),
        ("armistice -kaesong", "armistice at kaesong", ["armistice"]),
        ("type:cable", "a cable", []),  # not a word of the text
    ],
)
def test_the_marked_words_are_those_the_index_matches(
    query: str, text: str, marked: list[str]
) -> None:
    spans = matched_spans(text, text_terms(parse(query)))
    assert [text[start:end] for start, end in spans] == marked


# -- the Match column ------------------------------------------------------------------------


def test_the_match_column_shows_while_the_query_has_words(window: MainWindow, qtbot: QtBot) -> None:
    match = column_of("match")
    header = window.table.horizontalHeader()
    assert header.isSectionHidden(match)
    window.apply_query("kaesong")
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert not header.isSectionHidden(match)
    index = window.model.index(0, match)
    qtbot.waitUntil(lambda: bool(index.data()), timeout=10_000)
    passage = index.data()
    marks = index.data(MATCH_MARKS_ROLE)
    assert [passage[start:end] for start, end in marks] == ["Kaesong", "Kaesong"]
    window.apply_query("type:cable OR type:telegram")
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert header.isSectionHidden(match)


def test_a_click_on_the_match_heading_sorts_by_relevance(window: MainWindow, qtbot: QtBot) -> None:
    window.apply_query("talks OR kaesong")
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    header = window.table.horizontalHeader()
    match = column_of("match")
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(match) + 10, header.height() // 2),
    )
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert window.query_state.sort.key == "relevance"
    catalog = window.catalog
    assert catalog is not None
    expected = catalog.search("talks OR kaesong", sort="relevance").ids
    assert list(window.model.ids) == list(expected)
    # The telegram says talks and Kaesong three times each: it comes first.
    assert window.model.index(0, column_of("title")).data().startswith("Ciphered Telegram")


def test_the_match_column_stays_as_the_person_set_it(window: MainWindow, qtbot: QtBot) -> None:
    window.table.set_column_visible("match", False)
    window.apply_query("kaesong")
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert window.table.horizontalHeader().isSectionHidden(column_of("match"))


def test_copied_rows_hold_the_passage_the_match_column_shows(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.apply_query("kaesong")
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    table = window.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    header, row = QGuiApplication.clipboard().text().splitlines()[:2]
    assert header.split("\t")[:3] == ["Date", "Title", "Match"]
    assert "Kaesong" in row.split("\t")[2]
