"""News of changes: a catalog another connection writes to tells its watchers."""

from __future__ import annotations

import time
from collections.abc import Callable

from desktop_app.services.catalog import Catalog
from desktop_app.services.changes import CatalogChange

from .conftest import SEED


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


def test_an_sqlite_catalogs_own_writes_are_told_as_its_own(catalog_url: str) -> None:
    """SQLite's feed says only that the file changed: a change this catalog made is its own
    (no news for its window), one another made is not."""
    catalog, other = Catalog.open(catalog_url), Catalog.open(catalog_url)
    changes: list[CatalogChange] = []
    try:
        catalog.import_files([SEED])
        catalog.watch_changes(changes.append)
        time.sleep(0.2)
        catalog.retag("author:Stalin", add=["mine"])
        assert _wait_for(lambda: bool(changes), 5)
        assert changes == [CatalogChange("changed", own=True)]
        other.retag("author:Mao", add=["theirs"])
        assert _wait_for(lambda: len(changes) == 2, 5)
        assert changes[1] == CatalogChange("changed", own=False)
    finally:
        catalog.close()
        other.close()


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)
    return condition()
