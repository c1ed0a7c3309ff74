"""The one query behind the window, its history, and the edits that menus and links make to it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop_app.domain.errors import QueryError
from desktop_app.query import editing
from desktop_app.query.ast import Node, Not, Term, to_text
from desktop_app.query.fields import FIELDS, Kind
from desktop_app.query.parser import parse

#: Fields whose values a menu or link filters by exact value (`field:="value"`).
VALUE_FIELDS = frozenset(
    name
    for name, field in FIELDS.items()
    if field.kind in (Kind.PEOPLE, Kind.LOOKUP, Kind.LINKED, Kind.COLLECTION, Kind.COLUMN)
)


@dataclass(frozen=True, slots=True)
class Place:
    """Where the person was in a query's results: the current document and the scroll offset.

    `scroll` None scrolls to the document instead (a new sort moves it elsewhere).
    """

    document_id: int | None = None
    scroll: int | None = None


@dataclass(slots=True)
class _Entry:
    text: str
    node: Node | None
    place: Place | None = None


def only_term(node: Node | None, term: Term) -> Node | None:
    """Narrow `node` to documents matching `term`, replacing what it said of the same field."""
    if term.field is not None and (term.exact and term.field in VALUE_FIELDS):
        return editing.only(node, term.field, term.value)
    kept = [
        clause
        for clause in editing.clauses(node)
        if not (isinstance(clause, Term) and clause.field == term.field)
    ]
    return editing.join([*kept, term])


def exclude_term(node: Node | None, term: Term) -> Node | None:
    """Leave out the documents matching `term`; a value chosen before is unchosen first."""
    if term.field is not None and (term.exact and term.field in VALUE_FIELDS):
        return exclude_value(node, term.field, term.value)
    if any(isinstance(c, Not) and _same_term(c.operand, term) for c in editing.clauses(node)):
        return node
    return editing.join([*editing.clauses(node), Not(term)])


def exclude_value(node: Node | None, field: str, value: str | None) -> Node | None:
    """`editing.exclude`, after taking the value out of the field's selection if it was in it.

    Otherwise the query would ask for the value and against it at once and find nothing.
    """
    if is_chosen(node, field, value):
        node = editing.add_alternative(node, field, value)
    return editing.exclude(node, field, value)


def include_value(node: Node | None, field: str, value: str | None) -> Node | None:
    """Take back the exclusion of a value (the clause `-field:="value"`)."""
    wanted = editing.facet_term(field, value)
    kept = [
        clause
        for clause in editing.clauses(node)
        if not (isinstance(clause, Not) and _same_term(clause.operand, wanted))
    ]
    return editing.join(kept)


def _same_term(node: Node, term: Term) -> bool:
    # Quotes and case aside, as the query language reads them: `type:="Cable"` is `type:=cable`.
    return isinstance(node, Term) and (node.field, node.value.casefold(), node.exact) == (
        term.field,
        term.value.casefold(),
        term.exact,
    )


def is_chosen(node: Node | None, field: str, value: str | None) -> bool:
    """Whether the query's selection of `field` holds `value` (case aside, as the query does)."""
    chosen, _ = editing.selected_values(node, field)
    if value is None:
        return None in chosen
    return value.casefold() in {v.casefold() for v in chosen if v is not None}


class QueryState(QObject):
    """The current query as a tree and as text, and the queries the person went through.

    Every part of the window reads the query from here and changes it through `set_node` or
    `set_text`; `query_changed` tells them all. Back and forward walk the history, each entry
    keeping the place (current document, scroll offset) the window last noted for it.
    """

    #: The query changed (the new tree, None for "every document").
    query_changed = Signal(object)
    #: Going back or forward became possible or impossible.
    history_changed = Signal()
    #: An edit made a query the language cannot hold (too many terms); the QueryError says why.
    query_rejected = Signal(object)

    #: Queries kept for Back; older ones are forgotten.
    MAX_HISTORY = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[_Entry] = [_Entry("", None)]
        self._index = 0

    @property
    def node(self) -> Node | None:
        return self._entries[self._index].node

    @property
    def text(self) -> str:
        """The query as the search field shows it (the tree written back, `ast.to_text`)."""
        return self._entries[self._index].text

    @property
    def place(self) -> Place | None:
        """The place noted for the current query, None if none was noted yet."""
        return self._entries[self._index].place

    def set_node(self, node: Node | None) -> bool:
        """Make `node` the query, a new step in the history.

        False if it is the query already, or if it was rejected (see `query_rejected`).
        """
        text = to_text(node)
        if text == self.text:
            return False
        # The tree is re-read from its text so that every query has the same, positioned form,
        # and so that an edit cannot make a query that typing it would not (65 OR'ed values).
        try:
            node = parse(text)
        except QueryError as error:
            self.query_rejected.emit(error)
            return False
        del self._entries[self._index + 1 :]
        self._entries.append(_Entry(text, node))
        if len(self._entries) > self.MAX_HISTORY:
            del self._entries[0]
        self._index = len(self._entries) - 1
        self.query_changed.emit(node)
        self.history_changed.emit()
        return True

    def set_text(self, text: str) -> bool:
        """Parse `text` and make it the query; QueryError (nothing changed) if it does not parse."""
        node = parse(text)
        return self.set_node(node)

    def clear(self) -> bool:
        return self.set_node(None)

    def reset(self) -> None:
        """An empty query and no history (another catalog was opened)."""
        self._entries = [_Entry("", None)]
        self._index = 0
        self.query_changed.emit(None)
        self.history_changed.emit()

    def note_place(self, place: Place) -> None:
        """Remember where the person is in the current query's results, for Back and Forward."""
        self._entries[self._index].place = place

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._entries) - 1

    def back(self) -> bool:
        return self._go(self._index - 1)

    def forward(self) -> bool:
        return self._go(self._index + 1)

    def _go(self, index: int) -> bool:
        if not 0 <= index < len(self._entries) or index == self._index:
            return False
        self._index = index
        self.query_changed.emit(self.node)
        self.history_changed.emit()
        return True
