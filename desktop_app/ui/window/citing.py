"""Edit ▸ Copy citation (Ctrl+Shift+C): the selected documents — or the one being read —
cited in the chosen style, put on the clipboard as plain text and as rich text."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSettings
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop_app.domain.text import plural
from desktop_app.services.citations import (
    CITATION_STYLES,
    MOST_CITED,
    STYLES_BY_KEY,
    FormattedCitations,
)
from desktop_app.ui.detail_pane import DetailPane
from desktop_app.ui.document_model import DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.icons import icon
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.tagging import selected_documents

_STYLE_KEY = "citation/style"


class CitingPart(WindowPart):
    """Copies citations of the selection (or of the document the details show), in the style
    chosen under Edit ▸ Citation style, remembered between sessions."""

    def __init__(
        self,
        context: PartContext,
        table: DocumentTable,
        model: DocumentTableModel,
        detail_pane: DetailPane,
        settings: QSettings | None,
    ) -> None:
        super().__init__(context)
        self._table = table
        self._model = model
        self._pane = detail_pane
        self._settings = settings
        window = context.window
        self.copy_citation_action = QAction(icon("cite"), "Copy &citation", window)
        self.copy_citation_action.setObjectName("copyCitationAction")
        self.copy_citation_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_citation_action.setStatusTip(
            "Copy a citation of the selected documents, for a footnote or a bibliography"
        )
        window.addAction(self.copy_citation_action)
        self.copy_citation_action.triggered.connect(self.copy_citation)
        table.add_row_action(self.copy_citation_action)
        detail_pane.add_document_action(self.copy_citation_action)
        self.style_menu = QMenu("Citation st&yle", window)
        self.style_menu.setObjectName("citationStyleMenu")
        self._styles = QActionGroup(self)
        self._styles.setExclusive(True)
        remembered = self._remembered_style()
        for style in CITATION_STYLES:
            action = self.style_menu.addAction(style.label)
            action.setCheckable(True)
            action.setData(style.key)
            action.setChecked(style.key == remembered)
            self._styles.addAction(action)
        self._styles.triggered.connect(self._on_style_chosen)

    @property
    def style(self) -> str:
        """The key of the style chosen (`services.citations.STYLES_BY_KEY`)."""
        checked = self._styles.checkedAction()
        return str(checked.data()) if checked is not None else CITATION_STYLES[0].key

    def set_style(self, key: str) -> None:
        for action in self._styles.actions():
            if action.data() == key:
                action.setChecked(True)
                self._on_style_chosen(action)

    def set_catalog(self) -> None:
        self.copy_citation_action.setEnabled(self._session.catalog is not None)

    def copy_citation(self) -> None:
        """Cite the selected rows (or the document the details show) off the GUI thread."""
        catalog = self._session.catalog
        if catalog is None:
            return
        count = self._table.selected_count()
        if count > MOST_CITED:
            self._status.showMessage(
                f"Select at most {MOST_CITED:,} documents to cite; export more for a "
                "citation manager (File ▸ Export…, RIS or BibLaTeX).",
                10_000,
            )
            return
        selected = selected_documents(self._table, self._model) if count else []
        if not isinstance(selected, list):  # every row of a small result: its ids are known
            selected = list(self._model.ids)
        detail = self._pane.detail
        ids = selected or ([detail.row.id] if detail is not None else [])
        if not ids:
            self._status.showMessage("Select the documents to cite first.", 8000)
            return
        style = self.style
        self._runner.run(
            "citation", lambda: catalog.citations(ids, style), self._on_cited, self._report
        )

    def _on_cited(self, cited: FormattedCitations) -> None:
        data = QMimeData()
        data.setText(cited.plain)
        data.setHtml(cited.html)
        QGuiApplication.clipboard().setMimeData(data)
        label = STYLES_BY_KEY[self.style].label
        self._status.showMessage(
            f"Copied {plural(cited.count, 'citation')} in the {label} style", 10_000
        )

    def _remembered_style(self) -> str:
        value = self._settings.value(_STYLE_KEY) if self._settings is not None else None
        return (
            value if isinstance(value, str) and value in STYLES_BY_KEY else CITATION_STYLES[0].key
        )

    def _on_style_chosen(self, action: QAction) -> None:
        if self._settings is not None:
            self._settings.setValue(_STYLE_KEY, str(action.data()))
