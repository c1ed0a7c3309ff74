"""One row's values, read from a CSV or JSON file, turned into a document record."""

from __future__ import annotations

import json
from collections.abc import Iterable, MutableMapping
from datetime import date
from typing import Any, Protocol

from desktop_app.domain.columns import unguard_formula
from desktop_app.domain.dates import DateParseError, HistoricalDate, Precision, parse_date
from desktop_app.domain.records import Credit, DocumentRecord, PersonName, Role
from desktop_app.importers.listing import MAX_FIELD_CHARS
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.tabular.json_stream import json_kind
from desktop_app.importers.titles import parse_title

# The columns that name people, and the role each credits them with.
_ROLES: dict[str, Role] = {
    "authors": Role.AUTHOR,
    "recipients": Role.RECIPIENT,
    "via": Role.VIA,
    "participants": Role.PARTICIPANT,
    "mentioned": Role.MENTIONED,
}

# Columns that give one record field each, and the fields' names where they differ (what a
# row gives is told by `TableReader.given_by`).
SIMPLE_FIELDS = frozenset(
    {
        "summary",
        "record_id",
        "collections",
        "places",
        "subjects",
        "languages",
        "archive",
        "source",
        "classification",
        "url",
        "rights",
        "tags",
        "text",
        "footnotes",
    }
)
RECORD_FIELD = {"source": "source_citation"}

# The longest value a name-like or short column holds (the catalog's column sizes).
_SHORT_LIMITS: dict[str, int] = {
    "record_id": 100,
    "number": 200,
    "date": 200,
    "classification": 200,
    "type": 500,
    "origin": 500,
    "archive": 500,
}
_NAME_LIMIT = 500


class RowError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FileContext(Protocol):
    """What a row is read against: its file's people, collection and guard, which fields its
    columns give, and the values already read from earlier rows (a `TableReader`)."""

    @property
    def people(self) -> PeopleRegistry: ...
    @property
    def collection(self) -> str | None: ...
    @property
    def guarded(self) -> bool: ...
    @property
    def name_cache(self) -> MutableMapping[tuple[str, str], tuple[str, ...]]: ...
    @property
    def person_cache(self) -> MutableMapping[str, PersonName]: ...
    @property
    def date_cache(self) -> MutableMapping[tuple[str, str, str, str], HistoricalDate]: ...
    def given_by(self, columns: Iterable[str]) -> frozenset[str]: ...


