"""The dialog that edits one document's every field (Edit ▸ Edit document…, F2).

Lists (people, places, tags…) are typed with semicolons between values, since names hold
commas ("Mao, Zedong"; "Washington, D.C."); the people fields complete each name from the
catalog's people. The date is read as it is typed, its precision said beside it, and an
unreadable one is shown at the field and keeps the dialog from saving.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import DateParseError, parse_date
from desktop_app.domain.views import DocumentDetail
from desktop_app.ui.accessibility import name_buttons

#: Between the values of a list field, as typed and as shown.
SEPARATOR = "; "

#: The one-line fields, in the dialog's order: the edit's field name, the label, the widget's
#: object name, and whether it lists several values.
_LINES: tuple[tuple[str, str, str, bool], ...] = (
    ("title", "&Title:", "editTitle", False),
    ("date", "&Date:", "editDate", False),
    ("type", "T&ype:", "editType", False),
    ("number", "N&umber:", "editNumber", False),
    ("authors", "&Authors:", "editAuthors", True),
    ("recipients", "&Recipients:", "editRecipients", True),
    ("via", "&Via:", "editVia", True),
    ("participants", "&Participants:", "editParticipants", True),
    ("origin", "&Origin:", "editOrigin", False),
    ("places", "Pla&ces:", "editPlaces", True),
    ("subjects", "&Subjects:", "editSubjects", True),
    ("languages", "&Languages:", "editLanguages", True),
    ("archive", "Arc&hive:", "editArchive", False),
    ("source", "Sour&ce:", "editSource", False),
    ("classification", "Classi&fication:", "editClassification", False),
    ("record_id", "Record &ID:", "editRecordId", False),
    ("url", "U&RL:", "editUrl", False),
    ("tags", "Ta&gs:", "editTags", True),
)
_TEXTS: tuple[tuple[str, str, str], ...] = (
    ("summary", "Su&mmary:", "editSummary"),
    ("notes", "&Notes:", "editNotes"),
)
PEOPLE_FIELDS = ("authors", "recipients", "via", "participants")


def listed(text: str) -> list[str]:
    """The values of a list field as typed: semicolons between them, spaces tidied."""
    values = (" ".join(part.split()) for part in text.split(";"))
    return list(dict.fromkeys(value for value in values if value))


def field_values(detail: DocumentDetail) -> dict[str, str | tuple[str, ...]]:
    """Each editable field of a document as the dialog shows it."""
    row = detail.row
    return {
        "title": row.title,
        "date": row.date_text,
        "type": row.doc_type,
        "number": row.number,
        "authors": row.authors,
        "recipients": row.recipients,
        "via": detail.via,
        "participants": detail.participants,
        "origin": row.origin,
        "places": detail.places,
        "subjects": detail.subjects,
        "languages": row.languages,
        "archive": row.archive,
        "source": detail.source_citation,
        "classification": detail.classification,
        "record_id": row.record_id,
        "url": detail.url,
        "tags": detail.tags,
        "summary": detail.summary,
        "notes": detail.notes,
    }


class ListCompleter(QCompleter):
    """Completes the value being typed in a list field: the text after the last semicolon."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(";", 1)[-1].lstrip()]

    def pathFromIndex(self, index: Any) -> str:
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        before = typed.rsplit(";", 1)[0] + SEPARATOR if ";" in typed else ""
        return before + str(index.data())


class DocumentEditDialog(QDialog):
    """Every field of one document; Save hands over the fields changed (`saved`)."""

    #: The changed fields, by the names `Catalog.edit_document` takes, with their new values.
    saved = Signal(dict)

    def __init__(self, detail: DocumentDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editDialog")
        self.setWindowTitle("Edit document")
        self.detail = detail
        self._original = field_values(detail)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.date_hint = QLabel(self)
        self.date_hint.setObjectName("editDateHint")
        self.date_hint.setTextFormat(Qt.TextFormat.PlainText)
        for name, label, object_name, several in _LINES:
            field = QLineEdit(self)
            field.setObjectName(object_name)
            value = self._original[name]
            field.setText(SEPARATOR.join(value) if isinstance(value, tuple) else value)
            field.setAccessibleName(label.replace("&", "").rstrip(":"))
            if several:
                field.setToolTip("Several values: put a semicolon between them")
            form.addRow(label, field)
            self.fields[name] = field
            if name == "date":
                form.addRow("", self.date_hint)
        for name, label, object_name in _TEXTS:
            text = QPlainTextEdit(self)
            text.setObjectName(object_name)
            text.setPlainText(str(self._original[name]))
            text.setAccessibleName(label.replace("&", "").rstrip(":"))
            text.setTabChangesFocus(True)
            text.setMinimumHeight(72)
            form.addRow(label, text)
            self.fields[name] = text
        inner = QWidget(self)
        inner.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.problem = QLabel(self)
        self.problem.setObjectName("editProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: palette(highlight); font-weight: 600")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        name_buttons(self.buttons)
        self.resize(640, 720)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        date_field = self.fields["date"]
        assert isinstance(date_field, QLineEdit)
        date_field.textChanged.connect(self._on_date_text_changed)
        self._on_date_text_changed(date_field.text())

    def line(self, name: str) -> QLineEdit:
        """The one-line field `name` (for completion, and for tests)."""
        field = self.fields[name]
        assert isinstance(field, QLineEdit)
        return field

    def complete_people(self, names: Sequence[str]) -> None:
        """Offer the catalog's people in each people field, a name at a time."""
        model = QStringListModel(list(names), self)
        for name in PEOPLE_FIELDS:
            completer = ListCompleter(model, self.line(name))
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.line(name).setCompleter(completer)

    def changes(self) -> dict[str, str | list[str]]:
        """The fields changed from the document as it was read, with their new values."""
        found: dict[str, str | list[str]] = {}
        for name, field in self.fields.items():
            text = field.text() if isinstance(field, QLineEdit) else field.toPlainText()
            original = self._original[name]
            if isinstance(original, tuple):
                values = listed(text)
                if tuple(values) != original:
                    found[name] = values
            elif text.strip() != original.strip():
                found[name] = text
        return found

    def show_problem(self, message: str) -> None:
        """Say why the edit cannot be saved, and take the focus to the field it names."""
        self.problem.setText(message)
        self.problem.show()
        field_name = message.split(":", 1)[0].replace("record ID", "record_id")
        field = self.fields.get(field_name)
        if field is not None:
            field.setFocus()

    def _on_date_text_changed(self, text: str) -> None:
        try:
            date = parse_date(text)
        except DateParseError as error:
            self.date_hint.setText(f"⚠ {error}")
            return
        if date.is_dated:
            self.date_hint.setText(f"Read as {date.iso_label()} ({date.precision.value})")
        else:
            self.date_hint.setText("Read as undated")

    def _on_buttons_accepted(self) -> None:
        changes = self.changes()
        if not changes:
            self.reject()
            return
        if "title" in changes and not str(changes["title"]).strip():
            self.show_problem("title: a document needs a title")
            return
        if "date" in changes:
            try:
                parse_date(str(changes["date"]))
            except DateParseError as error:
                self.show_problem(f"date: {error}")
                return
        self.saved.emit(changes)
        self.accept()
