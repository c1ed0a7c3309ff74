"""What a search may be sorted and faceted by, for the command line's choices."""

from __future__ import annotations

from desktop_app.query.compiler import RELEVANCE, SORT_COLUMNS
from desktop_app.query.facets import FACET_FIELDS as FACET_FIELDS  # re-exported

#: What a search can be sorted by (`--sort`): the table columns in alphabetical order, then
#: relevance to the query's words.
SORT_KEYS: tuple[str, ...] = (*sorted(SORT_COLUMNS), RELEVANCE)
