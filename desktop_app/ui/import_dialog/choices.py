"""What the dialog offers: the formats, the fields a column can be read into, the collections."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex

from desktop_app.domain.columns import COLUMNS_BY_KEY
from desktop_app.services.importing import MAPPABLE_FIELDS
from desktop_app.ui.collection_tree import COLLECTION_TITLE_ROLE

FORMATS: tuple[tuple[str, str], ...] = (
    ("auto", "Automatic (by the file's name and content)"),
    ("listing", "Archive listing (text copied from the archive)"),
    ("csv", "CSV (comma-, semicolon- or tab-separated)"),
    ("json", "JSON or JSON Lines"),
    ("tei", "FRUS volume (TEI XML)"),
    ("ris", "RIS (from EndNote, Zotero, Mendeley)"),
    ("bibtex", "BibTeX or BibLaTeX"),
    ("csl-json", "CSL-JSON (from Zotero)"),
)

#: The fields a column can be read into, as the combos offer them (None: ignored).
FIELD_CHOICES: tuple[str, ...] = tuple(field for field in MAPPABLE_FIELDS if field != "ignore")
IGNORE_TEXT = "(ignore)"

_OTHER_LABELS = {"upload_date": "Upload date", "donors": "Donors", "credits": "Credits"}


def field_label(field: str | None) -> str:
    """A field as the dialog names it: the export column's heading, `(ignore)` for None."""
    if field is None:
        return IGNORE_TEXT
    column = COLUMNS_BY_KEY.get(field)
    return column.label if column is not None else _OTHER_LABELS.get(field, field)


def collection_titles(model: QAbstractItemModel) -> list[str]:
    """Every collection title of the collections sidebar's model, nested ones too, sorted."""

    def walk(parent: QModelIndex) -> Iterator[str]:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            title = index.data(COLLECTION_TITLE_ROLE)
            if isinstance(title, str):
                yield title
            yield from walk(index)

    return sorted(set(walk(QModelIndex())), key=str.casefold)
