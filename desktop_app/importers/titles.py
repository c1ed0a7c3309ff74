"""Reading an archive title's structure: type, number, origin, correspondents and dates in it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from desktop_app.domain.dates import DateParseError, HistoricalDate, parse_date
from desktop_app.domain.records import Credit, PersonName, Role
from desktop_app.domain.text import identity_key, words
from desktop_app.importers.people import NameReading, PeopleRegistry, word_key


@dataclass(frozen=True, slots=True)
class TitleParts:
    """What a title says besides its words; credits are in the order the title names them."""

    doc_type: str | None = None
    number: str | None = None
    origin: str | None = None
    credits: tuple[Credit, ...] = ()
    title_dates: tuple[HistoricalDate, ...] = ()


_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
# Dates as titles name them (`24 December 1951`, `December 24, 1951`, `July 1952`); a bare year
# is left alone because titles also name periods (`Korean War, 1950-1953`).
_DATE_IN_TITLE = (
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s+\d{{4}}\b"
    rf"|\b{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    rf"|\b{_MONTH_NAME},?\s+\d{{4}}\b"
)
_DATE = re.compile(_DATE_IN_TITLE)
_DATE_PHRASE = re.compile(rf"(?:,\s*|\s+(?:on|dated|of|for)\s+)?(?:{_DATE_IN_TITLE})")

# `No. 25025`, `Special No. 1821`: a qualifier word is part of the number as written.
_NUMBER = re.compile(
    r"^\s*,?\s*(?:(?P<qualifier>[A-Z][\w-]*)\s+)?(?P<no>Nos?\.?|Nr\.|#)\s*"
    r"(?P<value>[A-Za-z]{0,3}-?\d[\w/-]*)"
)

# Where the naming part of a title ends and a description of the content begins. The verbs are
# never part of a name, in any case (`Transmitting` in Title Case too); the short prepositions
# only in lower case, as capitalised they may begin a name.
_TRAILING = re.compile(
    r"\s(?:(?i:conveying|transmitting|forwarding|enclosing|attaching|regarding|concerning|about"
    r"|reporting|requesting|informing|asking|approving|agreeing|explaining|discussing|containing"
    r"|summari[sz]ing|replying|responding|proposing|outlining|describing|instructing)"
    r"|on|re:?|at|with regard to|in reply to|in response to)\s|\s[-–—]\s|:\s|\s['‘\"“]"
)
_TO = re.compile(r"\sto\s")
_FOR = re.compile(r"\s+for\s")
_VIA = re.compile(r"\s+via\s")
_WITH = re.compile(r"\swith\s")
_BETWEEN = re.compile(r"(?:^|\s)between\s")
_AND = re.compile(r"\s(?:and|&)\s")
_VIA_PARENTHESES = re.compile(r"\(\s*via\s+([^()]*)\)")
_PARENTHESISED = re.compile(r"\([^()]*\)")
_PLACE_SUFFIX = re.compile(r"^(?P<name>.*\S)\s+(?:in|at)\s+(?P<place>[^\[\]]+)$")

# The words after which a trailing clause names people (`telegram from Mao to Kim Il Sung`).
_MENTION_LEADS = frozenset({"from", "to", "with", "by", "between", "and", "for", "via"})


def parse_title(title: str, people: PeopleRegistry) -> TitleParts:
    """Read a listing title: `Ciphered Telegram No. 25465 from Beijing, Mao Zedong to Cde. …`.

    A title that does not start with a known document type keeps its dates but gets no type,
    number or credits: without the type there is no telling names from the subject.
    """
    text = " ".join(title.split())
    dates = tuple(_dates_in(text))
    matched = people.vocabulary.match_type(text)
    if matched is None:
        return TitleParts(title_dates=dates)
    doc_type, end = matched
    reader = _TitleReader(people, doc_type)
    main, trailing = _cut_trailing(text[end:])
    reader.read_after_type(_without_dates(main))
    reader.read_mentions(_without_dates(trailing))
    return TitleParts(
        doc_type=doc_type,
        number=reader.number,
        origin=reader.origin,
        credits=tuple(reader.credits),
        title_dates=dates,
    )


class _TitleReader:
    """Collects the credits of one title, resolving each name once in the title's context."""

    def __init__(self, people: PeopleRegistry, doc_type: str) -> None:
        self.people = people
        self.vocabulary = people.vocabulary
        self.conversation = doc_type.casefold() in self.vocabulary.conversation_types
        self.number: str | None = None
        self.origin: str | None = None
        self.credits: list[Credit] = []
        self._seen: list[PersonName] = []
        self._credited: set[tuple[str, Role]] = set()
        self._named: set[str] = set()

    # -- the parts of a title ---------------------------------------------------------------------

    def read_after_type(self, rest: str) -> None:
        """The title after its type: a number as written (`No. 25025`, `Special No. 1821`), then
        the naming part."""
        number_match = _NUMBER.match(rest)
        if number_match is not None:
            value = number_match.group("value")
            qualifier = number_match.group("qualifier")
            if self.number is None:
                self.number = (
                    f"{qualifier} {number_match.group('no')} {value}" if qualifier else value
                )
            rest = rest[number_match.end() :]
        self.read_main(rest)

    def read_main(self, main: str) -> None:
        """The naming part: `from Beijing, A to B`, `between A and B`, `, A to B`, `by A`."""
        main = main.strip()
        leading_comma = main.startswith(",")
        main = main.lstrip(", ").strip()
        if not main:
            return
        first, _, after = main.partition(" ")
        lead = first.casefold()
        between = next(_top_level_matches(main, _BETWEEN), None) if "between" in main else None
        if lead == "from" and self._read_nested(after):
            return
        if between is not None and lead != "from":
            # `between A and B`, also after words (`Record of the Second Meeting between A and B`).
            names = _WITH.sub(" and ", main[between[1] :])
            self._credit_all(self._split_names(names), Role.PARTICIPANT)
        elif lead == "from":
            self._read_from(after)
        elif lead == "by":
            self._credit_all(self._split_names(after, authors=True), Role.AUTHOR)
        elif lead == "with":
            self._credit_all(self._split_names(after), Role.PARTICIPANT)
        elif lead == "to":
            self._read_recipients(after)
        elif lead == "of":
            # `Diary of Soviet Ambassador A.M. Puzanov`, but not `Minutes of the Meeting`.
            pieces = self._split_names(after)
            readings = [self._read(piece) for piece in pieces]
            if readings and all(r is not None and r.is_person for r in readings):
                self._credit_all(pieces, Role.AUTHOR)
        else:
            self._read_clause(main, authors_only=leading_comma)

    def read_mentions(self, trailing: str) -> None:
        """People named in a description clause (`conveying … telegram from Mao to Kim Il Sung`)."""
        tokens = trailing.split()
        index = 0
        while index < len(tokens):
            if tokens[index].casefold() not in _MENTION_LEADS:
                index += 1
                continue
            run: list[str] = []
            index += 1
            while index < len(tokens) and _starts_name(tokens[index]):
                token = tokens[index]
                run.append(token.rstrip(",;:.)"))
                index += 1
                if token[-1] in ",;:.)":
                    break
            if not run:
                continue
            reading = self._read(" ".join(run))
            if reading is None or not reading.is_person:
                continue
            if identity_key(reading.person.name) not in self._named:
                self._credit(reading.person, Role.MENTIONED)

    # -- clauses ----------------------------------------------------------------------------------

    def _read_nested(self, text: str) -> bool:
        """`Excerpt from the Diary of A`: read the inner document's title in place of a sender."""
        words_ = text.split()
        if words_ and word_key(words_[0]) in self.vocabulary.articles:
            words_ = words_[1:]
        inner = " ".join(words_)
        matched = self.vocabulary.match_type(inner)
        if matched is None:
            return False
        inner_type, end = matched
        self.conversation = self.conversation or (
            inner_type.casefold() in self.vocabulary.conversation_types
        )
        self.read_after_type(inner[end:])
        return True

    def _read_from(self, body: str) -> None:
        """`from Beijing, A to B` names a place; `from A to B` names the correspondents."""
        segment, remainder = _split_top_level_once(body, ",")
        if self._find_separator(segment, _TO) is not None:
            self._read_clause(body, authors_only=False)
            return
        reading = self.people.read(segment)
        # A lone unknown word after `from` is far more often a town than a person.
        is_sender = reading is not None and (
            reading.known or not reading.is_person or len(reading.person.name.split()) > 1
        )
        if is_sender:
            self._credit_all([segment], Role.AUTHOR)
        elif self.origin is None and word_key(segment) not in self.vocabulary.pronouns:
            self.origin = " ".join(segment.split()) or None
        if remainder.strip():
            self._read_clause(remainder, authors_only=False)

    def _read_clause(self, clause: str, *, authors_only: bool) -> None:
        """`A to B via C, for D`, or `A with B` in a conversation; else only authors.

        With `for`, the `to` recipients are intermediaries (VIA) and the `for` ones the final
        recipients. A `to` right after an office word (`Ambassador to China`) separates nothing.
        """
        via: list[str] = []
        for inner in _VIA_PARENTHESES.findall(clause):
            via.extend(self._split_names(inner))
        clause = " ".join(_VIA_PARENTHESES.sub(" ", clause).split())
        if self.conversation or self._find_separator(clause, _TO) is None:
            with_at = self._find_separator(clause, _WITH)
            if with_at is not None:
                left, right = clause[: with_at[0]], clause[with_at[1] :]
                self._credit_all(self._split_names(left), Role.PARTICIPANT)
                self._credit_all(self._split_names(right), Role.PARTICIPANT)
                self._credit_all(via, Role.VIA)
                return
        to_at = self._find_separator(clause, _TO)
        if to_at is None:
            pieces = self._split_names(clause)
            readings = [self._read(piece) for piece in pieces]
            is_people = all(r is not None and r.is_person for r in readings)
            if self.conversation and len(pieces) > 1 and is_people:
                self._credit_all(pieces, Role.PARTICIPANT)
            elif authors_only and readings and is_people:
                self._credit_all(pieces, Role.AUTHOR)
            self._credit_all(via, Role.VIA)
            return
        authors = self._split_names(clause[: to_at[0]], authors=True)
        if self.origin is None:
            # `from Moscow to Beijing`: a place that sends is where the document comes from.
            self.origin = next((a for a in authors if self.vocabulary.is_place(a)), None)
        self._credit_all(authors, Role.AUTHOR)
        self._read_recipients(clause[to_at[1] :])
        self._credit_all(via, Role.VIA)

    def _read_recipients(self, text: str) -> None:
        final: list[str] = []
        for_at = self._find_separator(text, _FOR)
        if for_at is not None:
            final = self._split_names(text[for_at[1] :])
            text = text[: for_at[0]]
        via: list[str] = []
        via_at = self._find_separator(text, _VIA)
        if via_at is not None:
            via = self._split_names(text[via_at[1] :])
            text = text[: via_at[0]]
        recipients = self._split_names(text)
        self._credit_all(recipients, Role.VIA if final else Role.RECIPIENT)
        self._credit_all(via, Role.VIA)
        self._credit_all(final, Role.RECIPIENT)

    # -- names ------------------------------------------------------------------------------------

    def _split_names(self, text: str, *, authors: bool = False) -> list[str]:
        """Split a list of names on commas and `and`; rejoin a heading split by its comma.

        `Satō, Eisaku` is one name when the registry knows it as a heading, or when an East-Asian
        surname is followed by one word that is neither a surname nor a known name.
        """
        pieces: list[str] = []
        for part in _split_top_level(text, ","):
            for piece in _split_top_level(part, ";"):
                start = 0
                # Most pieces are one name: no need to look for `and` with the pattern.
                ands = _top_level_matches(piece, _AND) if _AND.search(piece) else ()
                for begin, end in ands:
                    pieces.append(piece[start:begin])
                    start = end
                pieces.append(piece[start:])
        pieces = [" ".join(p.split()) for p in pieces]
        pieces = [p for p in pieces if any(ch.isalpha() for ch in p)]
        merged: list[str] = []
        index = 0
        while index < len(pieces):
            piece = pieces[index]
            following = pieces[index + 1] if index + 1 < len(pieces) else None
            if following is not None and self._is_split_heading(piece, following):
                merged.append(f"{piece}, {following}")
                index += 2
                continue
            merged.append(piece)
            index += 1
        return [self._drop_place(piece, authors=authors) for piece in merged]

    def _is_split_heading(self, surname_part: str, given: str) -> bool:
        given_words = _PARENTHESISED.sub(" ", given).split()
        if "[" in surname_part + given or not 0 < len(given_words) <= 2:
            return False
        reading = self.people.read(f"{surname_part}, {given}")
        if reading is not None and reading.known and reading.is_person:
            return True
        surnames = self.vocabulary.east_asian_surnames
        return (
            word_key(surname_part.split()[-1]) in surnames
            and len(given_words) == 1
            and word_key(given_words[0]) not in surnames
            and self.people.lookup(given_words[0]) is None
            and given_words[0][:1].isupper()
        )

    def _drop_place(self, piece: str, *, authors: bool) -> str:
        """`Roshchin in Beijing` is Roshchin; an author's place is the document's origin.

        A body keeps its place in its name (`Soviet Embassy in Beijing`): that names the body.
        """
        match = _PLACE_SUFFIX.match(piece)
        if match is None or not self.vocabulary.is_place(match.group("place")):
            return piece
        if authors and self.origin is None:
            self.origin = match.group("place")
        reading = self.people.read(match.group("name"))
        return match.group("name") if reading is not None and reading.is_person else piece

    def _read(self, raw: str) -> NameReading | None:
        """Read a name; a lone unknown word that repeats part of a name named earlier is that
        person (`reply from Kim to Mao` after `Kim Il Sung`)."""
        reading = self.people.read(raw)
        if reading is None:
            return None
        name = reading.person.name
        if reading.is_person and not reading.known and len(name.split()) == 1:
            key = words(name)
            for earlier in self._seen:
                if key and key[0] in words(earlier.name):
                    return NameReading(earlier, True, True)
        self._seen.append(reading.person)
        return reading

    def _credit_all(self, pieces: list[str], role: Role) -> None:
        for piece in pieces:
            reading = self._read(piece)
            if reading is not None:
                self._credit(reading.person, role)

    def _credit(self, person: PersonName, role: Role) -> None:
        key = identity_key(person.name)
        if (key, role) in self._credited:
            return
        self._credited.add((key, role))
        self._named.add(key)
        self.credits.append(Credit(person, role))

    def _find_separator(self, text: str, pattern: re.Pattern[str]) -> tuple[int, int] | None:
        """The first top-level match of a `to`/`for`/`via`/`with` that follows a name, if any."""
        if pattern.search(text) is None:
            return None
        for begin, end in _top_level_matches(text, pattern):
            before = text[:begin].split()
            if not before:
                continue
            previous = before[-1].strip("[]()")
            if word_key(previous) in self.vocabulary.office_to_words:
                continue
            if not (previous[:1].isupper() or previous.endswith((",", "]", ")"))):
                continue
            return begin, end
        return None


