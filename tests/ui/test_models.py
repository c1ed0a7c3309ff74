"""The table and tree models: Qt's model contract, lazy pages, roles."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.domain.views import DocumentRow, SearchResult
from desktop_app.query.ast import Node
from desktop_app.query.compiler import SORT_COLUMNS
from desktop_app.services.catalog import Catalog
from desktop_app.ui.collection_tree import COLLECTION_TITLE_ROLE, CollectionTreeModel
from desktop_app.ui.document_model import (
    COLUMN_KEYS,
    DOCUMENT_ID_ROLE,
    PAGE_SIZE,
    DocumentTableModel,
    column_of,
)
from desktop_app.ui.document_table import DocumentTable


class CountingCatalog:
    """A catalog that counts the rows the model asks for."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.asked: list[int] = []

    def rows(self, ids: Sequence[int], query: Node | None = None) -> list[DocumentRow]:
        self.asked.append(len(ids))
        return self.catalog.rows(ids, query)


@pytest.fixture
def catalog(archive_url: str) -> Iterator[Catalog]:
    opened = Catalog.open(archive_url)
    yield opened
    opened.close()


def test_the_columns_are_the_catalogs_sort_columns() -> None:
    assert set(COLUMN_KEYS) == {*SORT_COLUMNS, "match"}  # Match sorts by relevance
    assert COLUMN_KEYS[:2] == ("date", "title")


