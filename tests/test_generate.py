"""The synthetic catalog: deterministic for a seed, realistic in shape, only into empty catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from desktop_app.domain.errors import InputError
from desktop_app.services import generate as generating
from desktop_app.services.catalog import Catalog
from desktop_app.services.generate import generate
from desktop_app.storage.engine import catalog_url

from .conftest import PostgresServer


def _titles(documents: int, seed: int) -> list[str]:
    return [title for batch in generate(documents, seed=seed).batches() for title in batch.titles]


def test_the_same_seed_gives_the_same_catalog() -> None:
    assert _titles(300, seed=7) == _titles(300, seed=7)
    assert _titles(300, seed=7) != _titles(300, seed=8)


def test_a_generated_catalog_has_a_realistic_shape(catalog_url: str) -> None:
    catalog = Catalog.open(catalog_url)
    progress: list[int] = []
    assert catalog.generate(3000, seed=3, progress=progress.append) == 3000
    assert progress[-1] == 3000
    assert catalog.count() == 3000
    types = catalog.facets("type")
    assert 10 <= len([t for t in types if t.value]) <= 20
    # Skewed: the commonest type is far more frequent than the rarest.
    assert types[0].count > 10 * types[-1].count
    undated = catalog.count("missing:date")
    assert 0.005 * 3000 < undated < 0.05 * 3000
    assert catalog.count("date:1917..1991") == 3000 - undated
    # Crises cluster documents: the Korean War years hold more than a quiet stretch of equal length.
    assert catalog.count("date:1950..1953") > 2 * catalog.count("date:1925..1928")
    authors = catalog.facets("author", limit=5)
    assert authors[0].count > 3 * authors[4].count  # Zipf-like: a few people write most
    assert len(catalog.collections()) >= 30
    catalog.close()


def test_generate_refuses_a_catalog_that_has_documents(seed_catalog: Catalog) -> None:
    with pytest.raises(InputError, match="has 20 documents"):
        seed_catalog.generate(10)
    assert seed_catalog.count() == 20


def _indexes(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        names = set(
            connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
            .scalars()
            .all()
        )
    engine.dispose()
    return names


def test_an_interrupted_generate_keeps_its_chunks_and_every_index(
    catalog_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    Catalog.open(fresh).close()
    monkeypatch.setattr(generating, "CHUNK", 1000)
    catalog = Catalog.open(catalog_url)

    def interrupt(written: int) -> None:
        if written >= 2000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        catalog.generate(5000, seed=2, progress=interrupt)
    assert catalog.count() == 2000
    assert catalog.count("type:=Letter") > 0  # answered through the rebuilt indexes
    catalog.close()
    assert _indexes(catalog_url) == _indexes(fresh)


def test_the_same_seed_writes_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generating, "CHUNK", 1000)

    def written(name: str) -> list[tuple[object, ...]]:
        url = f"sqlite:///{tmp_path / name}"
        catalog = Catalog.open(url)
        catalog.generate(2500, seed=5)
        catalog.close()
        engine = create_engine(url)
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT id, import_key, title, summary, date_text, sort_authors FROM documents "
                "ORDER BY id"
            ).all()
        engine.dispose()
        return [tuple(row) for row in rows]

    assert written("one.sqlite") == written("other.sqlite")


def test_the_full_text_index_merges_as_usual_after_generating(tmp_path: Path) -> None:
    """Merging is paused while chunks are written, and on again once the catalog is made."""
    import sqlite3

    path = tmp_path / "generated.sqlite"
    catalog = Catalog.open(f"sqlite:///{path}")
    catalog.generate(3000, seed=2)
    catalog.close()
    with sqlite3.connect(path) as connection:
        settings = dict(connection.execute("SELECT k, v FROM documents_fts_config"))
    assert int(settings.get("automerge", 4)) == 4
    catalog = Catalog.open(f"sqlite:///{path}")
    first = catalog.detail(catalog.search(limit=1).ids[0])
    assert first is not None
    word = first.summary.split()[0].strip(".,").lower()
    assert catalog.search(word).total > 0
    catalog.close()


def test_generating_leaves_every_connection_waiting_for_the_disk_again(tmp_path: Path) -> None:
    """Chunks commit without waiting for the disk; afterwards the catalog is as durable as any."""
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'generated.sqlite'}")
    engine = catalog._opened.engine  # the pool's connections are what matters here
    seen: list[int] = []

    def note(dbapi_connection: object, _record: object) -> None:
        seen.append(dbapi_connection.execute("PRAGMA synchronous").fetchone()[0])  # type: ignore[attr-defined]

    from sqlalchemy import event

    catalog.generate(2000, seed=4)
    event.listen(engine, "checkout", lambda connection, record, proxy: note(connection, record))
    assert catalog.count() == 2000
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert seen and set(seen) == {1}  # NORMAL, as every catalog connection has it
    catalog.close()


def test_generated_texts_have_realistic_lengths_and_are_searched(tmp_path: Path) -> None:
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'texts.sqlite'}")
    try:
        assert catalog.generate(600, seed=5, texts=True) == 600
        ids = catalog.search().ids
        details = [catalog.detail(document_id) for document_id in ids[:200]]
        lengths = sorted(len(detail.text.split()) for detail in details if detail is not None)
        assert lengths[0] >= 40 and lengths[-1] <= 12_000
        assert 250 <= lengths[len(lengths) // 2] <= 650  # a median of about 400 words
        assert all(
            "\n\n" in detail.text for detail in details if detail and len(detail.text) > 4000
        )
        # A word of one text finds that document by its text alone, and it ranks by relevance.
        first = details[0]
        assert first is not None
        word = max(first.text.replace(".", " ").split(), key=len).lower()
        assert first.row.id in catalog.search(f"body:{word}").ids
        assert catalog.search(word, sort="relevance").ids
    finally:
        catalog.close()
    # Without texts a generated catalog has none, as before.
    plain = Catalog.open(f"sqlite:///{tmp_path / 'plain.sqlite'}")
    try:
        plain.generate(50, seed=5)
        texts = [plain.detail(document_id) for document_id in plain.search().ids]
        assert all(detail is not None and detail.text == "" for detail in texts)
    finally:
        plain.close()


@pytest.mark.postgres
def test_generating_on_postgresql_builds_every_index_again(
    postgres_server: PostgresServer, pg_url: str
) -> None:
    """The plain indexes are dropped while generating and built once at the end; afterwards
    the catalog has exactly the indexes of a fresh one."""

    def indexes(url: str) -> set[str]:
        engine = create_engine(catalog_url(url))
        with engine.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            )
            names = set(found.scalars())
        engine.dispose()
        return names

    fresh = postgres_server.url(postgres_server.create_database())
    Catalog.open(fresh).close()
    catalog = Catalog.open(pg_url)
    catalog.generate(1200, seed=4)
    assert catalog.count("type:=Letter") > 0
    (row,) = catalog.rows(catalog.search(limit=1).ids)
    # A word of a title, found through the full-text index, whose GIN index is back too.
    assert catalog.count(f"title:{row.title.split()[-1]}") > 0
    catalog.close()
    assert indexes(pg_url) == indexes(fresh)
    assert "ix_document_search_vector" in indexes(pg_url)
