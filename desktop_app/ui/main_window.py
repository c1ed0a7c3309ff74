"""The main window: search field, document table, collections and detail panes, menus, status."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop_app.domain.errors import QueryError
from desktop_app.domain.views import CollectionNode, DocumentDetail, ImportReport, SearchResult
from desktop_app.query.ast import Term
from desktop_app.query.parser import parse
from desktop_app.services.catalog import Catalog
from desktop_app.ui.collection_tree import CollectionTree
from desktop_app.ui.detail_pane import DetailPane, filter_query
from desktop_app.ui.dialogs import ShortcutsDialog, about_html
from desktop_app.ui.document_model import DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.icons import icon
from desktop_app.ui.worker import TaskRunner

#: Bumped when the docks or columns change shape, so an older saved layout is not restored.
LAYOUT_VERSION = 1

_TABLE_PAGE, _MESSAGE_PAGE = 0, 1


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def collection_of(query: str) -> str | None:
    """The collection title when a query is exactly one `collection:=` term, else None."""
    try:
        node = parse(query)
    except QueryError:
        return None
    if isinstance(node, Term) and node.field == "collection" and node.exact:
        return node.value
    return None


class MainWindow(QMainWindow):
    """The catalog window. It owns its catalog and closes it when the window closes.

    `catalog` None shows `open_error` in place of the table; File ▸ Open catalog… still works.
    `settings` None neither restores nor saves the layout (screenshots).
    """

    def __init__(
        self,
        catalog: Catalog | None,
        *,
        open_error: str = "",
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName("Dossier")
        self._catalog: Catalog | None = None
        self._settings = settings
        self._runner = TaskRunner(self)
        self._query = ""  # the query the table shows
        self._sort = ("date", False)
        self._searching = False
        self._elapsed_ms: float | None = None
        self._total = 0
        self._pending_document: int | None = None
        self._layout_restored = False
        self._docks_sized = False

        self._model = DocumentTableModel(None, self)
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._connect_signals()
        self.resize(self._first_size())
        self._apply_default_layout()
        self._restore_layout()
        self._set_catalog(catalog, open_error)

    # -- building ----------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("searchField")
        self.search_field.setAccessibleName("Search")
        self.search_field.setAccessibleDescription(
            'A query: words, "phrases", field:value filters, OR, NOT and parentheses'
        )
        self.search_field.setPlaceholderText(
            'Search — e.g. author:Stalin date:1951  or  "demarcation line"  (Enter to search)'
        )
        self.search_field.setClearButtonEnabled(True)
        self.search_field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_field.setMinimumWidth(360)

        self.query_message = QLabel(self)
        self.query_message.setObjectName("queryMessage")
        self.query_message.setAccessibleName("Query problem")
        self.query_message.setTextFormat(Qt.TextFormat.PlainText)
        self.query_message.setStyleSheet("QLabel { color: #c0392b; padding: 0 8px; }")

        self.toolbar = QToolBar("Toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setAccessibleName("Toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        self.table = DocumentTable(self._model, self)
        self.central_message = QLabel(self)
        self.central_message.setObjectName("catalogMessage")
        self.central_message.setAccessibleName("Catalog message")
        self.central_message.setTextFormat(Qt.TextFormat.PlainText)
        self.central_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.central_message.setWordWrap(True)
        self.central_message.setMargin(40)
        self.central_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.central = QStackedWidget(self)
        self.central.setObjectName("centralStack")
        self.central.addWidget(self.table)
        self.central.addWidget(self.central_message)
        self.setCentralWidget(self.central)

        self.collection_tree = CollectionTree(self)
        self.collections_dock = self._dock(
            "Collections",
            "collectionsDock",
            self.collection_tree,
            Qt.DockWidgetArea.LeftDockWidgetArea,
        )
        self.detail_pane = DetailPane(self)
        self.detail_dock = self._dock(
            "Details", "detailDock", self.detail_pane, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        # The sidebar runs the window's full height; the details sit under the table only.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)

        status = self.statusBar()
        status.setObjectName("statusBar")
        status.setAccessibleName("Status")
        self.read_only_label = QLabel(self)
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only_label.setVisible(False)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.counts_label.setAccessibleName("Document counts")
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)
        status.addPermanentWidget(self.read_only_label)
        status.addPermanentWidget(self.counts_label)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setAccessibleName(title)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _action(
        self,
        text: str,
        meaning: str | None = None,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(icon(meaning) if meaning else QIcon(), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(
            "&Open catalog…",
            "open_catalog",
            QKeySequence.StandardKey.Open,
            "Open another catalog file (.sqlite) in this window",
        )
        self.import_action = self._action(
            "&Import…",
            "import",
            "Ctrl+I",
            "Import archive listings copied from the archive's website",
        )
        self.quit_action = self._action("&Quit", "quit", QKeySequence.StandardKey.Quit)
        self.find_action = self._action(
            "&Find", "search", QKeySequence.StandardKey.Find, "Go to the search field"
        )
        self.refresh_action = self._action(
            "&Refresh", None, QKeySequence.StandardKey.Refresh, "Search the catalog again"
        )
        self.reset_layout_action = self._action(
            "Reset &layout", "reset_layout", None, "Panes and columns as they first were"
        )
        self.shortcuts_action = self._action(
            "&Keyboard shortcuts", "shortcuts", "Ctrl+/", "Every shortcut of the window"
        )
        self.about_action = self._action("&About Dossier", "about")

        self.collections_action = self.collections_dock.toggleViewAction()
        self.collections_action.setText("&Collections")
        self.collections_action.setIcon(icon("collections"))
        self.collections_action.setShortcut(QKeySequence("Ctrl+1"))
        self.detail_action = self.detail_dock.toggleViewAction()
        self.detail_action.setText("&Details")
        self.detail_action.setIcon(icon("detail"))
        self.detail_action.setShortcut(QKeySequence("Ctrl+2"))
        self.toolbar_action = self.toolbar.toggleViewAction()
        self.toolbar_action.setText("&Toolbar")

        self.toolbar.addAction(self.open_action)
        self.toolbar.addAction(self.import_action)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.search_field)
        # A widget in a toolbar is shown and hidden through its action, not by itself.
        self._query_message_action = self.toolbar.addWidget(self.query_message)
        self._query_message_action.setVisible(False)

    def _build_menus(self) -> None:
        menus = self.menuBar()
        menus.setObjectName("menuBar")
        file_menu = menus.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addAction(self.table.copy_action)
        edit_menu.addAction(self.find_action)
        view_menu = menus.addMenu("&View")
        view_menu.addAction(self.collections_action)
        view_menu.addAction(self.detail_action)
        view_menu.addAction(self.toolbar_action)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.reset_layout_action)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _connect_signals(self) -> None:
        self.search_field.returnPressed.connect(self._on_search_field_return_pressed)
        self.search_field.textEdited.connect(self._on_search_field_text_edited)
        self.table.sort_changed.connect(self._on_table_sort_changed)
        self.table.current_document_changed.connect(self._on_table_current_document_changed)
        self.table.selection_count_changed.connect(self._on_table_selection_count_changed)
        self._model.rows_failed.connect(self._on_model_rows_failed)
        self.collection_tree.collection_selected.connect(self._on_collection_tree_selected)
        self.detail_pane.filter_requested.connect(self._on_detail_pane_filter_requested)
        self.open_action.triggered.connect(self._on_open_action_triggered)
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self._on_find_action_triggered)
        self.refresh_action.triggered.connect(self.refresh)
        self.reset_layout_action.triggered.connect(self._on_reset_layout_action_triggered)
        self.shortcuts_action.triggered.connect(self._on_shortcuts_action_triggered)
        self.about_action.triggered.connect(self._on_about_action_triggered)

    # -- the catalog -------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog

    @property
    def model(self) -> DocumentTableModel:
        return self._model

    @property
    def query(self) -> str:
        """The query whose documents the table shows."""
        return self._query

    def _set_catalog(self, catalog: Catalog | None, open_error: str = "") -> None:
        for channel in ("search", "detail", "collections"):
            self._runner.cancel(channel)
        self._catalog = catalog
        self._model.set_catalog(catalog)
        self._query = ""
        self._elapsed_ms = None
        self.search_field.clear()
        self._show_query_problem("")
        writable = catalog is not None and not catalog.read_only
        self.import_action.setEnabled(writable)
        self.search_field.setEnabled(catalog is not None)
        self.refresh_action.setEnabled(catalog is not None)
        if catalog is None:
            self.setWindowTitle("Dossier — no catalog")
            self.collection_tree.clear()
            self.detail_pane.show_message("No catalog is open.")
            self._show_central_message(
                "Dossier could not open the catalog.\n\n"
                f"{open_error or 'No catalog is open.'}\n\n"
                "Choose File ▸ Open catalog… to open another one."
            )
            self.read_only_label.setVisible(False)
            self._update_counts()
            return
        self.setWindowTitle(f"Dossier — {catalog.name}")
        self.read_only_label.setVisible(catalog.read_only)
        if catalog.read_only:
            reason = catalog.read_only_reason or "it cannot be written"
            self.read_only_label.setText(f"Read-only: {reason}")
            self.read_only_label.setToolTip("Importing is off because the catalog is read-only")
            self.import_action.setStatusTip(f"The catalog is read-only: {reason}")
        self.detail_pane.show_message("Select a document to read its details.")
        self.refresh()

    def open_catalog(self, url: str) -> None:
        """Open another catalog in this window, off the GUI thread; errors become messages."""
        self.statusBar().showMessage("Opening the catalog…")
        self._runner.run(
            "open", lambda: Catalog.open(url), self._on_catalog_opened, self._on_catalog_open_failed
        )

    def import_files(self, paths: Sequence[Path]) -> None:
        """Import files into the catalog off the GUI thread, then report and refresh."""
        catalog = self._catalog
        if catalog is None or catalog.read_only or not paths:
            return
        self.import_action.setEnabled(False)
        self.statusBar().showMessage(f"Importing {_plural(len(paths), 'file')}…")
        self._runner.run(
            "import",
            lambda: catalog.import_files(list(paths)),
            self._on_import_finished,
            self._on_import_failed,
        )

    # -- searching ---------------------------------------------------------------------------

    def apply_query(self, text: str) -> None:
        """Show `text` in the search field and search for it."""
        self.search_field.setText(text)
        self._search(text)

    def refresh(self) -> None:
        """Search again for the current query and reload the collections."""
        self._search(self._query)
        self._load_collections()

    def is_idle(self) -> bool:
        """No search, detail or import is running or waiting to be shown."""
        return self._runner.is_idle()

    def _search(self, text: str, keep_document: int | None = None) -> None:
        catalog = self._catalog
        if catalog is None:
            return
        key, descending = self._sort
        self._searching = True
        self._pending_document = keep_document
        self._update_counts()
        self._runner.run(
            "search",
            lambda: (text, catalog.search(text, sort=key, descending=descending)),
            self._on_search_finished,
            self._on_search_failed,
        )

    def _load_collections(self) -> None:
        catalog = self._catalog
        if catalog is None:
            return
        self._runner.run(
            "collections",
            lambda: (catalog.collections(), catalog.count()),
            self._on_collections_loaded,
            self._on_background_failed,
        )

    def _on_search_finished(self, outcome: tuple[str, SearchResult]) -> None:
        text, result = outcome
        self._searching = False
        self._query = text
        self._elapsed_ms = result.elapsed_ms
        self._total = result.total
        self._show_query_problem("")
        self._model.set_result(result)
        if result.total == 0:
            self.detail_pane.show_message("No document to show.")
            if text.strip():
                self._show_central_message(
                    f"No document matches this search.\n\n{text}\n\n"
                    "Clear the search field to see every document."
                )
            else:
                self._show_central_message(
                    "This catalog holds no documents yet.\n\n"
                    "Choose File ▸ Import… to add an archive listing copied from the "
                    "archive's website."
                )
        else:
            self.central.setCurrentIndex(_TABLE_PAGE)
        self._show_query_in_tree()
        if self._pending_document is not None:
            row = self._model.row_of(self._pending_document)
            if row is not None:
                self.table.select_row(row)
        self._pending_document = None
        self._update_counts()

    def _on_search_failed(self, error: BaseException) -> None:
        self._searching = False
        if isinstance(error, QueryError):
            self._show_query_problem(f"Column {error.position + 1}: {error.reason}")
            if self.search_field.text() == error.query:
                self.search_field.setCursorPosition(error.position)
            self.search_field.setFocus()
        else:
            self._show_query_problem(str(error))
        self._update_counts()

    def _on_collections_loaded(self, outcome: tuple[list[CollectionNode], int]) -> None:
        nodes, total = outcome
        self.collection_tree.set_collections(nodes, total, None)
        self._show_query_in_tree()

    def _show_query_in_tree(self) -> None:
        """Select the collection the query is about, "All documents" for none, else nothing."""
        if not self._query.strip():
            self.collection_tree.show_selected(None)
            return
        title = collection_of(self._query)
        if title is None:
            self.collection_tree.show_none_selected()
        else:
            self.collection_tree.show_selected(title)

    def _on_background_failed(self, error: BaseException) -> None:
        self.statusBar().showMessage(str(error), 10_000)

    def _show_query_problem(self, message: str) -> None:
        """Say what is wrong with the query beside the field, or take the last word back."""
        shown = self._query_message_action.isVisible()
        self.query_message.setText(message)
        self._query_message_action.setVisible(bool(message))
        if message:
            self.statusBar().showMessage(f"The search was not run — {message}", 15_000)
        elif shown:
            self.statusBar().clearMessage()  # only our own message, not an import's report

    def _show_central_message(self, message: str) -> None:
        self.central_message.setText(message)
        self.central.setCurrentIndex(_MESSAGE_PAGE)

    def _update_counts(self) -> None:
        if self._catalog is None:
            self.counts_label.setText("No catalog")
            return
        parts = [
            _plural(self._model.rowCount(), "document"),
            f"{self.table.selected_count():,} selected",
        ]
        if self._searching:
            parts.append("searching…")
        elif self._elapsed_ms is not None:
            parts.append(f"{self._elapsed_ms:,.0f} ms")
        self.counts_label.setText(" · ".join(parts))

    # -- handlers ----------------------------------------------------------------------------

    def _on_search_field_return_pressed(self) -> None:
        self._search(self.search_field.text())

    def _on_search_field_text_edited(self, text: str) -> None:
        self._show_query_problem("")
        if not text and self._query:
            self._search("")  # the clear button shows every document again

    def _on_table_sort_changed(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        current = self.table.currentIndex()
        keep = self._model.document_id(current.row()) if current.isValid() else None
        self._search(self._query, keep_document=keep)

    def _on_table_current_document_changed(self, document_id: int | None) -> None:
        catalog = self._catalog
        if document_id is None or catalog is None:
            self._runner.cancel("detail")
            if catalog is not None:
                self.detail_pane.show_message("Select a document to read its details.")
            return
        self._runner.run(
            "detail",
            lambda: catalog.detail(document_id),
            self._on_detail_loaded,
            self._on_background_failed,
        )

    def _on_detail_loaded(self, detail: DocumentDetail | None) -> None:
        self.detail_pane.show_detail(detail)

    def _on_table_selection_count_changed(self, count: int) -> None:
        self._update_counts()

    def _on_model_rows_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def _on_collection_tree_selected(self, title: str | None) -> None:
        self.apply_query(filter_query("collection", title) if title is not None else "")

    def _on_detail_pane_filter_requested(self, query: str) -> None:
        self.apply_query(query)

    def _on_open_action_triggered(self) -> None:
        start = ""
        if self._catalog is not None and Path(self._catalog.location).exists():
            start = str(Path(self._catalog.location).parent)
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open catalog",
            start,
            "Dossier catalogs (*.sqlite *.sqlite3 *.db);;All files (*)",
        )
        if path:
            self.open_catalog(f"sqlite:///{Path(path).resolve()}")

    def _on_catalog_opened(self, catalog: Catalog) -> None:
        previous = self._catalog
        self.statusBar().clearMessage()
        self._set_catalog(catalog)
        if previous is not None:
            previous.close()

    def _on_catalog_open_failed(self, error: BaseException) -> None:
        self.statusBar().clearMessage()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Open catalog",
            "Dossier could not open that catalog.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("openFailedMessage")
        box.setInformativeText(str(error))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()

    def _on_import_action_triggered(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "Import archive listings",
            str(Path.home()),
            "Archive listings (*.txt);;All files (*)",
        )
        if paths:
            self.import_files([Path(path) for path in paths])

    def _on_import_finished(self, reports: list[ImportReport]) -> None:
        catalog = self._catalog
        self.import_action.setEnabled(catalog is not None and not catalog.read_only)
        lines = [
            f"{Path(report.source).name}: {_plural(report.added, 'document')} added, "
            f"{report.skipped:,} already in the catalog"
            for report in reports
        ]
        added = sum(report.added for report in reports)
        skipped = sum(report.skipped for report in reports)
        self.statusBar().showMessage(
            f"Imported: {added:,} added, {skipped:,} already in the catalog", 15_000
        )
        self._message_box(QMessageBox.Icon.Information, "Import", "Import finished.", lines)
        self.refresh()

    def _on_import_failed(self, error: BaseException) -> None:
        catalog = self._catalog
        self.import_action.setEnabled(catalog is not None and not catalog.read_only)
        self.statusBar().showMessage("The import failed; nothing was added.", 15_000)
        self._message_box(
            QMessageBox.Icon.Warning,
            "Import",
            "The import failed; nothing was added to the catalog.",
            [str(error)],
        )

    def _message_box(
        self, kind: QMessageBox.Icon, title: str, text: str, details: Sequence[str]
    ) -> QMessageBox:
        # open(), not exec(): the window keeps painting and its searches keep arriving.
        box = QMessageBox(kind, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("\n".join(details))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _on_find_action_triggered(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _on_reset_layout_action_triggered(self) -> None:
        self._apply_default_layout()
        self.table.reset_columns()
        self._on_table_sort_changed("date", False)

    def _on_shortcuts_action_triggered(self) -> None:
        dialog = ShortcutsDialog(self.shortcuts(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_about_action_triggered(self) -> None:
        catalog = self._catalog
        box = QMessageBox(self)
        box.setObjectName("aboutDialog")
        box.setWindowTitle("About Dossier")
        box.setIcon(QMessageBox.Icon.Information)
        box.setTextFormat(Qt.TextFormat.RichText)  # built from escaped text
        box.setText(
            about_html(
                catalog.location if catalog else None,
                catalog.read_only_reason if catalog and catalog.read_only else "",
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def shortcuts(self) -> list[tuple[str, str]]:
        """Every shortcut of the window: its actions' keys, then keys and gestures of widgets."""
        actions = [
            self.open_action,
            self.import_action,
            self.quit_action,
            self.table.copy_action,
            self.find_action,
            self.collections_action,
            self.detail_action,
            self.refresh_action,
            self.shortcuts_action,
        ]
        listed = [
            (
                action.text().replace("&", "").rstrip("…"),
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            )
            for action in actions
            if not action.shortcut().isEmpty()
        ]
        return [
            *listed,
            ("Search for the text in the search field", "Enter"),
            (
                "Select all rows",
                QKeySequence(QKeySequence.StandardKey.SelectAll).toString(
                    QKeySequence.SequenceFormat.NativeText
                ),
            ),
            ("Extend the selection", "Shift+click, Shift+↑/↓"),
            ("Add or remove a row from the selection", "Ctrl+click"),
            ("Sort by a column (again: reverse)", "Click its header"),
            ("Show, hide or move columns", "Right-click a header"),
            ("Move a column", "Drag its header"),
            ("Move between panes", "Tab, Shift+Tab"),
        ]

    # -- layout memory -----------------------------------------------------------------------

    def _first_size(self) -> QSize:
        """1400×900, or nine tenths of a smaller screen; later launches restore their own."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return QSize(1400, 900)
        available = screen.availableSize()
        return QSize(min(1400, available.width() * 9 // 10), min(900, available.height() * 9 // 10))

    def _apply_default_layout(self) -> None:
        for dock in (self.collections_dock, self.detail_dock):
            dock.setFloating(False)
            dock.setVisible(True)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.collections_dock)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.detail_dock)
        self.toolbar.setVisible(True)
        self._size_docks()

    def _restore_layout(self) -> None:
        settings = self._settings
        if settings is None or settings.value("layout/version") != str(LAYOUT_VERSION):
            return
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self._layout_restored = self.restoreState(state, LAYOUT_VERSION)
        header = settings.value("table/header")
        if isinstance(header, QByteArray) and self.table.restore_state(header):
            self._sort = self.table.sort_order()

    def save_layout(self) -> None:
        settings = self._settings
        if settings is None:
            return
        settings.setValue("layout/version", str(LAYOUT_VERSION))
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        settings.setValue("table/header", self.table.save_state())
        key, descending = self._sort
        settings.setValue("table/sort", f"{key} {'descending' if descending else 'ascending'}")
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self._runner.shutdown()
        if self._catalog is not None:
            self._catalog.close()
            self._catalog = None
            self._model.set_catalog(None)
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Docks are sized once against the window as shown, unless a saved layout placed them.
        if not self._layout_restored and not self._docks_sized:
            self._docks_sized = True
            QTimer.singleShot(0, self._size_docks)

    def _size_docks(self) -> None:
        self.resizeDocks(
            [self.collections_dock], [max(260, int(self.width() * 0.26))], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.detail_dock], [max(220, int(self.height() * 0.36))], Qt.Orientation.Vertical
        )
        self.table.fit_title_column()
