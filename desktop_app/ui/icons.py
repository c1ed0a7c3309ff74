"""The one icon registry: what an icon means, mapped to the qtawesome glyph that draws it."""

from __future__ import annotations

from functools import cache

import qtawesome as qta
from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

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
    "float_pane": "mdi6.window-restore",
    "close_pane": "mdi6.close",
    "more_buttons": "mdi6.chevron-double-right",
    "cite": "mdi6.format-quote-close-outline",
}

#: The docks' title-bar buttons, drawn from the registry by `dock_style`.
_DOCK_BUTTONS = {
    QStyle.StandardPixmap.SP_TitleBarNormalButton: "float_pane",
    QStyle.StandardPixmap.SP_TitleBarCloseButton: "close_pane",
}


@cache
def icon(meaning: str, color: str | None = None) -> QIcon:
    """The icon for a meaning, in `color` (a colour name) or else in the palette's text colours.

    Without a colour the icon takes the application palette's colours each time it is drawn
    (text, disabled text, highlighted text when selected), so that it stays readable when the
    desktop switches between light and dark. A KeyError names a meaning nobody registered.
    """
    name = ICONS[meaning]
    if color:
        drawn: QIcon = qta.icon(name, color=color)
        return drawn
    return QIcon(_PaletteIconEngine(name))


@cache
def _glyph(name: str, normal: str, disabled: str, selected: str) -> QIcon:
    drawn: QIcon = qta.icon(name, color=normal, color_disabled=disabled, color_selected=selected)
    return drawn


#: The engine copies Qt made of palette icons (see `_PaletteIconEngine.clone`).
_ENGINE_COPIES: list[QIconEngine] = []


class _PaletteIconEngine(QIconEngine):
    """A glyph drawn in the application palette's colours of the moment.

    qtawesome fixes an icon's colours when it is made, and an icon made under a light palette
    stays dark on a dark one; this engine asks for the glyph in the current colours instead.
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def clone(self) -> QIconEngine:
        # Qt copies an icon's engine before changing the icon (addPixmap) and keeps the copy,
        # but Python would free the object returned here at once, and Qt would draw with a
        # freed engine: the copies live as long as the program (a few, each a name).
        copy = _PaletteIconEngine(self._name)
        _ENGINE_COPIES.append(copy)
        return copy

    def _current(self) -> QIcon:
        palette = QGuiApplication.palette()
        group = QPalette.ColorGroup
        return _glyph(
            self._name,
            palette.color(group.Active, QPalette.ColorRole.Text).name(),
            palette.color(group.Disabled, QPalette.ColorRole.Text).name(),
            palette.color(group.Active, QPalette.ColorRole.HighlightedText).name(),
        )

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._current().paint(painter, rect, Qt.AlignmentFlag.AlignCenter, mode, state)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._current().pixmap(size, 1.0, mode, state)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        # Drawn at the screen's resolution: sharp at 2× rather than a 1× pixmap blown up.
        return self._current().pixmap(size, scale, mode, state)


class DockStyle(QProxyStyle):
    """The application's style, with the docks' float and close glyphs from the registry.

    Fusion's own are faint on a dark palette (about 2:1 against the title bar); these follow
    the palette as every other icon does, and are drawn sharp at any scale.
    """

    def standardIcon(
        self,
        standard_icon: QStyle.StandardPixmap,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> QIcon:
        meaning = _DOCK_BUTTONS.get(standard_icon)
        if meaning is not None:
            return icon(meaning)
        return super().standardIcon(standard_icon, option, widget)


@cache
def dock_style() -> DockStyle:
    """The one style every dock is given; the application keeps it, as a widget does not own
    the style it is given."""
    style = DockStyle()
    style.setParent(QCoreApplication.instance())
    return style
