"""Telling a CSV or JSON file from an archive listing by the first bytes of the file."""

from __future__ import annotations

from pathlib import Path

from desktop_app.importers.tabular.csv_dialect import delimiter_of
from desktop_app.importers.tabular.fields import KNOWN, folded
from desktop_app.importers.tabular.text_files import decode_sample


def sniff_tabular(path: Path) -> str | None:
    """`json` or `csv` when a file's start reads as such, else None (a listing, perhaps)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64 * 1024)
    except OSError:
        return None
    text = decode_sample(head)
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        return "json"
    first = stripped.split("\n", 1)[0]
    delimiter = delimiter_of(first, None)
    cells = [folded(cell.strip().strip('"')) for cell in first.split(delimiter)]
    if len(cells) > 1 and "title" in (KNOWN.get(cell) for cell in cells):
        return "csv"
    return None
