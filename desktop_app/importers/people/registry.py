"""The people registry: canonical names and aliases, and how a written name is read."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.records import PersonName
from desktop_app.domain.text import fold, identity_key, words
from desktop_app.importers.people.data_files import (
    PEOPLE_FILE,
    WORD_LISTS,
    Entry,
    add_entry,
    person_entries,
    read_json,
    string_list,
    string_map,
)
from desktop_app.importers.people.vocabulary import build_vocabulary, word_key

# Words that join the parts of an office title ("Minister of Public Security").
_CONNECTIVES = frozenset({"of", "to", "in", "at", "for", "on", "the"})

#: What follows a body's name to make it a post abroad: `Embassy in …`, `Mission to …`.
_POST_CONNECTIVES = frozenset({"in", "at", "to"})

# Letters that only Japanese romanisation (Hepburn) uses in these archives: a heading written
# with them is a Japanese name, surname first.
_MACRONS = frozenset("ōūāēīŌŪĀĒĪ")

# A Wade-Giles or Korean given name in two hyphened syllables (`Ching-kuo`, `Il-sung`).
_HYPHENED_GIVEN = re.compile(r"^[A-Z][a-z']*-[a-z'][a-z']*$")
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")

# An aside in parentheses; one glued to a word is part of the name (`VKP(b)`).
_PARENTHESISED = re.compile(r"(?<!\w)\(([^()]*)\)")
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.\s?)+$")

# `Mao's` is Mao; the possessive inside a body's name stays (`Romanian Worker’s Party`).
_POSSESSIVE = re.compile(r"(?<=\w)['’]s$")
_EDGE_PUNCTUATION = " \t,;:\"'“”‘’"
_READING_CACHE_SIZE = 50_000


def _posted(tokens: list[str], index: int) -> bool:
    """Whether the token at `index` begins a post's place (`in the United Kingdom`)."""
    return index + 1 < len(tokens) and word_key(tokens[index]) in _POST_CONNECTIVES


@dataclass(frozen=True, slots=True)
class NameReading:
    """What a written name stands for.

    `is_person` is False for an organisation, an office or a group ("the Central Committee",
    "All Provincial Premiers"); `known` says whether the registry supplied the canonical name.
    """

    person: PersonName
    is_person: bool
    known: bool


