"""Facet counts of every field, in SQL and from the arrays, against the queries they make."""

from __future__ import annotations

import pytest

from desktop_app.domain.views import FacetValue
from desktop_app.query.facets import FACET_FIELDS
from desktop_app.services.catalog import Catalog
from desktop_app.storage.fields import LINKED_FIELDS, LOOKUP_FIELDS, PEOPLE_FIELDS

from .conftest import SHARED_DATA

RECORDS = SHARED_DATA / "wilson-records-sample.json"

# Each field the registry stores, and the query that picks one of its values: clicking a facet
# value must find as many documents as the facet counted.
_STORED_FIELDS = (*LOOKUP_FIELDS, *LINKED_FIELDS, *PEOPLE_FIELDS)


@pytest.fixture
def catalog(seed_catalog: Catalog) -> Catalog:
    """The seed with the scraped archive records, which give archives, places, subjects and
    languages too."""
    if not RECORDS.exists():
        pytest.skip(f"the shared archive records are absent ({RECORDS})")
    seed_catalog.import_files([RECORDS])
    return seed_catalog


def _counts(catalog: Catalog, field: str) -> list[FacetValue]:
    values = catalog.facets(field)
    assert values, f"the seed catalog has no {field} facet values"
    return values


def test_every_facet_field_has_counts_in_the_registry_or_of_its_own() -> None:
    own = {"year", "decade", "classification"}
    assert set(FACET_FIELDS) == set(_STORED_FIELDS) | own


@pytest.mark.parametrize("field", [f for f in _STORED_FIELDS if f != "tag"])
def test_a_facet_values_count_is_what_its_query_finds(catalog: Catalog, field: str) -> None:
    named = [value for value in _counts(catalog, field) if value.value is not None]
    assert named, f"no {field} has a name"
    for value in named[:3]:
        escaped = (value.value or "").replace('"', '\\"')
        found = catalog.count(f'{field}:="{escaped}"')
        # A collection's count holds its own documents; its query also its sub-collections'.
        if field == "collection":
            assert found >= value.count
        else:
            assert found == value.count, f"{field} {value.value!r}"


@pytest.mark.parametrize("field", [f for f in _STORED_FIELDS if f != "tag"])
def test_the_none_bucket_is_what_missing_finds(catalog: Catalog, field: str) -> None:
    none = [value.count for value in catalog.facets(field) if value.value is None]
    missing = catalog.count(f"missing:{field}")
    assert missing == (none[0] if none else 0)
    assert catalog.count(f"has:{field}") == catalog.count() - missing


@pytest.mark.parametrize("field", FACET_FIELDS)
def test_the_arrays_count_as_sql_does(catalog: Catalog, field: str) -> None:
    query = "type:telegram OR year:1950..1952"
    from_sql = catalog.facets(field, query)
    catalog.keep_columns()
    assert catalog.wait_for_columns(30)
    assert catalog.facets(field, query) == from_sql


def test_an_unknown_field_is_refused_with_the_fields_named(seed_catalog: Catalog) -> None:
    from desktop_app.domain.errors import QueryError

    with pytest.raises(QueryError, match="facets are type, author"):
        seed_catalog.facets("colour")
