"""Reading what citation managers export — RIS, BibTeX or BibLaTeX, CSL-JSON (Zotero's three)
— into document records, each problem named by its file and line, all or nothing.

The files are parsed by libraries made for them (rispy, bibtexparser, the json module); each
entry becomes the values a CSV row would give (`tabular.RecordBuilder` reads them, as it reads
every table), mapped back the way `domain.citing` writes them, so that a file Dossier exported
comes back as the documents it held.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import bibtexparser
import rispy  # type: ignore[import-untyped]
from bibtexparser.middlewares import LatexDecodingMiddleware

from desktop_app.domain.citing import CSL_TEXT_FIELDS, DATE_TEXT_KEY, NOTE_LABELS
from desktop_app.domain.dates import DateParseError, parse_date
from desktop_app.domain.errors import InputError
from desktop_app.domain.records import CollectionRecord, ImportBatch
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.tabular.table_reader import TableReader

#: The formats read here.
CITATION_FILE_FORMATS = ("ris", "bibtex", "csl-json")

Entry = tuple[int, dict[str, Any]]

#: The annotations `domain.citing.people_notes` writes, and the field each gives back.
_NOTE_FIELDS = {label: column for column, label in NOTE_LABELS.items()}
#: Where one annotation of a BibTeX note ends and the next begins (names hold full stops).
_NOTE_BOUNDARY = re.compile(r"\.\s+(?=(?:" + "|".join(NOTE_LABELS.values()) + r"): )")
#: Marks a date given as an interval of ISO dates (`\x1e1951-10-07\x1e1951-10-09`).
_RANGE = "\x1e"
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def read_citation_file(
    path: Path, people: PeopleRegistry, file_format: str, collection: str | None = None
) -> ImportBatch:
    """The documents of a RIS, BibTeX or CSL-JSON file; InputError naming the file and the
    line of the first problem (with every problem listed) if any entry cannot be read."""
    text = _text(path)
    if file_format == "ris":
        entries = _ris_entries(text, path)
    elif file_format == "bibtex":
        entries = _bibtex_entries(text, path)
    elif file_format == "csl-json":
        entries = _csl_entries(text, path)
    else:
        raise ValueError(f"not a citation format: {file_format}")
    reader = TableReader(str(path), people, collection, {})
    records = []
    for line, values in entries:
        record = reader.record(line, values)
        if record is not None:
            records.append(record)
    reader.raise_problems()
    if not records:
        raise InputError("holds no entries to import", path=str(path))
    collections = (CollectionRecord(collection),) if collection else ()
    return ImportBatch(str(path), collections, tuple(records), update_existing=True)


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"is not UTF-8 text here (byte 0x{data[error.start]:02x}); save the file as UTF-8 "
            "and import it again",
            path=str(path),
            line=line,
        ) from None


# -- RIS ---------------------------------------------------------------------------------------

_RIS_START = re.compile(r"^TY  - ", re.MULTILINE)


def _ris_entries(text: str, path: Path) -> list[Entry]:
    starts = [text.count("\n", 0, match.start()) + 1 for match in _RIS_START.finditer(text)]
    try:
        parsed = rispy.loads(text)
    except (OSError, ValueError, KeyError) as error:
        raise InputError(f"is not a RIS file: {error}", path=str(path)) from None
    if len(parsed) != len(starts):
        raise InputError(
            "is not a RIS file as written: every record begins `TY  - ` and ends `ER  -`",
            path=str(path),
            line=starts[len(parsed)] if len(parsed) < len(starts) else None,
        )
    return [(line, _from_ris(entry)) for line, entry in zip(starts, parsed, strict=True)]


def _from_ris(entry: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {"title": entry.get("title") or entry.get("primary_title") or ""}
    authors = entry.get("authors") or entry.get("first_authors") or []
    if authors:
        values["authors"] = list(authors)
    written = str(entry.get("date") or "")
    _put_date(values, _ris_date(written, str(entry.get("year") or "")))
    _put_written(values, [*written.split("/"), "", "", ""][3])
    simple = {
        "type_of_work": "type",
        "note": "number",  # M1
        "number": "number",
        "name_of_database": "archive",
        "call_number": "source",
        "accession_number": "record_id",
        "place_published": "origin",
        "abstract": "summary",
    }
    for key, field in simple.items():
        if entry.get(key):
            values[field] = str(entry[key])
    urls = entry.get("urls") or []
    if urls:
        values["url"] = urls[0]
    if entry.get("keywords"):
        values["tags"] = list(entry["keywords"])
    language = entry.get("language")
    if language:
        values["languages"] = [language] if isinstance(language, str) else list(language)
    if "record_id" not in values:
        record = _record_from_key(str(entry.get("id") or ""))
        if record:
            values["record_id"] = record
    series = entry.get("tertiary_title")
    if series:
        values["collections"] = [series] if isinstance(series, str) else list(series)
    notes = entry.get("notes") or []
    _read_notes([notes] if isinstance(notes, str) else list(notes), values)
    return values


def _ris_date(written: str, year: str) -> str:
    """A RIS date (`1951/09/10/`, `1967/11//`, `1952///circa`) as Dossier writes dates."""
    parts = [*written.split("/"), "", "", "", ""][:4]
    found_year = parts[0].strip() or year.strip()[:4]
    if not found_year.isdigit():
        return written.strip()
    month, day, other = parts[1].strip(), parts[2].strip(), parts[3].strip()
    circa = other.casefold() in ("circa", "c.", "ca.") or other.casefold().startswith("c. ")
    return _written(int(found_year), _number(month), _number(day), circa)


# -- BibTeX and BibLaTeX -----------------------------------------------------------------------


def _bibtex_entries(text: str, path: Path) -> list[Entry]:
    library = bibtexparser.parse_string(  # type: ignore[attr-defined]
        text, append_middleware=[LatexDecodingMiddleware()]
    )
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise InputError(
            f"is not a BibTeX entry as written: {_first_line(block.raw or '')}",
            path=str(path),
            line=(block.start_line or 0) + 1,
        )
    return [((entry.start_line or 0) + 1, _from_bibtex(entry)) for entry in library.entries]


def _from_bibtex(entry: Any) -> dict[str, Any]:
    fields = {field.key.casefold(): _unbraced(str(field.value)) for field in entry.fields}
    values: dict[str, Any] = {"title": fields.get("title", "")}
    authors = fields.get("author")
    if authors:
        values["authors"] = [_unbraced(name) for name in re.split(r"\s+and\s+", authors)]
    _put_date(values, _bibtex_date(fields))
    _put_written(values, fields.get("datewritten", ""))
    simple = {
        "type": "type",
        "number": "number",
        "howpublished": "archive",
        "addendum": "source",
        "location": "origin",
        "address": "origin",
        "url": "url",
        "abstract": "summary",
        "annotation": "notes",
        "annote": "notes",
        "eid": "record_id",
    }
    for key, field in simple.items():
        if fields.get(key) and field not in values:
            values[field] = fields[key]
    for key, field, separator in (
        ("keywords", "tags", ","),
        ("language", "languages", ","),
        ("series", "collections", ";"),
    ):
        if fields.get(key):
            values[field] = [part.strip() for part in fields[key].split(separator) if part.strip()]
    if fields.get("note"):
        _read_notes(_NOTE_BOUNDARY.split(fields["note"]), values)
    if "record_id" not in values:
        record = _record_from_key(entry.key)
        if record:
            values["record_id"] = record
    return values


def _bibtex_date(fields: dict[str, str]) -> str:
    """BibLaTeX's `date` (ISO, `~` for about, `/` for a range) or BibTeX's year and month."""
    when = fields.get("date", "").strip()
    if when:
        circa = when.endswith("~")
        first = when.rstrip("~").split("/")[0]
        parts = first.split("-")
        if not parts[0].isdigit():
            return when
        if "/" in when:
            return _RANGE + when.replace("/", _RANGE)
        return _written(
            int(parts[0]),
            _number(parts[1]) if len(parts) > 1 else None,
            _number(parts[2]) if len(parts) > 2 else None,
            circa,
        )
    year = fields.get("year", "").strip()
    if not year.isdigit():
        return year
    month = fields.get("month", "").strip().casefold()[:3]
    names = [name.casefold()[:3] for name in _MONTHS]
    number = names.index(month) + 1 if month in names else _number(month)
    return _written(int(year), number, None, False)


# -- CSL-JSON ----------------------------------------------------------------------------------


def _csl_entries(text: str, path: Path) -> list[Entry]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"is not JSON: {error.msg}", path=str(path), line=error.lineno) from None
    except RecursionError:
        raise InputError(
            "nests arrays or objects too deeply to be CSL-JSON", path=str(path), line=1
        ) from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise InputError("is not CSL-JSON: an array of items was expected", path=str(path))
    lines = list(_item_lines(text, len(items)))
    entries: list[Entry] = []
    for line, item in zip(lines, items, strict=True):
        if not isinstance(item, dict):
            raise InputError(
                "is not a CSL-JSON item: an object was expected", path=str(path), line=line
            )
        entries.append((line, _from_csl(item)))
    return entries


def _item_lines(text: str, count: int) -> Iterator[int]:
    """The line each item of a JSON array starts on: one decoder pass over the text."""
    decoder = json.JSONDecoder()
    position = text.index("[") + 1 if text.lstrip().startswith("[") else 0
    for _ in range(count):
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        yield text.count("\n", 0, position) + 1
        _, position = decoder.raw_decode(text, position)


def _from_csl(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {"title": _csl_text(item.get("title"))}
    for key, field in CSL_TEXT_FIELDS.items():
        text = _csl_text(item.get(key))
        if text:
            values[field] = text
    for key, field in (("author", "authors"), ("recipient", "recipients")):
        names = [_csl_name(name) for name in item.get(key) or [] if isinstance(name, dict)]
        if any(names):
            values[field] = [name for name in names if name]
    issued = item.get("issued")
    if isinstance(issued, dict):
        _put_date(values, _csl_date(issued))
    _put_written(values, _csl_text(item.get(DATE_TEXT_KEY)))
    for key, field, separator in (
        ("collection-title", "collections", ";"),
        ("language", "languages", ";"),
        ("keyword", "tags", ","),
    ):
        text = _csl_text(item.get(key))
        if text:
            values[field] = [part.strip() for part in text.split(separator) if part.strip()]
    record = _record_from_key(str(item.get("id") or ""))
    if record:
        values["record_id"] = record
    return values


def _csl_date(issued: dict[str, Any]) -> str:
    parts = issued.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return _csl_text(issued.get("literal") or issued.get("raw"))
    first = [int(part) for part in parts[0] if str(part).lstrip("-").isdigit()]
    if not first:
        return ""
    if len(parts) > 1 and isinstance(parts[1], list) and parts[1]:
        last = [int(part) for part in parts[1]]
        return f"{_RANGE}{_iso(first)}{_RANGE}{_iso(last)}"
    return _written(
        first[0],
        first[1] if len(first) > 1 else None,
        first[2] if len(first) > 2 else None,
        bool(issued.get("circa")),
    )


def _csl_name(name: dict[str, Any]) -> str:
    if name.get("literal"):
        return _csl_text(name["literal"])
    return " ".join(_csl_text(name.get(part)) for part in ("given", "family") if name.get(part))


def _csl_text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""


# -- shared ------------------------------------------------------------------------------------


def _read_notes(notes: list[str], values: dict[str, Any]) -> None:
    """Notes as `domain.citing` writes them: `To: …`, `Via: …` give their fields back; the rest
    are notes."""
    kept: list[str] = []
    for note in notes:
        label, _, rest = note.partition(": ")
        field = _NOTE_FIELDS.get(label.strip())
        if field is None or not rest.strip():
            if note.strip():
                kept.append(note.strip())
            continue
        text = rest.strip().rstrip(".")
        values[field] = (
            text
            if field == "classification"
            else [part.strip() for part in text.split(";") if part.strip()]
        )
    if kept and "notes" not in values:
        values["notes"] = "\n".join(kept)


def _record_from_key(key: str) -> str:
    """The record ID a key Dossier made holds (`dossier-300653`); none in a digest's key."""
    if not key.startswith("dossier-"):
        return ""
    record = key.removeprefix("dossier-")
    digest = re.fullmatch(r"[0-9a-f]{10}(-\d+)?", record)
    return "" if digest else record


