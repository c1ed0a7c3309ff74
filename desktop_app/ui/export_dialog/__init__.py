"""File ▸ Export…: the dialog that chooses what to export, and the export run off the GUI thread.

The dialog gathers an `ExportRequest`; `Exporter` runs it on a worker thread, reporting progress
through a queued signal, and `ExportProgress` shows that in the status bar with a Cancel button,
so that the window stays usable while a long export runs.
"""

from desktop_app.ui.export_dialog.columns import ExportColumnsModel
from desktop_app.ui.export_dialog.dialog import ExportDialog
from desktop_app.ui.export_dialog.request import ChoosePath, ExportRequest, save_file_name
from desktop_app.ui.export_dialog.running import Exporter, ExportProgress

__all__ = [
    "ChoosePath",
    "ExportColumnsModel",
    "ExportDialog",
    "ExportProgress",
    "ExportRequest",
    "Exporter",
    "save_file_name",
]
