"""The catalog's columns in memory give every answer SQL gives, and never a stale one."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.timeline import TimelineData
from desktop_app.query.compiler import SORT_COLUMNS
from desktop_app.query.facets import FACET_FIELDS
from desktop_app.services.catalog import Catalog

GENERATED_DOCUMENTS = 1500

# Clauses a person builds with the mouse and the keyboard; each matches some of the generated
# catalog's documents (seed 3), checked below, so that no comparison is of two empty answers.
CLAUSES = [
    'type:="Ciphered Telegram"',
    "type:=Letter",
    "year:1950..1962",
    "year:1939",
    "date:1962-10..1962-11",
    "author:o",
    "recipient:e",
    "place:boova",
    "language:russian",
    "missing:date",
    "has:place",
    "missing:classification",
    "collection:crisis",
    "nadal",
    "bego*",
]


@pytest.fixture(scope="module")
def generated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("columns") / "generated.sqlite"
    catalog = Catalog.open(f"sqlite:///{path}")
    catalog.generate(GENERATED_DOCUMENTS, seed=3)
    catalog.close()
    return path


@pytest.fixture
def pair(generated_file: Path, tmp_path: Path) -> Iterator[tuple[Catalog, Catalog]]:
    """The same catalog opened twice: answering from columns, and from SQL alone."""
    path = tmp_path / "catalog.sqlite"
    shutil.copy(generated_file, path)
    with_columns = Catalog.open(f"sqlite:///{path}")
    with_columns.keep_columns()
    assert with_columns.wait_for_columns(60)
    sql_only = Catalog.open(f"sqlite:///{path}")
    yield with_columns, sql_only
    with_columns.close()
    sql_only.close()


def _rounded(data: TimelineData) -> TimelineData:
    """Spread shares summed in another order differ in the last bits; nothing else may differ."""

    def bins(values: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(dataclasses.replace(b, spread=round(b.spread, 9)) for b in values)

    return dataclasses.replace(data, bins=bins(data.bins), context=bins(data.context))


def _same_answers(first: Catalog, second: Catalog, query: str | None) -> None:
    assert first.count(query) == second.count(query)
    for key in ("date", "title"):
        for descending in (False, True):
            assert list(first.search(query, sort=key, descending=descending).ids) == list(
                second.search(query, sort=key, descending=descending).ids
            ), (query, key, descending)
    for field in FACET_FIELDS:
        assert first.facets(field, query) == second.facets(field, query), (query, field)
        assert first.facets(field, query, limit=3) == second.facets(field, query, limit=3)
    for size, start, end in (
        ("decade", None, None),
        ("year", None, None),
        ("month", "1950", "1962"),
        ("day", "1962-10-01", "1962-11-30"),
    ):
        assert _rounded(first.timeline(query, size, start, end)) == _rounded(
            second.timeline(query, size, start, end)
        ), (query, size)


def test_the_whole_catalog_is_answered_alike(pair: tuple[Catalog, Catalog]) -> None:
    _same_answers(*pair, None)
    with_columns, _ = pair
    assert all(with_columns.count(clause) for clause in CLAUSES)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    clauses=st.lists(
        st.tuples(st.sampled_from(CLAUSES), st.sampled_from(["", "-", "OR"])),
        min_size=1,
        max_size=3,
    )
)
def test_any_query_is_answered_alike(
    pair: tuple[Catalog, Catalog], clauses: list[tuple[str, str]]
) -> None:
    parts: list[str] = []
    for clause, joiner in clauses:
        if joiner == "OR":
            parts.append(f"OR {clause}" if parts else clause)
        else:
            parts.append(f"{joiner}{clause}")
    _same_answers(*pair, " ".join(parts))


def test_every_sort_order_is_read_when_first_asked(pair: tuple[Catalog, Catalog]) -> None:
    with_columns, sql_only = pair
    for key in SORT_COLUMNS:
        with_columns.search("year:1950..1970", sort=key)  # asks for the order to be read
        assert with_columns.wait_for_columns(60)
        assert list(with_columns.search("year:1950..1970", sort=key).ids) == list(
            sql_only.search("year:1950..1970", sort=key).ids
        ), key


def test_another_desktops_import_is_seen_at_once(
    pair: tuple[Catalog, Catalog], tmp_path: Path
) -> None:
    """Columns read before a change are never used after it: the answer comes from SQL."""
    with_columns, other_desktop = pair
    before = with_columns.count("type:=Letter")
    listing = tmp_path / "letters.csv"
    listing.write_text(
        "Title,Type,Date\n"
        "A letter nobody had seen,Letter,1961-05-02\n"
        "Another letter nobody had seen,Letter,1961-05-03\n",
        encoding="utf-8",
    )
    other_desktop.import_files([listing])

    assert with_columns.count("type:=Letter") == before + 2
    assert with_columns.facets("type", "nobody")[0].count == 2
    assert with_columns.search("nobody", sort="title").total == 2
    assert with_columns.timeline("nobody", "day", "1961-05-01", "1961-05-31").bins[0].count == 1
    # The columns are read again meanwhile, and then hold the new documents.
    assert with_columns.wait_for_columns(60)
    _same_answers(with_columns, other_desktop, "type:=Letter")


def test_saving_a_search_keeps_the_columns(pair: tuple[Catalog, Catalog]) -> None:
    with_columns, _ = pair
    with_columns.save_search("Letters", "type:=Letter")
    assert with_columns.search("type:=Letter").total > 0
    assert with_columns.wait_for_columns(5)
    assert with_columns.describe_columns()["reads"] == 1


def test_seed_answers_alike(seed_catalog: Catalog) -> None:
    sql_only = Catalog.open(seed_catalog.remembered_url)
    seed_catalog.keep_columns()
    assert seed_catalog.wait_for_columns(30)
    for query in (None, "author:Stalin", "year:1951", 'type:="Ciphered Telegram" -origin:Beijing'):
        _same_answers(seed_catalog, sql_only, query)
    sql_only.close()


def test_value_and_date_terms_at_their_edges_are_matched_in_memory_as_sql_matches_them(
    tmp_path: Path,
) -> None:
    """A facet or timeline query is answered from the columns alone: the edges of its terms —
    a range's last day, a place that is only an origin, a NOT over documents without a value —
    must fall where SQL puts them."""
    listing = tmp_path / "edges.csv"
    listing.write_text(
        "title,type,date,origin,places,authors\n"
        "On the last day,Cable,1962-11-30,Havana,,Fidel Castro\n"
        "On the day after,,1962-12-01,,Moscow,Nikita Khrushchev\n"
        "In October,Letter,1962-10,Moscow,,\n"
        "Undated,Cable,,,,Fidel Castro\n",
        encoding="utf-8",
    )
    path = tmp_path / "edges.sqlite"
    with_columns = Catalog.open(f"sqlite:///{path}")
    with_columns.import_files([listing])
    with_columns.keep_columns()
    assert with_columns.wait_for_columns(30)
    sql_only = Catalog.open(f"sqlite:///{path}")
    expected = {
        "date:..1962-11-30": 2,
        "date:1962-11-30": 1,
        "date:1962-12-01..": 1,
        "year:1962": 3,
        "place:havana": 1,  # its origin only
        "place:moscow": 2,
        "-origin:=Moscow": 3,  # those without an origin too
        "-type:=Cable": 2,
        "author:castro -date:1962": 1,
        "type:=cable OR date:1962-10": 3,
    }
    try:
        for query, count in expected.items():
            assert with_columns.count(query) == sql_only.count(query) == count, query
            _same_answers(with_columns, sql_only, query)
        assert with_columns.describe_columns()["reads"] == 1
    finally:
        with_columns.close()
        sql_only.close()


@pytest.mark.postgres
def test_postgresql_answers_alike(pg_seed_url: str) -> None:
    with_columns = Catalog.open(pg_seed_url)
    with_columns.keep_columns()
    assert with_columns.wait_for_columns(30)
    sql_only = Catalog.open(pg_seed_url)
    try:
        for query in (None, "author:Stalin", "year:1951", "armistice OR type:=Cable"):
            # PostgreSQL orders names by its collation; the counts must agree value by value.
            assert with_columns.count(query) == sql_only.count(query)
            assert sorted(with_columns.search(query).ids) == sorted(sql_only.search(query).ids)
            for field in FACET_FIELDS:
                assert sorted(with_columns.facets(field, query), key=repr) == sorted(
                    sql_only.facets(field, query), key=repr
                ), (query, field)
            assert _rounded(with_columns.timeline(query, "month")) == _rounded(
                sql_only.timeline(query, "month")
            )
    finally:
        with_columns.close()
        sql_only.close()


def test_a_bulk_change_made_here_is_followed_without_reading_the_columns_again(
    pair: tuple[Catalog, Catalog],
) -> None:
    """Tags, collections and languages added to or taken from many documents, and a type set
    on them — and each undone — change the columns in place: the answers stay those of SQL,
    and the columns are never read again."""
    with_columns, sql_only = pair
    letters = list(with_columns.search("type:=Letter").ids)
    (collection, *_) = [node.title for node in with_columns.collections()]
    changes = [
        with_columns.retag(letters, add=["bulk", "checked"]),
        with_columns.retag("year:1962", add=["bulk"], remove=["checked"]),
        with_columns.relink("collection", letters[:50], add=[collection]),
        with_columns.relink("language", letters[:40], add=["Georgian"], remove=["*"]),
        with_columns.assign("type", letters[:30], "Aide-memoire"),
        with_columns.assign("archive", letters[:20], None),
    ]

    def compared(queries: tuple[str | None, ...]) -> None:
        # Opened afresh: the other catalog keeps a result's dates for a minute after another
        # program's write, as a second desktop would.
        fresh = Catalog.open(sql_only.remembered_url)
        try:
            for query in queries:
                _same_answers(with_columns, fresh, query)
                for key in ("type", "archive", "collections", "languages"):
                    assert list(with_columns.search(query, sort=key).ids) == list(
                        fresh.search(query, sort=key).ids
                    ), (query, key)
        finally:
            fresh.close()

    compared((None, "tag:bulk", "type:=Letter", "language:Georgian -tag:checked"))
    for change in reversed(changes):
        with_columns.revert(change)
    compared((None, "tag:bulk", "type:=Letter"))
    assert with_columns.describe_columns()["reads"] == 1  # only the first, at opening


def test_an_edit_of_a_few_documents_made_here_is_followed_too(
    pair: tuple[Catalog, Catalog],
) -> None:
    """Every value of an edited document read again into the columns: its type, people,
    places, date, classification — and a merge of two people — answered as SQL answers."""
    with_columns, sql_only = pair
    (document_id, other_id) = list(with_columns.search("type:=Letter").ids)[:2]
    detail = with_columns.detail(document_id)
    assert detail is not None
    edit = with_columns.edit_document(
        document_id,
        detail.version,
        {
            "type": "Aide-memoire",
            "date": "March 3, 1975",
            "authors": ["A Brand New Person"],
            "places": ["Nowhere Land"],
            "classification": "Eyes only",
            "languages": ["Georgian"],
        },
    )
    people = [person.name for person in with_columns.people(limit=3)]
    merge = with_columns.merge_people(people[2], people[1])

    def compared(queries: tuple[str | None, ...]) -> None:
        fresh = Catalog.open(sql_only.remembered_url)
        try:
            for query in queries:
                _same_answers(with_columns, fresh, query)
        finally:
            fresh.close()

    compared((None, "type:=Aide-memoire", "year:1975", 'place:"Nowhere Land"', "author:brand"))
    with_columns.revert(merge)
    with_columns.revert(edit)
    assert with_columns.detail(other_id) is not None
    compared((None, "type:=Letter", "year:1975"))
    assert with_columns.describe_columns()["reads"] == 1  # only the first, at opening