def _put_date(values: dict[str, Any], when: str) -> None:
    """Give `values` a date: its text, or an interval's first and last days."""
    if not when:
        return
    if when.startswith(_RANGE):
        first, _, last = when[1:].partition(_RANGE)
        values.update(date_start=_full(first, False), date_end=_full(last, True))
        values["precision"] = "range"
    else:
        values["date"] = when


def _put_written(values: dict[str, Any], written: str) -> None:
    """The date as the archive wrote it, where the file keeps it (Dossier's exports do), with
    the parts read as its interval: an import then finds the document by its date as written,
    and a text Dossier cannot read still leaves the interval."""
    written = " ".join(written.split())
    if not written or not any(character.isdigit() for character in written):
        return
    if "date" in values:
        try:
            parsed = parse_date(values["date"])
        except DateParseError:
            parsed = None
        if parsed is not None and parsed.start is not None and parsed.end is not None:
            values.setdefault("date_start", parsed.start.isoformat())
            values.setdefault("date_end", parsed.end.isoformat())
            values.setdefault("precision", parsed.precision.value)
    values["date"] = written


def _full(iso: str, last: bool) -> str:
    """An ISO date of a year or a month as its first (or `last`) day."""
    parts = iso.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
    if len(parts) > 2:
        return date(year, month, int(parts[2])).isoformat()
    if not last:
        return date(year, month, 1).isoformat()
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1).isoformat()


def _written(year: int, month: int | None, day: int | None, circa: bool) -> str:
    """A date as the archive's listings write one, which Dossier reads with its precision."""
    if circa:
        return f"c. {year}"
    if month is None or not 1 <= month <= 12:
        return str(year)
    if day is None:
        return f"{_MONTHS[month - 1]} {year}"
    try:
        date(year, month, day)
    except ValueError:
        return f"{_MONTHS[month - 1]} {year}"
    return f"{_MONTHS[month - 1]} {day}, {year}"


def _iso(parts: list[int]) -> str:
    return "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts))


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _unbraced(text: str) -> str:
    """A BibTeX value without the braces that protect its case ({Stalin})."""
    return " ".join(text.replace("{", "").replace("}", "").split())


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:80]
