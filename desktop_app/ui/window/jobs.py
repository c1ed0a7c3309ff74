"""The window's long jobs: imports and exports, each off the GUI thread with its progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.domain.errors import ImportCancelled
from desktop_app.domain.text import plural
from desktop_app.domain.views import ImportReport
from desktop_app.services.exporting import ExportResult
from desktop_app.ui.collection_tree import CollectionTree
from desktop_app.ui.document_model import DocumentTableModel
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.export_dialog import (
    ChoosePath,
    ExportDialog,
    Exporter,
    ExportRequest,
    save_file_name,
)
from desktop_app.ui.import_dialog import (
    ImportDialog,
    ImportRequest,
    choose_import_files,
    collection_titles,
)
from desktop_app.ui.import_progress import ImportProgress
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.messages import open_message_box
from desktop_app.ui.window.search import SearchController

IMPORT_TIP = (
    "Import archive listings, CSV or JSON files and FRUS volumes (TEI XML) into the catalog"
)


class ImportJobs(WindowPart):
    """File ▸ Import…: the files chosen, the import dialog, the import run with its report.

    `imported` tells the window the catalog has new documents, so that every pane reads it
    again. Import is off while one runs and for a read-only catalog, whose reason its tip says.
    """

    imported = Signal()

    def __init__(
        self,
        context: PartContext,
        import_action: QAction,
        progress: ImportProgress,
        collection_tree: CollectionTree,
    ) -> None:
        super().__init__(context)
        self._action = import_action
        self._progress = progress
        self._tree = collection_tree
        #: Which files to import: the system's file dialog, replaced by tests so none opens.
        self.choose_paths: Callable[[QWidget, str], list[str]] = choose_import_files
        import_action.triggered.connect(self._on_import_action_triggered)

    def set_catalog(self) -> None:
        catalog = self._session.catalog
        self._action.setEnabled(catalog is not None and not catalog.read_only)
        self._action.setToolTip(IMPORT_TIP)
        self._action.setStatusTip(IMPORT_TIP)
        if catalog is not None and catalog.read_only:
            reason = catalog.read_only_reason or "it cannot be written"
            self._action.setStatusTip(f"The catalog is read-only: {reason}")
            self._action.setToolTip(f"Import is off: the catalog is read-only ({reason})")

    def open_dialog(self, paths: Sequence[Path]) -> ImportDialog | None:
        """The import dialog for `paths` (format, collection, columns); None if none can run."""
        catalog = self._session.catalog
        if catalog is None or catalog.read_only or not paths:
            return None
        dialog = ImportDialog(
            paths, collections=collection_titles(self._tree.tree_model), parent=self._window
        )
        dialog.import_requested.connect(self._on_import_dialog_import_requested)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

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
        catalog = self._session.catalog
        if catalog is None or catalog.read_only or not paths or self._progress.is_running():
            return
        self._action.setEnabled(False)
        self._status.clearMessage()
        progress = self._progress
        progress.start(Path(paths[0]).name if len(paths) == 1 else plural(len(paths), "file"))
        self._runner.run(
            "import",
            lambda: catalog.import_files(
                list(paths),
                file_format=file_format,
                collection=collection,
                mapping=mapping,
                progress=progress.progressed.emit,
                cancelled=progress.is_cancelled,
                waiting=progress.waited.emit,
            ),
            self._on_import_finished,
            self._on_import_failed,
        )

    def _on_import_action_triggered(self) -> None:
        paths = self.choose_paths(self._window, str(Path.home()))
        if paths:
            self.open_dialog([Path(path) for path in paths])

    def _on_import_dialog_import_requested(self, request: ImportRequest) -> None:
        self.import_files(
            request.paths,
            file_format=request.file_format,
            collection=request.collection,
            mapping=request.mapping,
        )

    def _job_over(self) -> None:
        self._progress.stop()
        catalog = self._session.catalog
        self._action.setEnabled(catalog is not None and not catalog.read_only)

    def _on_import_finished(self, reports: list[ImportReport]) -> None:
        self._job_over()
        lines = [
            f"{Path(report.source).name}: {plural(report.added, 'document')} added, "
            f"{report.updated:,} updated, {report.skipped:,} already in the catalog"
            for report in reports
        ]
        notes = [warning for report in reports for warning in report.warnings]
        if notes:
            lines += ["", "Notes:", *notes]
        added = sum(report.added for report in reports)
        updated = sum(report.updated for report in reports)
        skipped = sum(report.skipped for report in reports)
        self._status.showMessage(
            f"Imported: {added:,} added, {updated:,} updated, {skipped:,} already in the catalog",
            15_000,
        )
        open_message_box(
            self._window,
            QMessageBox.Icon.Information,
            "Import",
            "Import finished.",
            lines,
            name="importReport",
        )
        self.imported.emit()

    def _on_import_failed(self, error: BaseException) -> None:
        self._job_over()
        if isinstance(error, ImportCancelled):
            self._status.showMessage("Import cancelled; the catalog is unchanged", 15_000)
            return
        self._status.showMessage("The import failed; nothing was added.", 15_000)
        open_message_box(
            self._window,
            QMessageBox.Icon.Warning,
            "Import",
            "The import failed; nothing was added to the catalog.",
            [str(error)],
            name="importFailedMessage",
        )


class ExportJobs(WindowPart):
    """File ▸ Export… and the table's Copy: the export dialog, the export run, what came of it.

    One export runs at a time (`exporter`), with progress and Cancel in the status bar.
    """

    def __init__(
        self,
        context: PartContext,
        query_state: QueryState,
        search: SearchController,
        export_action: QAction,
        table: DocumentTable,
        model: DocumentTableModel,
        settings: QSettings | None,
    ) -> None:
        super().__init__(context)
        self._state = query_state
        self._search = search
        self._action = export_action
        self._table = table
        self._model = model
        self._settings = settings
        #: Runs one export at a time on a thread of its own, with progress and Cancel.
        self.exporter = Exporter(self)
        #: Where to export to: the system's file dialog, replaced by tests so none opens.
        self.choose_path: ChoosePath = save_file_name
        export_action.triggered.connect(self._on_export_action_triggered)
        table.export_requested.connect(self._on_table_export_requested)
        table.copy_started.connect(self._on_table_copy_started)
        table.copy_finished.connect(self._on_table_copy_finished)
        table.copy_failed.connect(self._report)
        self.exporter.export_finished.connect(self._on_exporter_finished)
        self.exporter.export_failed.connect(self._on_exporter_failed)
        self.exporter.export_cancelled.connect(self._on_exporter_cancelled)

    def set_catalog(self) -> None:
        self._action.setEnabled(
            self._session.catalog is not None and not self.exporter.is_running()
        )

    def open_dialog(self) -> ExportDialog | None:
        """The export dialog over the selected rows and the search the table shows."""
        catalog = self._session.catalog
        if catalog is None or self.exporter.is_running():
            return None
        # A row whose id is not read yet (the first moment after a search) is left out.
        found = (self._model.document_id(row) for row in self._table.selected_rows())
        ids = [document_id for document_id in found if document_id is not None]
        shown = self._search.shown
        dialog = ExportDialog(
            selected_ids=ids,
            query=shown.text if shown is not None else "",
            matching=self._model.rowCount(),
            sort=(self._state.sort.key, self._state.sort.descending),
            table_columns=self._table.visible_columns(),
            suggested_name=f"{catalog.name}-export",
            settings=self._settings,
            choose_path=self.choose_path,
            parent=self._window,
        )
        dialog.export_requested.connect(self.export_documents)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_documents(self, request: ExportRequest) -> None:
        """Export off the GUI thread; the status bar shows progress and Cancel meanwhile."""
        catalog = self._session.catalog
        if catalog is None or not self.exporter.start(catalog, request):
            return
        self._action.setEnabled(False)
        self._status.clearMessage()

    def _on_export_action_triggered(self) -> None:
        self.open_dialog()

    def _on_table_export_requested(self) -> None:
        self.open_dialog()

    def _on_table_copy_started(self, count: int) -> None:
        self._status.showMessage(f"Copying {plural(count, 'row')}…")

    def _on_table_copy_finished(self, count: int) -> None:
        self._status.showMessage(f"Copied {plural(count, 'row')} to the clipboard", 5000)

    def _job_over(self) -> None:
        self._action.setEnabled(self._session.catalog is not None)

    def _on_exporter_finished(self, result: ExportResult) -> None:
        self._job_over()
        self._status.showMessage(
            f"Exported {plural(result.rows, 'document')} to {result.target}", 15_000
        )

    def _on_exporter_failed(self, message: str) -> None:
        self._job_over()
        self._status.showMessage("The export failed; no file was written.", 15_000)
        open_message_box(
            self._window,
            QMessageBox.Icon.Warning,
            "Export",
            "The export failed; no file was written.",
            [message],
            name="exportFailedMessage",
        )

    def _on_exporter_cancelled(self, path: str) -> None:
        self._job_over()
        self._status.showMessage(f"Export cancelled; {path} was not written.", 15_000)
