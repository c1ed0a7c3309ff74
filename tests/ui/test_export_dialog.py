"""Exporting from the window as a person does: select rows, choose columns, export, cancel."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.columns import EXPORT_COLUMNS
from desktop_app.domain.dates import parse_date
from desktop_app.domain.records import DocumentRecord, ImportBatch
from desktop_app.services import exporting
from desktop_app.services.catalog import Catalog
from desktop_app.ui.document_model import column_of
from desktop_app.ui.export_dialog import ExportColumnsModel, ExportDialog
from desktop_app.ui.import_dialog import ImportDialog
from desktop_app.ui.main_window import MainWindow
from tests.ui.conftest import OpenWindow, build_catalog

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.is_idle, timeout=20_000)


def _export_to(window: MainWindow, path: Path) -> list[str]:
    """Answer the save dialog with `path` from now on; returns the paths it suggested."""
    suggested: list[str] = []

    def choose(parent: object, proposal: str, file_format: str) -> str:
        suggested.append(proposal)
        return str(path)

    window.choose_export_path = choose
    return suggested


def _open_dialog(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    button = window.findChild(QToolButton, "exportButton")
    assert isinstance(button, QToolButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)
    return _shown_dialog(qtbot, window)


def _shown_dialog(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    def shown() -> list[ExportDialog]:
        return [d for d in window.findChildren(ExportDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def _ctrl_click_rows(qtbot: QtBot, window: MainWindow, rows: list[int]) -> None:
    table = window.table
    for row in rows:
        rect = table.visualRect(window.model.index(row, column_of("title")))
        qtbot.mouseClick(table.viewport(), LEFT, CTRL, rect.center())


def _click_column(qtbot: QtBot, dialog: ExportDialog, label: str) -> None:
    """Click a column's name in the list, making it the current one."""
    model = dialog.columns_model
    for row in range(model.rowCount()):
        index = model.index(row)
        if index.data() == label:
            rect = dialog.columns_view.visualRect(index)
            qtbot.mouseClick(dialog.columns_view.viewport(), LEFT, pos=rect.center())
            assert dialog.columns_view.currentIndex().row() == row
            return
    raise AssertionError(f"no column {label}")


def _toggle_column(qtbot: QtBot, dialog: ExportDialog, label: str) -> None:
    _click_column(qtbot, dialog, label)
    qtbot.keyClick(dialog.columns_view, Qt.Key.Key_Space)


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def test_three_rows_export_with_the_columns_chosen_in_their_order(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    rows = [2, 5, 11]
    _ctrl_click_rows(qtbot, window, rows)
    assert window.table.selected_rows() == rows
    ids = [window.model.ids[row] for row in rows]
    target = tmp_path / "three.csv"
    suggested = _export_to(window, target)

    dialog = _open_dialog(qtbot, window)
    assert dialog.selected_button.isChecked()
    assert "3 selected documents" in dialog.selected_button.text()
    # The table's columns, in the table's order, are what it offers first.
    assert dialog.columns_model.chosen() == tuple(window.table.visible_columns())
    for label in ("Type", "Number", "Recipients"):
        _toggle_column(qtbot, dialog, label)
    assert dialog.columns_model.chosen() == ("date", "title", "authors")
    _click_column(qtbot, dialog, "Title")
    qtbot.mouseClick(dialog.up_button, LEFT)
    assert dialog.columns_model.chosen() == ("title", "date", "authors")
    assert not dialog.up_button.isEnabled()  # Title is first now
    assert dialog.protect_check.isChecked()
    qtbot.mouseClick(dialog.export_button, LEFT)
    _idle(qtbot, window)

    assert suggested and suggested[0].endswith("seed-export.csv")
    message = window.statusBar().currentMessage()
    assert message == f"Exported 3 documents to {target}"
    catalog = window.catalog
    assert catalog is not None
    expected = [[row.title, row.date_text, "; ".join(row.authors)] for row in catalog.rows(ids)]
    assert _read_csv(target) == [["Title", "Date", "Authors"], *expected]
    assert window.export_action.isEnabled()
    assert not window.export_progress.isVisible()

    # The choice is remembered: the next export offers the same columns in the same order.
    dialog = _open_dialog(qtbot, window)
    assert dialog.columns_model.chosen() == ("title", "date", "authors")
    qtbot.mouseClick(dialog.table_columns_button, LEFT)
    assert dialog.columns_model.chosen() == tuple(window.table.visible_columns())
    dialog.reject()


FORMULA_TEXT = '=HYPERLINK("https://example.org/x","Read me")\n\nThe second paragraph.'


def _reports_with_texts(tmp_path: Path) -> str:
    """Two reports, the first one's text starting like a spreadsheet formula."""
    grain = DocumentRecord(
        title="Report on the Grain Harvest",
        date=parse_date("October 7, 1951"),
        record_id="101",
        text=FORMULA_TEXT,
        footnotes="1. Not printed.",
    )
    rice = DocumentRecord(
        title="Report on the Rice Harvest",
        date=parse_date("October 9, 1951"),
        record_id="102",
        text="The rice is in.",
    )
    return build_catalog(tmp_path / "reports.sqlite", ImportBatch("test", documents=(grain, rice)))


def test_the_text_is_offered_unchecked_and_exported_guarded_when_checked(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window(_reports_with_texts(tmp_path))
    # The text and footnotes are for export only: no column of the table shows them.
    model = window.model
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Title" in headings
    assert "Text" not in headings and "Footnotes" not in headings
    target = tmp_path / "reports.csv"
    _export_to(window, target)

    dialog = _open_dialog(qtbot, window)
    columns = dialog.columns_model
    listed = [columns.index(row).data() for row in range(columns.rowCount())]
    assert listed[-2:] == ["Text", "Footnotes"]  # last, after every other column
    for row in (len(listed) - 2, len(listed) - 1):
        index = columns.index(row)
        assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
        assert "often long" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert dialog.columns_model.chosen() == tuple(window.table.visible_columns())
    _toggle_column(qtbot, dialog, "Text")
    assert dialog.columns_model.chosen() == (*window.table.visible_columns(), "text")
    assert dialog.protect_check.isChecked()
    qtbot.mouseClick(dialog.export_button, LEFT)
    _idle(qtbot, window)

    assert window.statusBar().currentMessage() == f"Exported 2 documents to {target}"
    heading, *rows = _read_csv(target)
    assert heading[-1] == "Text" and "Footnotes" not in heading
    texts = {row[heading.index("Title")]: row[-1] for row in rows}
    # A spreadsheet shows the first text as text instead of running it.
    assert texts == {
        "Report on the Grain Harvest": "'" + FORMULA_TEXT,
        "Report on the Rice Harvest": "The rice is in.",
    }

    # The Import dialog reads that file's column back into the text, named as the export names it.
    window.choose_import_paths = lambda parent, folder: [str(target)]
    window.import_action.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ImportDialog)))
    (importing,) = [d for d in window.findChildren(ImportDialog) if d.isVisible()]
    combo = importing.field_combo("Text")
    assert (combo.currentData(), combo.currentText()) == ("text", "Text")
    offered = [combo.itemText(item) for item in range(combo.count())]
    assert offered.count("Text") == 1 and offered.count("Footnotes") == 1
    importing.reject()


