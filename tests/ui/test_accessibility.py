"""Every widget a person can focus or click has a name that a screen reader says."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.query.operators import Operator
from desktop_app.ui.crash_dialog import CrashDialog
from desktop_app.ui.dialogs import ShortcutsDialog
from desktop_app.ui.import_dialog import ImportDialog
from desktop_app.ui.main_window import MainWindow
from tests.conftest import SEED
from tests.ui.conftest import OpenWindow

LEFT = Qt.MouseButton.LeftButton

#: Widgets Qt makes by itself and that need no name of ours, by object name, each with why.
#: Keep it to what the walk really meets: anything else unnamed is a defect to fix.
QT_OWN_WIDGETS = {
    # A table's corner button (the import preview shows its line numbers): a mouse-only
    # "select all cells" that takes no focus; Ctrl+A does the same from the table, which is
    # named, and the preview is there to be read, not selected.
    "qt_tableview_cornerbutton",
}


def _interactive(widget: QWidget) -> bool:
    return isinstance(widget, QAbstractButton) or widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """The visible widgets of `root` (itself included) that take focus or can be clicked."""
    return [w for w in [root, *root.findChildren(QWidget)] if w.isVisible() and _interactive(w)]


def _described(widget: QWidget) -> str:
    kind = type(widget).__name__
    if isinstance(widget, QAbstractButton) and widget.text():
        kind += f" {widget.text()!r}"
    parent = widget.parentWidget()
    inside = f" in {parent.objectName() or type(parent).__name__}" if parent is not None else ""
    return f"{widget.objectName() or '(no objectName)'} ({kind}){inside}"


def unnamed(root: QWidget) -> list[str]:
    """Each interactive widget of `root` without an accessible name, by name and class."""
    return [
        _described(widget)
        for widget in interactive_widgets(root)
        if not widget.accessibleName().strip() and widget.objectName() not in QT_OWN_WIDGETS
    ]


def _assert_named(root: QWidget) -> None:
    missing = unnamed(root)
    assert not missing, f"{root.objectName()}: no accessible name on\n  " + "\n  ".join(missing)


def _names(root: QWidget) -> set[str]:
    return {widget.objectName() for widget in interactive_widgets(root)}


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.is_idle, timeout=20_000)


def _search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.search_field.setFocus()
    window.search_field.selectAll()
    qtbot.keyClicks(window.search_field, text)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    _idle(qtbot, window)


def _shown(window: MainWindow, kind: type[QDialog], name: str = "") -> QDialog | None:
    for dialog in window.findChildren(kind):
        if dialog.isVisible() and (not name or dialog.objectName() == name):
            return dialog
    return None


def _bring_out_the_window(qtbot: QtBot, window: MainWindow) -> None:
    """Show the parts that appear only as the window is used: chips, a filter row with two
    values, every facet section open with its filter box, the status bar's progress."""

    for section in window.facet_panel.sections():
        if section.isVisible() and not section.is_expanded():
            qtbot.mouseClick(section.toggle, LEFT)
    _idle(qtbot, window)
    for section in window.facet_panel.sections():
        if section.more_button.isVisible():
            qtbot.mouseClick(section.more_button, LEFT)
    _idle(qtbot, window)
    _search(qtbot, window, '-type:="Cable" date:1951..1952')
    rect = window.table.visualRect(window.model.index(0, 1))
    qtbot.mouseClick(window.table.viewport(), LEFT, pos=rect.center())
    _idle(qtbot, window)
    for section in window.facet_panel.sections():
        if section.find_button.isVisible():
            qtbot.mouseClick(section.find_button, LEFT)
    add_filter = window.findChild(QToolButton, "addFilterButton")
    assert isinstance(add_filter, QToolButton)
    qtbot.mouseClick(add_filter, LEFT)
    (row,) = window.filter_builder.rows()
    row.set_field("date")
    row.set_operator(Operator.BETWEEN)
    qtbot.keyClicks(row.value_edit, "1951")
    qtbot.keyClicks(row.second_edit, "1952")

    type_section = window.facet_panel.section("type")
    qtbot.keyClicks(type_section.filter_edit, "c")
    _idle(qtbot, window)

    window.import_progress.start("letters.csv")
    window.export_progress.show_started("Exporting to letters.csv…", "letters.csv")


def test_the_walk_reports_an_unnamed_button(qtbot: QtBot) -> None:
    # The check below is only worth something if it can fail.
    root = QWidget()
    root.setObjectName("root")
    root.setAccessibleName("Root")
    qtbot.addWidget(root)
    button = QToolButton(root)
    button.setObjectName("nameless")
    button.setText("×")
    root.show()
    qtbot.waitExposed(root)
    assert unnamed(root) == ["nameless (QToolButton '×') in root"]
    button.setAccessibleName("Remove")
    assert unnamed(root) == []


