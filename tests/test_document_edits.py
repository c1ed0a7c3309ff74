"""On an SQLite catalog: edits with version checks, news of changes, catalog addresses."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.domain.errors import CatalogError, ConflictError, InputError
from desktop_app.services.catalog import Catalog
from desktop_app.services.changes import CatalogChange

from .conftest import SEED


def test_a_stale_copy_cannot_overwrite_a_newer_edit(seed_catalog: Catalog, tmp_path: Path) -> None:
    other = Catalog.open(f"sqlite:///{tmp_path / 'seed.sqlite'}")
    try:
        document_id = seed_catalog.search("armistice").ids[0]
        mine, theirs = seed_catalog.detail(document_id), other.detail(document_id)
        assert mine is not None and theirs is not None
        seed_catalog.update_document(document_id, mine.version, notes="First.")
        with pytest.raises(ConflictError, match="version 1, the catalog's is version 2"):
            other.update_document(document_id, theirs.version, notes="Second.")
        assert other.detail(document_id).notes == "First."  # type: ignore[union-attr]
    finally:
        other.close()


def test_each_edit_moves_the_version_on_once(seed_catalog: Catalog) -> None:
    document_id = seed_catalog.search("armistice").ids[0]
    first = seed_catalog.update_document(document_id, 1, tags=["Korea"])
    assert (first.version, first.tags) == (2, ("Korea",))
    second = seed_catalog.update_document(document_id, 2, title="Renamed", summary="Short.")
    assert (second.version, second.row.title, second.summary) == (3, "Renamed", "Short.")
    assert list(seed_catalog.search("renamed").ids) == [document_id]
    assert list(seed_catalog.search("summary:short").ids) == [document_id]
    assert seed_catalog.count("tag:korea") == 1
    cleared = seed_catalog.update_document(document_id, 3, tags=[])
    assert cleared.tags == ()
    assert seed_catalog.count("has:tag") == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"title": "   "}, "needs a title"), ({"tags": "Korea"}, "list of names")],
)
def test_an_edit_that_makes_no_sense_changes_nothing(
    seed_catalog: Catalog, fields: dict[str, object], message: str
) -> None:
    document_id = seed_catalog.search("armistice").ids[0]
    before = seed_catalog.detail(document_id)
    with pytest.raises(InputError, match=message):
        seed_catalog.update_document(document_id, 1, **fields)  # type: ignore[arg-type]
    assert seed_catalog.detail(document_id) == before


def test_a_catalog_may_be_named_by_its_path(tmp_path: Path) -> None:
    catalog = Catalog.open(str(tmp_path / "by-path.sqlite"))
    try:
        catalog.import_files([SEED])
        assert catalog.location == str(tmp_path / "by-path.sqlite")
        assert catalog.remembered_url == f"sqlite:///{tmp_path / 'by-path.sqlite'}"
    finally:
        catalog.close()
    assert Catalog.open(f"sqlite:///{tmp_path / 'by-path.sqlite'}").count() == 20


def test_an_address_that_is_no_url_is_refused_without_repeating_it() -> None:
    with pytest.raises(CatalogError, match="neither a file path nor a database URL") as caught:
        Catalog.open("postgresql://historian:s3cret-words@db.example.org:port/team")
    assert "s3cret-words" not in str(caught.value)


def test_an_sqlite_catalog_is_watched_through_its_data_version(catalog_url: str) -> None:
    writer, watcher = Catalog.open(catalog_url), Catalog.open(catalog_url)
    changes: list[CatalogChange] = []
    try:
        watcher.watch_changes(changes.append)
        time.sleep(0.2)
        assert changes == []
        writer.import_files([SEED])
        assert _wait_for(lambda: bool(changes), 5)
        assert changes[0].kind == "changed"
    finally:
        writer.close()
        watcher.close()


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)
    return condition()
