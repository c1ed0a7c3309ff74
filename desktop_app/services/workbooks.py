"""Excel workbooks of exported documents (XlsxWriter), and the record of how an export was made
(its provenance) that a workbook keeps on a sheet of its own and any export can keep beside it.

Every cell is written as a value, never as a formula, so that no catalog text can run in a
spreadsheet; a day is a real date, any other date its text as the archive wrote it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from desktop_app import __version__
from desktop_app.domain.columns import ExportColumn

#: Widths of columns, in characters, by what they hold; the rest get `_WIDTH`.
_WIDTHS = {"title": 60, "summary": 60, "notes": 40, "source": 40, "url": 40, "date": 18}
_WIDTH = 22
#: The columns read beside those chosen, for a workbook to write real dates.
DATE_KEYS = ("precision", "date_start")


def provenance(
    *,
    query: str,
    catalog: str,
    count: int,
    columns: Sequence[ExportColumn],
    file_format: str,
    selection: bool,
) -> dict[str, Any]:
    """How an export was made: what was asked, of which catalog, when, how many documents."""
    return {
        "query": query,
        "scope": "the selected documents" if selection else "every document the query finds",
        "catalog": catalog,
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "documents": count,
        "columns": [column.key for column in columns],
        "format": file_format,
        "exported_by": f"Dossier {__version__}",
    }


def write_provenance(path: Path, record: Mapping[str, Any]) -> Path:
    """Write `record` beside the export at `path` (`name.csv.provenance.json`); its path."""
    beside = path.with_name(path.name + ".provenance.json")
    beside.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return beside


class WorkbookSink:
    """Writes pages of export rows into a workbook at `path`: a header row, frozen panes,
    widths by column, dates as dates where they are days, and the provenance sheet."""

    def __init__(
        self, path: Path, columns: Sequence[ExportColumn], record: Mapping[str, Any]
    ) -> None:
        # constant_memory: each row goes to disk as written, so a million rows fit in memory.
        self.book = xlsxwriter.Workbook(
            str(path), {"constant_memory": True, "strings_to_formulas": False}
        )
        self.sheet = self.book.add_worksheet("Documents")
        self.columns = list(columns)
        self.record = record
        self.heading = self.book.add_format({"bold": True, "bottom": 1})
        self.day = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.row = 0
        self.date_column = next(
            (i for i, column in enumerate(self.columns) if column.key == "date"), None
        )

    def start(self) -> None:
        for index, column in enumerate(self.columns):
            self.sheet.set_column(index, index, _WIDTHS.get(column.key, _WIDTH))
            self.sheet.write_string(0, index, column.label, self.heading)
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def write(self, page: list[tuple[str, ...]]) -> None:
        width = len(self.columns)
        for values in page:
            cells, extra = values[:width], values[width:]
            for index, cell in enumerate(cells):
                if index == self.date_column and extra and extra[0] == "day" and extra[1]:
                    moment = datetime.combine(date.fromisoformat(extra[1]), datetime.min.time())
                    self.sheet.write_datetime(self.row, index, moment, self.day)
                elif cell:
                    # A string, always: text that looks like a formula or a number stays text.
                    self.sheet.write_string(self.row, index, cell)
            self.row += 1

    def finish(self) -> None:
        sheet = self.book.add_worksheet("Export")
        sheet.set_column(0, 0, 16)
        sheet.set_column(1, 1, 80)
        for row, (key, value) in enumerate(self.record.items()):
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            sheet.write_string(row, 0, key.replace("_", " ").capitalize(), self.heading)
            sheet.write_string(row, 1, shown)
        self.book.close()
