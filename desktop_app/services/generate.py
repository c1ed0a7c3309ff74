"""Synthetic catalogs of realistic shape for scale tests: `dossier generate --documents N`."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from desktop_app.domain.dates import (
    MONTH_NAMES,
    HistoricalDate,
    Precision,
    date_sort_key,
    month_interval,
)
from desktop_app.domain.records import CollectionRecord, ImportBatch, PersonName, Role
from desktop_app.domain.text import fold
from desktop_app.storage import fulltext
from desktop_app.storage import models as m
from desktop_app.storage.writer import (
    SORT_KEY_LENGTH,
    BatchWriter,
    bulk_cache,
    drop_secondary_indexes,
    import_key_of,
    insert_document_columns,
    insert_links,
    name_ids,
    person_ids,
    record_key,
    reserve_document_ids,
    restore_indexes,
    sort_key,
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


_CLASSIFICATIONS = ("Secret", "Top Secret", "Confidential", "")

#: Documents drawn, and written in one transaction, at a time: a chunk's pages in the
#: write-ahead log stay near a hundred megabytes, and each commit costs little beside it.
CHUNK = 25_000

#: Share of documents with a via (an intermediary) among their correspondents.
_VIA_SHARE = 0.08
#: Share of documents with a place of origin.
_ORIGIN_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class _Cast:
    """The invented names a catalog draws on; `_Catalog` gives them their weights."""

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
    return _Cast(ordered, places, archives, subjects, vocabulary, collections)


Indexes = npt.NDArray[np.int64]

#: Which credit of a document each role is, and its role.
_CREDIT_ROLES = (Role.AUTHOR.value, Role.RECIPIENT.value, Role.VIA.value)

_CENTRES = np.array([centre for centre, _, _ in _CRISES])
_SPREADS = np.array([spread for _, spread, _ in _CRISES])
_NEW_YEARS = np.array([date(year, 1, 1).toordinal() for year in range(FIRST_YEAR, LAST_YEAR + 1)])


class _Weighted:
    """Draws positions in a list with fixed weights, a whole chunk's draws in one call."""

    def __init__(self, weights: Sequence[float] | npt.NDArray[np.float64]) -> None:
        cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
        self._bounds = cumulative / cumulative[-1]

    def draw(self, rng: np.random.Generator, count: int) -> Indexes:
        return np.searchsorted(self._bounds, rng.random(count), side="right")


def _zipf(count: int, exponent: float = 1.0) -> _Weighted:
    return _Weighted(1 / np.arange(1, count + 1, dtype=np.float64) ** exponent)


def _strings(values: Sequence[str], none: str | None = None) -> npt.NDArray[np.object_]:
    """`values` as an array that a chunk's positions pick from; with `none`, position -1 picks
    `none` (the array holds it last)."""
    return np.array([*values, none] if none is not None else list(values), dtype=object)


def _distinct_pairs(rng: np.random.Generator, count: int, choices: int) -> tuple[Indexes, Indexes]:
    """Up to two distinct positions among `choices` per document, none to two equally often;
    -1 where there is none."""
    wanted = rng.integers(0, 3, count)
    first = rng.integers(0, choices, count)
    second = (first + rng.integers(1, choices, count)) % choices
    return np.where(wanted >= 1, first, -1), np.where(wanted == 2, second, -1)


def _days(rng: np.random.Generator, crises: _Weighted, count: int) -> Indexes:
    """Day ordinals from 1917 to 1991, clustered around the crises."""
    component = crises.draw(rng, count)  # 0: the background, else a crisis
    background = component == 0
    years = np.empty(count)
    years[background] = rng.uniform(FIRST_YEAR, LAST_YEAR + 1, int(background.sum()))
    crisis = component[~background] - 1
    years[~background] = rng.normal(_CENTRES[crisis], _SPREADS[crisis])
    years = np.clip(years, FIRST_YEAR, LAST_YEAR + 0.999)
    whole = years.astype(np.int64)
    return _NEW_YEARS[whole - FIRST_YEAR] + ((years - whole) * 365).astype(np.int64)


