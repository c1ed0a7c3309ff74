"""The People window as a person uses it: filter, select, merge one person into another and
see one facet entry with the sum of their documents; separate the name again; rename; undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.domain.dates import parse_date
from desktop_app.domain.records import Credit, DocumentRecord, ImportBatch, PersonName, Role
from desktop_app.domain.views import PersonView
from desktop_app.services.catalog import Catalog
from desktop_app.ui.facets import COUNT_ROLE
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.name_dialog import NameDialog
from desktop_app.ui.people_window import PeopleModel, PeopleWindow
from tests.ui.conftest import OpenWindow

AMBASSADOR = "The Soviet Ambassador"


def _with_the_ambassador(url: str) -> None:
    """Two letters by the ambassador, a person of their own, and one with N.V. Roshchin."""
    credits = (Credit(PersonName(AMBASSADOR), Role.AUTHOR),)
    catalog = Catalog.open(url)
    try:
        catalog.import_batches(
            [
                ImportBatch(
                    "letters.txt",
                    documents=(
                        DocumentRecord("A letter", parse_date("May 1, 1950"), credits=credits),
                        DocumentRecord("Another", parse_date("May 2, 1950"), credits=credits),
                    ),
                )
            ]
        )
    finally:
        catalog.close()


def _person_counts(window: MainWindow, qtbot: QtBot) -> dict[str, int]:
    section = window.facet_panel.section("person")
    if not section.is_expanded():
        qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    model = section.model
    return {value: model.index(row).data(COUNT_ROLE) for row, value in enumerate(model.values())}


def _open_people(window: MainWindow, qtbot: QtBot) -> PeopleWindow:
    window.table.setFocus()
    qtbot.keyClick(
        window.table,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    people = window.people.window
    assert isinstance(people, PeopleWindow) and people.isVisible()
    qtbot.waitUntil(lambda: window.is_idle() and people.model.rowCount() > 0, timeout=10_000)
    return people


def _filter(people: PeopleWindow, window: MainWindow, qtbot: QtBot, text: str) -> None:
    people.filter_field.clear()
    qtbot.keyClicks(people.filter_field, text)
    qtbot.waitUntil(window.is_idle, timeout=10_000)


def _click_person(people: PeopleWindow, qtbot: QtBot, name: str) -> None:
    row = people.model.row_of(name)
    assert row >= 0, f"{name} is not listed"
    rect = people.table.visualRect(people.model.index(row, 0))
    qtbot.mouseClick(people.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert people.selected_person() is not None
    assert people.selected_person().name == name  # type: ignore[union-attr]


def _answer(window: MainWindow, qtbot: QtBot, name: str, text: str | None) -> None:
    qtbot.waitUntil(lambda: window.people.dialog is not None)
    dialog = window.people.dialog
    assert isinstance(dialog, NameDialog) and dialog.objectName() == name
    if text is not None:
        dialog.field.setEditText("")
        qtbot.keyClicks(dialog.field.lineEdit(), text)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(window.is_idle, timeout=10_000)


def test_merge_a_person_into_another_then_separate_them_again(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    _with_the_ambassador(seed_url)
    window = open_window(seed_url)
    assert window.catalog is not None
    before = {str(v.value): v.count for v in window.catalog.facets("person")}
    assert before[AMBASSADOR] == 2 and before["N.V. Roshchin"] == 1
    shown_before = _person_counts(window, qtbot)
    people = _open_people(window, qtbot)
    _filter(people, window, qtbot, "ambassador")
    assert people.model.names() == [AMBASSADOR]
    _click_person(people, qtbot, AMBASSADOR)
    qtbot.mouseClick(people.merge_button, Qt.MouseButton.LeftButton)
    _answer(window, qtbot, "mergePersonDialog", "N.V. Roshchin")
    # The filter still finds the ambassador: now one of N.V. Roshchin's names.
    qtbot.waitUntil(lambda: people.model.names() == ["N.V. Roshchin"], timeout=10_000)
    counts = _person_counts(window, qtbot)
    assert AMBASSADOR not in counts
    assert counts["N.V. Roshchin"] == before["N.V. Roshchin"] + before[AMBASSADOR]
    assert window.undo_action.text() == f"&Undo Merge of “{AMBASSADOR}” into “N.V. Roshchin”"

    _click_person(people, qtbot, "N.V. Roshchin")
    assert people.separate_button.isEnabled()
    qtbot.mouseClick(people.separate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.people.dialog is not None)
    dialog = window.people.dialog
    assert dialog is not None
    dialog.field.setCurrentIndex(dialog.field.findText(AMBASSADOR))
    _answer(window, qtbot, "separatePersonDialog", None)
    assert _person_counts(window, qtbot) == shown_before
    assert {str(v.value): v.count for v in window.catalog.facets("person")} == before


def test_a_rename_shows_in_the_facets_and_ctrl_z_takes_it_back(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    before = _person_counts(window, qtbot)
    people = _open_people(window, qtbot)
    _filter(people, window, qtbot, "krasovsky")
    _click_person(people, qtbot, "Krasovsky")
    qtbot.mouseClick(people.rename_button, Qt.MouseButton.LeftButton)
    _answer(window, qtbot, "renamePersonDialog", "Stepan Akimovich Krasovsky")
    counts = _person_counts(window, qtbot)
    assert counts["Stepan Akimovich Krasovsky"] == before["Krasovsky"] and "Krasovsky" not in counts
    qtbot.waitUntil(lambda: people.model.names() == ["Stepan Akimovich Krasovsky"], timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    assert _person_counts(window, qtbot) == before


def test_a_merge_into_another_name_of_the_same_person_is_refused_with_a_message(
    open_window: OpenWindow, seed_url: str, qtbot: QtBot
) -> None:
    window = open_window(seed_url)
    people = _open_people(window, qtbot)
    _filter(people, window, qtbot, "stalin")
    _click_person(people, qtbot, "Stalin")
    qtbot.mouseClick(people.merge_button, Qt.MouseButton.LeftButton)
    _answer(window, qtbot, "mergePersonDialog", "Filippov")
    problem = window.findChild(QMessageBox, "changeProblem")
    assert isinstance(problem, QMessageBox) and problem.isVisible()
    assert problem.informativeText() == "“Filippov” is another name of “Stalin”: use that name"
    assert "Stalin" in people.model.names() and not window.undo_action.isEnabled()


def test_the_people_model_passes_the_model_tester(qtmodeltester: object) -> None:
    model = PeopleModel()
    model.set_people(
        [PersonView("Stalin", ("Filippov", "<b>Fyn Si</b>"), 15), PersonView("Su Yu", (), 1)]
    )
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, 1).data() == "Filippov; <b>Fyn Si</b>"
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == (
        "<qt>Filippov; &lt;b&gt;Fyn Si&lt;/b&gt;</qt>"
    )
