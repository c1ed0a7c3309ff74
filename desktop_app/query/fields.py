"""The fields a query can name, what kind of value each takes, and how to say it in words."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from desktop_app.domain.dates import DateParseError, parse_partial_iso
from desktop_app.domain.errors import QueryError
from desktop_app.domain.records import Role
from desktop_app.query.ast import Term


class Kind(Enum):
    """How a field's values are matched; the compiler has one rule per kind."""

    FULL_TEXT = auto()  # words in the full-text index, optionally one of its columns
    PEOPLE = auto()  # people in a role (or any role), by canonical name or alias
    LOOKUP = auto()  # a looked-up name the document points to (type, origin, archive)
    LINKED = auto()  # looked-up names linked many-to-many (place, subject, language, tag)
    COLLECTION = auto()  # a collection or any of its sub-collections
    COLUMN = auto()  # a short text column of the document (number, record, classification)
    DATE = auto()  # an interval that must overlap the document's date
    PRESENCE = auto()  # has:FIELD / missing:FIELD


@dataclass(frozen=True, slots=True)
class Field:
    """A field of the query language; `label` is how chips and menus name it."""

    name: str
    kind: Kind
    label: str
    role: Role | None = None
    #: For FULL_TEXT, the index column; None searches every column.
    column: str | None = None

    def validate(self, term: Term, query: str) -> None:
        """Raise QueryError, naming the term's position, for a value this field cannot take."""
        if self.kind is Kind.DATE:
            date_range(term, query)
        elif self.kind is Kind.PRESENCE and term.value.lower() not in PRESENCE_FIELDS:
            raise QueryError(
                f"'{self.name}:' takes one of {', '.join(sorted(PRESENCE_FIELDS))}",
                term.position,
                query,
            )


def date_range(term: Term, query: str) -> tuple[str | None, str | None]:
    """The ISO bounds of a `date:`/`year:` value: `1951`, `1951-10..1952-02`, `..1950`, `1985..`.

    Either bound may be None for an open end.
    """
    value = term.value.strip()
    low_text, separator, high_text = value.partition("..")
    if not separator:
        high_text = low_text
    if not low_text and not high_text:
        raise QueryError("a date range needs at least one end", term.position, query)
    try:
        low = parse_partial_iso(low_text)[0].isoformat() if low_text else None
        high = parse_partial_iso(high_text)[1].isoformat() if high_text else None
    except DateParseError as error:
        raise QueryError(str(error), term.position, query) from None
    if term.field == "year" and any(
        part and not part.strip().isdigit() for part in (low_text, high_text)
    ):
        raise QueryError("'year:' takes years such as 1951 or 1950..1953", term.position, query)
    if low is not None and high is not None and low > high:
        raise QueryError("this date range ends before it begins", term.position, query)
    return low, high


_ALL: tuple[Field, ...] = (
    Field("text", Kind.FULL_TEXT, "Text"),
    Field("title", Kind.FULL_TEXT, "Title", column="title"),
    Field("summary", Kind.FULL_TEXT, "Summary", column="summary"),
    # The document's own words, its footnotes included; `text:` is any text of it.
    Field("body", Kind.FULL_TEXT, "Full text", column="body"),
    Field("author", Kind.PEOPLE, "Author", role=Role.AUTHOR),
    Field("recipient", Kind.PEOPLE, "Recipient", role=Role.RECIPIENT),
    Field("via", Kind.PEOPLE, "Via", role=Role.VIA),
    Field("participant", Kind.PEOPLE, "Participant", role=Role.PARTICIPANT),
    Field("person", Kind.PEOPLE, "Person"),
    Field("type", Kind.LOOKUP, "Type"),
    Field("origin", Kind.LOOKUP, "Origin"),
    Field("archive", Kind.LOOKUP, "Archive"),
    Field("place", Kind.LINKED, "Place"),
    Field("subject", Kind.LINKED, "Subject"),
    Field("language", Kind.LINKED, "Language"),
    Field("tag", Kind.LINKED, "Tag"),
    Field("collection", Kind.COLLECTION, "Collection"),
    Field("number", Kind.COLUMN, "Number"),
    Field("record", Kind.COLUMN, "Record ID"),
    Field("classification", Kind.COLUMN, "Classification"),
    # A person's research notes on the document (`has:notes` asks whether there are any).
    Field("note", Kind.COLUMN, "Note"),
    Field("date", Kind.DATE, "Date"),
    Field("year", Kind.DATE, "Year"),
    Field("has", Kind.PRESENCE, "Has"),
    Field("missing", Kind.PRESENCE, "Missing"),
)

FIELDS: dict[str, Field] = {field.name: field for field in _ALL}

#: What `has:` and `missing:` can test.
PRESENCE_FIELDS = frozenset(
    {
        "summary",
        "date",
        "type",
        "number",
        "origin",
        "archive",
        "author",
        "recipient",
        "via",
        "participant",
        "person",
        "place",
        "subject",
        "language",
        "tag",
        "collection",
        "record",
        "classification",
        "url",
        "notes",
        "source",
    }
)