def _date(precision: Precision, day: date) -> HistoricalDate:
    if precision is Precision.UNDATED:
        return HistoricalDate.undated("Undated")
    if precision is Precision.DAY:
        return HistoricalDate(
            f"{MONTH_NAMES[day.month - 1]} {day.day:02d}, {day.year}", precision, day, day
        )
    if precision is Precision.MONTH:
        start, end = month_interval(day.year, day.month)
        return HistoricalDate(f"{MONTH_NAMES[day.month - 1]} {day.year}", precision, start, end)
    if precision is Precision.YEAR:
        return HistoricalDate(
            str(day.year), precision, date(day.year, 1, 1), date(day.year, 12, 31)
        )
    return HistoricalDate(
        f"c. {day.year}", precision, date(day.year - 1, 1, 1), date(day.year + 1, 12, 31)
    )


def _date_columns(value: HistoricalDate) -> tuple[Any, ...]:
    """A date's values for the document columns date_text … sort_date, in their order."""
    start, end = value.start, value.end
    return (
        value.text,
        value.precision.value,
        start.isoformat() if start else None,
        end.isoformat() if end else None,
        start.year if start else None,
        date_sort_key(value),
    )


@dataclass(frozen=True, slots=True)
class GeneratedBatch:
    """One chunk of a synthetic catalog: its documents' texts, and the names they use as
    positions in the cast's lists (-1: none)."""

    catalog: SyntheticCatalog
    first: int
    record_ids: list[str]
    titles: list[str]
    summaries: list[str]
    keys: list[str]
    #: The columns date_text, date_precision, date_start, date_end, year and sort_date.
    dates: tuple[list[Any], ...]
    names_texts: list[str]
    places_texts: list[str]
    subjects_texts: list[str]
    doc_types: Indexes
    #: Author, recipient and via of each document.
    credits: tuple[Indexes, Indexes, Indexes]
    origins: Indexes
    collections: Indexes
    places: tuple[Indexes, Indexes]
    subjects: tuple[Indexes, Indexes]
    languages: Indexes
    archives: Indexes
    classifications: Indexes

    def __len__(self) -> int:
        return len(self.titles)

    def write(self, session: Session) -> None:
        """Add the batch's documents to the catalog (see `SyntheticCatalog.write`)."""
        self.catalog.write(session, self)


@dataclass(frozen=True, slots=True)
class _CastIds:
    """The catalog's ids of the cast's names, as arrays that a chunk's positions pick from."""

    doc_types: Indexes
    people: Indexes
    places: Indexes
    #: The places' ids with None last, for the origin (-1: none).
    origins: npt.NDArray[np.object_]
    subjects: Indexes
    languages: Indexes
    archives: Indexes
    collections: Indexes


