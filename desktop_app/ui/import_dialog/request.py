"""One import as the dialog chose it, and the system's open dialog that chooses the files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def choose_import_files(parent: QWidget, folder: str) -> list[str]:
    """The system's open dialog for the files to import; [] when the person cancels it."""
    paths, _ = QFileDialog.getOpenFileNames(
        parent,
        "Import documents",
        folder,
        "Listings, tables, FRUS volumes and citation files "
        "(*.txt *.csv *.tsv *.json *.jsonl *.ndjson *.xml *.ris *.bib)"
        ";;All files (*)",
    )
    return paths


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """One import as the dialog chose it (see `Catalog.import_files`)."""

    paths: tuple[Path, ...]
    file_format: str
    collection: str | None
    mapping: dict[str, str]