def test_all_documents_matching_the_search(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    field = window.search_field
    field.setFocus()
    qtbot.keyClicks(field, "author:Stalin")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    _idle(qtbot, window)
    assert window.model.rowCount() == 5
    target = tmp_path / "stalin.json"
    _export_to(window, target)

    window.export_action.trigger()  # File ▸ Export…
    dialog = _shown_dialog(qtbot, window)
    assert not dialog.selected_button.isEnabled()  # nothing is selected
    assert dialog.matching_button.isChecked()
    assert "All 5 documents the search found" in dialog.matching_button.text()
    assert dialog.query_label.text() == "author:Stalin"
    assert dialog.query_label.textFormat() == Qt.TextFormat.PlainText
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("json"))
    assert not dialog.encoding_combo.isEnabled()  # the CSV's own choices
    assert not dialog.protect_check.isEnabled()
    qtbot.mouseClick(dialog.export_button, LEFT)
    _idle(qtbot, window)

    assert window.statusBar().currentMessage() == f"Exported 5 documents to {target}"
    records = json.loads(target.read_text(encoding="utf-8"))
    titles = [window.model.index(row, column_of("title")).data() for row in range(5)]
    assert [record["title"] for record in records] == titles  # in the table's order
    assert all("Stalin" in record["authors"] for record in records)


def test_selected_rows_export_for_a_citation_manager(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    import rispy

    window = open_window(seed_url)
    _ctrl_click_rows(qtbot, window, [0, 2])
    suggested = _export_to(window, tmp_path / "two")
    dialog = _open_dialog(qtbot, window)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("ris"))
    # A record for a citation manager holds every field: no columns to choose.
    assert not dialog.columns_box.isEnabled()
    assert not dialog.encoding_combo.isEnabled()
    qtbot.mouseClick(dialog.export_button, LEFT)
    _idle(qtbot, window)
    assert suggested[-1].endswith(".ris")
    target = tmp_path / "two.ris"  # the suffix the format asks for
    entries = rispy.loads(target.read_text(encoding="utf-8"))
    titles = [window.model.index(row, column_of("title")).data() for row in (0, 2)]
    assert [entry["title"] for entry in entries] == titles
    assert all(entry["type_of_reference"] == "MANSCPT" for entry in entries)


