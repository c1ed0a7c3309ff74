"""The window's actions: their keys and tips, the toolbar, the menus, Help's dialogs."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QToolButton,
    QWidget,
)

from desktop_app.ui.accessibility import name_message_box, spoken
from desktop_app.ui.dialogs import ShortcutsDialog, about_html
from desktop_app.ui.icons import icon
from desktop_app.ui.window.jobs import IMPORT_TIP
from desktop_app.ui.window.layout import Docks
from desktop_app.ui.window.session import CatalogSession


def _widget_shortcuts() -> list[tuple[str, str]]:
    """Keys and gestures of the window's widgets, which no action of the window carries."""
    # Made when asked: a standard key's name is the platform's, known once Qt runs.
    return [
        ("Search for the text in the search field", "Enter"),
        ("Clear the search field and show every document", "Escape (in the search field)"),
        ("Back / forward through searches", "Mouse back / forward buttons"),
        ("Only this value (again: take it out)", "Click a value in Filter by"),
        ("Add a value as an alternative (OR)", "Ctrl+click a value in Filter by"),
        ("Exclude a value", "Alt+click a value in Filter by, or right-click it"),
        ("Only or exclude a cell's value", "Right-click a cell or a link in Details"),
        ("Export the selected rows", "Right-click a cell ▸ Export selection…"),
        ("Apply a filter row", "Enter in its value"),
        ("Run, rename or delete a saved search", "Click, F2, Delete in Saved searches"),
        (
            "Select all rows",
            QKeySequence(QKeySequence.StandardKey.SelectAll).toString(
                QKeySequence.SequenceFormat.NativeText
            ),
        ),
        ("Extend the selection", "Shift+click, Shift+↑/↓"),
        ("Add or remove a row from the selection", "Ctrl+click"),
        ("Sort by a column (again: reverse)", "Click its header"),
        ("Show, hide or move columns", "Right-click a header"),
        ("Move a column", "Drag its header"),
        ("Zoom the timeline", "Wheel on the timeline, or + / −"),
        ("Pan the timeline", "Drag it, or ← / → past its edge"),
        ("Move between the timeline's bars", "← / → (in the timeline)"),
        ("Select a range of the timeline's bars", "Shift+← / Shift+→ (in the timeline)"),
        ("Filter to the current bar or range", "Enter or Space (in the timeline)"),
        ("Filter to a date range", "Shift+drag on the timeline, or drag on its axis"),
        ("Filter to a period", "Click a bar of the timeline"),
        (
            "Drop a range not yet chosen, or take the timeline's range out of the search",
            "Escape (in the timeline)",
        ),
        ("Fit the timeline to the result", "Double-click it, or Home"),
        ("Show a collection's documents", "Click its era on the timeline"),
        ("Find in the document's text", "Ctrl+F (in Text)"),
        ("Next / previous place found in the text", "F3 / Shift+F3 (in Text)"),
        ("Sort by how well documents match the query's words", "Click the Match heading"),
        ("Move between the controls of a pane", "Tab, Shift+Tab"),
    ]


def _pane_toggle(dock: QDockWidget, text: str, meaning: str, key: str) -> QAction:
    """View ▸ `text`: shows and hides `dock`, with an icon and Ctrl+number."""
    action = dock.toggleViewAction()
    action.setText(text)
    action.setIcon(icon(meaning))
    action.setShortcut(QKeySequence(key))
    return action


