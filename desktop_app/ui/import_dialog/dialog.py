"""The Import dialog: the files' format, a target collection, and each column's field."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DossierError
from desktop_app.services.importing import TablePreview, preview_source, source_format
from desktop_app.ui.accessibility import name_buttons, name_clear_button
from desktop_app.ui.icons import icon
from desktop_app.ui.import_dialog.choices import FIELD_CHOICES, FORMATS, IGNORE_TEXT, field_label
from desktop_app.ui.import_dialog.preview import (
    ImportPreviewModel,
    import_problems,
    one_line,
    preview_note_text,
)
from desktop_app.ui.import_dialog.request import ImportRequest
from desktop_app.ui.palette import follow_palette, muted, warning
from desktop_app.ui.safe_text import plain_tooltip

_FORMAT_NAMES = {
    "listing": "an archive listing",
    "csv": "CSV",
    "json": "JSON",
    "tei": "a FRUS volume (TEI XML)",
    "ris": "RIS",
    "bibtex": "BibTeX",
    "csl-json": "CSL-JSON",
}
#: What the preview says of a file without columns, by the format it is read as.
_NO_COLUMNS_NOTES = {
    "listing": "An archive listing is read as the archive's pages list their documents: "
    "dates, titles and summaries. It has no columns to map.",
    "tei": "A FRUS volume is read whole: the volume and its chapters become collections, and "
    "each document its title, date, people, source note and text. It has no columns to map.",
    **dict.fromkeys(
        ("ris", "bibtex", "csl-json"),
        "A citation manager's file is read entry by entry: each field goes where Dossier "
        "keeps it (title, date, people, archive, tags, notes). It has no columns to map.",
    ),
}
#: The object name of the note that a file without columns has nothing to map.
_NO_COLUMNS = "importNoColumns"


class ImportDialog(QDialog):
    """How to read the chosen files; Import emits `import_requested` and closes the dialog."""

    #: The person chose how to import (an ImportRequest).
    import_requested = Signal(object)

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        collections: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setAccessibleName("Import documents")
        self._paths = tuple(paths)
        self.setWindowTitle("Import documents")
        # The person's own field choices, by column name, over the importer's suggestions.
        self._choices: dict[str, str | None] = {}
        self._previews: dict[tuple[Path, str], TablePreview | None] = {}
        # The files shown under the format chosen now: their columns make the mapping.
        self._shown: dict[Path, TablePreview | None] = {}
        self._preview: TablePreview | None = None
        self._combos: list[QComboBox] = []
        self.preview_model = ImportPreviewModel(self)
        self._build(collections)
        self._connect_signals()
        self._show_file()
        self.resize(1000, 640)

    # -- building ----------------------------------------------------------------------------

    def _build(self, collections: Sequence[str]) -> None:
        options = QGroupBox("Options", self)
        options.setObjectName("importOptions")
        self.file_combo = QComboBox(options)
        self.file_combo.setObjectName("importFile")
        self.file_combo.setAccessibleName("File")
        for path in self._paths:
            self.file_combo.addItem(path.name, str(path))
            self.file_combo.setItemData(
                self.file_combo.count() - 1, str(path), Qt.ItemDataRole.ToolTipRole
            )
        self.file_combo.setToolTip("The file the preview shows; the columns are read by name")
        # One file needs no choosing: its path is shown whole instead.
        self.file_combo.setVisible(len(self._paths) > 1)
        self.file_label = QLabel(str(self._paths[0]) if self._paths else "", options)
        self.file_label.setObjectName("importFileName")
        self.file_label.setAccessibleDescription("File")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setVisible(len(self._paths) == 1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_combo, 1)
        file_row.addWidget(self.file_label, 1)
        self.format_combo = QComboBox(options)
        self.format_combo.setObjectName("importFormat")
        self.format_combo.setAccessibleName("Format")
        for key, label in FORMATS:
            self.format_combo.addItem(label, key)
        self.format_note = QLabel(options)
        self.format_note.setObjectName("importFormatNote")
        self.format_note.setTextFormat(Qt.TextFormat.PlainText)
        format_row = QHBoxLayout()
        format_row.addWidget(self.format_combo)
        format_row.addWidget(self.format_note, 1)
        self.collection_combo = QComboBox(options)
        self.collection_combo.setObjectName("importCollection")
        self.collection_combo.setAccessibleName("Collection")
        self.collection_combo.setEditable(True)
        self.collection_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.collection_combo.addItem("")
        self.collection_combo.addItems(list(collections))
        self.collection_combo.setCurrentIndex(0)
        line = self.collection_combo.lineEdit()
        if line is not None:
            line.setAccessibleName("Collection")
            line.setPlaceholderText("None: only the collections the files name")
            line.setClearButtonEnabled(True)
            name_clear_button(line, "Clear the collection")
        self.collection_combo.setToolTip(
            "Put every imported document in this collection too; a new name makes a new one"
        )
        form = QFormLayout(options)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._buddy("&Files:" if len(self._paths) > 1 else "File:", None), file_row)
        form.addRow(self._buddy("F&ormat:", self.format_combo), format_row)
        form.addRow(self._buddy("&Collection:", self.collection_combo), self.collection_combo)

        mapping_box = QGroupBox("Columns", self)
        mapping_box.setObjectName("importColumns")
        self.mapping_area = QScrollArea(mapping_box)
        self.mapping_area.setObjectName("importMapping")
        self.mapping_area.setAccessibleName("Fields of the columns")
        self.mapping_area.setWidgetResizable(True)
        self.mapping_area.setFrameShape(QFrame.Shape.NoFrame)
        self.mapping_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        mapping_box.setMinimumWidth(300)
        self.mapping_widget = QWidget(self.mapping_area)
        self.mapping_grid = QGridLayout(self.mapping_widget)
        self.mapping_grid.setColumnStretch(1, 1)
        self.mapping_area.setWidget(self.mapping_widget)
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.addWidget(self.mapping_area)

        preview_box = QGroupBox("First rows, as they will be read", self)
        preview_box.setObjectName("importPreviewGroup")
        self.preview_view = QTableView(preview_box)
        self.preview_view.setObjectName("importPreview")
        self.preview_view.setAccessibleName("First rows as they will be read")
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.setAlternatingRowColors(True)
        self.preview_view.setWordWrap(False)
        self.preview_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.preview_view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.preview_view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(160)
        rows = self.preview_view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.preview_message = QLabel(preview_box)
        self.preview_message.setObjectName("importPreviewMessage")
        self.preview_message.setAccessibleDescription("Preview")
        self.preview_message.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_message.setWordWrap(True)
        self.preview_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_message.setMargin(24)
        self.preview_stack = QStackedWidget(preview_box)
        self.preview_stack.addWidget(self.preview_view)
        self.preview_stack.addWidget(self.preview_message)
        self.preview_note = QLabel(preview_box)
        self.preview_note.setObjectName("importPreviewNote")
        self.preview_note.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_note.setWordWrap(True)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview_stack, 1)
        preview_layout.addWidget(self.preview_note)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("importSplitter")
        self.splitter.addWidget(mapping_box)
        self.splitter.addWidget(preview_box)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([330, 670])

        self.problem_icon = QLabel(self)
        self.problem_icon.setObjectName("importProblemIcon")
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("importProblem")
        self.problem_label.setAccessibleDescription("Problem")
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setWordWrap(True)
        problem_row = QHBoxLayout()
        problem_row.addWidget(self.problem_icon, 0, Qt.AlignmentFlag.AlignTop)
        problem_row.addWidget(self.problem_label, 1)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importDialogButton")
        self.import_button.setIcon(icon("import"))
        self.import_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("importDialogCancel")
        name_buttons(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(options)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(problem_row)
        layout.addWidget(self.buttons)
        follow_palette(self, self._style_labels)

    def _style_labels(self) -> None:
        """Quiet notes and the problem's red, from the palette (again when it changes)."""
        quiet = f"QLabel {{ color: {muted(self.palette()).name()}; }}"
        notes = [self.format_note, self.preview_note]
        notes += self.mapping_widget.findChildren(QLabel, _NO_COLUMNS)
        for label in notes:
            label.setStyleSheet(quiet)
        red = warning(self.palette()).name()
        self.problem_label.setStyleSheet(f"QLabel {{ color: {red}; }}")
        # At the screen's resolution, so that the icon is sharp on a 2× screen.
        self.problem_icon.setPixmap(
            icon("problem", red).pixmap(QSize(16, 16), self.devicePixelRatioF())
        )

    def _buddy(self, text: str, buddy: QWidget | None) -> QLabel:
        # A form label made here, so that its mnemonic focuses its field even when the field
        # sits in a row layout with a note beside it.
        label = QLabel(text, self)
        if buddy is not None:
            label.setBuddy(buddy)
        else:
            label.setText(text.replace("&", ""))
        return label

    def _connect_signals(self) -> None:
        self.file_combo.currentIndexChanged.connect(self._on_file_combo_changed)
        self.format_combo.currentIndexChanged.connect(self._on_format_combo_changed)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.cancel_button.clicked.connect(self.reject)

    # -- what it chose -----------------------------------------------------------------------

    def file_format(self) -> str:
        return str(self.format_combo.currentData())

    def set_file_format(self, file_format: str) -> None:
        index = self.format_combo.findData(file_format)
        if index >= 0:
            self.format_combo.setCurrentIndex(index)

    def collection(self) -> str | None:
        text = " ".join(self.collection_combo.currentText().split())
        return text or None

    def field_combo(self, column: str) -> QComboBox:
        """The combo that chooses the field of a column of the file shown (KeyError if none)."""
        if self._preview is not None:
            for name, combo in zip(self._preview.columns, self._combos, strict=True):
                if name == column:
                    return combo
        raise KeyError(column)

    def fields(self) -> dict[str, str | None]:
        """The field each column of the file shown goes into (None: ignored)."""
        if self._preview is None:
            return {}
        return {
            name: self._field(name, suggested)
            for name, suggested in zip(self._preview.columns, self._preview.fields, strict=True)
        }

    def mapping(self) -> dict[str, str]:
        """`Catalog.import_files`' mapping: every column of the files previewed, decided."""
        mapping: dict[str, str] = {}
        for preview in self._shown.values():
            if preview is None:
                continue
            for name, suggested in zip(preview.columns, preview.fields, strict=True):
                mapping.setdefault(name, self._field(name, suggested) or "ignore")
        return mapping

    def request(self) -> ImportRequest:
        return ImportRequest(self._paths, self.file_format(), self.collection(), self.mapping())

    def _field(self, name: str, suggested: str | None) -> str | None:
        return self._choices.get(name, suggested)

    # -- showing a file ----------------------------------------------------------------------

    def _current_path(self) -> Path:
        return Path(str(self.file_combo.currentData()))

    def _show_file(self) -> None:
        path = self._current_path()
        chosen = self.file_format()
        # Read here, on the GUI thread: a preview reads no more than the file's first megabyte
        # and a score of records, and the dialog then never shows a half-made mapping.
        try:
            shown_as = source_format(path, chosen)
            key = (path, shown_as)
            if key not in self._previews:
                self._previews[key] = preview_source(path, shown_as)
            preview = self._shown[path] = self._previews[key]
        except DossierError as error:
            self._show_preview(None, f"This file cannot be read.\n\n{error}")
            self.format_note.setText("")
            return
        self.format_note.setText(
            f"read as {_FORMAT_NAMES.get(shown_as, shown_as)}" if chosen == "auto" else ""
        )
        if preview is None:
            self._show_preview(None, _NO_COLUMNS_NOTES.get(shown_as, _NO_COLUMNS_NOTES["listing"]))
            return
        message = ""
        if not preview.rows:
            message = "The file has no rows to import below its header."
        self._show_preview(preview, message)

    def _show_preview(self, preview: TablePreview | None, message: str) -> None:
        self._preview = preview
        self.preview_model.set_preview(preview)
        if preview is not None:
            for column, (name, suggested) in enumerate(
                zip(preview.columns, preview.fields, strict=True)
            ):
                self.preview_model.set_field(column, self._field(name, suggested))
        self._build_mapping()
        self.preview_note.setText(preview_note_text(preview))
        if preview is None or message:
            self.preview_message.setText(message)
            self.preview_stack.setCurrentWidget(self.preview_message)
        else:
            self.preview_stack.setCurrentWidget(self.preview_view)
            self.preview_view.scrollToTop()
        self._update_problem()

    def _build_mapping(self) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._combos = []
        preview = self._preview
        if preview is None:
            none = QLabel("No columns: nothing to map.", self.mapping_widget)
            none.setObjectName(_NO_COLUMNS)
            none.setStyleSheet(f"QLabel {{ color: {muted(self.palette()).name()}; }}")
            self.mapping_grid.addWidget(none, 0, 0, 1, 2)
            self.mapping_grid.setRowStretch(1, 1)
            return
        heading_column = QLabel("<b>Column in the file</b>", self.mapping_widget)
        heading_field = QLabel("<b>Read into</b>", self.mapping_widget)
        self.mapping_grid.addWidget(heading_column, 0, 0)
        self.mapping_grid.addWidget(heading_field, 0, 1)
        for column, (name, suggested) in enumerate(
            zip(preview.columns, preview.fields, strict=True)
        ):
            label = QLabel(one_line(name, 40) or "(no name)", self.mapping_widget)
            # Column names come from the file: shown as they are, never as markup.
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setToolTip(plain_tooltip(name))
            combo = QComboBox(self.mapping_widget)
            combo.setObjectName("fieldCombo")
            combo.setAccessibleName(f"Field for the column {name}")
            combo.addItem(IGNORE_TEXT, None)
            for field in FIELD_CHOICES:
                combo.addItem(field_label(field), field)
            combo.setCurrentIndex(max(0, combo.findData(self._field(name, suggested))))
            combo.currentIndexChanged.connect(
                lambda _, column=column: self._on_field_combo_changed(column)
            )
            label.setBuddy(combo)
            self.mapping_grid.addWidget(label, column + 1, 0)
            self.mapping_grid.addWidget(combo, column + 1, 1)
            self._combos.append(combo)
        self.mapping_grid.setRowStretch(self.mapping_grid.rowCount(), 1)

    def _update_problem(self) -> None:
        problems, ready = import_problems(self._preview, self.fields())
        self.problem_label.setText("\n".join(problems))
        self.problem_label.setVisible(bool(problems))
        self.problem_icon.setVisible(bool(problems))
        self.import_button.setEnabled(ready)

    # -- handlers ----------------------------------------------------------------------------

    def _on_file_combo_changed(self, *_: object) -> None:
        self._show_file()

    def _on_format_combo_changed(self, *_: object) -> None:
        self._shown.clear()
        self._show_file()

    def _on_field_combo_changed(self, column: int) -> None:
        preview = self._preview
        if preview is None:
            return
        field = self._combos[column].currentData()
        self._choices[preview.columns[column]] = field
        self.preview_model.set_field(column, field)
        if field is not None:
            # One column per field, as the importer reads it: another column that gave this
            # field is ignored from now on, and its combo says so.
            for other, combo in enumerate(self._combos):
                if other != column and combo.currentData() == field:
                    self._choices[preview.columns[other]] = None
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
                    self.preview_model.set_field(other, None)
        self._update_problem()

    def _on_import_button_clicked(self) -> None:
        self.import_requested.emit(self.request())
        self.accept()
