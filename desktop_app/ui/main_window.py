"""The main window: its widgets laid out, and the parts (`ui/window/`) that do its jobs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QTabWidget,
    QWidget,
)

from desktop_app.domain.edits import DocumentChange, may_move_result, touches_collections
from desktop_app.domain.views import SavedSearchView
from desktop_app.services.catalog import Catalog
from desktop_app.ui.collection_tree import CollectionTree
from desktop_app.ui.detail_pane import DetailPane
from desktop_app.ui.document_model import DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.export_dialog import (
    ChoosePath,
    ExportDialog,
    Exporter,
    ExportProgress,
    ExportRequest,
)
from desktop_app.ui.facets import FacetPanel
from desktop_app.ui.import_dialog import ImportDialog
from desktop_app.ui.open_catalog_dialog import OpenCatalogDialog
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.reader import ReaderView
from desktop_app.ui.saved_search_list import SavedSearchList
from desktop_app.ui.timeline import TimelineWidget
from desktop_app.ui.window.actions import WindowActions
from desktop_app.ui.window.central import CentralPane
from desktop_app.ui.window.citing import CitingPart
from desktop_app.ui.window.collections import CollectionsController
from desktop_app.ui.window.context import PartContext
from desktop_app.ui.window.editing import EditingPart
from desktop_app.ui.window.history import ChangeHistory
from desktop_app.ui.window.jobs import ExportJobs, ImportJobs
from desktop_app.ui.window.layout import Panes, WindowLayout, add_docks
from desktop_app.ui.window.own_collections import OwnCollectionsPart
from desktop_app.ui.window.people import PeoplePart
from desktop_app.ui.window.reading import ReadingController
from desktop_app.ui.window.saved_searches import SavedSearchesController
from desktop_app.ui.window.search import SearchController
from desktop_app.ui.window.search_box import SearchBox
from desktop_app.ui.window.session import CatalogSession
from desktop_app.ui.window.status_line import StatusLine
from desktop_app.ui.window.tagging import TagDialog, TaggingPart
from desktop_app.ui.window.timeline import TimelineController
from desktop_app.ui.worker import TaskRunner

#: How long a thread may keep the GIL while another waits for it (Python's default is 5 ms).
GIL_SWITCH_INTERVAL_S = 0.0005


class MainWindow(QMainWindow):
    """The catalog window. It owns its catalog and closes it when the window closes.

    `catalog` None shows `open_error` in place of the table; File ▸ Open catalog… still works.
    `settings` None neither restores nor saves the layout (screenshots).
    Every part that filters (search field, chips, facets, filter builder, collections, links,
    cell menus, saved searches) reads and changes one `QueryState`; the table follows it.
    The window lays out the widgets and composes the parts of `desktop_app.ui.window`, each
    doing one job; its public methods are theirs.
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
        # Worker threads run Python too (SQL compilation), not only SQLite. At the default 5 ms
        # switch interval the GUI thread could wait that long for the GIL at each call into
        # Python while they do, and a paint makes a hundred such calls.
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL_S))
        self._runner = TaskRunner(self)
        # Facet counts get threads of their own, so that a search never waits behind them.
        self._facet_runner = TaskRunner(self)
        self.query_state = QueryState(self)
        self._model = DocumentTableModel(None, self)
        self._build_widgets()
        self._compose(settings)
        self.resize(self._layout.first_size())
        self._layout.apply_default()
        self._layout.restore()
        app = QApplication.instance()
        if app is not None:
            # The mouse's back and forward buttons act wherever the pointer is in the window.
            app.installEventFilter(self)
        self._session.set_catalog(catalog, open_error)

    # -- building ----------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.search_box = SearchBox(self)
        self.search_field = self.search_box.field
        self.query_message = self.search_box.message

        self.table = DocumentTable(self._model, self)
        self.central_pane = CentralPane(self.query_state, self.table, self._runner, self)
        self.central = self.central_pane.stack
        self.central_message = self.central_pane.message
        self.filter_chips = self.central_pane.filter_chips
        self.filter_builder = self.central_pane.filter_builder
        self.filter_bar = self.central_pane.filter_bar
        self.setCentralWidget(self.central_pane)

        self.saved_list = SavedSearchList(self)
        self.collection_tree = CollectionTree(self)
        self.facet_panel = FacetPanel(self.query_state, self._facet_runner, self)
        self.detail_pane = DetailPane(self)
        self.reader = ReaderView(self)
        # The document's facts, and beside them its own words to read.
        self.detail_tabs = QTabWidget(self)
        self.detail_tabs.setObjectName("detailTabs")
        self.detail_tabs.setDocumentMode(True)
        self.detail_tabs.setAccessibleName("Details and text")
        self.detail_tabs.tabBar().setAccessibleName("Details or text")
        self.detail_tabs.addTab(self.detail_pane, "Details")
        self.detail_tabs.addTab(self.reader, "Text")
        self.timeline = TimelineWidget(self)
        self._docks = docks = add_docks(
            self,
            saved_list=self.saved_list,
            collection_tree=self.collection_tree,
            facet_panel=self.facet_panel,
            details=self.detail_tabs,
            timeline=self.timeline,
        )
        self.saved_dock, self.collections_dock, self.facet_dock = docks.sidebar()
        self.timeline_dock, self.detail_dock = docks.timeline, docks.detail

        self.status_line = StatusLine(self)
        self.read_only_label = self.status_line.read_only_label
        self.counts_label = self.status_line.counts_label
        self.import_progress = self.status_line.import_progress

    def _compose(self, settings: QSettings | None) -> None:
        """The window's parts, each given the widgets it keeps and the parts it works with."""
        status, runner, state = self.statusBar(), self._runner, self.query_state
        docks = self._docks
        self._session = session = CatalogSession(runner, status, settings, self)
        session.catalog_changed.connect(self._on_session_catalog_changed)
        session.changed_elsewhere.connect(self.refresh)
        self.window_actions = actions = WindowActions(
            self, self.search_box, docks, self.table.copy_action, session
        )
        self.toolbar = actions.toolbar
        context = PartContext(session=session, status=status, runner=runner, window=self)
        self._search = search = SearchController(
            context,
            query_state=state,
            search_box=self.search_box,
            table=self.table,
            model=self._model,
            central=self.central_pane,
            counts_label=self.counts_label,
            history=(actions.back_action, actions.forward_action),
        )
        self._reading = ReadingController(
            context,
            query_state=state,
            search=search,
            table=self.table,
            detail_pane=self.detail_pane,
            reader=self.reader,
            detail_tabs=self.detail_tabs,
        )
        self._collections = collections = CollectionsController(
            context, query_state=state, search=search, tree=self.collection_tree
        )
        self._timeline = TimelineController(
            context,
            query_state=state,
            search=search,
            collections=collections,
            timeline=self.timeline,
            table=self.table,
            model=self._model,
        )
        self._saved = SavedSearchesController(
            context,
            query_state=state,
            search=search,
            saved_list=self.saved_list,
            saved_dock=self.saved_dock,
            save_action=actions.save_search_action,
        )
        self._imports = ImportJobs(
            context,
            import_action=actions.import_action,
            progress=self.import_progress,
            collection_tree=self.collection_tree,
        )
        self._exports = ExportJobs(
            context,
            query_state=state,
            search=search,
            export_action=actions.export_action,
            table=self.table,
            model=self._model,
            settings=settings,
        )
        self._history = history = ChangeHistory(context)
        self._tagging = TaggingPart(context, history, table=self.table, model=self._model)
        self._editing = editing = EditingPart(
            context, history, table=self.table, model=self._model, detail_pane=self.detail_pane
        )
        self._people = PeoplePart(context, history)
        self._own_collections = OwnCollectionsPart(
            context, history, tree=self.collection_tree, table=self.table, model=self._model
        )
        actions.add_edits(
            history.undo_action,
            history.redo_action,
            self._tagging.tag_action,
            *editing.actions,
            self._people.people_action,
            self._own_collections.save_as_collection_action,
        )
        self._citing = CitingPart(
            context,
            table=self.table,
            model=self._model,
            detail_pane=self.detail_pane,
            settings=settings,
        )
        actions.add_copying(self._citing.copy_citation_action, self._citing.style_menu)
        self.export_progress = ExportProgress(self._exports.exporter, self)
        self.status_line.add_job_progress(self.export_progress)
        self.status_line.add_change_progress(history.progress)
        panes = Panes(
            search_field=self.search_field,
            saved_list=self.saved_list,
            collection_tree=self.collection_tree,
            facet_panel=self.facet_panel,
            table=self.table,
            timeline=self.timeline,
            details=self.detail_tabs,
        )
        self._layout = WindowLayout(self, docks, panes, self.toolbar, state, settings)

        search.result_shown.connect(self._on_search_settled)
        search.search_failed.connect(self._on_search_settled)
        collections.loaded.connect(self._layout.collections_loaded)
        self._imports.imported.connect(self.refresh)
        history.changed.connect(self._on_catalog_edited)
        actions.find_action.triggered.connect(self._on_find_action_triggered)
        actions.back_action.triggered.connect(self.go_back)
        actions.forward_action.triggered.connect(self.go_forward)
        actions.add_filter_action.triggered.connect(self.add_filter_row)
        actions.clear_filters_action.triggered.connect(state.clear)
        actions.refresh_action.triggered.connect(self.refresh)
        actions.reset_layout_action.triggered.connect(self._on_reset_layout_action_triggered)
        actions.open_action.triggered.connect(self.open_catalog_dialog)
        actions.next_pane_action.triggered.connect(lambda: self.focus_next_pane(1))
        actions.previous_pane_action.triggered.connect(lambda: self.focus_next_pane(-1))

        # The actions people and tests reach most; every one is in `self.window_actions`.
        self.import_action = actions.import_action
        self.export_action = actions.export_action
        self.add_filter_action = actions.add_filter_action
        self.save_search_action = actions.save_search_action
        self.reset_layout_action = actions.reset_layout_action
        self.shortcuts_action = actions.shortcuts_action
        self.about_action = actions.about_action
        self.timeline_action = actions.timeline_action
        self.undo_action = history.undo_action
        self.redo_action = history.redo_action
        self.tag_action = self._tagging.tag_action
        self.edit_action = editing.edit_action
        self.set_action = editing.set_action
        self.delete_action = editing.delete_action
        self.people_action = self._people.people_action
        self.copy_citation_action = self._citing.copy_citation_action

    # -- what the window shows -------------------------------------------------------------

    @property
    def catalog(self) -> Catalog | None:
        return self._session.catalog

    @property
    def model(self) -> DocumentTableModel:
        return self._model

    @property
    def query(self) -> str:
        """The query whose documents the table shows, as text."""
        shown = self._search.shown
        return shown.text if shown is not None else ""

    @property
    def exporter(self) -> Exporter:
        """Runs one export at a time on a thread of its own, with progress and Cancel."""
        return self._exports.exporter

    @property
    def open_dialog(self) -> OpenCatalogDialog | None:
        """File ▸ Open catalog…'s dialog while it is open."""
        return self._session.open_dialog

    # The system's file dialogs, replaced by tests so that none ever opens.

    @property
    def choose_export_path(self) -> ChoosePath:
        return self._exports.choose_path

    @choose_export_path.setter
    def choose_export_path(self, choose: ChoosePath) -> None:
        self._exports.choose_path = choose

    @property
    def choose_import_paths(self) -> Callable[[QWidget, str], list[str]]:
        return self._imports.choose_paths

    @choose_import_paths.setter
    def choose_import_paths(self, choose: Callable[[QWidget, str], list[str]]) -> None:
        self._imports.choose_paths = choose

    @property
    def choose_catalog_path(self) -> Callable[[QWidget, str], str]:
        return self._session.choose_catalog_path

    @choose_catalog_path.setter
    def choose_catalog_path(self, choose: Callable[[QWidget, str], str]) -> None:
        self._session.choose_catalog_path = choose

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
            and not self._history.busy
        )

    def is_search_idle(self) -> bool:
        """The table shows the current query's rows: no search is running or on its way.

        Facet counts and the detail pane may still be coming (see `is_idle`).
        """
        return self._search.is_idle()

    def shortcuts(self) -> list[tuple[str, str]]:
        """Every shortcut of the window: its actions' keys, then keys and gestures of widgets."""
        return self.window_actions.shortcuts()

    # -- what the person does ----------------------------------------------------------------

    def open_catalog(self, url: str) -> None:
        """Open another catalog in this window, off the GUI thread; errors become messages."""
        self._session.open_catalog(url)

    def open_catalog_dialog(self) -> OpenCatalogDialog:
        """File ▸ Open catalog…: a file, a PostgreSQL URL or a recent catalog."""
        return self._session.open_catalog_dialog()

    def import_files(
        self,
        paths: Sequence[Path],
        *,
        file_format: str = "auto",
        collection: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> None:
        """Import files into the catalog off the GUI thread, then report and refresh."""
        self._imports.import_files(
            paths, file_format=file_format, collection=collection, mapping=mapping
        )

    def open_import_dialog(self, paths: Sequence[Path]) -> ImportDialog | None:
        """The import dialog for `paths` (format, collection, columns); None if none can run."""
        return self._imports.open_dialog(paths)

    def open_export_dialog(self) -> ExportDialog | None:
        """The export dialog over the selected rows and the search the table shows."""
        return self._exports.open_dialog()

    def export_documents(self, request: ExportRequest) -> None:
        """Export off the GUI thread; the status bar shows progress and Cancel meanwhile."""
        self._exports.export_documents(request)

    def apply_query(self, text: str) -> None:
        """Show `text` in the search field and search for it, as Enter there would."""
        self._search.apply_query(text)

    def refresh(self) -> None:
        """Search again for the current query; reload collections, facets, saved searches, bars."""
        self._timeline.mark_stale()
        self._search.search_again()
        self._collections.load()
        self._saved.load()
        self.facet_panel.refresh()

    def go_back(self) -> None:
        """The previous query, with the document that was current in it and its scroll."""
        self._search.go_back()

    def go_forward(self) -> None:
        self._search.go_forward()

    def add_filter_row(self) -> None:
        """A new filter-builder row under the chips, its field combo focused."""
        self.filter_builder.add_row()

    def save_search(self, name: str) -> None:
        """Keep the current query under `name` in the catalog (off the GUI thread)."""
        self._saved.save(name)

    def rename_saved_search(self, search: SavedSearchView, name: str) -> None:
        self._saved.rename(search, name)

    def delete_saved_search(self, search: SavedSearchView) -> None:
        self._saved.delete(search)

    def open_tag_dialog(self) -> TagDialog | None:
        """Edit ▸ Tag selected…: tags to add to and take from the selected documents."""
        return self._tagging.open_dialog()

    @property
    def change_history(self) -> ChangeHistory:
        """The window's changes, written in turn with progress and Cancel, and their undo stack."""
        return self._history

    @property
    def editing(self) -> EditingPart:
        """Edit ▸ Edit document…, Set on selected…, Delete selected… and their dialogs."""
        return self._editing

    @property
    def own_collections(self) -> OwnCollectionsPart:
        """The collection tree's menu, rows dropped on it, Save search as collection…"""
        return self._own_collections

    @property
    def citing(self) -> CitingPart:
        """Edit ▸ Copy citation and the citation style it uses."""
        return self._citing

    @property
    def people(self) -> PeoplePart:
        """Edit ▸ People…: the People window and the dialogs of its buttons."""
        return self._people

    def focus_next_pane(self, step: int) -> QWidget | None:
        """Give the keyboard focus to the next shown pane (F6; -1: the previous, Shift+F6)."""
        return self._layout.focus_next_pane(step)

    def save_layout(self) -> None:
        self._layout.save()

    # -- the parts told of each other's news -------------------------------------------------

    def _on_session_catalog_changed(self, catalog: Catalog | None, open_error: str) -> None:
        # In this order: the panes forget the old catalog before the first search of the new
        # one, which the search part starts, and which the facets and timeline then follow.
        self._timeline.set_catalog()
        self.facet_panel.set_catalog(catalog)
        self.filter_builder.set_catalog(catalog)
        self._saved.set_catalog()
        self._imports.set_catalog()
        self._exports.set_catalog()
        self._history.set_catalog()
        self._tagging.set_catalog()
        self._editing.set_catalog()
        self._people.set_catalog()
        self._citing.set_catalog()
        self._own_collections.set_catalog()
        self.window_actions.refresh_action.setEnabled(catalog is not None)
        self.window_actions.add_filter_action.setEnabled(catalog is not None)
        self.status_line.show_catalog(catalog)
        self._reading.set_catalog()
        self._search.set_catalog(open_error)
        self._collections.load()
        self._saved.load()

    def _on_catalog_edited(self, change: DocumentChange | None) -> None:
        # What the change can have moved is read again: the collection tree (and its counts)
        # only after a change of collections or of how many documents there are. Fewer reads
        # at once leave the GUI thread the GIL: at a million documents each costs it a stall.
        if change is None or touches_collections(change):
            self.refresh()
            return
        if may_move_result(change, self.query, self.query_state.sort.key):
            self._timeline.mark_stale()
            self._search.search_again()
            self.facet_panel.refresh()
            return
        # The same documents in the same order: their rows, the details and the counts only.
        self._model.reread_rows()
        self._reading.reload()
        self.facet_panel.refresh()
        self.facet_panel.count()

    def _on_search_settled(self) -> None:
        self.facet_panel.count()

    def _on_find_action_triggered(self) -> None:
        # Ctrl+F finds in the text being read; anywhere else it goes to the search field.
        if not self._reading.find_in_text():
            self._search.focus_field()

    def _on_reset_layout_action_triggered(self) -> None:
        self._layout.apply_default()
        self.table.reset_columns()
        self._search.sort_by("date", False)

    # -- Qt's events -------------------------------------------------------------------------

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
        self._session.close()
        self._model.set_catalog(None)
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._layout.window_shown()

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
