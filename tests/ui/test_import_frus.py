"""Importing FRUS volumes (TEI XML) from the window as a person does: Ctrl+I, the dialog, Import,
then what the table, the collections and the detail pane show; progress with Cancel; a broken
volume refused with its file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.ui.collection_tree import COLLECTION_TITLE_ROLE
from desktop_app.ui.document_model import PAGE_SIZE, column_of
from desktop_app.ui.import_dialog import ImportDialog, collection_titles
from desktop_app.ui.import_progress import file_size
from desktop_app.ui.main_window import MainWindow
from tests.test_frus_import import FRUS, SMALL_VOLUME, VOLUMES, needs_volumes
from tests.ui.conftest import OpenWindow

LEFT = Qt.MouseButton.LeftButton

SMALLEST = FRUS / "frus1961-63v06.xml"
SMALLEST_TITLE = (
    "Foreign Relations of the United States, 1961–1963, Volume VI, Kennedy-Khrushchev Exchanges"
)
SMALLEST_CHAPTER = "Kennedy-Khrushchev Exchanges"
KHRUSHCHEV_MESSAGE = "Message From Chairman Khrushchev to President Kennedy"
READ_AS_TEI = "read as a FRUS volume (TEI XML)"


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.is_idle, timeout=30_000)


def _open_dialog(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, paths: list[Path]
) -> ImportDialog:
    """Ctrl+I, the system's file dialog (which cannot be driven) answering with `paths`."""
    monkeypatch.setattr(
        window, "choose_import_paths", lambda parent, folder: [str(path) for path in paths]
    )
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)

    def shown() -> list[ImportDialog]:
        return [d for d in window.findChildren(ImportDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def _assert_read_whole(dialog: ImportDialog) -> None:
    """The dialog says the file shown is a FRUS volume, read whole, with nothing to map."""
    assert dialog.format_note.text() == READ_AS_TEI
    assert dialog.preview_stack.currentWidget() is dialog.preview_message
    note = dialog.preview_message.text()
    assert note.startswith("A FRUS volume is read whole: the volume and its chapters become ")
    assert note.endswith("It has no columns to map.")
    nothing = dialog.mapping_widget.findChild(QLabel, "importNoColumns")
    assert isinstance(nothing, QLabel) and nothing.text() == "No columns: nothing to map."
    assert not dialog.problem_label.isVisible()
    assert dialog.import_button.isEnabled()


def _titles_shown(window: MainWindow) -> list[str]:
    """The titles of the table's first page of rows, as the table shows them."""
    model = window.model
    rows = min(model.rowCount(), PAGE_SIZE)
    return [model.index(row, column_of("title")).data() for row in range(rows)]


def _message_box(window: MainWindow, name: str) -> QMessageBox | None:
    boxes = [box for box in window.findChildren(QMessageBox, name) if box.isVisible()]
    return boxes[0] if boxes else None


@needs_volumes
def test_a_volume_imported_through_the_dialog_shows_its_collections_and_documents(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(seed_url)
    assert window.model.rowCount() == 20
    # What File ▸ Import… says it takes, on hover and in the status bar.
    assert "FRUS volumes (TEI XML)" in window.import_action.toolTip()
    assert "FRUS volumes (TEI XML)" in window.import_action.statusTip()
    dialog = _open_dialog(qtbot, window, monkeypatch, [SMALLEST])
    assert dialog.file_label.text() == str(SMALLEST)
    _assert_read_whole(dialog)
    qtbot.mouseClick(dialog.import_button, LEFT)
    qtbot.waitUntil(lambda: _message_box(window, "importReport") is not None, timeout=30_000)
    _idle(qtbot, window)

    report = _message_box(window, "importReport")
    assert report is not None
    assert (
        "frus1961-63v06.xml: 120 documents added, 0 updated, 0 already in the catalog"
        in report.informativeText()
    )
    report.close()
    assert "120 added" in window.statusBar().currentMessage()
    assert window.model.rowCount() == 140
    assert window.counts_label.text().startswith("140 documents · ")

    # The sidebar: the volume at the top, its one chapter under it, shown open.
    tree = window.collection_tree
    model = tree.tree_model
    volume = model.index_of(SMALLEST_TITLE)
    assert volume.isValid()
    assert volume.parent() == QModelIndex()
    assert model.rowCount(volume) == 1
    chapter = model.index(0, 0, volume)
    assert chapter.data(COLLECTION_TITLE_ROLE) == SMALLEST_CHAPTER
    assert model.index(0, 2, volume).data() == "120"
    assert model.index(volume.row(), 2, volume.parent()).data() == "120"
    assert tree.isExpanded(volume)

    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(chapter).center())
    _idle(qtbot, window)
    assert window.search_field.text() == f'collection:="{SMALLEST_CHAPTER}"'
    assert window.model.rowCount() == 120

    # Reading one of the chapter's documents: its title and correspondents in the detail pane.
    titles = _titles_shown(window)
    assert KHRUSHCHEV_MESSAGE in titles
    row = titles.index(KHRUSHCHEV_MESSAGE)
    table = window.table
    index = window.model.index(row, column_of("title"))
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(index).center())
    pane = window.detail_pane
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.row.title == KHRUSHCHEV_MESSAGE)
    text = pane.toPlainText()
    assert text.startswith(KHRUSHCHEV_MESSAGE)
    assert "\nFrom\nNikita Khrushchev\n" in text
    assert "\nTo\nJohn F. Kennedy\n" in text
    assert SMALLEST_CHAPTER in text
    assert "Department of State, Presidential Correspondence" in text
    assert pane.detail is not None
    assert pane.detail.row.record_id is not None
    assert pane.detail.row.record_id.startswith("frus1961-63v06/d")


