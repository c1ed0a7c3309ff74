"""The credits of one title, its number and its origin, read clause by clause."""

from __future__ import annotations

import re

from desktop_app.domain.records import Credit, PersonName, Role
from desktop_app.domain.text import fold, identity_key, words
from desktop_app.importers.people import NameReading, PeopleRegistry, word_key
from desktop_app.importers.titles.brackets import (
    split_top_level,
    split_top_level_once,
    top_level_matches,
)
from desktop_app.importers.titles.heads import Lead
from desktop_app.importers.titles.names import (
    find_separator,
    has_title_word,
    is_clean_name,
    is_office_description,
    is_person,
    is_split_heading,
    names_a_body,
)
from desktop_app.importers.titles.patterns import (
    AND,
    BETWEEN,
    BY,
    EDITORIAL_ASIDE,
    FOR,
    FOR_IN_BRACKETS,
    FROM,
    LEADING_FROM,
    LONGEST_NAME,
    NUMBER,
    PLACE_IN_PARENTHESES,
    PLACE_SUFFIX,
    PLAIN_PLACE,
    POSSESSIVES,
    REPORTED_CONVERSATION,
    TO,
    VIA,
    VIA_PARENTHESES,
    WITH,
)


class TitleReader:
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

    def read_lead(self, lead: Lead) -> None:
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
        pieces = [piece.strip() for piece in split_top_level(text[: quoted.start()], ",")]
        # `Asian Affairs Bureau [Ministry of Foreign Affairs, Japan]`: the editor's note of
        # the body it belongs to.
        author = EDITORIAL_ASIDE.sub("", pieces[0]) if pieces else ""
        if author:
            self._credit_all([author], Role.AUTHOR)
        self.read_mentions(text[quoted.start() :])

    def read_after_type(self, rest: str) -> None:
        """The title after its type: a number as written (`No. 25025`, `Special No. 1821`), then
        the naming part."""
        number_match = NUMBER.match(rest)
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
        between = next(top_level_matches(main, BETWEEN), None) if "between" in fold(main) else None
        if lead == "from" and self._read_nested(after):
            return
        if between is not None and lead != "from":
            # `between A and B`, also after words (`Record of the Second Meeting between A and B`).
            names = WITH.sub(" and ", main[between[1] :])
            self._credit_all(self._split_names(names), Role.PARTICIPANT)
        elif lead == "from":
            self._read_from(after)
        elif lead == "by" and find_separator(self.vocabulary, after, TO) is not None:
            self._read_clause(after, authors_only=False)  # `by Ambassador Liu Xiao to the …`
        elif lead == "by":
            self._credit_all(self._split_names(after, authors=True), Role.AUTHOR)
        elif lead == "with":
            self._credit_all(self._split_names(after), Role.PARTICIPANT)
        elif lead == "to":
            self._read_recipients(after)
        elif lead == "of" and (
            find_separator(self.vocabulary, after, TO) is not None
            or (self.conversation and find_separator(self.vocabulary, after, WITH) is not None)
        ):
            # `Letter of Kim Il Sung to Stalin`, `Conversation of Kosygin with Zhou Enlai`.
            self._read_clause(after, authors_only=False)
        elif lead == "of":
            # `Diary of Soviet Ambassador A.M. Puzanov`, but not `Minutes of the Meeting`.
            pieces = self._split_names(after)
            readings = [self._read(piece) for piece in pieces]
            if readings and all(r is not None and r.is_person for r in readings):
                self._credit_all(pieces, Role.AUTHOR)
            elif len(pieces) == 1 and names_a_body(self.vocabulary, pieces[0]):
                self._credit_all(pieces, Role.AUTHOR)  # `Report of the Czechoslovak Embassy`
        else:
            self._read_clause(main, authors_only=leading_comma)

    def read_mentions(self, trailing: str) -> None:
        """The people a description or a quoted subject names (`conveying … from Mao to Kim Il
        Sung`, `'Nehru-Khrushchev Talks'`): only people the registry knows, by name or alias,
        since a subject's capitalised words are as often a policy or a place as a person."""
        tokens = [t for t in re.split(r"[\s\-–—/]+", POSSESSIVES.sub("", trailing)) if t]
        index = 0
        while index < len(tokens):
            for length in range(min(LONGEST_NAME, len(tokens) - index), 0, -1):
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
        match = REPORTED_CONVERSATION.match(text)
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
        segment, remainder = split_top_level_once(body, ",")
        to_at = find_separator(self.vocabulary, segment, TO)
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
        clause = LEADING_FROM.sub("", clause)  # `…, From Kovalev to Filippov`
        # `to [Soviet Ambassador] N.V. Roshchin [for Stalin]`: the editor's final recipient.
        clause = FOR_IN_BRACKETS.sub(r", for \1", clause)
        via: list[str] = []
        for inner in VIA_PARENTHESES.findall(clause):
            via.extend(self._split_names(inner))
        clause = " ".join(VIA_PARENTHESES.sub(" ", clause).split())
        if self.conversation or find_separator(self.vocabulary, clause, TO) is None:
            with_at = find_separator(self.vocabulary, clause, WITH)
            if with_at is not None:
                left, right = clause[: with_at[0]], clause[with_at[1] :]
                self._credit_all(self._split_names(left), Role.PARTICIPANT)
                self._credit_all(self._split_names(right), Role.PARTICIPANT)
                self._credit_all(via, Role.VIA)
                return
        to_at = find_separator(self.vocabulary, clause, TO)
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
        by_at = find_separator(self.vocabulary, text, BY)
        if by_at is not None:
            # `to the Central Committee of the CPSU by Mikhail Suslov`: the author named last.
            self._credit_all(self._split_names(text[by_at[1] :], authors=True), Role.AUTHOR)
            text = text[: by_at[0]]
        from_at = find_separator(self.vocabulary, text, FROM)
        if from_at is not None:
            # `to the Foreign Ministry from the Ambassador`: the sender named last.
            self._credit_all(self._split_names(text[from_at[1] :], authors=True), Role.AUTHOR)
            text = text[: from_at[0]]
        final: list[str] = []
        for_at = find_separator(self.vocabulary, text, FOR)
        if for_at is not None:
            final = self._split_names(text[for_at[1] :])
            text = text[: for_at[0]]
        via: list[str] = []
        via_at = find_separator(self.vocabulary, text, VIA)
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
        parts = split_top_level(text, ",")
        several = len(parts) > 1
        for number, part in enumerate(parts):
            if several and is_office_description(self.people, part):
                if number > 0 and previous_person:
                    continue  # `Rakhmanin, First Deputy Head of …`: who he is, not another
                if number + 1 < len(parts) and is_person(self.people, parts[number + 1]):
                    continue  # `the President of Ukraine, Leonid Kuchma`: the same man
            after_comma = number > 0
            for piece in split_top_level(part, ";"):
                start = 0
                # Most pieces are one name: no need to look for `and` with the pattern.
                ands = top_level_matches(piece, AND) if AND.search(piece) else ()
                for begin, end in ands:
                    split.append((piece[start:begin], after_comma))
                    after_comma = False
                    start = end
                split.append((piece[start:], after_comma))
                after_comma = False
            previous_person = several and bool(split) and is_person(self.people, split[-1][0])
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
            if (
                following is not None
                and comma_between
                and is_split_heading(self.people, piece, following)
            ):
                merged.append(f"{piece}, {following}")
                index += 2
                continue
            merged.append(piece)
            index += 1
        return [self._drop_place(piece, authors=authors) for piece in merged]

    def _drop_place(self, piece: str, *, authors: bool) -> str:
        """`Roshchin in Beijing` is Roshchin; an author's place is the document's origin.

        A body keeps its place in its name (`Soviet Embassy in Beijing`): that names the body.
        """
        match = PLACE_SUFFIX.match(piece) or PLACE_IN_PARENTHESES.match(piece)
        if match is None:
            return piece
        name, place = match.group("name"), match.group("place")
        reading = self.people.read(name)
        if reading is None:
            return piece
        # A town the lists do not know still reads as one after a person (`Savel'yev in
        # Urumchi`): a word or two in capitals, naming no body or office.
        if not self.vocabulary.is_place(place) and not (
            reading.is_person
            and PLAIN_PLACE.match(place)
            and not has_title_word(self.vocabulary, place)
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
        if not is_clean_name(person.name, self.vocabulary):
            return  # less recorded, rather than a person invented: the title keeps it all
        key = identity_key(person.name)
        if (key, role) in self._credited:
            return
        self._credited.add((key, role))
        self._named.add(key)
        self.credits.append(Credit(person, role))
