"""The facet panel: each field's values with their counts under the current filter, to click."""

from desktop_app.services.facet_counts import EXPANDED_BY_DEFAULT
from desktop_app.ui.facets.actions import FacetAction
from desktop_app.ui.facets.model import (
    COUNT_ROLE,
    FACET_VALUE_ROLE,
    MARK_ROLE,
    FacetValuesModel,
    Mark,
)
from desktop_app.ui.facets.panel import FacetPanel
from desktop_app.ui.facets.section import FacetSection

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