class SyntheticCatalog:
    """The documents of a synthetic catalog, drawn a chunk at a time; the same seed, the same
    catalog.

    Written into an empty catalog as `start` (the cast's names and collections; on SQLite the
    secondary indexes are dropped), then each of `batches` by `write`, each in its own
    transaction, then `finish`, which builds the indexes again and must run however the
    batches end.
    """

    def __init__(self, documents: int, seed: int = 1, chunk: int | None = None) -> None:
        self.documents = documents
        self.seed = seed
        self.chunk = chunk or CHUNK
        self.cast = cast = _cast(random.Random(seed), people=10_000)
        self._types = _Weighted([weight for _, weight in _TYPES])
        self._languages = _Weighted([weight for _, weight in _LANGUAGES])
        self._precisions = _Weighted([weight for _, weight in _PRECISIONS])
        self._crises = _Weighted([_BACKGROUND_WEIGHT, *(weight for _, _, weight in _CRISES)])
        # Zipf-like: a few people write most of the documents, a few words fill most summaries.
        self._authorship = _zipf(len(cast.people))
        self._word_use = _zipf(len(cast.vocabulary), exponent=1.07)
        self._type_names = _strings([name for name, _ in _TYPES])
        self._people = _strings(cast.people, none="")
        self._places = _strings(cast.places, none="")
        self._from_places = _strings([f" from {place}" for place in cast.places], none="")
        self._subjects = _strings(cast.subjects, none="")
        self._words = _strings(cast.vocabulary)
        self._sort_keys = {
            "sort_type": _strings([fold(name)[:SORT_KEY_LENGTH] for name, _ in _TYPES]),
            "sort_people": _strings([sort_key([name]) for name in cast.people]),
            "sort_origin": _strings(
                [fold(place)[:SORT_KEY_LENGTH] for place in cast.places], none=""
            ),
            "sort_collections": _strings([sort_key([c.title]) for c in cast.collections]),
            "sort_languages": _strings([sort_key([name]) for name, _ in _LANGUAGES]),
            "sort_archive": _strings([fold(name)[:SORT_KEY_LENGTH] for name in cast.archives]),
        }
        # The same few tens of thousands of dates recur: each is worked out once.
        self._dates: dict[int, tuple[Any, ...]] = {}
        # 64-bit prefixes of the import keys given so far: a document whose date and title
        # repeat another's takes the key of its record ID instead, as an import would.
        self._keys_given: set[int] = set()
        self._ids: _CastIds | None = None
        self._dropped: list[tuple[str, str]] = []

    def start(self, session: Session) -> None:
        """Add the cast's names and collections; on SQLite drop the secondary indexes."""
        connection = session.connection()
        self._dropped = drop_secondary_indexes(connection)
        fulltext.prepare_bulk(connection)
        fulltext.pause_merging(connection)
        cast = self.cast
        writer = BatchWriter(session)
        writer.write(
            ImportBatch(f"generated (seed {self.seed})", tuple(cast.collections), documents=())
        )
        places = name_ids(session, m.Place, cast.places)
        self._ids = _CastIds(
            doc_types=np.array(name_ids(session, m.DocType, [name for name, _ in _TYPES])),
            people=np.array(person_ids(session, [PersonName(name) for name in cast.people])),
            places=np.array(places),
            origins=np.array([*places, None], dtype=object),
            subjects=np.array(name_ids(session, m.Subject, cast.subjects)),
            languages=np.array(name_ids(session, m.Language, [name for name, _ in _LANGUAGES])),
            archives=np.array(name_ids(session, m.Archive, cast.archives)),
            collections=np.array([writer.collections[c.title] for c in cast.collections]),
        )

    def finish(self, session: Session) -> None:
        """Build again the indexes that `start` dropped; merge the full-text segments."""
        connection = session.connection()
        with bulk_cache(connection):
            restore_indexes(connection, self._dropped)
            fulltext.resume_merging(connection)
        self._dropped = []

    def batches(self) -> Iterator[GeneratedBatch]:
        """The catalog's documents, a chunk at a time.

        The next chunk is drawn on a thread while the caller writes this one: SQLite lets go
        of the interpreter while it works, so on two cores the drawing costs little time.
        Chunks are still drawn one after another, from one generator: the same seed, the same
        documents.
        """
        rng = np.random.default_rng(self.seed)
        self._keys_given.clear()
        starts = range(0, self.documents, self.chunk)
        with ThreadPoolExecutor(max_workers=1) as drawer:

            def draw(first: int) -> Future[GeneratedBatch]:
                return drawer.submit(
                    self._draw, rng, first, min(self.chunk, self.documents - first)
                )

            drawn = draw(starts[0]) if starts else None
            for following in [*starts[1:], None]:
                assert drawn is not None
                batch = drawn.result()
                drawn = draw(following) if following is not None else None
                yield batch

    def write(self, session: Session, batch: GeneratedBatch) -> None:
        """Add a batch's documents, their links and full-text entries (after `start`)."""
        connection = session.connection()
        with bulk_cache(connection):
            self._write(connection, batch)

    def _write(self, connection: Connection, batch: GeneratedBatch) -> None:
        if self._ids is None:
            raise RuntimeError("the cast is not in the catalog: call start first")
        ids = self._ids
        count = len(batch)
        document_ids = np.asarray(reserve_document_ids(connection, count), dtype=np.int64)
        sort_keys = self._sort_keys
        authors, recipients, _ = batch.credits
        date_columns = ("date_text", "date_precision", "date_start", "date_end", "year")
        insert_document_columns(
            connection,
            count,
            {
                "id": document_ids.tolist(),
                "record_id": batch.record_ids,
                "import_key": batch.keys,
                "title": batch.titles,
                "summary": batch.summaries,
                **dict(zip((*date_columns, "sort_date"), batch.dates, strict=True)),
                "doc_type_id": ids.doc_types[batch.doc_types].tolist(),
                "number": batch.record_ids,
                "origin_id": ids.origins[batch.origins].tolist(),
                "archive_id": ids.archives[batch.archives].tolist(),
                "classification": _strings(_CLASSIFICATIONS)[batch.classifications].tolist(),
                "sort_title": [fold(title)[:SORT_KEY_LENGTH] for title in batch.titles],
                "sort_type": sort_keys["sort_type"][batch.doc_types].tolist(),
                # Record IDs and numbers are digits, which fold to themselves.
                "sort_number": batch.record_ids,
                "sort_authors": sort_keys["sort_people"][authors].tolist(),
                "sort_recipients": sort_keys["sort_people"][recipients].tolist(),
                "sort_origin": sort_keys["sort_origin"][batch.origins].tolist(),
                "sort_collections": sort_keys["sort_collections"][batch.collections].tolist(),
                "sort_languages": sort_keys["sort_languages"][batch.languages].tolist(),
                "sort_archive": sort_keys["sort_archive"][batch.archives].tolist(),
                # Right-aligned so that numeric record IDs sort as numbers.
                "sort_record": [record_id.rjust(20) for record_id in batch.record_ids],
            },
        )
        people, people_ids, positions = _links(document_ids, ids.people, *batch.credits)
        roles = _strings(_CREDIT_ROLES)[positions].tolist()
        insert_links(
            connection,
            list(zip(people, people_ids, roles, positions.tolist(), strict=True)),
            {
                "document_collections": _link_rows(
                    document_ids, ids.collections, batch.collections
                ),
                "document_places": _link_rows(document_ids, ids.places, *batch.places),
                "document_subjects": _link_rows(document_ids, ids.subjects, *batch.subjects),
                "document_languages": _link_rows(document_ids, ids.languages, batch.languages),
            },
        )
        fulltext.insert_entries(
            connection,
            list(
                zip(
                    document_ids.tolist(),
                    batch.titles,
                    batch.summaries,
                    batch.names_texts,
                    batch.places_texts,
                    batch.subjects_texts,
                    strict=True,
                )
            ),
        )

    def _draw(self, rng: np.random.Generator, first: int, count: int) -> GeneratedBatch:
        cast = self.cast
        doc_types = self._types.draw(rng, count)
        authors = self._authorship.draw(rng, count)
        recipients = self._authorship.draw(rng, count)
        with_via = rng.random(count) < _VIA_SHARE
        vias = np.where(with_via, rng.integers(0, len(cast.people), count), -1)
        with_origin = rng.random(count) < _ORIGIN_SHARE
        origins = np.where(with_origin, rng.integers(0, len(cast.places), count), -1)
        numbers = rng.integers(1, 100_000, count)
        precisions = self._precisions.draw(rng, count)
        days = _days(rng, self._crises, count)
        lengths = rng.integers(20, 81, count)
        words = self._words[self._word_use.draw(rng, int(lengths.sum()))].tolist()
        collections = rng.integers(0, len(cast.collections), count)
        places = _distinct_pairs(rng, count, len(cast.places))
        subjects = _distinct_pairs(rng, count, len(cast.subjects))
        languages = self._languages.draw(rng, count)
        archives = rng.integers(0, len(cast.archives), count)
        classifications = rng.integers(0, len(_CLASSIFICATIONS), count)

        author_names = self._people[authors].tolist()
        recipient_names = self._people[recipients].tolist()
        titles = [
            f"{doc_type} No. {number}{origin}, {author} to {recipient}"
            for doc_type, number, origin, author, recipient in zip(
                self._type_names[doc_types].tolist(),
                numbers.tolist(),
                self._from_places[origins].tolist(),
                author_names,
                recipient_names,
                strict=True,
            )
        ]
        ends = np.cumsum(lengths).tolist()
        summaries = [
            " ".join(words[start:end]).capitalize() + "."
            for start, end in zip([0, *ends[:-1]], ends, strict=True)
        ]
        dates = [
            self._date_columns(precision, day)
            for precision, day in zip(precisions.tolist(), days.tolist(), strict=True)
        ]
        record_ids = [str(100_000 + number) for number in range(first, first + count)]
        keys = [
            self._key(when[0], title, record_id)
            for when, title, record_id in zip(dates, titles, record_ids, strict=True)
        ]
        return GeneratedBatch(
            catalog=self,
            first=first,
            record_ids=record_ids,
            titles=titles,
            summaries=summaries,
            keys=keys,
            dates=tuple(map(list, zip(*dates, strict=True))),
            names_texts=[
                f"{author} ; {recipient}{f' ; {via}' if via else ''}"
                for author, recipient, via in zip(
                    author_names, recipient_names, self._people[vias].tolist(), strict=True
                )
            ],
            places_texts=_joined(self._places, origins, *places),
            subjects_texts=_joined(self._subjects, *subjects),
            doc_types=doc_types,
            credits=(authors, recipients, vias),
            origins=origins,
            collections=collections,
            places=places,
            subjects=subjects,
            languages=languages,
            archives=archives,
            classifications=classifications,
        )

    def _date_columns(self, precision_position: int, day: int) -> tuple[Any, ...]:
        precision = _PRECISIONS[precision_position][0]
        if precision is Precision.UNDATED:
            day = 0
        cache_key = precision_position << 32 | day
        found = self._dates.get(cache_key)
        if found is None:
            when = date.fromordinal(day) if day else date(FIRST_YEAR, 1, 1)
            found = self._dates[cache_key] = _date_columns(_date(precision, when))
        return found

    def _key(self, date_text: str, title: str, record_id: str) -> str:
        key = import_key_of(date_text, title)
        if int(key[:16], 16) in self._keys_given:
            key = record_key(record_id)
        self._keys_given.add(int(key[:16], 16))
        return key


