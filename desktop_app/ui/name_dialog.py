"""Small dialogs that ask for one name (typed with completion, or chosen from a list) or for
a period of years: a person's new name, a collection's title, where a collection goes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.accessibility import name_buttons


class NameDialog(QDialog):
    """Asks for one name: typed (with completion), or chosen from a list."""

    chosen = Signal(str)

    def __init__(
        self,
        title: str,
        label: str,
        parent: QWidget | None = None,
        *,
        text: str = "",
        names: Sequence[str] = (),
        editable: bool = True,
        name: str = "nameDialog",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        intro = QLabel(label, self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.field = QComboBox(self)
        self.field.setObjectName("nameField")
        self.field.setEditable(editable)
        self.field.setAccessibleName(label)
        self.field.addItems(list(names))
        self.field.setMinimumWidth(320)
        if editable:
            self.field.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(list(names), self.field)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.field.setCompleter(completer)
            self.field.setEditText(text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.field)
        layout.addWidget(self.buttons)
        name_buttons(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_buttons_accepted(self) -> None:
        value = " ".join(self.field.currentText().split())
        if not value:
            self.field.setFocus()
            return
        self.chosen.emit(value)
        self.accept()


class PeriodDialog(QDialog):
    """The years a collection spans: a first and a last year, either left empty for none."""

    #: The first and last year (None: none).
    chosen = Signal(object, object)

    def __init__(
        self,
        title: str,
        start: int | None,
        end: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("periodDialog")
        self.setWindowTitle("Period")
        intro = QLabel(f"The years “{title}” spans (empty: none):", self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.start_field = QLineEdit("" if start is None else str(start), self)
        self.start_field.setObjectName("periodStart")
        self.end_field = QLineEdit("" if end is None else str(end), self)
        self.end_field.setObjectName("periodEnd")
        for field, name in ((self.start_field, "First year"), (self.end_field, "Last year")):
            field.setValidator(QIntValidator(1, 9999, field))
            field.setAccessibleName(name)
        form = QFormLayout()
        form.addRow("&From:", self.start_field)
        form.addRow("&To:", self.end_field)
        self.problem = QLabel(self)
        self.problem.setObjectName("periodProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        name_buttons(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_buttons_accepted(self) -> None:
        start = int(self.start_field.text()) if self.start_field.text() else None
        end = int(self.end_field.text()) if self.end_field.text() else None
        if start is not None and end is not None and end < start:
            self.problem.setText(f"The period cannot end ({end}) before it begins ({start}).")
            self.problem.show()
            self.end_field.setFocus()
            return
        self.chosen.emit(start, end)
        self.accept()
