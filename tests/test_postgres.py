"""The seed on PostgreSQL answers as on SQLite: migrations, queries, facets, timeline, export.

The indexes are checked with EXPLAIN too. At the seed's twenty documents PostgreSQL rightly reads
whole tables, so the plans are asked for with sequential scans priced out (`enable_seqscan =
off`): what is checked is that each statement *can* use its index (an expression or partial
index that a statement does not match word for word would not be used at any size). Measured
on a generated catalog of 100,000 documents with the planner left alone:

- a page of the table (`ORDER BY sort_date, id LIMIT 200`) walks `ix_documents_sort_date` with
  an incremental sort for the id: 4 ms; other sort columns alike;
- a word search is a bitmap scan of the GIN index `ix_document_search_vector`: 1 ms; a phrase
  too (3 ms), unless its words are in a third of the catalog, where a scan is rightly chosen;
- date filters use `ix_documents_date`, filters on names the `ix_*_id` indexes of the links;
- the timeline reads `ix_documents_year` (index-only once VACUUM has marked the pages, which
  `refresh_statistics` does: 47 ms -> 7 ms), `ix_documents_date` and `ix_documents_multi_year`;
- facet counts under a filter start from the filter's index (8 ms under `date:1951`); over the
  whole catalog they read every row, as on SQLite (80-130 ms), since every row is counted;
- a full, unpaged search sorts all ids in memory (140 ms): the table asks for pages instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, event, select, text

from desktop_app.domain.columns import EXPORT_COLUMNS
from desktop_app.domain.errors import ReadOnlyCatalogError
from desktop_app.domain.timeline import BinSize
from desktop_app.query.compiler import SORT_COLUMNS, condition, ordered
from desktop_app.query.facets import FACET_FIELDS
from desktop_app.query.parser import parse
from desktop_app.services.catalog import Catalog
from desktop_app.storage import models as m
from desktop_app.storage.engine import head_revision, open_catalog
from desktop_app.storage.models import Base, include_object

from .conftest import SEED, PostgresServer
from .test_query_language import SEED_QUERIES

pytestmark = pytest.mark.postgres

ALL_COLUMNS = [column.key for column in EXPORT_COLUMNS]


@pytest.fixture(scope="module")
def pg_seed(postgres_server: PostgresServer, _pg_seed_database: str) -> Iterator[Catalog]:
    """One PostgreSQL copy of the seed for the tests that only read, shared by the module."""
    name = postgres_server.create_database(template=_pg_seed_database)
    catalog = Catalog.open(postgres_server.url(name))
    yield catalog
    catalog.close()
    postgres_server.drop_database(name)


@pytest.fixture(scope="module")
def sqlite_seed(_seed_catalog_file: Path) -> Iterator[Catalog]:
    """The SQLite seed catalog to compare with, opened read-only."""
    catalog = Catalog.open(f"sqlite:///file:{_seed_catalog_file}?mode=ro&uri=true")
    yield catalog
    catalog.close()


# -- the schema ------------------------------------------------------------------------------------


def test_migrations_make_the_models_schema_on_postgresql(pg_url: str) -> None:
    opened = open_catalog(pg_url)
    assert opened.schema_version == head_revision()
    assert not opened.read_only
    with opened.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
        indexes = {
            row[0]
            for row in connection.execute(
                text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
            )
        }
    opened.engine.dispose()
    assert {"ix_document_search_vector", "ix_documents_multi_year", "ix_documents_year"} <= indexes


def test_opening_a_catalog_again_migrates_nothing(pg_seed_url: str) -> None:
    opened = open_catalog(pg_seed_url)
    assert opened.schema_version == head_revision()
    opened.engine.dispose()
    assert Catalog.open(pg_seed_url).count() == 20


# -- the same answers ------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), SEED_QUERIES)
def test_query_finds_the_expected_seed_documents(
    pg_seed: Catalog, query: str, expected: int
) -> None:
    assert pg_seed.count(query) == expected
    assert pg_seed.search(query).total == expected


def test_hostile_queries_leave_the_catalog_whole(pg_seed: Catalog) -> None:
    pg_seed.search("'; DROP TABLE documents; --")
    pg_seed.search('title:"\'); DELETE FROM documents; --"')
    pg_seed.search("a%_\\ OR :: ( b* )")
    assert pg_seed.count() == 20


@pytest.mark.parametrize("sort", sorted(SORT_COLUMNS))
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_orders_as_on_sqlite(
    pg_seed: Catalog, sqlite_seed: Catalog, sort: str, descending: bool
) -> None:
    def titles(catalog: Catalog) -> list[str]:
        ids = catalog.search("", sort=sort, descending=descending).ids
        return [row.title for row in catalog.rows(ids)]

    assert titles(pg_seed) == titles(sqlite_seed)


@pytest.mark.parametrize("query", ["", "year:1952", "author:Stalin", "armistice OR type:cable"])
@pytest.mark.parametrize("field", FACET_FIELDS)
def test_facets_count_as_on_sqlite(
    pg_seed: Catalog, sqlite_seed: Catalog, field: str, query: str
) -> None:
    assert pg_seed.facets(field, query) == sqlite_seed.facets(field, query)


def test_facet_type_counts_the_seed(pg_seed: Catalog) -> None:
    assert [(value.value, value.count) for value in pg_seed.facets("type")] == [
        ("Ciphered Telegram", 12),
        ("Cable", 4),
        ("Letter", 1),
        ("Memorandum of Conversation", 1),
        ("Report", 1),
        ("Telegram", 1),
    ]


@pytest.mark.parametrize("size", list(BinSize))
@pytest.mark.parametrize("query", [None, "author:Stalin", "armistice", "date:1951-11..1952-02"])
def test_timeline_bins_as_on_sqlite(
    pg_seed: Catalog, sqlite_seed: Catalog, size: BinSize, query: str | None
) -> None:
    start, end = ("1951-09", "1952-08") if size is BinSize.DAY else (None, None)
    assert pg_seed.timeline(query, size, start, end) == sqlite_seed.timeline(
        query, size, start, end
    )


def test_details_and_export_values_as_on_sqlite(pg_seed: Catalog, sqlite_seed: Catalog) -> None:
    pg_ids = pg_seed.search().ids
    sqlite_ids = sqlite_seed.search().ids
    assert pg_seed.export_values(pg_ids, ALL_COLUMNS) == sqlite_seed.export_values(
        sqlite_ids, ALL_COLUMNS
    )
    for pg_id, sqlite_id in zip(pg_ids, sqlite_ids, strict=True):
        pg_detail, sqlite_detail = pg_seed.detail(pg_id), sqlite_seed.detail(sqlite_id)
        assert pg_detail is not None and sqlite_detail is not None
        assert pg_detail.row.title == sqlite_detail.row.title
        assert pg_detail.summary == sqlite_detail.summary
        assert pg_detail.title_dates == sqlite_detail.title_dates


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_an_export_round_trips_through_postgresql(
    pg_seed: Catalog, pg_url: str, tmp_path: Path, file_format: str
) -> None:
    out = tmp_path / f"seed.{file_format}"
    assert pg_seed.export(out, columns=ALL_COLUMNS, file_format=file_format).rows == 20
    copy = Catalog.open(pg_url)
    try:
        (report,) = copy.import_files([out])
        assert (report.added, report.updated, report.skipped) == (20, 0, 0)
        assert copy.export_values(copy.search().ids, ALL_COLUMNS) == pg_seed.export_values(
            pg_seed.search().ids, ALL_COLUMNS
        )
        for query, expected in SEED_QUERIES:
            assert copy.count(query) == expected, query
        (again,) = copy.import_files([out])
        assert (again.added, again.updated, again.skipped) == (0, 0, 20)
    finally:
        copy.close()


# -- the indexes, by EXPLAIN -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_generated(postgres_server: PostgresServer) -> Iterator[Catalog]:
    """A generated catalog of 5,000 documents: enough for the planner to prefer indexes."""
    name = postgres_server.create_database()
    catalog = Catalog.open(postgres_server.url(name))
    catalog.generate(5000, seed=1)  # ends with VACUUM (ANALYZE), as an import does
    yield catalog
    catalog.close()
    postgres_server.drop_database(name)


def _plans(engine: Engine, statements: list[tuple[str, Any]], *, seqscan: bool = True) -> str:
    """The plans of statements as one text; `seqscan=False` prices sequential scans out."""
    lines: list[str] = []
    with engine.connect() as connection:
        if not seqscan:
            connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
            lines.extend(str(row[0]) for row in rows)
    return "\n".join(lines)


def _captured(catalog: Catalog, call: Callable[[], object]) -> list[tuple[str, Any]]:
    """The SELECT statements (with their parameters) that a catalog call sends."""
    engine = catalog._opened.engine
    seen: list[tuple[str, Any]] = []

    def capture(_c: object, _cu: object, statement: str, parameters: Any, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen


def _compiled(engine: Engine, statement: Any) -> tuple[str, Any]:
    compiled = statement.compile(dialect=engine.dialect)
    return str(compiled), compiled.params


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(SORT_COLUMNS))
def test_a_page_of_any_sort_walks_its_index(
    pg_generated: Catalog, sort: str, descending: bool
) -> None:
    engine = pg_generated._opened.engine
    column = SORT_COLUMNS[sort]
    statement = ordered(select(m.Document.id), sort, descending).limit(200)
    plan = _plans(engine, [_compiled(engine, statement)])
    assert f"using ix_documents_{column.key} on documents" in plan, plan


@pytest.mark.parametrize(
    ("query", "indexes"),
    [
        # Words of the generated catalog's invented language, each in under 1% of it.
        ("balinma", ["ix_document_search_vector"]),
        ("bali*", ["ix_document_search_vector"]),
        ("summary:balinma", ["ix_document_search_vector"]),
        ("title:minutes", ["ix_document_search_vector"]),
        ("type:directive", ["ix_documents_doc_type_id"]),
        ('author:"Soka Kedaer"', ["ix_document_people_person_role"]),
        ("place:dizhuvo", ["ix_document_places_place_id", "ix_documents_origin_id"]),
    ],
)
def test_filters_use_their_index(pg_generated: Catalog, query: str, indexes: list[str]) -> None:
    engine = pg_generated._opened.engine
    statement = select(m.Document.id).where(condition(parse(query)))
    plan = _plans(engine, [_compiled(engine, statement)])
    for index in indexes:
        assert index in plan, plan
    assert "Seq Scan on documents" not in plan, plan


def test_a_date_filter_can_use_the_date_index(pg_generated: Catalog) -> None:
    """Only can: PostgreSQL takes the two halves of an overlap (start before the end asked,
    end after the start asked) for independent, guesses a quarter of the catalog for any
    date filter, and reads the whole table at this size; at 100,000 documents it chose the
    index for two months of 1951 (1,405 of them, 3 ms)."""
    engine = pg_generated._opened.engine
    statement = select(m.Document.id).where(condition(parse("date:1951-11..1951-12")))
    assert "ix_documents_date" in _plans(engine, [_compiled(engine, statement)], seqscan=False)


def test_the_timeline_counts_from_indexes_alone(pg_generated: Catalog) -> None:
    pg_generated._timeline_dates.clear()
    statements = _captured(
        pg_generated, lambda: pg_generated.timeline(None, BinSize.YEAR)
    ) + _captured(pg_generated, lambda: pg_generated.timeline(None, BinSize.MONTH, "1951", "1952"))
    plans = _plans(pg_generated._opened.engine, statements)
    for index in ("ix_documents_year", "ix_documents_date", "ix_documents_multi_year"):
        assert f"Index Only Scan using {index}" in plans, plans
    assert "Seq Scan on documents" not in plans, plans


def test_facets_under_a_word_start_from_the_full_text_index(pg_generated: Catalog) -> None:
    statements = _captured(pg_generated, lambda: pg_generated.facets("type", "balinma"))
    plans = _plans(pg_generated._opened.engine, statements)
    assert "ix_document_search_vector" in plans, plans
    assert "Seq Scan on documents" not in plans, plans


def test_a_catalog_from_a_newer_dossier_opens_read_only(
    postgres_server: PostgresServer, pg_seed_url: str
) -> None:
    postgres_server.execute(
        "UPDATE alembic_version SET version_num = '9999'", pg_seed_url.rsplit("/", 1)[1]
    )
    catalog = Catalog.open(pg_seed_url)
    try:
        assert catalog.read_only
        assert "newer version of Dossier" in catalog.read_only_reason
        assert catalog.count() == 20
        with pytest.raises(ReadOnlyCatalogError):
            catalog.import_files([SEED])
    finally:
        catalog.close()


def test_dossier_sessions_run_without_the_servers_jit_compiler(pg_seed_url: str) -> None:
    """JIT compiled each exported page's expressions for a fifth of its time."""
    catalog = Catalog.open(pg_seed_url)
    try:
        with catalog._transactions.read() as session:
            assert session.execute(text("SHOW jit")).scalar_one() == "off"
    finally:
        catalog.close()
