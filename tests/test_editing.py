"""Editing a document on an SQLite catalog: version checks, and edits refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.errors import ConflictError, InputError
from desktop_app.services.catalog import Catalog


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
