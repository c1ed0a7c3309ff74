"""Whether the words of a title can be a name, a person, an office, a body or a separator."""

from __future__ import annotations

import re

from desktop_app.importers.people import PeopleRegistry, Vocabulary, word_key
from desktop_app.importers.titles.brackets import top_level_matches
from desktop_app.importers.titles.patterns import HEAD_ENDS, PARENTHESISED

# What never stands in a name: editorial brackets, quote marks, the words of a title's frame.
_NOT_IN_NAMES = re.compile(
    r"[\[\]\"“”‘]|^['’]|['’]$|(?:^|\s)(?:between|excerpts?|extracts?|via)(?:\s|$)",
    re.IGNORECASE,
)


def is_clean_name(name: str, vocabulary: Vocabulary | None = None) -> bool:
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


def is_person(people: PeopleRegistry, text: str) -> bool:
    reading = people.read(text) if text.strip() else None
    return reading is not None and reading.is_person and " and " not in text


def is_office_description(people: PeopleRegistry, part: str) -> bool:
    """An office or a rank with no name in it (`Candidate of the CPSU CC and First Deputy
    Head of the International Department of CC`), as written beside a person's name."""
    return "[" not in part and people.is_office(part)


def is_split_heading(people: PeopleRegistry, surname_part: str, given: str) -> bool:
    given_words = PARENTHESISED.sub(" ", given).split()
    if "[" in surname_part + given or not 0 < len(given_words) <= 2:
        return False
    reading = people.read(f"{surname_part}, {given}")
    if reading is not None and reading.known and reading.is_person:
        return True
    surnames = people.vocabulary.east_asian_surnames
    return (
        word_key(surname_part.split()[-1]) in surnames
        and len(given_words) == 1
        and word_key(given_words[0]) not in surnames
        and people.lookup(given_words[0]) is None
        and given_words[0][:1].isupper()
    )


def names_a_body(vocabulary: Vocabulary, text: str) -> bool:
    """`the Czechoslovak Embassy in Beijing`, `the Government of …`: a body by its head
    noun (the last word before `of`, `in` …), not `the Politburo Meeting`."""
    tokens = [t for t in text.split() if word_key(t) not in vocabulary.articles]
    head = next((i for i, t in enumerate(tokens) if word_key(t) in HEAD_ENDS), len(tokens))
    return head > 0 and word_key(tokens[head - 1]) in vocabulary.organisation_words


def has_title_word(vocabulary: Vocabulary, text: str) -> bool:
    return any(vocabulary.is_title_word(token) for token in text.split())


def find_separator(
    vocabulary: Vocabulary, text: str, pattern: re.Pattern[str]
) -> tuple[int, int] | None:
    """The first top-level match of a `to`/`for`/`via`/`with` that follows a name, if any."""
    if pattern.search(text) is None:
        return None
    for begin, end in top_level_matches(text, pattern):
        before = text[:begin].split()
        if not before:
            continue
        previous = before[-1].strip("[]()")
        if word_key(previous) in vocabulary.office_to_words:
            continue
        if not (previous[:1].isupper() or previous.endswith((",", "]", ")"))):
            continue
        return begin, end
    return None
