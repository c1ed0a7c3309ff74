"""The invented names a synthetic catalog draws on: people, places, archives, subjects, words."""

from __future__ import annotations

import random
from dataclasses import dataclass

from desktop_app.domain.records import CollectionRecord
from desktop_app.services.synthetic.shape import FIRST_YEAR, LAST_YEAR

_SYLLABLES: tuple[str, ...] = tuple(
    (
        "ba be bo bu da de di do ga ge go ka ke ki ko la le li lo ma me mi mo na ne ni no pa pe "
        "po ra re ri ro sa se si so ta te ti to va ve vo za ze zo sha shi zhu chen lin wan kov "
        "ski ev ich ova ran tor mar sen dal ber gun"
    ).split()
)

_SURNAME_ENDINGS = ("", "ov", "in", "sky", "enko", "ez", "son", "er", "ski", "ian")


@dataclass(frozen=True, slots=True)
class Cast:
    """The invented names a catalog draws on; `SyntheticCatalog` gives them their weights."""

    people: list[str]
    places: list[str]
    archives: list[str]
    subjects: list[str]
    vocabulary: list[str]
    collections: list[CollectionRecord]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def _unique_words(rng: random.Random, count: int, low: int, high: int) -> list[str]:
    seen: set[str] = set()
    found: list[str] = []
    while len(found) < count:
        word = _word(rng, rng.randint(low, high))
        if word not in seen and len(word) > 3:
            seen.add(word)
            found.append(word)
    return found


def invent_cast(rng: random.Random, people: int) -> Cast:
    given = [w.title() for w in _unique_words(rng, 400, 1, 2)]
    surnames = [w.title() + rng.choice(_SURNAME_ENDINGS) for w in _unique_words(rng, 3000, 2, 3)]
    names: set[str] = set()
    ordered: list[str] = []
    while len(ordered) < people:
        name = f"{rng.choice(given)} {rng.choice(surnames)}"
        if name not in names:
            names.add(name)
            ordered.append(name)
    places = [w.title() for w in _unique_words(rng, 600, 2, 3)]
    archives = [f"Archive of {w.title()}" for w in _unique_words(rng, 40, 2, 3)]
    subjects = [
        f"{w.title()} question, {1917 + i % 70}-{1920 + i % 70}"
        for i, w in enumerate(_unique_words(rng, 300, 2, 3))
    ]
    vocabulary = _unique_words(rng, 30_000, 2, 4)
    collections: list[CollectionRecord] = []
    for root_word in _unique_words(rng, 60, 2, 3):
        root = f"{root_word.title()} Relations"
        collections.append(CollectionRecord(root, description=f"Documents on {root_word}."))
        for _ in range(rng.randint(0, 6)):
            start = rng.randint(FIRST_YEAR, LAST_YEAR - 1)
            end = min(LAST_YEAR, start + rng.randint(0, 15))
            title = (
                f"{_word(rng, 2).title()} {rng.choice(('Crisis', 'Talks', 'Alliance', 'Split'))}"
            )
            collections.append(
                CollectionRecord(title, parent_title=root, period_start=start, period_end=end)
            )
    return Cast(ordered, places, archives, subjects, vocabulary, collections)
