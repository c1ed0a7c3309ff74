"""The one icon registry: what an icon means, mapped to the qtawesome glyph that draws it."""

from __future__ import annotations

from functools import cache

import qtawesome as qta
from PySide6.QtGui import QIcon

#: Meanings used by the window, each drawn by one Material Design glyph.
ICONS: dict[str, str] = {
    "app": "mdi6.archive-outline",
    "search": "mdi6.magnify",
    "open_catalog": "mdi6.folder-open-outline",
    "import": "mdi6.database-import-outline",
    "quit": "mdi6.exit-to-app",
    "about": "mdi6.information-outline",
    "shortcuts": "mdi6.keyboard-outline",
    "copy": "mdi6.content-copy",
    "collections": "mdi6.file-tree-outline",
    "all_documents": "mdi6.file-document-multiple-outline",
    "detail": "mdi6.text-box-outline",
    "timeline": "mdi6.chart-timeline-variant",
    "columns": "mdi6.table-column",
    "query_error": "mdi6.alert-circle-outline",
    "read_only": "mdi6.lock-outline",
    "reset_layout": "mdi6.restore",
    "move_left": "mdi6.arrow-left",
    "move_right": "mdi6.arrow-right",
    "hide": "mdi6.eye-off-outline",
    "back": "mdi6.arrow-left",
    "forward": "mdi6.arrow-right",
    "save_search": "mdi6.bookmark-plus-outline",
    "saved_search": "mdi6.bookmark-outline",
    "rename": "mdi6.pencil-outline",
    "delete": "mdi6.delete-outline",
    "add_filter": "mdi6.filter-plus-outline",
    "clear_filters": "mdi6.filter-remove-outline",
    "remove_filter": "mdi6.close",
    "apply_filter": "mdi6.check",
    "facets": "mdi6.filter-variant",
    "only_value": "mdi6.filter-check-outline",
    "exclude_value": "mdi6.filter-minus-outline",
    "facet_selected": "mdi6.checkbox-marked",
    "facet_unselected": "mdi6.checkbox-blank-outline",
    "facet_excluded": "mdi6.minus-box",
    "expanded": "mdi6.chevron-down",
    "collapsed": "mdi6.chevron-right",
    "filter_values": "mdi6.magnify",
    "export": "mdi6.database-export-outline",
    "move_up": "mdi6.arrow-up",
    "move_down": "mdi6.arrow-down",
    "cancel": "mdi6.close-circle-outline",
    "problem": "mdi6.alert-outline",
}


@cache
def icon(meaning: str, color: str | None = None) -> QIcon:
    """The icon for a meaning, in `color` (a colour name) or qtawesome's default.

    A KeyError names a meaning nobody registered.
    """
    drawn: QIcon = qta.icon(ICONS[meaning], color=color) if color else qta.icon(ICONS[meaning])
    return drawn