def test_the_table_model_keeps_qts_contract(qtmodeltester, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    model = DocumentTableModel(catalog)
    model.set_result(catalog.search(""))
    qtmodeltester.check(model)
    assert model.rowCount() == 8


def _read(qtbot: QtBot, model: DocumentTableModel, row: int, column: int) -> object:
    """A cell's text once its page is read: asked for, a page arrives from a worker thread."""
    model.index(row, column).data()
    qtbot.waitUntil(model.is_idle, timeout=5000)
    return model.index(row, column).data()


def test_rows_are_fetched_a_page_at_a_time_and_only_when_shown(
    qtbot: QtBot, catalog: Catalog
) -> None:
    counting = CountingCatalog(catalog)
    model = DocumentTableModel(counting)  # type: ignore[arg-type]
    # A large result made of the same few ids stands for a big catalog.
    ids = catalog.search("").ids
    big = type(catalog.search(""))(total=1000, ids=tuple(ids[i % len(ids)] for i in range(1000)))
    model.set_result(big)
    assert counting.asked == []
    # flags() is asked for every laid-out cell and must never fetch.
    for row in range(0, 1000, 7):
        model.flags(model.index(row, 0))
    assert counting.asked == []
    title = column_of("title")
    # A row not read yet is blank, never a wait: its page is read on another thread.
    assert model.index(0, title).data() == ""
    assert _read(qtbot, model, 0, title)
    assert model.index(PAGE_SIZE - 1, title).data()
    assert counting.asked == [PAGE_SIZE]
    assert _read(qtbot, model, 999, title)
    assert counting.asked == [PAGE_SIZE, PAGE_SIZE]


def test_roles_are_answered_and_others_are_none(qtbot: QtBot, catalog: Catalog) -> None:
    model = DocumentTableModel(catalog)
    result = catalog.search("", sort="date")
    model.set_result(result)
    _read(qtbot, model, 0, 0)
    first = model.index(0, column_of("date"))
    assert first.data(Qt.ItemDataRole.DisplayRole) == "September 10, 1951"
    assert first.data(DOCUMENT_ID_ROLE) == result.ids[0]
    assert first.data(Qt.ItemDataRole.DecorationRole) is None
    assert first.data(Qt.ItemDataRole.UserRole + 99) is None
    authors = model.index(0, column_of("authors"))
    assert authors.data() == "Stalin"


def test_a_tooltip_shows_catalog_text_literally(qtbot: QtBot, catalog: Catalog) -> None:
    model = DocumentTableModel(catalog)
    model.set_result(catalog.search("record:777"))
    _read(qtbot, model, 0, 0)
    tooltip = model.index(0, column_of("title")).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tooltip
    assert "&lt;img src=x onerror=alert(1)&gt;" in tooltip


def test_the_tree_model_keeps_qts_contract(qtmodeltester, qapp, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    model = CollectionTreeModel()
    model.set_collections(catalog.collections(), catalog.count())
    qtmodeltester.check(model)


def test_the_tree_lists_collections_with_periods_and_counts(qapp, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    model = CollectionTreeModel()
    model.set_collections(catalog.collections(), catalog.count())
    everything = model.index(0, 0)
    assert everything.data() == "All documents"
    assert everything.data(COLLECTION_TITLE_ROLE) is None
    assert model.index(0, 2).data() == "8"
    relations = model.index(1, 0)
    assert relations.data() == "Sino-Soviet Relations"
    rows = {
        relations.model().index(r, 0, relations).data(): tuple(
            model.index(r, c, relations).data() for c in range(3)
        )
        for r in range(model.rowCount(relations))
    }
    assert rows["Sino-Soviet Alliance"] == ("Sino-Soviet Alliance", "1950–1959", "3")
    assert rows["Sino-Soviet Split"] == ("Sino-Soviet Split", "1960–1984", "1")
    assert not model.index(0, 0, QModelIndex()).parent().isValid()


def test_selecting_every_row_of_a_big_result_asks_the_model_little(
    qtbot: QtBot, catalog: Catalog
) -> None:
    counted = {"calls": 0}

    class Counting(DocumentTableModel):
        def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
            counted["calls"] += 1
            return super().rowCount(parent)

    model = Counting(catalog)
    ids = catalog.search("").ids
    model.set_result(SearchResult(100_000, tuple(ids[i % len(ids)] for i in range(100_000))))
    table = DocumentTable(model)
    qtbot.addWidget(table)
    table.resize(900, 600)
    table.show()
    qtbot.waitExposed(table)
    counted["calls"] = 0
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    table.repaint()
    assert table.selected_count() == 100_000
    # Qt's headers would otherwise ask about every cell of every shown column.
    assert counted["calls"] < 5_000


def test_a_first_page_shows_every_row_and_the_rest_fills_in_place(
    qtbot: QtBot, qtmodeltester: ModelTester, catalog: Catalog
) -> None:
    """Rows past a result's first page are blank until its other ids come; no reset then."""
    ids = catalog.search("").ids
    whole = tuple(ids[i % len(ids)] for i in range(3 * PAGE_SIZE))
    model = DocumentTableModel(catalog)
    model.set_result(SearchResult(len(whole), whole[:PAGE_SIZE], complete=False))
    qtmodeltester.check(model)
    title = column_of("title")
    assert model.rowCount() == 3 * PAGE_SIZE and not model.is_complete
    assert _read(qtbot, model, PAGE_SIZE - 1, title)
    assert model.index(PAGE_SIZE, title).data() is None
    assert model.document_id(2 * PAGE_SIZE) is None

    with (
        qtbot.assertNotEmitted(model.modelReset),
        qtbot.waitSignal(model.dataChanged) as changed,
    ):
        model.complete_result(SearchResult(len(whole), whole))
    assert changed.args[0].row() == PAGE_SIZE
    assert model.is_complete
    assert _read(qtbot, model, 2 * PAGE_SIZE, title)
    assert model.document_id(3 * PAGE_SIZE - 1) == whole[-1]


def test_ids_that_do_not_continue_the_shown_rows_reset_the_table(
    qtbot: QtBot, catalog: Catalog
) -> None:
    ids = list(catalog.search("").ids)
    model = DocumentTableModel(catalog)
    model.set_result(SearchResult(len(ids), ids[:2], complete=False))
    changed = [*reversed(ids)]  # the catalog changed between the first page and the rest
    with qtbot.waitSignal(model.modelReset):
        model.complete_result(SearchResult(len(changed), changed))
    assert [model.document_id(row) for row in range(len(changed))] == changed
