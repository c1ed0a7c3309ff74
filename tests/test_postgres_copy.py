"""`dossier copy` between SQLite and PostgreSQL: the same catalog on the other side, or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.domain.columns import EXPORT_COLUMNS
from desktop_app.domain.timeline import BinSize
from desktop_app.query.facets import FACET_FIELDS
from desktop_app.services.catalog import Catalog
from desktop_app.storage.copying import tables

from .conftest import PostgresServer
from .test_query_language import SEED_QUERIES

pytestmark = pytest.mark.postgres

ALL_COLUMNS = [column.key for column in EXPORT_COLUMNS]


@pytest.fixture
def edited_seed(seed_catalog: Catalog, tmp_path: Path) -> str:
    """The SQLite seed with what only a person adds: tags, notes, a saved search, new versions."""
    document_id = seed_catalog.search("armistice korea").ids[0]
    detail = seed_catalog.detail(document_id)
    assert detail is not None
    seed_catalog.update_document(
        document_id, detail.version, notes="Compare the Russian text.", tags=["Korea", "to read"]
    )
    seed_catalog.save_search("Stalin's letters", "author:Stalin type:letter")
    return f"sqlite:///{tmp_path / 'seed.sqlite'}"


def _run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every catalog table, in order of primary key."""
    catalog = Catalog.open(url)
    try:
        with catalog._opened.engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in tables()
            }
    finally:
        catalog.close()


def _answers(catalog: Catalog) -> dict[str, object]:
    """What a person sees of a catalog: counts, rows, facets, timeline, saved searches."""
    ids = catalog.search().ids
    return {
        "counts": [catalog.count(query) for query, _ in SEED_QUERIES],
        "values": catalog.export_values(ids, ALL_COLUMNS),
        "details": [catalog.detail(i) for i in ids],
        "facets": [catalog.facets(field) for field in FACET_FIELDS],
        "timeline": catalog.timeline(None, BinSize.MONTH),
        "collections": catalog.collections(),
        "saved": catalog.saved_searches(),
        "tagged": catalog.count("tag:read"),
    }


def test_sqlite_to_postgresql_to_sqlite_gives_the_same_catalog(
    edited_seed: str, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(capsys, "copy", edited_seed, pg_url)
    assert status == 0, err
    assert "20 documents" in out and "counts verified" in out
    assert "documents 20/20" in err.splitlines()
    assert "full-text index 20/20" in err.splitlines()
    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    status, out, err = _run(capsys, "copy", pg_url, back)
    assert status == 0, err

    assert _contents(back) == _contents(edited_seed)
    original, on_server, returned = (Catalog.open(url) for url in (edited_seed, pg_url, back))
    try:
        expected = _answers(original)
        assert [count for count, (_, n) in zip(expected["counts"], SEED_QUERIES, strict=True)] == [
            n for _, n in SEED_QUERIES
        ]
        assert expected["tagged"] == 1
        assert _answers(on_server) == expected
        assert _answers(returned) == expected
    finally:
        for catalog in (original, on_server, returned):
            catalog.close()


def test_a_catalog_copied_to_postgresql_takes_new_records(
    edited_seed: str, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "copy", edited_seed, pg_url)[0] == 0
    new = tmp_path / "new.csv"
    new.write_text("title,date,type\nA telegram found later,1953-03-05,Telegram\n", "utf-8")
    catalog = Catalog.open(pg_url)
    try:
        (report,) = catalog.import_files([new])
        assert report.added == 1
        assert catalog.count() == 21
        (added,) = catalog.search('title:"found later"').ids
        assert added > 20
        catalog.save_search("Later", "year:1953")
        assert [saved.name for saved in catalog.saved_searches()] == ["Later", "Stalin's letters"]
    finally:
        catalog.close()


def test_a_target_that_holds_a_catalog_is_refused_and_left_alone(
    seed_catalog: Catalog, pg_seed_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(capsys, "copy", f"sqlite:///{tmp_path / 'seed.sqlite'}", pg_seed_url)
    assert status == 2
    assert "already holds a catalog (20 documents" in err
    assert err.count("\n") == 1
    target = Catalog.open(pg_seed_url)
    try:
        assert target.count() == 20
    finally:
        target.close()


def test_a_source_that_is_not_a_catalog_is_refused(
    postgres_server: PostgresServer,
    pg_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = tmp_path / "missing.sqlite"
    status, _, err = _run(capsys, "copy", str(missing), pg_url)
    assert (status, err.strip()) == (1, f"dossier: {missing}: no catalog there")
    assert not missing.exists()
    status, _, err = _run(capsys, "copy", pg_url, str(tmp_path / "copy.sqlite"))
    assert status == 1
    assert "no Dossier catalog in this database" in err
    database = pg_url.rsplit("/", 1)[1]
    # Naming an empty database as the source made nothing in it.
    assert postgres_server.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", database
    ) == [(0,)]


def test_a_copy_whose_counts_differ_is_not_kept(
    postgres_server: PostgresServer,
    edited_seed: str,
    pg_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    Catalog.open(pg_url).close()  # an empty catalog, migrated
    database = pg_url.rsplit("/", 1)[1]
    # A trigger that silently drops saved searches: the copy finishes, but one row is missing.
    postgres_server.execute(
        "CREATE FUNCTION swallow() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'",
        database,
    )
    postgres_server.execute(
        "CREATE TRIGGER swallow BEFORE INSERT ON saved_searches "
        "FOR EACH ROW EXECUTE FUNCTION swallow()",
        database,
    )
    status, out, err = _run(capsys, "copy", edited_seed, pg_url)
    assert status == 1
    assert "the copy differs, so none of it was kept" in err
    assert "saved_searches 1 in the source, 0 in the copy" in err
    assert out == ""
    target = Catalog.open(pg_url)
    try:
        assert target.count() == 0
        assert target.collections() == []
    finally:
        target.close()