@needs_volumes
def test_an_import_of_every_volume_shows_its_progress_and_cancel_changes_nothing(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(seed_url)
    collections_before = collection_titles(window.collection_tree.tree_model)
    dialog = _open_dialog(qtbot, window, monkeypatch, VOLUMES)
    assert dialog.file_combo.isVisible()
    assert dialog.file_combo.count() == len(VOLUMES)
    _assert_read_whole(dialog)
    dialog.file_combo.setCurrentIndex(dialog.file_combo.count() - 1)
    _assert_read_whole(dialog)

    progress = window.import_progress
    values: list[int] = []
    progress.bar.valueChanged.connect(values.append)
    qtbot.mouseClick(dialog.import_button, LEFT)
    qtbot.waitUntil(progress.isVisible)
    assert progress.label.text() == f"Importing {len(VOLUMES)} files…"
    assert not window.import_action.isEnabled()

    # The bar moves, file after file, before the person has seen enough.
    qtbot.waitUntil(lambda: len({value for value in values if value > 0}) >= 3, timeout=30_000)
    total = file_size(sum(path.stat().st_size for path in VOLUMES))
    assert progress.bar.format().endswith(f" of {total}")
    moved = [value for value in values if value > 0]
    assert moved == sorted(moved)
    assert progress.bar.value() < progress.bar.maximum()  # still running when Cancel is pressed
    qtbot.mouseClick(progress.cancel_button, LEFT)
    qtbot.waitUntil(lambda: not progress.is_running(), timeout=30_000)
    _idle(qtbot, window)

    assert window.statusBar().currentMessage() == "Import cancelled; the catalog is unchanged"
    assert not progress.isVisible()
    assert window.import_action.isEnabled()
    assert _message_box(window, "importReport") is None
    assert _message_box(window, "importFailedMessage") is None
    assert window.model.rowCount() == 20
    assert collection_titles(window.collection_tree.tree_model) == collections_before
    catalog = window.catalog
    assert catalog is not None
    assert catalog.count() == 20
    assert catalog.count('record:"frus"') == 0


@needs_volumes
def test_a_collection_typed_in_the_dialog_holds_the_volume_documents(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(seed_url)
    dialog = _open_dialog(qtbot, window, monkeypatch, [SMALLEST])
    _assert_read_whole(dialog)
    assert dialog.collection_combo.isEnabled()
    dialog.collection_combo.setFocus()
    qtbot.keyClicks(dialog.collection_combo, "Letters to read")
    qtbot.mouseClick(dialog.import_button, LEFT)
    qtbot.waitUntil(lambda: _message_box(window, "importReport") is not None, timeout=30_000)
    _idle(qtbot, window)
    assert window.model.rowCount() == 140

    tree = window.collection_tree
    chosen = tree.tree_model.index_of("Letters to read")
    assert chosen.isValid(), "no collection 'Letters to read' in the sidebar"
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(chosen).center())
    _idle(qtbot, window)
    assert window.model.rowCount() == 120


def _cut_small_volume() -> str:
    return SMALL_VOLUME[: SMALL_VOLUME.index("<p>Ambassador")]


def _cut_smallest_volume() -> str:
    return SMALLEST.read_text(encoding="utf-8")[:700_000]


@pytest.mark.parametrize(
    "cut",
    [
        pytest.param(_cut_small_volume, id="small-volume"),
        pytest.param(_cut_smallest_volume, id="real-volume", marks=needs_volumes),
    ],
)
def test_a_broken_volume_is_refused_naming_its_file_and_line_and_changes_nothing(
    qtbot: QtBot,
    open_window: OpenWindow,
    seed_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    cut: Callable[[], str],
) -> None:
    text = cut()
    # Cut off in the middle of a document: the parser stops on the file's last line.
    line = text.count("\n") + 1
    broken = tmp_path / "cut-short.xml"
    broken.write_text(text, encoding="utf-8")
    good = tmp_path / "frus1969-76v17.xml"
    good.write_text(SMALL_VOLUME, encoding="utf-8")
    window = open_window(seed_url)
    collections_before = collection_titles(window.collection_tree.tree_model)

    dialog = _open_dialog(qtbot, window, monkeypatch, [good, broken])
    _assert_read_whole(dialog)
    dialog.file_combo.setCurrentIndex(dialog.file_combo.findText(broken.name))
    _assert_read_whole(dialog)
    qtbot.mouseClick(dialog.import_button, LEFT)
    qtbot.waitUntil(lambda: _message_box(window, "importFailedMessage") is not None, timeout=30_000)
    _idle(qtbot, window)

    box = _message_box(window, "importFailedMessage")
    assert box is not None
    assert box.text() == "The import failed; nothing was added to the catalog."
    assert box.informativeText().startswith(f"{broken}:{line}: not well-formed XML")
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()
    assert window.statusBar().currentMessage() == "The import failed; nothing was added."
    assert _message_box(window, "importReport") is None
    # All or nothing: the good volume before it is not kept either.
    assert window.model.rowCount() == 20
    assert collection_titles(window.collection_tree.tree_model) == collections_before
    catalog = window.catalog
    assert catalog is not None
    assert catalog.count() == 20
    assert window.import_action.isEnabled()
