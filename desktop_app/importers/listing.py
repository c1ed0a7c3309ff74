"""Reading a collection page copied from the archive's website into an ImportBatch."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.domain.dates import DateParseError, HistoricalDate, looks_like_date, parse_date
from desktop_app.domain.errors import InputError
from desktop_app.domain.records import CollectionRecord, DocumentRecord, ImportBatch, Role
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.titles import TitleParts, parse_title

#: The longest line, title, summary or description a listing may hold, in characters.
MAX_FIELD_CHARS = 100_000

# A bullet the archive (or a text copy of it) puts before a date: `•`, `*`, `-` and kin.
_BULLET = re.compile(r"^(?:[•·▪‣◦●]\s*|[*\-–]\s+)(?P<rest>.*)$")

# `(1) Making of the Sino-Soviet Alliance, 1945-1950;` (or `… Alliance (1945-1950)`) in a
# collection's description.
_SUB_COLLECTION = re.compile(
    r"\(\d{1,2}\)\s*(?P<title>[^;()]+?)(?:,\s*|\s+\()"
    r"(?P<start>\d{4})(?:\s*[-–—]\s*(?P<end>\d{2,4}))?"
    r"(?=\s*(?:[;.,)]|and\b|$))"
)


@dataclass(slots=True)
class _Line:
    number: int
    text: str
    date: HistoricalDate | None = None


@dataclass(slots=True)
class _Entry:
    date_line: _Line
    title: _Line | None = None
    paragraphs: list[list[_Line]] = field(default_factory=list)


def read_listing_file(
    path: Path, people: PeopleRegistry, *, collection_title: str | None = None
) -> ImportBatch:
    """Read a listing file; InputError names the file (and line) of anything it cannot read."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror or error}", path=source) from None
    return parse_listing(
        decode_listing(data, source=source),
        source=source,
        people=people,
        collection_title=collection_title,
    )


def decode_listing(data: bytes, *, source: str) -> str:
    """The text of a listing file: UTF-8 (a byte-order mark allowed), never binary data."""
    if not data.strip():
        raise InputError("is empty", path=source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("is UTF-16 text; save it as UTF-8 and import it again", path=source)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            "is a binary file (it contains NUL bytes), not a text listing",
            path=source,
            line=data.count(b"\n", 0, nul) + 1,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8 and import it again",
            path=source,
            line=data.count(b"\n", 0, error.start) + 1,
        ) from None


def parse_listing(
    text: str,
    *,
    source: str,
    people: PeopleRegistry,
    collection_title: str | None = None,
) -> ImportBatch:
    """Read a listing: page chrome, the collection's title and description, then entries.

    An entry is a date line (optionally bulleted), one title line, and optional summary
    paragraphs; consecutive lines are one paragraph, and paragraphs are joined with a blank line.
    `collection_title` replaces the title the listing starts with. Anything the importer cannot
    read unambiguously raises InputError with `source` and the line, so nothing is dropped.
    """
    reader = _ListingReader(source, people)
    lines = reader.classify(text)
    first_date = next((i for i, line in enumerate(lines) if line.date is not None), None)
    if first_date is None:
        if not any(line.text for line in lines):
            raise InputError("is empty (nothing but blank lines and page chrome)", path=source)
        raise InputError(
            "has no document entries: each one starts with a date line such as "
            "'September 10, 1951'",
            path=source,
        )
    heading, description = reader.read_header(lines[:first_date])
    title = collection_title or (heading.text if heading is not None else None)
    collections: list[CollectionRecord] = []
    if title:
        collections.append(CollectionRecord(title=title, description=description))
        collections.extend(_sub_collections(description, title))
    documents = tuple(
        reader.document(entry, (title,) if title else ())
        for entry in reader.entries(lines[first_date:])
    )
    # A listing imported again updates what its titles say (the reader may read them better
    # now): the documents' people, type, number and origin follow, with no old links left.
    return ImportBatch(
        source=source,
        collections=tuple(collections),
        documents=documents,
        warnings=tuple(reader.warnings),
        update_existing=True,
    )


#: The fields a listing's entry gives: its date and title, and what its title is read as.
_READ_FROM_A_LISTING = frozenset(
    {"title", "date", "doc_type", "number", "origin", "title_dates", *(role.value for role in Role)}
)


