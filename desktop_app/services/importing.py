"""Reading import sources into batches: picks the importer for a file and its format."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.errors import InputError
from desktop_app.domain.records import ImportBatch
from desktop_app.importers.listing import read_listing_file
from desktop_app.importers.people import PeopleRegistry

#: The formats `dossier import --format` accepts.
IMPORT_FORMATS = ("auto", "listing")


def read_source(
    path: Path, people: PeopleRegistry, *, file_format: str = "auto", collection: str | None = None
) -> ImportBatch:
    """Read one file into a batch; raise InputError naming the file (and line) when it cannot."""
    if file_format not in IMPORT_FORMATS:
        raise InputError(f"unknown format '{file_format}'", path=str(path))
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a file", path=str(path))
    return read_listing_file(path, people, collection_title=collection)
