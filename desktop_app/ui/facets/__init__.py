"""The facet panel: each field's values with their counts under the current filter, to click."""

from desktop_app.ui.facets.panel import (
    COUNT_ROLE,
    EXPANDED_BY_DEFAULT,
    FACET_VALUE_ROLE,
    MARK_ROLE,
    FacetAction,
    FacetPanel,
    FacetSection,
    FacetValuesModel,
    Mark,
)

__all__ = [
    "COUNT_ROLE",
    "EXPANDED_BY_DEFAULT",
    "FACET_VALUE_ROLE",
    "MARK_ROLE",
    "FacetAction",
    "FacetPanel",
    "FacetSection",
    "FacetValuesModel",
    "Mark",
]