class PeopleRegistry:
    """Canonical people and organisations by name or alias, plus the importer's vocabulary.

    Loads the bundled `data/people.json` and then each extra file, in order; an extra file may add
    people, add aliases to a known person (an entry whose name is already known), and extend the
    word lists. An alias that already names someone else is an error, so lookups stay unambiguous.
    """

    def __init__(self, extra_paths: Iterable[Path] = (), *, data_path: Path = PEOPLE_FILE) -> None:
        entries: list[Entry] = []
        by_key: dict[str, int] = {}
        lists: dict[str, list[str]] = {name: [] for name in WORD_LISTS}
        variants: dict[str, str] = {}
        for path in (data_path, *extra_paths):
            document = read_json(path)
            for name in WORD_LISTS:
                lists[name].extend(string_list(document, name, path))
            variants.update(string_map(document, "document_type_variants", path))
            for entry in person_entries(document, path):
                add_entry(entries, by_key, entry, path)
        self._people: dict[str, PersonName] = {}
        self._is_person: dict[str, bool] = {}
        for key, index in by_key.items():
            entry = entries[index]
            self._people[key] = PersonName(entry.name, tuple(entry.aliases))
            self._is_person[key] = entry.is_person
        self._count = len(entries)
        self._readings: dict[str, NameReading | None] = {}
        self.vocabulary = build_vocabulary(lists, variants)

    @classmethod
    def load(cls, extra_paths: Iterable[Path] = ()) -> PeopleRegistry:
        """The bundled registry extended by the person's own files, in order."""
        return cls(extra_paths)

    def __len__(self) -> int:
        return self._count

    def known_people(self) -> list[PersonName]:
        """Every person and organisation the registry knows, once each."""
        return list(dict.fromkeys(self._people.values()))

    def __getstate__(self) -> dict[str, Any]:
        # Sent to the process that reads a large import: the registry as loaded, without the
        # readings kept so far (up to `_READING_CACHE_SIZE` of them), which it finds again.
        state = dict(self.__dict__)
        state["_readings"] = {}
        return state

    def is_office(self, text: str) -> bool:
        """Whether `text` is only offices, ranks or bodies, naming nobody (`Candidate of the
        CPSU CC and First Deputy Head of the International Department`)."""
        parts = re.split(r"\s+(?:and|&)\s+", _tidy(text))
        for part in parts:
            rest, saw_office = self._strip_titles(part)
            if rest or not saw_office:
                return False
        return bool(parts)

    def lookup(self, name: str) -> PersonName | None:
        """The registry's person for a canonical name or alias, ignoring case, accents, order."""
        return self._people.get(identity_key(name))

    def resolve(self, raw: str) -> PersonName | None:
        """The person or organisation a written name stands for; None if it names nobody.

        Reads editorial brackets (`Filippov [Stalin]`, `Liu [Shaoqi]`, `[Li] Fuchun`), drops
        courtesy forms and office titles (`Cde.`, `Soviet Ambassador to China`), turns library
        headings around (`Mao, Zedong`) and takes the canonical name and aliases from the registry
        when it knows the person. Organisations, offices and groups (`the Central Committee`) come
        back as written, without a leading article, because a document's recipient may be a body;
        bare places, countries, pronouns and courtesy words come back as None.
        """
        reading = self.read(raw)
        return None if reading is None else reading.person

    def read(self, raw: str) -> NameReading | None:
        """Like `resolve`, and also says whether the name is a person's and a known one."""
        # The same few names recur through a whole catalog; the registry never changes once
        # loaded, so a reading can be kept (a bounded cache: a huge import only refills it).
        if raw in self._readings:
            return self._readings[raw]
        if len(self._readings) >= _READING_CACHE_SIZE:
            self._readings.clear()
        reading = self._read_uncached(raw)
        self._readings[raw] = reading
        return reading

    def _read_uncached(self, raw: str) -> NameReading | None:
        vocab = self.vocabulary
        text = _tidy(raw)
        if not any(ch.isalpha() for ch in text):
            return None
        if fold(text) in vocab.pronouns or vocab.is_place(text):
            return None
        text, aliases = self._split_parentheses(text)
        text = self._drop_trailing_office(text)
        rest, saw_office = self._strip_titles(text)
        if not rest:
            if not saw_office:
                return None
            return self._group(text)
        heading = self._inverted_heading(rest)
        if heading is not None:
            return self._finish(heading, aliases)
        name = rest
        if "[" in rest or "]" in rest:
            name, pseudonyms = self._read_brackets(rest)
            aliases = pseudonyms + aliases
        if not name or self._is_group(name):
            return self._group(text)
        return self._finish(name, aliases)

    # -- the steps of reading a name -------------------------------------------------------------

    def _strip_titles(self, text: str) -> tuple[str, bool]:
        """Drop the courtesy forms and office titles a name starts with.

        Returns what is left and whether an office, department or body word was dropped (which
        makes a title-only text an office or body rather than nobody).
        """
        vocab = self.vocabulary
        tokens = text.split()
        index = 0
        saw_office = False
        while index < len(tokens):
            token = tokens[index]
            if token.startswith("["):
                break
            key = word_key(token)
            if (
                key in vocab.honorifics
                or key in vocab.articles
                or key in vocab.nationality_words
                or key in vocab.place_words
            ):
                index += 1
            elif (
                key in vocab.office_words
                or key in vocab.department_words
                or key in vocab.organisation_words
                or (index + 1 < len(tokens) and vocab.is_misspelt_office(token))
            ):
                if key in vocab.organisation_words and _posted(tokens, index + 1):
                    # `Embassy in the United Kingdom`, `Mission at the United Nations`: a
                    # body's post, whose place names nobody.
                    return "", True
                saw_office = True
                index += 1
            elif key in _CONNECTIVES and index > 0 and (span := self._place_after(tokens, index)):
                # `Prime Minister of Great Britain Margaret Thatcher`, `Ambassador in the United
                # Kingdom`: the office's country, read whole (not `United` as a title word).
                index += 1 + span
            elif (
                key in _CONNECTIVES
                and index > 0
                and index + 1 < len(tokens)
                and self._is_title_context(tokens[index + 1])
            ):
                index += 1
            else:
                break
        rest = tokens[index:]
        if (
            len(rest) == 1
            and index > 0
            and word_key(tokens[index - 1]) in vocab.organisation_words
            and self.lookup(rest[0]) is None
        ):
            # `Politburo Meeting`, `Presidium Session`: a word after a body's is more of the
            # body's name, not a person's (an office's is: `Ambassador Katori`).
            return "", True
        # `Solidarity Leader Lech Walesa`: an office after words the lists do not know, and
        # then a name; the name is what follows the office.
        offices = [i for i, token in enumerate(rest[:-1]) if word_key(token) in vocab.office_words]
        if offices and not any("," in token or word_key(token) == "and" for token in rest):
            before, tail = rest[: offices[-1]], rest[offices[-1] + 1 :]
            if (
                self._is_name_like(" ".join(tail))
                and word_key(tail[0]) not in _CONNECTIVES
                and self.lookup(" ".join(before)) is None
                and all(token[:1].isupper() for token in before)  # not `Mao Zedong with …`
            ):
                return " ".join(tail), True
        return " ".join(rest), saw_office

    def _place_after(self, tokens: list[str], connective: int) -> int:
        """How many tokens after the connective at `connective` name a place of the list, with
        its article (`the United Kingdom`), or 0."""
        start = connective + 1
        if start < len(tokens) and word_key(tokens[start]) in self.vocabulary.articles:
            found = self._place_at(tokens, start + 1)
            return 1 + found if found else 0
        return self._place_at(tokens, start)

    def _place_at(self, tokens: list[str], start: int) -> int:
        """How many tokens from `start` name a place of the list (`Great Britain`), or 0."""
        for length in range(min(4, len(tokens) - start), 0, -1):
            if self.vocabulary.is_place(" ".join(tokens[start : start + length])):
                return length
        return 0

    def _is_title_context(self, token: str) -> bool:
        vocab = self.vocabulary
        key = word_key(token)
        return (
            vocab.is_title_word(token)
            or key in vocab.nationality_words
            or key in vocab.place_words
            or key in vocab.articles
        )

    def _split_parentheses(self, text: str) -> tuple[str, list[str]]:
        """Take `(Jiang Jingguo)` out as an alias; drop a parenthesised office or date."""
        aliases: list[str] = []
        for content in _PARENTHESISED.findall(text):
            inner = _tidy(content)
            rest, _ = self._strip_titles(inner)
            if rest and self._is_name_like(rest):
                aliases.append(rest)
        stripped = " ".join(_PARENTHESISED.sub(" ", text).split())
        return (stripped or text), aliases

    def _inverted_heading(self, text: str) -> str | None:
        """`Mao, Zedong` -> `Mao Zedong`, `Nehru, Jawaharlal` -> `Jawaharlal Nehru`; else None."""
        if "[" in text or text.count(",") != 1:
            return None
        surname, given = (part.strip() for part in text.split(","))
        if not surname or not given:
            return None
        if len(surname.split()) > 3 or len(given.split()) > 4:
            return None
        if not (self._is_name_like(surname) and self._is_name_like(given)):
            return None
        known = self.lookup(f"{surname} {given}")
        if known is not None:
            return known.name
        if self._surname_first(surname, given):
            return f"{surname} {given}"
        return f"{given} {surname}"

    def _surname_first(self, surname: str, given: str) -> bool:
        """Whether a person of this heading writes the surname first (Chinese, Korean, ...)."""
        if word_key(surname) in self.vocabulary.east_asian_surnames:
            return True
        if any(ch in _MACRONS for ch in surname + given):
            return True
        return bool(_HYPHENED_GIVEN.match(given))

    def _drop_trailing_office(self, text: str) -> str:
        """`Nakajima Kenzo, Chairman of the Board` -> `Nakajima Kenzo`."""
        if text.count(",") != 1 or "[" in text:
            return text
        name, office = (part.strip() for part in text.split(","))
        rest, saw_office = self._strip_titles(office)
        if name and not rest and saw_office:
            return name
        return text

    def _read_brackets(self, text: str) -> tuple[str, list[str]]:
        """Read editorial brackets: a pseudonym's real name, or the missing part of a name.

        `Filippov [Stalin]` is Stalin with alias Filippov; `Liu [Shaoqi]` and `[Li] Fuchun` are
        completions. The registry decides first; then a bracket before the name, a bracket that
        repeats the outside words, an East-Asian surname outside, or initials inside make it a
        completion, and anything else a pseudonym.
        """
        inside = " ".join(" ".join(_BRACKETED.findall(text)).split())
        outside = " ".join(_BRACKETED.sub(" ", text).replace("[", " ").replace("]", " ").split())
        combined = " ".join(text.replace("[", " ").replace("]", " ").split())
        inside, _ = self._strip_titles(inside)
        if not inside:
            # `[Politburo Members] Comrade Walter Ulbricht`: the editor says who he was.
            return self._strip_titles(outside)[0] or combined, []
        if inside == combined:
            return combined, []
        if not outside:
            return inside, []
        if self.lookup(combined) is not None:
            return combined, []
        outside_words = set(words(outside))
        repeats_outside = outside_words <= set(words(inside))
        inside_known = self.lookup(inside)
        if inside_known is not None:
            if repeats_outside or outside_words <= set(words(inside_known.name)):
                return inside, []
            return inside, [outside]
        if text.lstrip().startswith("["):
            return combined, []
        if repeats_outside:
            return inside, []
        single = outside.split()
        if len(single) == 1 and word_key(single[0]) in self.vocabulary.east_asian_surnames:
            return combined, []
        if _INITIALS.match(inside):
            return f"{inside} {outside}", []
        return inside, [outside]

    def _is_name_like(self, text: str) -> bool:
        """Capitalised words (initials, particles allowed) with no office or body word."""
        tokens = text.split()
        if not tokens or len(tokens) > 6:
            return False
        for token in tokens:
            bare = token.strip("[]().,'\"")
            if not bare:
                continue
            if self.vocabulary.is_title_word(bare) or word_key(bare) in self.vocabulary.places:
                return False
            if not bare[0].isupper() and word_key(bare) not in self.vocabulary.name_particles:
                return False
        return True

    def _is_group(self, name: str) -> bool:
        return not self._is_name_like(name)

    def _group(self, text: str) -> NameReading | None:
        name = _drop_article(text, self.vocabulary.articles)
        if not any(ch.isalpha() for ch in name):
            return None
        key = identity_key(name)
        known = self._people.get(key)
        if known is not None:
            return NameReading(known, self._is_person[key], True)
        return NameReading(PersonName(name), False, False)

    def _finish(self, name: str, aliases: list[str]) -> NameReading:
        """The registry's person for `name` (or for one of its aliases), else `name` as read."""
        key = identity_key(name)
        known = self._people.get(key)
        written = list(aliases)
        if known is None:
            for alias in aliases:
                alias_key = identity_key(alias)
                if alias_key in self._people:
                    key = alias_key
                    known = self._people[key]
                    written = [name, *(a for a in aliases if a != alias)]
                    break
        if known is None:
            return NameReading(PersonName(name, _distinct_aliases(name, (), written)), True, False)
        merged = _distinct_aliases(known.name, known.aliases, written)
        return NameReading(PersonName(known.name, merged), self._is_person[key], True)


def _distinct_aliases(name: str, aliases: tuple[str, ...], extra: list[str]) -> tuple[str, ...]:
    """`aliases` then those of `extra` that add a new name (by identity key)."""
    seen = {identity_key(name), *(identity_key(alias) for alias in aliases)}
    result = list(aliases)
    for alias in extra:
        key = identity_key(alias)
        if key and key not in seen:
            seen.add(key)
            result.append(alias)
    return tuple(result)


def _tidy(raw: str) -> str:
    text = " ".join(raw.split())
    text = _POSSESSIVE.sub("", text)
    text = text.strip(_EDGE_PUNCTUATION)
    for lead in ("and ", "or ", "& "):
        if text.casefold().startswith(lead):
            text = text[len(lead) :].strip(_EDGE_PUNCTUATION)
    # A full stop ends a sentence, not a name, unless it closes an initial (`N.V.`).
    if text.endswith(".") and not _INITIALS.match(text.split()[-1]):
        text = text[:-1]
    return text


def _drop_article(text: str, articles: frozenset[str]) -> str:
    tokens = text.split()
    while tokens and word_key(tokens[0]) in articles:
        tokens.pop(0)
    return " ".join(tokens).strip(_EDGE_PUNCTUATION)