def _links(
    documents: Indexes, ids: Indexes, *chosen: Indexes
) -> tuple[list[int], list[int], Indexes]:
    """Each document's links to the names `chosen` (positions in the cast, -1: none), in
    document order: documents, linked ids and the links' positions (which of `chosen`)."""
    linked_documents, linked_ids, positions = [], [], []
    for position, picks in enumerate(chosen):
        present = picks >= 0
        linked_documents.append(documents[present])
        linked_ids.append(ids[picks[present]])
        positions.append(np.full(int(present.sum()), position))
    in_order = np.argsort(np.concatenate(linked_documents), kind="stable")
    return (
        np.concatenate(linked_documents)[in_order].tolist(),
        np.concatenate(linked_ids)[in_order].tolist(),
        np.concatenate(positions)[in_order],
    )


def _link_rows(documents: Indexes, ids: Indexes, *chosen: Indexes) -> list[tuple[int, int, int]]:
    linked_documents, linked_ids, positions = _links(documents, ids, *chosen)
    return list(zip(linked_documents, linked_ids, positions.tolist(), strict=True))


def _joined(names: npt.NDArray[np.object_], *chosen: Indexes) -> list[str]:
    """Each document's `chosen` names (-1: none) joined as the full-text index takes them."""
    return [
        " ; ".join(name for name in picked if name)
        for picked in zip(*(names[picks].tolist() for picks in chosen), strict=True)
    ]


def generate(documents: int, seed: int = 1, chunk: int | None = None) -> SyntheticCatalog:
    """A synthetic catalog of `documents` documents; the same seed gives the same catalog."""
    return SyntheticCatalog(documents, seed, chunk)
