"""The facet panel's use case, without a widget: what is counted, how many, in what order."""

from __future__ import annotations

from desktop_app.domain.views import FacetValue
from desktop_app.query import editing
from desktop_app.query.parser import parse
from desktop_app.services.catalog import Catalog
from desktop_app.services.facet_counts import (
    EXPANDED_BY_DEFAULT,
    FIRST_LIMIT,
    MAX_LIMIT,
    SECTIONS,
    can_show_fewer,
    can_show_more,
    chosen_values,
    count_values,
    counted_query,
    field_has_values,
    has_values,
    kept_in_sight,
    listed,
    more_limit,
    value_key,
)


def test_the_sections_leave_out_the_rarer_roles_and_open_the_common_ones() -> None:
    assert "author" in SECTIONS
    assert not {"classification", "via", "participant"} & set(SECTIONS)
    assert set(EXPANDED_BY_DEFAULT) <= set(SECTIONS)


def test_show_more_multiplies_the_limit_up_to_the_maximum() -> None:
    assert more_limit(FIRST_LIMIT) == FIRST_LIMIT * 5
    assert more_limit(MAX_LIMIT // 2) == MAX_LIMIT
    assert can_show_more(True, FIRST_LIMIT)
    assert not can_show_more(True, MAX_LIMIT)
    assert not can_show_more(False, FIRST_LIMIT)
    assert not can_show_fewer(FIRST_LIMIT, finding=False)
    assert can_show_fewer(more_limit(FIRST_LIMIT), finding=False)
    assert not can_show_fewer(more_limit(FIRST_LIMIT), finding=True)


def test_values_are_the_same_whatever_their_case() -> None:
    assert value_key("Stalin") == value_key("STALIN")
    assert value_key(None) is None


def test_kept_values_are_listed_by_name_with_the_none_bucket_last() -> None:
    assert kept_in_sight({None, "beta", "Alpha"}) == ["Alpha", "beta", None]
    assert kept_in_sight(set()) == []


def test_listed_keeps_chosen_values_in_sight_and_the_none_bucket_last() -> None:
    counted = [FacetValue(None, 3), FacetValue("Molotov", 5), FacetValue("Stalin", 4)]
    rows = listed(counted, ["stalin", "Beria", None])
    assert rows == [("Molotov", 5), ("Stalin", 4), ("Beria", None), (None, 3)]
    assert listed([], [None]) == [(None, None)]


def test_a_fields_own_choice_is_left_out_of_its_counts() -> None:
    node = parse('author:Stalin type:"Cable"')
    assert counted_query(node, "author") == parse('type:"Cable"')
    assert chosen_values(node, "author") == ["Stalin"]
    assert chosen_values(None, "author") == []


def test_has_values_ignores_the_none_bucket() -> None:
    assert not has_values([FacetValue(None, 9)])
    assert has_values([FacetValue(None, 9), FacetValue("Stalin", 1)])


def test_counts_are_most_frequent_first_with_more_beyond_the_limit(
    seed_catalog: Catalog,
) -> None:
    every = seed_catalog.facets("author", None)
    real = [value for value in every if value.value is not None]
    assert len(real) > 2
    counts = count_values(seed_catalog, "author", None, 2, "", [])
    assert [v for v in counts.values if v.value is not None] == real[:2]
    assert counts.more
    assert counts.whole_catalog
    assert field_has_values(seed_catalog, "author")


def test_a_chosen_value_beyond_the_limit_is_counted_on_its_own(seed_catalog: Catalog) -> None:
    real = [v for v in seed_catalog.facets("author", None) if v.value is not None]
    chosen = real[-1]
    counts = count_values(seed_catalog, "author", None, 1, "", [chosen.value])
    named = [v for v in counts.values if v.value is not None]
    assert named == [real[0], chosen]
    expected = seed_catalog.count(editing.facet_term("author", chosen.value))
    assert named[-1].count == expected


def test_finding_narrows_the_values_to_names_with_a_word_beginning_so(
    seed_catalog: Catalog,
) -> None:
    counts = count_values(seed_catalog, "author", None, FIRST_LIMIT, "stal", [])
    assert counts.values
    assert all("stal" in (v.value or "").casefold() for v in counts.values)
    assert not counts.more
    assert not counts.whole_catalog


def test_a_query_that_matches_nothing_counts_no_values(seed_catalog: Catalog) -> None:
    counts = count_values(seed_catalog, "author", parse("title:zzzqqqxxx"), FIRST_LIMIT, "", [])
    assert not has_values(counts.values)
    assert not counts.whole_catalog
