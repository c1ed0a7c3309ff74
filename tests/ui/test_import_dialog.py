"""Importing from the window as a person does: pick files, check the preview, map, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.records import ImportBatch
from desktop_app.importers.tabular import preview_table
from desktop_app.services.catalog import Catalog
from desktop_app.ui.document_model import column_of
from desktop_app.ui.import_dialog import ImportDialog, ImportPreviewModel
from desktop_app.ui.main_window import MainWindow
from tests.conftest import SEED
from tests.ui.conftest import OpenWindow, build_catalog

LEFT = Qt.MouseButton.LeftButton


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.is_idle, timeout=20_000)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _open_dialog(qtbot: QtBot, window: MainWindow, paths: list[Path]) -> ImportDialog:
    """File ▸ Import…, the file dialog answering with `paths`."""
    window.choose_import_paths = lambda parent, folder: [str(path) for path in paths]
    window.import_action.trigger()

    def shown() -> list[ImportDialog]:
        return [d for d in window.findChildren(ImportDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def _titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, column_of("title")).data() for row in range(model.rowCount())]


LETTERS = (
    "Headline,Document Date,Writer\n"
    '"Report on grain deliveries <b>to Manchuria</b>","May 3, 1951",Zhou Enlai\n'
)


def test_a_column_mapped_to_the_title_imports_and_shows(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    assert window.model.rowCount() == 20
    path = _write(tmp_path, "letters.csv", LETTERS)
    dialog = _open_dialog(qtbot, window, [path])

    assert dialog.format_note.text() == "read as CSV"
    preview = dialog.preview_view.model()
    assert preview.rowCount() == 1
    assert preview.columnCount() == 3
    assert preview.index(0, 0).data() == "Report on grain deliveries <b>to Manchuria</b>"
    assert preview.headerData(0, Qt.Orientation.Vertical) == "2"  # the file's line
    # The importer's own name matching fills the combos in: the date is known, the rest is not.
    assert dialog.fields() == {"Headline": None, "Document Date": "date", "Writer": None}
    assert not dialog.import_button.isEnabled()
    assert "No column is read into the title" in dialog.problem_label.text()

    combo = dialog.field_combo("Headline")
    combo.setFocus()
    qtbot.keyClicks(combo, "Title")
    assert combo.currentData() == "title"
    writer = dialog.field_combo("Writer")
    writer.setCurrentIndex(writer.findData("authors"))
    assert "→ Title" in preview.headerData(0, Qt.Orientation.Horizontal)
    assert dialog.import_button.isEnabled()
    assert not dialog.problem_label.isVisible()
    assert dialog.mapping() == {"Headline": "title", "Document Date": "date", "Writer": "authors"}
    qtbot.mouseClick(dialog.import_button, LEFT)
    _idle(qtbot, window)

    assert window.model.rowCount() == 21
    assert "Report on grain deliveries <b>to Manchuria</b>" in _titles(window)
    assert "1 added" in window.statusBar().currentMessage()
    report = window.findChild(QMessageBox, "importReport")
    assert isinstance(report, QMessageBox)
    assert "letters.csv: 1 document added, 0 updated, 0 already in the catalog" in (
        report.informativeText()
    )
    report.close()
    catalog = window.catalog
    assert catalog is not None
    assert catalog.count('title:"grain deliveries" author:"Zhou Enlai" year:1951') == 1


def test_a_malformed_csv_shows_its_line_and_changes_nothing(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    path = _write(
        tmp_path,
        "broken.csv",
        'date,title\n"May 1, 1950",A fine title\n"May 2, 1950","A title never closed\n',
    )
    dialog = _open_dialog(qtbot, window, [path])
    assert dialog.preview_view.model().rowCount() == 1
    assert "line 3" in dialog.problem_label.text()
    qtbot.mouseClick(dialog.import_button, LEFT)
    _idle(qtbot, window)

    box = window.findChild(QMessageBox, "importFailedMessage")
    assert isinstance(box, QMessageBox)
    assert f"{path}:3:" in box.informativeText()
    assert "never closed" in box.informativeText()
    box.close()
    assert window.model.rowCount() == 20
    catalog = window.catalog
    assert catalog is not None
    assert catalog.count() == 20
    assert "nothing was added" in window.statusBar().currentMessage()


def test_a_json_file_into_a_new_collection(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    path = _write(
        tmp_path,
        "records.json",
        '[{"title": "Note on the railway", "date": "1952", "language": ["Russian"]},\n'
        ' {"title": "Note on the port", "date": "1953", "page_number": 4}]\n',
    )
    dialog = _open_dialog(qtbot, window, [path])
    assert dialog.fields() == {
        "title": "title",
        "date": "date",
        "language": "languages",
        "page_number": None,
    }
    # Choosing the title for another column takes it from the one that had it.
    dialog.field_combo("page_number").setCurrentIndex(
        dialog.field_combo("page_number").findData("title")
    )
    assert dialog.fields()["title"] is None
    dialog.field_combo("title").setCurrentIndex(dialog.field_combo("title").findData("title"))
    assert dialog.fields()["page_number"] is None
    qtbot.keyClicks(dialog.collection_combo, "Port and railway")
    qtbot.mouseClick(dialog.import_button, LEFT)
    _idle(qtbot, window)
    catalog = window.catalog
    assert catalog is not None
    assert catalog.count('collection:"Port and railway"') == 2
    assert window.model.rowCount() == 22


def test_a_listing_has_no_columns_to_map(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window(build_catalog(tmp_path / "empty.sqlite", batch=ImportBatch("none")))
    dialog = _open_dialog(qtbot, window, [SEED])
    assert dialog.format_note.text() == "read as an archive listing"
    assert dialog.preview_stack.currentWidget() is dialog.preview_message
    assert "no columns to map" in dialog.preview_message.text()
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, LEFT)
    _idle(qtbot, window)
    assert window.model.rowCount() == 20


def test_choosing_a_format_reads_the_file_so(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    path = _write(tmp_path, "letters.txt", LETTERS.replace("Headline", "Title"))
    dialog = _open_dialog(qtbot, window, [path])
    assert dialog.format_note.text() == "read as CSV"  # by its content
    dialog.set_file_format("listing")
    assert dialog.preview_stack.currentWidget() is dialog.preview_message
    assert dialog.mapping() == {}
    dialog.set_file_format("csv")
    assert dialog.preview_stack.currentWidget() is dialog.preview_view
    assert dialog.request().file_format == "csv"
    # Column names from the file are shown as they are, never as markup.
    labels = [
        label
        for label in dialog.mapping_widget.findChildren(QLabel)
        if label.text() == "Document Date"
    ]
    assert labels and labels[0].textFormat() == Qt.TextFormat.PlainText
    dialog.reject()


def test_import_is_off_in_a_read_only_catalog_and_says_why(
    open_window: OpenWindow, seed_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(Catalog, "read_only", property(lambda self: True))
    monkeypatch.setattr(Catalog, "read_only_reason", property(lambda self: "a newer schema"))
    window = open_window(seed_url)
    assert not window.import_action.isEnabled()
    assert "a newer schema" in window.import_action.toolTip()
    assert "a newer schema" in window.import_action.statusTip()
    assert window.open_import_dialog([_write(tmp_path, "a.csv", LETTERS)]) is None
    button = window.findChild(QToolButton, "importButton")
    assert isinstance(button, QToolButton)
    assert not button.isEnabled()
    assert window.export_action.isEnabled()  # reading is still allowed


def test_ctrl_i_picks_files_then_opens_the_dialog(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    assert dict(window.shortcuts())["Import"] == "Ctrl+I"
    path = _write(tmp_path, "letters.csv", LETTERS)
    asked: list[str] = []

    def choose(parent: object, folder: str) -> list[str]:
        asked.append(folder)
        return [str(path)]

    window.choose_import_paths = choose
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ImportDialog)))
    assert len(asked) == 1
    (dialog,) = [d for d in window.findChildren(ImportDialog) if d.isVisible()]
    assert dialog.file_label.text() == str(path)
    # Every control says what it is to a screen reader.
    for widget in dialog.findChildren(QWidget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisible():
            text = getattr(widget, "text", lambda: "")()
            assert widget.accessibleName() or text, widget.objectName()
    dialog.reject()


def test_the_preview_model_passes_the_model_tester(qtmodeltester: object, tmp_path: Path) -> None:
    model = ImportPreviewModel()
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    path = _write(tmp_path, "letters.csv", LETTERS + '"Second, longer",1952,"Mao Zedong"\n')
    model.set_preview(preview_table(path, file_format="csv"))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert (model.rowCount(), model.columnCount()) == (2, 3)
    model.set_field(0, "title")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Headline\n→ Title"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Writer\n→ (ignore)"
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_a_ris_file_imports_from_the_window(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    ris = tmp_path / "zotero.ris"
    ris.write_text(
        "TY  - MANSCPT\nTI  - Letter, Jawaharlal Nehru to All Provincial Premiers\n"
        "DA  - 1949/04/01/\nDB  - Nehru Memorial Museum and Library\nKW  - India\nER  - \n",
        encoding="utf-8",
    )
    window = open_window(seed_url)
    window.choose_import_paths = lambda parent, folder: [str(ris)]
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(ImportDialog) is not None)
    dialog = window.findChild(ImportDialog)
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.findChild(QWidget, "importNoColumns") is not None)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.is_idle, timeout=20_000)
    assert window.catalog is not None
    assert window.catalog.count('tag:India "Provincial Premiers"') == 1
