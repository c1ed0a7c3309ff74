"""One export as the dialog chose it, and the system's save dialog that asks where to write it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

#: Asks where to write: (dialog, suggested path, format) → the chosen path, "" for none.
ChoosePath = Callable[[QWidget, str, str], str]

_FILTERS = {
    "csv": "CSV files (*.csv)",
    "xlsx": "Excel workbooks (*.xlsx)",
    "json": "JSON files (*.json)",
    "csl-json": "CSL-JSON files (*.json)",
    "ris": "RIS files (*.ris)",
    "bibtex": "BibLaTeX files (*.bib)",
}


def save_file_name(parent: QWidget, suggested: str, file_format: str) -> str:
    """The system's save dialog; "" when the person cancels it."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        "Export documents",
        suggested,
        f"{_FILTERS[file_format]};;All files (*)",
    )
    return chosen


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """One export, as the dialog chose it: `ids` for a selection, else the documents of `query`.

    `expected` is how many documents the dialog said it would write.
    """

    path: Path
    ids: tuple[int, ...] | None
    query: str
    sort: str
    descending: bool
    columns: tuple[str, ...]
    file_format: str
    bom: bool
    formula_protection: bool
    expected: int
    #: Write how the file was made beside it (`.provenance.json`).
    provenance: bool = False
