"""The People window: every person of the catalog with their other names and how many
documents credit them, filterable, and the buttons that rename, merge and separate them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.views import PersonView
from desktop_app.ui.icons import icon
from desktop_app.ui.safe_text import plain_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex

#: Between a person's other names, as shown and as typed.
SEPARATOR = "; "
_HEADERS = ("Name", "Other names", "Documents")


class PeopleModel(QAbstractTableModel):
    """The people a listing of the catalog read, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: list[PersonView] = []

    def set_people(self, people: Sequence[PersonView]) -> None:
        self.beginResetModel()
        self._people = list(people)
        self.endResetModel()

    def person(self, row: int) -> PersonView | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def names(self) -> list[str]:
        return [person.name for person in self._people]

    def row_of(self, name: str) -> int:
        """The row of the person called `name`; -1 when not listed."""
        return next((row for row, p in enumerate(self._people) if p.name == name), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self.person(index.row()) if index.isValid() else None
        if person is None:
            return None
        column = index.column()
        text = (person.name, SEPARATOR.join(person.aliases), f"{person.documents:,}")[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            # A tooltip is rich text when it looks like markup: catalog text is shown literally.
            return plain_tooltip(text) if column < 2 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None


class PeopleWindow(QDialog):
    """The catalog's people; the buttons act on the person selected (`person_chosen`)."""

    #: The filter typed: the words a listed name (or another of theirs) must hold.
    filter_changed = Signal(str)
    rename_requested = Signal(object)
    merge_requested = Signal(object)
    separate_requested = Signal(object)
    aliases_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peopleWindow")
        self.setWindowTitle("People")
        self.setWindowFlag(Qt.WindowType.Window)
        self.filter_field = QLineEdit(self)
        self.filter_field.setObjectName("peopleFilter")
        self.filter_field.setPlaceholderText("Filter people by name")
        self.filter_field.setAccessibleName("Filter people")
        self.filter_field.setClearButtonEnabled(True)
        self.model = PeopleModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("peopleTable")
        self.table.setAccessibleName("People")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # One line a person: a long list of other names ends in an ellipsis (its tooltip has all).
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 220)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("peopleCount")
        self.rename_button = QPushButton(icon("rename"), "&Rename…", self)
        self.rename_button.setObjectName("renamePersonButton")
        self.merge_button = QPushButton(icon("collections"), "&Merge into…", self)
        self.merge_button.setObjectName("mergePersonButton")
        self.separate_button = QPushButton(icon("move_right"), "&Separate a name…", self)
        self.separate_button.setObjectName("separatePersonButton")
        self.aliases_button = QPushButton(icon("columns"), "&Other names…", self)
        self.aliases_button.setObjectName("personAliasesButton")
        buttons = QHBoxLayout()
        for button in self._buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_field)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(760, 520)
        self.filter_field.textChanged.connect(self.filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        for button, signal in zip(
            self._buttons,
            (
                self.rename_requested,
                self.merge_requested,
                self.separate_requested,
                self.aliases_requested,
            ),
            strict=True,
        ):
            button.clicked.connect(lambda _=False, s=signal: self._request(s))
        self._on_selection_changed()

    @property
    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.rename_button, self.merge_button, self.separate_button, self.aliases_button)

    def set_people(self, people: Sequence[PersonView], writable: bool) -> None:
        """Show `people`, keeping the person selected where they still are."""
        selected = self.selected_person()
        self.model.set_people(people)
        self.count_label.setText(f"{len(people):,} people" if len(people) != 1 else "1 person")
        if selected is not None:
            self.select(selected.name)
        self._writable = writable
        self._on_selection_changed()

    def select(self, name: str) -> bool:
        row = self.model.row_of(name)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    def selected_person(self) -> PersonView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.person(rows[0].row()) if rows else None

    def _request(self, signal: Any) -> None:
        person = self.selected_person()
        if person is not None:
            signal.emit(person)

    def _on_selection_changed(self, *_: object) -> None:
        person = self.selected_person()
        writable = getattr(self, "_writable", False)
        for button in self._buttons:
            button.setEnabled(person is not None and writable)
        if person is not None and not person.aliases:
            self.separate_button.setEnabled(False)