def test_every_control_of_the_window_has_a_name(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    _bring_out_the_window(qtbot, window)
    # The walk reached the parts it is meant to look at.
    expected = {
        "searchField",
        "backButton",
        "forwardButton",
        "addFilterButton",
        "exportButton",
        "removeChipButton",
        "clearFiltersButton",
        "filterFieldCombo",
        "filterOperatorCombo",
        "filterValueEdit",
        "filterSecondValueEdit",
        "applyFilterButton",
        "removeFilterRowButton",
        "facetToggle_type",
        "facetClear_type",
        "facetFind_type",
        "facetFilter_type",
        "facetList_author",
        "facetFewer_recipient",
        "collectionTree",
        "savedSearchList",
        "documentTable",
        "detailPane",
        "timeline",
        "cancelImportButton",
        "cancelExportButton",
        "qt_dockwidget_closebutton",
        "qt_dockwidget_floatbutton",
    }
    assert expected <= _names(window)
    _assert_named(window)

    # Too narrow for the toolbar: its » button shows the rest.
    window.resize(560, 700)
    qtbot.waitUntil(lambda: "qt_toolbar_ext_button" in _names(window))
    _assert_named(window)


def test_the_help_dialogs_name_their_controls(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    window.shortcuts_action.trigger()
    shortcuts = _shown(window, ShortcutsDialog)
    assert shortcuts is not None
    _assert_named(shortcuts)
    shortcuts.close()

    window.about_action.trigger()
    about = _shown(window, QMessageBox, "aboutDialog")
    assert about is not None
    _assert_named(about)
    about.close()


def test_the_catalog_dialogs_name_their_controls(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    opening = window.open_catalog_dialog()
    _assert_named(opening)
    opening.reject()

    _search(qtbot, window, "author:stalin")
    window.save_search_action.trigger()
    saving = _shown(window, QInputDialog, "saveSearchDialog")
    assert saving is not None
    _assert_named(saving)
    saving.accept()
    _idle(qtbot, window)

    saved = window.saved_list
    qtbot.waitUntil(lambda: saved.list_model.rowCount() == 1)
    saved.setFocus()
    saved.setCurrentIndex(saved.list_model.index(0))
    qtbot.keyClick(saved, Qt.Key.Key_F2)
    renaming = _shown(window, QInputDialog, "renameSearchDialog")
    assert renaming is not None
    _assert_named(renaming)
    renaming.reject()
    qtbot.keyClick(saved, Qt.Key.Key_Delete)
    deleting = _shown(window, QMessageBox, "deleteSearchDialog")
    assert deleting is not None
    _assert_named(deleting)
    deleting.reject()

    exporting = window.open_export_dialog()
    assert exporting is not None
    _assert_named(exporting)
    exporting.reject()


def test_the_import_dialog_and_its_report_name_their_controls(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, tmp_path: Path
) -> None:
    window = open_window(seed_url)
    broken = tmp_path / "broken.csv"
    broken.write_text('date,title\n"May 1, 1950",A title\n"May 2, 1950","Never closed\n')
    dialog = window.open_import_dialog([broken, SEED])
    assert isinstance(dialog, ImportDialog)
    line = dialog.collection_combo.lineEdit()
    assert line is not None
    qtbot.keyClicks(line, "Letters")  # its clear button shows
    assert {"importFile", "importFormat", "importCollection", "importPreview"} <= _names(dialog)
    _assert_named(dialog)
    line.clear()
    qtbot.mouseClick(dialog.import_button, LEFT)
    _idle(qtbot, window)

    report = window.findChild(QMessageBox, "importFailedMessage")
    assert isinstance(report, QMessageBox)
    _assert_named(report)
    report.close()


def test_the_crash_dialog_names_its_controls(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CrashDialog("Traceback (most recent call last):\n  …", tmp_path / "dossier.log")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert {"crashDetails", "crashCopyButton"} <= _names(dialog)
    _assert_named(dialog)


def test_the_search_fields_magnifier_does_what_its_name_says(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    window = open_window(seed_url)
    (magnifier,) = [
        button
        for button in window.search_field.findChildren(QToolButton)
        if button.accessibleName() == "Run the search"
    ]
    qtbot.keyClicks(window.search_field, "author:stalin")
    qtbot.mouseClick(magnifier, LEFT)
    _idle(qtbot, window)
    assert window.query == "author:stalin"
    assert window.model.rowCount() == 5


def test_the_labels_that_report_say_what_they_show(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    """A screen reader speaks a label's name in place of its text: a name of its own would
    hide "20 documents · 0 selected" behind "Document counts"."""
    window = open_window(seed_url)
    _search(qtbot, window, "author:(")
    labels = [
        label
        for label in window.findChildren(QLabel)
        if label.isVisible() and label.text() and label.textFormat() == Qt.TextFormat.PlainText
    ]
    names = {label.objectName() for label in labels}
    assert {"queryMessage"} <= names, names
    counts = window.counts_label
    assert "documents" in counts.text()
    for label in [*labels, counts]:
        spoken = QAccessible.queryAccessibleInterface(label)
        assert spoken is not None
        assert spoken.text(QAccessible.Text.Name) == label.text(), label.objectName()
