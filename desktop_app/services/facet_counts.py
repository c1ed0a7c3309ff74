"""Facet counting for the window's panel: which fields, how many values, and in what order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.domain.views import FacetValue
from desktop_app.query import editing
from desktop_app.query.ast import Node, Or
from desktop_app.query.facets import FACET_FIELDS
from desktop_app.services.catalog import Catalog

#: The panel's sections in order (PRODUCT.md §5): every facet but the rarer roles and the
#: classification, which the filter builder and the query language still reach.
SECTIONS: tuple[str, ...] = tuple(
    field for field in FACET_FIELDS if field not in ("classification", "via", "participant")
)
#: Open at first; the others show their heading only until clicked.
EXPANDED_BY_DEFAULT: tuple[str, ...] = ("type", "author", "recipient", "year")

#: Values a section shows at first; "Show more" multiplies it up to MAX_LIMIT.
FIRST_LIMIT = 8
MORE_FACTOR = 5
MAX_LIMIT = 1000
#: Names a section's filter box looks up (the catalog's completion, indexed and small).
FILTER_LIMIT = 100

_YEAR_FIELDS = ("year", "decade")


def value_key(value: str | None) -> str | None:
    """What two spellings of one value have in common (None stays the "(none)" bucket)."""
    return value.casefold() if value is not None else None


def more_limit(limit: int) -> int:
    """How many values "Show more" asks for after `limit`."""
    return min(MAX_LIMIT, limit * MORE_FACTOR)


def can_show_more(more: bool, limit: int) -> bool:
    """Whether "Show more" is offered: the catalog has more values and the limit allows them."""
    return more and limit < MAX_LIMIT


def can_show_fewer(limit: int, finding: bool) -> bool:
    """Whether "Show fewer" is offered: more than the first few are shown, and not found."""
    return limit > FIRST_LIMIT and not finding


def counted_query(node: Node | None, field: str) -> Node | None:
    """The query a field's values are counted under.

    A facet's counts ignore its own selection: they show the alternatives to it.
    """
    return editing.without_field(node, field)


def chosen_values(node: Node | None, field: str) -> list[str]:
    """The values of `field` that `node` chooses, without the "(none)" bucket."""
    return [value for value in editing.facet_marks(node, field)[0] if value is not None]


def has_values(values: Iterable[FacetValue]) -> bool:
    """Whether any of `values` is a real value rather than the "(none)" bucket."""
    return any(value.value is not None for value in values)


def field_has_values(catalog: Catalog, field: str) -> bool:
    """Whether any document of the catalog has a value of `field`."""
    return has_values(catalog.facets(field, None, 1))


def kept_in_sight(values: Iterable[str | None]) -> list[str | None]:
    """Chosen or excluded values in the order they are listed when not counted: by name, then
    the "(none)" bucket."""
    values = set(values)
    named = sorted((value for value in values if value is not None), key=str.casefold)
    return named + ([None] if None in values else [])


def listed(
    values: Sequence[FacetValue], kept: Sequence[str | None]
) -> list[tuple[str | None, int | None]]:
    """The rows a section lists: the counted values, then the `kept` values the counts lack
    (with no count), then the "(none)" bucket.

    Excluded values have no documents left to count, and a chosen value may not be counted
    yet: they stay listed so that they can be clicked back.
    """
    rows: list[tuple[str | None, int | None]] = [(v.value, v.count) for v in values]
    shown = {value_key(value) for value, _ in rows}
    missing: list[tuple[str | None, int | None]] = [
        (value, None) for value in kept if value_key(value) not in shown
    ]
    none_rows = [row for row in rows if row[0] is None]
    return [row for row in rows if row[0] is not None] + missing + none_rows


@dataclass(frozen=True, slots=True)
class FacetCounts:
    """What a section shows: values with counts, and whether the catalog has more of them."""

    values: list[FacetValue]
    more: bool
    #: The counts are of the whole catalog (no filter), so they tell whether the field has values.
    whole_catalog: bool


def count_values(
    catalog: Catalog,
    field: str,
    query: Node | None,
    limit: int,
    find: str,
    selected: Sequence[str | None],
) -> FacetCounts:
    """A section's values under `query`, most frequent first, the "(none)" bucket last.

    `find` narrows them to names with a word beginning so. Chosen values beyond `limit` are
    counted one by one, so a chosen value never drops out of sight.
    """
    if find:
        return FacetCounts(_found_values(catalog, field, query, find), False, False)
    found = catalog.facets(field, query, limit + 1)
    real = [value for value in found if value.value is not None]
    none = [value for value in found if value.value is None]
    shown = real[:limit]
    present = {value_key(value.value) for value in shown}
    extras: list[FacetValue] = []
    for value in sorted(v for v in selected if v is not None and value_key(v) not in present):
        term = editing.facet_term(field, value)
        extras.append(
            FacetValue(value, catalog.count(editing.join([*editing.clauses(query), term])))
        )
    return FacetCounts([*shown, *extras, *none], len(real) > limit, query is None)


def _found_values(catalog: Catalog, field: str, query: Node | None, find: str) -> list[FacetValue]:
    if field in _YEAR_FIELDS:
        # A few hundred years at most: filtered here.
        years = catalog.facets(field, query)
        return [v for v in years if v.value is not None and v.value.startswith(find.strip())]
    names = catalog.values(field, find, FILTER_LIMIT)
    if not names:
        return []
    # Counting only documents with one of the names keeps this quick in a big catalog; each
    # name's own count is unchanged, since its documents all have one of them.
    terms = tuple(editing.facet_term(field, name) for name in names)
    some = terms[0] if len(terms) == 1 else Or(terms)
    wanted = {name.casefold() for name in names}
    counted = catalog.facets(field, editing.join([*editing.clauses(query), some]))
    return [v for v in counted if v.value is not None and v.value.casefold() in wanted]
