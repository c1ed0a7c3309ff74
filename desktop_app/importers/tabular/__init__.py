"""Reading CSV, JSON and JSON Lines files of document records into import batches, as a stream.

The package's face: the reading (`read_table`), the preview of a file's start
(`preview_table`), the test of a file's format (`sniff_tabular`) and the fields its columns are
read into (`FIELDS`, `column_field`, `parse_mapping`).
"""

from desktop_app.importers.tabular.fields import FIELDS, column_field, parse_mapping
from desktop_app.importers.tabular.preview import (
    PREVIEW_ROWS,
    PreviewRow,
    TablePreview,
    preview_table,
)
from desktop_app.importers.tabular.sniffing import sniff_tabular
from desktop_app.importers.tabular.table_reader import read_table

__all__ = [
    "FIELDS",
    "PREVIEW_ROWS",
    "PreviewRow",
    "TablePreview",
    "column_field",
    "parse_mapping",
    "preview_table",
    "read_table",
    "sniff_tabular",
]
