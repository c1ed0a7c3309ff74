"""The word lists names are read with, folded for lookup, and the key a word is looked up by."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop_app.domain.errors import InputError
from desktop_app.domain.text import fold, words


def word_key(token: str) -> str:
    """A token as the word lists store it: folded, edge punctuation dropped, one apostrophe."""
    return fold(token).replace("’", "'").strip('.,;:"“”()')


def _with_plurals(items: Iterable[str]) -> frozenset[str]:
    """The words and their plurals (`Delegations`, `Negotiators`): a body or an office of
    several people is no more a person's name."""
    keys = _keys(items)
    return keys | {f"{key}s" for key in keys if key[-1:].isalpha() and not key.endswith("s")}


def _keys(items: Iterable[str]) -> frozenset[str]:
    return frozenset(word_key(item) for item in items)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The word lists of the data files, folded for lookup (see `word_key`)."""

    document_types: tuple[str, ...]
    type_variants: Mapping[str, str]
    conversation_types: frozenset[str]
    type_modifiers: frozenset[str]
    page_chrome: tuple[re.Pattern[str], ...]
    honorifics: frozenset[str]
    office_words: frozenset[str]
    #: Each long office word with one letter masked (`govern?r`), to tell a misspelt one.
    office_masks: frozenset[str]
    office_to_words: frozenset[str]
    department_words: frozenset[str]
    organisation_words: frozenset[str]
    nationality_words: frozenset[str]
    places: frozenset[str]
    place_words: frozenset[str]
    name_particles: frozenset[str]
    articles: frozenset[str]
    pronouns: frozenset[str]
    east_asian_surnames: frozenset[str]
    type_pattern: re.Pattern[str]

    def match_type(self, title: str) -> tuple[str, int] | None:
        """The document type a title starts with (longest form first) and where it ends."""
        match = self.type_pattern.match(title)
        if match is None:
            return None
        written = " ".join(match.group(0).split())
        return self.type_variants.get(written.casefold(), written), match.end()

    def is_chrome(self, line: str) -> bool:
        """True for a line of the archive's page around the listing (`Search in`, `Load more`)."""
        text = " ".join(line.split())
        return any(pattern.fullmatch(text) for pattern in self.page_chrome)

    def is_place(self, text: str) -> bool:
        """True for a town or country of the list, with or without `the`."""
        folded = words(text)
        if folded and folded[0] == "the":
            folded = folded[1:]
        return " ".join(folded) in self.places

    def is_misspelt_office(self, token: str) -> bool:
        """`Governer` for Governor: a long capitalised word one letter off an office word.

        Titles are typed by hand, and a misspelt office would otherwise become part of a name.
        Only a letter changed counts, in a word of seven letters or more: one dropped or added
        turns too many given names into offices (`Marsha` is not Marshal).
        """
        key = word_key(token)
        if len(key) < 7 or not token[:1].isupper() or key in self.office_words:
            return False
        return any(f"{key[:i]}?{key[i + 1 :]}" in self.office_masks for i in range(len(key)))

    def is_title_word(self, token: str) -> bool:
        """True for a word of an office, rank, department or body (not of a person's name)."""
        key = word_key(token)
        return (
            key in self.office_words
            or key in self.department_words
            or key in self.organisation_words
            or key in self.honorifics
        )


def build_vocabulary(lists: Mapping[str, list[str]], variants: Mapping[str, str]) -> Vocabulary:
    types = list(dict.fromkeys(lists["document_types"]))
    forms: dict[str, str] = {" ".join(t.split()).casefold(): t for t in types}
    for variant, canonical in variants.items():
        forms[" ".join(variant.split()).casefold()] = canonical
    # Longest form first, so `Ciphered Telegram` wins over `Telegram` and `Memorandum of
    # Conversation` over `Memorandum`; a type must end at a word boundary (`Notes` is not `Note`).
    alternation = "|".join(
        r"\s+".join(re.escape(part) for part in form.split())
        for form in sorted(forms, key=len, reverse=True)
    )
    type_pattern = re.compile(rf"(?:{alternation})(?![\w-])" if forms else r"(?!)", re.IGNORECASE)
    places = frozenset(" ".join(words(place)) for place in lists["places"])
    return Vocabulary(
        document_types=tuple(sorted(types, key=len, reverse=True)),
        type_variants=forms,
        conversation_types=frozenset(t.casefold() for t in lists["conversation_types"]),
        type_modifiers=_keys(lists["type_modifiers"]),
        page_chrome=tuple(_compile_chrome(pattern) for pattern in lists["page_chrome"]),
        honorifics=_keys(lists["honorifics"]),
        office_words=_with_plurals(lists["office_words"]),
        office_masks=frozenset(
            f"{word[:i]}?{word[i + 1 :]}"
            for word in _keys(lists["office_words"])
            if len(word) >= 7
            for i in range(len(word))
        ),
        office_to_words=_keys(lists["office_to_words"]),
        department_words=_keys(lists["department_words"]),
        organisation_words=_with_plurals(lists["organisation_words"]),
        nationality_words=_keys(lists["nationality_words"]),
        places=places,
        place_words=frozenset(place for place in places if " " not in place),
        name_particles=_keys(lists["name_particles"]),
        articles=_keys(lists["articles"]),
        pronouns=_keys(lists["pronouns"]),
        east_asian_surnames=_keys(lists["east_asian_surnames"]),
        type_pattern=type_pattern,
    )


def _compile_chrome(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise InputError(
            f"page_chrome pattern '{pattern}' is not a regular expression: {error}"
        ) from None
