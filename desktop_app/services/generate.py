"""Synthetic catalogs of realistic shape for scale tests: `dossier generate --documents N`."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.dates import HistoricalDate, Precision, month_interval
from desktop_app.domain.records import (
    CollectionRecord,
    Credit,
    DocumentRecord,
    ImportBatch,
    PersonName,
    Role,
)

FIRST_YEAR, LAST_YEAR = 1917, 1991

# Years around which the archives' documents cluster, with their weight against the background.
_CRISES: tuple[tuple[float, float, float], ...] = (
    # centre (year), spread (years), weight
    (1918.0, 1.5, 0.5),
    (1939.5, 2.5, 1.0),
    (1944.0, 1.5, 1.5),
    (1948.5, 1.0, 1.0),
    (1951.5, 1.2, 2.0),
    (1956.8, 0.5, 1.0),
    (1961.5, 0.8, 1.2),
    (1962.8, 0.3, 1.0),
    (1968.6, 0.6, 1.0),
    (1969.3, 0.4, 0.8),
    (1973.8, 0.5, 0.7),
    (1979.9, 0.6, 0.8),
    (1983.7, 0.5, 0.6),
    (1989.8, 0.7, 1.2),
)
_BACKGROUND_WEIGHT = 4.0

_TYPES: tuple[tuple[str, float], ...] = (
    ("Ciphered Telegram", 30),
    ("Telegram", 14),
    ("Cable", 12),
    ("Memorandum of Conversation", 10),
    ("Letter", 8),
    ("Report", 7),
    ("Minutes", 4),
    ("Note", 3),
    ("Record of Conversation", 3),
    ("Diary", 2),
    ("Speech", 2),
    ("Resolution", 1.5),
    ("Decree", 1),
    ("Instructions", 1),
    ("Transcript", 1),
    ("Directive", 0.5),
)

_SYLLABLES: tuple[str, ...] = tuple(
    (
        "ba be bo bu da de di do ga ge go ka ke ki ko la le li lo ma me mi mo na ne ni no pa pe "
        "po ra re ri ro sa se si so ta te ti to va ve vo za ze zo sha shi zhu chen lin wan kov "
        "ski ev ich ova ran tor mar sen dal ber gun"
    ).split()
)

_SURNAME_ENDINGS = ("", "ov", "in", "sky", "enko", "ez", "son", "er", "ski", "ian")

_LANGUAGES: tuple[tuple[str, float], ...] = (
    ("Russian", 30),
    ("English", 25),
    ("Chinese", 18),
    ("German", 8),
    ("French", 6),
    ("Korean", 4),
    ("Japanese", 3),
    ("Polish", 2),
    ("Hungarian", 1.5),
    ("Czech", 1.5),
    ("Spanish", 1),
    ("Vietnamese", 1),
)

_PRECISIONS: tuple[tuple[Precision, float], ...] = (
    (Precision.DAY, 90),
    (Precision.MONTH, 4),
    (Precision.YEAR, 2.5),
    (Precision.CIRCA, 1.5),
    (Precision.UNDATED, 2),
)

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class _Cast:
    """The invented names a catalog draws on, with the weights that make them realistic."""

    people: list[str]
    people_weights: list[float]
    places: list[str]
    archives: list[str]
    subjects: list[str]
    vocabulary: list[str]
    vocabulary_weights: list[float]
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


def _cast(rng: random.Random, people: int) -> _Cast:
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
    return _Cast(
        people=ordered,
        # Zipf-like: a few people write most of the documents.
        people_weights=list(itertools.accumulate(1 / (rank + 1) for rank in range(people))),
        places=places,
        archives=archives,
        subjects=subjects,
        vocabulary=vocabulary,
        vocabulary_weights=list(
            itertools.accumulate(1 / (rank + 1) ** 1.07 for rank in range(len(vocabulary)))
        ),
        collections=collections,
    )


def _day(rng: random.Random) -> date:
    total = _BACKGROUND_WEIGHT + sum(weight for _, _, weight in _CRISES)
    pick = rng.random() * total
    if pick < _BACKGROUND_WEIGHT:
        year = rng.uniform(FIRST_YEAR, LAST_YEAR + 1)
    else:
        pick -= _BACKGROUND_WEIGHT
        for centre, spread, weight in _CRISES:
            if pick < weight:
                year = rng.gauss(centre, spread)
                break
            pick -= weight
        else:  # pragma: no cover - rounding at the very end of the range
            year = _CRISES[-1][0]
    year = min(max(year, FIRST_YEAR), LAST_YEAR + 0.999)
    return date(int(year), 1, 1) + timedelta(days=int((year % 1) * 365))


def _date(rng: random.Random, precision: Precision) -> HistoricalDate:
    if precision is Precision.UNDATED:
        return HistoricalDate.undated("Undated")
    day = _day(rng)
    if precision is Precision.DAY:
        return HistoricalDate(
            f"{_MONTH_NAMES[day.month - 1]} {day.day:02d}, {day.year}", precision, day, day
        )
    if precision is Precision.MONTH:
        start, end = month_interval(day.year, day.month)
        return HistoricalDate(f"{_MONTH_NAMES[day.month - 1]} {day.year}", precision, start, end)
    if precision is Precision.YEAR:
        return HistoricalDate(
            str(day.year), precision, date(day.year, 1, 1), date(day.year, 12, 31)
        )
    return HistoricalDate(
        f"c. {day.year}", precision, date(day.year - 1, 1, 1), date(day.year + 1, 12, 31)
    )


def generate(documents: int, seed: int = 1, chunk: int = 10_000) -> Iterator[ImportBatch]:
    """Batches that together make a synthetic catalog; the same seed gives the same catalog."""
    rng = random.Random(seed)
    cast = _cast(rng, people=10_000)
    type_names = [name for name, _ in _TYPES]
    type_weights = list(itertools.accumulate(weight for _, weight in _TYPES))
    languages = [name for name, _ in _LANGUAGES]
    language_weights = list(itertools.accumulate(weight for _, weight in _LANGUAGES))
    precisions = [precision for precision, _ in _PRECISIONS]
    precision_weights = list(itertools.accumulate(weight for _, weight in _PRECISIONS))
    collection_titles = [c.title for c in cast.collections]
    people = [PersonName(name) for name in cast.people]
    first = True
    for start in range(0, documents, chunk):
        records: list[DocumentRecord] = []
        for number in range(start, min(documents, start + chunk)):
            doc_type = rng.choices(type_names, cum_weights=type_weights)[0]
            author, recipient = rng.choices(people, cum_weights=cast.people_weights, k=2)
            credits = [Credit(author, Role.AUTHOR), Credit(recipient, Role.RECIPIENT)]
            if rng.random() < 0.08:
                credits.append(Credit(rng.choice(people), Role.VIA))
            origin = rng.choice(cast.places) if rng.random() < 0.6 else None
            words = rng.choices(
                cast.vocabulary, cum_weights=cast.vocabulary_weights, k=rng.randint(20, 80)
            )
            record_number = str(100_000 + number)
            records.append(
                DocumentRecord(
                    title=(
                        f"{doc_type} No. {rng.randint(1, 99_999)}"
                        f"{f' from {origin}' if origin else ''}, {author.name} to {recipient.name}"
                    ),
                    date=_date(rng, rng.choices(precisions, cum_weights=precision_weights)[0]),
                    summary=" ".join(words).capitalize() + ".",
                    record_id=record_number,
                    doc_type=doc_type,
                    number=record_number,
                    origin=origin,
                    credits=tuple(credits),
                    collections=(rng.choice(collection_titles),),
                    places=tuple(rng.sample(cast.places, rng.randint(0, 2))),
                    subjects=tuple(rng.sample(cast.subjects, rng.randint(0, 2))),
                    languages=(rng.choices(languages, cum_weights=language_weights)[0],),
                    archive=rng.choice(cast.archives),
                    classification=rng.choice(("Secret", "Top Secret", "Confidential", "")),
                )
            )
        yield ImportBatch(
            source=f"generated (seed {seed})",
            collections=tuple(cast.collections) if first else (),
            documents=tuple(records),
        )
        first = False
