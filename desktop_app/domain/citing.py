"""A document as citation managers and citation styles take it: a CSL-JSON item, a RIS record,
a BibLaTeX entry — each from the document's export values, its date's precision kept.

An archival document is cited by its descriptive title, which already names its sender and
addressee ("Ciphered Telegram, Filippov [Stalin] to Mao Zedong"), as the archives themselves
recommend: the people are given to the formats that have a place for them (authors, and
recipients as annotations), never put before the title of a note. Nothing here reads the
catalog: the values come from `Catalog.export_values` with `CITATION_COLUMNS`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from desktop_app.domain.columns import export_columns

#: The export columns a citation is made from.
CITATION_COLUMNS: tuple[str, ...] = (
    "record_id",
    "title",
    "date",
    "precision",
    "date_start",
    "date_end",
    "type",
    "number",
    "authors",
    "recipients",
    "via",
    "participants",
    "mentioned",
    "origin",
    "places",
    "subjects",
    "languages",
    "archive",
    "source",
    "classification",
    "collections",
    "url",
    "summary",
    "notes",
    "tags",
)

#: Between the values of a multi-valued column as `CITATION_COLUMNS` are read for a citation.
VALUE_SEPARATOR = "\x1f"

#: The columns of `CITATION_COLUMNS` that hold several values, as the export registry says.
_MULTI = frozenset(column.key for column in export_columns(CITATION_COLUMNS) if column.multi)


#: The CSL variables holding one text each, and the export column each is.
CSL_TEXT_FIELDS = {
    "genre": "type",
    "number": "number",
    "archive": "archive",
    "archive_location": "source",
    "publisher-place": "origin",
    "URL": "url",
    "abstract": "summary",
    "note": "notes",
}

#: The labels of the annotations `people_notes` writes, by the column each holds.
NOTE_LABELS = {
    "recipients": "To",
    "via": "Via",
    "participants": "Participants",
    "mentioned": "Mentioned",
    "places": "Places",
    "subjects": "Subjects",
    "classification": "Classification",
}


def citation_values(row: Sequence[str]) -> dict[str, Any]:
    """A row of `CITATION_COLUMNS` (read with `VALUE_SEPARATOR`) as the values this module
    takes: text, or lists for the multi-valued columns."""
    values: dict[str, Any] = dict(zip(CITATION_COLUMNS, row, strict=True))
    for key in _MULTI:
        values[key] = values[key].split(VALUE_SEPARATOR) if values[key] else []
    return values


#: CSL-JSON's key, of Dossier's own, for the date as the archive wrote it ("March 07, 1952"):
#: what CSL keeps is the date's parts, and an import finds a document by its date as written.
DATE_TEXT_KEY = "dossier-date-text"

#: The CSL type of a document whose archive is known (a manuscript held by it), and of one
#: whose is not (a styles' "manuscript" without an archive reads "unpublished manuscript").
CSL_ARCHIVED = "manuscript"
CSL_UNPLACED = "document"

Values = Mapping[str, Any]


def _listed(values: Values, key: str) -> list[str]:
    value = values.get(key) or []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return [str(part) for part in value if str(part).strip()]


def _text(values: Values, key: str) -> str:
    return " ".join(str(values.get(key) or "").split())


def date_parts(values: Values) -> dict[str, Any] | None:
    """The CSL date of a document, as precise as it is known: a day, a month, a year, a year
    about which (`circa`), or a range; None for an undated document (a literal "n.d." is the
    style's to write)."""
    precision = _text(values, "precision")
    start, end = _text(values, "date_start"), _text(values, "date_end")
    if not start or precision in ("", "undated"):
        return None
    first, last = date.fromisoformat(start), date.fromisoformat(end or start)
    if precision == "day":
        return {"date-parts": [[first.year, first.month, first.day]]}
    if precision == "month":
        return {"date-parts": [[first.year, first.month]]}
    if precision == "year":
        return {"date-parts": [[first.year]]}
    if precision == "circa":
        return {"date-parts": [[(first.year + last.year) // 2]], "circa": True}
    return {"date-parts": [_parts(first, start), _parts(last, end)]}


def _parts(day: date, text: str) -> list[int]:
    return [day.year, day.month, day.day] if text else [day.year]


def citation_key(values: Values) -> str:
    """A key for the document in a bibliography, the same in every export: its record ID,
    else a digest of its date and title (`CitationKeys` makes keys unique within a file)."""
    record = re.sub(r"[^A-Za-z0-9_.:-]+", "-", _text(values, "record_id")).strip("-")
    if record:
        return f"dossier-{record}"
    material = f"{_text(values, 'date')}\x1f{_text(values, 'title')}".encode()
    return f"dossier-{hashlib.sha256(material).hexdigest()[:10]}"


class CitationKeys:
    """Keys for the documents of one file: `citation_key`, with -2, -3… for a repeated one."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, values: Values) -> str:
        key = citation_key(values)
        count = self._seen.get(key, 0) + 1
        self._seen[key] = count
        return key if count == 1 else f"{key}-{count}"


def csl_item(values: Values, key: str = "", accessed: date | None = None) -> dict[str, Any]:
    """The document as a CSL-JSON item (the input of every CSL processor, and Zotero's)."""
    archived = bool(_text(values, "archive") or _text(values, "source"))
    item: dict[str, Any] = {
        "id": key or citation_key(values),
        "type": CSL_ARCHIVED if archived else CSL_UNPLACED,
    }
    for field, column in {"title": "title", **CSL_TEXT_FIELDS}.items():
        text = _text(values, column)
        if text:
            item[field] = text
    if "archive_location" in item:
        # A source note ends in its own full stop; a style puts its own punctuation after it.
        item["archive_location"] = item["archive_location"].removesuffix(".")
    issued = date_parts(values)
    if issued is not None:
        item["issued"] = issued
    written = _text(values, "date")
    if written:
        item[DATE_TEXT_KEY] = written
    authors = _listed(values, "authors")
    if authors:
        item["author"] = [{"literal": name} for name in authors]
    recipients = _listed(values, "recipients")
    if recipients:
        item["recipient"] = [{"literal": name} for name in recipients]
    collections = _listed(values, "collections")
    if collections:
        item["collection-title"] = "; ".join(collections)
    languages = _listed(values, "languages")
    if languages:
        item["language"] = "; ".join(languages)
    keywords = _listed(values, "tags")
    if keywords:
        item["keyword"] = ", ".join(keywords)
    if accessed is not None and _text(values, "url"):
        item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return item


def people_notes(values: Values) -> list[str]:
    """What a format without a place for them says of the document's people and archive
    record: "To: Mao Zedong", "Via: …", "Participants: …", "Classification: …"."""
    found = []
    for key, label in NOTE_LABELS.items():
        listed = _listed(values, key)
        if listed:
            found.append(f"{label}: {'; '.join(listed)}")
    return found


def edtf_date(values: Values) -> str:
    """The document's date as BibLaTeX writes one (ISO, as precise as known; `~` for about)."""
    precision = _text(values, "precision")
    start, end = _text(values, "date_start"), _text(values, "date_end")
    if not start or precision in ("", "undated"):
        return ""
    if precision == "day":
        return start
    if precision == "month":
        return start[:7]
    if precision == "year":
        return start[:4]
    if precision == "circa":
        issued = date_parts(values)
        assert issued is not None
        return f"{issued['date-parts'][0][0]}~"
    return f"{start}/{end or start}"


def ris_record(values: Values, key: str = "", accessed: date | None = None) -> str:
    """The document as one RIS record (a manuscript), ending in its `ER` line."""
    lines = [("TY", "MANSCPT"), ("ID", key or citation_key(values))]
    lines += [("AU", name) for name in _listed(values, "authors")]
    lines.append(("TI", _text(values, "title")))
    issued = date_parts(values)
    if issued is not None:
        first = issued["date-parts"][0]
        lines.append(("PY", str(first[0])))
        # The date's fourth part ("other information") holds the date as the archive wrote it.
        lines.append(("DA", _ris_date(first, _text(values, "date"))))
    for tag, column in (
        ("M3", "type"),
        ("M1", "number"),
        ("DB", "archive"),
        ("CN", "source"),
        ("AN", "record_id"),
        ("CY", "origin"),
        ("UR", "url"),
        ("AB", "summary"),
    ):
        text = _text(values, column)
        if text:
            lines.append((tag, text))
    if accessed is not None and _text(values, "url"):
        lines.append(("Y2", accessed.strftime("%Y/%m/%d")))
    lines += [("LA", language) for language in _listed(values, "languages")]
    lines += [("KW", tag) for tag in _listed(values, "tags")]
    lines += [("N1", note) for note in (*people_notes(values), _text(values, "notes")) if note]
    lines += [("T3", title) for title in _listed(values, "collections")]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}".rstrip() + "\n" for tag, value in lines)


def _ris_date(parts: Sequence[int], other: str) -> str:
    """RIS's date: `1951/09/10/September 10, 1951`, `1967/11//November 1967`, `1952///c. 1952`."""
    padded = [f"{part:02d}" for part in parts[1:3]]
    month, day = (*padded, "", "")[:2]
    return f"{parts[0]}/{month}/{day}/{other}"


def bibtex_entry(values: Values, key: str = "", accessed: date | None = None) -> str:
    """The document as one BibLaTeX `@unpublished` entry (as Zotero writes a manuscript)."""
    fields: list[tuple[str, str]] = []
    authors = _listed(values, "authors")
    if authors:
        # Each name in braces: a literal name, never split into given and family names.
        fields.append(("author", " and ".join(f"{{{_bibtex(name)}}}" for name in authors)))
    fields.append(("title", f"{{{_bibtex(_text(values, 'title'))}}}"))
    when = edtf_date(values)
    if when:
        fields.append(("date", when))
    written = _text(values, "date")
    if written:
        # Dossier's own field: the date as the archive wrote it (BibLaTeX keeps only ISO dates).
        fields.append(("datewritten", _bibtex(written)))
    for field, column in (
        ("type", "type"),
        ("number", "number"),
        ("howpublished", "archive"),
        ("addendum", "source"),
        ("location", "origin"),
        ("abstract", "summary"),
        ("annotation", "notes"),
    ):
        text = _text(values, column)
        if text:
            fields.append((field, _bibtex(text)))
    notes = people_notes(values)
    if notes:
        fields.append(("note", _bibtex(". ".join(notes))))
    url = _text(values, "url")
    if url:
        fields.append(("url", url.replace("{", "%7B").replace("}", "%7D")))
        if accessed is not None:
            fields.append(("urldate", accessed.isoformat()))
    for field, column in (("keywords", "tags"), ("language", "languages")):
        listed = _listed(values, column)
        if listed:
            fields.append((field, _bibtex(", ".join(listed))))
    collections = _listed(values, "collections")
    if collections:
        fields.append(("series", _bibtex("; ".join(collections))))
    record = _text(values, "record_id")
    if record:
        fields.append(("eid", _bibtex(record)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@unpublished{{{key or citation_key(values)},\n{body}\n}}\n"


_BIBTEX_SPECIALS = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "#": r"\#",
        "$": r"\$",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def _bibtex(text: str) -> str:
    """Catalog text made literal in a BibTeX value: its special characters escaped, so that no
    text of a record can close a field, start a command or comment out the rest."""
    escaped = _one_line(text).translate(_BIBTEX_SPECIALS)
    # "--" and "---" are dashes to LaTeX, `` and '' quotation marks: kept as typed.
    return (
        escaped.replace("--", "-{}-")
        .replace("-{}--", "-{}-{}-")
        .replace("``", "`{}`")
        .replace("''", "'{}'")
    )


def _one_line(text: str) -> str:
    """A value on one line: a RIS tag or a BibTeX field cannot hold a line break."""
    return " ".join(str(text).split())
