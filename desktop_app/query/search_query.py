"""A query as one value: its tree and the table's order, with its text written once."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from desktop_app.query import parser
from desktop_app.query.ast import Node, to_text


@dataclass(frozen=True, slots=True)
class Sort:
    """The order of a result: a sort key (`query.compiler` names them) and its direction."""

    key: str = "date"
    descending: bool = False


@dataclass(frozen=True)
class SearchQuery:
    """What the window searches for, passed whole from the search field to the catalog.

    Equal queries are equal values, whatever text they were typed as (`type:cable   AND x` is
    `type:cable x`). Every value holds a tree the query language can hold, in the form typing
    its text gives: made with `parse` from text (the one parse) or with `of` from an edit's
    tree; QueryError otherwise.
    """

    node: Node | None = None
    sort: Sort = field(default_factory=Sort)

    def __post_init__(self) -> None:
        node = parser.normalise(self.node)
        if node is not self.node:
            object.__setattr__(self, "node", node)
        parser.check(node, self.text)

    @classmethod
    def parse(cls, text: str, sort: Sort | None = None) -> SearchQuery:
        """The query typed as `text`; QueryError, naming the place, if it does not parse."""
        return cls(parser.parse(text), sort or Sort())

    @classmethod
    def of(cls, node: Node | None, sort: Sort | None = None) -> SearchQuery:
        """The query an edit made; QueryError if typing its text would be refused."""
        return cls(node, sort or Sort())

    @cached_property
    def text(self) -> str:
        """The query as the search field shows it and saved searches keep it."""
        return to_text(self.node)

    def with_node(self, node: Node | None) -> SearchQuery:
        return SearchQuery(node, self.sort)

    def with_sort(self, sort: Sort) -> SearchQuery:
        return self if sort == self.sort else replace(self, sort=sort)