class RecordBuilder:
    """One row's values turned into a record, and which fields the row gives."""

    def __init__(self, reader: FileContext, line: int, values: dict[str, Any]) -> None:
        self.reader = reader
        self.people = reader.people
        self.line = line
        self.values = values
        self.given: set[str] = set()

    def build(self) -> DocumentRecord:
        title = self.text("title").strip()
        if not title:
            raise RowError("has no title")
        parts = parse_title(title, self.people)
        structured = parts.doc_type is not None
        explicit_type = self.short("type")
        from_title = structured and not explicit_type
        title_values = {"type": parts.doc_type, "number": parts.number, "origin": parts.origin}
        looked_up: dict[str, str | None] = {}
        for name in ("type", "number", "origin"):
            value = self.short(name)
            if value:
                looked_up[name] = value
            elif from_title:
                looked_up[name] = title_values[name]
            elif name in self.values:
                looked_up[name] = None
        credits: list[Credit] = []
        for column, role in _ROLES.items():
            if column in self.values:
                credits.extend(Credit(self.person(name), role) for name in self.names(column))
                self.given.add(role.value)
            elif structured:
                credits.extend(credit for credit in parts.credits if credit.role is role)
                self.given.add(role.value)
        collections = self.names("collections")
        if self.reader.collection and self.reader.collection not in collections:
            collections = (*collections, self.reader.collection)
        given = set(self.reader.given_by(self.values.keys()))
        given.update(self.given)
        given.update("doc_type" if name == "type" else name for name in looked_up)
        return DocumentRecord(
            title=title,
            date=self.date(),
            line=self.line,
            summary=self.long("summary"),
            record_id=self.short("record_id") or None,
            doc_type=looked_up.get("type"),
            number=looked_up.get("number"),
            origin=looked_up.get("origin"),
            credits=tuple(credits),
            title_dates=parts.title_dates,
            collections=collections,
            places=self.names("places"),
            subjects=self.names("subjects"),
            languages=self.names("languages"),
            archive=self.short("archive") or None,
            source_citation=self.long("source") or None,
            classification=self.short("classification") or None,
            url=self.short("url") or None,
            rights=self.long("rights") or None,
            notes=self.notes(),
            tags=self.names("tags"),
            text=self.long("text") or None,
            footnotes=self.long("footnotes") or None,
            given=frozenset(given),
        )

    # -- reading values ----------------------------------------------------------------------

    def text(self, name: str) -> str:
        """A column's text as given (a list joined with `; `), "" when absent or empty."""
        value = self.values.get(name)
        if value is None:
            return ""
        if value.__class__ is str:
            text = value
        elif isinstance(value, list):
            text = "; ".join(self._scalar(name, item) for item in value)
        else:
            text = self._scalar(name, value)
        if len(text) > MAX_FIELD_CHARS:
            raise RowError(
                f"the {name} is {len(text):,} characters long; the limit is {MAX_FIELD_CHARS:,}"
            )
        if "\x00" in text:
            raise RowError(f"the {name} contains NUL characters")
        return unguard_formula(text) if self.reader.guarded and text[:1] == "'" else text

    def _scalar(self, name: str, value: object) -> str:
        if isinstance(value, str):
            return value
        if value is None:
            return ""
        if isinstance(value, bool | int | float):
            return json.dumps(value)
        raise RowError(f"the {name} is a JSON {json_kind(value)}; expected text or a list")

    def short(self, name: str) -> str:
        """A one-line value, spaces tidied, within its column's size."""
        if name not in self.values:
            return ""
        text = " ".join(self.text(name).split())
        limit = _SHORT_LIMITS.get(name, _NAME_LIMIT)
        if len(text) > limit:
            raise RowError(f"the {name} is {len(text):,} characters long; the limit is {limit:,}")
        return text

    def long(self, name: str) -> str:
        """A text kept as written (line breaks and all), or "" when it is only blanks."""
        text = self.text(name)
        return text if text.strip() else ""

    def names(self, name: str) -> tuple[str, ...]:
        """A multi-valued column: a JSON array, a cell that looks like one, or `a; b` text."""
        value = self.values.get(name)
        if value is None:
            return ()
        if isinstance(value, list):
            return self._tidy_names(name, [self._scalar(name, item) for item in value])
        text = self.text(name)
        known = self.reader.name_cache.get((name, text))
        if known is None:
            known = self.reader.name_cache[name, text] = self._tidy_names(name, _split_values(text))
        return known

    def _tidy_names(self, name: str, items: list[str]) -> tuple[str, ...]:
        found: list[str] = []
        for item in items:
            tidy = " ".join(item.split())
            if not tidy:
                continue
            if len(tidy) > _NAME_LIMIT:
                raise RowError(
                    f"a value of {name} is {len(tidy):,} characters long; "
                    f"the limit is {_NAME_LIMIT:,}"
                )
            if tidy not in found:
                found.append(tidy)
        return tuple(found)

    def person(self, written: str) -> PersonName:
        """The registry's person for a name (`Nehru, Jawaharlal` too), else the name as written."""
        found = self.reader.person_cache.get(written)
        if found is None:
            found = self.people.lookup(written) or self.people.resolve(written)
            found = self.reader.person_cache[written] = found or PersonName(written)
        return found

    def date(self) -> HistoricalDate:
        text = self.short("date")
        start, end = self.short("date_start"), self.short("date_end")
        key = (text, start, end, self.short("precision"))
        found = self.reader.date_cache.get(key)
        if found is None:
            found = self.reader.date_cache[key] = self._read_date(text, start, end)
        return found

    def _read_date(self, text: str, start: str, end: str) -> HistoricalDate:
        if text:
            try:
                return parse_date(text)
            except DateParseError as problem:
                if not start:
                    raise RowError(str(problem)) from None
        if not start:
            return HistoricalDate.undated(text)
        try:
            first = date.fromisoformat(start)
            last = date.fromisoformat(end) if end else first
        except ValueError:
            raise RowError(f"'{start}'–'{end}' is not a date interval: write 1951-10-07") from None
        if last < first:
            raise RowError(f"the date interval {start}..{end} ends before it begins")
        precision_text = self.short("precision").casefold()
        try:
            precision = Precision(precision_text) if precision_text else None
        except ValueError:
            choices = ", ".join(p.value for p in Precision)
            raise RowError(
                f"'{precision_text}' is not a date precision; use one of {choices}"
            ) from None
        if precision is None or precision is Precision.UNDATED:
            precision = Precision.DAY if first == last else Precision.RANGE
        shown = text or (start if first == last else f"{start} – {last.isoformat()}")
        return HistoricalDate(shown, precision, first, last)

    def notes(self) -> str | None:
        """Notes with what the archive says besides: upload date, donors and credits."""
        lines = []
        notes = self.long("notes")
        if notes:
            lines.append(notes)
        upload = self.short("upload_date")
        if upload:
            lines.append(f"Original upload date: {upload}")
        donors = self.names("donors")
        if donors:
            lines.append(f"Donors: {'; '.join(donors)}")
        credits = self.long("credits").strip()
        if credits:
            lines.append(f"Credits: {credits}")
        return "\n".join(lines) or None


def _split_values(text: str) -> list[str]:
    stripped = text.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        try:
            parsed = json.loads(stripped)
        except (json.JSONDecodeError, RecursionError):
            parsed = None  # not a list of names: the cell's text, split at semicolons
        if isinstance(parsed, list) and all(isinstance(item, str) for item in parsed):
            return parsed
    return text.split(";")
