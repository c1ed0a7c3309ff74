"""Reading an archive title's structure: type, number, origin, correspondents and dates in it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from desktop_app.domain.dates import DateParseError, HistoricalDate, parse_date
from desktop_app.domain.records import Credit, PersonName, Role
from desktop_app.domain.text import fold, identity_key, words
from desktop_app.importers.people import NameReading, PeopleRegistry, Vocabulary, word_key


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

# A number as written after `No.`: `25025`, `969/I`, `2592/98`, `1930-33`, `76.041`.
_NUMBER_VALUE = r"[A-Za-z]{0,3}-?\d(?:[\w/-]|\.(?=\d))*"
# `No. 25025`, `Special No. 1821`: a qualifier word is part of the number as written.
_NUMBER_MARK = r"(?:(?P<qualifier>[A-Z][\w-]*)\s+)?(?P<no>Nos?\.?|Number|Nr\.|#)\s*"
_NUMBER = re.compile(r"^\s*,?\s*" + _NUMBER_MARK + r"(?P<value>" + _NUMBER_VALUE + r")")

# Where the naming part of a title ends and a description of the content begins. The verbs are
# never part of a name, in any case (`Transmitting` in Title Case too); the short prepositions
# only in lower case, as capitalised they may begin a name.
_TRAILING = re.compile(
    r"\s(?:(?i:conveying|transmitting|forwarding|enclosing|attaching|regarding|concerning|about"
    r"|reporting|requesting|informing|asking|approving|agreeing|explaining|discussing|containing"
    r"|summari[sz]ing|replying|responding|proposing|outlining|describing|instructing|referring|reported|forwarded|led)"
    r"|on|re:?|at|with regard to|in reply to|in response to)\s|\s[-–—]\s|:\s|\s['‘\"“]"
)
_TO = re.compile(r"\sto\s")
_FOR = re.compile(r"\s+for\s")
_VIA = re.compile(r"\s+via\s")
_WITH = re.compile(r"\swith\s")
_BETWEEN = re.compile(r"(?:^|\s)between\s", re.IGNORECASE)
_FROM = re.compile(r"\sfrom\s", re.IGNORECASE)
_BY = re.compile(r"\sby\s")
_AND = re.compile(r"\s(?:and|&)\s")
# `(via Terebin)`, `[via Terebin]`: an intermediary, in parentheses or editorial brackets.
_VIA_PARENTHESES = re.compile(r"[(\[]\s*via\s+([^()\[\]]*)[)\]]", re.IGNORECASE)
_PARENTHESISED = re.compile(r"\([^()]*\)")
# The words after a body's head noun (`Embassy in Beijing`, `Government of the PRC`).
_HEAD_ENDS = frozenset({"of", "in", "at", "for", "to", "on"})
_FOR_IN_BRACKETS = re.compile(r"\s*\[\s*for\s+([^\[\]]+?)\s*\]", re.IGNORECASE)
_LEADING_FROM = re.compile(r"^\s*from\s+(?=[A-Z\[])", re.IGNORECASE)
_REPORTED_LEAD = re.compile(r"^\s*(?:about|on|regarding|concerning)\s+", re.IGNORECASE)
_REPORTED_CONVERSATION = re.compile(
    r"^(?P<owner>[^'’]+?)['’]s\s+(?P<kind>\w+(?:\s+of\s+\w+)?)\s+(?:with|between)\s+(?P<other>.+)$",
    re.IGNORECASE,
)
_PLACE_SUFFIX = re.compile(r"^(?P<name>.*\S)\s+(?:in|at)\s+(?P<place>[^\[\]]+)$")
_EDITORIAL_ASIDE = re.compile(r"\s*\[[^\[\]]*\]\s*$")
_PLAIN_PLACE = re.compile(r"^[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+)?$")
_PLACE_IN_PARENTHESES = re.compile(r"^(?P<name>[^()]*\S)\s*\((?P<place>[^()]+)\)$")

# The most words a registry name takes (`Iosif Vissarionovich Stalin`), for mentions.
_LONGEST_NAME = 4
_POSSESSIVES = re.compile(r"(?<=\w)['’]s\b")


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
    text = " ".join(_EXCERPT_MARK.sub(" ", text).split())
    text, bracketed_number = _take_bracketed_number(text)
    head = _find_head(text, people)
    if head is None:
        reader = _TitleReader(people, "")
        reader.read_typeless(_without_dates(text))
        return TitleParts(number=bracketed_number, credits=tuple(reader.credits), title_dates=dates)
    lead, doc_type, end = head
    reader = _TitleReader(people, doc_type)
    reader.read_lead(lead)
    rest = text[end:]
    reported = _REPORTED_LEAD.match(rest)
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


# `(Excerpt)`, `(excerpts)`, `[Excerpt]`: the document is in part, which names nobody.
_EXCERPT_MARK = re.compile(r"[(\[]\s*(?:excerpts?|extracts?|abridged)\s*[)\]]", re.IGNORECASE)
# `[Ciphergram No. 7353]`: a number in editorial brackets, anywhere in the title.
_BRACKETED_NUMBER = re.compile(r"\s*\[" + _NUMBER_MARK + r"(?P<value>" + _NUMBER_VALUE + r")\s*\]")
# The longest stretch before a type that the title's head can hold (`Mongolian Politburo`).
_HEAD_WORDS = 12
# A quote mark that opens a quoted subject, not an apostrophe inside a word (`Zhou Enlai's`).
_OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s,:;(\[]))['‘\"“]")
_POSSESSIVE_END = re.compile(r"^(?P<owner>.*\S)['’]s\]?$")


def _owner(text: str) -> str:
    """Who a possessive names: `The Chancellor's [Helmut Kohl` is the Chancellor [Helmut Kohl]."""
    owner = _POSSESSIVES.sub("", text)
    return owner + "]" if owner.count("[") > owner.count("]") else owner


def _take_bracketed_number(text: str) -> tuple[str, str | None]:
    match = _BRACKETED_NUMBER.search(text)
    if match is None:
        return text, None
    return " ".join((text[: match.start()] + " " + text[match.end() :]).split()), match["value"]


@dataclass(frozen=True, slots=True)
class _Lead:
    """What stands before a title's type, as read: whose the document is, if anyone's.

    `kind` is "none" (nothing, or words that qualify the type), "author" (`X,`), "source"
    (`From the Journal of X,`: `text` is what follows `From the`), "owner" (`X's`) or "body"
    (qualifiers naming the body that wrote it: `Mongolian Politburo`).
    """

    kind: str
    text: str = ""


_NO_LEAD = _Lead("none")


def _find_head(text: str, people: PeopleRegistry) -> tuple[_Lead, str, int] | None:
    """Where a title names its type: (what stands before it, the type, where the type ends).

    The type is the first one, in the title's first words and before any quoted subject, that
    follows nothing, words that qualify it, an author (`X,` or `X's`), or the document it is
    taken from (`From the Journal of X,`).
    """
    vocabulary = people.vocabulary
    matched = vocabulary.match_type(text)
    if matched is not None:  # most titles: the type comes first
        return _NO_LEAD, matched[0], matched[1]
    quoted = _OPENING_QUOTE.search(text)
    searched = text[: quoted.start()] if quoted else text
    for start in [m.end() for m in re.finditer(r"\s+", searched)][: _HEAD_WORDS - 1]:
        matched = vocabulary.match_type(text[start:])
        if matched is None:
            continue
        lead = _lead_of(text[:start].strip(), people)
        if lead is not None:
            return lead, matched[0], start + matched[1]
    return None


def _lead_of(lead: str, people: PeopleRegistry) -> _Lead | None:
    """The words before a type read, or None where they may not stand there."""
    if not lead:
        return _NO_LEAD
    vocabulary = people.vocabulary
    if lead.endswith((",", ":")):
        owner = lead[:-1].strip()
        source = _SOURCE_LEAD.match(owner)
        if source is not None:
            return _Lead("source", source["source"])
        reading = people.read(owner)
        clean = reading is not None and _is_clean_name(reading.person.name, vocabulary)
        return _Lead("author", owner) if clean and "," not in owner else None
    possessive = _POSSESSIVE_END.match(lead)
    if possessive is not None:
        owner = _owner(possessive["owner"])
        reading = people.read(owner)
        clean = reading is not None and _is_clean_name(reading.person.name, vocabulary)
        return _Lead("owner", owner) if clean else None
    tokens = lead.split()
    if not all(_qualifies(token, vocabulary) for token in tokens):
        return None
    if any(word_key(token) in vocabulary.organisation_words for token in tokens):
        return _Lead("body", lead)
    return _NO_LEAD


def _qualifies(token: str, vocabulary: Vocabulary) -> bool:
    """A word that may stand before a type without naming anyone: an article, a secrecy or
    manner word, a nationality (`Polish-Soviet` too) or a body that wrote it (`Politburo`)."""
    parts = [word_key(part) for part in token.split("-") if part]
    if not parts:
        return False
    return all(
        part in vocabulary.articles
        or part in vocabulary.type_modifiers
        or part in vocabulary.nationality_words
        or part in vocabulary.organisation_words
        or part in vocabulary.department_words
        or (part.endswith("ed") and len(part) > 4)  # `Relayed`, `Translated`, `Intercepted`
        for part in parts
    )


# `From the Journal of S. V. Chervonenko`: the document a record is taken from, and its author.
_SOURCE_LEAD = re.compile(r"^(?:excerpts?\s+)?from\s+(?:the\s+|an?\s+)?(?P<source>.+)$", re.I)


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
        # The author of the document a record is taken from (`From the Journal of X, …`), who
        # also took part in the conversation it records.
        self._source_authors: list[str] = []
        self._credited: set[tuple[str, Role]] = set()
        self._named: set[str] = set()

    # -- the parts of a title ---------------------------------------------------------------------

    def read_lead(self, lead: _Lead) -> None:
        """What stands before the type: its author (`X,`, `X's`), the document it is taken
        from (`From the Journal of X,`), or qualifiers of which a body is the author
        (`Mongolian Politburo`)."""
        if lead.kind in ("author", "body"):
            self._credit_all([lead.text], Role.AUTHOR)
        elif lead.kind == "owner":
            # `Zhou Enlai's Report` is his; `The Chancellor's Conversation with …` is one he
            # took part in.
            role = Role.PARTICIPANT if self.conversation else Role.AUTHOR
            self._credit_all([lead.text], role)
        elif lead.kind == "source":
            matched = self.vocabulary.match_type(lead.text)
            if matched is not None:
                rest = lead.text[matched[1] :].strip()
                if rest.casefold().startswith("of "):
                    self._source_authors = self._split_names(rest[3:], authors=True)
                    self._credit_all(self._source_authors, Role.AUTHOR)

    def read_typeless(self, text: str) -> None:
        """A title without a type: `Johann Plattner, Austrian Foreign Ministry, 'Subject'`
        names its author first, then the author's body, before the quoted subject."""
        quoted = re.search(r",\s*['‘\"“]", text)  # `, '…`: the subject after the names
        if quoted is None:
            return
        pieces = [piece.strip() for piece in _split_top_level(text[: quoted.start()], ",")]
        # `Asian Affairs Bureau [Ministry of Foreign Affairs, Japan]`: the editor's note of
        # the body it belongs to.
        author = _EDITORIAL_ASIDE.sub("", pieces[0]) if pieces else ""
        if author:
            self._credit_all([author], Role.AUTHOR)
        self.read_mentions(text[quoted.start() :])

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
        main = main.strip().lstrip("-–— ").strip()
        leading_comma = main.startswith(",")
        main = main.lstrip(", ").strip()
        if not main:
            return
        first, _, after = main.partition(" ")
        lead = first.casefold()
        if lead == "and":
            # `Resolution and Letter to …`: a second type, the same correspondents.
            matched = self.vocabulary.match_type(after)
            if matched is not None:
                self.read_main(after[matched[1] :])
                return
        if lead == "sent" and after.casefold().startswith("by "):
            self._read_clause(after[3:], authors_only=True)
            return
        if lead in {"about", "on", "regarding", "concerning"} and self.read_reported(after):
            return
        if leading_comma and self.read_reported(main):
            return  # `Minutes, Mao Zedong's Conversation with …`
        if self._source_authors and self.conversation:
            self._credit_all(self._source_authors, Role.PARTICIPANT)
        between = (
            next(_top_level_matches(main, _BETWEEN), None) if "between" in fold(main) else None
        )
        if lead == "from" and self._read_nested(after):
            return
        if between is not None and lead != "from":
            # `between A and B`, also after words (`Record of the Second Meeting between A and B`).
            names = _WITH.sub(" and ", main[between[1] :])
            self._credit_all(self._split_names(names), Role.PARTICIPANT)
        elif lead == "from":
            self._read_from(after)
        elif lead == "by" and self._find_separator(after, _TO) is not None:
            self._read_clause(after, authors_only=False)  # `by Ambassador Liu Xiao to the …`
        elif lead == "by":
            self._credit_all(self._split_names(after, authors=True), Role.AUTHOR)
        elif lead == "with":
            self._credit_all(self._split_names(after), Role.PARTICIPANT)
        elif lead == "to":
            self._read_recipients(after)
        elif lead == "of" and (
            self._find_separator(after, _TO) is not None
            or (self.conversation and self._find_separator(after, _WITH) is not None)
        ):
            # `Letter of Kim Il Sung to Stalin`, `Conversation of Kosygin with Zhou Enlai`.
            self._read_clause(after, authors_only=False)
        elif lead == "of":
            # `Diary of Soviet Ambassador A.M. Puzanov`, but not `Minutes of the Meeting`.
            pieces = self._split_names(after)
            readings = [self._read(piece) for piece in pieces]
            if readings and all(r is not None and r.is_person for r in readings):
                self._credit_all(pieces, Role.AUTHOR)
            elif len(pieces) == 1 and self._names_a_body(pieces[0]):
                self._credit_all(pieces, Role.AUTHOR)  # `Report of the Czechoslovak Embassy`
        else:
            self._read_clause(main, authors_only=leading_comma)

    def read_mentions(self, trailing: str) -> None:
        """The people a description or a quoted subject names (`conveying … from Mao to Kim Il
        Sung`, `'Nehru-Khrushchev Talks'`): only people the registry knows, by name or alias,
        since a subject's capitalised words are as often a policy or a place as a person."""
        tokens = [t for t in re.split(r"[\s\-–—/]+", _POSSESSIVES.sub("", trailing)) if t]
        index = 0
        while index < len(tokens):
            for length in range(min(_LONGEST_NAME, len(tokens) - index), 0, -1):
                window = tokens[index : index + length]
                if not window[0].strip("[(\"'‘“").istitle():
                    continue
                person = self.people.lookup(" ".join(window).strip(",;:.()[]\"'‘’“”"))
                reading = None if person is None else self.people.read(person.name)
                if person is None or reading is None or not reading.is_person:
                    continue
                if identity_key(person.name) not in self._named:
                    self._credit(person, Role.MENTIONED)
                index += length - 1
                break
            index += 1

    # -- clauses ----------------------------------------------------------------------------------

    def read_reported(self, text: str) -> bool:
        """`about A.N. Kosygin's Conversation With Zhou Enlai`: a conversation reported on, whose
        parties are the participants."""
        match = _REPORTED_CONVERSATION.match(text)
        if match is None:
            return False
        kind = self.vocabulary.match_type(match["kind"])
        if kind is None or kind[0].casefold() not in self.vocabulary.conversation_types:
            return False
        self._credit_all([match["owner"]], Role.PARTICIPANT)
        self._credit_all(self._split_names(match["other"]), Role.PARTICIPANT)
        return True

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
        to_at = self._find_separator(segment, _TO)
        if to_at is not None and remainder.strip():
            sent_from, sent_to = segment[: to_at[0]], segment[to_at[1] :]
            if self.vocabulary.is_place(sent_from) and self.vocabulary.is_place(sent_to):
                # `from Pyongyang to Moscow, Shtykov to Molotov`: the places, then the people.
                self.origin = self.origin or " ".join(sent_from.split())
                self._read_clause(remainder, authors_only=False)
                return
        if to_at is not None:
            self._read_clause(body, authors_only=False)
            return
        reading = self.people.read(segment)
        # A lone unknown word after `from` is far more often a town than a person.
        is_sender = reading is not None and (
            reading.known or not reading.is_person or len(reading.person.name.split()) > 1
        )
        if is_sender:
            # An embassy's place is the origin; a body's name keeps its `and`.
            self._credit_all(
                [self._drop_place(" ".join(segment.split()), authors=True)], Role.AUTHOR
            )
        elif self.origin is None and word_key(segment) not in self.vocabulary.pronouns:
            self.origin = " ".join(segment.split()) or None
        if remainder.strip():
            self._read_clause(remainder, authors_only=False)

    def _read_clause(self, clause: str, *, authors_only: bool) -> None:
        """`A to B via C, for D`, or `A with B` in a conversation; else only authors.

        With `for`, the `to` recipients are intermediaries (VIA) and the `for` ones the final
        recipients. A `to` right after an office word (`Ambassador to China`) separates nothing.
        """
        clause = _LEADING_FROM.sub("", clause)  # `…, From Kovalev to Filippov`
        # `to [Soviet Ambassador] N.V. Roshchin [for Stalin]`: the editor's final recipient.
        clause = _FOR_IN_BRACKETS.sub(r", for \1", clause)
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
            if self.conversation:
                # `…Hans Modrow, East-Berlin`: where they met is no party to the conversation.
                pieces = [piece for piece in pieces if not self.vocabulary.is_place(piece)]
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
        by_at = self._find_separator(text, _BY)
        if by_at is not None:
            # `to the Central Committee of the CPSU by Mikhail Suslov`: the author named last.
            self._credit_all(self._split_names(text[by_at[1] :], authors=True), Role.AUTHOR)
            text = text[: by_at[0]]
        from_at = self._find_separator(text, _FROM)
        if from_at is not None:
            # `to the Foreign Ministry from the Ambassador`: the sender named last.
            self._credit_all(self._split_names(text[from_at[1] :], authors=True), Role.AUTHOR)
            text = text[: from_at[0]]
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
        # Each piece, and whether a comma (rather than `and` or `;`) set it off from the last.
        split: list[tuple[str, bool]] = []
        previous_person = False
        parts = _split_top_level(text, ",")
        several = len(parts) > 1
        for number, part in enumerate(parts):
            if several and self._is_office_description(part):
                if number > 0 and previous_person:
                    continue  # `Rakhmanin, First Deputy Head of …`: who he is, not another
                if number + 1 < len(parts) and self._is_person(parts[number + 1]):
                    continue  # `the President of Ukraine, Leonid Kuchma`: the same man
            after_comma = number > 0
            for piece in _split_top_level(part, ";"):
                start = 0
                # Most pieces are one name: no need to look for `and` with the pattern.
                ands = _top_level_matches(piece, _AND) if _AND.search(piece) else ()
                for begin, end in ands:
                    split.append((piece[start:begin], after_comma))
                    after_comma = False
                    start = end
                split.append((piece[start:], after_comma))
                after_comma = False
            previous_person = several and bool(split) and self._is_person(split[-1][0])
        split = [(" ".join(p.split()), comma) for p, comma in split]
        split = [(p, comma) for p, comma in split if any(ch.isalpha() for ch in p)]
        pieces = [p for p, _ in split]
        merged: list[str] = []
        index = 0
        while index < len(pieces):
            piece = pieces[index]
            following = pieces[index + 1] if index + 1 < len(pieces) else None
            # Only a comma splits a heading (`Satō, Eisaku`); `and` joins two people.
            comma_between = index + 1 < len(split) and split[index + 1][1]
            if following is not None and comma_between and self._is_split_heading(piece, following):
                merged.append(f"{piece}, {following}")
                index += 2
                continue
            merged.append(piece)
            index += 1
        return [self._drop_place(piece, authors=authors) for piece in merged]

    def _is_person(self, text: str) -> bool:
        reading = self.people.read(text) if text.strip() else None
        return reading is not None and reading.is_person and " and " not in text

    def _is_office_description(self, part: str) -> bool:
        """An office or a rank with no name in it (`Candidate of the CPSU CC and First Deputy
        Head of the International Department of CC`), as written beside a person's name."""
        return "[" not in part and self.people.is_office(part)

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
        match = _PLACE_SUFFIX.match(piece) or _PLACE_IN_PARENTHESES.match(piece)
        if match is None:
            return piece
        name, place = match.group("name"), match.group("place")
        reading = self.people.read(name)
        if reading is None:
            return piece
        # A town the lists do not know still reads as one after a person (`Savel'yev in
        # Urumchi`): a word or two in capitals, naming no body or office.
        if not self.vocabulary.is_place(place) and not (
            reading.is_person and _PLAIN_PLACE.match(place) and not self._has_title_word(place)
        ):
            return piece
        if authors and self.origin is None:
            words_of_place = place.split()
            if words_of_place and word_key(words_of_place[0]) in self.vocabulary.articles:
                words_of_place = words_of_place[1:]  # `the Soviet Union` is the Soviet Union
            self.origin = " ".join(words_of_place) or None
        if reading.is_person:
            return name
        # `Soviet Embassy in Beijing` is a body and `Soviet Ambassador in Beijing` a post: the
        # place names them. `Soviet Officials in Moscow` are the officials.
        vocabulary = self.vocabulary
        last = word_key(name.split()[-1])
        is_post = last in vocabulary.office_words and not last.endswith("s")
        is_body = any(word_key(t) in vocabulary.organisation_words for t in name.split())
        return piece if is_body or is_post else name

    def _names_a_body(self, text: str) -> bool:
        """`the Czechoslovak Embassy in Beijing`, `the Government of …`: a body by its head
        noun (the last word before `of`, `in` …), not `the Politburo Meeting`."""
        vocabulary = self.vocabulary
        tokens = [t for t in text.split() if word_key(t) not in vocabulary.articles]
        head = next((i for i, t in enumerate(tokens) if word_key(t) in _HEAD_ENDS), len(tokens))
        return head > 0 and word_key(tokens[head - 1]) in vocabulary.organisation_words

    def _has_title_word(self, text: str) -> bool:
        return any(self.vocabulary.is_title_word(token) for token in text.split())

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
        if not _is_clean_name(person.name, self.vocabulary):
            return  # less recorded, rather than a person invented: the title keeps it all
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


