"""Opening a catalog by its address: a file path or a database URL; one that is neither refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.errors import CatalogError
from desktop_app.services.catalog import Catalog

from .conftest import SEED


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
