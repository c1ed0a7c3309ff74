"""What a search may be sorted and faceted by, for the command line's choices."""

from __future__ import annotations

from desktop_app.query.compiler import SORT_COLUMNS
from desktop_app.query.facets import FACET_FIELDS as FACET_FIELDS  # re-exported

#: The table columns a search can be sorted by (`--sort`), in alphabetical order.
SORT_KEYS: tuple[str, ...] = tuple(sorted(SORT_COLUMNS))
