"""The window's layout: its docks placed, sized, restored and saved, and F6 from pane to pane."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QTabWidget,
    QToolBar,
    QWidget,
)

from desktop_app.query.search_query import Sort
from desktop_app.ui.collection_tree import CollectionTree
from desktop_app.ui.document_table import DocumentTable
from desktop_app.ui.facets import EXPANDED_BY_DEFAULT, FacetPanel
from desktop_app.ui.icons import dock_style
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.saved_search_list import SavedSearchList
from desktop_app.ui.timeline import TimelineWidget

#: Bumped when the docks or columns change shape, so an older saved layout is not restored.
LAYOUT_VERSION = 4

#: The timeline's first height in pixels: room for three era lanes, the bars and the axis; in
#: a short window down to the least that keeps the bars readable.
TIMELINE_HEIGHT = 230
MIN_TIMELINE_HEIGHT = 180


def add_dock(
    window: QMainWindow, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
) -> QDockWidget:
    """A dock named `name` holding `widget`, closable, movable and floatable, in `area`."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setAccessibleName(title)
    dock.setStyle(dock_style())
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetClosable
        | QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    window.addDockWidget(area, dock)
    return dock


def add_docks(
    window: QMainWindow,
    *,
    saved_list: SavedSearchList,
    collection_tree: CollectionTree,
    facet_panel: FacetPanel,
    details: QTabWidget,
    timeline: TimelineWidget,
) -> Docks:
    """The window's five docks around its panes; `WindowLayout.apply_default` places them."""
    left, bottom = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
    docks = Docks(
        saved=add_dock(window, "Saved searches", "savedSearchesDock", saved_list, left),
        collections=add_dock(window, "Collections", "collectionsDock", collection_tree, left),
        facets=add_dock(window, "Filter by", "facetDock", facet_panel, left),
        detail=add_dock(window, "Details", "detailDock", details, bottom),
        timeline=add_dock(window, "Timeline", "timelineDock", timeline, bottom),
    )
    # The sidebar runs the window's full height; the details sit under the table only.
    window.setCorner(Qt.Corner.BottomLeftCorner, left)
    window.setCorner(Qt.Corner.TopLeftCorner, left)
    return docks


def _within(widget: QWidget, pane: QWidget) -> bool:
    """Whether `widget` is `pane` or one of its children."""
    return widget is pane or pane.isAncestorOf(widget)


@dataclass(frozen=True, slots=True)
class Panes:
    """The window's panes, in the order they are laid out (F6 follows it)."""

    search_field: QWidget
    saved_list: SavedSearchList
    collection_tree: CollectionTree
    facet_panel: FacetPanel
    table: DocumentTable
    timeline: TimelineWidget
    #: The detail pane and the reader, one tab each.
    details: QTabWidget


@dataclass(frozen=True, slots=True)
class Docks:
    """The window's docks: the sidebar's three, and the timeline and details under the table."""

    saved: QDockWidget
    collections: QDockWidget
    facets: QDockWidget
    timeline: QDockWidget
    detail: QDockWidget

    def sidebar(self) -> tuple[QDockWidget, QDockWidget, QDockWidget]:
        """The sidebar's docks, top to bottom."""
        return self.saved, self.collections, self.facets