def _starts_name(token: str) -> bool:
    bare = token.lstrip("[(\"'‘“")
    return bool(bare) and bare[0].isupper()


def _dates_in(text: str) -> Iterator[HistoricalDate]:
    for match in _DATE.finditer(text):
        try:
            yield parse_date(match.group(0))
        except DateParseError:
            # `30 February 1952` in a title is a typo in the archive, not a date to index.
            continue


def _without_dates(text: str) -> str:
    return " ".join(_DATE_PHRASE.sub(" ", text).split()).rstrip(", ")


def _cut_trailing(rest: str) -> tuple[str, str]:
    for begin, _ in _top_level_matches(rest, _TRAILING):
        return rest[:begin], rest[begin:]
    return rest, ""


def _is_top_level(text: str, position: int) -> bool:
    """Whether `position` lies outside every `[...]` and `(...)` (stray closers count as none)."""
    opened = text.count("[", 0, position) + text.count("(", 0, position)
    closed = text.count("]", 0, position) + text.count(")", 0, position)
    return opened <= closed


def _top_level_matches(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    bracketed = "[" in text or "(" in text
    for match in pattern.finditer(text):
        if not bracketed or _is_top_level(text, match.start()):
            yield match.start(), match.end()


def _split_top_level(text: str, separator: str) -> list[str]:
    if "[" not in text and "(" not in text:
        return text.split(separator)
    parts: list[str] = []
    start = 0
    position = text.find(separator)
    while position >= 0:
        if _is_top_level(text, position):
            parts.append(text[start:position])
            start = position + 1
        position = text.find(separator, position + 1)
    parts.append(text[start:])
    return parts


def _split_top_level_once(text: str, separator: str) -> tuple[str, str]:
    head = _split_top_level(text, separator)[0]
    return head, text[len(head) + 1 :]
