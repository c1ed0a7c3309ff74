"""File ▸ Import…: the files' format, a target collection, and for CSV and JSON each column's field.

The preview shows the first rows of a file as the importer reads them (services.importing), each
column under the field it goes into; the person can read a column into another field or ignore
it. The dialog only gathers an `ImportRequest`; the window runs the import off the GUI thread.
"""

from desktop_app.ui.import_dialog.choices import (
    FIELD_CHOICES,
    FORMATS,
    IGNORE_TEXT,
    collection_titles,
    field_label,
)
from desktop_app.ui.import_dialog.dialog import ImportDialog
from desktop_app.ui.import_dialog.preview import ImportPreviewModel
from desktop_app.ui.import_dialog.request import ImportRequest, choose_import_files

__all__ = [
    "FIELD_CHOICES",
    "FORMATS",
    "IGNORE_TEXT",
    "ImportDialog",
    "ImportPreviewModel",
    "ImportRequest",
    "choose_import_files",
    "collection_titles",
    "field_label",
]