class WindowActions(QObject):
    """Every action of the window, made once; the toolbar and the menus show them.

    The parts that act on one connect to its `triggered`; the window's panes are toggled by
    their docks' own actions. The toolbar's buttons get object names for tests and people
    using a screen reader alike.
    """

    def __init__(
        self,
        window: QMainWindow,
        search_box: QWidget,
        docks: Docks,
        copy_action: QAction,
        session: CatalogSession,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self.copy_action = copy_action
        #: The actions that change the catalog (Undo, Redo, Tag selected…), once given.
        self._edits: list[QAction] = []
        self.toolbar = toolbar = self._add_toolbar()
        self.open_action = self._action(
            "&Open catalog…",
            "open_catalog",
            QKeySequence.StandardKey.Open,
            "Open another catalog file (.sqlite) in this window",
        )
        self.import_action = self._action("&Import…", "import", "Ctrl+I", IMPORT_TIP)
        self.export_action = self._action(
            "&Export…",
            "export",
            "Ctrl+E",
            "Write the selected documents, or every one the search found, to a CSV or JSON file",
        )
        self.quit_action = self._action("&Quit", "quit", QKeySequence.StandardKey.Quit)
        self.find_action = self._action(
            "&Find", "search", QKeySequence.StandardKey.Find, "Go to the search field"
        )
        self.back_action = self._action(
            "&Back", "back", "Alt+Left", "Back to the previous search (Alt+←, mouse back button)"
        )
        self.forward_action = self._action(
            "F&orward", "forward", "Alt+Right", "Forward to the next search (Alt+→)"
        )
        self.add_filter_action = self._action(
            "&Add filter",
            "add_filter",
            "Ctrl+Shift+F",
            "Add a filter row: a field, an operator and a value",
        )
        self.clear_filters_action = self._action(
            "&Clear all filters", "clear_filters", None, "Remove every filter"
        )
        self.save_search_action = self._action(
            "&Save search…",
            "save_search",
            "Ctrl+S",
            "Keep the current search under a name, in the catalog",
        )
        self.refresh_action = self._action(
            "&Refresh", None, QKeySequence.StandardKey.Refresh, "Search the catalog again"
        )
        self.reset_layout_action = self._action(
            "Reset &layout", "reset_layout", None, "Panes and columns as they first were"
        )
        self.shortcuts_action = self._action(
            "&Keyboard shortcuts", "shortcuts", "Ctrl+/", "Every shortcut of the window"
        )
        self.about_action = self._action("&About Dossier", "about")
        self.next_pane_action = self._action(
            "&Next pane", None, "F6", "Move the keyboard focus to the next pane"
        )
        self.previous_pane_action = self._action(
            "&Previous pane", None, "Shift+F6", "Move the keyboard focus to the previous pane"
        )
        self.collections_action = _pane_toggle(
            docks.collections, "&Collections", "collections", "Ctrl+1"
        )
        self.detail_action = _pane_toggle(docks.detail, "&Details", "detail", "Ctrl+2")
        self.facets_action = _pane_toggle(docks.facets, "&Filter by", "facets", "Ctrl+3")
        self.saved_action = _pane_toggle(docks.saved, "&Saved searches", "saved_search", "Ctrl+4")
        self.timeline_action = _pane_toggle(docks.timeline, "&Timeline", "timeline", "Ctrl+5")
        self.toolbar_action = toolbar.toggleViewAction()
        self.toolbar_action.setText("&Toolbar")

        self._fill_toolbar(toolbar, search_box)
        self._build_menus()
        self.quit_action.triggered.connect(window.close)
        self.shortcuts_action.triggered.connect(self._on_shortcuts_action_triggered)
        self.about_action.triggered.connect(self._on_about_action_triggered)

    def add_edits(self, undo: QAction, redo: QAction, *edits: QAction) -> None:
        """Undo and Redo first in the Edit menu, then `edits` after Copy and Find."""
        first = self.edit_menu.actions()[0]
        self.edit_menu.insertAction(first, undo)
        self.edit_menu.insertAction(first, redo)
        self.edit_menu.insertSeparator(first)
        self.edit_menu.addSeparator()
        for action in edits:
            self.edit_menu.addAction(action)
        self._edits = [undo, redo, *edits]

    def add_copying(self, copy_citation: QAction, styles: QMenu) -> None:
        """Copy citation after Copy in the Edit menu, and the menu of citation styles."""
        after_copy = self.edit_menu.actions()[self.edit_menu.actions().index(self.copy_action) + 1]
        self.edit_menu.insertAction(after_copy, copy_citation)
        self.edit_menu.insertMenu(after_copy, styles)
        self._edits.append(copy_citation)

    def shortcuts(self) -> list[tuple[str, str]]:
        """Every shortcut of the window: its actions' keys, then keys and gestures of widgets."""
        actions = [
            self.open_action,
            self.import_action,
            self.export_action,
            self.save_search_action,
            self.quit_action,
            self.copy_action,
            self.find_action,
            self.back_action,
            self.forward_action,
            self.add_filter_action,
            self.collections_action,
            self.detail_action,
            self.facets_action,
            self.saved_action,
            self.timeline_action,
            self.refresh_action,
            self.next_pane_action,
            self.previous_pane_action,
            self.shortcuts_action,
            *self._edits,
        ]
        listed = [
            (
                action.text().replace("&", "").rstrip("…"),
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            )
            for action in actions
            if not action.shortcut().isEmpty()
        ]
        return [*listed, *_widget_shortcuts()]

    def _add_toolbar(self) -> QToolBar:
        toolbar = QToolBar("Toolbar", self._window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setAccessibleName("Toolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        # Qt's » button, shown when the window is too narrow for every button, has no name,
        # and Fusion's glyph for it is all but invisible on a dark palette.
        more = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        if more is not None:
            more.setAccessibleName("More toolbar buttons")
            more.setIcon(icon("more_buttons"))
        return toolbar

    def _action(
        self,
        text: str,
        meaning: str | None = None,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(icon(meaning) if meaning else QIcon(), text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        self._window.addAction(action)
        return action

    def _fill_toolbar(self, toolbar: QToolBar, search_box: QWidget) -> None:
        toolbar.addAction(self.open_action)
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.export_action)
        toolbar.addSeparator()
        toolbar.addAction(self.back_action)
        toolbar.addAction(self.forward_action)
        toolbar.addWidget(search_box)
        toolbar.addAction(self.add_filter_action)
        toolbar.addAction(self.save_search_action)
        names = {
            self.open_action: "openCatalogButton",
            self.import_action: "importButton",
            self.export_action: "exportButton",
            self.back_action: "backButton",
            self.forward_action: "forwardButton",
            self.add_filter_action: "addFilterButton",
            self.save_search_action: "saveSearchButton",
        }
        for action, name in names.items():
            button = toolbar.widgetForAction(action)
            button.setObjectName(name)
            button.setAccessibleName(spoken(action.text()))
            if isinstance(button, QToolButton) and action in (
                self.add_filter_action,
                self.save_search_action,
            ):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

    def _build_menus(self) -> None:
        menus = self._window.menuBar()
        menus.setObjectName("menuBar")
        file_menu = menus.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.save_search_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.edit_menu = edit_menu = menus.addMenu("&Edit")
        edit_menu.setObjectName("editMenu")
        edit_menu.addAction(self.copy_action)
        edit_menu.addAction(self.find_action)
        search_menu = menus.addMenu("&Search")
        search_menu.setObjectName("searchMenu")
        search_menu.addAction(self.find_action)
        search_menu.addAction(self.back_action)
        search_menu.addAction(self.forward_action)
        search_menu.addSeparator()
        search_menu.addAction(self.add_filter_action)
        search_menu.addAction(self.clear_filters_action)
        search_menu.addSeparator()
        search_menu.addAction(self.save_search_action)
        view_menu = menus.addMenu("&View")
        view_menu.addAction(self.saved_action)
        view_menu.addAction(self.collections_action)
        view_menu.addAction(self.facets_action)
        view_menu.addAction(self.detail_action)
        view_menu.addAction(self.timeline_action)
        view_menu.addAction(self.toolbar_action)
        view_menu.addSeparator()
        view_menu.addAction(self.next_pane_action)
        view_menu.addAction(self.previous_pane_action)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.reset_layout_action)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _on_shortcuts_action_triggered(self) -> None:
        dialog = ShortcutsDialog(self.shortcuts(), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_about_action_triggered(self) -> None:
        catalog = self._session.catalog
        box = QMessageBox(self._window)
        box.setObjectName("aboutDialog")
        box.setWindowTitle("About Dossier")
        box.setIcon(QMessageBox.Icon.Information)
        box.setTextFormat(Qt.TextFormat.RichText)  # built from escaped text
        box.setText(
            about_html(
                catalog.location if catalog else None,
                catalog.read_only_reason if catalog and catalog.read_only else "",
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name_message_box(box)
        box.open()
