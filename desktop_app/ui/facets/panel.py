"""The facet panel: each field's values with their counts under the current filter, to click."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from desktop_app.query import editing
from desktop_app.query.ast import Node
from desktop_app.services.catalog import Catalog
from desktop_app.services.facet_counts import EXPANDED_BY_DEFAULT, SECTIONS, value_key
from desktop_app.ui.facets.actions import FacetAction
from desktop_app.ui.facets.section import FacetSection
from desktop_app.ui.query_state import QueryState
from desktop_app.ui.worker import TaskRunner


class FacetPanel(QScrollArea):
    """Sections of values with counts; clicks change the window's query (see QueryState)."""

    def __init__(
        self, state: QueryState, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        self.setAccessibleName("Filter by")
        self.setAccessibleDescription(
            "Values of each field with their counts: click for only this, Ctrl+click to add "
            "as OR, Alt+click to exclude"
        )
        self._state = state
        # Whether a field has values at all is found out on a thread of the panel's own, so
        # that those checks never hold up the counts people are looking at.
        self._presence_runner = TaskRunner(self, max_threads=1)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self)
        inner.setObjectName("facetSections")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        self._sections: dict[str, FacetSection] = {}
        for field in SECTIONS:
            section = FacetSection(
                field, runner, self._presence_runner, field in EXPANDED_BY_DEFAULT, inner
            )
            self._sections[field] = section
            layout.addWidget(section)
        layout.addStretch(1)
        self.setWidget(inner)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._state.query_changed.connect(self._on_state_query_changed)
        for field, section in self._sections.items():
            section.value_chosen.connect(partial(self._on_section_value_chosen, field))
            section.clear_requested.connect(partial(self._on_section_clear_requested, field))

    def section(self, field: str) -> FacetSection:
        return self._sections[field]

    def sections(self) -> list[FacetSection]:
        return list(self._sections.values())

    def set_catalog(self, catalog: Catalog | None) -> None:
        for section in self._sections.values():
            section.set_catalog(catalog)
            section.show_query(self._state.node)

    def refresh(self) -> None:
        """Forget every count (the catalog changed); the next `count` counts them all again."""
        for section in self._sections.values():
            section.forget_counts()

    def count(self) -> None:
        """Count the values of every open section under the current query.

        Called by the window once the table shows the query's rows: the counts follow the
        table rather than compete with its search. Marks change at once, with the query.
        """
        for section in self._sections.values():
            section.count()

    def expanded_fields(self) -> list[str]:
        return [field for field, section in self._sections.items() if section.is_expanded()]

    def set_expanded_fields(self, fields: Iterable[str]) -> None:
        wanted = set(fields)
        for field, section in self._sections.items():
            section.set_expanded(field in wanted)

    def is_counting(self) -> bool:
        return any(section.is_counting() for section in self._sections.values())

    def is_idle(self) -> bool:
        """No check of which fields have values is running or on its way."""
        return self._presence_runner.is_idle()

    def shutdown(self) -> None:
        """Drop every pending check and wait for the running one (before the catalog closes)."""
        self._presence_runner.shutdown()

    def choose(self, field: str, value: str | None, action: FacetAction) -> None:
        """Change the query as a click on `value` of `field` would."""
        node = self._state.node
        if action is FacetAction.ONLY:
            chosen, _ = editing.facet_marks(node, field)
            if {value_key(v) for v in chosen} == {value_key(value)}:
                new = editing.without_field(node, field)  # a second click takes it back
            else:
                new = editing.only(node, field, value)
        elif action is FacetAction.TOGGLE:
            new = editing.add_alternative(node, field, value)
        elif action is FacetAction.EXCLUDE:
            new = editing.exclude_value(node, field, value)
        else:
            new = editing.include_value(node, field, value)
        self._state.set_node(new)

    def _on_state_query_changed(self, node: Node | None) -> None:
        for section in self._sections.values():
            section.show_query(node)  # the counts come with `count`

    def _on_section_value_chosen(self, field: str, value: str | None, action: FacetAction) -> None:
        self.choose(field, value, action)

    def _on_section_clear_requested(self, field: str) -> None:
        node = editing.without_field(self._state.node, field)
        for value in editing.facet_marks(node, field)[1]:
            node = editing.include_value(node, field, value)
        self._state.set_node(node)