def test_a_workbook_with_the_record_of_how_it_was_made(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    import openpyxl

    window = open_window(seed_url)
    _export_to(window, tmp_path / "all")
    dialog = _open_dialog(qtbot, window)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("xlsx"))
    assert dialog.columns_box.isEnabled() and not dialog.protect_check.isEnabled()
    qtbot.mouseClick(dialog.provenance_check, LEFT)
    assert dialog.provenance_check.isChecked()
    qtbot.mouseClick(dialog.export_button, LEFT)
    _idle(qtbot, window)
    book = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert book["Documents"].max_row == 1 + window.model.rowCount()
    record = json.loads((tmp_path / "all.xlsx.provenance.json").read_text(encoding="utf-8"))
    assert record["documents"] == window.model.rowCount() and record["format"] == "xlsx"


def test_the_cell_menu_exports_the_selection(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    _ctrl_click_rows(qtbot, window, [4])
    menu = window.table.context_menu(window.model.index(4, column_of("title")))
    actions = [each for each in menu.actions() if each.objectName() == "exportSelectionAction"]
    assert len(actions) == 1
    target = tmp_path / "one.csv"
    _export_to(window, target)
    actions[0].trigger()
    dialog = _shown_dialog(qtbot, window)
    assert dialog.selected_button.isChecked()
    assert "1 selected document" in dialog.selected_button.text()
    qtbot.mouseClick(dialog.export_button, LEFT)
    _idle(qtbot, window)
    rows = _read_csv(target)
    assert len(rows) == 2
    assert rows[1][column_of("title")] == window.model.index(4, column_of("title")).data()


def test_a_cancelled_export_leaves_no_file(
    qtbot: QtBot,
    open_window: OpenWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"sqlite:///{tmp_path / 'generated.sqlite'}"
    catalog = Catalog.open(url)
    try:
        catalog.generate(4000)
    finally:
        catalog.close()
    # Many small pages: the export is still running when the first progress reaches the window.
    monkeypatch.setattr(exporting, "PAGE_SIZE", 100)
    window = open_window(url)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "all.csv"
    _export_to(window, target)
    progress = window.export_progress
    # The person presses Cancel as soon as the progress shows.
    window.exporter.progressed.connect(progress.cancel_button.click)
    cancelled: list[str] = []
    window.exporter.export_cancelled.connect(cancelled.append)

    dialog = _open_dialog(qtbot, window)
    assert dialog.matching_button.isChecked()
    qtbot.mouseClick(dialog.export_button, LEFT)
    assert progress.isVisible()
    assert not window.export_action.isEnabled()  # one export at a time
    _idle(qtbot, window)

    assert cancelled == [str(target)]
    assert not target.exists()
    assert list(folder.iterdir()) == []  # no partial file either
    assert not progress.isVisible()
    assert window.export_action.isEnabled()
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_failed_export_names_the_path_and_the_reason(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    target = tmp_path / "missing" / "out.csv"
    _export_to(window, target)
    dialog = _open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.export_button, LEFT)
    _idle(qtbot, window)
    box = window.findChild(QMessageBox, "exportFailedMessage")
    assert isinstance(box, QMessageBox)
    assert str(target) in box.informativeText()
    assert "its folder does not exist" in box.informativeText()
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert not target.exists()
    box.close()


def test_cancelling_the_save_dialog_keeps_the_export_dialog(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    window.choose_export_path = lambda parent, proposal, file_format: ""
    dialog = _open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.export_button, LEFT)
    assert dialog.isVisible()
    assert window.exporter.is_idle()
    # With every column unchecked there is nothing to export.
    for row in range(dialog.columns_model.rowCount()):
        dialog.columns_model.setData(
            dialog.columns_model.index(row), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
        )
    assert not dialog.export_button.isEnabled()
    dialog.reject()


def test_export_has_a_menu_entry_a_shortcut_and_is_off_without_a_catalog(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    assert dict(window.shortcuts())["Export"] == "Ctrl+E"
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_E, CTRL)
    dialog = _shown_dialog(qtbot, window)
    # Every control says what it is to a screen reader.
    for widget in dialog.findChildren(QWidget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisible():
            text = getattr(widget, "text", lambda: "")()
            assert widget.accessibleName() or text, widget.objectName()
    dialog.reject()
    file_menu = window.menuBar().actions()[0].menu()
    assert window.export_action in file_menu.actions()  # type: ignore[union-attr]
    button = window.findChild(QToolButton, "exportButton")
    assert isinstance(button, QToolButton)
    assert button.accessibleName() == "Export"

    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"this is not a database\n" * 200)
    broken = open_window(f"sqlite:///{corrupt}")
    assert not broken.export_action.isEnabled()
    assert broken.open_export_dialog() is None


def test_the_columns_model_passes_the_model_tester(qtmodeltester: object) -> None:
    model = ExportColumnsModel()
    model.set_columns(["title", "date", "authors"])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == len(EXPORT_COLUMNS)
    assert model.move(0, 1) == 1
    assert model.move(1, -5) == 0
    assert model.chosen() == ("title", "date", "authors")
    assert model.move(2, 1) == 3
    assert model.chosen() == ("title", "date", "authors")  # moved below an unchecked column
    assert model.data(model.index(0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.data(QModelIndex()) is None
    qtmodeltester.check(model)  # type: ignore[attr-defined]