class WindowLayout(QObject):
    """Places the docks as they first are, sizes them to the window and the catalog, and
    restores and saves what the person made of them (`settings` None: neither)."""

    def __init__(
        self,
        window: QMainWindow,
        docks: Docks,
        panes: Panes,
        toolbar: QToolBar,
        query_state: QueryState,
        settings: QSettings | None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._docks = docks
        self._panes = panes
        self._toolbar = toolbar
        self._state = query_state
        self._settings = settings
        self._restored = False
        self._docks_sized = False
        self._sidebar_fitted = False

    def first_size(self) -> QSize:
        """1400×900, or nine tenths of a smaller screen; later launches restore their own."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return QSize(1400, 900)
        available = screen.availableSize()
        return QSize(min(1400, available.width() * 9 // 10), min(900, available.height() * 9 // 10))

    def apply_default(self) -> None:
        """The docks where they first are, all shown, sized to the window."""
        docks, window = self._docks, self._window
        for dock in (docks.saved, docks.collections, docks.facets, docks.timeline, docks.detail):
            dock.setFloating(False)
            dock.setVisible(True)
        # Saved searches, then collections, then the facets, one under the other.
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, docks.saved)
        window.splitDockWidget(docks.saved, docks.collections, Qt.Orientation.Vertical)
        window.splitDockWidget(docks.collections, docks.facets, Qt.Orientation.Vertical)
        # Under the table its timeline, which follows the same query, then the details.
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, docks.timeline)
        window.splitDockWidget(docks.timeline, docks.detail, Qt.Orientation.Vertical)
        self._toolbar.setVisible(True)
        self._panes.facet_panel.set_expanded_fields(EXPANDED_BY_DEFAULT)
        self._size_docks()

    def restore(self) -> None:
        """What the last window of this version left: geometry, docks, columns, sort, facets."""
        settings = self._settings
        if settings is None or settings.value("layout/version") != str(LAYOUT_VERSION):
            return
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self._window.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self._restored = self._window.restoreState(state, LAYOUT_VERSION)
        header = settings.value("table/header")
        table = self._panes.table
        if isinstance(header, QByteArray) and table.restore_state(header):
            self._state.set_sort(Sort(*table.sort_order()))
        expanded = settings.value("facets/expanded")
        if isinstance(expanded, str):
            self._panes.facet_panel.set_expanded_fields(expanded.split(","))

    def save(self) -> None:
        settings = self._settings
        if settings is None:
            return
        settings.setValue("layout/version", str(LAYOUT_VERSION))
        settings.setValue("window/geometry", self._window.saveGeometry())
        settings.setValue("window/state", self._window.saveState(LAYOUT_VERSION))
        settings.setValue("table/header", self._panes.table.save_state())
        key, descending = self._state.sort.key, self._state.sort.descending
        settings.setValue("table/sort", f"{key} {'descending' if descending else 'ascending'}")
        settings.setValue("facets/expanded", ",".join(self._panes.facet_panel.expanded_fields()))
        settings.sync()

    def window_shown(self) -> None:
        # Docks are sized once against the window as shown, unless a saved layout placed them.
        if not self._restored and not self._docks_sized:
            self._docks_sized = True
            QTimer.singleShot(0, self._size_docks)

    def collections_loaded(self) -> None:
        if not self._restored and not self._sidebar_fitted:
            # Sized once to the first catalog's collections; after that the person sizes it.
            self._sidebar_fitted = True
            QTimer.singleShot(0, self._fit_sidebar)

    def focus_next_pane(self, step: int) -> QWidget | None:
        """Give the keyboard focus to the next shown pane (F6; -1: the previous, Shift+F6).

        Tab walks through every control of a pane before it leaves it; F6 goes from pane to
        pane, as in a file manager or a browser, in the order they are laid out.
        """
        panes = [(area, target) for area, target in self._focus_targets() if target.isVisible()]
        if not panes:
            return None
        focused = QApplication.focusWidget()
        current = next(
            (
                i
                for i, (area, _) in enumerate(panes)
                if focused is not None and _within(focused, area)
            ),
            -1 if step > 0 else 0,
        )
        _, target = panes[(current + step) % len(panes)]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return target

    def _focus_targets(self) -> list[tuple[QWidget, QWidget]]:
        """Each pane in layout order: the area the focus may be in, and what F6 focuses there."""
        panes = self._panes
        lists = (section.list for section in panes.facet_panel.sections())
        facets = next((shown for shown in lists if shown.isVisible()), panes.facet_panel)
        return [
            (panes.search_field, panes.search_field),
            (panes.saved_list, panes.saved_list),
            (panes.collection_tree, panes.collection_tree),
            (panes.facet_panel, facets),
            (panes.table, panes.table),
            (panes.timeline, panes.timeline),
            (panes.details, panes.details.currentWidget()),
        ]

    def _fit_sidebar(self) -> None:
        """Saved searches and collections get the height their rows need; the facets the rest."""
        docks = [self._docks.saved, self._docks.collections, self._docks.facets]
        if not all(dock.isVisible() and not dock.isFloating() for dock in docks):
            return
        metrics = self._window.fontMetrics()
        title = metrics.height() + 10
        saved_rows = min(6, max(2, self._panes.saved_list.list_model.rowCount()))
        saved = saved_rows * (metrics.height() + 6) + title + 8
        collections = self._panes.collection_tree.fitting_height(12) + title
        total = sum(dock.height() for dock in docks)
        facets = max(240, total - saved - collections)
        self._window.resizeDocks(docks, [saved, collections, facets], Qt.Orientation.Vertical)

    def _size_docks(self) -> None:
        window = self._window
        window.resizeDocks(
            [self._docks.collections],
            [max(270, int(window.width() * 0.24))],
            Qt.Orientation.Horizontal,
        )
        self._fit_sidebar()
        # Shares of the height, so that a laptop's shorter window still shows eight rows or so.
        height = window.height()
        timeline = min(TIMELINE_HEIGHT, max(MIN_TIMELINE_HEIGHT, int(height * 0.26)))
        title = window.fontMetrics().height() + 10
        window.resizeDocks(
            [self._docks.timeline, self._docks.detail],
            [timeline + title, max(150, int(height * 0.24))],
            Qt.Orientation.Vertical,
        )
        self._panes.table.fit_title_column()