class _ListingReader:
    """The line-by-line reading of one listing, with the errors it reports."""

    def __init__(self, source: str, people: PeopleRegistry) -> None:
        self.source = source
        self.people = people
        self.warnings: list[str] = []

    def error(self, reason: str, line: int | None) -> InputError:
        return InputError(reason, path=self.source, line=line)

    def classify(self, text: str) -> list[_Line]:
        """Number the lines; page chrome becomes a blank line, dates are parsed, bullets checked."""
        vocabulary = self.people.vocabulary
        result: list[_Line] = []
        # Only \n, \r\n and \r end a line, so line numbers agree with the person's editor.
        for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
            if len(raw) > MAX_FIELD_CHARS:
                raise self.error(
                    f"the line is {len(raw):,} characters long; the limit is {MAX_FIELD_CHARS:,}",
                    number,
                )
            if "\x00" in raw:
                raise self.error("contains NUL characters: binary data, not a listing", number)
            stripped = " ".join(raw.split())
            if not stripped or vocabulary.is_chrome(stripped):
                result.append(_Line(number, ""))
                continue
            bullet = _BULLET.match(stripped)
            content = bullet.group("rest").strip() if bullet else stripped
            try:
                result.append(_Line(number, content, parse_date(content)))
                continue
            except DateParseError as problem:
                if looks_like_date(content):
                    raise self.error(
                        f"'{content}' looks like a date but {problem}", number
                    ) from None
            if bullet is not None:
                raise self.error(
                    f"the bulleted line '{_excerpt(content)}' is not a date; each entry starts "
                    "with a date line such as 'September 10, 1951'",
                    number,
                )
            result.append(_Line(number, content))
        return result

    def read_header(self, lines: list[_Line]) -> tuple[_Line | None, str]:
        """The collection's title (its first line) and description (the paragraphs after it)."""
        filled = [line for line in lines if line.text]
        if not filled:
            return None, ""
        heading = filled[0]
        paragraphs = _paragraphs([line for line in lines if line.number > heading.number])
        if self._is_title_shaped([heading]):
            raise self._dateless_title(heading)
        for paragraph in paragraphs:
            if self._is_title_shaped(paragraph):
                raise self._dateless_title(paragraph[0])
        return heading, self._joined(paragraphs, "description")

    def entries(self, lines: list[_Line]) -> list[_Entry]:
        entries: list[_Entry] = []
        current: _Entry | None = None
        paragraph: list[_Line] = []
        for line in lines:
            if line.date is not None:
                if current is not None:
                    entries.append(self._close(current, paragraph))
                current, paragraph = _Entry(line), []
            elif current is None:
                continue
            elif not line.text:
                if paragraph:
                    current.paragraphs.append(paragraph)
                paragraph = []
            elif current.title is None:
                current.title = line
            else:
                paragraph.append(line)
        if current is not None:
            entries.append(self._close(current, paragraph))
        return entries

    def _close(self, entry: _Entry, paragraph: list[_Line]) -> _Entry:
        if paragraph:
            entry.paragraphs.append(paragraph)
        if entry.title is None:
            raise self.error(
                f"the date '{entry.date_line.text}' has no title line after it",
                entry.date_line.number,
            )
        # A lone summary may read like a title (`Telegram from Roshchin to Moscow`); among several
        # paragraphs, a title-shaped one is the next entry missing its date line.
        if len(entry.paragraphs) > 1:
            for summary_paragraph in entry.paragraphs:
                if self._is_title_shaped(summary_paragraph):
                    raise self._dateless_title(summary_paragraph[0])
        return entry

    def document(self, entry: _Entry, collections: tuple[str, ...]) -> DocumentRecord:
        assert entry.title is not None and entry.date_line.date is not None
        title = entry.title.text
        parts = parse_title(title, self.people)
        if parts.doc_type is None:
            self.warnings.append(
                f"{self.source}:{entry.title.number}: no known document type at the start of "
                f"'{_excerpt(title)}'"
            )
        summary = self._joined(entry.paragraphs, "summary")
        return DocumentRecord(
            title=title,
            date=entry.date_line.date,
            line=entry.date_line.number,
            summary=summary,
            doc_type=parts.doc_type,
            number=parts.number,
            origin=parts.origin,
            credits=parts.credits,
            title_dates=parts.title_dates,
            collections=collections,
            # What the listing says of a document it lists again; its other collections, and a
            # summary an entry without one leaves out, stay as they are.
            given=_READ_FROM_A_LISTING | ({"summary"} if summary else frozenset()),
        )

    def _joined(self, paragraphs: list[list[_Line]], what: str) -> str:
        text = "\n\n".join(" ".join(line.text for line in paragraph) for paragraph in paragraphs)
        if len(text) > MAX_FIELD_CHARS:
            raise self.error(
                f"the {what} is {len(text):,} characters long; the limit is {MAX_FIELD_CHARS:,}",
                paragraphs[0][0].number,
            )
        return text

    def _is_title_shaped(self, paragraph: list[_Line]) -> bool:
        """A one-line paragraph that reads as a document title with its structure.

        It starts with a known type, has a number, origin or correspondents, and does not end like
        a sentence: where a summary or description should be, that is a title missing its date.
        """
        if len(paragraph) != 1:
            return False
        text = paragraph[0].text
        # A paragraph that ends like a sentence is prose; a title ends without a full stop.
        if len(text) > 500 or text.rstrip(")]\"'”’").endswith((".", "!", "?")):
            return False
        parts: TitleParts = parse_title(text, self.people)
        if parts.doc_type is None:
            return False
        return bool(parts.number or parts.origin or parts.credits)

    def _dateless_title(self, line: _Line) -> InputError:
        return self.error(
            f"'{_excerpt(line.text)}' reads like a document title, but no date line comes "
            "before it",
            line.number,
        )


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.text:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _sub_collections(description: str, parent: str) -> list[CollectionRecord]:
    """The numbered collections a description names, with their periods (`1969` -> 1969-1969)."""
    found: dict[str, CollectionRecord] = {}
    for match in _SUB_COLLECTION.finditer(description):
        title = match.group("title").strip(" \"'“”‘’")
        if not title or title == parent:
            continue
        start = int(match.group("start"))
        end_text = match.group("end")
        end = start
        if end_text is not None:
            end = int(end_text)
            if len(end_text) == 2:
                # `1985-89`: the century of the start year.
                end += start - start % 100
                if end < start:
                    end += 100
        found.setdefault(
            title,
            CollectionRecord(
                title=title,
                parent_title=parent,
                period_start=start,
                period_end=end if end >= start else None,
            ),
        )
    return list(found.values())


def _excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
