"""The fields a tabular file's columns are read into: by heading, synonym or `--map`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from desktop_app.domain.columns import EXPORT_COLUMNS
from desktop_app.domain.errors import InputError

#: The fields a column or key can be read into (`--map COLUMN=FIELD`); `ignore` drops a column.
FIELDS: tuple[str, ...] = (
    *(column.key for column in EXPORT_COLUMNS),
    "upload_date",
    "donors",
    "credits",
    "ignore",
)

# Other names columns go by: the scraper's (github.com/nhamby/wilson-center-digital-archive-web-
# scraping), singulars, and common spreadsheet headings. Keys are folded (see `folded`).
_SYNONYMS: dict[str, str] = {
    "original_publication_date": "date",
    "publication_date": "date",
    "document_date": "date",
    "date_text": "date",
    "associated_places": "places",
    "place": "places",
    "associated_people_orgs": "mentioned",
    "associated_people": "mentioned",
    "people_mentioned": "mentioned",
    "subjects_discussed": "subjects",
    "subject": "subjects",
    "original_archive_title": "archive",
    "original_archive": "archive",
    "language": "languages",
    "document_url": "url",
    "link": "url",
    "source_citation": "source",
    "citation": "source",
    "original_classification": "classification",
    "original_upload_date": "upload_date",
    "donor": "donors",
    "credit": "credits",
    "document_contributors": "participants",
    "contributors": "participants",
    "author": "authors",
    "recipient": "recipients",
    "participant": "participants",
    "collection": "collections",
    "tag": "tags",
    "doc_type": "type",
    "document_type": "type",
    "record": "record_id",
    "description": "summary",
    "date_precision": "precision",
    "body": "text",
    "text_body": "text",
    "full_text": "text",
    "transcript": "text",
    "translation": "text",
    "footnote": "footnotes",
}


def folded(name: str) -> str:
    """A column name as compared: `Record ID`, `record-id` and `RECORD_ID` are one."""
    return "_".join(name.replace("-", " ").replace("_", " ").casefold().split())


#: The field each folded column name is read into, unless `--map` says otherwise.
KNOWN: dict[str, str] = {}
for _column in EXPORT_COLUMNS:
    KNOWN[_column.key] = _column.key
    KNOWN.setdefault(folded(_column.label), _column.key)
for _name in ("text", "footnotes", "upload_date", "donors", "credits"):
    KNOWN[_name] = _name
for _synonym, _field in _SYNONYMS.items():
    KNOWN.setdefault(_synonym, _field)


def mapping_key(name: str, mapping: Mapping[str, str]) -> str:
    """The key of `mapping` that names a column (as written, else folded), else the name."""
    key = name.strip()
    if key not in mapping:
        key = next((k for k in mapping if folded(k) == folded(name)), key)
    return key


def column_field(name: str, mapping: Mapping[str, str] | None = None) -> str | None:
    """The field a column or key is read into: `mapping`'s choice, else by its name; None: ignored.

    The name matching is the importer's own: keys and headings of the export columns, the
    scraper's names and common spreadsheet headings, compared without case or separators.
    """
    mapping = mapping or {}
    target = mapping.get(mapping_key(name, mapping))
    if target is None:
        target = KNOWN.get(folded(name))
    return None if target == "ignore" else target


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """`COLUMN=FIELD` pairs (from `--map`) as a dict; InputError for a pair it cannot use."""
    mapping: dict[str, str] = {}
    for item in items:
        column, separator, target = item.rpartition("=")
        target = folded(target)
        target = KNOWN.get(target, target)
        if not separator or not column.strip():
            raise InputError(f"--map {item}: write COLUMN=FIELD, e.g. 'Headline=title'")
        if target not in FIELDS:
            raise InputError(
                f"--map {item}: '{target}' is not a field; the fields are: {', '.join(FIELDS)}"
            )
        mapping[column.strip()] = target
    return mapping
