"""Synthetic catalogs of realistic shape for scale tests: `dossier generate --documents N`."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from desktop_app.domain.dates import Precision
from desktop_app.domain.records import ImportBatch, PersonName, Role
from desktop_app.domain.text import fold
from desktop_app.services.synthetic.cast import invent_cast
from desktop_app.services.synthetic.draws import (
    Indexes,
    Weighted,
    distinct_pairs,
    draw_days,
    strings,
    zipf,
)
from desktop_app.services.synthetic.rows import (
    date_column_values,
    document_links,
    historical_date,
    joined_names,
    link_rows,
)
from desktop_app.services.synthetic.shape import (
    BACKGROUND_WEIGHT,
    CLASSIFICATIONS,
    CRISES,
    FIRST_YEAR,
    LANGUAGES,
    ORIGIN_SHARE,
    PRECISIONS,
    TYPES,
    VIA_SHARE,
)
from desktop_app.services.synthetic.texts import TextMaker
from desktop_app.services.transactions import Transactions
from desktop_app.storage import fulltext
from desktop_app.storage import models as m
from desktop_app.storage.bulk_insert import insert_tuples
from desktop_app.storage.engine import unsynchronized_writes
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

#: Documents drawn, and written in one transaction, at a time: a chunk's pages in the
#: write-ahead log stay near a hundred megabytes, and each commit costs little beside it.
CHUNK = 25_000

#: Which credit of a document each role is, and its role.
_CREDIT_ROLES = (Role.AUTHOR.value, Role.RECIPIENT.value, Role.VIA.value)


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
    #: Each document's own text ("" for none).
    bodies: list[str]
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

    def __init__(
        self, documents: int, seed: int = 1, chunk: int | None = None, *, texts: bool = False
    ) -> None:
        self.documents = documents
        self.seed = seed
        self.chunk = chunk or CHUNK
        self.cast = cast = invent_cast(random.Random(seed), people=10_000)
        self._types = Weighted([weight for _, weight in TYPES])
        self._languages = Weighted([weight for _, weight in LANGUAGES])
        self._precisions = Weighted([weight for _, weight in PRECISIONS])
        self._crises = Weighted([BACKGROUND_WEIGHT, *(weight for _, _, weight in CRISES)])
        # Zipf-like: a few people write most of the documents, a few words fill most summaries.
        self._authorship = zipf(len(cast.people))
        self._word_use = zipf(len(cast.vocabulary), exponent=1.07)
        self._type_names = strings([name for name, _ in TYPES])
        self._people = strings(cast.people, none="")
        self._places = strings(cast.places, none="")
        self._from_places = strings([f" from {place}" for place in cast.places], none="")
        self._subjects = strings(cast.subjects, none="")
        self._words = strings(cast.vocabulary)
        #: With `texts`, each document has a text of its own, drawn from the same vocabulary.
        self._texts = TextMaker(self._words, self._word_use) if texts else None
        self._sort_keys = {
            "sort_type": strings([fold(name)[:SORT_KEY_LENGTH] for name, _ in TYPES]),
            "sort_people": strings([sort_key([name]) for name in cast.people]),
            "sort_origin": strings(
                [fold(place)[:SORT_KEY_LENGTH] for place in cast.places], none=""
            ),
            "sort_collections": strings([sort_key([c.title]) for c in cast.collections]),
            "sort_languages": strings([sort_key([name]) for name, _ in LANGUAGES]),
            "sort_archive": strings([fold(name)[:SORT_KEY_LENGTH] for name in cast.archives]),
        }
        # The same few tens of thousands of dates recur: each is worked out once.
        self._dates: dict[int, tuple[Any, ...]] = {}
        # 64-bit prefixes of the import keys given so far: a document whose date and title
        # repeat another's takes the key of its record ID instead, as an import would.
        self._keys_given: set[int] = set()
        self._ids: _CastIds | None = None
        self._dropped: list[tuple[str, str]] = []

    def start(self, session: Session) -> None:
        """Add the cast's names and collections; drop the secondary indexes until `finish`."""
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
            doc_types=np.array(name_ids(session, m.DocType, [name for name, _ in TYPES])),
            people=np.array(person_ids(session, [PersonName(name) for name in cast.people])),
            places=np.array(places),
            origins=np.array([*places, None], dtype=object),
            subjects=np.array(name_ids(session, m.Subject, cast.subjects)),
            languages=np.array(name_ids(session, m.Language, [name for name, _ in LANGUAGES])),
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
                "classification": strings(CLASSIFICATIONS)[batch.classifications].tolist(),
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
        people, people_ids, positions = document_links(document_ids, ids.people, *batch.credits)
        roles = strings(_CREDIT_ROLES)[positions].tolist()
        insert_links(
            connection,
            list(zip(people, people_ids, roles, positions.tolist(), strict=True)),
            {
                "document_collections": link_rows(document_ids, ids.collections, batch.collections),
                "document_places": link_rows(document_ids, ids.places, *batch.places),
                "document_subjects": link_rows(document_ids, ids.subjects, *batch.subjects),
                "document_languages": link_rows(document_ids, ids.languages, batch.languages),
            },
        )
        if self._texts is not None:
            insert_tuples(
                connection,
                "document_texts",
                ("document_id", "body", "footnotes"),
                [
                    (document_id, body, "")
                    for document_id, body in zip(document_ids.tolist(), batch.bodies, strict=True)
                ],
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
                    batch.bodies,
                    strict=True,
                )
            ),
        )

    def _draw(self, rng: np.random.Generator, first: int, count: int) -> GeneratedBatch:
        cast = self.cast
        doc_types = self._types.draw(rng, count)
        authors = self._authorship.draw(rng, count)
        recipients = self._authorship.draw(rng, count)
        with_via = rng.random(count) < VIA_SHARE
        vias = np.where(with_via, rng.integers(0, len(cast.people), count), -1)
        with_origin = rng.random(count) < ORIGIN_SHARE
        origins = np.where(with_origin, rng.integers(0, len(cast.places), count), -1)
        numbers = rng.integers(1, 100_000, count)
        precisions = self._precisions.draw(rng, count)
        days = draw_days(rng, self._crises, count)
        lengths = rng.integers(20, 81, count)
        words = self._words[self._word_use.draw(rng, int(lengths.sum()))].tolist()
        collections = rng.integers(0, len(cast.collections), count)
        places = distinct_pairs(rng, count, len(cast.places))
        subjects = distinct_pairs(rng, count, len(cast.subjects))
        languages = self._languages.draw(rng, count)
        archives = rng.integers(0, len(cast.archives), count)
        classifications = rng.integers(0, len(CLASSIFICATIONS), count)

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
            places_texts=joined_names(self._places, origins, *places),
            subjects_texts=joined_names(self._subjects, *subjects),
            bodies=self._texts.texts(rng, count) if self._texts is not None else [""] * count,
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
        precision = PRECISIONS[precision_position][0]
        if precision is Precision.UNDATED:
            day = 0
        cache_key = precision_position << 32 | day
        found = self._dates.get(cache_key)
        if found is None:
            when = date.fromordinal(day) if day else date(FIRST_YEAR, 1, 1)
            found = self._dates[cache_key] = date_column_values(historical_date(precision, when))
        return found

    def _key(self, date_text: str, title: str, record_id: str) -> str:
        key = import_key_of(date_text, title)
        if int(key[:16], 16) in self._keys_given:
            key = record_key(record_id)
        self._keys_given.add(int(key[:16], 16))
        return key


def generate(
    documents: int, seed: int = 1, chunk: int | None = None, *, texts: bool = False
) -> SyntheticCatalog:
    """A synthetic catalog of `documents` documents (with `texts`, each with a text of its
    own); the same seed gives the same catalog."""
    return SyntheticCatalog(documents, seed, chunk, texts=texts)


def write_synthetic(
    transactions: Transactions,
    engine: Engine,
    documents: int,
    *,
    seed: int = 1,
    texts: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write a synthetic catalog of `documents` documents, a transaction a chunk; how many.

    Each chunk is its own transaction, which keeps the write-ahead log small. On SQLite the
    secondary indexes are dropped: built once at the end, they cost a fraction of keeping them
    sorted row by row. `finish` builds them again however the batches end, so an interrupted
    run leaves a smaller catalog, never one without them.
    """
    synthetic = generate(documents, seed=seed, texts=texts)
    written = 0
    with unsynchronized_writes(engine):
        transactions.write(synthetic.start, "import", lock=True)
        try:
            for batch in synthetic.batches():
                transactions.write(batch.write, "import", lock=True)
                written += len(batch)
                if progress is not None:
                    progress(written)
        finally:
            transactions.write(synthetic.finish, "import", lock=True)
    return written
