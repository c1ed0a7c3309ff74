"""A title read into its parts: its type, number, origin, credits and dates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from desktop_app.domain.dates import DateParseError, HistoricalDate, parse_date
from desktop_app.domain.records import Credit
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.titles.brackets import top_level_matches
from desktop_app.importers.titles.heads import find_head
from desktop_app.importers.titles.patterns import (
    BRACKETED_NUMBER,
    CORRESPONDENTS_AFTER_DASH,
    DATE,
    DATE_PHRASE,
    EXCERPT_MARK,
    HANGING_CONJUNCTION,
    REPORTED_LEAD,
    TRAILING,
)
from desktop_app.importers.titles.reader import TitleReader


@dataclass(frozen=True, slots=True)
class TitleParts:
    """What a title says besides its words; credits are in the order the title names them."""

    doc_type: str | None = None
    number: str | None = None
    origin: str | None = None
    credits: tuple[Credit, ...] = ()
    title_dates: tuple[HistoricalDate, ...] = ()


def parse_title(title: str, people: PeopleRegistry) -> TitleParts:
    """Read a listing title: `Ciphered Telegram No. 25465 from Beijing, Mao Zedong to Cde. …`.

    The type may follow words that qualify it (`Secret Telegram`, `East German Report`), its
    author (`Mao Zedong, Outline …`, `Zhou Enlai's Report …`) or the document it comes from
    (`From the Journal of X, Record of Conversation …`). A title that names no type keeps its
    dates, and credits only an author it names before a quoted subject (`X, 'Subject'`):
    without the type there is no telling names from the subject.
    """
    text = " ".join(title.split())
    dates = tuple(_dates_in(text))
    text = " ".join(EXCERPT_MARK.sub(" ", text).split())
    text, bracketed_number = _take_bracketed_number(text)
    head = find_head(text, people)
    if head is None:
        reader = TitleReader(people, "")
        reader.read_typeless(_without_dates(text))
        return TitleParts(number=bracketed_number, credits=tuple(reader.credits), title_dates=dates)
    lead, doc_type, end = head
    reader = TitleReader(people, doc_type)
    reader.read_lead(lead)
    rest = text[end:]
    reported = REPORTED_LEAD.match(rest)
    if reported is not None and reader.read_reported(_without_dates(rest[reported.end() :])):
        main, trailing = "", rest
    else:
        main, trailing = _cut_trailing(rest)
    reader.read_after_type(_without_dates(main))
    reader.read_mentions(_without_dates(trailing))
    return TitleParts(
        doc_type=doc_type,
        number=reader.number or bracketed_number,
        origin=reader.origin,
        credits=tuple(reader.credits),
        title_dates=dates,
    )


def _take_bracketed_number(text: str) -> tuple[str, str | None]:
    match = BRACKETED_NUMBER.search(text)
    if match is None:
        return text, None
    return " ".join((text[: match.start()] + " " + text[match.end() :]).split()), match["value"]


def _dates_in(text: str) -> Iterator[HistoricalDate]:
    for match in DATE.finditer(text):
        try:
            yield parse_date(match.group(0))
        except DateParseError:
            # `30 February 1952` in a title is a typo in the archive, not a date to index.
            continue


def _without_dates(text: str) -> str:
    return " ".join(DATE_PHRASE.sub(" ", text).split()).rstrip(", ")


def _cut_trailing(rest: str) -> tuple[str, str]:
    for begin, end in top_level_matches(rest, TRAILING):
        if rest[begin:end].strip() in "-–—" and CORRESPONDENTS_AFTER_DASH.match(rest[end:]):
            continue  # `No. 969/I - From Moscow to Warsaw`: the dash only sets them apart
        # `… to Zhou Enlai and Reported to Mao`: the `and` belonged to what is cut off.
        return HANGING_CONJUNCTION.sub("", rest[:begin]), rest[begin:]
    return rest, ""