# What never stands in a name: editorial brackets, quote marks, the words of a title's frame.
_NOT_IN_NAMES = re.compile(
    r"[\[\]\"“”‘]|^['’]|['’]$|(?:^|\s)(?:between|excerpts?|extracts?|via)(?:\s|$)",
    re.IGNORECASE,
)


def _is_clean_name(name: str, vocabulary: Vocabulary | None = None) -> bool:
    """Whether a name as read can be a name at all, not a piece of the title around one.

    No brackets, quote marks, `between` or `Excerpt`; a first word in capitals (or a name
    particle: `de Gaulle`); and a possessive only inside a body's name (`Romanian Worker’s
    Party`, not `Mao's Comments`).
    """
    if not name or _NOT_IN_NAMES.search(name):
        return False
    first = name.split()[0]
    if not (first[0].isupper() or first[0].isdigit()) and (
        vocabulary is None or word_key(first) not in vocabulary.name_particles
    ):
        return False
    if vocabulary is not None and ("'" in name or "’" in name):
        bodies = vocabulary.organisation_words | vocabulary.department_words
        for match in re.finditer(r"['’]s\s+(\S+)", name):
            if word_key(match[1]) not in bodies:
                return False
    return True


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
    for begin, end in _top_level_matches(rest, _TRAILING):
        if rest[begin:end].strip() in "-–—" and _CORRESPONDENTS_AFTER_DASH.match(rest[end:]):
            continue  # `No. 969/I - From Moscow to Warsaw`: the dash only sets them apart
        # `… to Zhou Enlai and Reported to Mao`: the `and` belonged to what is cut off.
        return _HANGING_CONJUNCTION.sub("", rest[:begin]), rest[begin:]
    return rest, ""


_HANGING_CONJUNCTION = re.compile(r"\s+(?:and|or|&)\s*$", re.IGNORECASE)


_CORRESPONDENTS_AFTER_DASH = re.compile(r"(?:from|to|by)\s", re.IGNORECASE)


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
