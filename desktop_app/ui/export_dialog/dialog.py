"""The Export dialog: which documents, which columns in which order, and the file's format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.columns import COLUMNS_BY_KEY, EXPORT_COLUMNS
from desktop_app.domain.text import plural
from desktop_app.services.exporting import CITATION_FORMATS, FORMAT_SUFFIXES
from desktop_app.ui.accessibility import name_buttons
from desktop_app.ui.export_dialog.columns import ExportColumnsModel
from desktop_app.ui.export_dialog.request import ChoosePath, ExportRequest, save_file_name
from desktop_app.ui.icons import icon
from desktop_app.ui.palette import follow_palette, muted

_FORMATS = (
    ("csv", "CSV — comma-separated values"),
    ("json", "JSON — an array of records"),
    ("xlsx", "Excel workbook — dates as dates, no formulas"),
    ("csl-json", "CSL-JSON — for Zotero and citation styles"),
    ("ris", "RIS — for EndNote, Zotero, Mendeley"),
    ("bibtex", "BibLaTeX — for LaTeX and JabRef"),
)
_ENCODINGS = (("utf-8", "UTF-8"), ("utf-8-bom", "UTF-8 with byte-order mark (for Excel)"))

# Where the dialog remembers its choices in the window's settings.
_COLUMNS_KEY = "export/columns"
_FORMAT_KEY = "export/format"
_ENCODING_KEY = "export/encoding"
_PROTECT_KEY = "export/formulaProtection"
_FOLDER_KEY = "export/folder"


class ExportDialog(QDialog):
    """Which documents, which columns in which order, and the file's format; then where.

    Export… asks for the file through `choose_path` (tests replace it), then emits
    `export_requested` and closes; the window runs the export. Choices are remembered in
    `settings` (None: not remembered).
    """

    #: The person chose what and where to export (an ExportRequest).
    export_requested = Signal(object)

    def __init__(
        self,
        *,
        selected_ids: Sequence[int],
        query: str,
        matching: int,
        sort: tuple[str, bool],
        table_columns: Sequence[str],
        suggested_name: str,
        settings: QSettings | None = None,
        choose_path: ChoosePath = save_file_name,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export documents")
        self.setAccessibleName("Export documents")
        self.choose_path = choose_path
        self._selected_ids = tuple(selected_ids)
        self._query = query
        self._matching = matching
        self._sort = sort
        self._table_columns = tuple(table_columns)
        self._suggested_name = suggested_name
        self._settings = settings
        self.columns_model = ExportColumnsModel(self)
        self._build()
        self._restore()
        self._connect_signals()
        self._update_buttons()
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()).width(), 560)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        scope = QGroupBox("Documents", self)
        scope.setObjectName("exportScope")
        count = len(self._selected_ids)
        self.selected_button = QRadioButton(
            f"The {plural(count, 'selected document')}"
            if count
            else "The selected documents (none is selected)",
            scope,
        )
        self.selected_button.setObjectName("exportScopeSelected")
        self.selected_button.setAccessibleName("Export the selected documents")
        self.selected_button.setEnabled(count > 0)
        self.matching_button = QRadioButton(
            f"All {plural(self._matching, 'document')} the search found"
            if self._query
            else f"All {plural(self._matching, 'document')} in the catalog",
            scope,
        )
        self.matching_button.setObjectName("exportScopeMatching")
        self.matching_button.setAccessibleName("Export every document matching the search")
        self.scope_group = QButtonGroup(self)
        self.scope_group.addButton(self.selected_button)
        self.scope_group.addButton(self.matching_button)
        # A selection is what the person means to export, unless there is none.
        (self.selected_button if count else self.matching_button).setChecked(True)
        self.query_label = QLabel(self._query, scope)
        self.query_label.setObjectName("exportQuery")
        self.query_label.setAccessibleDescription("Current search")
        # The query is the person's text and holds catalog values: never rendered as markup.
        self.query_label.setTextFormat(Qt.TextFormat.PlainText)
        self.query_label.setWordWrap(True)
        self.query_label.setVisible(bool(self._query))
        indent = self.matching_button.style().pixelMetric(
            self.matching_button.style().PixelMetric.PM_ExclusiveIndicatorWidth
        )
        self.query_label.setContentsMargins(indent + 6, 0, 0, 0)
        key, descending = self._sort
        heading = COLUMNS_BY_KEY[key].label.lower() if key in COLUMNS_BY_KEY else key
        self.order_label = QLabel(
            f"In the table's order: by {heading}{', descending' if descending else ''}.", scope
        )
        self.order_label.setObjectName("exportOrder")
        self.order_label.setTextFormat(Qt.TextFormat.PlainText)
        self.order_label.setWordWrap(True)
        scope_layout = QVBoxLayout(scope)
        scope_layout.addWidget(self.selected_button)
        scope_layout.addWidget(self.matching_button)
        scope_layout.addWidget(self.query_label)
        scope_layout.addSpacing(4)
        scope_layout.addWidget(self.order_label)

        self.columns_box = columns = QGroupBox("Columns", self)
        columns.setObjectName("exportColumnsGroup")
        self.columns_view = QListView(columns)
        self.columns_view.setObjectName("exportColumns")
        self.columns_view.setAccessibleName("Columns to export")
        self.columns_view.setAccessibleDescription(
            "Check the columns to write; move a column up or down to change its place"
        )
        self.columns_view.setModel(self.columns_model)
        self.columns_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.columns_view.setUniformItemSizes(True)
        self.columns_view.setSpacing(1)
        self.columns_view.setMinimumWidth(220)
        self.up_button = self._tool_button("move_up", "Move up", "moveColumnUpButton", "Alt+Up")
        self.down_button = self._tool_button(
            "move_down", "Move down", "moveColumnDownButton", "Alt+Down"
        )
        self.table_columns_button = QPushButton("As in the table", columns)
        self.table_columns_button.setObjectName("tableColumnsButton")
        self.table_columns_button.setAccessibleName("The table's columns")
        self.table_columns_button.setToolTip("The columns the table shows, in its order")
        self.all_columns_button = QPushButton("All", columns)
        self.all_columns_button.setObjectName("allColumnsButton")
        self.all_columns_button.setAccessibleName("Every column")
        self.all_columns_button.setToolTip("Check every column")
        moves = QVBoxLayout()
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        moves.addStretch(1)
        listed = QHBoxLayout()
        listed.addWidget(self.columns_view, 1)
        listed.addLayout(moves)
        presets = QHBoxLayout()
        presets.addWidget(self.table_columns_button)
        presets.addWidget(self.all_columns_button)
        presets.addStretch(1)
        self.columns_note = QLabel(columns)
        self.columns_note.setObjectName("exportColumnsNote")
        self.columns_note.setTextFormat(Qt.TextFormat.PlainText)
        follow_palette(self, self._style_quiet_labels)
        columns_layout = QVBoxLayout(columns)
        columns_layout.addLayout(listed, 1)
        columns_layout.addWidget(self.columns_note)
        columns_layout.addLayout(presets)

        file_box = QGroupBox("File", self)
        file_box.setObjectName("exportFile")
        self.format_combo = QComboBox(file_box)
        self.format_combo.setObjectName("exportFormat")
        self.format_combo.setAccessibleName("Format")
        for key, label in _FORMATS:
            self.format_combo.addItem(label, key)
        self.encoding_combo = QComboBox(file_box)
        self.encoding_combo.setObjectName("exportEncoding")
        self.encoding_combo.setAccessibleName("Encoding")
        for key, label in _ENCODINGS:
            self.encoding_combo.addItem(label, key)
        self.protect_check = QCheckBox("Protect against spreadsheet formulas", file_box)
        self.protect_check.setObjectName("formulaProtection")
        self.protect_check.setAccessibleName("Protect against spreadsheet formulas")
        self.protect_check.setToolTip(
            "Put an apostrophe before any cell that starts with =, +, -, @, tab or CR, so that "
            "a spreadsheet shows it as text instead of running it as a formula"
        )
        self.protect_check.setChecked(True)
        self.provenance_check = QCheckBox("Keep a record of how it was made", file_box)
        self.provenance_check.setObjectName("exportProvenance")
        self.provenance_check.setAccessibleName("Keep a record of how it was made")
        self.provenance_check.setToolTip(
            "Write NAME.provenance.json beside the file: the query, the catalog, the time, "
            "the documents and the columns (a workbook keeps them on a second sheet)"
        )
        form = QFormLayout(file_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Format:", self.format_combo)
        form.addRow("&Encoding:", self.encoding_combo)
        form.addRow("", self.protect_check)
        form.addRow("", self.provenance_check)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "&Export…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("exportDialogButton")
        self.export_button.setIcon(icon("export"))
        self.export_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("exportDialogCancel")
        name_buttons(self.buttons)

        right = QVBoxLayout()
        right.addWidget(scope)
        right.addWidget(file_box)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(columns, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)

    def _style_quiet_labels(self) -> None:
        quiet = f"QLabel {{ color: {muted(self.palette()).name()}; }}"
        for label in (self.query_label, self.order_label, self.columns_note):
            label.setStyleSheet(quiet)

    def _tool_button(self, meaning: str, text: str, name: str, keys: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setIcon(icon(meaning))
        button.setText(text)
        button.setAccessibleName(text)
        button.setToolTip(f"{text} ({keys})")
        button.setAutoRaise(False)
        shortcut = QShortcut(QKeySequence(keys), self.columns_view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(button.click)
        return button

    def _connect_signals(self) -> None:
        self.columns_model.dataChanged.connect(self._on_columns_model_data_changed)
        self.columns_model.modelReset.connect(self._on_columns_model_reset)
        self.columns_view.selectionModel().currentRowChanged.connect(
            self._on_columns_view_current_row_changed
        )
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.table_columns_button.clicked.connect(self._on_table_columns_button_clicked)
        self.all_columns_button.clicked.connect(self._on_all_columns_button_clicked)
        self.format_combo.currentIndexChanged.connect(self._on_format_combo_changed)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.cancel_button.clicked.connect(self.reject)

    # -- what it chose -----------------------------------------------------------------------

    def file_format(self) -> str:
        return str(self.format_combo.currentData())

    def set_file_format(self, file_format: str) -> None:
        index = self.format_combo.findData(file_format)
        if index >= 0:
            self.format_combo.setCurrentIndex(index)

    def request(self, path: Path) -> ExportRequest:
        """The export the dialog describes, into `path`."""
        selection = self.selected_button.isChecked() and bool(self._selected_ids)
        file_format = self.file_format()
        csv = file_format == "csv"
        return ExportRequest(
            path=path,
            ids=self._selected_ids if selection else None,
            query=self._query,
            sort=self._sort[0],
            descending=self._sort[1],
            columns=self.columns_model.chosen(),
            file_format=file_format,
            bom=csv and self.encoding_combo.currentData() == "utf-8-bom",
            formula_protection=csv and self.protect_check.isChecked(),
            expected=len(self._selected_ids) if selection else self._matching,
            provenance=self.provenance_check.isChecked(),
        )

    def select_column(self, key: str) -> None:
        """Make a column the current one in the list, as a click on it would."""
        for row in range(self.columns_model.rowCount()):
            if self.columns_model.key(row) == key:
                self.columns_view.setCurrentIndex(self.columns_model.index(row))
                return

    # -- memory ------------------------------------------------------------------------------

    def _restore(self) -> None:
        remembered = self._setting(_COLUMNS_KEY)
        keys = [key for key in remembered.split(",") if key in COLUMNS_BY_KEY]
        self.columns_model.set_columns(keys or self._table_columns)
        self.set_file_format(self._setting(_FORMAT_KEY) or "csv")
        encoding = self.encoding_combo.findData(self._setting(_ENCODING_KEY) or "utf-8")
        self.encoding_combo.setCurrentIndex(max(0, encoding))
        self.protect_check.setChecked(self._setting(_PROTECT_KEY) != "false")
        self._on_format_combo_changed()

    def _remember(self, request: ExportRequest) -> None:
        settings = self._settings
        if settings is None:
            return
        settings.setValue(_COLUMNS_KEY, ",".join(request.columns))
        settings.setValue(_FORMAT_KEY, request.file_format)
        settings.setValue(_ENCODING_KEY, str(self.encoding_combo.currentData()))
        settings.setValue(_PROTECT_KEY, "true" if self.protect_check.isChecked() else "false")
        settings.setValue(_FOLDER_KEY, str(request.path.parent))
        settings.sync()

    def _setting(self, key: str) -> str:
        # Values are written as text; an INI file gives text back, whatever was stored.
        value = self._settings.value(key) if self._settings is not None else None
        return value if isinstance(value, str) else ""

    def suggested_path(self) -> str:
        folder = self._setting(_FOLDER_KEY)
        base = Path(folder) if folder and Path(folder).is_dir() else Path.home()
        return str(base / f"{self._suggested_name}{FORMAT_SUFFIXES[self.file_format()]}")

    # -- handlers ----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        chosen = self.columns_model.chosen()
        citing = self.file_format() in CITATION_FORMATS
        self.export_button.setEnabled(bool(chosen) or citing)
        if citing:
            self.columns_note.setText("Every field a citation needs is written.")
        elif chosen:
            self.columns_note.setText(
                f"{plural(len(chosen), 'column')} will be written, top to bottom as listed."
            )
        else:
            self.columns_note.setText("Check at least one column to export.")
        row = self.columns_view.currentIndex().row()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.columns_model.rowCount() - 1)

    def _move_current(self, steps: int) -> None:
        row = self.columns_view.currentIndex().row()
        if row < 0:
            return
        moved = self.columns_model.move(row, steps)
        self.columns_view.setCurrentIndex(self.columns_model.index(moved))
        self._update_buttons()

    def _on_columns_model_data_changed(self, *_: object) -> None:
        self._update_buttons()

    def _on_columns_model_reset(self) -> None:
        self._update_buttons()

    def _on_columns_view_current_row_changed(
        self, current: QModelIndex, previous: QModelIndex
    ) -> None:
        self._update_buttons()

    def _on_up_button_clicked(self) -> None:
        self._move_current(-1)

    def _on_down_button_clicked(self) -> None:
        self._move_current(1)

    def _on_table_columns_button_clicked(self) -> None:
        self.columns_model.set_columns(self._table_columns)

    def _on_all_columns_button_clicked(self) -> None:
        chosen = self.columns_model.chosen()
        rest = [column.key for column in EXPORT_COLUMNS if column.key not in chosen]
        self.columns_model.set_columns([*chosen, *rest])

    def _on_format_combo_changed(self, *_: object) -> None:
        # JSON is always plain UTF-8 and holds no formulas: those choices are the CSV's own.
        csv = self.file_format() == "csv"
        self.encoding_combo.setEnabled(csv)
        self.protect_check.setEnabled(csv)
        # A citation manager's record holds every field a citation needs, whatever is chosen.
        citing = self.file_format() in CITATION_FORMATS
        self.columns_box.setEnabled(not citing)
        self.columns_box.setToolTip(
            "Records for citation managers hold every field a citation needs" if citing else ""
        )
        self._update_buttons()

    def _on_export_button_clicked(self) -> None:
        chosen = self.choose_path(self, self.suggested_path(), self.file_format())
        if not chosen:
            return  # the save dialog was cancelled: the choices stay for another try
        path = Path(chosen)
        if not path.suffix:
            path = path.with_name(path.name + FORMAT_SUFFIXES[self.file_format()])
        request = self.request(path)
        self._remember(request)
        self.export_requested.emit(request)
        self.accept()
