"""The main window: search field and filters, document table, sidebars, detail pane, menus."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QMouseEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DossierError, ImportCancelled, QueryError
from desktop_app.domain.timeline import TimelineData
from desktop_app.domain.views import (
    CollectionNode,
    DocumentDetail,
    DocumentRow,
    ImportReport,
    SavedSearchView,
    SearchResult,
)
from desktop_app.query import editing
from desktop_app.query.ast import Node, Term
from desktop_app.query.describe import suggested_name
from desktop_app.query.search_query import SearchQuery, Sort
from desktop_app.services.catalog import Catalog
from desktop_app.services.changes import CatalogChange, ChangeListener
from desktop_app.services.exporting import ExportResult
from desktop_app.ui.accessibility import (
    name_action_button,
    name_clear_button,
    name_input_dialog,
    name_message_box,
    spoken,
)
from desktop_app.ui.collection_tree import CollectionTree
from desktop_app.ui.detail_pane import DetailPane
from desktop_app.ui.dialogs import ShortcutsDialog, about_html
from desktop_app.ui.document_model import PAGE_SIZE, DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.export_dialog import (
    ChoosePath,
    ExportDialog,
    Exporter,
    ExportProgress,
    ExportRequest,
    save_file_name,
)
from desktop_app.ui.facets import EXPANDED_BY_DEFAULT, FacetPanel
from desktop_app.ui.filter_bar import FilterBuilder, FilterChips
from desktop_app.ui.icons import dock_style, icon
from desktop_app.ui.import_dialog import (
    ImportDialog,
    ImportRequest,
    choose_import_files,
    collection_titles,
)
from desktop_app.ui.import_progress import ImportProgress
from desktop_app.ui.open_catalog_dialog import (
    OpenCatalogDialog,
    choose_catalog_file,
    recent_catalogs,
    remember_catalog,
)
from desktop_app.ui.palette import follow_palette, warning
from desktop_app.ui.query_state import Place, QueryState
from desktop_app.ui.saved_search_list import SavedSearchList
from desktop_app.ui.timeline import FEW_DOCUMENTS, Mark, TimelineWidget
from desktop_app.ui.worker import TaskRunner

#: Bumped when the docks or columns change shape, so an older saved layout is not restored.
LAYOUT_VERSION = 3

#: Selected rows beyond these are not marked on the timeline: the ticks would be a smear.
MAX_TIMELINE_MARKS = 2000

#: The timeline's first height in pixels: room for three era lanes, the bars and the axis; in
#: a short window down to the least that keeps the bars readable.
TIMELINE_HEIGHT = 230
MIN_TIMELINE_HEIGHT = 180

_TABLE_PAGE, _MESSAGE_PAGE = 0, 1

_IMPORT_TIP = (
    "Import archive listings, CSV or JSON files and FRUS volumes (TEI XML) into the catalog"
)

#: How long a thread may keep the GIL while another waits for it (Python's default is 5 ms).
GIL_SWITCH_INTERVAL_S = 0.0005

#: Other desktops' changes arriving within this many milliseconds cause one refresh.
LIVE_REFRESH_DELAY_MS = 500

_log = logging.getLogger(__name__)


class _ChangeBridge(QObject):
    """Carries a catalog's changes from its listener's thread to the GUI thread."""

    changed = Signal(object)

    def deliver(self, change: CatalogChange) -> None:
        # Called on the listener's thread: the emission is queued to the GUI thread.
        self.changed.emit(change)


def _within(widget: QWidget, pane: QWidget) -> bool:
    """Whether `widget` is `pane` or one of its children."""
    return widget is pane or pane.isAncestorOf(widget)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def _marks(rows: Sequence[DocumentRow]) -> list[Mark]:
    return [(row.id, row.date_start, row.date_end) for row in rows]


class MainWindow(QMainWindow):
    """The catalog window. It owns its catalog and closes it when the window closes.

    `catalog` None shows `open_error` in place of the table; File ▸ Open catalog… still works.
    `settings` None neither restores nor saves the layout (screenshots).
    Every part that filters (search field, chips, facets, filter builder, collections, links,
    cell menus, saved searches) reads and changes one `QueryState`; the table follows it.
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
        # Facet counts get threads of their own, so that a search never waits behind them.
        self._facet_runner = TaskRunner(self)
        #: Runs one export at a time on a thread of its own, with progress and Cancel.
        self.exporter = Exporter(self)
        #: Where to export to, and which files to import: the system's file dialogs, replaced
        #: by tests so that none ever opens.
        self.choose_export_path: ChoosePath = save_file_name
        self.choose_import_paths = choose_import_files
        #: Which catalog file File ▸ Open catalog… ▸ File… opens; replaced by tests too.
        self.choose_catalog_path = choose_catalog_file
        #: File ▸ Open catalog…'s dialog while it is open.
        self.open_dialog: OpenCatalogDialog | None = None
        # Live refresh: the catalog's listener, and a timer that gathers bursts of changes.
        self._listener: ChangeListener | None = None
        self._change_bridge = _ChangeBridge(self)
        self._change_bridge.changed.connect(self._on_catalog_changed)
        self._live_refresh_timer = QTimer(self)
        self._live_refresh_timer.setSingleShot(True)
        self._live_refresh_timer.setInterval(LIVE_REFRESH_DELAY_MS)
        self._live_refresh_timer.timeout.connect(self._on_live_refresh_timer_timeout)
        self.query_state = QueryState(self)
        #: The query the table shows; None before the first result.
        self._shown: SearchQuery | None = None
        self._searching = False
        self._elapsed_ms: float | None = None
        self._total = 0
        #: Where to put the person once the coming result is shown (history, a new sort).
        self._pending_place: Place | None = None
        #: A result is being put in place: its resets are not the person moving.
        self._settling = False
        self._layout_restored = False
        self._docks_sized = False
        self._sidebar_fitted = False
        #: The query whose bars the timeline shows; None until the first result arrives.
        self._timeline_query: SearchQuery | None = None
        #: The query the timeline's own brush made: its result keeps the timeline's view.
        self._timeline_brushed: SearchQuery | None = None
        #: The catalog may have changed (Refresh, an import): the bars are asked for again.
        self._timeline_stale = False

        # Worker threads run Python too (SQL compilation), not only SQLite. At the default 5 ms
        # switch interval the GUI thread could wait that long for the GIL at each call into
        # Python while they do, and a paint makes a hundred such calls.
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL_S))
        self._model = DocumentTableModel(None, self)
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._connect_signals()
        self.resize(self._first_size())
        self._apply_default_layout()
        self._restore_layout()
        app = QApplication.instance()
        if app is not None:
            # The mouse's back and forward buttons act wherever the pointer is in the window.
            app.installEventFilter(self)
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
        name_clear_button(self.search_field, "Clear the search")
        # The magnifier runs the search, as a person clicking it expects.
        self._search_icon = self.search_field.addAction(
            icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        self._search_icon.setToolTip("Search (Enter)")
        name_action_button(self.search_field, self._search_icon, "Run the search")
        self.search_field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_field.setMinimumWidth(280)
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_field)
        self._escape.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.query_message = QLabel(self)
        self.query_message.setObjectName("queryMessage")
        self.query_message.setAccessibleDescription("Query problem")
        self.query_message.setTextFormat(Qt.TextFormat.PlainText)
        follow_palette(self, self._style_query_message)
        self.query_message.setWordWrap(True)
        self.query_message.setVisible(False)
        # The problem shows right under the field, the toolbar growing by a line meanwhile.
        self.search_box = QWidget(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box = QVBoxLayout(self.search_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.search_field)
        box.addWidget(self.query_message)

        self.toolbar = QToolBar("Toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setAccessibleName("Toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        # Qt's » button, shown when the window is too narrow for every button, has no name,
        # and Fusion's glyph for it is all but invisible on a dark palette.
        more = self.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        if more is not None:
            more.setAccessibleName("More toolbar buttons")
            more.setIcon(icon("more_buttons"))

        self.table = DocumentTable(self._model, self)
        self.central_message = QLabel(self)
        self.central_message.setObjectName("catalogMessage")
        self.central_message.setAccessibleDescription("Catalog message")
        self.central_message.setTextFormat(Qt.TextFormat.PlainText)
        self.central_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.central_message.setWordWrap(True)
        self.central_message.setMargin(40)
        self.central_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.central = QStackedWidget(self)
        self.central.setObjectName("centralStack")
        self.central.addWidget(self.table)
        self.central.addWidget(self.central_message)

        self.filter_chips = FilterChips(self.query_state, self)
        self.filter_builder = FilterBuilder(self.query_state, self._runner, self)
        # The bar's margins are its children's, so that it takes no room when both are hidden.
        self.filter_bar = QWidget(self)
        self.filter_bar.setObjectName("filterBar")
        bar = QVBoxLayout(self.filter_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(0)
        bar.addWidget(self.filter_chips)
        bar.addWidget(self.filter_builder)
        page = QWidget(self)
        page.setObjectName("centralPane")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.central, 1)
        self.setCentralWidget(page)

        self.saved_list = SavedSearchList(self)
        self.saved_dock = self._dock(
            "Saved searches",
            "savedSearchesDock",
            self.saved_list,
            Qt.DockWidgetArea.LeftDockWidgetArea,
        )
        self.collection_tree = CollectionTree(self)
        self.collections_dock = self._dock(
            "Collections",
            "collectionsDock",
            self.collection_tree,
            Qt.DockWidgetArea.LeftDockWidgetArea,
        )
        self.facet_panel = FacetPanel(self.query_state, self._facet_runner, self)
        self.facet_dock = self._dock(
            "Filter by", "facetDock", self.facet_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.detail_pane = DetailPane(self)
        self.detail_dock = self._dock(
            "Details", "detailDock", self.detail_pane, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.timeline = TimelineWidget(self)
        self.timeline.set_titles_provider(self._timeline_titles)
        self.timeline_dock = self._dock(
            "Timeline", "timelineDock", self.timeline, Qt.DockWidgetArea.BottomDockWidgetArea
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
        self.counts_label.setAccessibleDescription("Document counts")
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)
        status.addPermanentWidget(self.read_only_label)
        status.addPermanentWidget(self.counts_label)
        self.export_progress = ExportProgress(self.exporter, self)
        status.insertPermanentWidget(0, self.export_progress)
        self.import_progress = ImportProgress(self)
        status.insertPermanentWidget(0, self.import_progress)

    def _style_query_message(self) -> None:
        self.query_message.setStyleSheet(
            f"QLabel {{ color: {warning(self.palette()).name()}; padding: 0 4px; }}"
        )

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setAccessibleName(title)
        dock.setStyle(dock_style())
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
        self.import_action = self._action("&Import…", "import", "Ctrl+I", _IMPORT_TIP)
        self.export_action = self._action(
            "&Export…",
            "export",
            "Ctrl+E",
            "Write the selected documents, or every one the search found, to a CSV or JSON file",
        )
        self.quit_action = self._action("&Quit", "quit", QKeySequence.StandardKey.Quit)
        self.find_action = self._action(
            "&Find", "search", QKeySequence.StandardKey.Find, "Go to the search field"
        )
        self.back_action = self._action(
            "&Back", "back", "Alt+Left", "Back to the previous search (Alt+←, mouse back button)"
        )
        self.forward_action = self._action(
            "F&orward", "forward", "Alt+Right", "Forward to the next search (Alt+→)"
        )
        self.add_filter_action = self._action(
            "&Add filter",
            "add_filter",
            "Ctrl+Shift+F",
            "Add a filter row: a field, an operator and a value",
        )
        self.clear_filters_action = self._action(
            "&Clear all filters", "clear_filters", None, "Remove every filter"
        )
        self.save_search_action = self._action(
            "&Save search…",
            "save_search",
            "Ctrl+S",
            "Keep the current search under a name, in the catalog",
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
        self.next_pane_action = self._action(
            "&Next pane", None, "F6", "Move the keyboard focus to the next pane"
        )
        self.previous_pane_action = self._action(
            "&Previous pane", None, "Shift+F6", "Move the keyboard focus to the previous pane"
        )

        self.collections_action = self.collections_dock.toggleViewAction()
        self.collections_action.setText("&Collections")
        self.collections_action.setIcon(icon("collections"))
        self.collections_action.setShortcut(QKeySequence("Ctrl+1"))
        self.detail_action = self.detail_dock.toggleViewAction()
        self.detail_action.setText("&Details")
        self.detail_action.setIcon(icon("detail"))
        self.detail_action.setShortcut(QKeySequence("Ctrl+2"))
        self.facets_action = self.facet_dock.toggleViewAction()
        self.facets_action.setText("&Filter by")
        self.facets_action.setIcon(icon("facets"))
        self.facets_action.setShortcut(QKeySequence("Ctrl+3"))
        self.saved_action = self.saved_dock.toggleViewAction()
        self.saved_action.setText("&Saved searches")
        self.saved_action.setIcon(icon("saved_search"))
        self.saved_action.setShortcut(QKeySequence("Ctrl+4"))
        self.timeline_action = self.timeline_dock.toggleViewAction()
        self.timeline_action.setText("&Timeline")
        self.timeline_action.setIcon(icon("timeline"))
        self.timeline_action.setShortcut(QKeySequence("Ctrl+5"))
        self.toolbar_action = self.toolbar.toggleViewAction()
        self.toolbar_action.setText("&Toolbar")

        self.toolbar.addAction(self.open_action)
        self.toolbar.addAction(self.import_action)
        self.toolbar.addAction(self.export_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.back_action)
        self.toolbar.addAction(self.forward_action)
        self.toolbar.addWidget(self.search_box)
        self.toolbar.addAction(self.add_filter_action)
        self.toolbar.addAction(self.save_search_action)
        names = {
            self.open_action: "openCatalogButton",
            self.import_action: "importButton",
            self.export_action: "exportButton",
            self.back_action: "backButton",
            self.forward_action: "forwardButton",
            self.add_filter_action: "addFilterButton",
            self.save_search_action: "saveSearchButton",
        }
        for action, name in names.items():
            button = self.toolbar.widgetForAction(action)
            button.setObjectName(name)
            button.setAccessibleName(spoken(action.text()))
            if isinstance(button, QToolButton) and action in (
                self.add_filter_action,
                self.save_search_action,
            ):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back_action.setEnabled(False)
        self.forward_action.setEnabled(False)

    def _build_menus(self) -> None:
        menus = self.menuBar()
        menus.setObjectName("menuBar")
        file_menu = menus.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.save_search_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addAction(self.table.copy_action)
        edit_menu.addAction(self.find_action)
        search_menu = menus.addMenu("&Search")
        search_menu.setObjectName("searchMenu")
        search_menu.addAction(self.find_action)
        search_menu.addAction(self.back_action)
        search_menu.addAction(self.forward_action)
        search_menu.addSeparator()
        search_menu.addAction(self.add_filter_action)
        search_menu.addAction(self.clear_filters_action)
        search_menu.addSeparator()
        search_menu.addAction(self.save_search_action)
        view_menu = menus.addMenu("&View")
        view_menu.addAction(self.saved_action)
        view_menu.addAction(self.collections_action)
        view_menu.addAction(self.facets_action)
        view_menu.addAction(self.detail_action)
        view_menu.addAction(self.timeline_action)
        view_menu.addAction(self.toolbar_action)
        view_menu.addSeparator()
        view_menu.addAction(self.next_pane_action)
        view_menu.addAction(self.previous_pane_action)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.reset_layout_action)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _connect_signals(self) -> None:
        self.query_state.query_changed.connect(self._on_query_state_changed)
        self.query_state.history_changed.connect(self._on_query_state_history_changed)
        self.query_state.query_rejected.connect(self._on_query_state_rejected)
        self.search_field.returnPressed.connect(self._on_search_field_return_pressed)
        self.search_field.textEdited.connect(self._on_search_field_text_edited)
        self._escape.activated.connect(self._on_search_field_escape_pressed)
        self._search_icon.triggered.connect(self._on_search_field_return_pressed)
        self.table.sort_changed.connect(self._on_table_sort_changed)
        self.table.current_document_changed.connect(self._on_table_current_document_changed)
        self.table.selection_count_changed.connect(self._on_table_selection_count_changed)
        self.table.value_filter_requested.connect(self._on_table_value_filter_requested)
        self.table.verticalScrollBar().valueChanged.connect(self._on_table_scrolled)
        self._model.rows_failed.connect(self._on_model_rows_failed)
        self.collection_tree.collection_selected.connect(self._on_collection_tree_selected)
        self.detail_pane.filter_requested.connect(self._on_detail_pane_filter_requested)
        self.detail_pane.refine_requested.connect(self._on_detail_pane_refine_requested)
        self.timeline.range_needed.connect(self._on_timeline_range_needed)
        self.timeline.date_range_selected.connect(self._on_timeline_date_range_selected)
        self.timeline.selection_cleared.connect(self._on_timeline_selection_cleared)
        self.timeline.undated_chosen.connect(self._on_timeline_undated_chosen)
        self.timeline.collection_chosen.connect(self._on_timeline_collection_chosen)
        self.timeline.document_clicked.connect(self._on_timeline_document_clicked)
        self.saved_list.search_chosen.connect(self._on_saved_list_search_chosen)
        self.saved_list.rename_requested.connect(self._on_saved_list_rename_requested)
        self.saved_list.delete_requested.connect(self._on_saved_list_delete_requested)
        self.open_action.triggered.connect(self._on_open_action_triggered)
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.export_action.triggered.connect(self._on_export_action_triggered)
        self.table.export_requested.connect(self._on_table_export_requested)
        self.table.copy_started.connect(self._on_table_copy_started)
        self.table.copy_finished.connect(self._on_table_copy_finished)
        self.table.copy_failed.connect(self._on_background_failed)
        self.exporter.export_finished.connect(self._on_exporter_finished)
        self.exporter.export_failed.connect(self._on_exporter_failed)
        self.exporter.export_cancelled.connect(self._on_exporter_cancelled)
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self._on_find_action_triggered)
        self.back_action.triggered.connect(self.go_back)
        self.forward_action.triggered.connect(self.go_forward)
        self.add_filter_action.triggered.connect(self._on_add_filter_action_triggered)
        self.clear_filters_action.triggered.connect(self.query_state.clear)
        self.save_search_action.triggered.connect(self._on_save_search_action_triggered)
        self.refresh_action.triggered.connect(self.refresh)
        self.reset_layout_action.triggered.connect(self._on_reset_layout_action_triggered)
        self.shortcuts_action.triggered.connect(self._on_shortcuts_action_triggered)
        self.next_pane_action.triggered.connect(self._on_next_pane_action_triggered)
        self.previous_pane_action.triggered.connect(self._on_previous_pane_action_triggered)
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
        """The query whose documents the table shows, as text."""
        return self._shown.text if self._shown is not None else ""

    def _set_catalog(self, catalog: Catalog | None, open_error: str = "") -> None:
        for channel in ("search", "search-rest", "detail", "collections", "saved", "saved-write"):
            self._runner.cancel(channel)
        self._runner.cancel("timeline")
        self._runner.cancel("marks")
        self._stop_watching()
        self._catalog = catalog
        self._timeline_query = self._timeline_brushed = None
        self.timeline.forget_data()
        self.timeline.set_marked_dates([])
        self.timeline.setEnabled(catalog is not None)
        self._model.set_catalog(catalog)
        if catalog is not None:
            # Read in the background; facet counts, the timeline and sorting use them once read.
            catalog.keep_columns()
        self.facet_panel.set_catalog(catalog)
        self.filter_builder.set_catalog(catalog)
        self.saved_list.set_searches([], "")
        self._shown = None
        self._elapsed_ms = None
        self.search_field.clear()
        self._show_query_problem("")
        writable = catalog is not None and not catalog.read_only
        self.import_action.setEnabled(writable)
        self.import_action.setToolTip(_IMPORT_TIP)
        self.import_action.setStatusTip(_IMPORT_TIP)
        self.export_action.setEnabled(catalog is not None and not self.exporter.is_running())
        self.save_search_action.setEnabled(writable)
        self.search_field.setEnabled(catalog is not None)
        self.refresh_action.setEnabled(catalog is not None)
        self.add_filter_action.setEnabled(catalog is not None)
        if catalog is None:
            self.query_state.reset()
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
            self.import_action.setToolTip(f"Import is off: the catalog is read-only ({reason})")
            self.save_search_action.setStatusTip(f"The catalog is read-only: {reason}")
        self.detail_pane.show_message("Select a document to read its details.")
        self.query_state.reset()  # searches, and counts the facets, for every document
        self._load_collections()
        self._load_saved_searches()
        self._start_watching(catalog)
        remember_catalog(self._settings, catalog.remembered_url)

    def _start_watching(self, catalog: Catalog) -> None:
        """Listen for other desktops' changes, off the GUI thread (a server may be slow)."""
        self._runner.run(
            "watch",
            lambda: catalog.watch_changes(self._change_bridge.deliver),
            lambda listener: self._on_watching(catalog, listener),
            self._on_watch_failed,
        )

    def _on_watching(self, catalog: Catalog, listener: ChangeListener) -> None:
        if catalog is not self._catalog:
            listener.stop(timeout=0)
            return
        self._listener = listener

    def _on_watch_failed(self, error: BaseException) -> None:
        _log.warning("live refresh is off: %s", error)
        self.statusBar().showMessage(f"Changes from other desktops are not shown: {error}", 15_000)

    def _stop_watching(self) -> None:
        self._runner.cancel("watch")
        self._live_refresh_timer.stop()
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop(timeout=0)  # the catalog's close() waits for its thread

    def _on_catalog_changed(self, change: CatalogChange) -> None:
        if change.own or self._catalog is None:
            return  # this window's own imports and edits refresh it already
        self._live_refresh_timer.start()

    def _on_live_refresh_timer_timeout(self) -> None:
        if self._catalog is not None:
            self.refresh()

    def open_catalog(self, url: str) -> None:
        """Open another catalog in this window, off the GUI thread; errors become messages."""
        self.statusBar().showMessage("Opening the catalog…")
        self._runner.run(
            "open", lambda: Catalog.open(url), self._on_catalog_opened, self._on_catalog_open_failed
        )

    def import_files(
        self,
        paths: Sequence[Path],
        *,
        file_format: str = "auto",
        collection: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> None:
        """Import files into the catalog off the GUI thread, then report and refresh.

        The options are `Catalog.import_files`' own; the import dialog chooses them. The status
        bar shows how much has been read, with Cancel (see `ImportProgress`).
        """
        catalog = self._catalog
        if catalog is None or catalog.read_only or not paths or self.import_progress.is_running():
            return
        self.import_action.setEnabled(False)
        self.statusBar().clearMessage()
        progress = self.import_progress
        progress.start(Path(paths[0]).name if len(paths) == 1 else _plural(len(paths), "file"))
        self._runner.run(
            "import",
            lambda: catalog.import_files(
                list(paths),
                file_format=file_format,
                collection=collection,
                mapping=mapping,
                progress=progress.progressed.emit,
                cancelled=progress.is_cancelled,
            ),
            self._on_import_finished,
            self._on_import_failed,
        )

    # -- searching ---------------------------------------------------------------------------

    def apply_query(self, text: str) -> None:
        """Show `text` in the search field and search for it, as Enter there would."""
        self.search_field.setText(text)
        self._submit(text)

    def refresh(self) -> None:
        """Search again for the current query; reload collections, facets, saved searches, bars."""
        self._timeline_stale = True
        self._search(self.query_state.query, keep=self._current_place())
        self._load_collections()
        self._load_saved_searches()
        self.facet_panel.refresh()

    def go_back(self) -> None:
        """The previous query, with the document that was current in it and its scroll."""
        self._note_place()
        self.query_state.back()

    def go_forward(self) -> None:
        self._note_place()
        self.query_state.forward()

    def add_filter_row(self) -> None:
        """A new filter-builder row under the chips, its field combo focused."""
        self.filter_builder.add_row()

    def save_search(self, name: str) -> None:
        """Keep the current query under `name` in the catalog (off the GUI thread)."""
        catalog = self._catalog
        if catalog is None:
            return
        query = self.query_state.query
        self._runner.run(
            "saved-write",
            lambda: catalog.save_search(name, query),
            self._on_search_saved,
            lambda error: self._on_saved_search_failed("save", error),
        )

    def rename_saved_search(self, search: SavedSearchView, name: str) -> None:
        catalog = self._catalog
        if catalog is None:
            return
        self._runner.run(
            "saved-write",
            lambda: catalog.rename_search(search, name),
            lambda renamed: self._on_saved_searches_changed(f"Renamed to “{renamed.name}”."),
            lambda error: self._on_saved_search_failed("rename", error),
        )

    def delete_saved_search(self, search: SavedSearchView) -> None:
        catalog = self._catalog
        if catalog is None:
            return
        self._runner.run(
            "saved-write",
            lambda: catalog.delete_search(search),
            lambda _: self._on_saved_searches_changed(f"Deleted “{search.name}”."),
            lambda error: self._on_saved_search_failed("delete", error),
        )

    def is_idle(self) -> bool:
        """No search, page of rows, facet count, detail, timeline bars or import is running or
        on its way."""
        return (
            self._runner.is_idle()
            and self._model.is_idle()
            and not self.table.is_copying()
            and self._facet_runner.is_idle()
            and self.facet_panel.is_idle()
            and self.exporter.is_idle()
            and not self.timeline.is_request_due()
        )

    def is_search_idle(self) -> bool:
        """The table shows the current query's rows: no search is running or on its way.

        Facet counts and the detail pane may still be coming (see `is_idle`).
        """
        return not self._searching

    def _submit(self, text: str) -> None:
        """Make typed text the query; a problem is said beside the field, the rows stay."""
        try:
            query = SearchQuery.parse(text, self.query_state.sort)  # the one parse of it
        except QueryError as error:
            self._show_query_error(error)
            return
        self._apply(query)

    def _apply(self, query: SearchQuery) -> None:
        if query == self.query_state.query:
            # Enter on the same query searches again: the catalog may have changed meanwhile.
            self.search_field.setText(query.text)
            self._show_query_problem("")
            self._search(query, keep=self._current_place())
            return
        self.query_state.set_query(query)

    def _search(self, query: SearchQuery, keep: Place | None = None) -> None:
        catalog = self._catalog
        if catalog is None:
            return
        self._searching = True
        self._pending_place = keep
        self._update_counts()

        def search() -> tuple[SearchQuery, SearchResult, list[DocumentRow]]:
            result = catalog.search_first(query, page=PAGE_SIZE)
            # The first page is read here too, so that painting it costs the GUI thread nothing.
            return query, result, catalog.rows(result.ids[:PAGE_SIZE])

        self._runner.cancel("search-rest")
        self._runner.run("search", search, self._on_search_finished, self._on_search_failed)

    def _search_rest(self, query: SearchQuery) -> None:
        """The ids past the first page of the result shown, when it came without them."""
        catalog = self._catalog
        if catalog is None:
            return

        def rest() -> tuple[SearchQuery, SearchResult]:
            return query, catalog.search(query)

        self._runner.run("search-rest", rest, self._on_search_rest_finished, self._on_search_failed)

    def _on_search_rest_finished(self, outcome: tuple[SearchQuery, SearchResult]) -> None:
        query, result = outcome
        if query == self._shown and not self._searching:
            self._model.complete_result(result)

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

    def _load_saved_searches(self) -> None:
        catalog = self._catalog
        if catalog is None:
            return
        self._runner.run(
            "saved",
            catalog.saved_searches,
            self._on_saved_searches_loaded,
            self._on_background_failed,
        )

    def _on_search_finished(
        self, outcome: tuple[SearchQuery, SearchResult, list[DocumentRow]]
    ) -> None:
        query, result, first_rows = outcome
        self._searching = False
        self._settling = True
        try:
            self._show_result(query, result, first_rows)
        finally:
            self._settling = False
        self._note_place()
        self._update_counts()
        if not result.complete:
            self._search_rest(query)
        self.facet_panel.count()
        self._update_timeline(query)

    def _show_result(
        self, query: SearchQuery, result: SearchResult, first_rows: list[DocumentRow]
    ) -> None:
        self._shown = query
        text = query.text
        self._elapsed_ms = result.elapsed_ms
        self._total = result.total
        self._model.set_result(result, first_rows)
        if result.total == 0:
            self.detail_pane.show_message("No document to show.")
            if text.strip():
                self._show_central_message(
                    f"No document matches this search.\n\n{text}\n\n"
                    "Remove a filter, go Back (Alt+←) or clear the search field to see more."
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
        place, self._pending_place = self._pending_place, None
        if place is None:
            return
        if place.document_id is not None:
            row = self._model.row_of(place.document_id)
            if row is not None:
                self.table.select_row(row)
        if place.scroll is not None:
            # The scroll range follows the new rows only once the view has laid them out.
            self.table.doItemsLayout()
            self.table.verticalScrollBar().setValue(place.scroll)

    def _on_search_failed(self, error: BaseException) -> None:
        self._searching = False
        self._pending_place = None
        if isinstance(error, QueryError):
            self._show_query_error(error)
        else:
            self._show_query_problem(str(error))
        self._update_counts()
        self.facet_panel.count()

    def _on_collections_loaded(self, outcome: tuple[list[CollectionNode], int]) -> None:
        nodes, total = outcome
        self.collection_tree.set_collections(nodes, total, None)
        if not self._layout_restored and not self._sidebar_fitted:
            # Sized once to the first catalog's collections; after that the person sizes it.
            self._sidebar_fitted = True
            QTimer.singleShot(0, self._fit_sidebar)
        self._show_query_in_tree()

    def _on_saved_searches_loaded(self, searches: list[SavedSearchView]) -> None:
        self.saved_list.set_searches(searches, self.query_state.text)

    def _show_query_in_tree(self) -> None:
        """Select the one collection the query chooses, "All documents" for none, else nothing."""
        node = self._shown.node if self._shown is not None else None
        if node is None:
            self.collection_tree.show_selected(None)
            return
        title = editing.single_choice(node, "collection")
        if title is None:
            self.collection_tree.show_none_selected()
        else:
            self.collection_tree.show_selected(title)

    # -- the timeline ------------------------------------------------------------------------

    def _update_timeline(self, query: SearchQuery) -> None:
        """Bars for the query the table now shows, and its date term drawn as the brushed range."""
        brushed, self._timeline_brushed = self._timeline_brushed, None
        shown = self._timeline_query
        if shown is None or query.node != shown.node or self._timeline_stale:
            # A range brushed on the timeline keeps its view on the period the person is looking
            # at, as does a refresh of the same query; any other new query is fitted.
            fit = not any(q is not None and q.node == query.node for q in (brushed, shown))
            self._timeline_query = query
            self._timeline_stale = False
            self.timeline.refresh(fit=fit)
        span = editing.date_span(query.node)
        if span is None:
            self.timeline.set_selected_range(None, None)
        else:
            self.timeline.set_selected_range(*span)

    def _replace_date_clause(self, term: Node | None, *, brushed: bool = False) -> None:
        """Put a timeline term (None: nothing) in place of the query's date, year and
        has/missing:date clauses; `brushed` when the timeline's own range made it."""
        node = editing.replace_field(self.query_state.node, editing.DATE_FIELDS, term)
        changed = self.query_state.set_node(node)
        # Its result comes later, from the worker: `_update_timeline` then reads this.
        self._timeline_brushed = self.query_state.query if changed and brushed else None

    def _timeline_titles(self, period: Node) -> None:
        """Read the titles of the result's documents in a bar, for its tooltip, off the GUI
        thread; the timeline asks only for bars of at most FEW_DOCUMENTS documents."""
        catalog = self._catalog
        if catalog is None:
            self.timeline.show_titles(period, [])
            return
        shown = self._timeline_query.node if self._timeline_query is not None else None
        query = SearchQuery.of(editing.join([*editing.clauses(shown), period]))

        def titles() -> list[str]:
            ids = catalog.search(query, limit=FEW_DOCUMENTS).ids
            return [row.title for row in catalog.rows(ids)]

        self._runner.run(
            "titles",
            titles,
            lambda found: self.timeline.show_titles(period, found),
            # The tooltip still gives the period and its count.
            lambda _error: self.timeline.show_titles(period, []),
        )

    def _mark_selected_rows(self) -> None:
        """Mark the selected documents on the timeline, dated from the rows the table has read."""
        found, missing = self._model.cached_rows(self.table.selected_rows(limit=MAX_TIMELINE_MARKS))
        self.timeline.set_marked_dates(_marks(found))
        catalog = self._catalog
        if not missing or catalog is None:
            self._runner.cancel("marks")
            return
        # Rows not shown yet (Shift+End, Ctrl+A on a long result) are read off the GUI thread.
        self._runner.run(
            "marks",
            lambda: _marks([*found, *catalog.rows(missing)]),
            self.timeline.set_marked_dates,
            self._on_background_failed,
        )

    def _on_background_failed(self, error: BaseException) -> None:
        self.statusBar().showMessage(str(error), 10_000)

    def _show_query_error(self, error: QueryError) -> None:
        """Name the problem and its column beside the field, and select what is wrong."""
        self._show_query_problem(f"Column {error.position + 1}: {error.reason}")
        if self.search_field.text() == error.query:
            if error.position < len(error.query):
                self.search_field.setSelection(error.position, 1)
            else:
                self.search_field.setCursorPosition(error.position)
        self.search_field.setFocus()

    def _show_query_problem(self, message: str) -> None:
        """Say what is wrong with the query beside the field, or take the last word back."""
        shown = not self.query_message.isHidden()
        self.query_message.setText(message)
        self.query_message.setVisible(bool(message))
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

    # -- history -----------------------------------------------------------------------------

    def _current_place(self) -> Place:
        current = self.table.currentIndex()
        document = self._model.document_id(current.row()) if current.isValid() else None
        return Place(document, self.table.verticalScrollBar().value())

    def _note_place(self) -> None:
        """Tell the history where the person is, if the table shows the current query."""
        shown = self._shown.node if self._shown is not None else None
        if not self._settling and shown == self.query_state.node:
            self.query_state.note_place(self._current_place())

    # -- handlers ----------------------------------------------------------------------------

    def _on_query_state_changed(self, node: Node | None) -> None:
        text = self.query_state.text
        if self.search_field.text() != text:
            self.search_field.setText(text)
        self._show_query_problem("")
        self.saved_list.show_current(text)
        self.save_search_action.setEnabled(
            self._catalog is not None and not self._catalog.read_only and bool(text)
        )
        self._search(self.query_state.query, keep=self.query_state.place)

    def _on_query_state_history_changed(self) -> None:
        self.back_action.setEnabled(self.query_state.can_go_back())
        self.forward_action.setEnabled(self.query_state.can_go_forward())

    def _on_query_state_rejected(self, error: QueryError) -> None:
        self._show_query_problem(error.reason)

    def _on_search_field_return_pressed(self) -> None:
        self._submit(self.search_field.text())

    def _on_search_field_text_edited(self, text: str) -> None:
        self._show_query_problem("")
        if not text and self.query_state.text:
            self.query_state.clear()  # the clear button shows every document again

    def _on_search_field_escape_pressed(self) -> None:
        self.search_field.clear()
        self._show_query_problem("")
        self.query_state.clear()

    def _on_table_sort_changed(self, key: str, descending: bool) -> None:
        self.query_state.set_sort(Sort(key, descending))
        current = self.table.currentIndex()
        keep = self._model.document_id(current.row()) if current.isValid() else None
        self._search(self.query_state.query, keep=Place(keep, None))

    def _on_table_current_document_changed(self, document_id: int | None) -> None:
        self._note_place()
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

    def _on_table_scrolled(self, value: int) -> None:
        self._note_place()

    def _on_detail_loaded(self, detail: DocumentDetail | None) -> None:
        self.detail_pane.show_detail(detail)

    def _on_table_selection_count_changed(self, count: int) -> None:
        self._update_counts()
        self._mark_selected_rows()

    def _on_table_value_filter_requested(
        self, field: str, value: str | None, exclude: bool
    ) -> None:
        node = self.query_state.node
        if exclude:
            self.query_state.set_node(editing.exclude_value(node, field, value))
        else:
            self.query_state.set_node(editing.only(node, field, value))

    def _on_model_rows_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def _on_collection_tree_selected(self, title: str | None) -> None:
        if title is None:
            self.query_state.set_node(None)  # "All documents"
        else:
            self.query_state.set_node(editing.only(self.query_state.node, "collection", title))

    def _on_timeline_range_needed(self, bin_size: str, first: str, last: str) -> None:
        catalog, query = self._catalog, self._timeline_query
        if catalog is None or query is None:
            return  # the first result asks again
        self._runner.run(
            "timeline",
            lambda: catalog.timeline(query, bin_size, first or None, last or None),
            self._on_timeline_loaded,
            self._on_timeline_failed,
        )

    def _on_timeline_loaded(self, data: TimelineData) -> None:
        self.timeline.set_data(data)

    def _on_timeline_failed(self, error: BaseException) -> None:
        reason = str(error) if isinstance(error, DossierError) else "an unexpected error"
        self.statusBar().showMessage(f"The timeline could not be drawn: {reason}", 10_000)

    def _on_timeline_date_range_selected(self, term: Term) -> None:
        self._replace_date_clause(term, brushed=True)

    def _on_timeline_selection_cleared(self) -> None:
        self._replace_date_clause(None, brushed=True)

    def _on_timeline_undated_chosen(self, term: Term) -> None:
        self._replace_date_clause(term)

    def _on_timeline_collection_chosen(self, title: str) -> None:
        self.query_state.set_node(editing.only(self.query_state.node, "collection", title))

    def _on_timeline_document_clicked(self, document_id: int) -> None:
        row = self._model.row_of(document_id)
        if row is not None:
            self.table.show_row(row)

    def _on_detail_pane_filter_requested(self, term: Term) -> None:
        try:
            query = SearchQuery.of(term, self.query_state.sort)
        except QueryError as error:
            self._show_query_problem(error.reason)
            return
        self.search_field.setText(query.text)
        self._apply(query)

    def _on_detail_pane_refine_requested(self, term: Term, exclude: bool) -> None:
        node = self.query_state.node
        self.query_state.set_node(
            editing.exclude_term(node, term) if exclude else editing.only_term(node, term)
        )

    def _on_add_filter_action_triggered(self) -> None:
        self.add_filter_row()

    def _on_save_search_action_triggered(self) -> None:
        if not self.query_state.text:
            self.statusBar().showMessage("There is no search to save: every document shows.", 8000)
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("saveSearchDialog")
        dialog.setWindowTitle("Save search")
        dialog.setLabelText(f"Name for the search\n{self.query_state.text}")
        dialog.setTextValue(suggested_name(self.query_state.node))
        dialog.setOkButtonText("Save")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self._on_save_dialog_text_value_selected)
        dialog.open()
        name_input_dialog(dialog, "Name for the search")

    def _on_save_dialog_text_value_selected(self, name: str) -> None:
        self.save_search(name)

    def _on_search_saved(self, search: SavedSearchView) -> None:
        self._on_saved_searches_changed(f"Saved the search as “{search.name}”.")
        self.saved_dock.setVisible(True)

    def _on_saved_searches_changed(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        self._load_saved_searches()

    def _on_saved_search_failed(self, verb: str, error: BaseException) -> None:
        self._load_saved_searches()  # whatever changed meanwhile shows now
        reason = str(error) if isinstance(error, DossierError) else "an unexpected error"
        box = self._message_box(
            QMessageBox.Icon.Warning,
            "Saved searches",
            f"Dossier could not {verb} the saved search.",
            [reason],
        )
        box.setObjectName("savedSearchProblem")

    def _on_saved_list_search_chosen(self, search: SavedSearchView) -> None:
        self.apply_query(search.query)

    def _on_saved_list_rename_requested(self, search: SavedSearchView) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("renameSearchDialog")
        dialog.setWindowTitle("Rename saved search")
        dialog.setLabelText("New name")
        dialog.setTextValue(search.name)
        dialog.setOkButtonText("Rename")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda name: self.rename_saved_search(search, name))
        dialog.open()
        name_input_dialog(dialog, "New name for the saved search")

    def _on_saved_list_delete_requested(self, search: SavedSearchView) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete saved search",
            f"Delete the saved search “{search.name}”?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("deleteSearchDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(search.query)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: (
                self.delete_saved_search(search)
                if box.standardButton(button) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        name_message_box(box)
        box.open()

    def _on_open_action_triggered(self) -> None:
        self.open_catalog_dialog()

    def open_catalog_dialog(self) -> OpenCatalogDialog:
        """File ▸ Open catalog…: a file, a PostgreSQL URL or a recent catalog."""
        if self.open_dialog is not None:
            self.open_dialog.raise_()
            self.open_dialog.activateWindow()
            return self.open_dialog
        start = ""
        if self._catalog is not None and Path(self._catalog.location).exists():
            start = str(Path(self._catalog.location).parent)
        dialog = OpenCatalogDialog(
            recent_catalogs(self._settings),
            start_folder=start,
            choose_path=lambda parent, folder: self.choose_catalog_path(parent, folder),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.url_chosen.connect(self.open_catalog)
        dialog.finished.connect(self._on_open_dialog_finished)
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def _on_open_dialog_finished(self, _result: int) -> None:
        self.open_dialog = None

    def _on_catalog_opened(self, catalog: Catalog) -> None:
        previous = self._catalog
        self.statusBar().clearMessage()
        self._set_catalog(catalog)
        if previous is not None:
            previous.close()
        if self.open_dialog is not None:
            self.open_dialog.accept()

    def _on_catalog_open_failed(self, error: BaseException) -> None:
        message = str(error) if isinstance(error, DossierError) else "an unexpected error"
        self.statusBar().showMessage(f"Dossier could not open that catalog: {message}", 15_000)
        if self.open_dialog is not None:
            self.open_dialog.show_error(message)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Open catalog",
            "Dossier could not open that catalog.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("openFailedMessage")
        box.setInformativeText(message)
        box.setTextFormat(Qt.TextFormat.PlainText)
        name_message_box(box)
        box.open()

    def _on_import_action_triggered(self) -> None:
        paths = self.choose_import_paths(self, str(Path.home()))
        if paths:
            self.open_import_dialog([Path(path) for path in paths])

    def open_import_dialog(self, paths: Sequence[Path]) -> ImportDialog | None:
        """The import dialog for `paths` (format, collection, columns); None if none can run."""
        catalog = self._catalog
        if catalog is None or catalog.read_only or not paths:
            return None
        dialog = ImportDialog(
            paths, collections=collection_titles(self.collection_tree.tree_model), parent=self
        )
        dialog.import_requested.connect(self._on_import_dialog_import_requested)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_import_dialog_import_requested(self, request: ImportRequest) -> None:
        self.import_files(
            request.paths,
            file_format=request.file_format,
            collection=request.collection,
            mapping=request.mapping,
        )

    def _on_import_finished(self, reports: list[ImportReport]) -> None:
        self.import_progress.stop()
        catalog = self._catalog
        self.import_action.setEnabled(catalog is not None and not catalog.read_only)
        lines = [
            f"{Path(report.source).name}: {_plural(report.added, 'document')} added, "
            f"{report.updated:,} updated, {report.skipped:,} already in the catalog"
            for report in reports
        ]
        notes = [warning for report in reports for warning in report.warnings]
        if notes:
            lines += ["", "Notes:", *notes]
        added = sum(report.added for report in reports)
        updated = sum(report.updated for report in reports)
        skipped = sum(report.skipped for report in reports)
        self.statusBar().showMessage(
            f"Imported: {added:,} added, {updated:,} updated, {skipped:,} already in the catalog",
            15_000,
        )
        box = self._message_box(QMessageBox.Icon.Information, "Import", "Import finished.", lines)
        box.setObjectName("importReport")
        self.refresh()

    def _on_import_failed(self, error: BaseException) -> None:
        self.import_progress.stop()
        catalog = self._catalog
        self.import_action.setEnabled(catalog is not None and not catalog.read_only)
        if isinstance(error, ImportCancelled):
            self.statusBar().showMessage("Import cancelled; the catalog is unchanged", 15_000)
            return
        self.statusBar().showMessage("The import failed; nothing was added.", 15_000)
        box = self._message_box(
            QMessageBox.Icon.Warning,
            "Import",
            "The import failed; nothing was added to the catalog.",
            [str(error)],
        )
        box.setObjectName("importFailedMessage")

    def open_export_dialog(self) -> ExportDialog | None:
        """The export dialog over the selected rows and the search the table shows."""
        catalog = self._catalog
        if catalog is None or self.exporter.is_running():
            return None
        # A row whose id is not read yet (the first moment after a search) is left out.
        found = (self._model.document_id(row) for row in self.table.selected_rows())
        ids = [document_id for document_id in found if document_id is not None]
        dialog = ExportDialog(
            selected_ids=ids,
            query=self.query,
            matching=self._model.rowCount(),
            sort=(self.query_state.sort.key, self.query_state.sort.descending),
            table_columns=self.table.visible_columns(),
            suggested_name=f"{catalog.name}-export",
            settings=self._settings,
            choose_path=self.choose_export_path,
            parent=self,
        )
        dialog.export_requested.connect(self._on_export_dialog_export_requested)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_documents(self, request: ExportRequest) -> None:
        """Export off the GUI thread; the status bar shows progress and Cancel meanwhile."""
        catalog = self._catalog
        if catalog is None or not self.exporter.start(catalog, request):
            return
        self.export_action.setEnabled(False)
        self.statusBar().clearMessage()

    def _on_export_action_triggered(self) -> None:
        self.open_export_dialog()

    def _on_table_copy_started(self, count: int) -> None:
        self.statusBar().showMessage(f"Copying {_plural(count, 'row')}…")

    def _on_table_copy_finished(self, count: int) -> None:
        self.statusBar().showMessage(f"Copied {_plural(count, 'row')} to the clipboard", 5000)

    def _on_table_export_requested(self) -> None:
        self.open_export_dialog()

    def _on_export_dialog_export_requested(self, request: ExportRequest) -> None:
        self.export_documents(request)

    def _on_exporter_finished(self, result: ExportResult) -> None:
        self.export_action.setEnabled(self._catalog is not None)
        self.statusBar().showMessage(
            f"Exported {_plural(result.rows, 'document')} to {result.target}", 15_000
        )

    def _on_exporter_failed(self, message: str) -> None:
        self.export_action.setEnabled(self._catalog is not None)
        self.statusBar().showMessage("The export failed; no file was written.", 15_000)
        box = self._message_box(
            QMessageBox.Icon.Warning, "Export", "The export failed; no file was written.", [message]
        )
        box.setObjectName("exportFailedMessage")

    def _on_exporter_cancelled(self, path: str) -> None:
        self.export_action.setEnabled(self._catalog is not None)
        self.statusBar().showMessage(f"Export cancelled; {path} was not written.", 15_000)

    def _message_box(
        self, kind: QMessageBox.Icon, title: str, text: str, details: Sequence[str]
    ) -> QMessageBox:
        # open(), not exec(): the window keeps painting and its searches keep arriving.
        box = QMessageBox(kind, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("\n".join(details))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_message_box(box)
        box.open()
        return box

    def _on_find_action_triggered(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _on_next_pane_action_triggered(self) -> None:
        self.focus_next_pane(1)

    def _on_previous_pane_action_triggered(self) -> None:
        self.focus_next_pane(-1)

    def focus_next_pane(self, step: int) -> QWidget | None:
        """Give the keyboard focus to the next shown pane (F6; -1: the previous, Shift+F6).

        Tab walks through every control of a pane before it leaves it; F6 goes from pane to
        pane, as in a file manager or a browser, in the order they are laid out.
        """
        panes = [(area, target) for area, target in self._panes() if target.isVisible()]
        if not panes:
            return None
        focused = QApplication.focusWidget()
        current = next(
            (
                i
                for i, (area, _) in enumerate(panes)
                if focused is not None and _within(focused, area)
            ),
            -1 if step > 0 else 0,
        )
        _, target = panes[(current + step) % len(panes)]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return target

    def _panes(self) -> list[tuple[QWidget, QWidget]]:
        """Each pane in layout order: the area the focus may be in, and what F6 focuses there."""
        lists = (section.list for section in self.facet_panel.sections())
        facets = next((shown for shown in lists if shown.isVisible()), self.facet_panel)
        return [
            (self.search_field, self.search_field),
            (self.saved_list, self.saved_list),
            (self.collection_tree, self.collection_tree),
            (self.facet_panel, facets),
            (self.table, self.table),
            (self.timeline, self.timeline),
            (self.detail_pane, self.detail_pane),
        ]

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
        name_message_box(box)
        box.open()

    def shortcuts(self) -> list[tuple[str, str]]:
        """Every shortcut of the window: its actions' keys, then keys and gestures of widgets."""
        actions = [
            self.open_action,
            self.import_action,
            self.export_action,
            self.save_search_action,
            self.quit_action,
            self.table.copy_action,
            self.find_action,
            self.back_action,
            self.forward_action,
            self.add_filter_action,
            self.collections_action,
            self.detail_action,
            self.facets_action,
            self.saved_action,
            self.timeline_action,
            self.refresh_action,
            self.next_pane_action,
            self.previous_pane_action,
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
            ("Clear the search field and show every document", "Escape (in the search field)"),
            ("Back / forward through searches", "Mouse back / forward buttons"),
            ("Only this value (again: take it out)", "Click a value in Filter by"),
            ("Add a value as an alternative (OR)", "Ctrl+click a value in Filter by"),
            ("Exclude a value", "Alt+click a value in Filter by, or right-click it"),
            ("Only or exclude a cell's value", "Right-click a cell or a link in Details"),
            ("Export the selected rows", "Right-click a cell ▸ Export selection…"),
            ("Apply a filter row", "Enter in its value"),
            ("Run, rename or delete a saved search", "Click, F2, Delete in Saved searches"),
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
            ("Zoom the timeline", "Wheel on the timeline, or + / −"),
            ("Pan the timeline", "Drag it, or ← / → past its edge"),
            ("Move between the timeline's bars", "← / → (in the timeline)"),
            ("Select a range of the timeline's bars", "Shift+← / Shift+→ (in the timeline)"),
            ("Filter to the current bar or range", "Enter or Space (in the timeline)"),
            ("Filter to a date range", "Shift+drag on the timeline, or drag on its axis"),
            ("Filter to a period", "Click a bar of the timeline"),
            (
                "Drop a range not yet chosen, or take the timeline's range out of the search",
                "Escape (in the timeline)",
            ),
            ("Fit the timeline to the result", "Double-click it, or Home"),
            ("Show a collection's documents", "Click its era on the timeline"),
            ("Move between the controls of a pane", "Tab, Shift+Tab"),
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
        left = (self.saved_dock, self.collections_dock, self.facet_dock)
        for dock in (*left, self.timeline_dock, self.detail_dock):
            dock.setFloating(False)
            dock.setVisible(True)
        # Saved searches, then collections, then the facets, one under the other.
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.saved_dock)
        self.splitDockWidget(self.saved_dock, self.collections_dock, Qt.Orientation.Vertical)
        self.splitDockWidget(self.collections_dock, self.facet_dock, Qt.Orientation.Vertical)
        # Under the table its timeline, which follows the same query, then the details.
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.splitDockWidget(self.timeline_dock, self.detail_dock, Qt.Orientation.Vertical)
        self.toolbar.setVisible(True)
        self.facet_panel.set_expanded_fields(EXPANDED_BY_DEFAULT)
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
            self.query_state.set_sort(Sort(*self.table.sort_order()))
        expanded = settings.value("facets/expanded")
        if isinstance(expanded, str):
            self.facet_panel.set_expanded_fields(expanded.split(","))

    def save_layout(self) -> None:
        settings = self._settings
        if settings is None:
            return
        settings.setValue("layout/version", str(LAYOUT_VERSION))
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        settings.setValue("table/header", self.table.save_state())
        key, descending = self.query_state.sort.key, self.query_state.sort.descending
        settings.setValue("table/sort", f"{key} {'descending' if descending else 'ascending'}")
        settings.setValue("facets/expanded", ",".join(self.facet_panel.expanded_fields()))
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.exporter.shutdown()  # cancelled: a half-written export is never left behind
        self._runner.shutdown()
        self._model.shutdown()
        self.table.shutdown()
        self._facet_runner.shutdown()
        self.facet_panel.shutdown()
        self._stop_watching()
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

    def _fit_sidebar(self) -> None:
        """Saved searches and collections get the height their rows need; the facets the rest."""
        docks = [self.saved_dock, self.collections_dock, self.facet_dock]
        if not all(dock.isVisible() and not dock.isFloating() for dock in docks):
            return
        title = self.fontMetrics().height() + 10
        saved_rows = min(6, max(2, self.saved_list.list_model.rowCount()))
        saved = saved_rows * (self.fontMetrics().height() + 6) + title + 8
        collections = self.collection_tree.fitting_height(12) + title
        total = sum(dock.height() for dock in docks)
        facets = max(240, total - saved - collections)
        self.resizeDocks(docks, [saved, collections, facets], Qt.Orientation.Vertical)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and isinstance(watched, QWidget)
            and watched.window() is self
        ):
            if event.button() == Qt.MouseButton.BackButton:
                self.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.go_forward()
                return True
        return super().eventFilter(watched, event)

    def _size_docks(self) -> None:
        self.resizeDocks(
            [self.collections_dock], [max(270, int(self.width() * 0.24))], Qt.Orientation.Horizontal
        )
        self._fit_sidebar()
        # Shares of the height, so that a laptop's shorter window still shows eight rows or so.
        height = self.height()
        timeline = min(TIMELINE_HEIGHT, max(MIN_TIMELINE_HEIGHT, int(height * 0.26)))
        title = self.fontMetrics().height() + 10
        self.resizeDocks(
            [self.timeline_dock, self.detail_dock],
            [timeline + title, max(150, int(height * 0.24))],
            Qt.Orientation.Vertical,
        )
        self.table.fit_title_column()
