"""The synthetic catalog: deterministic for a seed, realistic in shape, only into empty catalogs."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import InputError
from desktop_app.services.catalog import Catalog
from desktop_app.services.generate import generate


def _titles(documents: int, seed: int) -> list[str]:
    return [d.title for batch in generate(documents, seed=seed) for d in batch.documents]


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
